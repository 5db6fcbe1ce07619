// Package editor holds the sources of the newsroom's rich-text editor
// (JavaScript, built with esbuild into ../static/). Its only Go file is this
// test, which keeps the committed bundle honest.
package editor

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// needNode returns the path of node, or skips (fails in CI) when the
// editor's build tools are not installed.
func needNode(t *testing.T) string {
	t.Helper()
	ci := os.Getenv("CI") == "true"
	missing := func(msg string) {
		if ci {
			t.Fatal(msg + " (CI must check the editor bundle: .ci/run runs npm ci in internal/web/admin/editor)")
		}
		t.Skip(msg)
	}
	if _, err := exec.LookPath("npm"); err != nil {
		missing("npm not found: install Node 20+ and npm, then npm ci in internal/web/admin/editor, to check the editor bundle")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node not found: install Node 20+ to check the editor bundle")
	}
	if _, err := os.Stat(filepath.Join("node_modules", "@tiptap", "core")); err != nil {
		missing("node_modules not installed: run npm ci in internal/web/admin/editor to check the editor bundle")
	}
	return node
}

// The committed editor.js and editor.css must be what the sources build
// to, so that nobody ships a bundle whose sources say otherwise.
func TestCommittedBundleMatchesSources(t *testing.T) {
	node := needNode(t)
	out := t.TempDir()
	cmd := exec.Command(node, "build.mjs", "--outdir", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build failed: %v\n%s", err, msg)
	}
	for _, name := range []string{"editor.js", "editor.css"} {
		built, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(filepath.Join("..", "static", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(built, committed) {
			t.Errorf("static/%s (%d bytes) is not what the sources build (%d bytes): run npm run build in internal/web/admin/editor and commit the result", name, len(committed), len(built))
		}
	}
}

// The pure parts of the editor (embed addresses, word counts, escaping)
// have unit tests run by Node's own test runner.
func TestEditorUnitTests(t *testing.T) {
	node := needNode(t)
	cmd := exec.Command(node, "--test", "--test-reporter=dot", "test/")
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test failed: %v\n%s", err, msg)
	}
	t.Logf("node --test: %s", bytes.TrimSpace(msg))
}
