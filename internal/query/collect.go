package query

import (
	"container/heap"
	"context"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"golang.org/x/sync/errgroup"

	"statementarchive/internal/index"
	"statementarchive/internal/search"
)

// How a search collects its hits. Bleve's own collector asks, for every
// hit, for its document ID (the tie-break of the ranking) and for the
// values of each facet's field, which it decodes from the shard's doc
// values: on a common word that was most of a search's time. The archive
// walks Bleve's searchers itself instead, one goroutine per shard:
//   - the ranking keeps the best hits in a heap by score (or date), and
//     reads a hit's ID only when two hits tie, so the order is the one
//     Bleve's sort on (-_score, _id) gives, across shards too;
//   - facets are per statement, so each hit adds one to its statement's
//     count (the shard's docTable says which), and the counts become year,
//     issuer and tag counts once, at the end;
//   - the language counts use a term's document frequency when the query
//     is one word and nothing is filtered, and otherwise walk that
//     language's matches without scoring them, filtering by the statement.
// A panic in Bleve's code is recovered in these goroutines and fails the
// search alone. TestCollectMatchesBleve compares every figure with Bleve's
// own collector on a generated corpus.

// readers holds one reader per shard for the length of a search.
type readers struct {
	x  *index.Index
	rs []bleveindex.IndexReader

	// dictMu guards dicts and postings, which termDocs keeps for the
	// search's lookups.
	dictMu sync.Mutex
	// dicts holds, per field, the term dictionary of each segment of
	// every shard, opened at the field's first lookup; a field whose
	// entry is nil is looked up through Bleve's dictionary iterator.
	dicts map[string][]segment.TermDictionary
	// postings is the postings list termDocs reuses.
	postings segment.PostingsList
}

func openReaders(x *index.Index) (*readers, error) {
	out := &readers{x: x, rs: make([]bleveindex.IndexReader, 0, len(x.Shards()))}
	for _, b := range x.Shards() {
		adv, err := b.Advanced()
		if err != nil {
			out.Close()
			return nil, err
		}
		r, err := adv.Reader()
		if err != nil {
			out.Close()
			return nil, err
		}
		out.rs = append(out.rs, r)
	}
	return out, nil
}

func (r *readers) Close() error {
	var first error
	for _, rd := range r.rs {
		if err := rd.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// scoringContext gives Bleve's searchers the scoring model Bleve's own
// search would: the default (tf-idf), which the mapping keeps.
func scoringContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, bsearch.GetScoringModelCallbackKey,
		bsearch.GetScoringModelCallbackFn(func() string { return bleveindex.DefaultScoringModel }))
}

// visitor receives one shard's matches: a document number and its score
// (0 when the walk does not score).
type visitor func(doc uint64, score float64)

// walk runs q on every shard at once, calling the visitor newVisitor
// returned for that shard with each match. It scores the matches only
// when scored is set.
func (r *readers) walk(ctx context.Context, q query.Query, scored bool, newVisitor func(shard int) visitor) error {
	ctx = scoringContext(ctx)
	opts := bsearch.SearcherOptions{}
	if !scored {
		opts.Score = "none"
	}
	g, gctx := errgroup.WithContext(ctx)
	for i, rd := range r.rs {
		visit := newVisitor(i)
		g.Go(func() (err error) {
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("search: shard %d failed: %v\n%s", i, p, debug.Stack())
				}
			}()
			return walkShard(gctx, q, rd, r.x.Shards()[i].Mapping(), opts, visit)
		})
	}
	return g.Wait()
}

// checkEvery is how many matches a walk reads between checks of its
// context: a cancelled or timed-out search stops within as many.
const checkEvery = 1024

func walkShard(ctx context.Context, q query.Query, rd bleveindex.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions, visit visitor) error {
	s, err := q.Searcher(ctx, rd, m, opts)
	if err != nil {
		return searchError(err)
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{
		DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0),
		IndexReader:       rd,
	}
	for n := 0; ; n++ {
		if n%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return searchError(err)
		}
		if dm == nil {
			return nil
		}
		visit(dm.IndexInternalID.Value(), dm.Score)
		sctx.DocumentMatchPool.Put(dm)
	}
}

