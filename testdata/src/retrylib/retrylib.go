// Package retrylib is a retry helper in the shape of cenkalti/backoff's
// Retry: it calls the operation it is given until it succeeds.
package retrylib

// Operation is one attempt.
type Operation func() error

// Retry calls op until it returns nil, at most attempts times.
func Retry(op Operation, attempts int) error {
	return retryNotify(op, attempts, nil)
}

func retryNotify(op Operation, attempts int, notify func(error)) error {
	var err error
	for range attempts {
		if err = op(); err == nil {
			return nil
		}
		if notify != nil {
			notify(err)
		}
	}
	return err
}
