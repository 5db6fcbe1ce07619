package store

import (
	"fmt"
	"strings"

	"github.com/mastheadhq/masthead/internal/news"
)

// ValidateEditions checks a whole list of editions before it replaces the
// stored one, so that every backend refuses the same lists.
func ValidateEditions(editions []news.Edition) error {
	seen := map[string]bool{}
	for _, e := range editions {
		if err := e.Validate(); err != nil {
			return err
		}
		key := strings.ToLower(e.Code)
		if seen[key] {
			return fmt.Errorf("%w: edition %s listed twice", news.ErrInvalid, e.Code)
		}
		seen[key] = true
	}
	return nil
}

// CleanCategoryNames drops names left empty and refuses a language given
// twice or one that is not a language code.
func CleanCategoryNames(names []news.CategoryName) ([]news.CategoryName, error) {
	var out []news.CategoryName
	seen := map[string]bool{}
	for _, n := range names {
		n.Name = strings.TrimSpace(n.Name)
		if n.Name == "" {
			continue
		}
		if err := (news.Edition{Code: n.Lang, Name: n.Name, Dir: news.DirLTR}).Validate(); err != nil {
			return nil, err
		}
		if seen[strings.ToLower(n.Lang)] {
			return nil, fmt.Errorf("%w: language %s named twice", news.ErrInvalid, n.Lang)
		}
		seen[strings.ToLower(n.Lang)] = true
		out = append(out, n)
	}
	return out, nil
}
