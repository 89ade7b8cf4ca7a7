package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// An index path is a folder holding generations, each a whole Bleve index,
// and two links naming them:
//
//	PATH/current  -> gen-…   the index that is served
//	PATH/previous -> gen-…   the one it replaced, kept while servers switch
//	PATH/gen-…               one Bleve index per ingest
//
// An ingest builds a new generation beside the others and then renames a new
// link over current, which is atomic: a crash or a kill at any point leaves
// current naming a whole index.
const (
	currentLink  = "current"
	previousLink = "previous"
	genPrefix    = "gen-"
	lockFile     = ".lock"
)

// ErrNoIndex is returned by Open when there is no index at the path.
var ErrNoIndex = errors.New("no index")

// ErrStale is returned by Open when the index was built by another mapping version.
var ErrStale = errors.New("index built by another version of the archive")

// openError explains why an index cannot be opened and how to build one.
type openError struct {
	path string
	err  error
	why  string
}

func (e *openError) Error() string {
	return fmt.Sprintf("%s: %s: build it with `archive ingest -index %s`", e.path, e.why, e.path)
}

func (e *openError) Unwrap() error { return e.err }

// currentGeneration returns the folder of the generation PATH/current names.
func currentGeneration(root string) (string, error) {
	target, err := os.Readlink(filepath.Join(root, currentLink))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if _, statErr := os.Stat(root); statErr != nil {
				return "", &openError{path: root, err: ErrNoIndex, why: "no index here"}
			}
			return "", &openError{path: root, err: ErrNoIndex, why: "this folder holds no archive index (no 'current' link)"}
		}
		return "", &openError{path: root, err: err, why: fmt.Sprintf("cannot read the index link (%v)", err)}
	}
	if filepath.IsAbs(target) || strings.Contains(target, string(filepath.Separator)) || !strings.HasPrefix(target, genPrefix) {
		return "", &openError{path: root, err: ErrNoIndex, why: fmt.Sprintf("the 'current' link names %q, which is not a generation of this index", target)}
	}
	return filepath.Join(root, target), nil
}

// newGenerationName returns a folder name that sorts by build time.
func newGenerationName(now time.Time) string {
	return fmt.Sprintf("%s%s-%d", genPrefix, now.UTC().Format("20060102T150405.000000000Z"), os.Getpid())
}

// swap makes gen the current generation and the old current the previous
// one, each by renaming a fresh link over the old: readers see either the
// old index or the new, never neither.
func swap(root, gen string) error {
	if old, err := os.Readlink(filepath.Join(root, currentLink)); err == nil {
		if err := replaceLink(root, previousLink, old); err != nil {
			return err
		}
	}
	if err := replaceLink(root, currentLink, gen); err != nil {
		return err
	}
	return syncDir(root)
}

func replaceLink(root, name, target string) error {
	tmp := filepath.Join(root, name+".tmp")
	_ = os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("link %s: %w", name, err)
	}
	if err := os.Rename(tmp, filepath.Join(root, name)); err != nil {
		return fmt.Errorf("link %s: %w", name, err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// removeUnused deletes the generations that neither link names: those
// replaced two ingests ago, and those a killed ingest left half-built.
// Callers hold the ingest lock.
func removeUnused(root string) error {
	keep := map[string]bool{}
	for _, l := range []string{currentLink, previousLink} {
		if t, err := os.Readlink(filepath.Join(root, l)); err == nil {
			keep[t] = true
		}
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), genPrefix) && !keep[e.Name()] {
			if err := os.RemoveAll(filepath.Join(root, e.Name())); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
