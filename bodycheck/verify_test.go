package bodycheck_test

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/respbody/respbody/bodycheck"
)

// childEnv makes TestMain run the tests under VerifyTestMain, for
// TestVerifyTestMain's child process.
const childEnv = "BODYCHECK_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		bodycheck.VerifyTestMain(m)
		return
	}
	os.Exit(m.Run())
}

// runFunc is a testing.M stand-in whose Run calls a function.
type runFunc func() int

func (f runFunc) Run() int { return f() }

func TestVerifyReports(t *testing.T) {
	srv := newServer(t)
	saved := http.DefaultTransport
	var leaked *http.Response
	var out bytes.Buffer
	code := bodycheck.Verify(runFunc(func() int {
		if _, ok := http.DefaultTransport.(*http.Transport); ok {
			t.Error("http.DefaultTransport is not wrapped during Run")
		}
		resp, err := http.Get(srv.URL + "/bytes/1024")
		if err != nil {
			t.Fatal(err)
		}
		leaked = resp
		resp, err = http.DefaultClient.Get(srv.URL + "/chunked/100")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close() // clean
		resp, err = http.Get(srv.URL + "/status/500")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close() // closed unread (respbody: undrained)
		return 0
	}), &out)
	defer leaked.Body.Close()
	if http.DefaultTransport != saved {
		t.Error("http.DefaultTransport not restored")
	}
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	report := out.String()
	mustContain(t, report,
		"bodycheck: 2 response bodies left open or closed before EOF:\n",
		"/bytes/1024: 200 OK: body never closed",
		"bodycheck_test.TestVerifyReports.func1\n",
		"/status/500: 500 Internal Server Error: body closed after 0 of 12 bytes")
	mustNotContain(t, report, "/chunked/100")
}

func TestVerifyClean(t *testing.T) {
	srv := newServer(t)
	var out bytes.Buffer
	code := bodycheck.Verify(runFunc(func() int {
		resp, err := http.Get(srv.URL + "/bytes/1024")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return 0
	}), &out)
	if code != 0 || out.Len() != 0 {
		t.Errorf("exit code %d, output %q; want 0 and nothing", code, out.String())
	}
}

// A failing run keeps its exit code, findings or not.
func TestVerifyKeepsExitCode(t *testing.T) {
	srv := newServer(t)
	var out bytes.Buffer
	code := bodycheck.Verify(runFunc(func() int {
		resp, err := http.Get(srv.URL + "/bytes/10")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close() // respbody: undrained
		return 2
	}), &out)
	if code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
	mustContain(t, out.String(), "bodycheck: 1 response body left open")
}

func TestVerifyRestoresAfterPanic(t *testing.T) {
	saved := http.DefaultTransport
	func() {
		defer func() { recover() }()
		bodycheck.Verify(runFunc(func() int { panic("test panicked") }), io.Discard)
	}()
	if http.DefaultTransport != saved {
		t.Error("http.DefaultTransport not restored after a panic")
	}
}

// The real thing: a test binary whose TestMain calls VerifyTestMain, and
// whose one test passes but leaks a body, exits 1 and says why.
func TestVerifyTestMain(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		t.Skip("in the child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestVerifyTestMainChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	out, err := cmd.CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 {
		t.Fatalf("child: %v, want exit status 1; output:\n%s", err, out)
	}
	report := string(out)
	mustContain(t, report,
		"--- PASS: TestVerifyTestMainChild",
		"bodycheck: 1 response body left open or closed before EOF:",
		"/bytes/10: 200 OK: body never closed",
		"bodycheck_test.TestVerifyTestMainChild\n")
	if strings.Contains(report, "--- FAIL") {
		t.Errorf("a test failed in the child:\n%s", report)
	}
}

func TestVerifyTestMainChild(t *testing.T) {
	if os.Getenv(childEnv) == "" {
		t.Skip("run by TestVerifyTestMain")
	}
	srv := newServer(t)
	resp, err := http.Get(srv.URL + "/bytes/10") // respbody: unclosed
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.StatusCode // never closed
}
