package benchdata

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// section is one category of the generated section tree. weight is its
// share of the articles filed under it as their primary category.
type section struct {
	name, parent string
	weight       int
}

// sections is a newspaper's tree of fifteen: five top-level sections, most
// with sub-sections, where most stories are filed in a sub-section and a
// few in the section itself. News and its sub-sections hold about half of
// the archive, as the news section of a news site does.
var sections = []section{
	{"News", "", 4}, {"Politics", "News", 14}, {"Economy", "News", 12}, {"World", "News", 12}, {"Region", "News", 8},
	{"Business", "", 2}, {"Energy", "Business", 9}, {"Markets", "Business", 7}, {"Technology", "Business", 5},
	{"Opinion", "", 2}, {"Columns", "Opinion", 8}, {"Letters", "Opinion", 2},
	{"Culture", "", 4}, {"Books", "Culture", 3},
	{"Sport", "", 8},
}

// Sizes of the rest of the publication.
const (
	tagCount      = 200
	authorCount   = 100
	featuredCount = 300 // featured images the articles share
)

// benchTimeZone is the publication's zone: article addresses carry the
// date there, so the benchmark must build them the same way.
const benchTimeZone = "Asia/Baku"

// Publication is everything the articles refer to. It is made through the
// store, as the newsroom makes it: a few hundred rows, where speed does
// not matter and the backend's own rules (slugs, JSON columns) do.
type Publication struct {
	Categories []news.Category // in the order of sections
	Tags       []news.Tag      // most used first
	Authors    []news.Author   // most prolific first
	Featured   []int64         // image ids
	// primaryPick lists category indexes, each repeated by its weight, so
	// that a uniform pick from it follows the weights.
	primaryPick []int
	// images counts every image made: featured ones, avatars, the logo
	// and the banners'.
	images int
}

// Images is the number of images the publication holds.
func (p *Publication) Images() int { return p.images }

// CreatePublication writes settings, images, the section tree, tags,
// authors, menus, static pages and banners.
func CreatePublication(ctx context.Context, st store.Store, vocab *Vocabulary, seed uint64) (*Publication, error) {
	w := newWriter(vocab, rand.New(rand.NewPCG(seed, 0x70756223))) // "pub#"
	p := &Publication{}
	newImage := func(alt string) (*news.Image, error) {
		p.images++
		base := fmt.Sprintf("2025/01/bench-%04d", p.images)
		img := &news.Image{Path: base + ".jpg", MIME: "image/jpeg", Width: 2400, Height: 1600,
			Alt: alt, Caption: w.standfirst(), Credit: "Masthead bench"}
		for _, width := range []int{320, 640, 1024, 1600} {
			img.Variants = append(img.Variants, news.Variant{Path: base + "-" + strconv.Itoa(width) + "w.jpg",
				MIME: "image/jpeg", Width: width, Height: width * 2 / 3})
		}
		img.Variants = append(img.Variants, news.Variant{Path: base + "-1200x630.jpg", MIME: "image/jpeg",
			Width: 1200, Height: 630, Crop: true})
		if err := st.CreateImage(ctx, img); err != nil {
			return nil, err
		}
		return img, nil
	}

	logo, err := newImage("Masthead Bench")
	if err != nil {
		return nil, err
	}
	err = st.SaveSettings(ctx, news.Settings{
		Name: "The Caspian Bench", Tagline: "A million stories, one binary",
		About: w.standfirst(), ContactEmail: "desk@bench.example", Copyright: "The Caspian Bench",
		Language: "en", TimeZone: benchTimeZone, Logo: logo, ConsentText: "We use one cookie to remember this choice.",
		Social: []news.SocialLink{{Network: "x", URL: "https://x.com/bench"}, {Network: "telegram", URL: "https://t.me/bench"}},
	})
	if err != nil {
		return nil, err
	}
	for range featuredCount {
		img, err := newImage(w.title())
		if err != nil {
			return nil, err
		}
		p.Featured = append(p.Featured, img.ID)
	}

	byName := map[string]news.Category{}
	for i, s := range sections {
		c := news.Category{Name: s.name, Slug: news.Slugify(s.name), Description: w.standfirst(), Position: i}
		if s.parent != "" {
			c.ParentID = byName[s.parent].ID
		}
		if err := st.CreateCategory(ctx, &c); err != nil {
			return nil, err
		}
		byName[s.name] = c
		p.Categories = append(p.Categories, c)
		for range s.weight {
			p.primaryPick = append(p.primaryPick, i)
		}
	}

	slugs := map[string]bool{}
	for len(p.Tags) < tagCount {
		name := capitalize(w.titleWord())
		if w.chance(0.3) {
			name += " " + capitalize(w.titleWord())
		}
		t := news.Tag{Name: name, Slug: news.Slugify(name), Description: w.standfirst()}
		if slugs[t.Slug] {
			continue
		}
		slugs[t.Slug] = true
		if err := st.CreateTag(ctx, &t); err != nil {
			return nil, err
		}
		p.Tags = append(p.Tags, t)
	}

	for len(p.Authors) < authorCount {
		name := capitalize(w.titleWord()) + " " + capitalize(w.titleWord())
		slug := news.Slugify(name)
		if slugs[slug] {
			continue
		}
		slugs[slug] = true
		avatar, err := newImage(name)
		if err != nil {
			return nil, err
		}
		a := news.Author{Name: name, Slug: slug, Bio: w.standfirst(), Email: slug + "@bench.example", Avatar: avatar,
			Links: []news.SocialLink{{Network: "x", URL: "https://x.com/" + slug}}}
		if err := st.CreateAuthor(ctx, &a); err != nil {
			return nil, err
		}
		p.Authors = append(p.Authors, a)
	}

	if err := createNavigation(ctx, st, p, newImage); err != nil {
		return nil, err
	}
	return p, nil
}

