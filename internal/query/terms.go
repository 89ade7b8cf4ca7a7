package query

import (
	"bytes"
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// TermDocs returns how many documents hold term in field, summed over the
// shards: the length of the postings a search of the term reads.
func (s *Engine) TermDocs(field, term string) (uint64, error) {
	x := s.x
	rd, err := openReaders(x)
	if err != nil {
		return 0, err
	}
	defer rd.Close()
	return rd.termDocs(field, term)
}

// termDocs is TermDocs on a search's own readers: a shard's Bleve index
// opens a reader of its own at every lookup, which was a third of the
// time of a rendering's 48 lookups. Each segment's dictionary of field is
// opened once for the search, and a term looked up in it alone (a prefix
// iterator per lookup was two thirds of a rendering's time once the rows'
// terms were stored). The count is the postings' length, deleted
// documents included, as the dictionary's iterator gives it.
func (rd *readers) termDocs(field, term string) (uint64, error) {
	rd.dictMu.Lock()
	defer rd.dictMu.Unlock()
	dicts, err := rd.fieldDicts(field)
	if err != nil {
		return 0, err
	}
	if dicts == nil {
		return rd.termDocsIterated(field, term)
	}
	var docs uint64
	key := []byte(term)
	for _, d := range dicts {
		pl, err := d.PostingsList(key, nil, rd.postings)
		if err != nil {
			return 0, fmt.Errorf("read the postings of %q in %s: %w", term, field, err)
		}
		rd.postings = pl
		docs += pl.Count()
	}
	return docs, nil
}

// fieldDicts returns the term dictionary of field in each segment of
// every shard, opened once per search; nil when a shard is no scorch
// index, whose segments are not at hand. dictMu is held.
func (rd *readers) fieldDicts(field string) ([]segment.TermDictionary, error) {
	if dicts, ok := rd.dicts[field]; ok {
		return dicts, nil
	}
	if rd.dicts == nil {
		rd.dicts = map[string][]segment.TermDictionary{}
	}
	var dicts []segment.TermDictionary
	for i, r := range rd.rs {
		snap, ok := r.(*scorch.IndexSnapshot)
		if !ok {
			rd.dicts[field] = nil
			return nil, nil
		}
		for _, ss := range snap.Segments() {
			d, err := ss.Segment().Dictionary(field)
			if err != nil {
				return nil, fmt.Errorf("read the terms of %s in shard %d: %w", field, i, err)
			}
			dicts = append(dicts, d)
		}
	}
	if dicts == nil {
		dicts = []segment.TermDictionary{} // no segment: no term
	}
	rd.dicts[field] = dicts
	return dicts, nil
}

// termDocsIterated is termDocs through each shard's dictionary iterator.
func (rd *readers) termDocsIterated(field, term string) (uint64, error) {
	var docs uint64
	for i, b := range rd.rs {
		d, err := b.FieldDictPrefix(field, []byte(term))
		if err != nil {
			return 0, fmt.Errorf("read the terms of %s in shard %d: %w", field, i, err)
		}
		e, err := d.Next()
		if err == nil && e != nil && e.Term == term {
			docs += e.Count
		}
		if cerr := d.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return 0, fmt.Errorf("read the terms of %s in shard %d: %w", field, i, err)
		}
	}
	return docs, nil
}

// PrefixTerms counts the distinct terms of field that start with prefix,
// over every shard, and the documents they are in. It stops counting terms
// past limit, so that the cost of asking is bounded by the limit, not by
// the vocabulary: terms > limit then means "more than limit".
func (s *Engine) PrefixTerms(field, prefix string, limit int) (terms int, docs uint64, err error) {
	x := s.x
	rd, err := openReaders(x)
	if err != nil {
		return 0, 0, err
	}
	defer rd.Close()
	return rd.prefixTerms(field, prefix, limit)
}

// prefixTerms is PrefixTerms on a search's own readers.
func (rd *readers) prefixTerms(field, prefix string, limit int) (terms int, docs uint64, err error) {
	// Each shard lists its terms in order; merge the lists by counting a
	// term once however many shards hold it.
	seen := make(map[string]struct{}, min(limit+1, 1024))
	for i, b := range rd.rs {
		d, err := b.FieldDictPrefix(field, []byte(prefix))
		if err != nil {
			return 0, 0, fmt.Errorf("read the terms of %s in shard %d: %w", field, i, err)
		}
		for {
			e, nerr := d.Next()
			if nerr != nil {
				d.Close()
				return 0, 0, fmt.Errorf("read the terms of %s in shard %d: %w", field, i, nerr)
			}
			if e == nil || !bytes.HasPrefix([]byte(e.Term), []byte(prefix)) {
				break
			}
			docs += e.Count
			if _, ok := seen[e.Term]; !ok {
				seen[e.Term] = struct{}{}
				if len(seen) > limit {
					break
				}
			}
		}
		if err := d.Close(); err != nil {
			return 0, 0, fmt.Errorf("read the terms of %s in shard %d: %w", field, i, err)
		}
		if len(seen) > limit {
			break
		}
	}
	return len(seen), docs, nil
}
