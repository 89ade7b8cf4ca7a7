package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/statement"
)

func ingestInto(t *testing.T, root string, files map[string]string) {
	t.Helper()
	src, err := statement.Sources(indextest.WriteFiles(t, files))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := index.Ingest(context.Background(), root, src, index.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
}

// liveSeed ingests the seed into a new index path and opens it live; the
// files map is the corpus, to extend for later ingests.
func liveSeed(t *testing.T) (root string, files map[string]string, live *index.Live) {
	t.Helper()
	root = filepath.Join(t.TempDir(), "idx")
	files = map[string]string{seedID + ".txt": indextest.Seed(t)}
	ingestInto(t, root, files)
	live, err := index.OpenLive(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { live.Close() })
	return root, files, live
}

func extraStatement(k int) (string, string) {
	return fmt.Sprintf("swap-%d.txt", k), fmt.Sprintf("---\ntitle: {en: Swap %d}\ndate: 2025-01-0%d\n---\n[en]\n1. Ingested while serving, round %d.\n", k, k, k)
}

// Re-ingesting while the server answers switches it to the new index
// without one failed request, and old permalinks keep resolving.
func TestHotSwapFailsNoRequest(t *testing.T) {
	root, files, live := liveSeed(t)
	h := New(Config{Archive: NewLiveArchive(live, nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()

	paths := []string{
		"/search?q=ransomware",
		"/api/search?q=securite&lang=fr",
		"/statements/" + seedID,
		"/statements/" + seedID + "/2",
		"/api/statements/" + seedID,
		"/",
	}
	var requests, failures atomic.Int64
	var firstFailure atomic.Value
	stop := make(chan struct{})
	answered := make(chan struct{}, 64) // one per request, dropped when full
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				rec := get(t, h, paths[i%len(paths)])
				requests.Add(1)
				select {
				case answered <- struct{}{}:
				default:
				}
				if rec.Code != http.StatusOK {
					failures.Add(1)
					firstFailure.CompareAndSwap(nil, fmt.Sprintf("%s = %d: %.300s", paths[i%len(paths)], rec.Code, rec.Body.String()))
				}
			}
		}(w)
	}
	for k := 1; k <= 3; k++ {
		name, text := extraStatement(k)
		files[name] = text
		ingestInto(t, root, files)
		switched, err := live.Reload()
		if err != nil || !switched {
			t.Fatalf("round %d: Reload = %v, %v; want a switch", k, switched, err)
		}
		if rec := get(t, h, "/statements/swap-"+fmt.Sprint(k)+"/1"); rec.Code != http.StatusOK {
			t.Errorf("round %d: the new statement's permalink = %d", k, rec.Code)
		}
		// Let the readers run against this generation: wait for ten
		// requests answered after the switch.
		drain(answered)
		for range 10 {
			<-answered
		}
	}
	close(stop)
	wg.Wait()
	if requests.Load() < 20 {
		t.Fatalf("only %d requests ran during the swaps; the test proves nothing", requests.Load())
	}
	if n := failures.Load(); n > 0 {
		t.Errorf("%d of %d requests failed during hot swaps; first: %v", n, requests.Load(), firstFailure.Load())
	}
	if live.Swaps() != 3 {
		t.Errorf("Swaps = %d, want 3", live.Swaps())
	}
	for n := 1; n <= 4; n++ {
		if rec := get(t, h, fmt.Sprintf("/statements/%s/%d", seedID, n)); rec.Code != http.StatusOK {
			t.Errorf("old permalink ¶%d after the swaps = %d", n, rec.Code)
		}
	}
	if switched, err := live.Reload(); switched || err != nil {
		t.Errorf("Reload with nothing new = %v, %v; want no switch", switched, err)
	}
}

// Watch notices a re-ingest by itself.
func TestWatchFollowsTheIndexPath(t *testing.T) {
	root, files, live := liveSeed(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	switched := make(chan struct{}, 1)
	go live.Watch(ctx, 10*time.Millisecond, nil, func(ok bool, err error) {
		if ok {
			select {
			case switched <- struct{}{}:
			default:
			}
		}
	})

	name, text := extraStatement(1)
	files[name] = text
	ingestInto(t, root, files)
	select {
	case <-switched:
	case <-time.After(20 * time.Second): // a safety net, not a timing assertion
	}
	idx, release := live.Acquire()
	defer release()
	if _, ok := idx.Lookup("swap-1"); !ok {
		t.Errorf("the watched index did not switch to the re-ingested one (swaps: %d)", live.Swaps())
	}
}

// drain empties a channel of the events sent before now.
func drain(c chan struct{}) {
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}
