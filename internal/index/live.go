package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// Live is an index that follows its path: when an ingest swaps a new
// generation in, Reload opens it and switches new readers to it, and the
// old one is closed once the readers still using it are done. No request
// fails and no permalink breaks across a swap.
//
// An ingest deletes the generation two ingests old, which a server that has
// not reloaded since (a long -reload-every) still reads from open files:
// it would answer from a deleted index and keep its disk space. So the
// served generation's presence is checked where it can be relied on, on
// every file system: at each reload (the path then names another
// generation, which Reload switches to) and at each Ping, which readiness
// checks call every few seconds; a Ping that finds the generation gone
// fails (not ready) and makes Watch reload at once. File system events
// are not used: on the network and shared volumes an index is deployed on,
// another machine's ingest raises none.
type Live struct {
	root string
	// mu orders Acquire against a swap: a reader either takes a reference
	// on the old handle before it is retired, or gets the new one.
	mu      sync.RWMutex
	cur     *handle
	reload  sync.Mutex // one Reload at a time
	swapped atomic.Int64
	// stale receives when a Ping found the served generation deleted, so
	// that Watch reloads without waiting for its interval.
	stale chan struct{}
}

// handle is one open generation with the count of readers using it.
type handle struct {
	idx     *Index
	refs    atomic.Int64
	retired atomic.Bool
	once    sync.Once
}

func (h *handle) release() {
	if h.refs.Add(-1) == 0 && h.retired.Load() {
		h.close()
	}
}

func (h *handle) close() { h.once.Do(func() { h.idx.Close() }) }

// OpenLive opens the index at root as Open does, ready to follow swaps.
func OpenLive(root string) (*Live, error) {
	idx, err := Open(root)
	if err != nil {
		return nil, err
	}
	return NewLive(idx), nil
}

// NewLive makes an open index follow swaps at the path it was opened from;
// the Live owns it from then on.
func NewLive(idx *Index) *Live {
	l := &Live{root: idx.root, stale: make(chan struct{}, 1)}
	l.cur = l.newHandle(idx)
	return l
}

// newHandle wraps a generation this Live serves, whose Ping tells the Live
// when it finds the generation deleted.
func (l *Live) newHandle(idx *Index) *handle {
	idx.gone = func() {
		select {
		case l.stale <- struct{}{}:
		default: // a reload is already due
		}
	}
	return &handle{idx: idx}
}

// Acquire returns the current index and a function to call when done with
// it; until then the index stays open even if a newer one is swapped in.
func (l *Live) Acquire() (*Index, func()) {
	l.mu.RLock()
	h := l.cur
	h.refs.Add(1)
	l.mu.RUnlock()
	return h.idx, h.release
}

// Swaps returns how many times a new generation has been swapped in.
func (l *Live) Swaps() int64 { return l.swapped.Load() }

// Reload switches to the generation the index path names now, if it is
// not the one open. It reports whether it switched. On failure the index
// open before keeps serving.
func (l *Live) Reload() (bool, error) {
	l.reload.Lock()
	defer l.reload.Unlock()
	gen, err := currentGeneration(l.root)
	if err != nil {
		return false, err
	}
	l.mu.RLock()
	same := sameFile(l.cur.idx.gen, gen)
	l.mu.RUnlock()
	if same {
		return false, nil
	}
	idx, err := Open(l.root)
	if err != nil {
		return false, fmt.Errorf("reload: %w", err)
	}
	h := l.newHandle(idx)
	l.mu.Lock()
	old := l.cur
	l.cur = h
	old.retired.Store(true)
	l.mu.Unlock()
	if old.refs.Load() == 0 {
		old.close()
	}
	l.swapped.Add(1)
	return true, nil
}

func sameFile(a, b string) bool {
	return filepath.Clean(a) == filepath.Clean(b)
}

// Watch reloads every interval until ctx is done, whenever poke receives,
// and as soon as a Ping finds the served generation deleted from disk. It
// calls report after a reload that switched; after one that
// failed with an error other than the last one reported, so that a fault
// that lasts (a broken link, an unreadable generation) is reported once and
// again only when it changes, not every interval; and after the first
// reload that succeeds following failures (with switched false if the path
// names the generation still served), so that the recovery is seen.
func (l *Live) Watch(ctx context.Context, interval time.Duration, poke <-chan os.Signal, report func(switched bool, err error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	var failing error // the last failure reported; nil while reloads succeed
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-poke:
		case <-l.stale:
		}
		switched, err := l.Reload()
		switch {
		case report == nil:
		case err != nil:
			if failing == nil || failing.Error() != err.Error() {
				report(false, err)
			}
			failing = err
		case switched || failing != nil:
			failing = nil
			report(switched, nil)
		}
	}
}

// Close closes the current index once its readers are done.
func (l *Live) Close() error {
	l.mu.Lock()
	h := l.cur
	h.retired.Store(true)
	l.mu.Unlock()
	if h.refs.Load() == 0 {
		h.close()
	}
	return nil
}

// ErrGenerationGone is wrapped by Ping's error when the generation the
// index reads has been deleted from disk.
var ErrGenerationGone = errors.New("the index generation being served was deleted")

// goneError explains that the generation an index reads is gone, and what
// happens and what to do about it.
type goneError struct {
	root, gen string
}

func (e *goneError) Error() string {
	return fmt.Sprintf("the index generation %s that this server reads was deleted from %s "+
		"(an `archive ingest` into %s keeps only the current generation and the previous one): "+
		"the server switches by itself to the one %s names; if it stays not ready, the log says why that one cannot be opened: "+
		"fix it or run `archive ingest -index %s` again, or restart the server",
		filepath.Base(e.gen), e.root, e.root, filepath.Join(e.root, currentLink), e.root)
}

func (e *goneError) Unwrap() error { return ErrGenerationGone }

// present checks that the generation x reads is still on disk: its folder,
// its catalog and each shard's folder, which ingest deletes (removeUnused)
// and nothing else does. A deleted generation is still readable through
// the files x holds open, so only this check tells; when it fails, a Live
// serving x is told (see newHandle).
func (x *Index) present() error {
	paths := []string{x.gen, filepath.Join(x.gen, catalogFile)}
	for i := range x.shards {
		paths = append(paths, shardDir(x.gen, i))
	}
	for _, p := range paths {
		_, err := os.Stat(p)
		switch {
		case err == nil:
			continue
		case errors.Is(err, fs.ErrNotExist):
			if x.gone != nil {
				x.gone()
			}
			return &goneError{root: x.root, gen: x.gen}
		default:
			return fmt.Errorf("check the index generation being served: %w", err)
		}
	}
	return nil
}
