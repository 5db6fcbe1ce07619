package mail

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"strings"
	"text/template"
)

//go:embed templates/*.txt templates/*.html
var templateFiles embed.FS

var (
	textTemplates = template.Must(template.ParseFS(templateFiles, "templates/*.txt"))
	htmlTemplates = htmltemplate.Must(htmltemplate.ParseFS(templateFiles, "templates/*.html"))
)

// Account mails, by template name.
const (
	KindVerify            = "verify"
	KindSignUpLink        = "signup-link"
	KindSignIn            = "signin"
	KindExists            = "exists"
	KindReset             = "reset"
	KindEmailChange       = "email-change"
	KindEmailTaken        = "email-taken"
	KindEmailChanged      = "email-changed"
	KindSubscribe         = "subscribe"
	KindSubscribedAlready = "subscribed-already"
)

var subjects = map[string]string{
	KindVerify:            "Confirm your email address",
	KindSignUpLink:        "Your link to sign in",
	KindSignIn:            "Your link to sign in",
	KindExists:            "You already have an account",
	KindReset:             "Set a new password",
	KindEmailChange:       "Confirm your new email address",
	KindEmailTaken:        "Your email address was not changed",
	KindEmailChanged:      "Your email address was changed",
	KindSubscribe:         "Confirm your subscription",
	KindSubscribedAlready: "You are already subscribed",
}

// Account is what an account mail says: the publication, the link to
// follow and how long it lasts.
type Account struct {
	Site    string
	URL     string // the link the message is about
	SignIn  string // the sign-in page
	Email   string
	What    string // what a subscription brings, in words
	Minutes int
	Hours   int
}

// AccountMessage composes the account mail of the given kind to to.
func AccountMessage(kind, to string, a Account) (Message, error) {
	var buf bytes.Buffer
	if err := textTemplates.ExecuteTemplate(&buf, kind, a); err != nil {
		return Message{}, err
	}
	return Message{To: to, FromName: a.Site, Subject: subjects[kind] + " – " + a.Site, Text: buf.String()}, nil
}

// Newsletter is what a digest or an alert shows.
type Newsletter struct {
	Site, Lang, Home string
	Subject          string
	Heading          string // "Tuesday, 8 December 2026" or "New in Economy"
	Preheader        string // the line mail programs show after the subject
	Articles         []NewsletterArticle
	Reason           string // why the reader gets this
	Manage           string
	// Unsubscribe is the recipient's own link; see Render.
	Unsubscribe string
}

// NewsletterArticle is one story in a newsletter.
type NewsletterArticle struct {
	Title, URL, Standfirst, Section, Byline, Date string
}

// unsubscribeMark stands in for each recipient's unsubscribe link while a
// newsletter is rendered once for everyone. It is letters only, which no
// escaping changes.
const unsubscribeMark = "MastheadUnsubscribeLinkMark"

// Rendered is a newsletter rendered once, to be addressed to each
// recipient cheaply.
type Rendered struct {
	subject, text, html string
	from                string
}

// Render renders n's two parts once. HTML escaping is html/template's:
// titles and standfirsts are the newsroom's words, never markup.
func Render(n Newsletter) (Rendered, error) {
	n.Unsubscribe = unsubscribeMark
	var text, html bytes.Buffer
	if err := textTemplates.ExecuteTemplate(&text, "newsletter", n); err != nil {
		return Rendered{}, err
	}
	if err := htmlTemplates.ExecuteTemplate(&html, "newsletter", n); err != nil {
		return Rendered{}, err
	}
	return Rendered{subject: n.Subject, text: text.String(), html: html.String(), from: n.Site}, nil
}

// To addresses the newsletter to one recipient with their own one-click
// unsubscribe link.
func (r Rendered) To(to, unsubscribe string) Message {
	return Message{
		To: to, FromName: r.from, Subject: r.subject,
		Text:        strings.ReplaceAll(r.text, unsubscribeMark, unsubscribe),
		HTML:        strings.ReplaceAll(r.html, unsubscribeMark, unsubscribe),
		Unsubscribe: unsubscribe,
	}
}
