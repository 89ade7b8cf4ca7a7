package statement

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Ext is the extension of statement files, matched in any case: FOO.TXT is
// read too, and its ID (FOO) is then refused as not lowercase, with the
// advice to rename it. Other files in a statement folder, such as a README,
// are ignored.
const Ext = ".txt"

// hasExt reports whether name ends in Ext, in any case.
func hasExt(name string) bool {
	return strings.EqualFold(path.Ext(name), Ext)
}

// Source is one statement file to read, on disk or in an embedded tree.
type Source struct {
	// Path is the file's path as the user knows it, used in every message.
	Path string
	fsys fs.FS
	name string
	// problem, when set, was found while listing the folder (a link
	// leaving it, a folder that cannot be read): Load reports it, so that
	// it is listed with every other problem.
	problem *Problem
}

// Sources lists the statement files that paths name: a file is taken as it
// is; a folder gives every *.txt file below it (see SourcesFS). Inside a
// folder, links are followed only while they stay inside it: a link to a
// file or folder elsewhere gives a problem naming the link and its target.
func Sources(paths ...string) ([]Source, error) {
	var out []Source
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: no such file or folder: give the statement files or a folder holding them", DisplayName(p))
			}
			return nil, fmt.Errorf("%s: %w", DisplayName(p), err)
		}
		if !info.IsDir() {
			if !hasExt(p) {
				return nil, fmt.Errorf("%s: statement files end in %s: rename it, or give the folder that holds it", DisplayName(p), Ext)
			}
			out = append(out, Source{Path: p, fsys: os.DirFS(filepath.Dir(p)), name: filepath.Base(p)})
			continue
		}
		// A root refuses any path, link or .. that leaves the folder.
		root, err := os.OpenRoot(p)
		if err != nil {
			return nil, fmt.Errorf("%s: cannot open the folder (%v): check it is readable", DisplayName(p), unwrapPath(err))
		}
		rootReal, err := filepath.EvalSymlinks(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", DisplayName(p), err)
		}
		found := sources(root.FS(), p, func(name string) (string, fs.FileInfo, error) {
			return resolveLink(rootReal, filepath.Join(p, filepath.FromSlash(name)))
		})
		root.Close()
		for i := range found {
			if found[i].fsys != nil {
				found[i].fsys = rootDir(p)
			}
		}
		out = append(out, found...)
	}
	return out, nil
}

// SourcesFS lists every *.txt file in fsys, naming each with prefix joined to
// its path inside fsys (for messages). Hidden folders are skipped. What
// cannot be listed (a folder that cannot be read, a link that cannot be
// followed, a .txt that is not a file) becomes a Source whose Load reports
// the problem, so that ingest lists it with all the others. Links are
// followed as fsys follows them: an os.Root's FS refuses those that leave it.
func SourcesFS(fsys fs.FS, prefix string) ([]Source, error) {
	return sources(fsys, prefix, nil), nil
}

// rootDir reads the files of a folder through an os.Root opened for each
// file, so that no file descriptor stays open between the listing of the
// sources and their reading, and no path read leaves the folder.
type rootDir string

// Open opens name inside the folder; the file outlives the root.
func (d rootDir) Open(name string) (fs.File, error) {
	root, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.FS().Open(name)
}

// resolveLink follows the link at osPath to the end and returns the path of
// what it names relative to the folder rootReal (itself resolved), or ""
// when that lies outside the folder, and what it names.
func resolveLink(rootReal, osPath string) (rel string, info fs.FileInfo, err error) {
	real, err := filepath.EvalSymlinks(osPath)
	if err != nil {
		return "", nil, err
	}
	if info, err = os.Stat(real); err != nil {
		return "", nil, err
	}
	rel, err = filepath.Rel(rootReal, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", info, nil
	}
	return filepath.ToSlash(rel), info, nil
}

