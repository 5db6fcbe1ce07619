package news

import (
	"fmt"
	"regexp"
	"strings"
)

// Edition is one language a publication is written in. The default
// edition (Settings.Language) is served at unprefixed addresses; every
// other one under "/<code>/".
type Edition struct {
	Code string // BCP 47, e.g. "az", "ru", "pt-BR"
	Name string // in the edition's own language: "Azərbaycanca", "Русский"
	Dir  string // "ltr" or "rtl"
	// Position orders the editions in language switchers.
	Position int
	// Tagline and About replace the settings' words of the same name on
	// the edition's pages; empty keeps the settings'.
	Tagline string
	About   string
}

// Text directions.
const (
	DirLTR = "ltr"
	DirRTL = "rtl"
)

// editionCode is what an edition code may look like: a BCP 47 language
// with an optional script or region, lower-case language first. It also
// keeps codes from clashing with the reader site's own first segments,
// which are all longer words.
var editionCode = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$`)

// Validate reports what is wrong with an edition, as news.ErrInvalid.
func (e Edition) Validate() error {
	switch {
	case !editionCode.MatchString(e.Code):
		return fmt.Errorf("%w: edition code %q is not a language code such as en, az or pt-BR", ErrInvalid, e.Code)
	case strings.TrimSpace(e.Name) == "":
		return fmt.Errorf("%w: edition %s has no name", ErrInvalid, e.Code)
	case e.Dir != DirLTR && e.Dir != DirRTL:
		return fmt.Errorf("%w: edition %s: direction must be ltr or rtl", ErrInvalid, e.Code)
	}
	return nil
}

// RTLLanguages are the languages written right to left, for a default
// direction when an edition is first made.
var RTLLanguages = map[string]bool{"ar": true, "fa": true, "he": true, "ur": true, "ps": true, "ckb": true, "yi": true, "dv": true}

// DefaultDir is the usual direction of a language code.
func DefaultDir(code string) string {
	lang, _, _ := strings.Cut(code, "-")
	if RTLLanguages[lang] {
		return DirRTL
	}
	return DirLTR
}

// CategoryName is a section's name in one edition; the category's own
// name is the default edition's.
type CategoryName struct {
	CategoryID  int64
	Lang        string
	Name        string
	Description string
}

// SameLanguage reports whether two language codes name the same edition,
// where "" stands for the default language def.
func SameLanguage(a, b, def string) bool {
	if a == "" {
		a = def
	}
	if b == "" {
		b = def
	}
	return strings.EqualFold(a, b)
}
