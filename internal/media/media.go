// Package media keeps uploaded files and makes the resized variants that
// pages serve. Files live behind Storage (a local folder now, object storage
// later); their records live in the store.
package media

import (
	"context"
	"io"
	"strings"
	"time"
)

// Storage keeps media files by key, a slash-separated relative path such
// as "2026/11/flag-3fa9c2d1-640w.jpg". Keys are content-addressed, so a key
// never changes meaning and its file can be cached forever.
type Storage interface {
	// Put stores r under key, replacing nothing: writing an existing key
	// with the same content is harmless.
	Put(ctx context.Context, key string, r io.Reader, contentType string) error
	// Open returns the file with its size and modification time, or an
	// error wrapping news.ErrNotFound.
	Open(ctx context.Context, key string) (File, error)
	Delete(ctx context.Context, key string) error
}

// File is an open stored file.
type File interface {
	io.ReadSeekCloser
	Size() int64
	ModTime() time.Time
}

// URLPrefix is where the site serves media files.
const URLPrefix = "/media/"

// URL returns the site address of the file stored under key. A linked
// file, which an import left where it was, has an absolute address for
// its key and is its own address.
func URL(key string) string {
	if IsLinked(key) {
		return key
	}
	return URLPrefix + key
}

// IsLinked reports whether key is the absolute address of a file kept
// elsewhere rather than a key of this storage.
func IsLinked(key string) bool {
	return strings.HasPrefix(key, "https://") || strings.HasPrefix(key, "http://")
}

// AbsoluteURL returns the address of the file under key for use outside
// the site's pages (feeds, social cards), on the site at base.
func AbsoluteURL(base, key string) string {
	if IsLinked(key) {
		return key
	}
	return base + URLPrefix + key
}
