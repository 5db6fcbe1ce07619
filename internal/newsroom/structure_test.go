package newsroom_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
	"github.com/mastheadhq/masthead/internal/store"
)

func TestStructureChangesCheckTheMatrixAndAreAudited(t *testing.T) {
	d := newDesk(t)
	ctx := t.Context()
	if _, err := d.nr.SavePage(ctx, d.author, "", news.Page{Title: "About"}); !errors.Is(err, news.ErrForbidden) {
		t.Errorf("an author saved a page: %v", err)
	}
	if _, err := d.nr.SaveCategory(ctx, d.contributor, "", news.Category{Name: "Mine"}); !errors.Is(err, news.ErrForbidden) {
		t.Errorf("a contributor made a section: %v", err)
	}
	if _, err := d.nr.SavePage(ctx, d.editor, "", news.Page{Title: "Search", Slug: "search"}); !errors.Is(err, news.ErrInvalid) {
		t.Errorf("a page at /search/: %v", err)
	}
	child, err := d.nr.SaveCategory(ctx, d.editor, "", news.Category{Name: "Economy", ParentID: d.news.ID})
	must(t, err)
	parent := d.news
	parent.ParentID = child.ID
	if _, err := d.nr.SaveCategory(ctx, d.editor, "", parent); !errors.Is(err, news.ErrInvalid) {
		t.Errorf("a section moved under its own child: %v", err)
	}
	tag, err := d.nr.SaveTag(ctx, d.contributor, "via test", news.Tag{Name: "Ports"})
	must(t, err)
	tag.Name = "Harbours"
	if _, err := d.nr.SaveTag(ctx, d.contributor, "", tag); !errors.Is(err, news.ErrForbidden) {
		t.Errorf("a contributor renamed a topic: %v", err)
	}
	own, err := d.db.Author(ctx, d.author.AuthorID)
	must(t, err)
	own.Bio, own.Slug = "Writes about ports.", "taken-over"
	saved, err := d.nr.SaveAuthor(ctx, d.author, "", own)
	must(t, err)
	if saved.Slug != "aut-hor" || saved.Bio != "Writes about ports." {
		t.Errorf("an author's own profile: %+v (the slug must stay)", saved)
	}
	other, _ := d.db.Author(ctx, d.editor.AuthorID)
	if _, err := d.nr.SaveAuthor(ctx, d.author, "", other); !errors.Is(err, news.ErrForbidden) {
		t.Errorf("an author edited someone else's profile: %v", err)
	}
	log, err := d.db.AuditLog(ctx, store.AuditFilter{Limit: 10})
	must(t, err)
	if len(log) != 3 || log[1].Action != "tag.save" || log[1].Detail != "via test" {
		t.Errorf("audit: %+v", log)
	}
}

func TestChangesReadersSeeQueueWebhookEvents(t *testing.T) {
	d := newDesk(t)
	ctx := t.Context()
	hook := news.Webhook{URL: "https://hooks.example/", Events: news.WebhookEvents, Secret: "s"}
	must(t, d.db.CreateWebhook(ctx, &hook))
	a, err := d.nr.Save(ctx, d.editor, d.story("Port opens"), newsroom.StepSave, "")
	must(t, err)
	a, err = d.nr.Save(ctx, d.editor, a, newsroom.StepPublish, "")
	must(t, err)
	a.Title = "Port opens at last"
	a, err = d.nr.Save(ctx, d.editor, a, newsroom.StepSave, "")
	must(t, err)
	a, err = d.nr.Save(ctx, d.editor, a, newsroom.StepUnpublish, "")
	must(t, err)
	must(t, d.nr.Delete(ctx, d.editor, a.ID))
	p, err := d.nr.SavePage(ctx, d.editor, "", news.Page{Title: "About", Status: news.StatusPublished})
	must(t, err)
	must(t, d.nr.DeletePage(ctx, d.editor, "", p))
	must(t, newsroom.QueueSubscriberAdded(ctx, d.db, 7, "reader@example.org", "A Reader", d.clock))

	log, err := d.db.Deliveries(ctx, hook.ID, 20)
	must(t, err)
	var events []string
	for i := len(log) - 1; i >= 0; i-- {
		events = append(events, log[i].Event)
	}
	want := []string{news.EventArticlePublished, news.EventArticleUpdated, news.EventArticleUnpublished,
		news.EventArticleDeleted, news.EventPageChanged, news.EventPageChanged, news.EventSubscriberAdded}
	if len(events) != len(want) {
		t.Fatalf("events %v, want %v", events, want)
	}
	for i := range want {
		if events[i] != want[i] {
			t.Errorf("event %d: %s, want %s", i, events[i], want[i])
		}
	}
	var body struct {
		Event     string
		CreatedAt time.Time `json:"created_at"`
		Data      struct {
			Article struct {
				Title, URL string
			}
		}
	}
	must(t, json.Unmarshal(log[len(log)-1].Payload, &body))
	if body.Event != news.EventArticlePublished || body.Data.Article.Title != "Port opens" || body.Data.Article.URL == "" {
		t.Errorf("published event body: %+v", body)
	}
}
