package admin

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

type bannerFormPage struct {
	base
	Problems []string
	Rows     []bannerRow
	// Unsaved is set when rows were added but the links not yet saved.
	Unsaved bool
}

type bannerRow struct {
	N           int
	Title       string
	URL         string
	Image       string // image id as typed
	First, Last bool
}

func (b bannerRow) empty() bool { return b.Title == "" && b.URL == "" && b.Image == "" }

// blankBannerRows is how many empty rows the form offers for new links.
const blankBannerRows = 2

func (a *Admin) bannerEdit(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageBanners); err != nil {
		return err
	}
	banners, err := a.store.AllBanners(r.Context())
	if err != nil {
		return err
	}
	var rows []bannerRow
	for _, b := range banners {
		rows = append(rows, bannerRow{Title: b.Title, URL: b.URL, Image: imageIDText(b.Image)})
	}
	return a.bannerForm(w, r, http.StatusOK, append(rows, make([]bannerRow, blankBannerRows)...), nil, false)
}

func (a *Admin) bannerForm(w http.ResponseWriter, r *http.Request, status int, rows []bannerRow, p formProblems, unsaved bool) error {
	filled := 0
	for _, row := range rows {
		if !row.empty() {
			filled++
		}
	}
	for i := range rows {
		rows[i].N = i + 1
		rows[i].First, rows[i].Last = i == 0, i >= filled-1
	}
	return a.render(w, status, "manage_banners.html", bannerFormPage{base: a.page(r, "Useful links"), Problems: p, Rows: rows, Unsaved: unsaved})
}

// bannerUpdate applies the button pressed to the rows posted and saves
// them all, as the menus page does.
func (a *Admin) bannerUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := mayManage(r, newsroom.ManageBanners); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	titles, urls, images := r.PostForm["title"], r.PostForm["url"], r.PostForm["image"]
	var rows []bannerRow
	for i := range max(len(titles), len(urls), len(images)) {
		row := bannerRow{Title: strings.TrimSpace(nthValue(titles, i)), URL: strings.TrimSpace(nthValue(urls, i)), Image: strings.TrimSpace(nthValue(images, i))}
		if !row.empty() {
			rows = append(rows, row)
		}
	}
	op, arg, _ := strings.Cut(r.PostFormValue("op"), ":")
	k, _ := strconv.Atoi(arg)
	k-- // rows are numbered from 1 on the page
	switch {
	case op == "add":
		return a.bannerForm(w, r, http.StatusOK, append(rows, make([]bannerRow, blankBannerRows+1)...), nil, true)
	case (op == "up" && k > 0 && k < len(rows)) || (op == "down" && k >= 0 && k < len(rows)-1):
		j := k - 1
		if op == "down" {
			j = k + 1
		}
		rows[k], rows[j] = rows[j], rows[k]
	case op == "remove" && k >= 0 && k < len(rows):
		rows = slices.Delete(rows, k, k+1)
	}
	var p formProblems
	banners := make([]news.Banner, len(rows))
	for i, row := range rows {
		what := "Link " + strconv.Itoa(i+1)
		if row.Title == "" {
			p.add("%s: give it a title; it is the link's text for people who cannot see the image.", what)
		}
		if msg := linkProblem(row.URL); msg != "" {
			p.add("%s (“%s”): %s.", what, row.Title, msg)
		}
		banners[i] = news.Banner{Title: row.Title, URL: row.URL, Image: a.formImage(r, row.Image, what, &p), Position: i}
	}
	if len(p) == 0 {
		if err := storeRefusal(a.store.SetBanners(r.Context(), banners), "link", &p); err != nil {
			return err
		}
	}
	if len(p) > 0 {
		return a.bannerForm(w, r, http.StatusUnprocessableEntity, append(rows, bannerRow{}), p, false)
	}
	notice := "saved"
	if op == "up" || op == "down" {
		notice = "moved"
	}
	redirectDone(w, r, "/admin/banners/", notice)
	return nil
}
