// Package retry is a retry helper in the shape of cenkalti/backoff's Retry:
// it calls the operation it is given until it succeeds.
package retry

// Operation is one attempt.
type Operation func() error

// Do calls op until it returns nil, at most attempts times.
func Do(op Operation, attempts int) error {
	return notify(op, attempts, nil)
}

func notify(op Operation, attempts int, onErr func(error)) error {
	var err error
	for range attempts {
		if err = op(); err == nil {
			return nil
		}
		if onErr != nil {
			onErr(err)
		}
	}
	return err
}
