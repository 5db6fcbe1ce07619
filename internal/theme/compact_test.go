package theme

import (
	"testing"
)

func TestCompactScriptKeepsEveryStatementOnItsLine(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"indentation, blank lines and comment lines go",
			"// About this file.\n(function () {\n  \"use strict\";\n\n  // Why this.\n  var a = 1; // kept: not alone on its line\n  if (a) {\n    a++;\n  }\n})();\n",
			"(function () {\n\"use strict\";\nvar a = 1; // kept: not alone on its line\nif (a) {\na++;\n}\n})();\n"},
		{"line breaks stay for semicolon insertion", "var a = b\n  (c)\nreturn\n  x\n", "var a = b\n(c)\nreturn\nx\n"},
		{"a URL in a string is no comment", "  location.href = \"https://example.org/\";\n", "location.href = \"https://example.org/\";\n"},
		{"a template literal may span lines: unchanged", "var s = `a\n  // not a comment\n`;\n", "var s = `a\n  // not a comment\n`;\n"},
		{"a string continued with a backslash: unchanged", "var s = \"a\\\n  b\";\n", "var s = \"a\\\n  b\";\n"},
	}
	for _, tt := range tests {
		if got := string(compactScript([]byte(tt.in))); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestTheThemesScriptsAreServedCompact(t *testing.T) {
	th, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"site.js", "search.js", "early.js"} {
		src, err := embedded.ReadFile("static/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if got := th.AssetSize(name); got >= len(src) {
			t.Errorf("%s is served in %d bytes, its source has %d", name, got, len(src))
		}
	}
}
