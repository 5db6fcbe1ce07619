package readers

import (
	"context"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

// Save keeps a visible article on the reader's list.
func (s *Service) Save(ctx context.Context, r news.Reader, articleID int64) error {
	a, err := s.store.Article(ctx, articleID)
	if err != nil {
		return err
	}
	if !a.VisibleAt(s.now()) {
		return news.ErrNotFound
	}
	return s.store.SaveArticle(ctx, r.ID, articleID, s.clock())
}

// Unsave takes an article off the list.
func (s *Service) Unsave(ctx context.Context, r news.Reader, articleID int64) error {
	return s.store.UnsaveArticle(ctx, r.ID, articleID)
}

// Record adds a visit to the reader's history, unless they switched it
// off.
func (s *Service) Record(ctx context.Context, r news.Reader, articleID int64) error {
	if r.HistoryOff {
		return nil
	}
	return s.store.RecordReading(ctx, r.ID, articleID, s.clock())
}

// NamedFollow is a follow with the name of what is followed.
type NamedFollow struct {
	news.Follow
	Name string
	Slug string // the tag's or author's slug; empty for a section
}

// Follows lists what the reader follows, with names.
func (s *Service) Follows(ctx context.Context, r news.Reader) ([]NamedFollow, error) {
	follows, err := s.store.Follows(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	v, err := s.vocabulary(ctx)
	if err != nil {
		return nil, err
	}
	slugs := map[news.Follow]string{}
	for _, t := range v.tagList {
		slugs[news.Follow{Kind: news.FollowTag, TargetID: t.ID}] = t.Slug
	}
	for _, a := range v.authorList {
		slugs[news.Follow{Kind: news.FollowAuthor, TargetID: a.ID}] = a.Slug
	}
	out := make([]NamedFollow, len(follows))
	for i, f := range follows {
		out[i] = NamedFollow{Follow: f, Name: v.name(f), Slug: slugs[f]}
	}
	return out, nil
}

// ForYou returns the newest articles of what the reader follows: a
// followed section brings its sub-sections' articles too.
func (s *Service) ForYou(ctx context.Context, r news.Reader, now time.Time, limit, offset int) ([]news.Article, error) {
	follows, err := s.store.Follows(ctx, r.ID)
	if err != nil || len(follows) == 0 {
		return nil, err
	}
	f := store.FollowedFilter{VisibleAt: now, Limit: limit, Offset: offset}
	var tree *news.CategoryTree
	for _, fl := range follows {
		switch fl.Kind {
		case news.FollowCategory:
			if tree == nil {
				cats, err := s.store.AllCategories(ctx)
				if err != nil {
					return nil, err
				}
				tree = news.NewCategoryTree(cats)
			}
			f.CategoryIDs = append(f.CategoryIDs, tree.Descendants(fl.TargetID)...)
		case news.FollowTag:
			f.TagIDs = append(f.TagIDs, fl.TargetID)
		case news.FollowAuthor:
			f.AuthorIDs = append(f.AuthorIDs, fl.TargetID)
		}
	}
	return s.store.FollowedArticles(ctx, f)
}
