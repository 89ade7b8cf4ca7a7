package index

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"statementarchive/internal/statement"
)

// These tests sit inside the package to use its layout names and to inject
// faults; they cannot use indextest, which imports this package.

const testSeedID = "2021-07-19-nac-cyber-solidarity"

// seedDir writes the bundled first statement into a new folder.
func seedDir(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "statements", testSeedID+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, testSeedID+".txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func ingestDir(t *testing.T, root, dir string, opt IngestOptions) (Summary, error) {
	t.Helper()
	src, err := statement.Sources(dir)
	if err != nil {
		t.Fatal(err)
	}
	if opt.BatchSize == 0 {
		opt.BatchSize = 3
	}
	return Ingest(context.Background(), root, src, opt)
}

// mustIngest builds an index of the seed at root.
func mustIngest(t *testing.T, root string) {
	t.Helper()
	if _, err := ingestDir(t, root, seedDir(t), IngestOptions{}); err != nil {
		t.Fatalf("ingest: %v", err)
	}
}

// assertServes checks that the index at root opens and answers.
func assertServes(t *testing.T, root string) {
	t.Helper()
	idx, err := Open(root)
	if err != nil {
		t.Fatalf("the index no longer opens: %v", err)
	}
	defer idx.Close()
	if _, err := idx.Paragraph(testSeedID, statement.Ref{Key: 1}); err != nil {
		t.Errorf("the index no longer answers: %v", err)
	}
}

// tree lists everything under root, without following links: each path
// with its kind and, for a file its content, for a link its target.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			out[rel] = "link " + target
		case d.IsDir():
			out[rel] = "dir"
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = "file " + string(data)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

func writeFile(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func gens(t *testing.T, root string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(root, genPrefix+"*"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(m)
	return m
}

// stripMarkers turns an index into one as the archive built it before the
// markers existed.
func stripMarkers(t *testing.T, root string) {
	t.Helper()
	for _, g := range gens(t, root) {
		if err := os.Remove(filepath.Join(g, generationMarker)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(filepath.Join(root, indexMarker)); err != nil {
		t.Fatal(err)
	}
}

// Ingest never deletes what it did not make: a folder holding anything
// else is refused, naming what is there, and left exactly as it was.
func TestIngestRefusesFoldersItDidNotMake(t *testing.T) {
	tests := []struct {
		name  string
		index bool // build an index at root first
		setup func(t *testing.T, root string)
		want  string // named in the refusal
	}{
		{"an operator's gen- folder beside an index", true, func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, "gen-mine", "thesis.txt"), "years of work")
		}, "gen-mine" + string(filepath.Separator)},
		{"an unmarked folder named like a generation, not empty", true, func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, "gen-20240101T000000.000000000Z-1", "data"), "mine")
		}, "gen-20240101T000000.000000000Z-1" + string(filepath.Separator)},
		{"an operator's file beside an index", true, func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, "notes.md"), "mine")
		}, "notes.md"},
		{"a file where ingest puts a temporary link", true, func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, currentLink+tmpSuffix), "mine")
		}, currentLink + tmpSuffix},
		{"a gen- link to a folder elsewhere", true, func(t *testing.T, root string) {
			other := t.TempDir()
			writeFile(t, filepath.Join(other, "keep.txt"), "mine")
			if err := os.Symlink(other, filepath.Join(root, "gen-elsewhere")); err != nil {
				t.Fatal(err)
			}
		}, "gen-elsewhere"},
		{"a folder of other things, no index", false, func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, "photos", "a.jpg"), "jpg")
			writeFile(t, filepath.Join(root, "gen-x", "b"), "b")
		}, "gen-x" + string(filepath.Separator) + ", photos" + string(filepath.Separator)},
		{"a current link to elsewhere, no index", false, func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, "gen-a", "f"), "f")
			if err := os.Symlink("gen-a", filepath.Join(root, currentLink)); err != nil {
				t.Fatal(err)
			}
		}, "current, gen-a" + string(filepath.Separator)},
		{"an index built before markers, with a generation no link names", true, func(t *testing.T, root string) {
			stripMarkers(t, root)
			writeFile(t, filepath.Join(root, "gen-20240101T000000.000000000Z-1", "shard-00", "x"), "unknown")
		}, "gen-20240101T000000.000000000Z-1" + string(filepath.Separator)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "idx")
			if tt.index {
				mustIngest(t, root)
			} else if err := os.Mkdir(root, 0o755); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, root)
			before := tree(t, root)

			_, err := ingestDir(t, root, seedDir(t), IngestOptions{})
			if err == nil {
				t.Fatal("ingest succeeded, want it to refuse the folder")
			}
			for _, want := range []string{"the index folder " + root + " holds what archive ingest did not make: ", tt.want, "give -index an empty or new folder, or move those out of " + root, "nothing was changed"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error = %v\nwant it to contain %q", err, want)
				}
			}
			if after := tree(t, root); !reflect.DeepEqual(before, after) {
				t.Errorf("the folder changed:\nbefore %v\nafter  %v", before, after)
			}
			if tt.index {
				assertServes(t, root)
			}
		})
	}
}

