package index_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/statement"
)

// liveRounds builds an index at a new path, opens it live, and returns a
// function that ingests the corpus again with one more statement (round
// k's ID is "round-k"), as a re-ingest while serving does.
func liveRounds(t *testing.T) (root string, live *index.Live, ingest func(k int)) {
	t.Helper()
	root = filepath.Join(t.TempDir(), "idx")
	files := map[string]string{"seed.txt": indextest.Seed(t)}
	ingest = func(k int) {
		t.Helper()
		if k > 0 {
			files[fmt.Sprintf("round-%d.txt", k)] = fmt.Sprintf("---\ntitle: {en: Round %d}\ndate: 2025-01-0%d\n---\n[en]\n1. Ingested while serving, round %d.\n", k, k, k)
		}
		src, err := statement.Sources(indextest.WriteFiles(t, files))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := index.Ingest(context.Background(), root, src, index.IngestOptions{}); err != nil {
			t.Fatalf("ingest round %d: %v", k, err)
		}
	}
	ingest(0)
	live, err := index.OpenLive(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { live.Close() })
	return root, live, ingest
}

// servedGeneration returns the folder of the generation live serves now,
// as the current link named it when it was opened.
func servedGeneration(t *testing.T, root string) string {
	t.Helper()
	gen, err := os.Readlink(filepath.Join(root, "current"))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, gen)
}

// holdsOpen reports whether this process still holds a file under dir
// open or mapped (Linux only), which keeps a deleted file's disk space.
func holdsOpen(t *testing.T, dir string) bool {
	t.Helper()
	if runtime.GOOS != "linux" {
		return false
	}
	if maps, err := os.ReadFile("/proc/self/maps"); err == nil && strings.Contains(string(maps), dir+string(filepath.Separator)) {
		return true
	}
	fds, _ := os.ReadDir("/proc/self/fd")
	for _, fd := range fds {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && strings.HasPrefix(target, dir+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// A server that has not reloaded while two ingests ran (a long
// -reload-every) reads a generation the second ingest deleted. Its
// readiness check then fails, saying so, and the live index moves to the
// current generation at once, not at its next interval, and closes the
// deleted one, which frees its disk space.
func TestLiveLeavesADeletedGeneration(t *testing.T) {
	root, live, ingest := liveRounds(t)
	served := servedGeneration(t, root)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reports := make(chan error, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		live.Watch(ctx, time.Hour, nil, func(switched bool, err error) {
			if switched || err != nil {
				reports <- err
			}
		})
	}()
	defer func() { cancel(); <-done }()

	ingest(1) // the served generation becomes the previous one
	ingest(2) // and is deleted, as ingest keeps only current and previous
	if _, err := os.Stat(served); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the second ingest left the served generation %s (stat: %v); the test proves nothing", served, err)
	}
	if runtime.GOOS == "linux" && !holdsOpen(t, served) {
		t.Fatalf("the served generation %s is not held open before the reload; the test of its release proves nothing", served)
	}

	idx, release := live.Acquire()
	err := idx.Ping(ctx)
	release()
	if !errors.Is(err, index.ErrGenerationGone) {
		t.Fatalf("Ping of a deleted generation = %v, want an error wrapping ErrGenerationGone", err)
	}
	for _, want := range []string{filepath.Base(served), "deleted", "archive ingest -index " + root} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Ping's error does not say %q: %v", want, err)
		}
	}

	if err := <-reports; err != nil { // the reload the failed Ping asked for
		t.Fatalf("the reload after the generation was deleted failed: %v", err)
	}
	idx, release = live.Acquire()
	defer release()
	if err := idx.Ping(ctx); err != nil {
		t.Errorf("Ping after the reload = %v, want ready", err)
	}
	if _, ok := idx.Lookup("round-2"); !ok {
		t.Errorf("after the reload the live index does not serve the current generation (swaps: %d)", live.Swaps())
	}
	if holdsOpen(t, served) {
		t.Errorf("the deleted generation %s is still held open: its disk space is not freed", served)
	}
}

// The next reload also leaves a deleted generation, with no readiness
// check: the index path then names another one.
func TestReloadLeavesADeletedGeneration(t *testing.T) {
	root, live, ingest := liveRounds(t)
	served := servedGeneration(t, root)
	ingest(1)
	ingest(2)
	if runtime.GOOS == "linux" && !holdsOpen(t, served) {
		t.Fatalf("the served generation %s is not held open before the reload; the test of its release proves nothing", served)
	}
	if switched, err := live.Reload(); !switched || err != nil {
		t.Fatalf("Reload after the served generation was deleted = %v, %v; want a switch", switched, err)
	}
	idx, release := live.Acquire()
	defer release()
	if err := idx.Ping(context.Background()); err != nil {
		t.Errorf("Ping after the reload = %v, want ready", err)
	}
	if holdsOpen(t, served) {
		t.Errorf("the deleted generation %s is still held open: its disk space is not freed", served)
	}
}
