package theme

import (
	"strings"
	"testing"
)

func TestMinifiedKeepsWhatItCannotParse(t *testing.T) {
	broken := []byte("function (\n  { oops")
	if got := minified("text/javascript", broken); string(got) != string(broken) {
		t.Errorf("a script that does not parse became %q", got)
	}
	got := string(minified("text/javascript", []byte("// why\nvar total = 1;\n\nfunction add(n) {\n  total += n; // more\n  return total;\n}\n")))
	if strings.Contains(got, "//") || strings.Contains(got, "\n\n") || !strings.Contains(got, "var total=1;function add(") {
		t.Errorf("minified script: %q", got)
	}
}

func TestTheThemesScriptsAreServedCompact(t *testing.T) {
	th, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"site.js", "search.js", "early.js", "site.css"} {
		src, err := embedded.ReadFile("static/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if got := th.AssetSize(name); got >= len(src) {
			t.Errorf("%s is served in %d bytes, its source has %d", name, got, len(src))
		}
	}
}
