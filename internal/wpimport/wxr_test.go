package wpimport

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readAll reads a fixture and keeps every part the reader hands over.
type export struct {
	site    Site
	authors []Author
	terms   []Term
	items   []Item
}

func readFile(t *testing.T, name string) (export, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var e export
	sites := 0
	err = Read(f, Visitor{
		Site: func(s Site) error { e.site = s; sites++; return nil },
		Author: func(a Author) error {
			if sites != 1 {
				t.Errorf("author %s before the site header", a.Login)
			}
			e.authors = append(e.authors, a)
			return nil
		},
		Term: func(tm Term) error { e.terms = append(e.terms, tm); return nil },
		Item: func(it Item) error { e.items = append(e.items, it); return nil },
	})
	if err == nil && sites != 1 {
		t.Errorf("site header handed over %d times, want once", sites)
	}
	return e, err
}

func itemByID(t *testing.T, items []Item, id int64) Item {
	t.Helper()
	for _, it := range items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("no item %d", id)
	return Item{}
}

func TestReadSiteExport(t *testing.T) {
	e, err := readFile(t, "site.xml")
	if err != nil {
		t.Fatal(err)
	}
	if e.site.WXRVersion != "1.2" || e.site.BaseBlogURL != "https://harbour.example" || e.site.Title != "The Harbour Times" {
		t.Errorf("site = %+v", e.site)
	}
	wantAuthor := Author{ID: 3, Login: "tural.h", Email: "tural@harbour.example", DisplayName: "Tural Huseynov", FirstName: "Tural", LastName: "Huseynov"}
	if len(e.authors) != 3 || e.authors[1] != wantAuthor {
		t.Errorf("authors = %+v, want the second %+v", e.authors, wantAuthor)
	}
	var taxonomies []string
	for _, tm := range e.terms {
		taxonomies = append(taxonomies, tm.Taxonomy+":"+tm.Slug)
	}
	for _, want := range []string{"category:economy", "post_tag:cop29", "post_format:post-format-gallery", "nav_menu:main-menu"} {
		if !slices.Contains(taxonomies, want) {
			t.Errorf("terms %v lack %s", taxonomies, want)
		}
	}
	economy := e.terms[slices.Index(taxonomies, "category:economy")]
	if economy.Parent != "news" || economy.Name != "Economy" || economy.ID != 6 {
		t.Errorf("economy = %+v, want under news", economy)
	}
	if len(e.items) != 15 {
		t.Fatalf("%d items, want 15", len(e.items))
	}

	post := itemByID(t, e.items, 101)
	if post.Title != "Port expansion approved" || post.Type != "post" || post.Status != "publish" ||
		post.Name != "port-expansion-approved" || post.Creator != "leyla" ||
		post.PostDateGMT != "2024-03-05 10:30:00" || post.PostDate != "2024-03-05 14:30:00" ||
		post.Link != "https://harbour.example/2024/03/05/port-expansion-approved/" ||
		post.Excerpt != "The council voted seven to two for a new quay." {
		t.Errorf("post 101 = %+v", post)
	}
	if !strings.Contains(post.Content, "seven votes to two.\n\n<img") {
		t.Errorf("content lost its line breaks or image: %q", post.Content)
	}
	if thumb, _ := post.MetaValue("_thumbnail_id"); thumb != "100" {
		t.Errorf("_thumbnail_id = %q", thumb)
	}
	if post.Comments != 2 || post.ApprovedComments != 1 {
		t.Errorf("comments %d (%d approved), want 2 (1)", post.Comments, post.ApprovedComments)
	}
	wantTerms := []ItemTerm{{"category", "economy", "Economy"}, {"category", "news", "News"}, {"post_tag", "cop29", "COP29"}, {"post_tag", "oil", "Oil"}}
	if !slices.Equal(post.Terms, wantTerms) {
		t.Errorf("terms = %+v, want %+v", post.Terms, wantTerms)
	}

	att := itemByID(t, e.items, 100)
	if att.Type != "attachment" || att.Parent != 101 || att.AttachmentURL != "https://harbour.example/wp-content/uploads/2024/03/harbour-at-dawn.jpg" {
		t.Errorf("attachment = %+v", att)
	}
	if alt, _ := att.MetaValue("_wp_attachment_image_alt"); alt != "Fishing boats at dawn in Baku harbour" {
		t.Errorf("alt = %q", alt)
	}
	page := itemByID(t, e.items, 111)
	if page.Type != "page" || page.Parent != 110 || page.Link != "https://harbour.example/about/team/" {
		t.Errorf("child page = %+v", page)
	}
	if line := itemByID(t, e.items, 100).Line; line < 40 {
		t.Errorf("first item at line %d, want its place in the file", line)
	}
}

