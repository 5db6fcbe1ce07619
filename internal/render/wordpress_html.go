package render

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// This file rebuilds the HTML WordPress sent its readers, parsed as a
// browser parses it, in the spelling the newsroom editor writes: inline
// text always inside paragraphs (list items and quotes included),
// pictures as <figure><img><figcaption>, embeds as link cards, pull
// quotes as <aside class="pullquote">, h1 as h2, no classes, styles or
// WordPress attributes. Everything is built as new nodes; nothing of the
// parsed tree is reused.

// rebuild parses s and returns it rebuilt.
func (c *wpConverter) rebuild(s string) string {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, n := range c.flow(nodes, nil) {
		dropDoubleBreaks(n)
		mergeText(n)
		writeNode(&b, n)
	}
	return b.String()
}

// dropDoubleBreaks keeps one of two line breaks with only white space
// between them: converted again, WordPress would read the pair as the
// end of a paragraph.
func dropDoubleBreaks(n *html.Node) {
	if isElement(n, "pre") {
		return
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if !isElement(ch, "br") {
			dropDoubleBreaks(ch)
			continue
		}
		for next := ch.NextSibling; next != nil; next = ch.NextSibling {
			if next.Type == html.TextNode && strings.TrimSpace(next.Data) == "" {
				if after := next.NextSibling; after == nil || !isElement(after, "br") {
					break
				}
			} else if !isElement(next, "br") {
				break
			}
			n.RemoveChild(next)
		}
	}
}

// mergeText joins neighbouring text nodes (left by elements removed
// between them) into one with single spaces, as a parser reading the
// body again would see it, and writes white space in text as a parser
// would show it.
func mergeText(n *html.Node) {
	if isElement(n, "pre") {
		return
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != html.TextNode {
			mergeText(ch)
			continue
		}
		for next := ch.NextSibling; next != nil && next.Type == html.TextNode; next = ch.NextSibling {
			ch.Data = joinText(ch.Data, next.Data)
			n.RemoveChild(next)
		}
		// Outside <pre> white space shows as one space, and written as
		// one a line break cannot read as a <br> when the body is
		// converted again.
		ch.Data = collapseSpace(ch.Data)
	}
}

// voidElements are written without an end tag.
var voidElements = setOf("br", "hr", "img")

// writeNode writes a rebuilt node as the editor and the sanitiser write
// HTML: <br> rather than html.Render's <br/>, text and attributes escaped
// as Go's html package escapes them.
func writeNode(b *strings.Builder, n *html.Node) {
	if n.Type == html.TextNode {
		b.WriteString(html.EscapeString(n.Data))
		return
	}
	b.WriteByte('<')
	b.WriteString(n.Data)
	for _, a := range n.Attr {
		b.WriteString(" " + a.Key + `="` + html.EscapeString(a.Val) + `"`)
	}
	b.WriteByte('>')
	if voidElements[n.Data] {
		return
	}
	// A parser drops a line break right after <pre>; one that belongs to
	// the text needs another before it.
	if n.Data == "pre" && n.FirstChild != nil && n.FirstChild.Type == html.TextNode && strings.HasPrefix(n.FirstChild.Data, "\n") {
		b.WriteByte('\n')
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		writeNode(b, ch)
	}
	b.WriteString("</" + n.Data + ">")
}

// blockElements are the elements of the output that stand on their own;
// everything else is inline and lives in a paragraph, heading, caption,
// table cell or definition.
var blockElements = setOf("p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "blockquote", "aside",
	"figure", "table", "pre", "hr")

func isBlock(n *html.Node) bool {
	return n.Type == html.ElementNode && blockElements[n.Data]
}

// marks are the inline elements kept, with the name each is written as.
var marks = map[string]string{"strong": "strong", "b": "strong", "em": "em", "i": "em", "s": "s",
	"strike": "s", "u": "u", "del": "del", "ins": "ins", "mark": "mark", "small": "small", "sub": "sub",
	"sup": "sup", "code": "code", "tt": "code", "kbd": "kbd", "cite": "cite", "q": "q", "abbr": "abbr"}

// containers are block elements whose content is kept without them.
var containers = setOf("div", "section", "article", "header", "footer", "main", "nav", "center", "address",
	"details", "summary", "hgroup", "fieldset", "legend", "menu", "dir", "li", "dt", "dd", "caption",
	"thead", "tbody", "tfoot", "tr", "td", "th", "body", "html")

