package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"golang.org/x/sync/errgroup"

	"statementarchive/internal/search"
)

// The bounds of a suggestion.
const (
	// suggestMaxBytes is the longest typed word considered: longer is no
	// misspelling of a word, and the fuzzy automaton grows with it.
	suggestMaxBytes = 64
	// suggestMinRunes is the shortest analysed term considered: one edit
	// away from a term of one or two letters is half the vocabulary.
	suggestMinRunes = 3
	// suggestLongWord is the length, in letters of the typed word, from
	// which two edits are allowed instead of one.
	suggestLongWord = 8
	// suggestRatio and suggestMinRows say how markedly more rows a
	// suggestion must match than the word: at least suggestRatio times as
	// many, and at least suggestMinRows.
	suggestRatio   = 10
	suggestMinRows = 3
	// suggestCandidates caps the terms read from each shard's fuzzy
	// dictionary, so that a word near many terms costs a bounded walk.
	suggestCandidates = 1000
	// suggestEditedRunes is the longest typed word, in runes, whose
	// one-edit variants are analysed: about 60 variants a letter.
	suggestEditedRunes = 24
	// suggestLookups caps the candidate terms whose rows are counted: the
	// nearest to the word's term are kept.
	suggestLookups = 2000
	// suggestSurfaceDocs is how many rows are read to find how the texts
	// write the suggested term.
	suggestSurfaceDocs = 20
)

// SuggestWord returns the word of lang's texts that word (as typed in a
// query) was most likely meant to be, when word matches few rows in lang.
//
// The word is analysed with lang's analyzer, as a query would be; a word
// that analyses to no term (a stop word) or to several, or whose term has
// fewer than 3 letters or holds a digit, gets no suggestion. The candidates
// are the terms of lang's text field within edit distance 1 of the word's
// term (2 when the typed word has 8 letters or more), read from every
// shard's fuzzy term dictionary (at most 1000 terms a shard), and the terms
// of the words one edit from the typed word (see editedTerms). The one
// that matches most rows wins (ties: fewer edits from the word's term, then
// term order), and is suggested only if it matches at least 10 times as
// many rows as the word and at least 3. Instead is the word as the texts
// write it, not the stem: of the words of a few rows holding the term, the
// one nearest the typed word, lower-cased unless it is all capitals (NATO).
//
// Query is left empty: only the caller knows the whole query. An unknown
// language, an empty word or one longer than 64 bytes gets no suggestion
// and no error. Errors are those of reading the index, or of ctx.
func (x *Index) SuggestWord(ctx context.Context, lang, word string) (search.Suggestion, bool, error) {
	if word == "" || len(word) > suggestMaxBytes || !utf8.ValidString(word) || !slices.Contains(x.Languages(), lang) {
		return search.Suggestion{}, false, nil
	}
	if err := ctx.Err(); err != nil {
		return search.Suggestion{}, false, err
	}
	an := x.Analyzer(lang)
	if an == nil {
		return search.Suggestion{}, false, nil
	}
	toks := an.Analyze([]byte(word))
	if len(toks) != 1 {
		return search.Suggestion{}, false, nil
	}
	term := string(toks[0].Term)
	if utf8.RuneCountInString(term) < suggestMinRunes || hasDigit(term) {
		return search.Suggestion{}, false, nil
	}
	field := TextField(lang)
	dicts, err := x.openDicts()
	if err != nil {
		return search.Suggestion{}, false, err
	}
	defer dicts.close()

	rows, err := dicts.rows(ctx, field, []string{term})
	if err != nil {
		return search.Suggestion{}, false, err
	}
	wordRows := rows[0]
	// No term can match ten times the rows of a word that is in more than
	// a tenth of all documents: spare the dictionary walk.
	docs, err := dicts.docCount()
	if err != nil {
		return search.Suggestion{}, false, err
	}
	if wordRows > docs/suggestRatio {
		return search.Suggestion{}, false, nil
	}

	fuzziness := 1
	if wordLetters(word) >= suggestLongWord {
		fuzziness = 2
	}
	cands, err := dicts.fuzzy(ctx, field, term, fuzziness)
	if err != nil {
		return search.Suggestion{}, false, err
	}
	// A misspelt ending defeats the stemmer ("securty" stems to "securti",
	// two edits from "secur"; "terrorisn" stays whole, three edits from
	// "terror"), so the terms of the words one edit from the typed word
	// are candidates too.
	edited, err := dicts.present(ctx, field, editedTerms(an, word, term))
	if err != nil {
		return search.Suggestion{}, false, err
	}
	cands = mergeSorted(cands, edited)
	if len(cands) > suggestLookups {
		slices.SortStableFunc(cands, func(a, b string) int { return editDistance(term, a) - editDistance(term, b) })
		cands = cands[:suggestLookups]
	}
	rows, err = dicts.rows(ctx, field, cands)
	if err != nil {
		return search.Suggestion{}, false, err
	}
	best, bestEdits, bestRows := "", 0, uint64(0)
	for i, c := range cands {
		edits := editDistance(term, c)
		if rows[i] > bestRows || rows[i] == bestRows && edits < bestEdits {
			best, bestEdits, bestRows = c, edits, rows[i]
		}
	}
	// wordRows > rows/ratio, not wordRows*ratio > rows: no overflow.
	if bestRows < suggestMinRows || wordRows > bestRows/suggestRatio {
		return search.Suggestion{}, false, nil
	}
	instead, err := x.surfaceForm(ctx, lang, best, word)
	if err != nil || instead == "" {
		return search.Suggestion{}, false, err
	}
	return search.Suggestion{Lang: lang, Word: word, Instead: instead, Rows: int(bestRows), WordRows: int(wordRows)}, true, nil
}

