package newsroom

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strconv"

	"github.com/mastheadhq/masthead/internal/news"
)

// DraftFromWire starts an article from a wire item: a draft by u, titled
// as the item, its summary as the standfirst and quoted in the body with
// a link to the original, and the attribution filled in (kind reprint or
// translation, the source as the publication, the item's address, author
// and language). The item is marked seen. lang is the edition the draft
// is written in; when empty, a reprint is in the item's language if the
// publication has an edition in it, and anything else in the default.
func (n *Newsroom) DraftFromWire(ctx context.Context, u news.User, itemID int64, kind news.AttributionKind, lang string) (news.Article, error) {
	if !Allowed(u.Role, ReadWire, true) || !Allowed(u.Role, WriteArticle, true) {
		return news.Article{}, news.ErrForbidden
	}
	if kind != news.Reprint && kind != news.Translation {
		return news.Article{}, fmt.Errorf("%w: a wire item becomes a reprint or a translation", news.ErrInvalid)
	}
	item, err := n.Store.WireItem(ctx, itemID)
	if err != nil {
		return news.Article{}, err
	}
	src, err := n.Store.WireSource(ctx, item.SourceID)
	if err != nil {
		return news.Article{}, err
	}
	target, err := n.wireDraftLang(ctx, kind, lang, item.Language)
	if err != nil {
		return news.Article{}, err
	}
	title := item.Title
	if title == "" {
		title = "From " + src.Name
	}
	slug, err := n.freeSlug(ctx, news.Slugify(title), item.ID)
	if err != nil {
		return news.Article{}, err
	}
	draft := news.Article{
		Title: title, Slug: slug, Standfirst: item.Summary, Body: wireBody(item, src), Lang: target,
		Source: news.Attribution{Kind: kind, Publication: src.Name, URL: item.URL,
			OriginalAuthor: item.Author, Language: item.Language},
	}
	if kind == news.Translation {
		draft.Source.Translator = u.Name
	}
	saved, err := n.Save(ctx, u, draft, StepSave, "Started from the wire: "+src.Name)
	if err != nil {
		return news.Article{}, err
	}
	if _, err := n.Store.MarkWireSeen(ctx, []int64{item.ID}); err != nil {
		return saved, err
	}
	return saved, nil
}

// wireDraftLang is the stored edition code of a draft from the wire: the
// one asked for, which must exist; else, for a reprint, the item's own
// language when the publication has an edition in it; else the default.
func (n *Newsroom) wireDraftLang(ctx context.Context, kind news.AttributionKind, asked, itemLang string) (string, error) {
	if asked != "" {
		return storedLang(ctx, n.Store, asked)
	}
	if kind != news.Reprint || itemLang == "" {
		return "", nil
	}
	code, err := storedLang(ctx, n.Store, itemLang)
	if errors.Is(err, news.ErrInvalid) {
		return "", nil // no edition in that language: the default's
	}
	return code, err
}

// wireBody quotes the item's summary and links to the original, for the
// editor to replace with the text.
func wireBody(item news.WireItem, src news.WireSource) string {
	var body string
	if item.Summary != "" {
		body = "<blockquote><p>" + html.EscapeString(item.Summary) + "</p></blockquote>"
	}
	if item.URL != "" {
		body += `<p>Original: <a href="` + html.EscapeString(item.URL) + `">` + html.EscapeString(src.Name) + "</a></p>"
	}
	return body
}

// freeSlug returns slug, or slug with a number after it, that no article
// has; "wire-ID" when the title gives no slug.
func (n *Newsroom) freeSlug(ctx context.Context, slug string, itemID int64) (string, error) {
	if !news.ValidSlug(slug) {
		slug = "wire-" + strconv.FormatInt(itemID, 10)
	}
	try := slug
	for i := 2; i < 100; i++ {
		_, err := n.Store.ArticleBySlug(ctx, try)
		if errors.Is(err, news.ErrNotFound) {
			return try, nil
		}
		if err != nil {
			return "", err
		}
		try = slug + "-" + strconv.Itoa(i)
	}
	return slug + "-wire-" + strconv.FormatInt(itemID, 10), nil
}
