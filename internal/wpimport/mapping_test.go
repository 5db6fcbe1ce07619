package wpimport

import (
	"net/url"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

func TestNicenameFollowsWordPress(t *testing.T) {
	for login, want := range map[string]string{
		"leyla": "leyla", "tural.h": "tural-h", "anna_k": "anna_k", "Jane Doe": "jane-doe",
		"editor@news.example": "editornews-example", "--x..y--": "x-y",
	} {
		if got := nicename(login); got != want {
			t.Errorf("nicename(%q) = %q, want %q", login, got, want)
		}
	}
}

func TestPermalinkStructure(t *testing.T) {
	p := postFields{id: 101, local: time.Date(2024, 3, 5, 14, 30, 9, 0, time.UTC), name: "port", category: "news/economy", author: "leyla"}
	for structure, want := range map[string]string{
		"/%year%/%monthnum%/%day%/%postname%/":     "/2024/03/05/port/",
		"/%category%/%postname%/":                  "/news/economy/port/",
		"/archives/%post_id%":                      "/archives/101",
		"/%author%/%year%/%hour%%minute%%second%/": "/leyla/2024/143009/",
	} {
		if got := permalink("", structure, p); got != want {
			t.Errorf("%s gives %s, want %s", structure, got, want)
		}
	}
	if got := permalink("/blog", "/%postname%/", p); got != "/blog/port/" {
		t.Errorf("below a base path: %s", got)
	}
	for _, bad := range []string{"%postname%", "/static/", "/%title%/"} {
		if checkPermalinks(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestAttachmentByURLFindsResizedCopies(t *testing.T) {
	ix, err := scanFile(fixture("site.xml"))
	if err != nil {
		t.Fatal(err)
	}
	base := "https://harbour.example/wp-content/uploads/2024/03/"
	for addr, width := range map[string]int{
		base + "harbour-at-dawn.jpg": 0, base + "harbour-at-dawn-300x200.jpg": 300,
		base + "harbour-at-dawn-1024x683.jpg": 1024, base + "harbour-at-dawn-scaled.jpg": 0,
	} {
		a, w := ix.AttachmentByURL(addr)
		if a == nil || a.ID != 100 || w != width {
			t.Errorf("%s: attachment %+v, width %d; want 100, %d", addr, a, w, width)
		}
	}
	for _, addr := range []string{base + "other.jpg", "https://harbour.example/2024/03/harbour-at-dawn.jpg", "::"} {
		if a, _ := ix.AttachmentByURL(addr); a != nil {
			t.Errorf("%s found %+v", addr, a)
		}
	}
	a := ix.Attachments[100]
	if a.Width != 1200 || a.Height != 800 || a.Credit != "Photo: Aysel Hasanova" || a.File != "2024/03/harbour-at-dawn.jpg" {
		t.Errorf("attachment metadata %+v", a)
	}
	if ix.Source != "harbour.example" || ix.BasePath != "" || ix.Total != 15 || ix.Found["post"]["publish"] != 3 {
		t.Errorf("index: source %q, base %q, total %d, found %v", ix.Source, ix.BasePath, ix.Total, ix.Found)
	}
}

func TestQueryRedirectKeys(t *testing.T) {
	for raw, want := range map[string]string{
		"p=12": "/?p=12", "utm_source=x&p=12": "/?p=12", "page_id=3&p=": "/?page_id=3",
		"tag=baku 2026": "/?tag=baku+2026", "feed=rss2": "/?feed=rss2",
	} {
		q, _ := url.ParseQuery(raw)
		got, ok := news.QueryRedirectPath("/", q)
		if !ok || got != want {
			t.Errorf("%s: %q %v, want %q", raw, got, ok, want)
		}
	}
	if _, ok := news.QueryRedirectPath("/", url.Values{"utm_source": {"x"}}); ok {
		t.Error("a query without WordPress's parameters has a key")
	}
}

func TestImageMetaFromSerialisedPHP(t *testing.T) {
	w, h, credit := imageMeta(`a:5:{s:5:"width";i:2048;s:6:"height";i:1365;s:4:"file";s:12:"2024/03/x.jpg";s:10:"image_meta";a:2:{s:8:"aperture";s:1:"0";s:6:"credit";s:9:"Reuters  ";}}`)
	if w != 2048 || h != 1365 || credit != "Reuters" {
		t.Errorf("got %d×%d %q", w, h, credit)
	}
	if w, h, c := imageMeta("not php"); w != 0 || h != 0 || c != "" {
		t.Errorf("garbage gave %d×%d %q", w, h, c)
	}
}
