package newsroom_test

import (
	"errors"
	"testing"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/newsroom"
)

func TestTranslationsJoinOneGroupAndKeepTheirLanguage(t *testing.T) {
	d := newDesk(t)
	ctx := t.Context()
	must(t, d.db.SetEditions(ctx, []news.Edition{{Code: "az", Name: "Azərbaycanca", Dir: "ltr"}, {Code: "ru", Name: "Русский", Dir: "ltr"}}))
	orig, err := d.nr.Save(ctx, d.editor, d.story("Harbour reopens"), newsroom.StepPublish, "")
	must(t, err)

	// A contributor may write, so may translate, though not edit the original.
	az, err := d.nr.Translate(ctx, d.contributor, orig.ID, "az")
	must(t, err)
	if az.Lang != "az" || az.Status != news.StatusDraft || az.TranslationGroup != orig.ID || az.TranslatedFrom != orig.ID ||
		az.TranslatorID != d.contributor.ID || az.Slug != "harbour-reopens-az" || az.Body != orig.Body {
		t.Errorf("translation: %+v", az)
	}
	if !newsroom.Owns(d.contributor, az) {
		t.Error("the translator does not own their translation")
	}
	// Translating the translation into Russian joins the same group.
	ru, err := d.nr.Translate(ctx, d.editor, az.ID, "ru")
	must(t, err)
	if ru.TranslationGroup != orig.ID || ru.TranslatedFrom != az.ID {
		t.Errorf("second translation: group %d, from %d", ru.TranslationGroup, ru.TranslatedFrom)
	}

	// The translator's save keeps the language and the links.
	az.Title = "Liman yenidən açılır"
	saved, err := d.nr.Save(ctx, d.contributor, az, newsroom.StepSubmit, "")
	must(t, err)
	if saved.Lang != "az" || saved.TranslationGroup != orig.ID || saved.Status != news.StatusReview {
		t.Errorf("after the translator's save: lang %q group %d status %s", saved.Lang, saved.TranslationGroup, saved.Status)
	}

	for _, tc := range []struct {
		lang string
		want error
	}{
		{"az", news.ErrConflict}, // there is one already
		{"en", news.ErrInvalid},  // the original's own language
		{"fr", news.ErrInvalid},  // no such edition
	} {
		_, err := d.nr.Translate(ctx, d.editor, orig.ID, tc.lang)
		if !errors.Is(err, tc.want) {
			t.Errorf("translate into %s: %v, want %v", tc.lang, err, tc.want)
		}
	}
	var existing *newsroom.ExistingTranslationError
	if _, err := d.nr.Translate(ctx, d.editor, orig.ID, "az"); !errors.As(err, &existing) || existing.ID != az.ID {
		t.Errorf("a second az translation should point at %d: %v", az.ID, err)
	}

	// A new article may be written in an edition; the default's code is stored as "".
	ruNew := d.story("Порт снова открыт")
	ruNew.Lang = "ru"
	created, err := d.nr.Save(ctx, d.editor, ruNew, newsroom.StepSave, "")
	must(t, err)
	enNew := d.story("Harbour news")
	enNew.Lang = "en"
	createdEn, err := d.nr.Save(ctx, d.editor, enNew, newsroom.StepSave, "")
	must(t, err)
	if created.Lang != "ru" || createdEn.Lang != "" {
		t.Errorf("new articles' languages: %q, %q", created.Lang, createdEn.Lang)
	}
	if _, err := d.nr.Translate(ctx, news.User{ID: 99, Role: "nobody"}, orig.ID, "ru"); !errors.Is(err, news.ErrForbidden) {
		t.Errorf("a user without a role translated: %v", err)
	}
}
