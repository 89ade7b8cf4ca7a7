package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
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
//
// Ingest deletes old generations, so it marks what it makes and deletes
// only that: the index folder carries indexMarker from the first ingest on,
// and each generation carries generationMarker, written before anything
// else in it. A folder holding anything else is refused, never cleared.
const (
	currentLink      = "current"
	previousLink     = "previous"
	genPrefix        = "gen-"
	lockFile         = ".lock"
	tmpSuffix        = ".tmp"
	indexMarker      = ".archive-index"
	generationMarker = ".archive-generation"
)

// The text of the markers, for an operator who wonders what they are.
const (
	indexMarkerText      = "This folder is an index built by `archive ingest`, which removes old generations (gen-…) from it.\nKeep nothing else here: ingest refuses a folder that holds anything it did not make.\n"
	generationMarkerText = "One generation of an index built by `archive ingest`; a later ingest removes it once no link names it.\n"
)

// generationName matches the names newGenerationName gives.
var generationName = regexp.MustCompile(`^gen-[0-9]{8}T[0-9]{6}\.[0-9]{9}Z-[0-9]+$`)

// validLinkTarget reports whether a current or previous link's target can
// name a generation of this index: a gen-… name in the same folder.
func validLinkTarget(target string) bool {
	return !filepath.IsAbs(target) && !strings.ContainsAny(target, `/\`) && strings.HasPrefix(target, genPrefix) && target != genPrefix
}

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
	if !validLinkTarget(target) {
		return "", &openError{path: root, err: ErrNoIndex, why: fmt.Sprintf("the 'current' link names %q, which is not a generation of this index", target)}
	}
	return filepath.Join(root, target), nil
}

// newGenerationName returns a folder name that sorts by build time.
func newGenerationName(now time.Time) string {
	return fmt.Sprintf("%s%s-%d", genPrefix, now.UTC().Format("20060102T150405.000000000Z"), os.Getpid())
}

// createGeneration makes the folder of a new generation at root, marked as
// made by ingest before anything else is written in it, and returns its
// name. On failure it leaves nothing behind.
func createGeneration(root string, now time.Time) (string, error) {
	name := newGenerationName(now)
	path := filepath.Join(root, name)
	advice := "check that the user running ingest can write to the index folder and that the disk has room"
	if err := mkdirGeneration(path, 0o755); err != nil {
		return "", fmt.Errorf("create the new index generation %s (%v): %s", path, unwrapPathError(err), advice)
	}
	if err := writeMarker(filepath.Join(path, generationMarker), generationMarkerText); err != nil {
		_ = os.Remove(filepath.Join(path, generationMarker))
		_ = os.Remove(path) // ours, and empty again
		return "", fmt.Errorf("mark the new index generation %s (%v): %s", path, unwrapPathError(err), advice)
	}
	return name, nil
}

// mkdirGeneration creates a generation's folder; tests replace it to
// inject a fault.
var mkdirGeneration = os.Mkdir

// writeMarker writes a marker file that must not exist yet, and syncs it.
func writeMarker(path, text string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		f.Close()
		return err
	}
	return f.Close()
}

// hasMarker reports whether dir holds the marker file name.
func hasMarker(dir, name string) bool {
	info, err := os.Lstat(filepath.Join(dir, name))
	return err == nil && info.Mode().IsRegular()
}

// folderSurvey is what an index folder holds, as ingest sees it.
type folderSurvey struct {
	// marked reports that the folder carries indexMarker.
	marked bool
	// unmarked lists the generations an index built before the markers
	// links to: ingest claims them as its own.
	unmarked []string
	// foreign lists what ingest did not make.
	foreign []string
}

// surveyIndex reads what root holds. A missing root holds nothing.
//
// An index built before the markers existed (a current link to a whole
// generation, perhaps a previous one, and the lock file) is taken as
// ingest's own, and so are the generations it links to; a generation no
// link names there may be a half-built one or an operator's, so it is
// foreign like anything else.
func surveyIndex(root string) (folderSurvey, error) {
	var s folderSurvey
	entries, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("read the index folder %s (%v): give -index a folder this user can read and write", root, unwrapPathError(err))
	}
	s.marked = hasMarker(root, indexMarker)
	linked := map[string]bool{}
	for _, l := range []string{currentLink, previousLink} {
		if t, err := os.Readlink(filepath.Join(root, l)); err == nil && validLinkTarget(t) {
			linked[t] = true
		}
	}
	legacy := false
	if t, err := os.Readlink(filepath.Join(root, currentLink)); !s.marked && err == nil && validLinkTarget(t) {
		info, err := os.Lstat(shardDir(filepath.Join(root, t), 0))
		legacy = err == nil && info.IsDir()
	}
	for _, e := range entries {
		name, path := e.Name(), filepath.Join(root, e.Name())
		ours := false
		switch {
		case name == indexMarker || name == lockFile:
			ours = e.Type().IsRegular()
		case name == currentLink || name == previousLink || name == currentLink+tmpSuffix || name == previousLink+tmpSuffix:
			t, err := os.Readlink(path)
			ours = err == nil && validLinkTarget(t) && (s.marked || legacy)
		case e.IsDir() && strings.HasPrefix(name, genPrefix):
			switch {
			case hasMarker(path, generationMarker):
				ours = true
			case legacy && linked[name]:
				ours = true
				s.unmarked = append(s.unmarked, name)
			case s.marked && generationName.MatchString(name) && emptyDir(path):
				ours = true // created by an ingest killed before it marked it
			}
		}
		if !ours {
			if e.IsDir() {
				name += string(filepath.Separator)
			}
			s.foreign = append(s.foreign, name)
		}
	}
	return s, nil
}

func emptyDir(path string) bool {
	entries, err := os.ReadDir(path)
	return err == nil && len(entries) == 0
}

// refuseForeign explains why ingest will not use a folder holding what it
// did not make.
func (s folderSurvey) refuseForeign(root string) error {
	if len(s.foreign) == 0 {
		return nil
	}
	const shown = 10
	names := strings.Join(s.foreign[:min(len(s.foreign), shown)], ", ")
	if n := len(s.foreign) - shown; n > 0 {
		names += fmt.Sprintf(" and %d more", n)
	}
	return fmt.Errorf("the index folder %s holds what archive ingest did not make: %s. Ingest removes old index generations from its folder, so it uses only a folder that holds nothing else: give -index an empty or new folder, or move those out of %s; nothing was changed", root, names, root)
}

// claimIndex marks root as an index folder, and the generations of an index
// built before the markers as ingest's own. Callers hold the ingest lock and
// have checked that root holds nothing foreign.
func claimIndex(root string, s folderSurvey) error {
	for _, gen := range s.unmarked {
		if err := writeMarker(filepath.Join(root, gen, generationMarker), generationMarkerText); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("mark the existing index generation %s (%v): check that the user running ingest can write to the index folder", filepath.Join(root, gen), unwrapPathError(err))
		}
	}
	if !s.marked {
		if err := writeMarker(filepath.Join(root, indexMarker), indexMarkerText); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("mark %s as an index folder (%v): check that the user running ingest can write there and that the disk has room", root, unwrapPathError(err))
		}
	}
	return syncDir(root)
}

// unwrapPathError drops the path from a *fs.PathError, which the message
// around it already names.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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
	tmp := filepath.Join(root, name+tmpSuffix)
	if info, err := os.Lstat(tmp); err == nil {
		// A link a killed ingest left; anything else is not ours to remove.
		if info.Mode()&fs.ModeSymlink == 0 {
			return fmt.Errorf("%s is not a link archive ingest made: move it out of the index folder", tmp)
		}
		if err := os.Remove(tmp); err != nil {
			return fmt.Errorf("link %s: %w", name, err)
		}
	}
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
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// removeUnused deletes the generations that neither link names and that
// carry ingest's marker: those replaced two ingests ago, and those a
// killed ingest left half-built. An unmarked generation is never deleted,
// except an empty one of ingest's naming, which holds nothing to lose.
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
		name, path := e.Name(), filepath.Join(root, e.Name())
		if !e.IsDir() || !strings.HasPrefix(name, genPrefix) || keep[name] {
			continue
		}
		switch {
		case hasMarker(path, generationMarker):
			if err := os.RemoveAll(path); err != nil {
				errs = append(errs, err)
			}
		case generationName.MatchString(name):
			_ = os.Remove(path) // fails, harmlessly, unless it is empty
		}
	}
	return errors.Join(errs...)
}
