package wpimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
)

// Options say how to import.
type Options struct {
	// UploadsDir is a copy of the site's wp-content/uploads: pictures are
	// imported from it into the media library, with variants made.
	UploadsDir string
	// MediaBase is where the uploads folder stays reachable (e.g.
	// https://cdn.example/wp-content/uploads): media are linked there and
	// nothing is downloaded. Without UploadsDir or MediaBase, media are
	// linked where the export says they are.
	MediaBase string
	// Permalinks is the site's permalink structure, as WordPress's
	// Settings → Permalinks gives it ("/%year%/%monthnum%/%postname%/"):
	// each post's address in it redirects too, besides the one in the
	// export.
	Permalinks string
	// DryRun does everything and then rolls it back, for the report.
	DryRun bool
	// Progress, when set, is told after each item of the second pass how
	// many of the total are done.
	Progress func(done, total int)
	Log      *slog.Logger
	Now      func() time.Time
}

// Importer brings one export into a publication.
type Importer struct {
	Store   store.Store
	Library *media.Library // where --uploads pictures go; nil without UploadsDir
	Options Options

	ix       *Index
	s        store.Store // the store writes go to: Store, or a dry run's transaction
	newsroom *newsroom.Newsroom
	report   *Report
	cats     *categoryCache
	tags     map[string]int64 // Masthead tag id by WordPress slug
	authors  map[string]int64 // Masthead author id by WordPress login
	pages    map[int64]news.Page
	loc      *time.Location // the publication's time zone
	done     int
	// attachmentSkipped marks attachments already reported as not
	// imported; callbackErr keeps a failure inside a converter callback.
	attachmentSkipped map[int64]bool
	imageIDs          map[int64]int64   // Masthead image id by attachment id, once met
	postHashes        map[string]string // each post's hash at the last run, by WordPress id
	callbackErr       error
	batchItems        int  // parts per transaction when not zero, for tests
	writerOnly        bool // the writer does prepare's work too, for tests
}

// errDryRun rolls a dry run back.
var errDryRun = errors.New("dry run")

// Run imports the export that open returns, reading it twice: first to
// check all of it and index it, then to import it item by item, each in a
// transaction of its own together with its mapping row. A file that fails
// the first pass changes nothing.
func (imp *Importer) Run(ctx context.Context, open func() (io.ReadCloser, error)) (*Report, error) {
	if err := imp.checkOptions(); err != nil {
		return nil, err
	}
	ix, err := scanFile(open)
	if err != nil {
		return nil, err
	}
	imp.ix = ix
	imp.report = newReport(ix, imp.Options)
	imp.newsroom = &newsroom.Newsroom{Store: imp.Store, Now: imp.Options.Now}
	start := time.Now()
	if imp.Options.DryRun {
		err = imp.Store.Atomic(ctx, func(tx store.Store) error {
			if err := imp.pass(ctx, tx, open); err != nil {
				return err
			}
			return errDryRun
		})
		if errors.Is(err, errDryRun) {
			err = nil
		}
	} else if err = imp.pass(ctx, imp.Store, open); err == nil {
		err = imp.awaitSearch(ctx)
	}
	imp.report.Took = time.Since(start)
	if k := imp.report.Kinds["image"]; k != nil && imp.Options.UploadsDir == "" && imp.Options.MediaBase == "" {
		imp.report.advise("Pictures are linked at their WordPress addresses (" + ix.Site.BaseBlogURL + "/wp-content/uploads/…): " +
			"keep that folder served there, or import again with --uploads DIR (to copy them in) or --media-base URL.")
	}
	if err != nil {
		return imp.report, err
	}
	return imp.report, nil
}

// awaitSearch waits, where the store indexes for search beside its
// writer, until what the import wrote can be found: the import is not
// done before its articles are.
func (imp *Importer) awaitSearch(ctx context.Context) error {
	w, ok := imp.Store.(store.SearchIndexWaiter)
	if !ok {
		return nil
	}
	started := time.Now()
	err := w.WaitSearchIndexed(ctx, func(left int64) {
		imp.log().Info("indexing for search", "articles_left", left)
	})
	if err != nil {
		return err
	}
	imp.report.SearchWait = time.Since(started)
	imp.log().Info("search index up to date", "waited", imp.report.SearchWait.Round(time.Millisecond))
	return nil
}