// entry is a ranked hit: where it is, its sort keys, and its document ID
// once a tie or the answer has asked for it.
type entry struct {
	shard int
	doc   uint64
	score float64
	// ord is its statement's ordinal (Index.sorted), 0 when unknown.
	ord int32
	id  string
}

// ranking orders entries as Bleve's sort would: by score, highest first,
// or by the statement's date, newest first and undated last; then by
// document ID. It reads IDs only for entries that tie.
type ranking struct {
	r      *readers
	byDate bool
	err    error
}

func (k *ranking) id(e *entry) string {
	if e.id == "" && k.err == nil {
		var buf [8]byte
		id, err := k.r.rs[e.shard].ExternalID(bleveindex.NewIndexInternalID(buf[:], e.doc))
		if err != nil {
			k.err = fmt.Errorf("search: read a hit's ID: %w", err)
		}
		e.id = id
	}
	return e.id
}

// better reports whether a ranks before b.
func (k *ranking) better(a, b *entry) bool {
	if k.byDate {
		sa, sb := k.r.x.StatementAt(a.ord), k.r.x.StatementAt(b.ord)
		da, db := sa != nil && sa.HasDate(), sb != nil && sb.HasDate()
		if da != db {
			return da
		}
		if da && !sa.Date.Equal(sb.Date) {
			return sa.Date.After(sb.Date)
		}
	} else if sa, sb := tieScore(a.score), tieScore(b.score); sa != sb {
		return sa > sb
	}
	return k.id(a) < k.id(b)
}

// tieScore is a score as the ranking compares it: to float32's precision
// (7 digits). Scores that are mathematically equal (a word 4 times in a
// row of 36 words and once in a row of 9: tf·norm is 2/6 and 1/3) can come
// out of Bleve's float arithmetic a last bit apart, and which is ahead
// changes with anything that scales every score (the query's norm, a term
// added or left out); compared at float32's precision they tie, and tied
// rows are ordered by document ID: the statement's ID, then the row's key,
// in reading order. The order is then a property of the rows, not of
// rounding, and a query shaped otherwise for speed ranks alike.
func tieScore(s float64) float32 { return float32(s) }

// worstFirst is a heap of entries whose top is the one ranked last.
type worstFirst struct {
	k *ranking
	e []*entry
}

func (h *worstFirst) Len() int           { return len(h.e) }
func (h *worstFirst) Less(i, j int) bool { return h.k.better(h.e[j], h.e[i]) }
func (h *worstFirst) Swap(i, j int)      { h.e[i], h.e[j] = h.e[j], h.e[i] }
func (h *worstFirst) Push(x any)         { h.e = append(h.e, x.(*entry)) }
func (h *worstFirst) Pop() any {
	last := h.e[len(h.e)-1]
	h.e = h.e[:len(h.e)-1]
	return last
}

// ranked is what the ranking walk found: the best hits in order, how
// many matched, and how many of the matches each statement has.
type ranked struct {
	hits  []*entry
	total int
	// perStatement counts matches by statement ordinal; nil unless asked for.
	perStatement []int32
}

