package main

import (
	"errors"
	"os"
	"os/exec"
	"sync"

	"github.com/respbody/respbody/internal/goenv"
)

// Every route lists the packages with the go command (the in-process one
// through go/packages), and the fixer runs go/packages too. They run in
// an environment whose GOFLAGS holds no flag that changes what the go
// command prints or lists (internal/goenv): a user's GOFLAGS=-json, meant
// for their own go commands, would break them all.

// goEnv is the environment of respbody's go commands, loaded once per run.
var goEnv = sync.OnceValues(func() (*goenv.Env, error) { return goenv.Load(nil, "") })

// noGoCommand is the problem reported when there is no go command to list
// the packages with, and no build system's driver.
const noGoCommand = "no go command in PATH, which respbody needs to list the packages; add the bin directory of Go 1.25 or later to PATH"

// toolEnv returns the environment of respbody's go commands, or the
// problem that stops every route: no go command (unless a build system's
// driver lists the packages), or a go env that fails.
func toolEnv() (*goenv.Env, string) {
	e, err := goEnv()
	switch {
	case errors.Is(err, goenv.ErrNoGo) && packagesDriver():
		return &goenv.Env{Vars: os.Environ(), GOFLAGS: os.Getenv("GOFLAGS")}, ""
	case errors.Is(err, goenv.ErrNoGo):
		return nil, noGoCommand
	case err != nil:
		return nil, err.Error()
	}
	return e, ""
}

// packagesDriver reports whether go/packages asks a build system's driver
// (GOPACKAGESDRIVER, or a gopackagesdriver in PATH) rather than go list.
func packagesDriver() bool {
	switch v := os.Getenv("GOPACKAGESDRIVER"); v {
	case "off":
		return false
	case "":
		_, err := exec.LookPath("gopackagesdriver")
		return err == nil
	}
	return true
}