// What ingest made, or nothing at all, is accepted; what it left behind is
// removed.
func TestIngestAcceptsItsOwnFolders(t *testing.T) {
	leftover := "gen-20240101T000000.000000000Z-1"
	tests := []struct {
		name    string
		index   bool
		setup   func(t *testing.T, root string)
		removed string // a path ingest must remove, if any
	}{
		{"a new path", false, func(*testing.T, string) {}, ""},
		{"an empty folder", false, func(t *testing.T, root string) {
			if err := os.Mkdir(root, 0o755); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"a folder holding only the lock of a failed first ingest", false, func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, lockFile), "")
		}, ""},
		{"an index", true, func(*testing.T, string) {}, ""},
		{"a half-built generation a killed ingest left", true, func(t *testing.T, root string) {
			writeFile(t, filepath.Join(root, leftover, generationMarker), generationMarkerText)
			writeFile(t, filepath.Join(root, leftover, "shard-00", "index_meta.json"), "{half")
		}, leftover},
		{"an empty generation, killed before it was marked", true, func(t *testing.T, root string) {
			if err := os.Mkdir(filepath.Join(root, leftover), 0o755); err != nil {
				t.Fatal(err)
			}
		}, leftover},
		{"a temporary link a killed ingest left", true, func(t *testing.T, root string) {
			if err := os.Symlink(leftover, filepath.Join(root, currentLink+tmpSuffix)); err != nil {
				t.Fatal(err)
			}
		}, currentLink + tmpSuffix},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "idx")
			if tt.index {
				mustIngest(t, root)
			}
			tt.setup(t, root)
			if _, err := ingestDir(t, root, seedDir(t), IngestOptions{}); err != nil {
				t.Fatalf("ingest: %v", err)
			}
			assertServes(t, root)
			if !hasMarker(root, indexMarker) {
				t.Errorf("%s not written in the index folder", indexMarker)
			}
			for _, g := range gens(t, root) {
				if !hasMarker(g, generationMarker) {
					t.Errorf("generation %s kept without its marker", g)
				}
			}
			if tt.removed != "" {
				if _, err := os.Lstat(filepath.Join(root, tt.removed)); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("%s still there after an ingest (%v)", tt.removed, err)
				}
			}
		})
	}
}

// An index built before the markers existed is claimed, so deployments keep
// working: its linked generations become ingest's, and the one replaced is
// removed in time as any other.
func TestIngestClaimsIndexBuiltBeforeMarkers(t *testing.T) {
	root := filepath.Join(t.TempDir(), "idx")
	mustIngest(t, root)
	mustIngest(t, root)
	stripMarkers(t, root)
	old := gens(t, root)
	if len(old) != 2 {
		t.Fatalf("%d generations, want current and previous", len(old))
	}
	oldCurrent, err := os.Readlink(filepath.Join(root, currentLink))
	if err != nil {
		t.Fatal(err)
	}

	if _, err := ingestDir(t, root, seedDir(t), IngestOptions{}); err != nil {
		t.Fatalf("ingest into an index built before markers: %v", err)
	}
	assertServes(t, root)
	if !hasMarker(root, indexMarker) {
		t.Errorf("the index folder was not claimed")
	}
	if prev, err := os.Readlink(filepath.Join(root, previousLink)); err != nil || prev != oldCurrent {
		t.Errorf("previous = %q (%v), want the old current %q", prev, err, oldCurrent)
	}
	now := gens(t, root)
	if len(now) != 2 {
		t.Errorf("generations = %v, want the old current and the new", now)
	}
	for _, g := range now {
		if !hasMarker(g, generationMarker) {
			t.Errorf("%s has no marker", g)
		}
	}
	for _, g := range old {
		if filepath.Base(g) != oldCurrent {
			if _, err := os.Stat(g); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the old previous generation %s was kept (%v), want it removed once claimed and unused", g, err)
			}
		}
	}
}

