package admin

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestPagesListsEveryHTMLRoute reads the package's own source for the GET
// routes it registers: every one that is not a file (a stylesheet, script,
// picture or JSON answer, named by its extension or under /static/) must
// be in Pages, and everything in Pages must be registered.
func TestPagesListsEveryHTMLRoute(t *testing.T) {
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	registered := map[string]bool{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !strings.HasPrefix(s, "GET /admin/") {
				return true
			}
			pattern := strings.TrimPrefix(s, "GET ")
			if path.Ext(pattern) == "" && !strings.HasPrefix(pattern, "/admin/static/") {
				registered[pattern] = true
			}
			return true
		})
	}
	if len(registered) < 20 {
		t.Fatalf("found only %d GET routes in the source: %v", len(registered), registered)
	}
	for p := range registered {
		if !slices.Contains(Pages, p) {
			t.Errorf("GET %s is registered but not in Pages (nav.go), so the standards test does not check it", p)
		}
	}
	for _, p := range Pages {
		if !registered[p] {
			t.Errorf("Pages lists %s, which no GET route registers", p)
		}
	}
}
