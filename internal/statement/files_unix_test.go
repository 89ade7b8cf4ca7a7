//go:build unix

package statement

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A named pipe ending in .txt is refused when listed, not opened: reading
// it would wait for a writer forever.
func TestSourcesRefusesPipe(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	if err := os.Symlink("pipe.txt", filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	got := loadAll(t, dir)
	for _, name := range []string{"pipe.txt", "link.txt"} {
		if !strings.Contains(got[name], "not a regular file") {
			t.Errorf("%s: got %q, want a not-a-regular-file problem", name, got[name])
		}
	}
}