func scanFile(open func() (io.ReadCloser, error)) (*Index, error) {
	f, err := open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if file, ok := f.(*os.File); ok {
		if info, err := file.Stat(); err == nil && info.Mode().IsRegular() {
			if ix, ok := scanInParts(file, info.Size(), scanParts(), minScanPart); ok {
				return ix, nil
			}
		}
	}
	return Scan(f)
}

func (imp *Importer) checkOptions() error {
	o := imp.Options
	if o.UploadsDir != "" && o.MediaBase != "" {
		return errors.New("give --uploads or --media-base, not both")
	}
	if o.UploadsDir != "" && imp.Library == nil {
		return errors.New("importing uploads needs a media library")
	}
	if o.MediaBase != "" {
		if err := checkMediaBase(o.MediaBase); err != nil {
			return err
		}
	}
	if o.Permalinks != "" {
		if err := checkPermalinks(o.Permalinks); err != nil {
			return err
		}
	}
	return nil
}

// pass is the second pass: it imports every part of the export into s.
func (imp *Importer) pass(ctx context.Context, s store.Store, open func() (io.ReadCloser, error)) error {
	imp.s = s
	if err := imp.loadTerms(ctx); err != nil {
		return err
	}
	if err := imp.loadPages(ctx); err != nil {
		return err
	}
	settings, err := s.Settings(ctx)
	if errors.Is(err, news.ErrNotFound) {
		// A new publication takes the site's name from the export.
		settings = news.Settings{Name: strings.TrimSpace(imp.ix.Site.Title), Tagline: strings.TrimSpace(imp.ix.Site.Description),
			Language: strings.TrimSpace(imp.ix.Site.Language)}
		err = s.SaveSettings(ctx, settings)
	}
	if err != nil {
		return err
	}
	imp.loc = settings.Location()
	imp.authors, imp.imageIDs, imp.attachmentSkipped = map[string]int64{}, map[int64]int64{}, map[int64]bool{}
	if err := imp.loadPostHashes(ctx); err != nil {
		return err
	}
	f, err := open()
	if err != nil {
		return err
	}
	defer f.Close()
	readCtx, stopReading := context.WithCancel(ctx)
	prepare := imp.prepare
	if imp.writerOnly {
		prepare = func(*Item) *prepared { return nil }
	}
	parts, readErr := readParts(readCtx, f, prepare)
	defer func() {
		stopReading()
		for range parts { // let the reader end
		}
	}()
	for more := true; more; {
		err := s.Atomic(ctx, func(tx store.Store) error {
			imp.s = tx
			if bulk, ok := tx.(store.BulkWriter); ok {
				if err := bulk.WriteInBulk(ctx); err != nil {
					return err
				}
			}
			var err error
			more, err = imp.batch(ctx, parts)
			return err
		})
		imp.s = s
		if err != nil {
			return err
		}
	}
	if err := <-readErr; err != nil {
		return err
	}
	return imp.siteRedirects(ctx)
}

// Batches of items share a transaction, each item in a savepoint of its
// own: a commit per item (SQLite writes the changed pages of the search
// index to the log at every commit) cost more than the item itself. A
// batch stays short, so that it neither holds the writer's lock long
// against a site that keeps serving nor loses much work to a crash; what
// a crash loses, a re-run redoes, since each item's mapping row commits
// with it. A thousand items take about a second of the writer's time;
// smaller batches made more commits, each writing the pages it changed
// to the log again (see docs/decisions.md).
const (
	batchItems = 1000
	batchTime  = 5 * time.Second
)

// Each batch is a bulk write where the store can do one
// (store.BulkWriter): the store logs the keys of the rows it made with a
// few queries as it commits, instead of the change triggers' some twenty
// keys per imported post, a tenth of the writer's time. The page caches
// drop the same pages either way, not every page.

// batch imports parts into the store of the current transaction until a
// batch is full, and reports whether more parts may follow.
func (imp *Importer) batch(ctx context.Context, parts <-chan part) (bool, error) {
	deadline := time.Now().Add(batchTime)
	size := batchItems
	if imp.batchItems > 0 {
		size = imp.batchItems
	}
	for n := 0; n < size && time.Now().Before(deadline); n++ {
		p, ok := <-parts
		if !ok {
			return false, nil
		}
		if err := ctx.Err(); err != nil {
			return false, err
		}
		if err := imp.part(ctx, p); err != nil {
			return false, err
		}
	}
	return true, nil
}

// part is one author, term or item of the export.
type part struct {
	author *Author
	term   *Term
	item   *Item
	prep   *prepared // for a post, the work done beside the writer
}