// shardDicts reads the term dictionaries of every shard, through one
// snapshot of each, so that counting many terms opens no reader per term.
type shardDicts []bleveindex.IndexReader

func (x *Index) openDicts() (shardDicts, error) {
	d := make(shardDicts, 0, len(x.shards))
	for i, b := range x.shards {
		adv, err := b.Advanced()
		if err == nil {
			var r bleveindex.IndexReader
			if r, err = adv.Reader(); err == nil {
				d = append(d, r)
				continue
			}
		}
		d.close()
		return nil, fmt.Errorf("open shard %d to read its terms: %w", i, err)
	}
	return d, nil
}

func (d shardDicts) close() {
	for _, r := range d {
		r.Close()
	}
}

// docCount returns how many documents the shards hold.
func (d shardDicts) docCount() (uint64, error) {
	var n uint64
	for i, r := range d {
		c, err := r.DocCount()
		if err != nil {
			return 0, fmt.Errorf("count the documents of shard %d: %w", i, err)
		}
		n += c
	}
	return n, nil
}

// each runs f on every shard at once, as a search does, and returns the
// first error; f's ctx is cancelled when one fails.
func (d shardDicts) each(ctx context.Context, f func(ctx context.Context, i int, r bleveindex.IndexReader) error) error {
	g, gctx := errgroup.WithContext(ctx)
	for i, r := range d {
		g.Go(func() error { return f(gctx, i, r) })
	}
	return g.Wait()
}

