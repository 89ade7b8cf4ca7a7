package query

import (
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"statementarchive/internal/index"
	"statementarchive/internal/search"
)

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
func (s *Engine) referenceRows(ids, langs []string, req search.Request, skip filter, excluded []search.Clause) (query.Query, error) {
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
func (s *Engine) statementRows(ids, langs []string, req search.Request, skip filter) query.Query {
	var docs []string
	for _, id := range ids {
		if st, ok := s.x.Lookup(id); ok {
			for _, p := range st.Paragraphs {
				docs = append(docs, index.DocID(id, p.Ref()))
			}
		}
	}
	if len(docs) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	var inLang []query.Query
	for _, l := range langs {
		t := bleve.NewTermQuery(l)
		t.SetField(index.FieldLang)
		inLang = append(inLang, t)
	}
	rows := bleve.NewConjunctionQuery(bleve.NewDocIDQuery(docs), bleve.NewDisjunctionQuery(inLang...))
	return withFilters([]query.Query{rows}, filters(req, skip))
}

// referenceLangFacet counts the rows of the statements ids that pass the
// request's filters, by language.
func (s *Engine) referenceLangFacet(ids, all []string, req search.Request) []search.FacetCount {
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
func (s *Engine) referencedFirst(ids []string, req search.Request, out *search.Result) {
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
		if !inLanguages(st, req.Langs) {
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
