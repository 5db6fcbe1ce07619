package main_test

import (
	"bytes"
	"io"
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
)

// buildBinary compiles the real masthead command once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "masthead")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

func TestServeDemoFromTheEnvironmentAndStopGracefully(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	data := t.TempDir()
	addr := "127.0.0.1:" + freePort(t)
	cmd := exec.Command(bin, "serve", "--demo")
	cmd.Env = append(os.Environ(), "MASTHEAD_ADDR="+addr, "MASTHEAD_DATA="+data)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	if !waitReady("http://"+addr+"/readyz", 30*time.Second) {
		t.Fatalf("server not ready; logs:\n%s", logs.String())
	}
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "Caspian Digest") || !strings.Contains(string(body), `class="lead`) {
		t.Fatalf("front page is not the demo publication:\n%.500s", body)
	}
	if _, err := os.Stat(filepath.Join(data, "masthead.db")); err != nil {
		t.Errorf("database not in --data: %v", err)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, logs.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop after SIGTERM")
	}
	if !strings.Contains(logs.String(), "masthead stopped") {
		t.Errorf("no clean-stop log line:\n%s", logs.String())
	}
}

func waitReady(url string, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return true
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

func TestCommandLineErrorsAreClear(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	tests := []struct {
		args []string
		env  []string
		code int
		want string
	}{
		{[]string{"version"}, nil, 0, "masthead "},
		{[]string{"frobnicate"}, nil, 2, `unknown command "frobnicate"`},
		{[]string{"serve", "--db", "mysql://x"}, nil, 1, "want sqlite:PATH"},
		{[]string{"serve"}, []string{"MASTHEAD_LOG_FORMAT=xml"}, 1, "--log-format"},
		{[]string{"serve"}, []string{"MASTHEAD_DEMO=perhaps"}, 1, "MASTHEAD_DEMO"},
	}
	for _, tt := range tests {
		cmd := exec.Command(bin, tt.args...)
		cmd.Env = append(os.Environ(), "MASTHEAD_DATA="+t.TempDir())
		cmd.Env = append(cmd.Env, tt.env...)
		out, _ := cmd.CombinedOutput()
		if code := cmd.ProcessState.ExitCode(); code != tt.code || !strings.Contains(string(out), tt.want) {
			t.Errorf("masthead %v: exit %d with %q, want exit %d mentioning %q", tt.args, code, out, tt.code, tt.want)
		}
	}
}

func TestForeignDatabaseIsNeverOverwritten(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	data := t.TempDir()
	foreign := []byte("this is somebody's spreadsheet, not a database\n")
	db := filepath.Join(data, "masthead.db")
	if err := os.WriteFile(db, foreign, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:"+freePort(t))
	out, _ := cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() == 0 {
		t.Fatalf("serve accepted a foreign file:\n%s", out)
	}
	if got, _ := os.ReadFile(db); !bytes.Equal(got, foreign) {
		t.Errorf("the foreign file was changed")
	}
	if !strings.Contains(string(out), "masthead.db") {
		t.Errorf("error does not name the file: %s", out)
	}
}