// sources walks fsys. resolve, if set, follows a link that fsys refuses to
// follow (an os.Root refuses absolute links even to its own files), giving
// what it names relative to fsys, or "" when that lies outside.
func sources(fsys fs.FS, prefix string, resolve func(name string) (string, fs.FileInfo, error)) []Source {
	var out []Source
	userPath := func(name string) string { return filepath.Join(prefix, filepath.FromSlash(name)) }
	problem := func(name, msg string) {
		p := userPath(name)
		out = append(out, Source{Path: p, problem: &Problem{Path: p, Msg: msg}})
	}
	add := func(name string) {
		out = append(out, Source{Path: userPath(name), fsys: fsys, name: name})
	}
	_ = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			problem(name, fmt.Sprintf("cannot read this folder (%v): make it readable by the user running ingest, or move it out of the statements folder; nothing below it was read", unwrapPath(err)))
			return nil
		}
		if d.IsDir() {
			if name != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink == 0 {
			switch {
			case !hasExt(name):
			case !d.Type().IsRegular():
				problem(name, fmt.Sprintf("not a regular file (%v): statement files are plain text files; replace it with one, or move it out of the statements folder", d.Type()))
			default:
				add(name)
			}
			return nil
		}
		info, statErr := fs.Stat(fsys, name)
		switch {
		case statErr == nil && info.IsDir():
			// A folder inside: its files are listed under their own path.
			return nil
		case statErr == nil && hasExt(name) && !info.Mode().IsRegular():
			problem(name, fmt.Sprintf("a link to something that is not a regular file (%v): statement files are plain text files; replace it with one", info.Mode().Type()))
			return nil
		case statErr == nil, errors.Is(statErr, fs.ErrNotExist):
			if hasExt(name) {
				add(name) // a dangling link is reported when it is read
			}
			return nil
		}
		// fsys refuses to follow the link: see whether it leaves the folder.
		isDir := false
		if resolve != nil {
			rel, info, err := resolve(name)
			switch {
			case err != nil:
				if hasExt(name) {
					problem(name, fmt.Sprintf("cannot read the file (%v): check it exists and is readable", unwrapPath(err)))
				}
				return nil
			case rel != "" && info.IsDir():
				return nil // a folder inside, listed under its own path
			case rel != "" && !hasExt(name):
				return nil
			case rel != "" && !info.Mode().IsRegular():
				problem(name, fmt.Sprintf("a link to something that is not a regular file (%v): statement files are plain text files; replace it with one", info.Mode().Type()))
				return nil
			case rel != "":
				out = append(out, Source{Path: userPath(name), fsys: fsys, name: rel})
				return nil
			}
			isDir = info.IsDir()
		}
		if hasExt(name) || isDir {
			what := "file"
			if isDir {
				what = "folder"
			}
			target, err := fs.ReadLink(fsys, name)
			if err != nil {
				target = "?"
			}
			problem(name, fmt.Sprintf("a link to %s, outside the folder %s given to ingest: ingest reads only what is inside that folder; copy the %s into it, or give the %s's own path to ingest as well", DisplayName(target), DisplayName(prefix), what, what))
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Read returns the file's bytes, refusing a file over MaxFileSize without
// reading it whole.
func (s Source) Read() ([]byte, error) {
	if s.problem != nil {
		return nil, *s.problem
	}
	f, err := s.fsys.Open(s.name)
	if err != nil {
		return nil, Problem{Path: s.Path, Msg: fmt.Sprintf("cannot read the file (%v): check it exists and is readable", unwrapPath(err))}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, Problem{Path: s.Path, Msg: fmt.Sprintf("cannot read the file (%v): check it is a readable file", unwrapPath(err))}
	}
	if len(data) > MaxFileSize {
		return nil, Problem{Path: s.Path, Msg: fmt.Sprintf("file is over the %d-byte limit for one statement: check it is a statement file, or split it", MaxFileSize)}
	}
	return data, nil
}

// Load reads and parses the file. On failure the error is Problems.
func (s Source) Load() (*Statement, error) {
	data, err := s.Read()
	if err != nil {
		var p Problem
		if errors.As(err, &p) {
			return nil, Problems{p}
		}
		return nil, err
	}
	return Parse(s.Path, data)
}

// unwrapPath drops the path from a *fs.PathError, which the message already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
