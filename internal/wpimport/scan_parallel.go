package wpimport

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"maps"
	"runtime"
	"sync"
)

// The first pass is encoding/xml reading every byte of the file, before
// anything can be written: at 100,000 posts (556 MiB) about 14 s of one
// core while the other had nothing to do. scanInParts reads the file in
// parts, one per core, each from an <item> that opens a child of the
// channel, and merges what they found. Each part but the first is read
// after a copy of the file's own <rss> and <channel> start tags, so it is
// parsed in the same namespaces as it would be in one pass, and each part
// but the last must end exactly where the next begins, between two
// children of the channel. Then the parts together are the one reading
// of the file, cut at token boundaries where the decoder holds nothing
// but the two open elements.
//
// The parts are only ever trusted when every one of them read cleanly:
// whatever goes wrong (a part fails, a cut falls inside a CDATA section
// or a comment that holds "<item>", the file declares an encoding other
// than UTF-8), the caller reads the file again in one pass, which finds
// the error and its line as before. A bad file costs a second reading;
// a good one is read once, on every core.

// Parts are at least minScanPart bytes: below that one reading is quick
// enough, and tests ask for smaller ones.
const minScanPart = 8 << 20

// cutWindow is how far past each part's nominal start the cut looks for
// an <item>: posts are kilobytes, pages of them rarely megabytes.
const cutWindow = 4 << 20

// errCut ends a part's reading at its cut, cleanly.
var errCut = errors.New("wpimport: the part ends here")

// scanInParts reads the size bytes of ra in up to parts parts of at least
// minPart bytes each. ok is false when the file could not be read that
// way, for any reason: read it in one pass then.
func scanInParts(ra io.ReaderAt, size int64, parts int, minPart int64) (ix *Index, ok bool) {
	parts = int(min(int64(parts), size/max(minPart, 1)))
	if parts < 2 {
		return nil, false
	}
	head, err := readHead(ra, size)
	if err != nil {
		return nil, false
	}
	cuts := findCuts(ra, size, parts, head.end)
	if len(cuts) == 0 {
		return nil, false
	}
	return scanAtCuts(ra, size, head, cuts)
}

// scanAtCuts reads the parts of the file that begin at cuts, which are
// in increasing order, all of them after the head.
func scanAtCuts(ra io.ReaderAt, size int64, head fileHead, cuts []int64) (ix *Index, ok bool) {
	bounds := append(append([]int64{0}, cuts...), size)
	found := make([]*Index, len(bounds)-1)
	errs := make([]error, len(found))
	var wg sync.WaitGroup
	for i := range found {
		wg.Go(func() {
			found[i], errs[i] = scanPart(ra, head, bounds[i], bounds[i+1], i == 0, i == len(found)-1)
		})
	}
	wg.Wait()
	if errors.Join(errs...) != nil {
		return nil, false
	}
	ix = found[0]
	for _, later := range found[1:] {
		ix.merge(later)
	}
	return ix, true
}

// fileHead is what every part after the first is read after: the file's
// <rss> and <channel> start tags as written.
type fileHead struct {
	tags []byte
	end  int64 // where the channel's start tag ends in the file
}

// readHead finds the start tags of the root and the channel in the
// file's first megabyte. A declared encoding other than UTF-8 fails
// here, the decoder having no CharsetReader: the parts are cut at byte
// offsets of the file as it is, not as decoded.
func readHead(ra io.ReaderAt, size int64) (fileHead, error) {
	buf := make([]byte, min(size, 1<<20))
	if _, err := ra.ReadAt(buf, 0); err != nil && !errors.Is(err, io.EOF) {
		return fileHead{}, err
	}
	d := xml.NewDecoder(bytes.NewReader(buf))
	d.Strict = true
	var tags []byte
	for depth := 0; depth < 2; {
		start := d.InputOffset()
		tok, err := d.RawToken()
		if err != nil {
			return fileHead{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if want := []string{"rss", "channel"}[depth]; t.Name.Local != want || t.Name.Space != "" {
				return fileHead{}, errors.New("not an export's head")
			}
			tags = append(tags, buf[start:d.InputOffset()]...)
			depth++
		case xml.EndElement, xml.Directive:
			return fileHead{}, errors.New("not an export's head")
		}
	}
	return fileHead{tags: tags, end: d.InputOffset()}, nil
}

// findCuts returns where parts 2…n begin: the first "<item>" at or after
// each nominal start, in increasing order, none of them inside the head.
func findCuts(ra io.ReaderAt, size int64, parts int, after int64) []int64 {
	var cuts []int64
	buf := make([]byte, cutWindow)
	for i := 1; i < parts; i++ {
		from := max(size*int64(i)/int64(parts), after)
		if len(cuts) > 0 {
			from = max(from, cuts[len(cuts)-1]+1)
		}
		n, err := ra.ReadAt(buf, from)
		if err != nil && !errors.Is(err, io.EOF) {
			return nil
		}
		at := bytes.Index(buf[:n], []byte("<item>"))
		if at < 0 {
			continue
		}
		cuts = append(cuts, from+int64(at))
	}
	return cuts
}

// scanPart reads the bytes from..to of the file as one part. A part after
// the first is read after the head, with the site taken as sent (the
// first part sent it, or the parts are not used); a part before the last
// must end at to, between two children of the channel.
func scanPart(ra io.ReaderAt, head fileHead, from, to int64, first, last bool) (*Index, error) {
	ix := newIndex()
	v := Visitor{Author: ix.author, Term: ix.term, Item: ix.item}
	var in io.Reader = io.NewSectionReader(ra, from, to-from)
	rd := &reader{}
	if first {
		v.Site = ix.site
	} else {
		in = io.MultiReader(bytes.NewReader(head.tags), in)
		rd.siteSent = true
	}
	if !last {
		rd.cut = to - from
		if !first {
			rd.cut += int64(len(head.tags))
		}
	}
	d := xml.NewDecoder(in)
	d.Strict = true
	d.CharsetReader = charsetReader
	rd.d, rd.v = d, v
	err := rd.document()
	if last {
		return ix, err
	}
	if errors.Is(err, errCut) && rd.siteSent {
		return ix, nil
	}
	return nil, errors.New("the part did not end at its cut")
}

// merge adds what a later part of the same file found, as one reading of
// both parts one after the other would have: later entries replace
// earlier ones of the same key, counts add up, lists go on.
func (ix *Index) merge(later *Index) {
	maps.Copy(ix.Authors, later.Authors)
	maps.Copy(ix.Categories, later.Categories)
	maps.Copy(ix.Tags, later.Tags)
	for k, n := range later.OtherTerms {
		ix.OtherTerms[k] += n
	}
	maps.Copy(ix.Attachments, later.Attachments)
	maps.Copy(ix.Items, later.Items)
	for typ, byStatus := range later.Found {
		if ix.Found[typ] == nil {
			ix.Found[typ] = map[string]int{}
		}
		for status, n := range byStatus {
			ix.Found[typ][status] += n
		}
	}
	ix.Total += later.Total
	maps.Copy(ix.byFile, later.byFile)
	for parent, ids := range later.children {
		ix.children[parent] = append(ix.children[parent], ids...)
	}
}

// scanParts is how many parts the first pass reads at once.
func scanParts() int { return runtime.GOMAXPROCS(0) }
