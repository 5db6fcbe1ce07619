// Package nql parses Ghost's filter language, NQL, as the Content API's
// filter parameter takes it (tag:news+published_at:>now-30d), into an
// expression that callers evaluate against records whose fields they name
// themselves. It builds no query text: a caller checks the fields an
// expression uses against its own list before evaluating it, so user input
// never reaches SQL.
package nql

import (
	"fmt"
	"strings"
	"time"
)

// Op is a comparison.
type Op string

// The comparisons of NQL. Not* are the negated forms written with "-".
const (
	Eq          Op = "="
	Ne          Op = "!="
	Gt          Op = ">"
	Gte         Op = ">="
	Lt          Op = "<"
	Lte         Op = "<="
	In          Op = "in"
	NotIn       Op = "not in"
	Contains    Op = "~"
	NotContains Op = "-~"
	StartsWith  Op = "~^"
	EndsWith    Op = "~$"
)

// Kind says what a filter value is.
type Kind int

// Kinds of value.
const (
	String Kind = iota
	Number
	Bool
	Null
	RelativeDate // now, now-30d, now+1w
)

// Value is one value in a filter.
type Value struct {
	Kind Kind
	Text string  // String: the text; RelativeDate: as written
	Num  float64 // Number
	Bool bool    // Bool
	// Offset and Unit describe a relative date: now plus Offset Units.
	Offset int
	Unit   byte // s, m, h, d, w, M, y
}

// Expr is a parsed filter: a comparison, or an and/or of two filters.
type Expr interface {
	// Fields lists the fields the filter names, lower-cased, once each.
	Fields() []string
	String() string
}

// Compare is one field's comparison, e.g. tag:[news,sport] or
// published_at:>now-7d.
type Compare struct {
	Field  string
	Op     Op
	Values []Value // one, or the list of In and NotIn
}

// And holds when both sides hold (NQL's "+").
type And struct{ Left, Right Expr }

// Or holds when either side holds (NQL's ",").
type Or struct{ Left, Right Expr }

// Fields lists the compared field.
func (c Compare) Fields() []string { return []string{c.Field} }

// Fields lists both sides' fields.
func (a And) Fields() []string { return mergeFields(a.Left, a.Right) }

// Fields lists both sides' fields.
func (o Or) Fields() []string { return mergeFields(o.Left, o.Right) }

func mergeFields(l, r Expr) []string {
	out := l.Fields()
	for _, f := range r.Fields() {
		if !contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (c Compare) String() string {
	vals := make([]string, len(c.Values))
	for i, v := range c.Values {
		vals[i] = v.String()
	}
	return fmt.Sprintf("%s %s %s", c.Field, c.Op, strings.Join(vals, ","))
}

func (a And) String() string { return "(" + a.Left.String() + " AND " + a.Right.String() + ")" }
func (o Or) String() string  { return "(" + o.Left.String() + " OR " + o.Right.String() + ")" }

func (v Value) String() string {
	switch v.Kind {
	case Number:
		return fmt.Sprint(v.Num)
	case Bool:
		return fmt.Sprint(v.Bool)
	case Null:
		return "null"
	case RelativeDate:
		return v.Text
	}
	return fmt.Sprintf("%q", v.Text)
}

// Time returns the moment a relative date stands for at now.
func (v Value) Time(now time.Time) time.Time {
	n := v.Offset
	switch v.Unit {
	case 's':
		return now.Add(time.Duration(n) * time.Second)
	case 'm':
		return now.Add(time.Duration(n) * time.Minute)
	case 'h':
		return now.Add(time.Duration(n) * time.Hour)
	case 'd':
		return now.AddDate(0, 0, n)
	case 'w':
		return now.AddDate(0, 0, 7*n)
	case 'M':
		return now.AddDate(0, n, 0)
	case 'y':
		return now.AddDate(n, 0, 0)
	}
	return now
}

// Error is a filter that cannot be parsed, with the character where it
// goes wrong (counted from 1, as Ghost reports it).
type Error struct {
	Pos    int
	Reason string
}

func (e *Error) Error() string {
	return fmt.Sprintf("Query Error: %s at char %d", e.Reason, e.Pos)
}
