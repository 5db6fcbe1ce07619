package site

import (
	"reflect"
	"strings"
	"testing"

	"github.com/mastheadhq/masthead/internal/theme"
)

// fullCard has every field of card set, pointers and lists included, with
// text that html/template must escape.
func fullCard() card {
	return card{
		ID: 7, Title: `Oil & "gas" <script>alert(1)</script>`, URL: "/2025/03/14/oil/", Standfirst: "Prices <b>rose</b>",
		Category: &link{Label: "Economy & trade", URL: "/category/economy/"},
		Date:     dateView{Text: "14 March 2025", ISO: "2025-03-14T09:30:00Z"},
		Minutes:  4,
		Image: &imageView{Src: "/media/a.jpg", Srcset: "/media/a-320w.jpg 320w, /media/a.jpg 640w", WebPSrcset: "/media/a.webp",
			Sizes: "50vw", Width: 640, Height: 320, Alt: `A "flooded" street`, Caption: "Water", Credit: "Photo", Lazy: true},
		Authors: []link{{Label: "Leyla Aliyeva", URL: "/author/leyla/"}, {Label: "Tural", URL: "/author/tural/"}},
		Lang:    "az",
	}
}

// TestCardKeyCoversEveryField changes each value a card holds, one at a
// time, and wants a different key each time: a field added to card and
// forgotten in cardKey would let two cards that render differently share
// their HTML.
func TestCardKeyCoversEveryField(t *testing.T) {
	base := fullCard()
	baseKey, ok := cardKey("card", "en", &base)
	if !ok {
		t.Fatal("a card without a Save button has no key")
	}
	var visit func(path string, v reflect.Value)
	visit = func(path string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if path == ".Bookmark" {
				return // never kept: see below
			}
			visit(path, v.Elem())
		case reflect.Struct:
			for i := range v.NumField() {
				f := v.Type().Field(i)
				if f.Name == "HTML" && f.Type.Name() == "HTML" {
					continue // the output, not an input
				}
				visit(path+"."+f.Name, v.Field(i))
			}
		case reflect.Slice:
			for i := range v.Len() {
				visit(path+"[]", v.Index(i))
			}
		default:
			old := reflect.New(v.Type()).Elem()
			old.Set(v)
			switch v.Kind() {
			case reflect.String:
				v.SetString(v.String() + "x")
			case reflect.Int, reflect.Int64:
				v.SetInt(v.Int() + 1)
			case reflect.Bool:
				v.SetBool(!v.Bool())
			default:
				t.Fatalf("card field %s of kind %s: teach this test and cardKey about it", path, v.Kind())
			}
			if key, _ := cardKey("card", "en", &base); key == baseKey {
				t.Errorf("changing card%s leaves the key as it was", path)
			}
			v.Set(old)
		}
	}
	visit("", reflect.ValueOf(&base).Elem())
	if key, _ := cardKey("card", "en", &base); key != baseKey {
		t.Fatal("the test did not put every field back")
	}
	if key, _ := cardKey("compact", "en", &base); key == baseKey {
		t.Error("the card and compact templates share a key")
	}
	if key, _ := cardKey("card", "az", &base); key == baseKey {
		t.Error("two languages share a key")
	}
	base.Bookmark = &bookmarkView{ArticleID: "7"}
	if _, ok := cardKey("card", "en", &base); ok {
		t.Error("a card with a reader's Save button is kept")
	}
}

// TestFilledCardsRenderAsTheTemplates renders cards through the memo,
// first rendering them and then from what it kept, and wants the bytes
// the templates give without it, escaping included.
func TestFilledCardsRenderAsTheTemplates(t *testing.T) {
	th, err := theme.Load("", templateFuncs())
	if err != nil {
		t.Fatal(err)
	}
	s := &Site{theme: th, cards: newCardMemo()}
	noImage := fullCard()
	noImage.ID, noImage.Image, noImage.Category, noImage.Authors = 8, nil, nil, nil
	for _, part := range []string{"card", "compact"} {
		for _, lang := range []string{"en", "az"} {
			plain := []card{fullCard(), noImage}
			want, err := th.RenderPart("article", "latest-column", lang, plain)
			if err != nil {
				t.Fatal(err)
			}
			for round := 1; round <= 2; round++ {
				filled := []card{fullCard(), noImage}
				s.fillCards(part, lang, filled)
				for i, c := range filled {
					if c.HTML == "" {
						t.Fatalf("%s %s round %d: card %d not filled", part, lang, round, i)
					}
					if strings.Contains(string(c.HTML), "<script>") {
						t.Errorf("%s %s: the title went out unescaped: %s", part, lang, c.HTML)
					}
				}
				if part != "compact" {
					continue // latest-column shows compact cards
				}
				got, err := th.RenderPart("article", "latest-column", lang, filled)
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != string(want) {
					t.Errorf("%s round %d: column through the memo differs:\n got %s\nwant %s", lang, round, got, want)
				}
			}
			one := fullCard()
			wantCard, err := th.RenderPart("article", part, lang, one)
			if err != nil {
				t.Fatal(err)
			}
			filled := []card{fullCard()}
			s.fillCards(part, lang, filled)
			gotCard, err := th.RenderPart("article", part, lang, filled[0])
			if err != nil {
				t.Fatal(err)
			}
			if string(gotCard) != string(wantCard) {
				t.Errorf("%s %s: card through the memo differs:\n got %s\nwant %s", part, lang, gotCard, wantCard)
			}
		}
	}
}
