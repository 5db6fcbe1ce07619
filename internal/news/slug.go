package news

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldings spell letters that Unicode decomposition leaves alone in the
// Latin alphabet readers type, so that "Həsənova" becomes "hesenova" and
// "Türkiye" becomes "turkiye".
var foldings = map[rune]string{
	'ə': "e", 'Ə': "e", 'ı': "i", 'İ': "i", 'ß': "ss", 'ø': "o", 'Ø': "o",
	'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l",
	'þ': "th", 'ð': "d",
	// Russian, by the common passport transliteration.
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu",
	'я': "ia",
}

// Fold lower-cases s and strips accents, spelling non-Latin letters in
// Latin, so that text typed on any keyboard compares equal.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		lr := unicode.ToLower(r)
		if f, ok := foldings[lr]; ok {
			b.WriteString(f)
			continue
		}
		if f, ok := foldings[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(lr)
	}
	return b.String()
}

// MaxSlugLength keeps URLs readable and within what browsers and sitemaps
// handle comfortably.
const MaxSlugLength = 80

// Slugify turns a title into a URL slug: folded to ASCII letters and
// digits separated by single hyphens.
func Slugify(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range Fold(title) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
			// "France’s" reads better as "frances" than "france-s".
		default:
			hyphen = true
		}
	}
	s := b.String()
	if len(s) > MaxSlugLength {
		s = strings.TrimRight(s[:MaxSlugLength], "-")
		if i := strings.LastIndexByte(s, '-'); i > MaxSlugLength/2 {
			s = s[:i]
		}
	}
	return s
}

// ValidSlug reports whether s is a well-formed slug: lower-case ASCII
// letters, digits and single inner hyphens.
func ValidSlug(s string) bool {
	if s == "" || len(s) > MaxSlugLength || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}
