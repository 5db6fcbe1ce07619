package wpimport

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// permalinkTag matches one of WordPress's structure tags, %postname%.
var permalinkTag = regexp.MustCompile(`%[a-z_]+%`)

// permalinkTags are the structure tags WordPress knows for posts.
var permalinkTags = map[string]bool{
	"%year%": true, "%monthnum%": true, "%day%": true, "%hour%": true, "%minute%": true, "%second%": true,
	"%post_id%": true, "%postname%": true, "%category%": true, "%author%": true,
}

// checkPermalinks refuses a structure WordPress would not have taken.
func checkPermalinks(structure string) error {
	if !strings.HasPrefix(structure, "/") {
		return fmt.Errorf("--permalinks %q: a structure starts with /, e.g. /%%year%%/%%monthnum%%/%%postname%%/", structure)
	}
	tags := permalinkTag.FindAllString(structure, -1)
	if len(tags) == 0 {
		return fmt.Errorf("--permalinks %q: no structure tag such as %%postname%% or %%post_id%%", structure)
	}
	for _, t := range tags {
		if !permalinkTags[t] {
			return fmt.Errorf("--permalinks %q: %s is not a WordPress structure tag", structure, t)
		}
	}
	return nil
}

// postFields are what a post's permalink is made of.
type postFields struct {
	id       int64
	local    time.Time // the post's date in the site's own time, as WordPress kept it
	name     string    // its slug, decoded
	category string    // its category's path, "news/economy"
	author   string    // its author's nicename
}

// permalink writes a post's address in the structure, below base.
func permalink(base, structure string, p postFields) string {
	return base + permalinkTag.ReplaceAllStringFunc(structure, func(tag string) string {
		switch tag {
		case "%year%":
			return p.local.Format("2006")
		case "%monthnum%":
			return p.local.Format("01")
		case "%day%":
			return p.local.Format("02")
		case "%hour%":
			return p.local.Format("15")
		case "%minute%":
			return p.local.Format("04")
		case "%second%":
			return p.local.Format("05")
		case "%post_id%":
			return strconv.FormatInt(p.id, 10)
		case "%postname%":
			return p.name
		case "%category%":
			return p.category
		case "%author%":
			return p.author
		}
		return tag
	})
}

// wpTime parses WordPress's "2006-01-02 15:04:05"; its zero date
// ("0000-00-00 00:00:00", for drafts never published) is the zero time.
func wpTime(s string, loc *time.Location) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", strings.TrimSpace(s), loc)
	if err != nil || t.Year() < 1970 {
		return time.Time{}
	}
	return t
}

func parseGMT(s string) time.Time { return wpTime(s, time.UTC) }

// nicename is the slug WordPress made from a login for author addresses
// (/author/nicename/): lower case, dots and spaces as hyphens, other
// characters but letters, digits, hyphens and underscores dropped.
func nicename(login string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(login) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == '.' || r == ' ':
			b.WriteByte('-')
		}
	}
	s := b.String()
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	return strings.Trim(s, "-")
}
