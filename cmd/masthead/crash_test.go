package main_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/store/sqlite"
)

// server is the real binary serving a data folder.
type server struct {
	cmd  *exec.Cmd
	addr string
	logs *bytes.Buffer
}

func startServer(t *testing.T, bin, data string, flags ...string) *server {
	t.Helper()
	s := &server{addr: "127.0.0.1:" + freePort(t), logs: &bytes.Buffer{}}
	s.cmd = exec.Command(bin, append([]string{"serve", "--data", data, "--addr", s.addr}, flags...)...)
	s.cmd.Env = os.Environ()
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.cmd.Process.Kill(); s.cmd.Wait() })
	if !waitReady("http://"+s.addr+"/readyz", 120*time.Second) {
		t.Fatalf("server not ready; logs:\n%s", s.logs.String())
	}
	return s
}

// signIn returns a client with a newsroom session that follows no
// redirects, so that a save's 303 is seen.
func (s *server) signIn(t *testing.T, email, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm("http://"+s.addr+"/admin/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	return c
}

var savedArticle = regexp.MustCompile(`^/admin/articles/(\d+)/`)

// acknowledged is an article save the server answered with its redirect.
type acknowledged struct {
	id   int64
	body string
}

// TestKilledMidWritesKeepsEveryAcknowledgedSave kills the server with
// SIGKILL while newsroom saves are in flight and checks that the database
// is intact and holds every save the server acknowledged, with its text.
// (Imports and digest sends have their own kill tests, in
// import_crash_test.go and digest_crash_test.go.)
func TestKilledMidWritesKeepsEveryAcknowledgedSave(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	data := t.TempDir()
	const password = "a long crash-test password"
	user := exec.Command(bin, "user", "create", "--data", data, "--email", "desk@example.org", "--name", "Night Desk", "--role", "editor")
	user.Stdin = strings.NewReader(password + "\n")
	if out, err := user.CombinedOutput(); err != nil {
		t.Fatalf("user create: %v\n%s", err, out)
	}

	s := startServer(t, bin, data)
	var (
		mu    sync.Mutex
		acked []acknowledged
		wg    sync.WaitGroup
	)
	start := time.Now()
	for w := range 4 {
		c := s.signIn(t, "desk@example.org", password)
		wg.Go(func() {
			for i := 0; ; i++ {
				body := fmt.Sprintf("<p>Crash text %d-%d.</p>", w, i)
				resp, err := c.PostForm("http://"+s.addr+"/admin/articles/", url.Values{
					"title": {fmt.Sprintf("Crash story %d-%d", w, i)}, "body": {body}})
				if err != nil {
					return // the server is gone
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				m := savedArticle.FindStringSubmatch(resp.Header.Get("Location"))
				if resp.StatusCode != http.StatusSeeOther || m == nil {
					continue
				}
				id, _ := strconv.ParseInt(m[1], 10, 64)
				mu.Lock()
				acked = append(acked, acknowledged{id: id, body: body})
				mu.Unlock()
			}
		})
	}
	// Kill once a good number of saves are through, with more in flight.
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 40 || time.Since(start) > time.Minute {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	s.cmd.Wait()
	wg.Wait()
	if len(acked) < 40 {
		t.Fatalf("only %d saves acknowledged before the kill", len(acked))
	}
	t.Logf("%d saves acknowledged before SIGKILL", len(acked))

	path := filepath.Join(data, "masthead.db")
	checkIntegrity(t, path)

	restarted := startServer(t, bin, data)
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, a := range acked {
		got, err := st.Article(t.Context(), a.id)
		if err != nil || got.Body != a.body {
			t.Errorf("acknowledged article %d: body %q, %v; want %q", a.id, got.Body, err, a.body)
		}
	}
	c := restarted.signIn(t, "desk@example.org", password)
	last := acked[len(acked)-1]
	resp, err := c.Get(fmt.Sprintf("http://%s/admin/articles/%d/", restarted.addr, last.id))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), strings.TrimSuffix(strings.TrimPrefix(last.body, "<p>"), "</p>")) {
		t.Errorf("restarted server does not show the last acknowledged article %d: %d", last.id, resp.StatusCode)
	}
}

// checkIntegrity runs SQLite's integrity check on the file the killed
// server left, as the next process to open it will find it.
func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var result string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&result); err != nil || result != "ok" {
		t.Fatalf("integrity check after SIGKILL: %q, %v", result, err)
	}
	var fk int
	if err := db.QueryRow("SELECT count(*) FROM pragma_foreign_key_check").Scan(&fk); err != nil || fk != 0 {
		t.Errorf("foreign key check after SIGKILL: %d problems, %v", fk, err)
	}
}