// removed are elements dropped with what they hold; the value is the
// note they earn ("" for none: they hold nothing a reader saw).
var removed = map[string]string{"style": "", "noscript": "", "template": "", "head": "", "title": "",
	"meta": "", "link": "", "base": "", "wbr": "", "object": "object", "embed": "embed", "applet": "applet",
	"canvas": "canvas", "svg": "svg", "math": "math", "form": "form", "input": "form", "select": "form",
	"textarea": "form", "button": "form", "map": "map", "area": "map", "frameset": "frame", "frame": "frame"}

// widgetScripts are the hosts of the scripts that turn pasted X,
// Instagram, Facebook and TikTok markup into players; the embed card
// replaces what they did.
var widgetScripts = setOf("platform.twitter.com", "instagram.com", "connect.facebook.net", "tiktok.com",
	"s.imgur.com", "embed.reddit.com", "embedr.flickr.com")

// convert rebuilds one parsed node as zero or more output nodes, block or
// inline.
func (c *wpConverter) convert(n *html.Node) []*html.Node {
	switch n.Type {
	case html.TextNode:
		if t := collapseSpace(n.Data); t != "" {
			return []*html.Node{textNode(t)}
		}
		return nil
	case html.ElementNode:
	default:
		return nil
	}
	name := n.Data
	if tag, ok := marks[name]; ok {
		return c.mark(n, tag)
	}
	if note, ok := removed[name]; ok {
		if note != "" {
			c.note(noteHTML, note)
		}
		return nil
	}
	switch name {
	case "p", "figcaption":
		return c.paragraph(c.inlines(n))
	case "h1", "h2", "h3", "h4", "h5", "h6":
		return c.heading(n)
	case "ul", "ol":
		return c.list(n)
	case "blockquote":
		return c.blockquote(n)
	case "aside":
		if hasClass(n, "pullquote") {
			return c.pullquote(n)
		}
		return c.flow(childrenOf(n), nil)
	case "figure":
		return c.figure(n)
	case "img":
		if img := c.image(n); img != nil {
			return []*html.Node{img}
		}
		return nil
	case "a":
		return c.link(n)
	case "br", "hr":
		return []*html.Node{element(name)}
	case "table":
		return c.table(n)
	case "pre":
		return c.pre(n)
	case "dl":
		return c.definitions(n)
	case "iframe":
		return c.iframe(n)
	case "video", "audio":
		return c.mediaElement(n)
	case "script":
		if !widgetScripts[strings.TrimPrefix(hostOf(attr(n, "src")), "www.")] {
			c.note(noteHTML, "script")
		}
		return nil
	}
	if name == "div" && hasClass(n, "wp-caption") && findFirst(n, "img") != nil {
		return c.imageFigure(n)
	}
	if containers[name] {
		return c.flow(childrenOf(n), nil)
	}
	return c.inlines(n)
}

// inlines converts n's children.
func (c *wpConverter) inlines(n *html.Node) []*html.Node {
	var out []*html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		out = append(out, c.convert(ch)...)
	}
	return out
}

// flow converts nodes where blocks belong (the body, a quote, a list
// item): inline runs become paragraphs. special, when set, may convert a
// node itself.
func (c *wpConverter) flow(in []*html.Node, special func(*html.Node) ([]*html.Node, bool)) []*html.Node {
	var conv []*html.Node
	for _, n := range in {
		if special != nil {
			if out, ok := special(n); ok {
				conv = append(conv, out...)
				continue
			}
		}
		conv = append(conv, c.convert(n)...)
	}
	return c.wrapRuns(conv)
}

// wrapRuns puts the inline runs among converted nodes into paragraphs.
func (c *wpConverter) wrapRuns(nodes []*html.Node) []*html.Node {
	var out, run []*html.Node
	for _, n := range nodes {
		if isBlock(n) {
			out = append(out, c.paragraph(run)...)
			run = nil
			out = append(out, n)
			continue
		}
		run = append(run, n)
	}
	return append(out, c.paragraph(run)...)
}

// paragraph makes paragraphs of converted inline nodes. Blocks among
// them (an embed inside a paragraph) split it; two line breaks in a row
// end one paragraph and start the next, as they did in WordPress; a
// paragraph of nothing but pictures becomes figures, and one of nothing
// but an address is embedded, as WordPress's auto-embed did.
func (c *wpConverter) paragraph(inl []*html.Node) []*html.Node {
	var out, run []*html.Node
	flush := func() {
		for _, seg := range splitAtDoubleBreaks(run) {
			out = append(out, c.paragraphSegment(seg)...)
		}
		run = nil
	}
	for _, n := range inl {
		if isBlock(n) {
			flush()
			out = append(out, n)
			continue
		}
		run = append(run, n)
	}
	flush()
	return out
}

