package nql

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// maxLength and maxDepth bound the work one filter can ask for.
const (
	maxLength = 4096
	maxDepth  = 32
)

// Parse reads a filter. A malformed one is an *Error.
func Parse(filter string) (Expr, error) {
	if len(filter) > maxLength {
		return nil, &Error{Pos: maxLength, Reason: "filter too long"}
	}
	p := &parser{src: filter}
	p.skipSpace()
	if p.done() {
		return nil, &Error{Pos: 1, Reason: "empty filter"}
	}
	e, err := p.or(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if !p.done() {
		return nil, p.fail("unexpected character %q", p.peek())
	}
	return e, nil
}

type parser struct {
	src string
	pos int
}

func (p *parser) done() bool { return p.pos >= len(p.src) }

func (p *parser) peek() byte {
	if p.done() {
		return 0
	}
	return p.src[p.pos]
}

func (p *parser) skipSpace() {
	for !p.done() && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t' || p.src[p.pos] == '\n' || p.src[p.pos] == '\r') {
		p.pos++
	}
}

func (p *parser) fail(format string, args ...any) error {
	reason := format
	if len(args) > 0 {
		reason = fmt.Sprintf(format, args...)
	}
	if p.done() {
		reason = "unexpected end of filter"
	}
	return &Error{Pos: p.pos + 1, Reason: reason}
}

// or := and ("," and)*
func (p *parser) or(depth int) (Expr, error) {
	left, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	for p.skipSpace(); p.peek() == ','; p.skipSpace() {
		p.pos++
		right, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		left = Or{left, right}
	}
	return left, nil
}

// and := term ("+" term)*
func (p *parser) and(depth int) (Expr, error) {
	left, err := p.term(depth)
	if err != nil {
		return nil, err
	}
	for p.skipSpace(); p.peek() == '+'; p.skipSpace() {
		p.pos++
		right, err := p.term(depth)
		if err != nil {
			return nil, err
		}
		left = And{left, right}
	}
	return left, nil
}

// term := "(" or ")" | field ":" comparison
func (p *parser) term(depth int) (Expr, error) {
	p.skipSpace()
	if p.peek() == '(' {
		if depth >= maxDepth {
			return nil, p.fail("too many nested parentheses")
		}
		p.pos++
		e, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.peek() != ')' {
			return nil, p.fail("expected ) but found %q", p.peek())
		}
		p.pos++
		return e, nil
	}
	field, err := p.field()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.peek() != ':' {
		return nil, p.fail("expected : after %q", field)
	}
	p.pos++
	return p.comparison(field)
}

// field := [a-zA-Z_][a-zA-Z0-9_.]*, lower-cased.
func (p *parser) field() (string, error) {
	start := p.pos
	for !p.done() {
		c := p.src[p.pos]
		if isLetter(c) || c == '_' || (p.pos > start && (isDigit(c) || c == '.')) {
			p.pos++
			continue
		}
		break
	}
	if p.pos == start {
		return "", p.fail("unexpected character %q", p.peek())
	}
	return strings.ToLower(p.src[start:p.pos]), nil
}

// comparison := ["-"] ( "[" values "]" | [op] value )
func (p *parser) comparison(field string) (Expr, error) {
	p.skipSpace()
	negate := false
	if p.peek() == '-' {
		negate = true
		p.pos++
		p.skipSpace()
	}
	if p.peek() == '[' {
		p.pos++
		values, err := p.list()
		if err != nil {
			return nil, err
		}
		op := In
		if negate {
			op = NotIn
		}
		return Compare{Field: field, Op: op, Values: values}, nil
	}
	op := p.operator()
	switch {
	case negate && op == Eq:
		op = Ne
	case negate && op == Contains:
		op = NotContains
	case negate:
		return nil, p.fail("a negated comparison cannot use %s", op)
	}
	p.skipSpace()
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	if v.Kind != String && (op == Contains || op == NotContains || op == StartsWith || op == EndsWith) {
		v = Value{Kind: String, Text: v.rawText()}
	}
	return Compare{Field: field, Op: op, Values: []Value{v}}, nil
}