// rank walks q and returns its best n hits, in the order Bleve's sort
// would give, with the count of every match and, when count is set, how
// many matches each statement has.
func (r *readers) rank(ctx context.Context, q query.Query, n int, byDate, count bool, keep func(ord int32) bool) (*ranked, error) {
	ks := make([]*ranking, len(r.rs))
	heaps := make([]*worstFirst, len(r.rs))
	totals := make([]int, len(r.rs))
	counts := make([][]int32, len(r.rs))
	err := r.walk(ctx, q, !byDate, func(shard int) visitor {
		k := &ranking{r: r, byDate: byDate}
		h := &worstFirst{k: k, e: make([]*entry, 0, n)}
		ks[shard], heaps[shard] = k, h
		table := r.x.DocTable(shard)
		var perStatement []int32
		if count {
			perStatement = make([]int32, len(r.x.Statements())+1)
			counts[shard] = perStatement
		}
		var spare *entry
		return func(doc uint64, score float64) {
			ord := table.Of(doc)
			if keep != nil && !keep(ord) {
				return
			}
			totals[shard]++
			if perStatement != nil {
				perStatement[ord]++
			}
			if n == 0 {
				return
			}
			if spare == nil {
				spare = &entry{}
			}
			*spare = entry{shard: shard, doc: doc, score: score, ord: ord}
			if h.Len() < n {
				heap.Push(h, spare)
				spare = nil
				return
			}
			if k.better(spare, h.e[0]) {
				h.e[0], spare = spare, h.e[0]
				heap.Fix(h, 0)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	out := &ranked{}
	k := &ranking{r: r, byDate: byDate}
	for i := range r.rs {
		if ks[i].err != nil {
			return nil, ks[i].err
		}
		out.total += totals[i]
		out.hits = append(out.hits, heaps[i].e...)
		if counts[i] != nil {
			if out.perStatement == nil {
				out.perStatement = counts[i]
				continue
			}
			for j, c := range counts[i] {
				out.perStatement[j] += c
			}
		}
	}
	sort.Slice(out.hits, func(i, j int) bool { return k.better(out.hits[i], out.hits[j]) })
	if k.err != nil {
		return nil, k.err
	}
	out.hits = out.hits[:min(n, len(out.hits))]
	return out, nil
}

// id returns a ranked hit's document ID.
func (r *readers) id(e *entry) (string, error) {
	k := &ranking{r: r}
	id := k.id(e)
	return id, k.err
}

// texts reads the stored text of each language of a ranked hit.
func (r *readers) texts(e *entry) (map[string]string, error) {
	texts, _, err := r.stored(e)
	return texts, err
}

// stored reads a hit's stored texts and its terms in each language
// (TermsField, encoded), each keyed by language code.
func (r *readers) stored(e *entry) (texts, terms map[string]string, err error) {
	id, err := r.id(e)
	if err != nil {
		return nil, nil, err
	}
	doc, err := r.rs[e.shard].Document(id)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", id, err)
	}
	if doc == nil {
		return nil, nil, fmt.Errorf("read %s: the hit has no document: rebuild the index", id)
	}
	texts, terms = map[string]string{}, map[string]string{}
	doc.VisitFields(func(f bleveindex.Field) {
		if lang, ok := strings.CutPrefix(f.Name(), "text_"); ok {
			texts[lang] = string(f.Value())
		} else if lang, ok := strings.CutPrefix(f.Name(), index.TermsField("")); ok {
			terms[lang] = string(f.Value())
		}
	})
	return texts, terms, nil
}

// countMatches counts the matches of q, walking them unscored, whose
// statement pass reports true for.
func (r *readers) countMatches(ctx context.Context, q query.Query, pass func(ord int32) bool) (int, error) {
	counts := make([]int, len(r.rs))
	err := r.walk(ctx, q, false, func(shard int) visitor {
		table := r.x.DocTable(shard)
		return func(doc uint64, _ float64) {
			if pass(table.Of(doc)) {
				counts[shard]++
			}
		}
	})
	total := 0
	for _, c := range counts {
		total += c
	}
	return total, err
}

// docFreq returns how many documents hold term in field, from the term
// dictionaries alone.
func (r *readers) docFreq(ctx context.Context, field, term string) (int, error) {
	total := 0
	for _, rd := range r.rs {
		tfr, err := rd.TermFieldReader(ctx, []byte(term), field, false, false, false)
		if err != nil {
			return 0, err
		}
		total += int(tfr.Count())
		if err := tfr.Close(); err != nil {
			return 0, err
		}
	}
	return total, nil
}

// singleTerm returns the one index term a query is, in a field analysed by
// analyzer: a single word, not a prefix, not excluded, that the analyzer
// keeps as one token.
func singleTerm(clauses []search.Clause, analyzer analysis.Analyzer) (string, bool) {
	if len(clauses) != 1 {
		return "", false
	}
	c := clauses[0]
	if c.Prefix || c.Occur == search.MustNot {
		return "", false
	}
	tokens := analyzer.Analyze([]byte(c.Text))
	if len(tokens) != 1 {
		return "", false
	}
	return string(tokens[0].Term), true
}
