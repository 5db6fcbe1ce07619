package main_test

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/demo"
	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
	"github.com/mastheadhq/masthead/internal/store/postgres"
	"github.com/mastheadhq/masthead/internal/store/postgres/pgtest"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
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
	addr, metricsAddr := "127.0.0.1:"+freePort(t), "127.0.0.1:"+freePort(t)
	cmd := exec.Command(bin, "serve", "--demo")
	cmd.Env = append(os.Environ(), "MASTHEAD_ADDR="+addr, "MASTHEAD_DATA="+data, "MASTHEAD_METRICS_ADDR="+metricsAddr)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	if !waitReady("http://"+addr+"/readyz", 120*time.Second) {
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
	// A server's SQLite pages are in the pool it takes at start-up.
	if pooled := pagesInPool(t, "http://"+metricsAddr+"/metrics"); pooled < 4096 {
		t.Errorf("%v bytes of SQLite pages in the pool, want the pages the demo read; logs:\n%s", pooled, logs.String())
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

// pagesInPool reads masthead_sqlite_page_cache_bytes{where="pool"} off a
// metrics page.
func pagesInPool(t *testing.T, url string) float64 {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	const series = `masthead_sqlite_page_cache_bytes{where="pool"} `
	for line := range strings.Lines(string(body)) {
		if v, ok := strings.CutPrefix(line, series); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
	}
	t.Fatalf("no %s on the metrics page:\n%.2000s", series, body)
	return 0
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

// TestDBCopy moves a seeded SQLite publication into PostgreSQL with the
// real binary, runs the copy again, and checks the refusals an operator
// may meet.
func TestDBCopy(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	source := filepath.Join(dir, "masthead.db")
	articles := seedSQLite(t, source, filepath.Join(dir, "media"))
	target := pgtest.NewSchema(t)

	run := func(args ...string) (int, string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = os.Environ()
		out, _ := cmd.CombinedOutput()
		return cmd.ProcessState.ExitCode(), string(out)
	}
	copyArgs := []string{"db", "copy", "--from", "sqlite:" + source, "--to", target}

	code, out := run(copyArgs...)
	if code != 0 {
		t.Fatalf("db copy: exit %d\n%s", code, out)
	}
	for _, want := range []string{"copied articles: ", "verified articles: ", "Copied and verified", "Media files were not copied"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`(?m)^\s+articles\s+` + strconv.Itoa(articles) + `\s*$`).MatchString(out) {
		t.Errorf("count table lacks %d articles:\n%s", articles, out)
	}
	pg, err := postgres.Open(t.Context(), target)
	if err != nil {
		t.Fatal(err)
	}
	n, err := pg.CountArticles(t.Context(), store.ArticleFilter{})
	pg.Close()
	if err != nil || n != articles {
		t.Errorf("PostgreSQL holds %d articles (%v), want %d", n, err, articles)
	}

	code, out = run(copyArgs...)
	if code != 0 || !strings.Contains(out, "already holds this publication") {
		t.Errorf("second db copy: exit %d, want 0 saying it was already copied:\n%s", code, out)
	}

	other := filepath.Join(dir, "other.db")
	st, err := sqlite.Open(t.Context(), other)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateTag(t.Context(), &news.Tag{Name: "Oil", Slug: "oil"}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	tests := []struct {
		args []string
		want string
	}{
		{[]string{"db"}, "usage: masthead db copy"},
		{[]string{"db", "copy", "--from", "sqlite:" + source}, "needs both --from and --to"},
		{[]string{"db", "copy", "--from", "sqlite:" + filepath.Join(dir, "typo.db"), "--to", "sqlite:" + filepath.Join(dir, "new.db")}, "no such file"},
		{[]string{"db", "copy", "--from", "sqlite:" + source, "--to", "sqlite:" + source}, "same database"},
		{[]string{"db", "copy", "--from", "sqlite:" + source, "--to", "mysql://u:secret@db/x"}, "--to"},
		{[]string{"db", "copy", "--from", "sqlite:" + source, "--to", "sqlite:" + other}, "target database has content"},
	}
	for _, tt := range tests {
		code, out := run(tt.args...)
		if code != 1 || !strings.Contains(out, tt.want) || strings.Contains(out, "secret") {
			t.Errorf("masthead %v: exit %d with %q, want exit 1 mentioning %q", tt.args, code, out, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "typo.db")); err == nil {
		t.Error("a mistyped --from created a database")
	}
}

// seedSQLite writes the demo publication into a SQLite file and returns
// how many articles it holds.
func seedSQLite(t *testing.T, path, mediaDir string) int {
	t.Helper()
	ctx := t.Context()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	folder, err := media.NewFolder(mediaDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, st, &media.Library{Storage: folder}, time.Now()); err != nil {
		t.Fatal(err)
	}
	n, err := st.CountArticles(ctx, store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
