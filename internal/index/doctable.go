package index

import (
	"context"
	"fmt"

	bleveindex "github.com/blevesearch/bleve_index_api"
	"golang.org/x/sync/errgroup"
)

// DocTable maps one shard's internal document numbers to the statement
// each document belongs to, as an ordinal of Index.sorted plus one (0 for
// a number no document of a known statement has). A search reads it for
// every hit instead of asking Bleve for the hit's fields: its facets are
// per statement (year, issuer, tags), and so are the filters the counts
// apply. The shards are opened read-only, so the numbers of a shard's
// snapshot stay those of the table for as long as the index is open.
type DocTable []int32

// buildTables reads, for every shard, the postings of the statement field:
// one term per statement, listing its documents. It is a read of the
// term dictionary and postings only (no stored field), which for a
// million rows takes tens of milliseconds.
func (x *Index) buildTables() error {
	ord := make(map[string]int32, len(x.sorted))
	for i, st := range x.sorted {
		ord[st.ID] = int32(i) + 1
	}
	// The shards' tables are read at once: each is a walk of one
	// shard's postings, and opening the index waits for the slowest.
	x.tables = make([]DocTable, len(x.shards))
	var g errgroup.Group
	for i, b := range x.shards {
		g.Go(func() error {
			adv, err := b.Advanced()
			if err != nil {
				return err
			}
			r, err := adv.Reader()
			if err != nil {
				return err
			}
			t, err := readTable(r, ord)
			if cerr := r.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("shard %d: %w", i, err)
			}
			x.tables[i] = t
			return nil
		})
	}
	return g.Wait()
}

func readTable(r bleveindex.IndexReader, ord map[string]int32) (DocTable, error) {
	n, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	t := make(DocTable, 0, n)
	dict, err := r.FieldDict(FieldStatement)
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	var tfd *bleveindex.TermFieldDoc
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return t, nil
		}
		o, ok := ord[e.Term]
		if !ok {
			return nil, fmt.Errorf("documents of statement %q, which the catalog lacks: rebuild the index", e.Term)
		}
		tfr, err := r.TermFieldReader(context.Background(), []byte(e.Term), FieldStatement, false, false, false)
		if err != nil {
			return nil, err
		}
		for {
			if tfd, err = tfr.Next(tfd); err != nil || tfd == nil {
				break
			}
			d := tfd.ID.Value()
			if d >= uint64(len(t)) {
				t = growTable(t, d+1)
			}
			t[d] = o
		}
		if cerr := tfr.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
	}
}

// growTable extends t to n entries, 0 where no document is.
func growTable(t DocTable, n uint64) DocTable {
	if n <= uint64(cap(t)) {
		return t[:n]
	}
	g := make(DocTable, n, max(n, 2*uint64(cap(t))))
	copy(g, t)
	return g
}

// Of returns the statement ordinal of document d, 0 when unknown.
func (t DocTable) Of(d uint64) int32 {
	if d < uint64(len(t)) {
		return t[d]
	}
	return 0
}