func (c *wpConverter) paragraphSegment(seg []*html.Node) []*html.Node {
	seg = trimInline(seg)
	if !visible(seg) {
		return nil
	}
	if items := soleImages(seg); items != nil {
		out := make([]*html.Node, len(items))
		for i, item := range items {
			out[i] = figureOf(item, nil)
		}
		return out
	}
	if len(seg) == 1 && seg[0].Type == html.TextNode && embedLine.MatchString(seg[0].Data) {
		return c.embedNodes(seg[0].Data, "", false)
	}
	return []*html.Node{appendChildren(element("p"), seg)}
}

// splitAtDoubleBreaks cuts a run at every two or more <br> in a row.
func splitAtDoubleBreaks(run []*html.Node) [][]*html.Node {
	var out [][]*html.Node
	start := 0
	for i := 0; i < len(run); i++ {
		if !isElement(run[i], "br") {
			continue
		}
		j := i + 1
		breaks := 1
		for j < len(run) && (isElement(run[j], "br") || isSpaceText(run[j])) {
			if isElement(run[j], "br") {
				breaks++
			}
			j++
		}
		if breaks >= 2 {
			out = append(out, run[start:i])
			start = j
			i = j - 1
		}
	}
	return append(out, run[start:])
}

// soleImages returns the pictures (an <img>, or a link holding one) of a
// run that holds nothing else but white space and line breaks.
func soleImages(seg []*html.Node) []*html.Node {
	var items []*html.Node
	for _, n := range seg {
		switch {
		case isSpaceText(n) || isElement(n, "br"):
		case isElement(n, "img"):
			items = append(items, n)
		case isElement(n, "a") && onlyImage(n):
			items = append(items, n)
		default:
			return nil
		}
	}
	return items
}

func onlyImage(a *html.Node) bool {
	imgs := 0
	for ch := a.FirstChild; ch != nil; ch = ch.NextSibling {
		switch {
		case isElement(ch, "img"):
			imgs++
		case isSpaceText(ch):
		default:
			return false
		}
	}
	return imgs == 1
}

// figureOf is the editor's figure: the picture and a caption, empty or
// not.
func figureOf(item *html.Node, caption []*html.Node) *html.Node {
	fig := element("figure")
	detach(item)
	if isElement(item, "a") {
		for ch := item.FirstChild; ch != nil; {
			next := ch.NextSibling
			if isSpaceText(ch) {
				item.RemoveChild(ch)
			}
			ch = next
		}
	}
	fig.AppendChild(item)
	fig.AppendChild(appendChildren(element("figcaption"), caption))
	return fig
}

func (c *wpConverter) heading(n *html.Node) []*html.Node {
	level := n.Data
	if level == "h1" {
		// The page's own h1 is the headline.
		level = "h2"
	}
	var inl, blocks []*html.Node
	for _, k := range c.inlines(n) {
		if isBlock(k) {
			blocks = append(blocks, k)
		} else {
			inl = append(inl, k)
		}
	}
	inl = trimInline(inl)
	if !visible(inl) {
		return blocks
	}
	h := element(level)
	if id := attr(n, "id"); id != "" {
		h.Attr = append(h.Attr, html.Attribute{Key: "id", Val: id})
	}
	return append([]*html.Node{appendChildren(h, inl)}, blocks...)
}

// list rebuilds a list; a list whose every item is one picture (an old
// WordPress gallery) becomes the pictures.
func (c *wpConverter) list(n *html.Node) []*html.Node {
	var items []*html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if isElement(ch, "li") {
			items = append(items, appendChildren(element("li"), c.flow(childrenOf(ch), nil)))
			continue
		}
		// Something outside any item (a nested list written straight
		// inside its parent, say) joins the item before it.
		conv := c.convert(ch)
		if !visible(conv) && !hasBlock(conv) {
			continue
		}
		if len(items) == 0 {
			items = append(items, element("li"))
		}
		appendChildren(items[len(items)-1], c.wrapRuns(conv))
	}
	if len(items) == 0 {
		return nil
	}
	if figures := galleryItems(items); figures != nil {
		return figures
	}
	l := element(n.Data)
	if n.Data == "ol" {
		if start := attr(n, "start"); start != "" {
			if _, err := strconv.Atoi(start); err == nil {
				l.Attr = append(l.Attr, html.Attribute{Key: "start", Val: start})
			}
		}
		if hasAttr(n, "reversed") {
			l.Attr = append(l.Attr, html.Attribute{Key: "reversed", Val: ""})
		}
	}
	return []*html.Node{appendChildren(l, items)}
}

