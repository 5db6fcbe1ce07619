package main_test

import (
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/wpimport/wxrgen"
)

// importTables are the tables an import writes, counted to compare a
// killed-and-finished import with a clean one.
var importTables = []string{"articles", "pages", "categories", "tags", "authors", "users", "images", "redirects", "import_map", "article_revisions"}

func tableCounts(t *testing.T, path string) map[string]int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counts := map[string]int{}
	for _, table := range importTables {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}

// articleCount reads how many articles an import running in another
// process has committed so far; 0 until the database exists.
func articleCount(path string) int {
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(1000)")
	if err != nil {
		return 0
	}
	defer db.Close()
	var n int
	if db.QueryRow("SELECT count(*) FROM articles").Scan(&n) != nil {
		return 0
	}
	return n
}

func runImport(t *testing.T, bin, export, data string) {
	t.Helper()
	// At the test's own priority: a niced import beside other test
	// packages would take many times as long.
	out, err := exec.Command(bin, "import", "wordpress", export, "--data", data, "--nice", "0").CombinedOutput()
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "page caches are allocated one page at a time") {
		t.Errorf("the import could not pool SQLite's page caches:\n%s", out)
	}
}

// TestKilledImportFinishesOnRerun kills "masthead import wordpress" with
// SIGKILL part way through a large export, checks the database, runs the
// same import again and compares every table it writes with a clean
// import of the same file: nothing lost, nothing doubled.
func TestKilledImportFinishesOnRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary on a generated export of 4,000 posts")
	}
	bin := buildBinary(t)
	const posts = 4000
	export := filepath.Join(t.TempDir(), "export.xml")
	f, err := os.Create(export)
	if err != nil {
		t.Fatal(err)
	}
	if err := wxrgen.Write(f, wxrgen.Options{Posts: posts, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	f.Close()

	data := t.TempDir()
	path := filepath.Join(data, "masthead.db")
	cmd := exec.Command(bin, "import", "wordpress", export, "--data", data)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Minute)
	killedAt := 0
	for time.Now().Before(deadline) {
		if killedAt = articleCount(path); killedAt >= 400 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	// An import gives way to the servers beside it (--nice, 10 by
	// default), with every one of its threads.
	waitForNice(t, cmd.Process.Pid, 10)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if killedAt < 400 || killedAt >= posts*9/10 {
		t.Fatalf("killed with %d articles imported, want part way through %d", killedAt, posts)
	}
	t.Logf("SIGKILL with %d articles committed", killedAt)
	checkIntegrity(t, path)

	runImport(t, bin, export, data)
	checkIntegrity(t, path)
	clean := t.TempDir()
	runImport(t, bin, export, clean)
	got, want := tableCounts(t, path), tableCounts(t, filepath.Join(clean, "masthead.db"))
	for _, table := range importTables {
		if got[table] != want[table] {
			t.Errorf("%s: %d after the kill and re-run, %d in a clean import", table, got[table], want[table])
		}
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var unmapped, doubled int
	db.QueryRow(`SELECT count(*) FROM articles WHERE id NOT IN (SELECT target_id FROM import_map WHERE kind = 'post')`).Scan(&unmapped)
	db.QueryRow(`SELECT count(*) FROM (SELECT target_id FROM import_map WHERE kind = 'post' GROUP BY target_id HAVING count(*) > 1)`).Scan(&doubled)
	if unmapped != 0 || doubled != 0 {
		t.Errorf("%d articles without a mapping, %d mapped twice", unmapped, doubled)
	}
}
