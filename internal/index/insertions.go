package index

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"statementarchive/internal/ledger"
	"statementarchive/internal/statement"
)

// A row added to a statement that keys its paragraphs by position, or a
// heading added before others, moves every later permalink by one: each
// then shows the words of the row before it. An ingest that finds a
// permalink's published words at a later key of the same kind says so,
// and which inserted keys (statement.Ref.Sub) to declare instead.

// rowWords holds, per statement and language, the rows of next in ref
// order, each with what its words digest to.
type rowWords map[string]map[string][]rowWord

type rowWord struct {
	ref   statement.Ref
	words string
}

// moved is one permalink that would change: its statement, language, row.
type moved struct {
	id, lang string
	ref      statement.Ref
}

// insertionHints returns, per statement, the keys to declare inserted
// (front matter inserted: […]) so that the permalinks of changed that
// show words old had at a later key keep them. old gives a permalink's
// published words' digest.
func insertionHints(changed []moved, old func(moved) (string, bool), next rowWords) map[string][]statement.Ref {
	type place struct {
		id, lang string
		kind     statement.Kind
	}
	first := map[place]moved{}
	for _, c := range changed {
		if c.ref.Kind != statement.Body && c.ref.Kind != statement.Heading {
			continue
		}
		p := place{c.id, c.lang, c.ref.Kind}
		if f, ok := first[p]; !ok || c.ref.Compare(f.ref) < 0 {
			first[p] = c
		}
	}
	hints := map[string]map[statement.Ref]bool{}
	for p, c := range first {
		was, ok := old(c)
		if !ok || c.ref.Sub > 0 {
			continue // a key after an inserted one has no key before it
		}
		var rows []rowWord
		for _, r := range next[p.id][p.lang] {
			if r.ref.Kind == p.kind {
				rows = append(rows, r)
			}
		}
		at := sort.Search(len(rows), func(i int) bool { return rows[i].ref.Compare(c.ref) >= 0 })
		for shift := 1; shift <= statement.MaxInserted && at+shift < len(rows); shift++ {
			if rows[at+shift].words != was {
				continue
			}
			if hints[p.id] == nil {
				hints[p.id] = map[statement.Ref]bool{}
			}
			for sub := 1; sub <= shift; sub++ {
				hints[p.id][statement.Ref{Kind: p.kind, Key: c.ref.Key - 1, Sub: sub}] = true
			}
			break
		}
	}
	out := make(map[string][]statement.Ref, len(hints))
	for id, refs := range hints {
		for r := range refs {
			out[id] = append(out[id], r)
		}
		sort.Slice(out[id], func(i, j int) bool { return out[id][i].Compare(out[id][j]) < 0 })
	}
	return out
}

// sumWords lists the rows of fingerprints in ref order.
func sumWords(sums textSums) rowWords {
	out := make(rowWords, len(sums))
	for id, langs := range sums {
		out[id] = make(map[string][]rowWord, len(langs))
		for lang, ps := range langs {
			rows := make([]rowWord, len(ps))
			for i, p := range ps {
				rows[i] = rowWord{p.ref, strconv.FormatUint(p.sum, 16)}
			}
			sort.Slice(rows, func(i, j int) bool { return rows[i].ref.Compare(rows[j].ref) < 0 })
			out[id][lang] = rows
		}
	}
	return out
}

// entryWords lists the rows of ledger entries in ref order.
func entryWords(entries []ledger.Entry) rowWords {
	out := rowWords{}
	for _, e := range entries {
		r, ok := statement.ParseRef(e.Ref)
		if !ok {
			continue // the statement's metadata
		}
		if out[e.Statement] == nil {
			out[e.Statement] = map[string][]rowWord{}
		}
		out[e.Statement][e.Lang] = append(out[e.Statement][e.Lang], rowWord{r, e.Digest})
	}
	for _, langs := range out {
		for _, rows := range langs {
			sort.Slice(rows, func(i, j int) bool { return rows[i].ref.Compare(rows[j].ref) < 0 })
		}
	}
	return out
}

// sumsHints is insertionHints for the fingerprints of the index an ingest
// replaces.
func sumsHints(changed []Change, old, next textSums) map[string][]statement.Ref {
	ms := make([]moved, 0, len(changed))
	for _, c := range changed {
		if !c.Meta {
			ms = append(ms, moved{c.Statement, c.Lang, c.Ref})
		}
	}
	published := func(m moved) (string, bool) {
		for _, p := range old[m.id][m.lang] {
			if p.ref == m.ref {
				return strconv.FormatUint(p.sum, 16), true
			}
		}
		return "", false
	}
	return insertionHints(ms, published, sumWords(next))
}

// ledgerHints is insertionHints for a ledger's changes.
func ledgerHints(changed []ledger.Change, next []ledger.Entry) map[string][]statement.Ref {
	ms := make([]moved, 0, len(changed))
	old := map[moved]string{}
	for _, c := range changed {
		if r, ok := statement.ParseRef(c.Ref); ok {
			m := moved{c.Statement, c.Lang, r}
			ms = append(ms, m)
			old[m] = c.Old
		}
	}
	published := func(m moved) (string, bool) { d, ok := old[m]; return d, ok }
	return insertionHints(ms, published, entryWords(next))
}

// writeHints explains the insertions found, for a ChangesError.
func writeHints(b *strings.Builder, hints map[string][]statement.Ref) {
	ids := make([]string, 0, len(hints))
	for id := range hints {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		keys := make([]string, len(hints[id]))
		for i, r := range hints[id] {
			keys[i] = r.String()
		}
		fmt.Fprintf(b, "In %s the published words stand one or more rows further on, as when a row is added before others in a statement whose rows are keyed by position. If rows were added there, declare them in the statement's front matter, inserted: [%s], and they take those keys while every other row keeps its own (docs/permalinks.md).\n",
			id, strings.Join(keys, ", "))
	}
}