func galleryItems(items []*html.Node) []*html.Node {
	var figures []*html.Node
	for _, li := range items {
		f := li.FirstChild
		if f == nil || f.NextSibling != nil || !isElement(f, "figure") || hasClass(f, "embed") {
			return nil
		}
		figures = append(figures, f)
	}
	for _, f := range figures {
		detach(f)
	}
	return figures
}

func (c *wpConverter) blockquote(n *html.Node) []*html.Node {
	switch {
	case hasClass(n, "twitter-tweet"):
		if out := c.pastedEmbed(n, "x"); out != nil {
			return out
		}
	case hasClass(n, "instagram-media"):
		if out := c.pastedEmbed(n, "instagram"); out != nil {
			return out
		}
	case hasClass(n, "wp-block-pullquote") || hasClass(n, "pullquote"):
		return c.pullquote(n)
	}
	body := c.quoteBody(n)
	if len(body) == 0 {
		return nil
	}
	return []*html.Node{appendChildren(element("blockquote"), body)}
}

// pastedEmbed turns the markup X and Instagram give for pasting (a
// quote of the post, made a player by their script) into a card.
func (c *wpConverter) pastedEmbed(n *html.Node, kind string) []*html.Node {
	candidates := []string{attr(n, "data-instgrm-permalink")}
	for _, a := range findAll(n, "a") {
		candidates = append(candidates, attr(a, "href"))
	}
	// X puts the post's own address last, after links in its text.
	for i := len(candidates) - 1; i >= 0; i-- {
		if card, ok := parseEmbed(candidates[i]); ok && card.kind == kind {
			return c.embedNodes(candidates[i], "", true)
		}
	}
	return nil
}

// quoteBody is a quote's content, its citation made a last paragraph
// ("— Name"), since the editor has no citation of its own.
func (c *wpConverter) quoteBody(n *html.Node) []*html.Node {
	return c.flow(childrenOf(n), func(ch *html.Node) ([]*html.Node, bool) {
		if isElement(ch, "cite") || isElement(ch, "footer") {
			return c.attribution(ch), true
		}
		return nil, false
	})
}

func (c *wpConverter) attribution(n *html.Node) []*html.Node {
	inl := trimInline(flattenInline(c.inlines(n)))
	if !visible(inl) {
		return nil
	}
	p := element("p")
	if r, _ := utf8.DecodeRuneInString(strings.TrimSpace(textOf(inl))); !strings.ContainsRune("—–―-", r) {
		p.AppendChild(textNode("— "))
	}
	return []*html.Node{appendChildren(p, inl)}
}

// pullquote is a pull quote: Gutenberg's figure, whose quote is the
// blockquote inside it, or a blockquote or an aside (the form this
// converter writes) that is the quote itself. A blockquote inside one of
// those is a quote within the pull quote, kept as one: taking it for the
// pull quote's text would drop a level each time the text is converted
// again.
func (c *wpConverter) pullquote(n *html.Node) []*html.Node {
	src := n
	if isElement(n, "figure") {
		if bq := findFirst(n, "blockquote"); bq != nil {
			src = bq
		}
	}
	body := c.quoteBody(src)
	if len(body) == 0 {
		return nil
	}
	return []*html.Node{appendChildren(element("aside", "class", "pullquote"), body)}
}

func (c *wpConverter) figure(n *html.Node) []*html.Node {
	switch {
	case hasClass(n, "embed") && attr(n, "data-embed") != "":
		if a := findFirst(n, "a"); a != nil && attr(a, "href") != "" {
			return c.embedNodes(attr(a, "href"), strings.TrimSpace(collapseSpace(textOf([]*html.Node{a}))), true)
		}
	case hasClass(n, "wp-block-pullquote"):
		return c.pullquote(n)
	case hasClass(n, "wp-block-embed"):
		return c.embedFigure(n)
	case findFirst(n, "table") != nil:
		return c.tableFigure(n)
	case hasClass(n, "wp-block-gallery") || hasClass(n, "gallery") || findFirst(n, "figure") != nil:
		return c.gallery(n)
	case findFirst(n, "img") != nil:
		return c.imageFigure(n)
	}
	return c.flow(childrenOf(n), nil)
}

