package wpimport

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/render"
)

// Report says what an import found and did.
type Report struct {
	Source string
	DryRun bool
	Took   time.Duration
	// SearchWait is the part of Took spent after the last write, waiting
	// for the search index to take the import in (SQLite indexes beside
	// its writer).
	SearchWait time.Duration
	// Found counts the export's items by WordPress type, then status.
	Found map[string]map[string]int
	// Kinds counts what became of each kind of Masthead record.
	Kinds map[string]*KindCount
	// Skipped lists what was not imported, with the reason.
	Skipped []Skip
	// Notes counts what the content converter could not carry across
	// exactly, by kind and detail ("shortcode gallery").
	Notes map[string]int
	// Comments counts the comments left behind: Masthead keeps none.
	Comments, ApprovedComments int
	// Redirects counts the old addresses given a redirect by this run.
	Redirects int
	// Advice holds things the operator should do next.
	Advice []string
}

// KindCount is what became of one kind of record.
type KindCount struct {
	Created, Updated, Unchanged int
	// ByStatus counts articles and pages by their Masthead status.
	ByStatus map[string]int
	// Kept counts records a later import left alone because someone
	// edited them in Masthead after they were imported.
	Kept int
	// Linked counts records that existed in Masthead already and were
	// taken for the imported ones (an account with the author's address).
	Linked int
}

// Skip is one item not imported.
type Skip struct {
	Type   string
	ID     int64
	Title  string
	Reason string
}

func newReport(ix *Index, o Options) *Report {
	return &Report{Source: ix.Source, DryRun: o.DryRun, Found: ix.Found, Kinds: map[string]*KindCount{}, Notes: map[string]int{}}
}

// Outcomes of importing one record.
const (
	created   = "created"
	updated   = "updated"
	unchanged = "unchanged"
	kept      = "kept"
	linked    = "linked"
)

func (r *Report) count(kind, outcome, status string) {
	k := r.Kinds[kind]
	if k == nil {
		k = &KindCount{ByStatus: map[string]int{}}
		r.Kinds[kind] = k
	}
	switch outcome {
	case created:
		k.Created++
	case updated:
		k.Updated++
	case unchanged:
		k.Unchanged++
	case kept:
		k.Kept++
	case linked:
		k.Linked++
	}
	if status != "" {
		k.ByStatus[status]++
	}
}

func (r *Report) skip(it Item, reason string) {
	r.Skipped = append(r.Skipped, Skip{Type: it.Type, ID: it.ID, Title: strings.TrimSpace(render.PlainText(it.Title)), Reason: reason})
}

func (r *Report) skipAttachment(a *Attachment, reason string) {
	r.Skipped = append(r.Skipped, Skip{Type: "attachment", ID: a.ID, Title: a.Title, Reason: reason})
}

func (r *Report) advise(s string) {
	if !slices.Contains(r.Advice, s) {
		r.Advice = append(r.Advice, s)
	}
}

// maxExamples bounds how many items each skip reason lists.
const maxExamples = 8

// WriteTo writes the report for a person to read.
func (r *Report) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	verb := "Imported"
	if r.DryRun {
		verb = "Dry run (nothing was kept): would have imported"
	}
	fmt.Fprintf(&b, "%s the WordPress site %s in %s.\n", verb, r.Source, r.Took.Round(time.Millisecond))
	if r.SearchWait > 0 {
		fmt.Fprintf(&b, "The search index took the last of it in %s after the last write.\n", r.SearchWait.Round(time.Millisecond))
	}
	b.WriteString("\nFound in the export:\n")
	for _, typ := range slices.Sorted(maps.Keys(r.Found)) {
		fmt.Fprintf(&b, "  %-16s %s\n", typ, countsText(r.Found[typ]))
	}
	b.WriteString("\nIn Masthead:\n")
	for _, kind := range slices.Sorted(maps.Keys(r.Kinds)) {
		k := r.Kinds[kind]
		line := fmt.Sprintf("%d created, %d updated, %d unchanged", k.Created, k.Updated, k.Unchanged)
		if k.Linked > 0 {
			line += fmt.Sprintf(", %d already in Masthead and linked", k.Linked)
		}
		if k.Kept > 0 {
			line += fmt.Sprintf(", %d edited in Masthead since and left alone", k.Kept)
		}
		if len(k.ByStatus) > 0 {
			line += " (" + countsText(k.ByStatus) + ")"
		}
		fmt.Fprintf(&b, "  %-16s %s\n", kind, line)
	}
	fmt.Fprintf(&b, "  %-16s %d old addresses now redirect\n", "redirects", r.Redirects)
	if r.Comments > 0 {
		fmt.Fprintf(&b, "\nComments: %d (%d approved) not imported: Masthead keeps no comments.\n", r.Comments, r.ApprovedComments)
	}
	r.writeSkipped(&b)
	if len(r.Notes) > 0 {
		b.WriteString("\nContent kept readable but not converted exactly:\n")
		for _, note := range slices.Sorted(maps.Keys(r.Notes)) {
			fmt.Fprintf(&b, "  %-40s %d\n", note, r.Notes[note])
		}
	}
	for _, a := range r.Advice {
		fmt.Fprintf(&b, "\n%s\n", a)
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

func (r *Report) writeSkipped(b *strings.Builder) {
	if len(r.Skipped) == 0 {
		return
	}
	byReason := map[string][]Skip{}
	for _, s := range r.Skipped {
		byReason[s.Reason] = append(byReason[s.Reason], s)
	}
	fmt.Fprintf(b, "\nSkipped (%d):\n", len(r.Skipped))
	reasons := slices.SortedFunc(maps.Keys(byReason), func(a, c string) int {
		return cmp.Or(cmp.Compare(len(byReason[c]), len(byReason[a])), strings.Compare(a, c))
	})
	for _, reason := range reasons {
		items := byReason[reason]
		fmt.Fprintf(b, "  %d × %s\n", len(items), reason)
		for i, s := range items {
			if i == maxExamples {
				fmt.Fprintf(b, "      … and %d more\n", len(items)-maxExamples)
				break
			}
			title := s.Title
			if title == "" {
				title = "(no title)"
			}
			fmt.Fprintf(b, "      %s %d: %s\n", s.Type, s.ID, title)
		}
	}
}

func countsText(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		name := k
		if name == "" {
			name = "(none)"
		}
		parts = append(parts, fmt.Sprintf("%s %d", name, m[k]))
	}
	return strings.Join(parts, ", ")
}
