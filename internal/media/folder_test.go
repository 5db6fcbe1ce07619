package media_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
)

func newFolder(t testing.TB) (*media.Folder, string) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "media")
	f, err := media.NewFolder(root)
	if err != nil {
		t.Fatal(err)
	}
	return f, root
}

func TestFolderReturnsWhatWasPut(t *testing.T) {
	ctx := context.Background()
	f, root := newFolder(t)
	const key = "2026/03/flag-0123456789-640w.jpg"
	if err := f.Put(ctx, key, strings.NewReader("picture bytes"), "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	file, err := f.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	got, err := io.ReadAll(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "picture bytes" || file.Size() != int64(len(got)) || file.ModTime().IsZero() {
		t.Errorf("read %q, size %d, modified %v", got, file.Size(), file.ModTime())
	}
	entries, _ := os.ReadDir(filepath.Join(root, "2026", "03"))
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want just the file (no temporary leftovers)", len(entries))
	}
}

func TestFolderPutOfExistingKeyKeepsTheFile(t *testing.T) {
	ctx := context.Background()
	f, _ := newFolder(t)
	if err := f.Put(ctx, "a/b.png", strings.NewReader("first"), "image/png"); err != nil {
		t.Fatal(err)
	}
	if err := f.Put(ctx, "a/b.png", strings.NewReader("first"), "image/png"); err != nil {
		t.Fatalf("second put of the same content: %v", err)
	}
	file, err := f.Open(ctx, "a/b.png")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if got, _ := io.ReadAll(file); string(got) != "first" {
		t.Errorf("content %q", got)
	}
}

func TestFolderMissingFileIsNotFound(t *testing.T) {
	ctx := context.Background()
	f, root := newFolder(t)
	if err := os.MkdirAll(filepath.Join(root, "2026"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"2026/03/nothing.jpg", "2026"} {
		if _, err := f.Open(ctx, key); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("Open(%q) = %v, want ErrNotFound", key, err)
		}
	}
}

func TestFolderDeleteIsIdempotent(t *testing.T) {
	ctx := context.Background()
	f, _ := newFolder(t)
	if err := f.Put(ctx, "x/y.gif", strings.NewReader("gif"), "image/gif"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := f.Delete(ctx, "x/y.gif"); err != nil {
			t.Fatalf("delete %d: %v", i+1, err)
		}
	}
	if _, err := f.Open(ctx, "x/y.gif"); !errors.Is(err, news.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
}

func TestFolderRefusesKeysThatCouldLeaveItsRoot(t *testing.T) {
	ctx := context.Background()
	f, root := newFolder(t)
	outside := filepath.Dir(root)
	keys := []string{
		"",
		"../escaped.jpg",
		"2026/../../escaped.jpg",
		"..",
		"/etc/passwd",
		`2026\..\..\escaped.jpg`,
		"2026//a.jpg",
		"2026/a.jpg/",
		"./a.jpg",
		"2026/.put-123",
		"C:/Windows/a.jpg",
		"a\x00.jpg",
	}
	for _, key := range keys {
		if err := f.Put(ctx, key, strings.NewReader("x"), "image/jpeg"); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("Put(%q) = %v, want ErrInvalid", key, err)
		}
		if _, err := f.Open(ctx, key); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("Open(%q) = %v, want ErrInvalid", key, err)
		}
		if err := f.Delete(ctx, key); !errors.Is(err, news.ErrInvalid) {
			t.Errorf("Delete(%q) = %v, want ErrInvalid", key, err)
		}
	}
	if _, err := os.Stat(filepath.Join(outside, "escaped.jpg")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file was written outside the root: %v", err)
	}
}
