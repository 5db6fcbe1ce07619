package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mastheadhq/masthead/bench/internal/benchdata"
	"github.com/mastheadhq/masthead/internal/app"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/postgres"
)

// target is one kind of page measured: a row of the table.
type target struct {
	name string
	// grows marks the pages whose cost may follow the archive's size:
	// search, which ranks the newest store.SearchRankWindow matches but
	// must first find them.
	grows bool
	warm  []page // requested before measuring, not timed
	pages []page // requested in turn, one per measured request
}

// page is one address and a piece of text its answer must hold, so that
// a fast error page is never taken for a fast page.
type page struct {
	path   string
	expect string
}

// Planted queries, as a reader types them.
var searchQueries = []struct{ name, query, expect string }{
	{"search: rare word", benchdata.RareWord, ""}, // in a few articles of a small archive, perhaps none
	{"search: common word", benchdata.CommonWord, "<mark>"},
	{"search: phrase", `"` + benchdata.Phrase + `"`, "<mark>"},
}

// pageTargets builds the measured pages from what the database holds:
// the first top-level section that has sub-sections, the tag with the
// most articles, and a random sample of visible articles from the whole
// archive, a different one for each request, so that the article rows
// read are not always the same cached few.
func pageTargets(ctx context.Context, dsn string, requests, warmup int, seed uint64) ([]target, error) {
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	settings, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	cats, err := st.AllCategories(ctx)
	if err != nil {
		return nil, err
	}
	tree := news.NewCategoryTree(cats)
	var section news.Category
	for _, root := range tree.Roots() {
		if len(tree.Children(root.ID)) > 0 {
			section = root
			break
		}
	}
	if section.ID == 0 {
		return nil, errors.New("no top-level section with sub-sections")
	}
	sectionPath := "/category/" + tree.Path(section.ID) + "/"

	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var tagSlug, tagName string
	err = conn.QueryRow(ctx, `SELECT t.slug, t.name FROM tags t
		JOIN article_tags at ON at.tag_id = t.id
		GROUP BY t.id ORDER BY count(*) DESC, t.id LIMIT 1`).Scan(&tagSlug, &tagName)
	if err != nil {
		return nil, fmt.Errorf("find the largest tag: %w", err)
	}
	articles, err := sampleArticles(ctx, conn, requests+warmup, seed, settings.Location())
	if err != nil {
		return nil, err
	}

	one := func(name, path, expect string) target {
		p := page{path: path, expect: expect}
		return target{name: name, warm: []page{p}, pages: []page{p}}
	}
	targets := []target{
		one("front page", "/", settings.Name),
		{name: "article", warm: articles[:warmup], pages: articles[warmup:]},
		one("category "+sectionPath, sectionPath, section.Name),
		one("category "+sectionPath+" page 2", sectionPath+"page/2/", section.Name),
		one("tag (largest)", "/tag/"+tagSlug+"/", tagName),
	}
	for _, q := range searchQueries {
		t := one(q.name, "/search?q="+url.QueryEscape(q.query), q.expect)
		t.grows = true
		targets = append(targets, t)
	}
	return targets, nil
}

