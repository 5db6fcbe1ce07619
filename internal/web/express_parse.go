package web

import (
	"bytes"
	"net/textproto"
	"net/url"

	"golang.org/x/net/http/httpguts"
)

// The express lane's reading of a request. It accepts only the plainest
// HTTP/1.x requests, the kind a reader's browser sends for a page: GET or
// HEAD, an origin-form path without a query, CRLF line ends, a single
// valid Host, no body and nothing that asks for more than an answer.
// Everything else, however legal, is left to net/http, which reads the
// same bytes again from the start: the lane never has to judge an
// ambiguous request, so it cannot disagree with net/http about where one
// request ends and the next begins.

// parseResult says what parseRequest made of the bytes.
type parseResult int

const (
	parseIncomplete parseResult = iota // no blank line yet: read more
	parseHandOff                       // not for the lane: net/http reads it
	parseOK
)

// maxExpressHeader is the most the lane reads of one request's head;
// anything longer is handed to net/http, which allows more.
const maxExpressHeader = 8 << 10

// maxExpressFields is the most header fields the lane takes in a request.
const maxExpressFields = 64

// headerField is one field of a request, its name in canonical form.
type headerField struct {
	name  string
	value []byte
}

// parsedRequest is a request head the lane can answer. Its byte slices
// point into the buffer it was read from.
type parsedRequest struct {
	head   bool // HEAD, not GET
	http10 bool // HTTP/1.0, not 1.1
	// close says the connection ends after the answer; keepAlive that an
	// HTTP/1.0 client asked to keep it (the answer says it will).
	close, keepAlive bool
	target           []byte
	url              *url.URL // the target parsed, when it holds escapes; nil otherwise
	host             []byte
	fields           []headerField
	size             int // bytes of the head, blank line included
}

// parseRequest reads the request head at the start of b. fields is
// reused for the result's fields.
func parseRequest(b []byte, fields []headerField) (parsedRequest, parseResult) {
	end := bytes.Index(b, []byte("\r\n\r\n"))
	if end < 0 {
		if len(b) >= maxExpressHeader || !plainSoFar(b) {
			return parsedRequest{}, parseHandOff
		}
		return parsedRequest{}, parseIncomplete
	}
	p := parsedRequest{size: end + 4, fields: fields[:0]}
	head := b[:end]
	if !plainLineEnds(head) {
		return parsedRequest{}, parseHandOff
	}
	line, rest, _ := bytes.Cut(head, []byte("\r\n"))
	if !p.requestLine(line) {
		return parsedRequest{}, parseHandOff
	}
	hosts := 0
	for len(rest) > 0 {
		line, rest, _ = bytes.Cut(rest, []byte("\r\n"))
		f, ok := field(line)
		if !ok || len(p.fields) == maxExpressFields {
			return parsedRequest{}, parseHandOff
		}
		switch f.name {
		case "Host":
			hosts++
			p.host = f.value
		case "Connection":
			close, keepAlive, ok := connectionTokens(f.value)
			if !ok {
				return parsedRequest{}, parseHandOff
			}
			p.close, p.keepAlive = p.close || close, p.keepAlive || keepAlive
		case "Content-Length", "Transfer-Encoding", "Expect", "Upgrade", "Te", "Trailer", "Http2-Settings":
			// A body, or a request to change what the answer is.
			return parsedRequest{}, parseHandOff
		}
		p.fields = append(p.fields, f)
	}
	if hosts != 1 || !httpguts.ValidHostHeader(string(p.host)) {
		return parsedRequest{}, parseHandOff
	}
	if p.http10 {
		// HTTP/1.0 closes unless asked not to; asked both ways, it is
		// net/http's to sort out.
		if p.close && p.keepAlive {
			return parsedRequest{}, parseHandOff
		}
		p.close = !p.keepAlive
	} else {
		p.keepAlive = false // HTTP/1.1's default: not said in the answer
	}
	return p, parseOK
}

// plainSoFar reports whether the start of a head could still be one the
// lane takes: it begins with GET or HEAD, and every line so far ends in
// CRLF. Anything else goes to net/http at once rather than waiting for a
// blank line that may never come in the lane's form.
func plainSoFar(b []byte) bool {
	for _, m := range []string{"GET ", "HEAD "} {
		n := min(len(b), len(m))
		if string(b[:n]) == m[:n] {
			return plainLineEnds(b)
		}
	}
	return false
}

