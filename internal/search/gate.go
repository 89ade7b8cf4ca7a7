package search

import (
	"context"
	"fmt"
	"time"

	"statementarchive/internal/fault"
)

// Weight is a search's estimated cost class, which decides its lane.
type Weight int

// The weights, from the estimate made before a search runs (see cost.heavy
// and cost.cheap in cost.go).
const (
	// Cheap searches read few postings: most one- and two-word searches.
	Cheap Weight = iota
	// Medium searches read more, or rank a deeper page.
	Medium
	// Heavy searches read hundreds of thousands of postings, expand large
	// prefixes or rank a thousand hits or more.
	Heavy
)

// Gate bounds the searches that run at once, in three lanes, one per
// weight, told apart by their estimated cost before they run. A search
// never takes the place of a lighter one, so however many costly queries
// arrive, cheap ones keep being answered; and since only a few heavy
// searches run at once, their memory is bounded too. A search that finds
// its lane full waits a little, then gets a fault.Busy error.
type Gate struct {
	lanes [3]chan struct{}
	wait  time.Duration
}

// Default gate sizes: searches use about one core each, and a heavy one
// both (the index's shards are searched in parallel).
const (
	DefaultCheapSearches  = 2
	DefaultMediumSearches = 3
	DefaultHeavySearches  = 1
	DefaultGateWait       = 2 * time.Second
)

// NewGate returns a gate that runs at most cheap, medium and heavy
// searches of each weight at once; a search waits up to wait for its
// lane. Sizes below 1 are taken as 1.
func NewGate(cheap, medium, heavy int, wait time.Duration) *Gate {
	g := &Gate{wait: wait}
	for i, n := range []int{cheap, medium, heavy} {
		g.lanes[i] = make(chan struct{}, max(n, 1))
	}
	return g
}

// DefaultGate returns a gate of the default sizes.
func DefaultGate() *Gate {
	return NewGate(DefaultCheapSearches, DefaultMediumSearches, DefaultHeavySearches, DefaultGateWait)
}

// busy is the refusal of a search whose lane stayed full for the gate's
// wait: a *fault.Error of kind fault.Busy, to be repeated after its
// RetryAfter.
func busy(w Weight, retry time.Duration) error {
	msg := fmt.Sprintf("the archive is answering as many searches as it can: try again in %d seconds", int(retry.Seconds()))
	if w > Cheap {
		msg = fmt.Sprintf("the archive is already running as many broad searches as it can: try again in %d seconds, or narrow the search with more words, a phrase or a filter", int(retry.Seconds()))
	}
	return &fault.Error{Kind: fault.Busy, Msg: msg, RetryAfter: retry}
}

// Enter takes a place in the lane for a search of weight w, waiting up to
// the gate's wait or until ctx is done. The caller must call release when
// the search is over. A nil gate admits everything.
func (g *Gate) Enter(ctx context.Context, w Weight) (release func(), err error) {
	if g == nil {
		return func() {}, nil
	}
	lane := g.lanes[min(max(w, Cheap), Heavy)]
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
		return nil, busy(w, max(g.wait, time.Second))
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Running returns how many searches of weight w hold a place now.
func (g *Gate) Running(w Weight) int {
	if g == nil {
		return 0
	}
	return len(g.lanes[min(max(w, Cheap), Heavy)])
}
