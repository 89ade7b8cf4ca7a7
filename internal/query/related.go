package query

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"statementarchive/internal/index"
	"statementarchive/internal/search"
)

// Bounds of the related forms of a word, so that their cost does not grow
// with the archive's vocabulary or with the query.
const (
	// relatedMinPrefix is the fewest runes a form's term shares with the
	// word's term from their start, and the shortest term of a word that
	// has related forms: five letters ("cyber", "terror") keep a family
	// together; four ("nato", "part") would join unrelated words.
	relatedMinPrefix = 5
	// relatedSlack is how many runes short of the shorter of the two terms
	// the shared prefix may stop ("secur", "securiti" share all of
	// "secur"; "terror", "terroris" all of "terror").
	relatedSlack = 1
	// relatedMaxExtra is how many runes more or fewer than the word's term
	// a form's term may have: "terror" → "terrorist" (3), but not
	// "cyber" → "cybersecur" (5), a compound rather than a form.
	relatedMaxExtra = 3
	// relatedScan is how many terms of each shard's dictionary are read
	// for one word in one language, starting at the shared prefix.
	relatedScan = 256
	// RelatedForms is how many forms are kept per word and language, the
	// most frequent.
	RelatedForms = 4
	// relatedSurfaceDocs is how many rows holding a form are read to
	// write it as the texts do.
	relatedSurfaceDocs = 5
	// relatedWords is how many plain words of a query get related forms,
	// and relatedLangs in how many languages each (those where the query
	// finds most rows).
	relatedWords = 3
	relatedLangs = 2
)

// RelatedWord returns the other forms word (as typed in a query) takes in
// lang's texts that lang's stemmer does not join to it: Snowball's English
// stemmer makes "terrorism" "terror" and "terrorist(s)" "terrorist", so a
// search of one misses the other. They are found in the index's own
// dictionary of lang's text field: the terms whose length is within 3
// runes of the word's term and that share its first runes, at least 5 and
// all but one of the shorter term's. Each is written as the texts write it
// most often (in a few rows holding it), and they
// come most rows first, at most limit (at most RelatedForms).
//
// A word that analyses to no term or several, whose term is shorter than
// 5 runes or holds a digit, or that no row of lang holds, has no related
// forms; nor has an unknown language. Query is left empty in each form:
// only the caller knows the whole query. The cost is bounded: 256 terms
// of each shard's dictionary are read, and 5 rows for each form kept.
func (s *Engine) RelatedWord(ctx context.Context, lang, word string, limit int) (search.Related, bool, error) {
	x := s.x
	limit = min(limit, RelatedForms)
	if limit <= 0 || word == "" || len(word) > suggestMaxBytes || !utf8.ValidString(word) {
		return search.Related{}, false, nil
	}
	an := x.Analyzer(lang)
	if an == nil || !slices.Contains(x.Languages(), lang) {
		return search.Related{}, false, nil
	}
	toks := an.Analyze([]byte(word))
	if len(toks) != 1 {
		return search.Related{}, false, nil
	}
	term := string(toks[0].Term)
	n := utf8.RuneCountInString(term)
	if n < relatedMinPrefix || hasDigit(term) {
		return search.Related{}, false, nil
	}
	// A form shorter than the term shares at least all but relatedSlack of
	// its own runes, and has at least n−relatedMaxExtra: the dictionary is
	// read from the prefix every form shares.
	prefix := string([]rune(term)[:max(relatedMinPrefix, n-relatedMaxExtra-relatedSlack)])
	counts, err := s.prefixCounts(ctx, index.TextField(lang), prefix, relatedScan)
	if err != nil {
		return search.Related{}, false, err
	}
	if counts[term] == 0 {
		return search.Related{}, false, nil
	}
	type form struct {
		term string
		rows uint64
	}
	var forms []form
	for t, rows := range counts {
		if t != term && relatedTerms(term, t) && !hasDigit(t) {
			forms = append(forms, form{t, rows})
		}
	}
	sort.Slice(forms, func(i, j int) bool {
		if forms[i].rows != forms[j].rows {
			return forms[i].rows > forms[j].rows
		}
		return forms[i].term < forms[j].term
	})
	out := search.Related{Lang: lang, Word: word}
	typed := strings.ToLower(index.Fold(word))
	for _, f := range forms {
		if len(out.Forms) == limit {
			break
		}
		text, err := s.surfaceForm(ctx, lang, f.term, "", relatedSurfaceDocs)
		if err != nil {
			return search.Related{}, false, err
		}
		if text == "" || strings.ToLower(index.Fold(text)) == typed {
			continue
		}
		out.Forms = append(out.Forms, search.RelatedForm{Text: text, Rows: int(f.rows)})
	}
	return out, len(out.Forms) > 0, nil
}

