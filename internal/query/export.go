package query

import (
	"context"
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"statementarchive/internal/fault"
	"statementarchive/internal/index"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

// How an export reads a search whole. It walks the matching rows in one
// stable order, newest first, a batch at a time: each batch is a search
// that starts after the sort values of the last row of the one before
// (Bleve's SearchAfter), so a deep batch costs what the first does, where
// from/size paging would rank every row before it again. Each batch asks
// for the rows' IDs only; their texts are read one row at a time as they
// are handed on, so an export holds one batch of IDs and one row's text
// however many rows it writes.
//
// The order is that of a search sorted by date: dated rows newest first,
// then undated ones, and rows of the same day by statement and reading
// order (the document ID). It is walked in two parts, dated rows then
// undated ones, because Bleve gives an undated row's sort value as a
// sentinel that SearchAfter cannot take back (it must parse as a date).

// exportBatch is the most rows one search of an export ranks. Every
// batch reads the date of every matching row to find its next rows, so
// it costs about the same whatever its size (0.15 to 0.3 s for a query
// matching 90,000 of 100,000 rows, BenchmarkExport): in batches of 5,000
// those 90,000 rows are walked in 3 to 7 s, where batches of 500 took 20
// to 50 s. A batch's hits are a few megabytes while it is ranked (within
// the gate), and its IDs some 200 KB while its rows are written. A
// search matching fewer rows is ranked in one batch of its size.
const exportBatch = 5000

// Export calls fn with every row that matches req, whatever its page and
// page size, newest first (see above), each with its text in every
// language it has (Text and Show; no Highlight or Matched). It refuses,
// before calling fn at all, what Search refuses, with the same errors,
// and a search matching more than search.MaxExportRows rows. Its batches
// pass through the gate as searches do; a batch that finds its lane full
// once rows are written waits for room, within ctx, rather than fail a
// half-written file. It stops at fn's first error and returns it.
func (s *Engine) Export(ctx context.Context, req search.Request, fn func(search.Row) error) error {
	return s.walk(ctx, req, search.MaxExportRows, exportBatch, true, fn)
}

// Latest returns the n newest rows that match req (at most
// search.FeedEntries), in Export's order: a search feed's entries. It
// refuses what Search refuses.
func (s *Engine) Latest(ctx context.Context, req search.Request, n int) ([]search.Row, error) {
	n = min(max(n, 1), search.FeedEntries)
	var rows []search.Row
	err := s.walk(ctx, req, n, n, false, func(row search.Row) error {
		rows = append(rows, row)
		return nil
	})
	return rows, err
}

// walk hands fn the first limit rows matching req in export order, at
// most batch rows per search (fewer where fewer match). With refuseOver,
// a search matching more than limit rows is refused instead.
func (s *Engine) walk(ctx context.Context, req search.Request, limit, batch int, refuseOver bool, fn func(search.Row) error) error {
	a, err := s.admit(ctx, req, forWalk, trendTerms{})
	if err != nil {
		return err
	}
	defer a.close()
	batch = min(max(batch, 1), limit)
	rows, err := s.rows(a, a.req, noSkip)
	if err != nil {
		return err
	}
	c := a.cost
	w := &walker{s: s, ctx: ctx, weight: c.weight(), limit: limit, langs: a.req.Langs, fn: fn}
	if refuseOver {
		total, err := w.count(rows)
		if err != nil {
			return err
		}
		if total > limit {
			return search.Errorf("the search matches %d rows; an export holds at most %d: narrow it with more words, a \"phrase\" or a filter (a language, an issuer, a tag, dates)", total, limit)
		}
		if total == 0 {
			return nil
		}
		batch = min(batch, total)
	}
	c.window = batch
	w.weight, w.batch = c.weight(), batch
	// Every date the index holds is in this range; undated rows have none.
	inclusive, exclusive := true, false
	dated := bleve.NewDateRangeInclusiveQuery(statement.MinDate, statement.MaxDate.AddDate(0, 0, 1), &inclusive, &exclusive)
	dated.SetField(index.FieldDate)
	undated := bleve.NewBooleanQuery()
	undated.AddMust(rows)
	undated.AddMustNot(dated)
	err = w.part(bleve.NewConjunctionQuery(rows, dated), bsearch.SortOrder{
		&bsearch.SortField{Field: index.FieldDate, Type: bsearch.SortFieldAsDate, Desc: true},
		&bsearch.SortDocID{},
	})
	if err == nil {
		err = w.part(undated, bsearch.SortOrder{&bsearch.SortDocID{}})
	}
	if errors.Is(err, errWalked) {
		return nil
	}
	return err
}

// errWalked ends a walk that has handed on its limit of rows.
var errWalked = errors.New("walked the limit of rows")

// walker is one walk through a search's rows.
type walker struct {
	s      *Engine
	ctx    context.Context
	weight search.Weight
	batch  int
	limit  int
	langs  []string // the request's language filter, for each row's Show
	fn     func(search.Row) error
	// handed counts the rows given to fn.
	handed int
}

// count returns how many rows q matches.
func (w *walker) count(q query.Query) (int, error) {
	res, err := w.search(bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		return 0, err
	}
	return int(res.Total), nil
}

// part walks the rows of q in order, a batch at a time, each batch after
// the last row of the one before. Of a batch's hits it keeps the IDs
// only while their rows are handed on (to a client that may read
// slowly): some 40 bytes a row, not the hits' few hundred.
func (w *walker) part(q query.Query, order bsearch.SortOrder) error {
	var after []string
	ids := make([]string, 0, w.batch)
	for {
		sr := bleve.NewSearchRequestOptions(q, w.batch, 0, false)
		sr.SortByCustom(order)
		sr.SearchAfter = after
		res, err := w.search(sr)
		if err != nil {
			return err
		}
		ids = ids[:0]
		for _, dm := range res.Hits {
			ids = append(ids, dm.ID)
		}
		more := len(res.Hits) == w.batch
		if more {
			last := res.Hits[len(res.Hits)-1]
			if len(last.DecodedSort) != len(order) {
				return fmt.Errorf("export: hit %s has %d sort values, want %d", last.ID, len(last.DecodedSort), len(order))
			}
			after = last.DecodedSort
		}
		for _, id := range ids {
			if err := w.hand(id); err != nil {
				return err
			}
		}
		if !more {
			return nil
		}
	}
}

// search runs one search of the walk through the gate. Before any row is
// handed on, a full lane refuses the walk as it refuses a search
// (fault.Busy, nothing written yet); after, the walk waits its turn, as
// long as its context allows, rather than fail a half-written file.
func (w *walker) search(sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	for {
		res, err := w.try(sr)
		if fault.KindOf(err) == fault.Busy && w.handed > 0 && w.ctx.Err() == nil {
			continue
		}
		return res, err
	}
}

// try runs one search if the gate admits it, within search.SearchTimeout
// of its start (the wait for the gate included, as for a search).
func (w *walker) try(sr *bleve.SearchRequest) (*bleve.SearchResult, error) {
	ctx, cancel := context.WithTimeout(w.ctx, search.SearchTimeout)
	defer cancel()
	release, err := w.s.gate.Enter(ctx, w.weight)
	if err != nil {
		return nil, err
	}
	defer release()
	return w.s.run(ctx, sr)
}

// hand reads one row's text in every language and hands it to fn.
func (w *walker) hand(docID string) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	id, ref, ok := index.ParseDocID(docID)
	if !ok {
		return fmt.Errorf("export: hit %q is not a row document: rebuild the index", docID)
	}
	st, ok := w.s.x.Lookup(id)
	if !ok {
		return fmt.Errorf("export: hit %s names statement %q, which the catalog lacks: rebuild the index", docID, id)
	}
	p, err := w.s.x.Paragraph(id, ref)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	row := search.Row{Statement: st, Ref: ref, Text: p.Text}
	row.Show = ShowOrder(st, row, w.langs)
	if err := w.fn(row); err != nil {
		return err
	}
	if w.handed++; w.handed >= w.limit {
		return errWalked
	}
	return nil
}