// readParts reads the export in a goroutine of its own, so that parsing
// the XML, and what prepare does with each item, overlaps with writing
// what it holds, and hands over one part at a time; a few wait at most,
// so memory stays bounded. The error channel gives Read's result once
// parts is closed.
func readParts(ctx context.Context, r io.Reader, prepare func(*Item) *prepared) (<-chan part, <-chan error) {
	parts := make(chan part, 8)
	errc := make(chan error, 1)
	send := func(p part) error {
		select {
		case parts <- p:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	go func() {
		defer close(parts)
		errc <- Read(r, Visitor{
			Author: func(a Author) error { return send(part{author: &a}) },
			Term:   func(t Term) error { return send(part{term: &t}) },
			Item:   func(it Item) error { return send(part{item: &it, prep: prepare(&it)}) },
		})
	}()
	return parts, errc
}

func (imp *Importer) part(ctx context.Context, p part) error {
	switch {
	case p.author != nil:
		_, err := imp.author(ctx, p.author.Login)
		return err
	case p.term != nil:
		return imp.term(ctx, *p.term)
	}
	err := imp.item(ctx, *p.item, p.prep)
	imp.done++
	if imp.Options.Progress != nil {
		imp.Options.Progress(imp.done, imp.ix.Total)
	}
	return err
}

// item imports one item by its type; what cannot be imported is reported.
func (imp *Importer) item(ctx context.Context, it Item, prep *prepared) error {
	var err error
	switch it.Type {
	case "post":
		err = imp.post(ctx, it, prep)
	case "page":
		err = imp.page(ctx, it)
	case "attachment":
		if !importable(it.Status) && it.Status != "inherit" {
			imp.report.skip(it, statusSkipReason(it.Status))
			return nil
		}
		if _, err = imp.attachment(ctx, it.ID); errors.Is(err, errNoImage) {
			return nil
		}
	default:
		imp.report.skip(it, skipReason(it.Type))
		return nil
	}
	return imp.keepGoing(it, err)
}

// keepGoing reports an item the store refused as skipped and carries on;
// any other failure (the database is gone, the run was cancelled) stops
// the import.
func (imp *Importer) keepGoing(it Item, err error) error {
	if err == nil {
		return nil
	}
	var problem *newsroom.ProblemError
	if errors.As(err, &problem) || errors.Is(err, news.ErrInvalid) || errors.Is(err, news.ErrConflict) {
		imp.log().Warn("item not imported", "type", it.Type, "id", it.ID, "line", it.Line, "err", err)
		imp.report.skip(it, "refused: "+err.Error())
		return nil
	}
	return fmt.Errorf("item %d (line %d): %w", it.ID, it.Line, err)
}

// skipReason says why items of a type WordPress exports are not imported.
func skipReason(typ string) string {
	switch typ {
	case "nav_menu_item":
		return "navigation menus are not imported: rebuild them in the newsroom (Menus)"
	case "revision":
		return "revisions are not imported: the latest version is"
	case "wp_block", "wp_template", "wp_template_part", "wp_global_styles", "wp_navigation", "custom_css",
		"customize_changeset", "oembed_cache", "user_request", "wp_font_family", "wp_font_face":
		return "WordPress's own data (" + typ + "), not content"
	}
	return "custom post type " + strconv.Quote(typ) + " has no place in Masthead"
}

func (imp *Importer) now() time.Time {
	if imp.Options.Now != nil {
		return imp.Options.Now().UTC()
	}
	return time.Now().UTC()
}

func (imp *Importer) log() *slog.Logger {
	if imp.Options.Log != nil {
		return imp.Options.Log
	}
	return slog.New(slog.DiscardHandler)
}

// mapping returns the mapping of a WordPress item of kind, or false.
func (imp *Importer) mapping(ctx context.Context, kind, id string) (news.ImportMapping, bool, error) {
	m, err := imp.s.ImportMapping(ctx, imp.ix.Source, kind, id)
	if errors.Is(err, news.ErrNotFound) {
		return news.ImportMapping{}, false, nil
	}
	return m, err == nil, err
}

// remember records, in the item's transaction s, what it became.
func (imp *Importer) remember(ctx context.Context, s store.Store, kind, id string, target int64, hash string) error {
	return s.SetImportMapping(ctx, news.ImportMapping{
		Source: imp.ix.Source, Kind: kind, SourceID: id, TargetID: target, Hash: hash, ImportedAt: imp.now(),
	})
}
