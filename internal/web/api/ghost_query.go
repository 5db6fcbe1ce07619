package api

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/nql"
)

// ghostQuery is a browse or read request's parameters, checked.
type ghostQuery struct {
	filter   nql.Expr // nil for none
	limit    int      // page size; 0 with all
	all      bool     // limit=all
	page     int      // from 1
	fields   map[string]bool
	include  map[string]bool
	formats  map[string]bool
	order    []orderKey
	resource string // "posts", for messages
}

type orderKey struct {
	field string
	desc  bool
}

// defaultLimit is Ghost's page size when none is asked for.
const defaultLimit = 15

// resourceRules are what one resource's queries may name: the fields a
// filter or an order may use. Anything else is refused before a record is
// read, so a filter is never more than a comparison of known fields.
type resourceRules struct {
	name         string // "posts"
	filterFields map[string]bool
	defaultOrder []orderKey
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// parseGhostQuery reads and checks the query parameters Ghost's Content
// API takes.
func parseGhostQuery(r *http.Request, rules resourceRules) (ghostQuery, error) {
	v := r.URL.Query()
	q := ghostQuery{limit: defaultLimit, page: 1, resource: rules.name, formats: set("html"), order: rules.defaultOrder}
	if s := v.Get("limit"); s != "" {
		if s == "all" {
			q.all, q.limit = true, 0
		} else if n, err := strconv.Atoi(s); err == nil && n > 0 {
			q.limit = n
		} else {
			return q, validationError(rules.name, "limit")
		}
	}
	if s := v.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return q, validationError(rules.name, "page")
		}
		q.page = n
	}
	q.fields = listParam(v.Get("fields"))
	q.include = listParam(v.Get("include"))
	if f := listParam(v.Get("formats")); f != nil {
		q.formats = f
	}
	if s := v.Get("order"); s != "" {
		q.order = parseOrder(s, rules)
	}
	if s := v.Get("filter"); s != "" {
		e, err := nql.Parse(s)
		if err != nil {
			return q, badRequest("Error parsing filter", err.Error())
		}
		for _, f := range e.Fields() {
			if !rules.filterFields[f] {
				return q, badRequest("Error parsing filter", "Query Error: unknown field "+strconv.Quote(f)+" for "+rules.name)
			}
		}
		q.filter = e
	}
	return q, nil
}

// listParam splits a comma-separated parameter; nil when absent.
func listParam(s string) map[string]bool {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	m := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		if p := strings.ToLower(strings.TrimSpace(part)); p != "" {
			m[p] = true
		}
	}
	return m
}

var orderPart = regexp.MustCompile(`^([a-z_.]+)(?:\s+(asc|desc))?$`)

// parseOrder reads "published_at desc, title asc". Like Ghost, it passes
// over fields it cannot order by rather than failing the request.
func parseOrder(s string, rules resourceRules) []orderKey {
	var keys []orderKey
	for _, part := range strings.Split(s, ",") {
		m := orderPart.FindStringSubmatch(strings.ToLower(strings.TrimSpace(part)))
		if m == nil || !rules.filterFields[m[1]] {
			continue
		}
		keys = append(keys, orderKey{field: m[1], desc: m[2] == "desc"})
	}
	if len(keys) == 0 {
		return rules.defaultOrder
	}
	return keys
}

// offset is where the asked page starts.
func (q ghostQuery) offset() int {
	if q.all {
		return 0
	}
	return (q.page - 1) * q.limit
}

// pagination is Ghost's meta.pagination for total matching records.
func (q ghostQuery) pagination(total int) object {
	var limit any = q.limit
	pages, page := 1, q.page
	if q.all {
		limit, page = "all", 1
	} else if total > 0 {
		pages = (total + q.limit - 1) / q.limit
	}
	var next, prev any
	if page < pages {
		next = page + 1
	}
	if page > 1 {
		prev = page - 1
	}
	return object{{"page", page}, {"limit", limit}, {"pages", pages}, {"total", total}, {"next", next}, {"prev", prev}}
}

// record is something a filter and an order can read, with the object
// the response shows for it.
type record struct {
	values nql.Record
	build  func() object
}

// sortRecords orders records by the query's keys, missing values last.
func sortRecords(recs []record, keys []orderKey) {
	slices.SortStableFunc(recs, func(x, y record) int {
		for _, k := range keys {
			n := compareValues(first(x.values(k.field)), first(y.values(k.field)))
			if k.desc {
				n = -n
			}
			if n != 0 {
				return n
			}
		}
		return 0
	})
}

func first(vals []any) any {
	if len(vals) == 0 {
		return nil
	}
	return vals[0]
}

func compareValues(a, b any) int {
	switch a := a.(type) {
	case string:
		if b, ok := b.(string); ok {
			return strings.Compare(strings.ToLower(a), strings.ToLower(b))
		}
	case time.Time:
		if b, ok := b.(time.Time); ok {
			return a.Compare(b)
		}
	case int:
		if b, ok := b.(int); ok {
			return a - b
		}
	case bool:
		if b, ok := b.(bool); ok && a != b {
			if a {
				return 1
			}
			return -1
		}
		return 0
	}
	switch {
	case a == nil && b != nil:
		return 1
	case a != nil && b == nil:
		return -1
	}
	return 0
}

// matching keeps the records the query's filter accepts.
func (q ghostQuery) matching(recs []record, now time.Time) []record {
	if q.filter == nil {
		return recs
	}
	var out []record
	for _, rec := range recs {
		if nql.Match(q.filter, rec.values, now) {
			out = append(out, rec)
		}
	}
	return out
}

// window returns the page of recs the query asks for.
func (q ghostQuery) window(recs []record) []record {
	if q.all {
		return recs
	}
	start := min(q.offset(), len(recs))
	return recs[start:min(start+q.limit, len(recs))]
}

// shape applies fields= to an object built for the response.
func (q ghostQuery) shape(o object) object {
	if q.fields == nil {
		return o
	}
	keep := map[string]bool{}
	for f := range q.fields {
		keep[f] = true
	}
	// Relations asked for with include= come whatever fields= says, as in Ghost.
	for inc := range q.include {
		keep[inc] = true
		if inc == "count.posts" {
			keep["count"] = true
		}
		if inc == "tags" {
			keep["primary_tag"] = true
		}
		if inc == "authors" {
			keep["primary_author"] = true
		}
	}
	return o.only(keep)
}
