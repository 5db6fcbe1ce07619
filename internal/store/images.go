package store

import "strings"

// maxImageQueryWords bounds the work one library search can ask for.
const maxImageQueryWords = 8

// ImageQueryWords splits an ImageFilter query into the words every match
// must contain, for the backends to share one reading of it.
func ImageQueryWords(q string) []string {
	words := strings.Fields(q)
	if len(words) > maxImageQueryWords {
		words = words[:maxImageQueryWords]
	}
	return words
}

// EscapeLike makes s match itself literally inside a LIKE pattern whose
// escape character is a backslash.
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