// embedFigure is an embed block's saved HTML met without its block
// comment: the address in its wrapper, and its caption.
func (c *wpConverter) embedFigure(n *html.Node) []*html.Node {
	u := firstURL.FindString(textOf(childrenOf(n)))
	if a := findFirst(n, "a"); u == "" && a != nil {
		u = attr(a, "href")
	}
	out := c.embedNodes(u, "", true)
	if capNode := findFirst(n, "figcaption"); capNode != nil {
		out = append(out, c.paragraph(c.inlines(capNode))...)
	}
	return out
}

// gallery is a gallery's pictures one after another, its caption after
// them.
func (c *wpConverter) gallery(n *html.Node) []*html.Node {
	var caption []*html.Node
	out := c.flow(childrenOf(n), func(ch *html.Node) ([]*html.Node, bool) {
		if isElement(ch, "figcaption") {
			caption = c.paragraph(c.inlines(ch))
			return nil, true
		}
		return nil, false
	})
	if len(out) > 0 {
		c.note(noteGallery, "shown as separate pictures")
	}
	return append(out, caption...)
}

// imageFigure is the figure of the first picture in n, captioned by n's
// <figcaption> (or WordPress's old .wp-caption-text); whatever else n
// holds follows it.
func (c *wpConverter) imageFigure(n *html.Node) []*html.Node {
	imgNode := findFirst(n, "img")
	item := c.picture(imgNode, n)
	if item == nil {
		return c.flow(childrenOf(n), nil)
	}
	capNode := findFirst(n, "figcaption")
	if capNode == nil {
		capNode = findClass(n, "wp-caption-text")
	}
	var caption []*html.Node
	if capNode != nil {
		caption = trimInline(flattenInline(c.inlines(capNode)))
	}
	var rest []*html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if contains(ch, imgNode) || contains(ch, capNode) {
			continue
		}
		rest = append(rest, ch)
	}
	return append([]*html.Node{figureOf(item, caption)}, c.flow(rest, nil)...)
}

// picture is the rebuilt <img>, inside the link that wraps it within n
// if there is one.
func (c *wpConverter) picture(imgNode, n *html.Node) *html.Node {
	img := c.image(imgNode)
	if img == nil {
		return nil
	}
	for p := imgNode.Parent; p != nil && p != n; p = p.Parent {
		if href, ok := keptURL(c.mediaURL(webURL(attr(p, "href")))); isElement(p, "a") && ok {
			a := element("a", "href", href)
			a.AppendChild(img)
			return a
		}
	}
	return img
}

// image rebuilds an <img>: its address through MediaURL, or the
// attachment's when MediaURL does not know it; alt text from the
// attachment when the picture has none; WordPress's srcset, sizes,
// classes and styles dropped.
func (c *wpConverter) image(n *html.Node) *html.Node {
	src := webURL(attr(n, "src"))
	if src == "" || strings.HasPrefix(src, "data:") {
		// Lazy-loading plugins keep the real address aside.
		src = webURL(firstAttr(n, "data-src", "data-lazy-src", "data-orig-file"))
	}
	// The attachment is asked for only when needed: the importer may
	// look it up in the database.
	var media WordPressMedia
	asked, known := false, false
	lookup := func() bool {
		if !asked {
			media, known = c.attachment(attachmentID(n))
			asked = true
		}
		return known
	}
	if !hasAttr(n, "data-wp-resolved") {
		if u, ok := c.knownMedia(src); ok && src != "" {
			src = u
		} else if lookup() && media.URL != "" {
			src = media.URL
		} else if webAddress.MatchString(src) {
			// Still on the old site or elsewhere, where the reader
			// site's CSP will not load it from.
			c.note(noteImage, hostOf(src))
		}
	}
	src, ok := keptURL(src)
	if !ok {
		return nil // the sanitiser would leave an <img> without a picture
	}
	alt := attr(n, "alt")
	if strings.TrimSpace(alt) == "" && lookup() {
		alt = media.Alt
	}
	img := element("img", "src", src, "alt", alt)
	for _, k := range []string{"width", "height"} {
		if v, err := strconv.Atoi(strings.TrimSpace(attr(n, k))); err == nil && v > 0 {
			img.Attr = append(img.Attr, html.Attribute{Key: k, Val: strconv.Itoa(v)})
		}
	}
	return img
}

func (c *wpConverter) knownMedia(u string) (string, bool) {
	if c.opt.MediaURL == nil {
		return "", false
	}
	return c.opt.MediaURL(u)
}

