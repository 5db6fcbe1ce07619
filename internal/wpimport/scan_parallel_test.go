package wpimport

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/mastheadhq/masthead/internal/wpimport/wxrgen"
)

// generatedExport returns a generated export of posts posts.
func generatedExport(t *testing.T, posts int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := wxrgen.Write(&b, wxrgen.Options{Posts: posts, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// scanBoth reads data in one pass and in parts, as the importer would
// with parts parts of any size.
func scanBoth(t *testing.T, data []byte, parts int) (one, inParts *Index, ok bool, oneErr error) {
	t.Helper()
	one, oneErr = Scan(bytes.NewReader(data))
	inParts, ok = scanInParts(bytes.NewReader(data), int64(len(data)), parts, 1)
	return one, inParts, ok, oneErr
}

func TestScanInPartsFindsWhatOnePassFinds(t *testing.T) {
	data := generatedExport(t, 400)
	for _, parts := range []int{2, 3, 4, 7} {
		one, inParts, ok, err := scanBoth(t, data, parts)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			t.Fatalf("%d parts: the export was not read in parts", parts)
		}
		if !reflect.DeepEqual(one, inParts) {
			t.Errorf("%d parts: the index differs from one pass's", parts)
		}
	}
	// The site fixture has attachments before and after the posts that
	// show them, and items of every kind.
	site, err := os.ReadFile(filepath.Join("testdata", "site.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for parts := 2; parts <= 6; parts++ {
		one, inParts, ok, err := scanBoth(t, site, parts)
		if err != nil {
			t.Fatal(err)
		}
		if ok && !reflect.DeepEqual(one, inParts) {
			t.Errorf("site.xml in %d parts: the index differs from one pass's", parts)
		}
	}
}

// Every reading in parts that could differ from one pass is refused, and
// the importer then reads the file in one pass, which finds the error.
func TestScanInPartsRefusesWhatItCannotCutCleanly(t *testing.T) {
	data := generatedExport(t, 400)
	at := len(data) * 3 / 4
	between := bytes.Index(data[len(data)/4:], []byte("<item>")) + len(data)/4
	cases := map[string][]byte{
		"truncated in the second half":      data[:at],
		"garbage in the second half":        joined(data[:at], []byte("<<"), data[at:]),
		"garbage between items, first half": joined(data[:between], []byte("<<"), data[between:]),
		"an element left open before a cut": joined(data[:len(data)/2], []byte("<wp:unclosed>"), data[len(data)/2:]),
		"declared in another encoding":      bytes.Replace(data, []byte(`encoding="UTF-8"`), []byte(`encoding="ISO-8859-1"`), 1),
	}
	for name, file := range cases {
		for _, parts := range []int{2, 3} {
			_, _, ok, oneErr := scanBoth(t, file, parts)
			if name != "declared in another encoding" && oneErr == nil {
				t.Fatalf("%s: one pass finds no error", name)
			}
			if ok {
				t.Errorf("%s: read in %d parts", name, parts)
			}
		}
	}
}

// A cut that falls on "<item>" inside a post's text (CDATA) or a comment
// is not between two children of the channel: the part before it does
// not end there, and the parts are not used.
func TestScanInPartsRefusesACutInsideText(t *testing.T) {
	data := generatedExport(t, 400)
	text := bytes.Index(data[len(data)/2:], []byte("<![CDATA[")) + len(data)/2 + len("<![CDATA[")
	open := text - len("<![CDATA[")
	for name, c := range map[string]struct {
		file []byte
		cut  int
	}{
		"CDATA":   {joined(data[:text], []byte("<item><title>not an item</title></item>"), data[text:]), text},
		"comment": {joined(data[:open], []byte("<!-- <item> -->"), data[open:]), open + len("<!-- ")},
	} {
		file, cut := c.file, int64(c.cut)
		head, err := readHead(bytes.NewReader(file), int64(len(file)))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := scanAtCuts(bytes.NewReader(file), int64(len(file)), head, []int64{cut}); ok {
			t.Errorf("cut inside a %s: read in parts", name)
		}
	}
}

func joined(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