// createNavigation writes the menus, the static pages the footer links
// to and the banners: every page shows them, so they are part of what
// each request costs.
func createNavigation(ctx context.Context, st store.Store, p *Publication, newImage func(string) (*news.Image, error)) error {
	tree := news.NewCategoryTree(p.Categories)
	var header []news.MenuItem
	for _, root := range tree.Roots() {
		header = append(header, news.MenuItem{Label: root.Name, URL: "/category/" + tree.Path(root.ID) + "/", Position: len(header)})
		parent := int64(len(header))
		for _, child := range tree.Children(root.ID) {
			header = append(header, news.MenuItem{ParentID: parent, Label: child.Name,
				URL: "/category/" + tree.Path(child.ID) + "/", Position: len(header)})
		}
	}
	if err := st.SetMenu(ctx, news.MenuHeader, header); err != nil {
		return err
	}
	if err := st.SetMenu(ctx, news.MenuMobile, header); err != nil {
		return err
	}
	var footer []news.MenuItem
	for _, pg := range []news.Page{{Title: "About us", Slug: "about"}, {Title: "Privacy policy", Slug: "privacy-policy"}} {
		pg.Body, pg.Status, pg.PublishedAt = "<p>"+pg.Title+".</p>", news.StatusPublished, time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
		if err := st.CreatePage(ctx, &pg); err != nil {
			return err
		}
		footer = append(footer, news.MenuItem{Label: pg.Title, URL: "/" + pg.Slug + "/", Position: len(footer)})
	}
	if err := st.SetMenu(ctx, news.MenuFooter, footer); err != nil {
		return err
	}
	var banners []news.Banner
	for i, title := range []string{"Subscribe to the digest", "Our podcast"} {
		img, err := newImage(title)
		if err != nil {
			return err
		}
		banners = append(banners, news.Banner{Title: title, URL: "https://bench.example/" + strconv.Itoa(i), Image: img, Position: i})
	}
	return st.SetBanners(ctx, banners)
}
