package fixesnoio

import "net/http"

func single(u string) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	resp.Body.Close() // want `closed before it is read to EOF`
}
