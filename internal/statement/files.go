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

// Ext is the extension of statement files. Other files in a statement folder,
// such as a README, are ignored.
const Ext = ".txt"

// Source is one statement file to read, on disk or in an embedded tree.
type Source struct {
	// Path is the file's path as the user knows it, used in every message.
	Path string
	fsys fs.FS
	name string
}

// Sources lists the statement files that paths name: a file is taken as it
// is; a folder gives every *.txt file below it.
func Sources(paths ...string) ([]Source, error) {
	var out []Source
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: no such file or folder: give the statement files or a folder holding them", p)
			}
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if !info.IsDir() {
			if filepath.Ext(p) != Ext {
				return nil, fmt.Errorf("%s: statement files end in %s: rename it, or give the folder that holds it", p, Ext)
			}
			out = append(out, Source{Path: p, fsys: os.DirFS(filepath.Dir(p)), name: filepath.Base(p)})
			continue
		}
		found, err := SourcesFS(os.DirFS(p), p)
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
	}
	return out, nil
}

// SourcesFS lists every *.txt file in fsys, naming each with prefix joined to
// its path inside fsys (for messages). Hidden folders are skipped.
func SourcesFS(fsys fs.FS, prefix string) ([]Source, error) {
	var out []Source
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(prefix, filepath.FromSlash(name)), err)
		}
		if d.IsDir() {
			if name != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if path.Ext(name) == Ext {
			out = append(out, Source{Path: filepath.Join(prefix, filepath.FromSlash(name)), fsys: fsys, name: name})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Read returns the file's bytes, refusing a file over MaxFileSize without
// reading it whole.
func (s Source) Read() ([]byte, error) {
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
