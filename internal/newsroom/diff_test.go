package newsroom_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mastheadhq/masthead/internal/newsroom"
)

func show(paras []newsroom.Paragraph) string {
	var out []string
	for _, p := range paras {
		var b strings.Builder
		for _, piece := range p {
			switch piece.Op {
			case newsroom.Added:
				fmt.Fprintf(&b, "[+%s]", piece.Text)
			case newsroom.Removed:
				fmt.Fprintf(&b, "[-%s]", piece.Text)
			default:
				fmt.Fprintf(&b, "%s", piece.Text)
			}
		}
		out = append(out, b.String())
	}
	return strings.Join(out, " | ")
}

func TestWordDiff(t *testing.T) {
	older := newsroom.BlocksText("<h2>Ships</h2><p>The harbour <strong>reopened</strong> on Monday.</p><p>Trade resumed.</p>")
	newer := newsroom.BlocksText("<h2>Ships</h2><p>The harbour reopened on Tuesday after the storm.</p><p>Trade resumed.</p><p>A new paragraph.</p>")
	got := show(newsroom.WordDiff(older, newer))
	want := "Ships | The harbour reopened on[-Monday.][+Tuesday after the storm.] | Trade resumed. | [+A new paragraph.]"
	if got != want {
		t.Errorf("diff =\n%s\nwant\n%s", got, want)
	}
	if newsroom.Changed(newsroom.WordDiff(older, older)) {
		t.Error("a text differs from itself")
	}
}