// attachmentID is the WordPress attachment an <img> shows, from the
// class WordPress gives it (wp-image-N) or the attributes blocks and
// galleries use.
func attachmentID(n *html.Node) int64 {
	for _, k := range []string{"data-wp-id", "data-id", "data-attachment-id"} {
		if id := intAttr(attr(n, k)); id > 0 {
			return id
		}
	}
	for _, cls := range strings.Fields(attr(n, "class")) {
		if rest, ok := strings.CutPrefix(cls, "wp-image-"); ok {
			if id := intAttr(rest); id > 0 {
				return id
			}
		}
	}
	return 0
}

// link keeps a link's address (through MediaURL, for links to the site's
// files) and drops links without one.
func (c *wpConverter) link(n *html.Node) []*html.Node {
	if hasClass(n, "wp-block-file__button") {
		return nil // the file block's second link to the same file
	}
	kids := c.inlines(n)
	href := webURL(attr(n, "href"))
	if href == "" || hasBlock(kids) || len(kids) == 0 || hasLink(kids) {
		return kids // links do not nest: the inner one is the one kept
	}
	href, ok := keptURL(c.mediaURL(href))
	if !ok {
		return kids
	}
	return []*html.Node{appendChildren(element("a", "href", href), kids)}
}

func (c *wpConverter) mark(n *html.Node, tag string) []*html.Node {
	kids := c.inlines(n)
	if hasBlock(kids) || onlySpace(kids) {
		return kids
	}
	m := element(tag)
	if tag == "abbr" && attr(n, "title") != "" {
		m.Attr = append(m.Attr, html.Attribute{Key: "title", Val: attr(n, "title")})
	}
	return []*html.Node{appendChildren(m, kids)}
}

func (c *wpConverter) tableFigure(n *html.Node) []*html.Node {
	out := c.table(findFirst(n, "table"))
	capNode := findFirst(n, "figcaption")
	if len(out) == 0 || capNode == nil {
		return out
	}
	caption := trimInline(flattenInline(c.inlines(capNode)))
	if t := out[0]; visible(caption) && !isElement(t.FirstChild, "caption") {
		t.InsertBefore(appendChildren(element("caption"), caption), t.FirstChild)
	}
	return out
}

func (c *wpConverter) table(n *html.Node) []*html.Node {
	t := element("table")
	rows := 0
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		switch ch.Data {
		case "caption":
			if caption := trimInline(flattenInline(c.inlines(ch))); visible(caption) {
				t.AppendChild(appendChildren(element("caption"), caption))
			}
		case "thead", "tbody", "tfoot":
			section := element(ch.Data)
			for tr := ch.FirstChild; tr != nil; tr = tr.NextSibling {
				if isElement(tr, "tr") {
					section.AppendChild(c.row(tr))
					rows++
				}
			}
			if section.FirstChild != nil {
				t.AppendChild(section)
			}
		}
	}
	if rows == 0 {
		return nil
	}
	return []*html.Node{t}
}

var cellScopes = setOf("row", "col", "rowgroup", "colgroup")

func (c *wpConverter) row(tr *html.Node) *html.Node {
	r := element("tr")
	for cell := tr.FirstChild; cell != nil; cell = cell.NextSibling {
		if !isElement(cell, "td") && !isElement(cell, "th") {
			continue
		}
		out := element(cell.Data)
		for _, k := range []string{"colspan", "rowspan"} {
			if v, err := strconv.Atoi(attr(cell, k)); err == nil && v > 1 {
				out.Attr = append(out.Attr, html.Attribute{Key: k, Val: strconv.Itoa(v)})
			}
		}
		if scope := attr(cell, "scope"); cellScopes[scope] {
			out.Attr = append(out.Attr, html.Attribute{Key: "scope", Val: scope})
		}
		kids := c.inlines(cell)
		if hasBlock(kids) {
			kids = c.wrapRuns(kids)
		} else {
			kids = trimInline(kids)
		}
		r.AppendChild(appendChildren(out, kids))
	}
	return r
}

// pre keeps preformatted text exactly, with <code> and line breaks.
func (c *wpConverter) pre(n *html.Node) []*html.Node {
	p := element("pre")
	copyPre(n, p)
	if p.FirstChild == nil {
		return nil
	}
	return []*html.Node{p}
}

func copyPre(src, dst *html.Node) {
	for ch := src.FirstChild; ch != nil; ch = ch.NextSibling {
		switch {
		case ch.Type == html.TextNode:
			dst.AppendChild(textNode(ch.Data))
		case isElement(ch, "br"):
			dst.AppendChild(element("br"))
		case isElement(ch, "code"):
			code := element("code")
			copyPre(ch, code)
			dst.AppendChild(code)
		case isElement(ch, "script") || isElement(ch, "style"):
		case ch.Type == html.ElementNode:
			copyPre(ch, dst)
		}
	}
}

