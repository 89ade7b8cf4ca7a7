package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"

	"statementarchive/internal/corpus"
	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/statement"
	"statementarchive/statements"
)

// buildArchive compiles this command into a temporary binary, so that a
// test can run and kill it as a separate process.
// ciOnly skips a process-level test of many seconds unless CI is set (as
// .ci/run and every CI service set it), so that a newcomer's go test ./...
// stays under a minute; CI=true go test ./cmd/archive runs it by hand.
func ciOnly(t *testing.T, why string) {
	t.Helper()
	if testing.Short() || os.Getenv("CI") == "" {
		t.Skipf("%s: runs in CI (CI=true go test ./cmd/archive)", why)
	}
}

func buildArchive(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "archive")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func statementIDs(t *testing.T, root string) []string {
	t.Helper()
	idx, err := index.Open(root)
	if err != nil {
		t.Fatalf("the index no longer opens: %v", err)
	}
	defer idx.Close()
	var ids []string
	for _, st := range idx.Statements() {
		ids = append(ids, st.ID)
	}
	sort.Strings(ids)
	return ids
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// An ingest killed at any point (SIGKILL, no chance to clean up) leaves the
// previous index whole: it opens, lists the same statements and answers;
// or, killed after the swap, the new one does. The next ingest then
// succeeds and clears what the killed one left.
func TestKilledIngestLeavesIndexWhole(t *testing.T) {
	ciOnly(t, "builds the archive and kills ingest processes for many seconds")
	bin := buildArchive(t)
	root := filepath.Join(t.TempDir(), "idx")
	seedDir := indextest.WriteFiles(t, map[string]string{"2021-07-19-nac-cyber-solidarity.txt": indextest.Seed(t)})
	if out, err := exec.Command(bin, "ingest", "-index", root, seedDir).CombinedOutput(); err != nil {
		t.Fatalf("first ingest: %v\n%s", err, out)
	}
	before := statementIDs(t, root)

	big := t.TempDir()
	if _, err := corpus.Generate(big, statements.FS, corpus.Options{Paragraphs: 8000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	// How long a whole ingest of the big corpus takes here, to spread the
	// kills over it.
	start := time.Now()
	if out, err := exec.Command(bin, "ingest", "-index", filepath.Join(t.TempDir(), "ref"), big).CombinedOutput(); err != nil {
		t.Fatalf("reference ingest: %v\n%s", err, out)
	}
	full := time.Since(start)

	var killedBefore, killedAfter int
	for _, frac := range []float64{0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97} {
		cmd := exec.Command(bin, "ingest", "-allow-changes", "-reason", "kill test", "-index", root, big)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(frac * float64(full)))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()

		ids := statementIDs(t, root)
		switch {
		case equal(ids, before):
			killedBefore++
			idx, err := index.Open(root)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := idx.Paragraph("2021-07-19-nac-cyber-solidarity", statement.Ref{Key: 1}); err != nil {
				t.Errorf("killed at %.0f%%: the previous index no longer answers: %v", frac*100, err)
			}
			idx.Close()
		case len(ids) > len(before):
			// The kill came after the swap: the new index is whole.
			killedAfter++
			if out, err := exec.Command(bin, "ingest", "-allow-changes", "-reason", "kill test", "-index", root, seedDir).CombinedOutput(); err != nil {
				t.Fatalf("restoring the small index: %v\n%s", err, out)
			}
		default:
			t.Fatalf("killed at %.0f%%: the index holds %d statements, neither the old %d nor the new", frac*100, len(ids), len(before))
		}
	}
	t.Logf("whole ingest %v; %d kills before the swap, %d after", full.Round(time.Millisecond), killedBefore, killedAfter)
	if killedBefore == 0 {
		t.Errorf("no kill landed while the new index was being built; the test proves nothing")
	}

	if out, err := exec.Command(bin, "ingest", "-allow-changes", "-reason", "kill test", "-index", root, big).CombinedOutput(); err != nil {
		t.Fatalf("ingest after the kills: %v\n%s", err, out)
	}
	gens, _ := filepath.Glob(filepath.Join(root, "gen-*"))
	if len(gens) > 2 {
		t.Errorf("%d generations left after a clean ingest, want at most 2 (current and previous): %v", len(gens), gens)
	}
	if _, err := os.Stat(filepath.Join(root, "current")); err != nil {
		t.Errorf("no current link: %v", err)
	}
}
