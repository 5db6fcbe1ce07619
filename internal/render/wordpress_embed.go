package render

import (
	"html"
	"net/url"
	"path"
	"regexp"
	"strings"

	nethtml "golang.org/x/net/html"
)

// Embeds become the editor's link cards (see "Embeds are link cards" in
// docs/decisions.md) for the three services the site knows, in the same
// canonical address and with the same label the editor gives them
// (internal/web/admin/editor/src/embed.js); any other embed becomes a
// paragraph with a link to it.

type embedCard struct {
	kind  string // youtube, x or instagram, as in data-embed
	url   string // the canonical address
	label string
}

var (
	youtubeHosts   = setOf("youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com")
	xHosts         = setOf("x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com", "mobile.x.com")
	instagramHosts = setOf("instagram.com", "www.instagram.com")

	youtubeID     = regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)
	xUser         = regexp.MustCompile(`^[A-Za-z0-9_]{1,15}$`)
	xStatus       = regexp.MustCompile(`^[0-9]{1,20}$`)
	instagramCode = regexp.MustCompile(`^[A-Za-z0-9_-]{5,40}$`)
)

// parseEmbed recognises a YouTube video, an X (Twitter) post or an
// Instagram post or reel, as the editor does, and the address forms
// WordPress content adds: YouTube's player address (/embed/ID, also on
// youtube-nocookie.com) and protocol-relative addresses.
func parseEmbed(raw string) (embedCard, bool) {
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(raw, "//") {
		raw = "https:" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return embedCard{}, false
	}
	host := strings.ToLower(u.Hostname())
	var parts []string
	for _, p := range strings.Split(u.Path, "/") {
		if p != "" {
			parts = append(parts, p)
		}
	}
	switch {
	case host == "youtu.be" || youtubeHosts[host]:
		return youtubeCard(host, parts, u.Query().Get("v"))
	case xHosts[host]:
		if len(parts) < 3 || !xUser.MatchString(parts[0]) || parts[1] != "status" || !xStatus.MatchString(parts[2]) {
			return embedCard{}, false
		}
		return embedCard{"x", "https://x.com/" + parts[0] + "/status/" + parts[2], "See the post by @" + parts[0] + " on X"}, true
	case instagramHosts[host]:
		for i, p := range parts {
			if p != "p" && p != "reel" && p != "reels" {
				continue
			}
			if i+1 >= len(parts) || !instagramCode.MatchString(parts[i+1]) {
				return embedCard{}, false
			}
			if p == "p" {
				return embedCard{"instagram", "https://www.instagram.com/p/" + parts[i+1] + "/", "See the post on Instagram"}, true
			}
			return embedCard{"instagram", "https://www.instagram.com/reel/" + parts[i+1] + "/", "Watch the reel on Instagram"}, true
		}
	}
	return embedCard{}, false
}

func youtubeCard(host string, parts []string, v string) (embedCard, bool) {
	id := ""
	switch {
	case host == "youtu.be" && len(parts) > 0:
		id = parts[0]
	case len(parts) == 1 && parts[0] == "watch":
		id = v
	case len(parts) == 2 && (parts[0] == "shorts" || parts[0] == "embed" || parts[0] == "live" || parts[0] == "v"):
		id = parts[1]
	}
	if !youtubeID.MatchString(id) {
		return embedCard{}, false
	}
	return embedCard{"youtube", "https://www.youtube.com/watch?v=" + id, "Watch the video on YouTube"}, true
}

// oembedProviders are services WordPress embeds from a bare address;
// such an address that becomes a plain link is noted, as the reader no
// longer sees the player.
var oembedProviders = []string{"vimeo.com", "soundcloud.com", "spotify.com", "facebook.com", "tiktok.com",
	"flickr.com", "dailymotion.com", "twitch.tv", "reddit.com", "imgur.com", "slideshare.net", "scribd.com",
	"ted.com", "tumblr.com", "wordpress.tv", "mixcloud.com", "issuu.com", "kickstarter.com", "pinterest.com",
	"threads.net", "bsky.app", "youtube.com", "youtu.be", "twitter.com", "x.com", "instagram.com"}

// hostOf is u's host without "www.", for notes.
func hostOf(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Hostname() == "" {
		return "unknown address"
	}
	return strings.TrimPrefix(strings.ToLower(p.Hostname()), "www.")
}

func isOEmbedProvider(host string) bool {
	for _, p := range oembedProviders {
		if host == p || strings.HasSuffix(host, "."+p) {
			return true
		}
	}
	return false
}

// embedHTML is the markup for an embedded address: a card, or a
// paragraph linking to it. embedded says the author asked for an embed
// (a block, [embed], an iframe), so a plain link is worth a note; for a
// bare address only well-known players are.
func (c *wpConverter) embedHTML(raw string, embedded bool) string {
	var b strings.Builder
	for _, n := range c.embedNodes(html.UnescapeString(raw), "", embedded) {
		writeNode(&b, n)
	}
	return b.String()
}

// embedNodes is embedHTML as nodes; label, when set, is kept as the
// card's text.
func (c *wpConverter) embedNodes(raw, label string, embedded bool) []*nethtml.Node {
	raw = strings.TrimSpace(raw)
	if card, ok := parseEmbed(raw); ok {
		if label == "" {
			label = card.label
		}
		fig := element("figure", "class", "embed", "data-embed", card.kind)
		a := element("a", "href", card.url)
		a.AppendChild(textNode(label))
		fig.AppendChild(a)
		return []*nethtml.Node{fig}
	}
	if raw == "" {
		return nil
	}
	href, ok := keptURL(c.mediaURL(raw))
	if !ok || !webAddress.MatchString(raw) {
		// Not an address a reader could follow: kept as text.
		if embedded {
			c.note(noteEmbed, "not a web address")
		}
		p := element("p")
		p.AppendChild(textNode(raw))
		return []*nethtml.Node{p}
	}
	if host := hostOf(raw); embedded || isOEmbedProvider(host) {
		c.note(noteEmbed, host)
	}
	if label == "" {
		label = raw
	}
	return []*nethtml.Node{linkParagraph(href, label)}
}

// webAddress is an http or https address with a host.
var webAddress = regexp.MustCompile(`(?i)^https?://[^\s/?#]+`)

// linkParagraph is <p><a href="u">text</a></p>.
func linkParagraph(u, text string) *nethtml.Node {
	p := element("p")
	a := element("a", "href", u)
	a.AppendChild(textNode(text))
	p.AppendChild(a)
	return p
}

// fileName is the last part of a media address, for a link's text.
func fileName(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	name := path.Base(p.Path)
	if name == "." || name == "/" || name == "" {
		return u
	}
	if unescaped, err := url.PathUnescape(name); err == nil {
		return unescaped
	}
	return name
}

func escapeAttr(s string) string { return html.EscapeString(s) }
