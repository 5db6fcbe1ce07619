package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/mastheadhq/masthead/internal/news"
)

// Folder is Storage on a directory of the local disk: the default for a
// single-machine publication.
type Folder struct {
	root string
}

// NewFolder returns storage rooted at root, creating the directory when it
// does not exist yet.
func NewFolder(root string) (*Folder, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("media folder %q: %w", root, err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("media folder: %w", err)
	}
	return &Folder{root: abs}, nil
}

// tempPrefix starts the names of files being written. Keys may not have a
// segment starting with a dot, so a half-written file can never be served.
const tempPrefix = ".put-"

// Put writes r under key through a temporary file renamed into place, so
// readers see either no file or the whole of it, never a partial one.
// Because keys are content-addressed, an existing file is left alone.
func (f *Folder) Put(ctx context.Context, key string, r io.Reader, contentType string) error {
	path, err := f.path(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	if err := writeAtomically(path, r); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	return nil
}

func writeAtomically(path string, r io.Reader) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPrefix+"*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = io.Copy(tmp, r); err != nil {
		return err
	}
	// Sync before the rename: otherwise a power cut could leave the new name
	// pointing at an empty file, which content addressing would never fix.
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Open returns the file stored under key.
func (f *Folder) Open(ctx context.Context, key string) (File, error) {
	path, err := f.path(key)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	file, err := os.Open(path)
	// A key that runs through a file ("a.jpg/b.jpg") is just as missing.
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return nil, fmt.Errorf("media %s: %w", key, news.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", key, err)
	}
	info, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, fmt.Errorf("open %s: %w", key, err)
	}
	if !info.Mode().IsRegular() {
		file.Close()
		return nil, fmt.Errorf("media %s: %w", key, news.ErrNotFound)
	}
	return &folderFile{File: file, info: info}, nil
}

// Delete removes the file stored under key. Deleting a missing file is not
// an error, so that a retried clean-up finishes.
func (f *Folder) Delete(ctx context.Context, key string) error {
	path, err := f.path(key)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete %s: %w", key, err)
	}
	return nil
}

// path maps a key to a file name under the root, refusing any key that
// could name a file outside it.
func (f *Folder) path(key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	return filepath.Join(f.root, filepath.FromSlash(key)), nil
}

// checkKey accepts only plain relative paths. Keys reach storage from URLs,
// so anything that could climb out of the root or alias another file
// (dot segments, backslashes read as separators on Windows, empty segments,
// control characters) is refused rather than cleaned.
func checkKey(key string) error {
	if key == "" || len(key) > 512 {
		return fmt.Errorf("media key %q: bad length: %w", key, news.ErrInvalid)
	}
	if strings.ContainsAny(key, "\\:") {
		return fmt.Errorf("media key %q: backslash or colon: %w", key, news.ErrInvalid)
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || strings.HasPrefix(seg, ".") {
			return fmt.Errorf("media key %q: empty or dot segment: %w", key, news.ErrInvalid)
		}
		if strings.IndexFunc(seg, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
			return fmt.Errorf("media key %q: control character: %w", key, news.ErrInvalid)
		}
	}
	return nil
}

// folderFile gives an open file the size and time that File promises,
// read once at open so that serving needs no second system call.
type folderFile struct {
	*os.File
	info fs.FileInfo
}

func (f *folderFile) Size() int64        { return f.info.Size() }
func (f *folderFile) ModTime() time.Time { return f.info.ModTime() }
