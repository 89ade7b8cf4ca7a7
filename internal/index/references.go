package index

import (
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

// Analysts name statements by their reference ("PR(2006)150", "SC/10378",
// "M-NAC-2(2001)159"), in whichever of its forms they have at hand. The
// index keeps every statement's reference keys (statement.ReferenceKey),
// and a search looks for them in its query before the query's words are
// read: a reference found there is the statement it names, listed first,
// and no punctuation of it reaches the query syntax.

// refIndex maps a reference key to the statements it names, newest first.
type refIndex map[string][]string

// minRefTokens is the fewest tokens a key needs to be looked for in a
// text, and it must hold a number: a reference of one word would be
// found in every text that holds the word.
const minRefTokens = 2

func newRefIndex(sorted []*statement.Statement) refIndex {
	out := refIndex{}
	for _, st := range sorted {
		for _, k := range st.ReferenceKeys() {
			if f := strings.Fields(k); len(f) >= minRefTokens && len(f) <= statement.MaxRefTokens && strings.ContainsAny(k, "0123456789") && !slices.Contains(out[k], st.ID) {
				out[k] = append(out[k], st.ID)
			}
		}
	}
	return out
}

// RefMatch is a reference found in a text: where it stands (bytes) and
// the statements it names.
type RefMatch struct {
	Start, End int
	IDs        []string
}

// FindReferences returns the references of the archive's statements that
// text holds, in order, each the longest that starts there.
func (x *Index) FindReferences(text string) []RefMatch {
	if len(x.refs) == 0 {
		return nil
	}
	toks := statement.RefTokens(text)
	var out []RefMatch
	for i := 0; i < len(toks); {
		found := 0
		for n := min(statement.MaxRefTokens, len(toks)-i); n >= minRefTokens; n-- {
			keys := make([]string, n)
			for j := range n {
				keys[j] = toks[i+j].Key
			}
			if ids, ok := x.refs[strings.Join(keys, " ")]; ok {
				out = append(out, RefMatch{Start: toks[i].Start, End: toks[i+n-1].End, IDs: ids})
				found = n
				break
			}
		}
		if found == 0 {
			found = 1
		}
		i += found
	}
	return out
}

// References returns the statements a reference names, however it is
// written: "PR/CP(2006)150" names the statement whose reference is "Press
// Release (2006) 150".
func (x *Index) References(ref string) []string {
	return x.refs[statement.ReferenceKey(ref)]
}

// referencesIn takes the references out of a query: the statements they
// name, in the order found, and the query without them (each replaced by
// a space, so the words around it stay apart). A reference inside a
// "phrase" is left to the phrase.
func (x *Index) referencesIn(q string) (ids []string, rest string) {
	matches := x.FindReferences(q)
	if len(matches) == 0 {
		return nil, q
	}
	var b strings.Builder
	last := 0
	for _, m := range matches {
		if strings.Count(q[:m.Start], `"`)%2 == 1 {
			continue // inside a phrase
		}
		b.WriteString(q[last:m.Start])
		b.WriteByte(' ')
		last = m.End
		for _, id := range m.IDs {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	b.WriteString(q[last:])
	return ids, b.String()
}

// hasPositive reports whether clauses look for anything: a word or
// phrase to find, not only punctuation (the ")" a reference leaves).
func hasPositive(clauses []search.Clause) bool {
	return slices.ContainsFunc(clauses, func(c search.Clause) bool {
		return c.Occur != search.MustNot && strings.IndexFunc(c.Text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) >= 0
	})
}

// excludedWords returns a query's -excluded words as words to match.
func excludedWords(clauses []search.Clause) []search.Clause {
	var out []search.Clause
	for _, c := range clauses {
		if c.Occur == search.MustNot {
			c.Occur = search.Should
			out = append(out, c)
		}
	}
	return out
}

// referenceRows matches the rows of the statements ids with text in one
// of langs, but those matching excluded, with the request's filters but
// skip: a query that is only a reference (and -excluded words) lists its
// statement's rows.
func (s *Searcher) referenceRows(ids, langs []string, req search.Request, skip filter, excluded []search.Clause) (query.Query, error) {
	q := s.statementRows(ids, langs, req, skip)
	if len(excluded) == 0 {
		return q, nil
	}
	not, err := s.rowQuery(excluded, langs, search.Request{}, noSkip)
	if err != nil {
		return nil, err
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(q)
	b.AddMustNot(not)
	return b, nil
}

// statementRows matches the rows of the statements ids with text in one
// of langs, with the request's filters but skip.
func (s *Searcher) statementRows(ids, langs []string, req search.Request, skip filter) query.Query {
	var docs []string
	for _, id := range ids {
		if st, ok := s.x.Lookup(id); ok {
			for _, p := range st.Paragraphs {
				docs = append(docs, DocID(id, p.Ref()))
			}
		}
	}
	if len(docs) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	var inLang []query.Query
	for _, l := range langs {
		t := bleve.NewTermQuery(l)
		t.SetField(FieldLang)
		inLang = append(inLang, t)
	}
	rows := bleve.NewConjunctionQuery(bleve.NewDocIDQuery(docs), bleve.NewDisjunctionQuery(inLang...))
	return withFilters([]query.Query{rows}, filters(req, skip))
}

// referenceLangFacet counts the rows of the statements ids that pass the
// request's filters, by language.
func (s *Searcher) referenceLangFacet(ids, all []string, req search.Request) []search.FacetCount {
	counts := make([]search.FacetCount, len(all))
	for i, l := range all {
		counts[i].Value = l
	}
	f := newStatementFilters(req)
	for _, id := range ids {
		st, ok := s.x.Lookup(id)
		if !ok || f.passed(st)&f.set != f.set {
			continue
		}
		for _, p := range st.Paragraphs {
			for i, l := range all {
				if _, has := p.Text[l]; has {
					counts[i].Count++
				}
			}
		}
	}
	return counts
}

// referencedFirst lists the statements a query's references name first
// among the statements found, each as matching by its reference, unless
// the request's filters leave it out.
func (s *Searcher) referencedFirst(ids []string, req search.Request, out *search.Result) {
	if len(ids) == 0 {
		return
	}
	f := newStatementFilters(req)
	var first []search.StatementHit
	for _, id := range ids {
		st, ok := s.x.Lookup(id)
		if !ok || f.passed(st)&f.set != f.set {
			continue
		}
		if len(req.Langs) > 0 && !slices.ContainsFunc(req.Langs, func(l string) bool { return slices.Contains(st.Languages, l) }) {
			continue
		}
		hit := search.StatementHit{Statement: st, Fields: []string{"reference"}}
		known := false
		for _, list := range []*[]search.StatementHit{&out.Statements, &out.OtherStatements} {
			if i := slices.IndexFunc(*list, func(h search.StatementHit) bool { return h.Statement.ID == id }); i >= 0 {
				if fields := (*list)[i].Fields; len(fields) > 0 && !slices.Contains(fields, "reference") {
					hit.Fields = append([]string{"reference"}, fields...)
				}
				*list = slices.Delete(*list, i, i+1)
				known = true
			}
		}
		if !known {
			out.StatementTotal++
		}
		first = append(first, hit)
	}
	all := append(first, out.Statements...)
	if len(all) > search.MaxStatementHits {
		var overflow []search.StatementHit
		for _, h := range all[search.MaxStatementHits:] {
			overflow = append(overflow, search.StatementHit{Statement: h.Statement})
		}
		out.OtherStatements = append(overflow, out.OtherStatements...)
		all = all[:search.MaxStatementHits]
	}
	out.Statements = all
	if room := search.MaxStatementList - len(out.Statements); len(out.OtherStatements) > room {
		out.OtherStatements = out.OtherStatements[:room]
	}
}
