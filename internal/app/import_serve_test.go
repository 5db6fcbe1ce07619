package app_test

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
)

// importFixture runs "masthead import wordpress" on one of the importer's
// fixture exports into the data directory dir.
func importFixture(t *testing.T, dir, file string) {
	t.Helper()
	args := []string{"import", "wordpress", filepath.Join("..", "wpimport", "testdata", file), "--data", dir,
		"--uploads", filepath.Join("..", "wpimport", "testdata", "uploads")}
	var out, errs bytes.Buffer
	env := app.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}
	if code := app.CLI(context.Background(), args, env); code != 0 {
		t.Fatalf("import of %s exited %d:\n%s\n%s", file, code, out.String(), errs.String())
	}
}

// TestAnImportBesideServeLeavesNoPageStale imports a newer export of a
// site while a node serves it from its page cache: the import logs the
// keys of each batch's new rows itself (the change triggers stand aside
// for them), and every cached page must show the imported content once
// the node has followed the change, while pages the import did not touch
// stay in the cache.
func TestAnImportBesideServeLeavesNoPageStale(t *testing.T) {
	dir := t.TempDir()
	importFixture(t, dir, "site.xml")
	cfg := config.Default()
	cfg.DataDir = dir
	rd := openCached(t, cfg)
	port := "/2024/03/05/port-expansion-approved/"
	// Neither the updated story nor the new one is in sport, on the
	// theatre story's page (but for its column of the newest, a fragment
	// of its own) or on a static page.
	untouched := []string{"/category/sport/", "/2024/03/07/theatre-reopens/", "/about/"}
	pages := append([]string{"/", port, "/category/news/"}, untouched...)
	for _, p := range pages {
		if code, _ := rd.fetch(t, p); code != http.StatusOK {
			t.Fatalf("%s: %d before the import", p, code)
		}
	}
	rd.warm(t, pages)

	// The command is another store on the same file, as it is beside
	// serve: the node sees its commits at its next poll, asked for here.
	importFixture(t, dir, "site-newer.xml")
	if err := rd.main.Changes.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	before := rd.main.PageCache().Stats().Hits
	for _, p := range untouched {
		if code, _ := rd.fetch(t, p); code != http.StatusOK {
			t.Fatalf("%s: %d after the import", p, code)
		}
	}
	if got := rd.main.PageCache().Stats().Hits - before; got != uint64(len(untouched)) {
		t.Errorf("after the import, %d of %d pages it did not touch were still cached", got, len(untouched))
	}
	rd.expect(t, "importing the newer export", []string{port}, "The first contract was signed on Friday.", "")
	rd.expect(t, "importing the newer export", []string{"/", port, "/category/news/"}, "New ferry terminal opens", "")
	rd.expect(t, "importing the newer export", []string{port}, "Shipping", "")
}
