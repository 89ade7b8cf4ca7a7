package search

import (
	"context"
	"fmt"
	"time"
)

// Gate bounds the searches that run at once, in two lanes: light searches
// and heavy ones, told apart by their estimated cost before they run. A
// heavy search never takes a light search's place, so however many costly
// queries arrive, cheap ones keep being answered; and since only a few
// heavy searches run at once, their memory is bounded too. A search that
// finds its lane full waits a little, then gets a *BusyError.
type Gate struct {
	light, heavy chan struct{}
	wait         time.Duration
}

// Default gate sizes: light searches use about one core each, and a heavy
// one both (the index's shards are searched in parallel).
const (
	DefaultLightSearches = 4
	DefaultHeavySearches = 1
	DefaultGateWait      = 2 * time.Second
)

// NewGate returns a gate that runs at most light cheap and heavy costly
// searches at once; a search waits up to wait for its lane. Sizes below 1
// are taken as 1.
func NewGate(light, heavy int, wait time.Duration) *Gate {
	return &Gate{light: make(chan struct{}, max(light, 1)), heavy: make(chan struct{}, max(heavy, 1)), wait: wait}
}

// BusyError is returned when a search's lane stayed full for the gate's
// wait. The request can be repeated after RetryAfter.
type BusyError struct {
	Heavy      bool
	RetryAfter time.Duration
}

func (e *BusyError) Error() string {
	if e.Heavy {
		return fmt.Sprintf("the archive is already running as many broad searches as it can: try again in %d seconds, or narrow the search with more words, a phrase or a filter", int(e.RetryAfter.Seconds()))
	}
	return fmt.Sprintf("the archive is answering as many searches as it can: try again in %d seconds", int(e.RetryAfter.Seconds()))
}

// Enter takes a place in the lane for a search of that weight, waiting up
// to the gate's wait or until ctx is done. The caller must call release
// when the search is over. A nil gate admits everything.
func (g *Gate) Enter(ctx context.Context, heavy bool) (release func(), err error) {
	if g == nil {
		return func() {}, nil
	}
	lane := g.light
	if heavy {
		lane = g.heavy
	}
	select {
	case lane <- struct{}{}:
		return func() { <-lane }, nil
	default:
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case lane <- struct{}{}:
		return func() { <-lane }, nil
	case <-t.C:
		return nil, &BusyError{Heavy: heavy, RetryAfter: max(g.wait, time.Second)}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Running returns how many light and heavy searches hold a place now.
func (g *Gate) Running() (light, heavy int) {
	if g == nil {
		return 0, 0
	}
	return len(g.light), len(g.heavy)
}
