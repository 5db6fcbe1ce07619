package main_test

import (
	"bufio"
	"bytes"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// TestSIGTERMDrainsRequestsInFlight sends SIGTERM to the real binary while
// a request is half-way through arriving (its body still coming, as from
// a reader on a slow phone connection), and checks that the server stops
// taking new connections at once, yet finishes and answers that request
// before it exits cleanly: a rolling restart drops nothing.
func TestSIGTERMDrainsRequestsInFlight(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	s := startServer(t, buildBinary(t), t.TempDir())

	// The consent form, whose handler reads the whole body before it
	// answers: the request stays in flight until the body is complete.
	const body = "choice=accept&next=/drained-in-flight/"
	conn, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	head := "POST /consent HTTP/1.1\r\nHost: " + s.addr + "\r\n" +
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
	if _, err := conn.Write([]byte(head + body[:10])); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the server reads the header and starts the handler

	exited := make(chan error, 1)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	go func() { exited <- s.cmd.Wait() }()

	// New connections are refused from now on…
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", s.addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the server still accepts connections 10 s after SIGTERM")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// …while the request in flight keeps the process alive…
	select {
	case err := <-exited:
		t.Fatalf("the server exited (%v) with a request in flight; logs:\n%s", err, s.logs.String())
	case <-time.After(time.Second):
	}

	// …and is answered in full once its body arrives.
	if _, err := conn.Write([]byte(body[10:])); err != nil {
		t.Fatalf("finish the body after SIGTERM: %v", err)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to the request in flight: %v; logs:\n%s", err, s.logs.String())
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/drained-in-flight/" ||
		!strings.HasPrefix(resp.Header.Get("Set-Cookie"), "consent=") {
		t.Errorf("the request in flight was answered %d, Location %q, Set-Cookie %q; want 303 to /drained-in-flight/ with the consent cookie",
			resp.StatusCode, resp.Header.Get("Location"), resp.Header.Get("Set-Cookie"))
	}

	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after draining: %v\n%s", err, s.logs.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not exit after its last request was answered")
	}
	if !strings.Contains(s.logs.String(), "masthead stopped") {
		t.Errorf("no clean-stop log line:\n%s", s.logs.String())
	}
}

// TestDamagedDatabaseIsRefusedClearly starts serve on a Masthead database
// whose first page a failing disk has overwritten: it must stop with an
// error that names the file and says what to do, and leave it as it was.
func TestDamagedDatabaseIsRefusedClearly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	data := t.TempDir()
	path := filepath.Join(data, "masthead.db")
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	damaged, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	copy(damaged[100:], bytes.Repeat([]byte{0xde, 0xad}, 100))
	if err := os.WriteFile(path, damaged, 0o600); err != nil {
		t.Fatal(err)
	}

	// The database made above has its search file beside it.
	before, _ := os.ReadDir(data)
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:"+freePort(t))
	out, _ := cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() != 1 {
		t.Fatalf("serve on a damaged database: exit %d\n%s", cmd.ProcessState.ExitCode(), out)
	}
	for _, want := range []string{"masthead.db", "damaged", "masthead restore"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the error does not mention %q: %s", want, out)
		}
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, damaged) {
		t.Error("the damaged file was changed")
	}
	if entries, _ := os.ReadDir(data); len(entries) != len(before) {
		t.Errorf("serve left files beside the damaged database: %v, before it %v", entries, before)
	}
}
