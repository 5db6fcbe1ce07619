package nql

import (
	"strconv"
	"strings"
	"time"
)

// Record gives a filter the values of one of a record's fields: none for
// null, several for a field such as tags.slug. Values are string, int,
// int64, float64, bool or time.Time; a zero time and "" count as null.
type Record func(field string) []any

// Match reports whether rec satisfies e. now resolves relative dates.
func Match(e Expr, rec Record, now time.Time) bool {
	switch e := e.(type) {
	case And:
		return Match(e.Left, rec, now) && Match(e.Right, rec, now)
	case Or:
		return Match(e.Left, rec, now) || Match(e.Right, rec, now)
	case Compare:
		return compare(e, rec(e.Field), now)
	}
	return false
}

func compare(c Compare, values []any, now time.Time) bool {
	switch c.Op {
	case Ne:
		return !anyEqual(values, c.Values[0], now)
	case In:
		for _, v := range c.Values {
			if anyEqual(values, v, now) {
				return true
			}
		}
		return false
	case NotIn:
		for _, v := range c.Values {
			if anyEqual(values, v, now) {
				return false
			}
		}
		return true
	case NotContains:
		return !anyText(values, c.Values[0].Text, strings.Contains)
	case Contains:
		return anyText(values, c.Values[0].Text, strings.Contains)
	case StartsWith:
		return anyText(values, c.Values[0].Text, strings.HasPrefix)
	case EndsWith:
		return anyText(values, c.Values[0].Text, strings.HasSuffix)
	case Gt, Gte, Lt, Lte:
		for _, x := range values {
			if n, ok := order(x, c.Values[0], now); ok && holds(c.Op, n) {
				return true
			}
		}
		return false
	}
	return anyEqual(values, c.Values[0], now)
}

func holds(op Op, n int) bool {
	switch op {
	case Gt:
		return n > 0
	case Gte:
		return n >= 0
	case Lt:
		return n < 0
	}
	return n <= 0
}

func anyEqual(values []any, v Value, now time.Time) bool {
	if v.Kind == Null {
		for _, x := range values {
			if !isNull(x) {
				return false
			}
		}
		return true
	}
	for _, x := range values {
		if isNull(x) {
			continue
		}
		if n, ok := order(x, v, now); ok && n == 0 {
			return true
		}
	}
	return false
}

func isNull(x any) bool {
	switch x := x.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case time.Time:
		return x.IsZero()
	}
	return false
}

// anyText applies a text test, ignoring case, to the string values.
func anyText(values []any, text string, test func(s, sub string) bool) bool {
	sub := strings.ToLower(text)
	for _, x := range values {
		if s, ok := x.(string); ok && test(strings.ToLower(s), sub) {
			return true
		}
	}
	return false
}

// order compares a record's value with a filter's: negative, zero or
// positive, and false when the two cannot be compared.
func order(x any, v Value, now time.Time) (int, bool) {
	switch x := x.(type) {
	case string:
		if v.Kind == RelativeDate || v.Kind == Null {
			return 0, false
		}
		return strings.Compare(strings.ToLower(x), strings.ToLower(v.rawText())), true
	case bool:
		b, ok := v.Bool, v.Kind == Bool
		if v.Kind == String {
			b, ok = v.Text == "true", v.Text == "true" || v.Text == "false"
		}
		if !ok {
			return 0, false
		}
		return boolOrder(x, b), true
	case int:
		return order(float64(x), v, now)
	case int64:
		return order(float64(x), v, now)
	case float64:
		n, err := strconv.ParseFloat(v.rawText(), 64)
		if err != nil || v.Kind == RelativeDate {
			return 0, false
		}
		return floatOrder(x, n), true
	case time.Time:
		t, ok := v.moment(now)
		if !ok || x.IsZero() {
			return 0, false
		}
		return x.Compare(t), true
	}
	return 0, false
}

func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

func floatOrder(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// dateLayouts are the ways a filter may write a date.
var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"}

// moment reads a value as a time: a relative date, or a date written out
// (in UTC unless it says otherwise).
func (v Value) moment(now time.Time) (time.Time, bool) {
	if v.Kind == RelativeDate {
		return v.Time(now), true
	}
	if v.Kind != String {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v.Text); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
