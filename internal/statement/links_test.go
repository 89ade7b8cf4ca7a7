package statement

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

const goodFile = "---\ntitle: {en: T}\ndate: 2024-07-10\n---\n[en]\n1. One.\n"

func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// loadAll lists dir and loads every source, returning each source's path
// (relative to dir) with its load outcome: "ok" or the problem's message.
func loadAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	src, err := Sources(dir)
	if err != nil {
		t.Fatalf("Sources: %v", err)
	}
	got := map[string]string{}
	for _, s := range src {
		rel, err := filepath.Rel(dir, s.Path)
		if err != nil {
			t.Fatal(err)
		}
		rel = filepath.ToSlash(rel)
		if _, dup := got[rel]; dup {
			t.Errorf("%s listed twice", rel)
		}
		if _, err := s.Load(); err != nil {
			got[rel] = err.Error()
		} else {
			got[rel] = "ok"
		}
	}
	return got
}

// Links inside the statements folder are followed; links that leave it, to
// a file or a folder, are named with their target and refused; and files
// ending in .TXT in any case are read, not skipped without a word.
func TestSourcesLinksAndExtensions(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "statements")
	outside := filepath.Join(base, "outside")
	writeTree(t, dir, map[string]string{"sub/real.txt": goodFile, "FOO.TXT": goodFile, "mixed.Txt": goodFile, "notes.md": "x"})
	writeTree(t, outside, map[string]string{"x.txt": goodFile, "y.txt": goodFile, "x.md": "x"})
	links := map[string]string{
		"inside.txt":         "sub/real.txt",
		"inside-abs.txt":     filepath.Join(dir, "sub", "real.txt"),
		"alias":              "sub",
		"escape.txt":         "../outside/x.txt",
		"escape-abs.txt":     filepath.Join(outside, "x.txt"),
		"escape-folder":      "../outside",
		"escape-abs-folder":  outside,
		"escape-notes.md":    "../outside/x.md",
		"dangling.txt":       "nowhere.txt",
		"dangling-abs.txt":   filepath.Join(dir, "nowhere.txt"),
		"sub/up-and-in.txt":  "../sub/real.txt",
		"sub/up-and-out.txt": "../../outside/y.txt",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	got := loadAll(t, dir)

	tests := []struct {
		name string
		path string
		want string // "ok", a substring of the problem, or "" for not listed
	}{
		{"a plain file", "sub/real.txt", "ok"},
		{"upper-case extension, ID refused with advice", "FOO.TXT", `"FOO" is not a valid statement ID: rename the file to lowercase`},
		{"mixed-case extension", "mixed.Txt", "ok"},
		{"not a statement file", "notes.md", ""},
		{"relative link inside", "inside.txt", "ok"},
		{"absolute link inside", "inside-abs.txt", "ok"},
		{"link up and back inside", "sub/up-and-in.txt", "ok"},
		{"folder link inside, not listed twice", "alias/real.txt", ""},
		{"relative link out", "escape.txt", "escape.txt: a link to ../outside/x.txt, outside the folder " + dir + " given to ingest: ingest reads only what is inside that folder; copy the file into it"},
		{"absolute link out", "escape-abs.txt", "a link to " + filepath.Join(outside, "x.txt") + ", outside the folder"},
		{"link out from a subfolder", "sub/up-and-out.txt", "a link to ../../outside/y.txt, outside the folder"},
		{"folder link out", "escape-folder", "escape-folder: a link to ../outside, outside the folder " + dir + " given to ingest: ingest reads only what is inside that folder; copy the folder into it"},
		{"absolute folder link out", "escape-abs-folder", "a link to " + outside + ", outside the folder"},
		{"link out to a file that is no statement", "escape-notes.md", ""},
		{"dangling link", "dangling.txt", "cannot read the file (no such file or directory): check it exists and is readable"},
		{"dangling absolute link", "dangling-abs.txt", "cannot read the file (no such file or directory): check it exists and is readable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, listed := got[tt.path]
			switch {
			case tt.want == "" && listed:
				t.Errorf("%s listed (%s), want it not listed", tt.path, g)
			case tt.want == "":
			case !listed:
				t.Errorf("%s not listed, want %q", tt.path, tt.want)
			case tt.want == "ok" && g != "ok":
				t.Errorf("%s: %s, want it read", tt.path, g)
			case !strings.Contains(g, tt.want):
				t.Errorf("%s: got %q, want %q", tt.path, g, tt.want)
			}
		})
	}
	for p := range got {
		if strings.HasPrefix(p, "escape-folder/") || strings.HasPrefix(p, "escape-abs-folder/") {
			t.Errorf("%s listed: a folder outside was followed", p)
		}
	}
	if _, err := Sources(filepath.Join(dir, "FOO.TXT")); err != nil {
		t.Errorf("Sources(FOO.TXT) = %v, want the file taken (its ID is checked when it is read)", err)
	}
}

// unreadableFS is a tree in which one folder cannot be listed, as a folder
// without read permission is for a user who is not root.
type unreadableFS struct {
	fstest.MapFS
	bad string
}

func (f unreadableFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadDir(name)
}

// A folder that cannot be read is one more problem, listed with the others,
// not an error that stops the listing.
func TestSourcesUnreadableFolder(t *testing.T) {
	fsys := unreadableFS{MapFS: fstest.MapFS{
		"a.txt":          {Data: []byte(goodFile)},
		"locked/b.txt":   {Data: []byte(goodFile)},
		"open/c.txt":     {Data: []byte(goodFile)},
		"open/bad.txt":   {Data: []byte("---\ntitle: {en: T}\n---\n[en]\n1. One.\n")},
		"z/deeper/d.txt": {Data: []byte(goodFile)},
	}, bad: "locked"}
	src, err := SourcesFS(fsys, "stmts")
	if err != nil {
		t.Fatalf("SourcesFS = %v, want the unreadable folder among the sources", err)
	}
	var got []string
	for _, s := range src {
		if _, err := s.Load(); err != nil {
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Load(%s) = %v, want Problems", s.Path, err)
			}
			got = append(got, ps.Error())
		} else {
			got = append(got, s.Path+": ok")
		}
	}
	want := []string{
		filepath.Join("stmts", "a.txt") + ": ok",
		filepath.Join("stmts", "locked") + ": cannot read this folder (permission denied): make it readable by the user running ingest, or move it out of the statements folder; nothing below it was read",
		filepath.Join("stmts", "open", "bad.txt") + ":1: front matter has no date",
		filepath.Join("stmts", "open", "c.txt") + ": ok",
		filepath.Join("stmts", "z", "deeper", "d.txt") + ": ok",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d sources, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("source %d = %q, want %q", i, got[i], want[i])
		}
	}
}
