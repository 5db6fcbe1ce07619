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
// site while a node serves it from its page cache: the import logs each
// batch's changes as one change of everything (the change triggers stand
// aside), and every cached page must show the imported content once the
// node has followed the change.
func TestAnImportBesideServeLeavesNoPageStale(t *testing.T) {
	dir := t.TempDir()
	importFixture(t, dir, "site.xml")
	cfg := config.Default()
	cfg.DataDir = dir
	rd := openCached(t, cfg)
	port := "/2024/03/05/port-expansion-approved/"
	pages := []string{"/", port, "/category/news/"}
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
	rd.expect(t, "importing the newer export", []string{port}, "The first contract was signed on Friday.", "")
	rd.expect(t, "importing the newer export", []string{"/", port, "/category/news/"}, "New ferry terminal opens", "")
	rd.expect(t, "importing the newer export", []string{port}, "Shipping", "")
}