func (c *wpConverter) definitions(n *html.Node) []*html.Node {
	dl := element("dl")
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if !isElement(ch, "dt") && !isElement(ch, "dd") {
			continue
		}
		kids := c.inlines(ch)
		if hasBlock(kids) {
			kids = c.wrapRuns(kids)
		} else {
			kids = trimInline(kids)
		}
		dl.AppendChild(appendChildren(element(ch.Data), kids))
	}
	if dl.FirstChild == nil {
		return nil
	}
	return []*html.Node{dl}
}

// iframe makes a pasted player a card (YouTube) or a link to what it
// showed.
func (c *wpConverter) iframe(n *html.Node) []*html.Node {
	src := strings.TrimSpace(firstAttr(n, "src", "data-src"))
	if src == "" {
		c.note(noteHTML, "iframe")
		return nil
	}
	label := ""
	if _, ok := parseEmbed(src); !ok {
		label = strings.TrimSpace(attr(n, "title"))
	}
	return c.embedNodes(src, label, true)
}

// mediaElement makes an <audio> or <video> player a link to its file.
func (c *wpConverter) mediaElement(n *html.Node) []*html.Node {
	c.note(noteMedia, n.Data)
	src := webURL(attr(n, "src"))
	if src == "" {
		if s := findFirst(n, "source"); s != nil {
			src = webURL(attr(s, "src"))
		}
	}
	href, ok := keptURL(c.mediaURL(src))
	if !ok {
		return nil
	}
	return []*html.Node{linkParagraph(href, fileName(src))}
}

// webURL is an address as a browser reads it from an attribute: trimmed,
// with tabs and line breaks dropped.
func webURL(u string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, strings.TrimSpace(u))
}

// keptURL is u in the form the sanitiser writes it, if it keeps it.
func keptURL(u string) (string, bool) {
	if strings.ContainsAny(u, " \t\n") {
		return "", false
	}
	p, err := url.Parse(u)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(p.Scheme) {
	case "", "http", "https", "mailto":
		s := p.String()
		return s, s != ""
	}
	return "", false
}

// Helpers over nodes.

func element(tag string, attrs ...string) *html.Node {
	n := &html.Node{Type: html.ElementNode, Data: tag, DataAtom: atom.Lookup([]byte(tag))}
	for i := 0; i+1 < len(attrs); i += 2 {
		n.Attr = append(n.Attr, html.Attribute{Key: attrs[i], Val: attrs[i+1]})
	}
	return n
}

func textNode(s string) *html.Node { return &html.Node{Type: html.TextNode, Data: s} }

func detach(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

func appendChildren(n *html.Node, kids []*html.Node) *html.Node {
	for _, k := range kids {
		detach(k)
		n.AppendChild(k)
	}
	return n
}

func childrenOf(n *html.Node) []*html.Node {
	var out []*html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		out = append(out, ch)
	}
	return out
}

func isElement(n *html.Node, tag string) bool {
	return n != nil && n.Type == html.ElementNode && n.Data == tag
}

func isSpaceText(n *html.Node) bool {
	return n.Type == html.TextNode && strings.TrimSpace(n.Data) == ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func firstAttr(n *html.Node, keys ...string) string {
	for _, k := range keys {
		if v := attr(n, k); strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func hasBlock(nodes []*html.Node) bool {
	for _, n := range nodes {
		if isBlock(n) {
			return true
		}
	}
	return false
}

// findFirst is the first element named tag below n, depth first.
func hasLink(nodes []*html.Node) bool {
	for _, n := range nodes {
		if isElement(n, "a") || findFirst(n, "a") != nil {
			return true
		}
	}
	return false
}

func findFirst(n *html.Node, tag string) *html.Node {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if isElement(ch, tag) {
			return ch
		}
		if f := findFirst(ch, tag); f != nil {
			return f
		}
	}
	return nil
}

func findClass(n *html.Node, class string) *html.Node {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && hasClass(ch, class) {
			return ch
		}
		if f := findClass(ch, class); f != nil {
			return f
		}
	}
	return nil
}

func findAll(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if isElement(ch, tag) {
			out = append(out, ch)
		}
		out = append(out, findAll(ch, tag)...)
	}
	return out
}