// sampleArticles picks n visible articles at random from the whole
// archive (fewer, repeated, when the archive is smaller) and returns
// their pages, dated in the publication's zone as the site dates them.
func sampleArticles(ctx context.Context, conn *pgx.Conn, n int, seed uint64, loc *time.Location) ([]page, error) {
	var maxID int64
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM articles`).Scan(&maxID); err != nil {
		return nil, err
	}
	if maxID == 0 {
		return nil, errors.New("no articles to sample")
	}
	rng := rand.New(rand.NewPCG(seed, 0x73616d70)) // "samp"
	// Drafts and scheduled articles are drawn too and dropped, so twice
	// as many as needed are drawn.
	ids := make([]int64, 2*n+20)
	for i := range ids {
		ids[i] = 1 + rng.Int64N(maxID)
	}
	rows, err := conn.Query(ctx, `SELECT a.id, a.slug, a.title, a.published_at FROM articles a
		WHERE a.id = ANY($1) AND a.status = 'published' AND a.published_at <= now()`, ids)
	if err != nil {
		return nil, err
	}
	byID := map[int64]page{}
	for rows.Next() {
		var id int64
		var slug, title string
		var published time.Time
		if err := rows.Scan(&id, &slug, &title, &published); err != nil {
			return nil, err
		}
		byID[id] = page{path: published.In(loc).Format("/2006/01/02/") + slug + "/", expect: title}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(byID) == 0 {
		return nil, errors.New("no visible article among those sampled")
	}
	// In the order drawn, not the order the server returned them.
	var pages []page
	seen := map[int64]bool{}
	for len(pages) < n {
		for _, id := range ids {
			if p, ok := byID[id]; ok && len(pages) < n && (!seen[id] || len(seen) == len(byID)) {
				seen[id] = true
				pages = append(pages, p)
			}
		}
	}
	return pages, nil
}

// pageTiming is how long the server took over each request for one
// target.
type pageTiming struct {
	name    string
	grows   bool
	samples []time.Duration
}

// percentile returns the nearest-rank percentile q (0 < q ≤ 100).
func (p pageTiming) percentile(q float64) time.Duration {
	s := slices.Clone(p.samples)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	rank := int(q/100*float64(len(s))+0.999999) - 1
	return s[min(max(rank, 0), len(s)-1)]
}

// measure serves the whole site, as app.Open builds it for masthead
// serve, and requests every target's pages in turn: warmup rounds that
// are not timed, then requests rounds, each round one request to every
// target, so that anything slow in the background (a checkpoint, another
// process) spreads over all targets rather than spoiling one. Requests
// are sequential. The time recorded is the server's, from the handler
// being called to its return with the page written, so that neither the
// client nor the loopback network is counted.
func measure(ctx context.Context, dsn string, targets []target, warmup, requests int, log io.Writer) ([]pageTiming, error) {
	dir, err := os.MkdirTemp("", "masthead-scale-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cfg := config.Default()
	cfg.DataDir, cfg.DB = dir, dsn
	m, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		return nil, err
	}
	defer m.Close()
	served := make(chan time.Duration, 1)
	site := m.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		site.ServeHTTP(w, r)
		served <- time.Since(start)
	}))
	defer srv.Close()
	client := &http.Client{
		Timeout: time.Minute,
		// A redirect is a wrong address, which must fail the run, not be
		// followed and timed as the page.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	get := func(p page) (time.Duration, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+p.path, nil)
		if err != nil {
			return 0, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		took := <-served
		switch {
		case err != nil:
			return 0, fmt.Errorf("GET %s: %w", p.path, err)
		case resp.StatusCode != http.StatusOK:
			return 0, fmt.Errorf("GET %s: status %d", p.path, resp.StatusCode)
		case !bytes.Contains(body, []byte(p.expect)):
			return 0, fmt.Errorf("GET %s: the page does not hold %q", p.path, p.expect)
		}
		return took, nil
	}

	timings := make([]pageTiming, len(targets))
	for i := range warmup {
		for _, t := range targets {
			if len(t.warm) == 0 {
				continue
			}
			if _, err := get(t.warm[i%len(t.warm)]); err != nil {
				return nil, fmt.Errorf("warm-up: %w", err)
			}
		}
	}
	// Progress every ten seconds: at a million articles the slow pages
	// make this take minutes.
	reported := time.Now()
	for i := range requests {
		if time.Since(reported) > 10*time.Second {
			fmt.Fprintf(log, "  measured %d of %d rounds\n", i, requests)
			reported = time.Now()
		}
		for j, t := range targets {
			took, err := get(t.pages[i%len(t.pages)])
			if err != nil {
				return nil, err
			}
			timings[j].name, timings[j].grows = t.name, t.grows
			timings[j].samples = append(timings[j].samples, took)
		}
	}
	return timings, nil
}
