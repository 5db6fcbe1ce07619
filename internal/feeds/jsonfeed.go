package feeds

import (
	"bufio"
	"encoding/json"
	"html"
	"io"
)

// JSONFeedVersion is the version URL of the JSON Feed format written.
const JSONFeedVersion = "https://jsonfeed.org/version/1.1"

type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url,omitempty"`
	FeedURL     string       `json:"feed_url,omitempty"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type jsonItem struct {
	ID            string           `json:"id"`
	URL           string           `json:"url,omitempty"`
	Title         string           `json:"title,omitempty"`
	ContentHTML   string           `json:"content_html"`
	Summary       string           `json:"summary,omitempty"`
	Image         string           `json:"image,omitempty"`
	DatePublished string           `json:"date_published"`
	DateModified  string           `json:"date_modified,omitempty"`
	Authors       []jsonAuthor     `json:"authors,omitempty"`
	Tags          []string         `json:"tags,omitempty"`
	Attachments   []jsonAttachment `json:"attachments,omitempty"`
}

type jsonAttachment struct {
	URL      string `json:"url"`
	MIMEType string `json:"mime_type"`
	Size     int64  `json:"size_in_bytes,omitempty"`
}

// WriteJSON writes the feed as JSON Feed 1.1. Every item has content_html:
// the whole article, or the summary as a paragraph when the feed carries
// only summaries, because the format requires content and readers show
// content_html first.
func (f *Feed) WriteJSON(w io.Writer) error {
	doc := jsonFeed{
		Version:     JSONFeedVersion,
		Title:       f.Title,
		HomePageURL: f.HomeURL,
		FeedURL:     f.FeedURL,
		Description: f.Description,
		Language:    f.Language,
		Items:       make([]jsonItem, len(f.Items)),
	}
	if f.Publisher != "" {
		doc.Authors = []jsonAuthor{{Name: f.Publisher, URL: f.PublisherURL}}
	}
	for i := range f.Items {
		it := &f.Items[i]
		item := jsonItem{
			ID:            it.ID,
			URL:           it.URL,
			Title:         it.Title,
			ContentHTML:   it.ContentHTML,
			Summary:       it.Summary,
			DatePublished: rfc3339(it.Published),
			Tags:          it.Categories,
		}
		if item.ContentHTML == "" {
			item.ContentHTML = "<p>" + html.EscapeString(it.Summary) + "</p>"
		}
		if it.Updated.After(it.Published) {
			item.DateModified = rfc3339(it.Updated)
		}
		for _, a := range it.Authors {
			item.Authors = append(item.Authors, jsonAuthor(a))
		}
		if it.Image != nil {
			item.Image = it.Image.URL
			item.Attachments = []jsonAttachment{{URL: it.Image.URL, MIMEType: it.Image.Type, Size: it.Image.Length}}
		}
		doc.Items[i] = item
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	enc := json.NewEncoder(bw)
	// The feed is never embedded in HTML, so <, > and & need not be
	// escaped as \u003c and the like, which would bloat every body.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return bw.Flush()
}
