package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// assertEqual fails the test with every field where got and want differ.
// It compares the way the contract does: nil and empty slices are the
// same, and times are the same instant in the same location (readers of
// the store rely on UTC coming back).
func assertEqual(t testing.TB, what string, got, want any) {
	t.Helper()
	var diffs []string
	compare(reflect.ValueOf(got), reflect.ValueOf(want), what, &diffs)
	if len(diffs) > 0 {
		t.Errorf("%s differs:\n\t%s", what, strings.Join(diffs, "\n\t"))
	}
}

// AssertEqual is assertEqual for tests outside the suite that compare
// what two stores hold, such as a copy of a publication from one backend
// to another.
func AssertEqual(tb testing.TB, what string, got, want any) {
	tb.Helper()
	assertEqual(tb, what, got, want)
}

var timeType = reflect.TypeFor[time.Time]()

func compare(got, want reflect.Value, path string, diffs *[]string) {
	if got.Type() == timeType {
		g, w := got.Interface().(time.Time), want.Interface().(time.Time)
		if !g.Equal(w) || g.Location() != w.Location() {
			*diffs = append(*diffs, fmt.Sprintf("%s: got %v, want %v", path, g, w))
		}
		return
	}
	switch got.Kind() {
	case reflect.Struct:
		for i := range got.NumField() {
			compare(got.Field(i), want.Field(i), path+"."+got.Type().Field(i).Name, diffs)
		}
	case reflect.Slice:
		if got.Len() != want.Len() {
			*diffs = append(*diffs, fmt.Sprintf("%s: got %d elements %+v, want %d %+v",
				path, got.Len(), got.Interface(), want.Len(), want.Interface()))
			return
		}
		for i := range got.Len() {
			compare(got.Index(i), want.Index(i), fmt.Sprintf("%s[%d]", path, i), diffs)
		}
	case reflect.Pointer:
		if got.IsNil() || want.IsNil() {
			if got.IsNil() != want.IsNil() {
				*diffs = append(*diffs, fmt.Sprintf("%s: got %v, want %v", path, got.Interface(), want.Interface()))
			}
			return
		}
		compare(got.Elem(), want.Elem(), path, diffs)
	default:
		if !got.Equal(want) {
			*diffs = append(*diffs, fmt.Sprintf("%s: got %#v, want %#v", path, got.Interface(), want.Interface()))
		}
	}
}

// assertKind fails unless err is of the given news error kind.
func assertKind(t testing.TB, err, kind error, what string) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Errorf("%s: got error %v, want one that is %v", what, err, kind)
	}
}

// must stops the test on an error in a step that is set-up, not the
// behaviour under test.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// slugsOf turns a list into something short to compare and print.
func slugsOf(arts []news.Article) []string {
	slugs := make([]string, len(arts))
	for i, a := range arts {
		slugs[i] = a.Slug
	}
	return slugs
}

func assertSlugs(t testing.TB, what string, arts []news.Article, want ...string) {
	t.Helper()
	got := slugsOf(arts)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s: got %q, want %q", what, got, want)
	}
}