// Every failure to write the new index is a clear error with its cause and
// what to do, never a panic; the half-built generation is removed and the
// index served before is untouched.
func TestIngestReportsWriteFailures(t *testing.T) {
	realShard := newShard
	tests := []struct {
		name  string
		setup func(t *testing.T, root string)
		want  []string
	}{
		{"the generation folder cannot be created", func(t *testing.T, root string) {
			mkdirGeneration = func(string, os.FileMode) error {
				return &fs.PathError{Op: "mkdir", Path: "x", Err: syscall.EACCES}
			}
		}, []string{"create the new index generation ", string(filepath.Separator) + "idx" + string(filepath.Separator) + genPrefix, "(permission denied)", "check that the user running ingest can write to the index folder and that the disk has room"}},
		{"the first shard cannot be created (bleve's typed nil)", func(t *testing.T, root string) {
			newShard = func(dir string, m mapping.IndexMapping) (bleve.Index, error) {
				// A file where the shard's folder must go: bleve
				// fails as it does on a folder it cannot write.
				if err := os.WriteFile(dir, nil, 0o644); err != nil {
					t.Fatal(err)
				}
				return realShard(dir, m)
			}
		}, []string{"create index shard ", "shard-00 (", "disk has room"}},
		{"the disk fills at the third shard", func(t *testing.T, root string) {
			newShard = func(dir string, m mapping.IndexMapping) (bleve.Index, error) {
				if strings.HasSuffix(dir, shardPrefix+"02") {
					return nil, &fs.PathError{Op: "mkdir", Path: dir, Err: syscall.ENOSPC}
				}
				return realShard(dir, m)
			}
		}, []string{"create index shard ", "shard-02 (mkdir ", "no space left on device", "disk has room"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Cleanup(func() { newShard, mkdirGeneration = realShard, os.Mkdir })
			root := filepath.Join(t.TempDir(), "idx")
			mustIngest(t, root)
			before := tree(t, root)
			tt.setup(t, root)

			_, err := ingestDir(t, root, seedDir(t), IngestOptions{Shards: 4})
			if err == nil {
				t.Fatal("ingest succeeded despite the fault")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error = %v\nwant it to contain %q", err, w)
				}
			}
			if after := tree(t, root); !reflect.DeepEqual(before, after) {
				t.Errorf("the index folder changed:\nbefore %v\nafter  %v", before, after)
			}
			assertServes(t, root)
		})
	}
}

// An -index path where a folder cannot be made is refused with what to do.
func TestIngestIndexPathNotAFolder(t *testing.T) {
	root := filepath.Join(t.TempDir(), "file")
	writeFile(t, root, "a file")
	_, err := ingestDir(t, root, seedDir(t), IngestOptions{})
	if err == nil || !strings.Contains(err.Error(), "read the index folder "+root) || !strings.Contains(err.Error(), "give -index a folder") {
		t.Errorf("ingest into a file = %v, want an error naming it and what to do", err)
	}
	if got := tree(t, root); !reflect.DeepEqual(got, map[string]string{".": "file a file"}) {
		t.Errorf("the file changed: %v", got)
	}
}

// A half-built generation, as a killed ingest leaves, is ignored by Open and
// removed by the next ingest.
func TestLeftoverGenerationIsIgnoredThenRemoved(t *testing.T) {
	root := filepath.Join(t.TempDir(), "idx")
	mustIngest(t, root)
	leftover := filepath.Join(root, "gen-99999999T000000.000000000Z-1")
	writeFile(t, filepath.Join(leftover, generationMarker), generationMarkerText)
	writeFile(t, filepath.Join(leftover, "index_meta.json"), "{half")
	assertServes(t, root)
	mustIngest(t, root)
	if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("leftover generation still there after an ingest (stat: %v)", err)
	}
}

func TestGenerationNameMatchesPattern(t *testing.T) {
	if name := newGenerationName(time.Now()); !generationName.MatchString(name) {
		t.Errorf("newGenerationName = %q, which generationName does not match", name)
	}
}

// lockedFS is a statements tree in which one folder cannot be listed.
type lockedFS struct {
	fstest.MapFS
	locked string
}

func (f lockedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.locked {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadDir(name)
}

// A folder that cannot be read is listed among every other problem, and the
// index stays as it was.
func TestIngestListsUnreadableFolderWithOtherProblems(t *testing.T) {
	root := filepath.Join(t.TempDir(), "idx")
	mustIngest(t, root)
	before := tree(t, root)

	good := "---\ntitle: {en: T}\ndate: 2024-07-10\n---\n[en]\n1. One.\n"
	src, err := statement.SourcesFS(lockedFS{MapFS: fstest.MapFS{
		"a.txt":        {Data: []byte(good)},
		"locked/b.txt": {Data: []byte(good)},
		"z/bad.txt":    {Data: []byte("---\ntitle: {en: T}\ndate: 0001-01-01\n---\n[en]\n1. One.\n")},
	}, locked: "locked"}, "stmts")
	if err != nil {
		t.Fatalf("SourcesFS: %v", err)
	}
	_, err = Ingest(context.Background(), root, src, IngestOptions{})
	var ps statement.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("ingest = %v, want Problems", err)
	}
	want := []string{
		filepath.Join("stmts", "locked") + ": cannot read this folder (permission denied)",
		filepath.Join("stmts", "z", "bad.txt") + ":3: date 0001-01-01 is outside",
	}
	if len(ps) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(ps), len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(ps[i].Error(), w) {
			t.Errorf("problem %d = %q, want it to start %q", i, ps[i].Error(), w)
		}
	}
	if after := tree(t, root); !reflect.DeepEqual(before, after) {
		t.Errorf("the index folder changed:\nbefore %v\nafter  %v", before, after)
	}
}
