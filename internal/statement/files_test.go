package statement

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSources(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"a.txt":            "x",
		"README.md":        "not a statement",
		"sub/b.txt":        "y",
		".hidden/c.txt":    "z",
		"sub/notes.txt.md": "no",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := Sources(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range src {
		got = append(got, strings.TrimPrefix(s.Path, dir+string(filepath.Separator)))
	}
	if want := []string{"a.txt", filepath.Join("sub", "b.txt")}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Sources = %v, want %v (only .txt files, no hidden folders)", got, want)
	}

	if _, err := Sources(filepath.Join(dir, "README.md")); err == nil || !strings.Contains(err.Error(), "statement files end in .txt") {
		t.Errorf("Sources(README.md) = %v, want a .txt error", err)
	}
	if _, err := Sources(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "no such file or folder") {
		t.Errorf("Sources(missing) = %v", err)
	}
}

// An unreadable file and one over the size limit are refused with their
// path, without reading a huge file whole.
func TestLoadUnreadableAndTooLarge(t *testing.T) {
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "dangling.txt")); err != nil {
		t.Fatal(err)
	}
	big, err := os.Create(filepath.Join(dir, "big.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	big.Close()

	src, err := Sources(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(src) != 2 {
		t.Fatalf("Sources = %v, want the 2 files", src)
	}
	wants := map[string]string{
		"big.txt":      "big.txt: file is over the 8388608-byte limit for one statement",
		"dangling.txt": "dangling.txt: cannot read the file (no such file or directory): check it exists and is readable",
	}
	for _, s := range src {
		_, err := s.Load()
		var ps Problems
		if !errors.As(err, &ps) || len(ps) != 1 {
			t.Fatalf("Load(%s) = %v, want one problem", s.Path, err)
		}
		if want := wants[filepath.Base(s.Path)]; !strings.HasSuffix(ps[0].Path, filepath.Base(s.Path)) || !strings.Contains(ps[0].Error(), want) {
			t.Errorf("Load(%s) = %q, want %q", s.Path, ps[0].Error(), want)
		}
	}
}
