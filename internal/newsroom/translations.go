package newsroom

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// ExistingTranslationError says that the group already has an article in
// the language asked for; ID is that article, to open instead.
type ExistingTranslationError struct{ ID int64 }

func (e *ExistingTranslationError) Error() string {
	return fmt.Sprintf("article %d is already the translation in that language", e.ID)
}

func (e *ExistingTranslationError) Unwrap() error { return news.ErrConflict }

// storedLang is how the store keeps an edition code: "" for the default
// language, so that articles follow the default if it changes.
func storedLang(ctx context.Context, s store.Store, code string) (string, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return "", nil
	}
	settings, err := s.Settings(ctx)
	if err != nil && !errors.Is(err, news.ErrNotFound) {
		return "", err
	}
	def := settings.Language
	if def == "" {
		def = "en"
	}
	if code == "" || strings.EqualFold(code, def) {
		return "", nil
	}
	editions, err := s.Editions(ctx)
	if err != nil {
		return "", err
	}
	for _, e := range editions {
		if strings.EqualFold(e.Code, code) {
			return e.Code, nil
		}
	}
	return "", problem(fmt.Sprintf("There is no %q edition.", code))
}

// Translate starts a translation of article id into the edition lang: a
// draft in that language, linked to the original's translation group
// (which the original joins, as its first article, if it had none),
// recording the translator and the source. Whoever may write articles may
// translate any article they can see in the newsroom. The draft starts
// with the original's words, sections, topics, byline and picture, for
// the translator to write over.
func (n *Newsroom) Translate(ctx context.Context, u news.User, id int64, lang string) (news.Article, error) {
	if !Allowed(u.Role, WriteArticle, true) {
		return news.Article{}, news.ErrForbidden
	}
	var created int64
	err := n.Store.Atomic(ctx, func(s store.Store) error {
		src, err := s.Article(ctx, id)
		if err != nil {
			return err
		}
		target, err := storedLang(ctx, s, lang)
		if err != nil {
			return err
		}
		if target == src.Lang {
			return problem("The article is already in that language.")
		}
		group := src.TranslationGroup
		if group == 0 {
			group = src.ID
			src.TranslationGroup, src.Version = group, 0
			if err := s.UpdateArticle(ctx, &src); err != nil {
				return err
			}
		}
		members, err := s.ListArticles(ctx, store.ArticleFilter{TranslationGroups: []int64{group}})
		if err != nil {
			return err
		}
		for _, m := range members {
			if m.Lang == target {
				return &ExistingTranslationError{ID: m.ID}
			}
		}
		draft := news.Article{
			Title: src.Title, Standfirst: src.Standfirst, Body: src.Body, WordCount: src.WordCount,
			Status: news.StatusDraft, Categories: src.Categories, Tags: src.Tags, Authors: src.Authors, Image: src.Image,
			Lang: target, TranslationGroup: group, TranslatedFrom: src.ID, TranslatorID: u.ID,
		}
		if draft.Slug, err = freeSlug(ctx, s, src.Slug+"-"+strings.ToLower(lang)); err != nil {
			return err
		}
		if err := s.CreateArticle(ctx, &draft); err != nil {
			return err
		}
		created = draft.ID
		return n.record(ctx, s, u, draft, fmt.Sprintf("Translation of article %d started", src.ID))
	})
	if err != nil {
		return news.Article{}, fmt.Errorf("translate article %d into %s: %w", id, lang, err)
	}
	return n.Store.Article(ctx, created)
}

// freeSlug returns slug, or slug with a number after it, whichever no
// article has yet.
func freeSlug(ctx context.Context, s store.Store, slug string) (string, error) {
	candidate := slug
	for i := 2; ; i++ {
		_, err := s.ArticleBySlug(ctx, candidate)
		if errors.Is(err, news.ErrNotFound) {
			return candidate, nil
		}
		if err != nil {
			return "", err
		}
		candidate = fmt.Sprintf("%s-%d", slug, i)
	}
}