func TestReadWXR10(t *testing.T) {
	e, err := readFile(t, "wxr-1.0.xml")
	if err != nil {
		t.Fatal(err)
	}
	if e.site.WXRVersion != "1.0" || len(e.items) != 1 || len(e.terms) != 2 {
		t.Fatalf("read %+v", e)
	}
	it := e.items[0]
	// 1.0 lists each term twice, with and without attributes: one counts.
	want := []ItemTerm{{"category", "harbour", "Harbour"}, {"tag", "boats", "Boats"}}
	if !slices.Equal(it.Terms, want) || it.Content != "The first boats were out before six." {
		t.Errorf("item = %+v, want terms %+v", it, want)
	}
	if e.terms[0].ID != 0 || e.terms[0].Slug != "harbour" || e.terms[0].Taxonomy != "category" {
		t.Errorf("1.0 category = %+v", e.terms[0])
	}
}

func TestReadDeclaredLatin1(t *testing.T) {
	e, err := readFile(t, "latin1.xml")
	if err != nil {
		t.Fatal(err)
	}
	if e.site.Title != "The Harbour Times - Café edition" {
		t.Errorf("title = %q, want it decoded from ISO-8859-1", e.site.Title)
	}
}

// TestReadRefusesBadFiles checks that each kind of broken input is a
// FormatError naming the line, never a panic or a silent partial read.
func TestReadRefusesBadFiles(t *testing.T) {
	for _, tc := range []struct {
		file     string
		line     int
		contains string
	}{
		{"truncated.xml", 348, "truncated"},
		{"rss-feed.xml", 7, "not a WordPress export"},
		{"entity-bomb.xml", 13, "DOCTYPE"},
		{"wrong-encoding.xml", 29, "UTF-8"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			_, err := readFile(t, tc.file)
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a FormatError", err)
			}
			if fe.Line != tc.line || !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("err = %v (line %d), want line %d and %q", err, fe.Line, tc.line, tc.contains)
			}
		})
	}
}

func TestReadRefusesOtherXML(t *testing.T) {
	for name, tc := range map[string]struct{ doc, contains string }{
		"empty":           {"", "empty or not XML"},
		"not xml":         {"id,title\n1,Port\n", "empty or not XML"},
		"other root":      {`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>`, "root element is <feed>"},
		"no channel":      {`<rss version="2.0"></rss>`, "no <channel>"},
		"unknown version": {`<rss xmlns:wp="http://wordpress.org/export/9.9/"><channel><wp:wxr_version>9.9</wp:wxr_version></channel></rss>`, "9.9"},
		"after the end":   {`<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version></channel></rss><rss/>`, "follows the end"},
		"undefined entity": {`<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version><title>&nbsp;</title></channel></rss>`,
			"entity"},
		"item without id": {`<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version><item><title>x</title></item></channel></rss>`,
			"no wp:post_id"},
		"bad number": {`<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version><item><wp:post_id>seven</wp:post_id></item></channel></rss>`,
			"not a whole number"},
	} {
		t.Run(name, func(t *testing.T) {
			err := Read(strings.NewReader(tc.doc), Visitor{})
			var fe *FormatError
			if !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("err = %v, want a FormatError saying %q", err, tc.contains)
			}
		})
	}
}

func TestReadStopsAtTheVisitorsError(t *testing.T) {
	f, err := os.Open("testdata/site.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stop := errors.New("stop")
	n := 0
	err = Read(f, Visitor{Item: func(Item) error { n++; return stop }})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err = %v after %d items, want the visitor's error after one", err, n)
	}
}

// FuzzWXRReader feeds the reader arbitrary bytes: it must return, with an
// error or without, and never panic.
func FuzzWXRReader(f *testing.F) {
	for _, name := range []string{"site.xml", "wxr-1.0.xml", "rss-feed.xml", "entity-bomb.xml", "truncated.xml", "latin1.xml", "wrong-encoding.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		count := func(Item) error { return nil }
		err := Read(strings.NewReader(string(data)), Visitor{Item: count})
		var fe *FormatError
		if err != nil && !errors.As(err, &fe) {
			t.Errorf("error %v is not a FormatError", err)
		}
	})
}
