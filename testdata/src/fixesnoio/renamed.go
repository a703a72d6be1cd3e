package fixesnoio

import (
	stdio "io"
	"net/http"
)

func renamed(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	resp.Body.Close() // want `closed before it is read to EOF`
	return stdio.ReadAll(resp.Body)
}