// contains reports whether inner is n or below it.
func contains(n, inner *html.Node) bool {
	for p := inner; p != nil; p = p.Parent {
		if p == n {
			return true
		}
	}
	return false
}

// textOf is the text of converted or parsed nodes.
func textOf(nodes []*html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return b.String()
}

// onlySpace reports whether nodes are nothing or white space; unlike
// visible it looks at the nodes alone, not below them, so that nested
// formatting costs no more than flat.
func onlySpace(nodes []*html.Node) bool {
	for _, n := range nodes {
		if !isSpaceText(n) {
			return false
		}
	}
	return true
}

// visible reports whether nodes show the reader anything: text other
// than spaces, or a picture.
func visible(nodes []*html.Node) bool {
	for _, n := range nodes {
		if isElement(n, "img") || findFirst(n, "img") != nil {
			return true
		}
		if strings.TrimFunc(textOf([]*html.Node{n}), func(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\t' || r == '\n' }) != "" {
			return true
		}
	}
	return false
}

// collapseSpace writes each run of white space as one space, as the
// browser shows it; text then carries no line breaks that wpautop would
// read as <br> if the body were converted again.
func collapseSpace(s string) string {
	if !strings.ContainsAny(s, "\t\n\r\f") && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// trimInline removes the white space and line breaks at the start and
// end of an inline run, and the spaces beside a line break.
func trimInline(nodes []*html.Node) []*html.Node {
	nodes = tidyBreaks(nodes)
	for len(nodes) > 0 && trimEdge(nodes[0], true) {
		nodes = nodes[1:]
	}
	for len(nodes) > 0 && trimEdge(nodes[len(nodes)-1], false) {
		nodes = nodes[:len(nodes)-1]
	}
	return nodes
}

// tidyBreaks joins neighbouring text nodes and drops the spaces beside
// each <br> and repeated <br>s.
func tidyBreaks(nodes []*html.Node) []*html.Node {
	out := nodes[:0:0]
	for _, n := range nodes {
		last := len(out) - 1
		switch {
		case n.Type == html.TextNode && last >= 0 && out[last].Type == html.TextNode:
			out[last].Data = joinText(out[last].Data, n.Data)
			continue
		case n.Type == html.TextNode && last >= 0 && isElement(out[last], "br"):
			n.Data = strings.TrimLeft(n.Data, " ")
		case isElement(n, "br") && last >= 0 && isElement(out[last], "br"):
			continue
		case isElement(n, "br") && last >= 0 && out[last].Type == html.TextNode:
			out[last].Data = strings.TrimRight(out[last].Data, " ")
			if out[last].Data == "" {
				out = out[:last]
			}
		}
		if n.Type == html.TextNode && n.Data == "" {
			continue
		}
		out = append(out, n)
	}
	return out
}

// joinText joins two runs of text with single spaces between them.
func joinText(a, b string) string {
	if strings.HasSuffix(a, " ") {
		return a + strings.TrimLeft(b, " ")
	}
	return a + b
}

// trimEdge trims white space at the start (or end) of n and reports
// whether n is left empty and should go.
func trimEdge(n *html.Node, start bool) bool {
	switch {
	case n.Type == html.TextNode:
		if start {
			n.Data = strings.TrimLeft(n.Data, " ")
		} else {
			n.Data = strings.TrimRight(n.Data, " ")
		}
		return n.Data == ""
	case isElement(n, "br"):
		return true
	case n.Type == html.ElementNode && !isElement(n, "img"):
		for {
			edge := n.FirstChild
			if !start {
				edge = n.LastChild
			}
			if edge == nil {
				return true
			}
			if !trimEdge(edge, start) {
				return false
			}
			n.RemoveChild(edge)
		}
	}
	return false
}

// flattenInline replaces everything among nodes that is not inline (a
// paragraph, a list, a table and its rows) by the inline content within,
// separated by line breaks, for captions and citations.
func flattenInline(nodes []*html.Node) []*html.Node {
	var out []*html.Node
	for _, n := range nodes {
		if n.Type != html.ElementNode || inlineElements[n.Data] {
			out = append(out, n)
			continue
		}
		inner := flattenInline(childrenOf(n))
		if len(inner) == 0 {
			continue
		}
		if len(out) > 0 {
			out = append(out, element("br"))
		}
		out = append(out, inner...)
	}
	return out
}

// inlineElements are the inline elements of the output.
var inlineElements = setOf("a", "br", "img", "strong", "em", "s", "u", "del", "ins", "mark", "small", "sub",
	"sup", "code", "kbd", "cite", "q", "abbr")