// relatedTerms reports whether two terms of one field are forms of one
// word, as RelatedWord counts them.
func relatedTerms(a, b string) bool {
	na, nb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if na-nb > relatedMaxExtra || nb-na > relatedMaxExtra {
		return false
	}
	return sharedPrefix(a, b) >= max(relatedMinPrefix, min(na, nb)-relatedSlack)
}

// prefixCounts returns the terms of field that start with prefix and how
// many rows hold each, summed over the shards; it reads at most limit
// terms of each shard.
func (s *Engine) prefixCounts(ctx context.Context, field, prefix string, limit int) (map[string]uint64, error) {
	x := s.x
	counts := map[string]uint64{}
	for i, b := range x.Shards() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, err := b.FieldDictPrefix(field, []byte(prefix))
		if err != nil {
			return nil, fmt.Errorf("read the terms of %s in shard %d: %w", field, i, err)
		}
		for n := 0; n < limit; n++ {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("read the terms of %s in shard %d: %w", field, i, err)
			}
			if e == nil || !strings.HasPrefix(e.Term, prefix) {
				break
			}
			counts[e.Term] += e.Count
		}
		if err := d.Close(); err != nil {
			return nil, fmt.Errorf("read the terms of %s in shard %d: %w", field, i, err)
		}
	}
	return counts, nil
}

// related returns the other forms of the query's plain words (at most
// relatedWords of them; the search asks only for a query of one to three
// words, on its first page), each in the languages of langs where the query
// finds most rows (at most relatedLangs, and only where it finds some),
// with the query rewritten for each form.
func (s *Engine) related(ctx context.Context, req search.Request, clauses []search.Clause, langs []string, langFacet []search.FacetCount) ([]search.Related, error) {
	found := map[string]int{}
	for _, f := range langFacet {
		found[f.Value] = f.Count
	}
	var try []string
	for _, l := range langs {
		if found[l] > 0 {
			try = append(try, l)
		}
	}
	sort.SliceStable(try, func(i, j int) bool { return found[try[i]] > found[try[j]] })
	try = try[:min(len(try), relatedLangs)]
	var out []search.Related
	words := 0
	for _, c := range clauses {
		if c.Prefix || c.Phrase || c.Occur == search.MustNot || strings.ContainsAny(c.Text, " \t") {
			continue
		}
		if words++; words > relatedWords {
			break
		}
		for _, l := range try {
			r, ok, err := s.RelatedWord(ctx, l, c.Text, RelatedForms)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			asked := queryTerms(s.x, clauses, l)
			forms := r.Forms[:0]
			for _, f := range r.Forms {
				if toks := s.x.Analyzer(l).Analyze([]byte(f.Text)); len(toks) == 1 && asked[string(toks[0].Term)] {
					continue // the query asks for this form already
				}
				f.Query = replaceWord(req.Query, c.Text, f.Text)
				forms = append(forms, f)
			}
			if r.Forms = forms; len(forms) > 0 {
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// queryTerms returns the terms lang's analyzer makes of the query's words.
func queryTerms(x *index.Index, clauses []search.Clause, lang string) map[string]bool {
	out := map[string]bool{}
	for _, c := range clauses {
		for _, tok := range x.Analyzer(lang).Analyze([]byte(c.Text)) {
			out[string(tok.Term)] = true
		}
	}
	return out
}