// plainLineEnds reports whether every LF in b follows a CR and every CR
// is followed by an LF or ends b.
func plainLineEnds(b []byte) bool {
	for i, c := range b {
		switch {
		case c == '\n' && (i == 0 || b[i-1] != '\r'):
			return false
		case c == '\r' && i+1 < len(b) && b[i+1] != '\n':
			return false
		}
	}
	return true
}

// requestLine reads "GET /path HTTP/1.1".
func (p *parsedRequest) requestLine(line []byte) bool {
	switch {
	case bytes.HasPrefix(line, []byte("GET ")):
		line = line[4:]
	case bytes.HasPrefix(line, []byte("HEAD ")):
		p.head, line = true, line[5:]
	default:
		return false
	}
	target, version, ok := bytes.Cut(line, []byte(" "))
	if !ok || len(target) == 0 || target[0] != '/' {
		return false
	}
	switch string(version) {
	case "HTTP/1.1":
	case "HTTP/1.0":
		p.http10 = true
	default:
		return false
	}
	// A query (a search page's) is read by url.ParseRequestURI, as
	// net/http reads it; its bytes are the path's and '?'.
	escaped := false
	for _, c := range target {
		if !pathByte[c] && c != '?' {
			return false
		}
		escaped = escaped || c == '%' || c == '?'
	}
	if escaped {
		u, err := url.ParseRequestURI(string(target))
		if err != nil {
			return false
		}
		p.url = u
	}
	p.target = target
	return true
}

// pathByte are the bytes a path the lane takes may hold: RFC 3986's
// unreserved and sub-delims, ':', '@', '/' and '%'. No '#', no spaces,
// controls or bytes beyond ASCII; '?' starts the query.
var pathByte = func() (t [256]bool) {
	for _, c := range []byte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/%") {
		t[c] = true
	}
	return t
}()

// field reads one "Name: value" line. A name that is not a token, white
// space before the colon, a line folded onto the one before, or a
// control byte in the value sends the request to net/http.
func field(line []byte) (headerField, bool) {
	name, value, ok := bytes.Cut(line, []byte(":"))
	if !ok || len(name) == 0 {
		return headerField{}, false
	}
	for _, c := range name {
		if !httpguts.IsTokenRune(rune(c)) {
			return headerField{}, false
		}
	}
	value = bytes.Trim(value, " \t")
	for _, c := range value {
		if c < ' ' && c != '\t' || c == 0x7f {
			return headerField{}, false
		}
	}
	return headerField{name: canonicalName(name), value: value}, true
}

// connectionTokens reads a Connection header: whether it asks to close
// and to keep alive, and false when it names anything else (an upgrade,
// or hop-by-hop headers for the lane to drop).
func connectionTokens(v []byte) (close, keepAlive, ok bool) {
	for _, t := range bytes.Split(v, []byte(",")) {
		t = bytes.Trim(t, " \t")
		switch {
		case len(t) == 0:
		case bytes.EqualFold(t, []byte("close")):
			close = true
		case bytes.EqualFold(t, []byte("keep-alive")):
			keepAlive = true
		default:
			return false, false, false
		}
	}
	return close, keepAlive, true
}

// commonNames are header names browsers send, in the forms they send
// them, with their canonical forms: looking one up costs no allocation.
var commonNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range []string{"Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Cookie",
		"Connection", "If-None-Match", "If-Modified-Since", "Referer", "Cache-Control", "Pragma", "Dnt",
		"Upgrade-Insecure-Requests", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User",
		"Sec-Ch-Ua", "Sec-Ch-Ua-Mobile", "Sec-Ch-Ua-Platform", "Priority", "X-Forwarded-For", "X-Forwarded-Proto",
		"X-Real-Ip", "Via", "Te", "Content-Length", "Transfer-Encoding", "Expect", "Upgrade", "Trailer",
		"Http2-Settings"} {
		m[n] = n
		m[string(bytes.ToLower([]byte(n)))] = n
	}
	m["DNT"], m["X-Real-IP"], m["TE"], m["HTTP2-Settings"] = "Dnt", "X-Real-Ip", "Te", "Http2-Settings"
	return m
}()

func canonicalName(b []byte) string {
	if n, ok := commonNames[string(b)]; ok {
		return n
	}
	return textproto.CanonicalMIMEHeaderKey(string(b))
}
