package query

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"statementarchive/internal/compare"
	"statementarchive/internal/index"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

// Bounds of the candidates for worded-alike, per language of a row: the
// work of finding them is a few term lookups per word of the row and one
// disjunction of at most AlikeTerms terms, whatever the archive's size.
const (
	// AlikeTerms is how many of the row's terms are queried: the rarest
	// that another row holds.
	AlikeTerms = 24
	// alikeMinTerms and alikeCommonShare: a term in more than 1/50 of a
	// language's rows (and more than alikeCommonRows) is queried only to
	// make up alikeMinTerms terms. Such a term's postings are long and it
	// tells little; leaving it out bounds the postings read.
	alikeMinTerms    = 6
	alikeCommonShare = 50
	alikeCommonRows  = 200
	// AlikeCandidates is how many rows are read, best scored first.
	AlikeCandidates = 64
	// AlikeReadBytes bounds the text read for them: reading stops at
	// the row that passes 64 KiB.
	AlikeReadBytes = 64 << 10
	// alikeMaxTokens bounds the row's words looked up in the dictionary.
	alikeMaxTokens = 600
)

// AlikeCandidates returns the rows of statements other than id that may be
// worded like text (a row of id in lang): its AlikeTerms rarest terms
// that some other row of lang holds are queried as one disjunction in
// lang's text field, and the AlikeCandidates best-scored rows read, at
// most AlikeReadBytes of text. compare.Rank aligns them. A language the
// index lacks, or a text with no such term, has none.
func (s *Engine) AlikeCandidates(ctx context.Context, id, lang, text string) ([]compare.Candidate, error) {
	x := s.x
	an := x.Analyzer(lang)
	if an == nil || !slices.Contains(x.Languages(), lang) {
		return nil, nil
	}
	field := index.TextField(lang)
	tokens := an.Analyze(statement.BlankNotes([]byte(text)))
	type termDF struct {
		term string
		df   uint64
	}
	seen := map[string]bool{}
	var terms []termDF
	for i, tok := range tokens {
		if i >= alikeMaxTokens {
			break
		}
		t := string(tok.Term)
		if seen[t] {
			continue
		}
		seen[t] = true
		df, err := s.TermDocs(field, t)
		if err != nil {
			return nil, err
		}
		if df >= 2 { // held by another row than this one
			terms = append(terms, termDF{t, df})
		}
	}
	if len(terms) == 0 {
		return nil, nil
	}
	slices.SortFunc(terms, func(a, b termDF) int { return cmp.Or(cmp.Compare(a.df, b.df), cmp.Compare(a.term, b.term)) })
	common := uint64(max(alikeCommonRows, x.RowsIn(lang)/alikeCommonShare))
	keep := 0
	for keep < len(terms) && keep < AlikeTerms && (keep < alikeMinTerms || terms[keep].df <= common) {
		keep++
	}
	terms = terms[:keep]
	any := make([]query.Query, len(terms))
	for i, t := range terms {
		q := bleve.NewTermQuery(t.term)
		q.SetField(field)
		any[i] = q
	}
	self := bleve.NewTermQuery(id)
	self.SetField(index.FieldStatement)
	q := bleve.NewBooleanQuery()
	q.AddShould(any...)
	q.AddMustNot(self)
	req := bleve.NewSearchRequestOptions(q, AlikeCandidates, 0, false)
	res, err := x.Alias().SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("find rows worded like %s in %s: %w", id, lang, err)
	}
	var out []compare.Candidate
	read := 0
	for _, hit := range res.Hits {
		sid, ref, ok := index.ParseDocID(hit.ID)
		meta, known := x.Lookup(sid)
		if !ok || !known {
			continue
		}
		t, err := x.StoredText(sid, ref, lang)
		if err != nil {
			return nil, err
		}
		out = append(out, compare.Candidate{Statement: meta, Ref: ref, Text: t})
		if read += len(t); read > AlikeReadBytes {
			break
		}
	}
	return out, nil
}

// PhraseUse is a statement whose rows hold a phrase.
type PhraseUse struct {
	Statement *statement.Statement
	// Rows are the rows holding it, in the statement's order.
	Rows []statement.Ref
}

// MaxPhraseRows bounds the rows a phrase's uses are read from: the 1,000
// oldest (undated statements last).
const MaxPhraseRows = 1000

// PhraseUses returns the statements whose rows hold phrase in one of
// langs (every language of the index if none), oldest first, undated
// last; total is how many rows hold it, of which at most MaxPhraseRows,
// the oldest, are read. A phrase of more than search.MaxPhraseWords words
// after analysis is refused, as a search's is.
func (s *Engine) PhraseUses(ctx context.Context, phrase string, langs []string) (uses []PhraseUse, total int, err error) {
	x := s.x
	if len(langs) == 0 {
		langs = x.Languages()
	}
	var any []query.Query
	for _, l := range langs {
		an := x.Analyzer(l)
		if an == nil || !slices.Contains(x.Languages(), l) {
			continue
		}
		n := len(an.Analyze([]byte(phrase)))
		if n > search.MaxPhraseWords {
			return nil, 0, search.Errorf("the phrase has %d words in %s; a phrase may have at most %d: quote a shorter part of it", n, l, search.MaxPhraseWords)
		}
		if n == 0 {
			continue
		}
		q := bleve.NewMatchPhraseQuery(phrase)
		q.SetField(index.TextField(l))
		any = append(any, q)
	}
	if len(any) == 0 {
		return nil, 0, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(any...), MaxPhraseRows, 0, false)
	req.SortByCustom(bsearch.SortOrder{
		&bsearch.SortField{Field: index.FieldDate, Type: bsearch.SortFieldAsDate, Missing: bsearch.SortFieldMissingLast},
		&bsearch.SortDocID{},
	})
	res, err := x.Alias().SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, fmt.Errorf("find the statements using a phrase: %w", err)
	}
	at := map[string]int{}
	for _, hit := range res.Hits {
		sid, ref, ok := index.ParseDocID(hit.ID)
		meta, known := x.Lookup(sid)
		if !ok || !known {
			continue
		}
		i, seen := at[sid]
		if !seen {
			i = len(uses)
			at[sid] = i
			uses = append(uses, PhraseUse{Statement: meta})
		}
		uses[i].Rows = append(uses[i].Rows, ref)
	}
	for i := range uses {
		slices.SortFunc(uses[i].Rows, statement.Ref.Compare)
	}
	return uses, int(res.Total), nil
}