func (p *parser) operator() Op {
	rest := p.src[p.pos:]
	for _, op := range []Op{Gte, Lte, Gt, Lt} {
		if strings.HasPrefix(rest, string(op)) {
			p.pos += len(op)
			return op
		}
	}
	if strings.HasPrefix(rest, "~^") || strings.HasPrefix(rest, "~$") {
		p.pos += 2
		if rest[1] == '^' {
			return StartsWith
		}
		return EndsWith
	}
	if strings.HasPrefix(rest, "~") {
		p.pos++
		return Contains
	}
	return Eq
}

// list := value ("," value)* "]"
func (p *parser) list() ([]Value, error) {
	var values []Value
	for {
		p.skipSpace()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		values = append(values, v)
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return values, nil
		default:
			return nil, p.fail("expected , or ] but found %q", p.peek())
		}
	}
}

// value := quoted | literal, where a literal is null, true, false, a
// whole number, a relative date or any other run of plain characters.
func (p *parser) value() (Value, error) {
	if p.done() {
		return Value{}, p.fail("")
	}
	if c := p.peek(); c == '\'' || c == '"' {
		s, err := p.quoted(c)
		return Value{Kind: String, Text: s}, err
	}
	start := p.pos
	var b strings.Builder
	for !p.done() {
		c := p.src[p.pos]
		if c == '\\' && p.pos+1 < len(p.src) {
			b.WriteByte(p.src[p.pos+1])
			p.pos += 2
			continue
		}
		if isSpecial(c) || (c == '-' && p.pos == start) {
			break
		}
		b.WriteByte(c)
		p.pos++
	}
	if p.pos == start {
		return Value{}, p.fail("unexpected character %q", p.peek())
	}
	return literal(b.String()), nil
}

func (p *parser) quoted(q byte) (string, error) {
	p.pos++
	var b strings.Builder
	for !p.done() {
		c := p.src[p.pos]
		switch {
		case c == '\\' && p.pos+1 < len(p.src):
			b.WriteByte(p.src[p.pos+1])
			p.pos += 2
		case c == q:
			p.pos++
			return b.String(), nil
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	return "", &Error{Pos: p.pos + 1, Reason: "unterminated string"}
}

// literal gives a bare word its kind.
func literal(s string) Value {
	switch strings.ToLower(s) {
	case "null":
		return Value{Kind: Null, Text: s}
	case "true":
		return Value{Kind: Bool, Bool: true, Text: s}
	case "false":
		return Value{Kind: Bool, Text: s}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return Value{Kind: Number, Num: float64(n), Text: s}
	}
	if v, ok := relativeDate(s); ok {
		return v
	}
	return Value{Kind: String, Text: s}
}

// relativeDate reads now, now-30d, now+2w (units s m h d w M y), as
// NQL's date expansions do.
func relativeDate(s string) (Value, bool) {
	if !strings.HasPrefix(strings.ToLower(s), "now") {
		return Value{}, false
	}
	rest := s[3:]
	if rest == "" {
		return Value{Kind: RelativeDate, Text: s}, true
	}
	if len(rest) < 3 || (rest[0] != '-' && rest[0] != '+') {
		return Value{}, false
	}
	unit := rest[len(rest)-1]
	if !strings.ContainsRune("smhdwMy", rune(unit)) {
		return Value{}, false
	}
	n, err := strconv.Atoi(rest[1 : len(rest)-1])
	if err != nil || n < 0 || n > 100000 {
		return Value{}, false
	}
	if rest[0] == '-' {
		n = -n
	}
	return Value{Kind: RelativeDate, Text: s, Offset: n, Unit: unit}, true
}

func (v Value) rawText() string {
	if v.Text != "" {
		return v.Text
	}
	return v.String()
}

// isSpecial reports the characters a bare value cannot hold unescaped.
func isSpecial(c byte) bool {
	return strings.IndexByte(`'"+,()><=[]~:`, c) >= 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

func isLetter(c byte) bool { return c < 0x80 && unicode.IsLetter(rune(c)) }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