// rows returns how many documents hold each term in field, summed over
// the shards. It reads the length of each term's postings, as a search of
// the term would (TermDocs reads the dictionary instead, which costs a
// goroutine per segment for each term).
func (d shardDicts) rows(ctx context.Context, field string, terms []string) ([]uint64, error) {
	counts := make([][]uint64, len(d))
	err := d.each(ctx, func(ctx context.Context, i int, r bleveindex.IndexReader) error {
		counts[i] = make([]uint64, len(terms))
		for j, t := range terms {
			if j%64 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			tfr, err := r.TermFieldReader(ctx, []byte(t), field, false, false, false)
			if err != nil {
				return fmt.Errorf("count the rows holding %q in %s of shard %d: %w", t, field, i, err)
			}
			counts[i][j] = tfr.Count()
			if err := tfr.Close(); err != nil {
				return fmt.Errorf("count the rows holding %q in %s of shard %d: %w", t, field, i, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]uint64, len(terms))
	for _, c := range counts {
		for j, n := range c {
			out[j] += n
		}
	}
	return out, nil
}

// fuzzy returns the terms of field within fuzziness edits of term, but
// term itself and terms with digits, over every shard, in term order. It
// reads at most suggestCandidates terms of each shard.
func (d shardDicts) fuzzy(ctx context.Context, field, term string, fuzziness int) ([]string, error) {
	found := make([][]string, len(d))
	err := d.each(ctx, func(ctx context.Context, i int, r bleveindex.IndexReader) error {
		var err error
		if found[i], err = shardFuzzy(ctx, r, field, term, fuzziness); err != nil {
			return fmt.Errorf("read the terms of %s near %q in shard %d: %w", field, term, i, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range found {
		out = append(out, f...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func shardFuzzy(ctx context.Context, r bleveindex.IndexReader, field, term string, fuzziness int) (terms []string, err error) {
	fr, ok := r.(bleveindex.IndexReaderFuzzy)
	if !ok {
		return nil, fmt.Errorf("the index reader %T has no fuzzy term dictionary", r)
	}
	dict, err := fr.FieldDictFuzzy(field, term, fuzziness, "")
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := dict.Close(); err == nil {
			err = cerr
		}
	}()
	for n := 0; n < suggestCandidates; n++ {
		if n%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		// The entry's Count is not used: Bleve leaves it zero in fuzzy
		// dictionaries, which it only reads for candidate terms.
		e, err := dict.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		if e.Term != term && !hasDigit(e.Term) {
			terms = append(terms, e.Term)
		}
	}
	return terms, nil
}

// present returns the terms that some shard's dictionary of field holds,
// in their order.
func (d shardDicts) present(ctx context.Context, field string, terms []string) ([]string, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	found := make([][]bool, len(d))
	err := d.each(ctx, func(ctx context.Context, i int, r bleveindex.IndexReader) error {
		cr, ok := r.(bleveindex.IndexReaderContains)
		if !ok {
			return fmt.Errorf("look up terms of %s in shard %d: the index reader %T cannot", field, i, r)
		}
		dict, err := cr.FieldDictContains(field)
		if err != nil {
			return fmt.Errorf("look up terms of %s in shard %d: %w", field, i, err)
		}
		found[i] = make([]bool, len(terms))
		for j, t := range terms {
			if j%64 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if found[i][j], err = dict.Contains([]byte(t)); err != nil {
				return fmt.Errorf("look up %q in %s of shard %d: %w", t, field, i, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []string
	for j, t := range terms {
		for _, f := range found {
			if f[j] {
				out = append(out, t)
				break
			}
		}
	}
	return out, nil
}

// editedTerms returns the terms, other than term, of the words one edit
// (a letter deleted, inserted or replaced, or two letters swapped) from
// word, lower-cased, as an analyses them; the letters inserted are a to z
// and the word's own. A word too long for its edits to be cheap gets none.
func editedTerms(an analysis.Analyzer, word, term string) []string {
	w := []rune(strings.ToLower(word))
	if len(w) > suggestEditedRunes {
		return nil
	}
	alphabet := []rune("abcdefghijklmnopqrstuvwxyz")
	for _, r := range w {
		if unicode.IsLetter(r) && !slices.Contains(alphabet, r) {
			alphabet = append(alphabet, r)
		}
	}
	tried := map[string]struct{}{}
	seen := map[string]struct{}{}
	try := func(v []rune) {
		s := string(v)
		if _, ok := tried[s]; ok {
			return
		}
		tried[s] = struct{}{}
		toks := an.Analyze([]byte(s))
		if len(toks) != 1 {
			return
		}
		t := string(toks[0].Term)
		if t != term && utf8.RuneCountInString(t) >= suggestMinRunes && !hasDigit(t) {
			seen[t] = struct{}{}
		}
	}
	v := make([]rune, 0, len(w)+1)
	for i := 0; i <= len(w); i++ {
		if i < len(w) {
			try(append(append(v[:0], w[:i]...), w[i+1:]...)) // delete
		}
		if i+1 < len(w) && w[i] != w[i+1] {
			v = append(append(v[:0], w[:i]...), w[i+1], w[i])
			try(append(v, w[i+2:]...)) // swap
		}
		for _, r := range alphabet {
			v = append(append(v[:0], w[:i]...), r)
			try(append(v, w[i:]...)) // insert
			if i < len(w) && r != w[i] {
				v = append(append(v[:0], w[:i]...), r)
				try(append(v, w[i+1:]...)) // replace
			}
		}
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// mergeSorted returns the union of two sorted lists of terms, sorted.
func mergeSorted(a, b []string) []string {
	out := append(append(make([]string, 0, len(a)+len(b)), a...), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// surfaceForm returns how lang's texts write term: of the words of a few
// rows that analyse to term, the one nearest typed, then the most frequent;
// lower-cased unless all capitals. It returns "" if no row shows the term.
func (x *Index) surfaceForm(ctx context.Context, lang, term, typed string) (string, error) {
	field := TextField(lang)
	an := x.Analyzer(lang)
	forms := map[string]int{}
	read := 0
	for i, b := range x.shards {
		if read >= suggestSurfaceDocs {
			break
		}
		q := bleve.NewTermQuery(term)
		q.SetField(field)
		req := bleve.NewSearchRequestOptions(q, suggestSurfaceDocs-read, 0, false)
		req.Fields = []string{field}
		res, err := b.SearchInContext(ctx, req)
		if err != nil {
			return "", fmt.Errorf("find the rows holding %q in %s of shard %d: %w", term, field, i, err)
		}
		for _, h := range res.Hits {
			read++
			for _, text := range fieldTexts(h.Fields[field]) {
				for _, tok := range an.Analyze([]byte(text)) {
					if string(tok.Term) != term || tok.Start < 0 || tok.End > len(text) || tok.Start >= tok.End {
						continue
					}
					if w := wordOf(an, text[tok.Start:tok.End], term); w != "" {
						forms[w]++
					}
				}
			}
		}
	}
	want := strings.ToLower(Fold(typed))
	var best string
	bestEdits, bestCount := 0, 0
	for w, n := range forms {
		edits := editDistance(want, strings.ToLower(Fold(w)))
		if best == "" || edits < bestEdits || edits == bestEdits && (n > bestCount || n == bestCount && w < best) {
			best, bestEdits, bestCount = w, edits, n
		}
	}
	return best, nil
}

// fieldTexts returns the texts of a stored field as a search hit gives
// them: one string, or a list for a field with several values.
func fieldTexts(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// wordOf returns the word to show for a token of the texts that analyses
// to term: the token's text, lower-cased unless it is all capitals. The
// analyzers strip English possessives and French elisions ("NATO’s",
// "l’OTAN") but keep the token's offsets, so a token holding an apostrophe
// is cut to the one side of it that analyses to term, if one does.
func wordOf(an analysis.Analyzer, s, term string) string {
	if strings.ContainsAny(s, "'’ʼ") {
		parts := strings.FieldsFunc(s, func(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' })
		var only string
		n := 0
		for _, p := range parts {
			if toks := an.Analyze([]byte(p)); len(toks) == 1 && string(toks[0].Term) == term {
				only = p
				n++
			}
		}
		if n == 1 {
			s = only
		}
	}
	if allCapitals(s) {
		return s
	}
	return strings.ToLower(s)
}

// allCapitals reports whether s has two letters or more and all of them
// capitals: an acronym (NATO, OTAN), which lower case would misspell.
func allCapitals(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2
}

// wordLetters counts the letters of s.
func wordLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// hasDigit reports whether s holds a digit: numbers are not misspelt
// words, and "2023" is one edit from "2024".
func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
