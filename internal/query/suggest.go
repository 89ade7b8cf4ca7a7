package query

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"golang.org/x/sync/errgroup"

	"statementarchive/internal/index"
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
	// queryLangWords is how many words of a query queryLangs reads to
	// tell its language.
	queryLangWords = 32
)

// suggestRule says which candidate a suggestion takes.
type suggestRule int

const (
	// markedlyMore is the rule for a query that finds something: the
	// candidate in most rows, only if markedly more than the word's.
	markedlyMore suggestRule = iota
	// nearest is the rule for a query that finds nothing: the candidate
	// fewest edits away, however rare.
	nearest
)

// SuggestWord returns the word of lang's texts that word (as typed in a
// query) was most likely meant to be, when word matches few rows in lang:
// the rule for a query that finds something.
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
func (s *Engine) SuggestWord(ctx context.Context, lang, word string) (search.Suggestion, bool, error) {
	return s.suggest(ctx, lang, word, markedlyMore)
}

// NearestWord returns the word of lang's texts nearest to word, however
// rare, when no row of lang holds word: the rule for a query that finds
// nothing, where a word in one row is better than none. The candidates
// are SuggestWord's; the nearest wins, counted in edits from the word's
// term, or 1 for the term of a word one edit from the typed word (ties:
// more rows, then term order). A word some row holds gets no suggestion.
func (s *Engine) NearestWord(ctx context.Context, lang, word string) (search.Suggestion, bool, error) {
	return s.suggest(ctx, lang, word, nearest)
}

func (s *Engine) suggest(ctx context.Context, lang, word string, rule suggestRule) (search.Suggestion, bool, error) {
	x := s.x
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
	field := index.TextField(lang)
	dicts, err := s.openDicts()
	if err != nil {
		return search.Suggestion{}, false, err
	}
	defer dicts.close()

	rows, err := dicts.rows(ctx, field, []string{term})
	if err != nil {
		return search.Suggestion{}, false, err
	}
	wordRows := rows[0]
	switch rule {
	case nearest:
		if wordRows > 0 {
			return search.Suggestion{}, false, nil // the archive holds the word itself
		}
	default:
		// No term can match ten times the rows of a word that is in more
		// than a tenth of all documents: spare the dictionary walk.
		docs, err := dicts.docCount()
		if err != nil {
			return search.Suggestion{}, false, err
		}
		if wordRows > docs/suggestRatio {
			return search.Suggestion{}, false, nil
		}
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
	edits := func(c string) int {
		if _, ok := slices.BinarySearch(edited, c); ok {
			return 1 // one edit from the typed word, however far its term
		}
		return editDistance(term, c)
	}
	cands = mergeSorted(cands, edited)
	if len(cands) > suggestLookups {
		slices.SortStableFunc(cands, func(a, b string) int { return edits(a) - edits(b) })
		cands = cands[:suggestLookups]
	}
	rows, err = dicts.rows(ctx, field, cands)
	if err != nil {
		return search.Suggestion{}, false, err
	}
	best, bestEdits, bestRows := "", 0, uint64(0)
	for i, c := range cands {
		e := edits(c)
		if rows[i] == 0 {
			continue
		}
		var better bool
		if rule == nearest {
			better = best == "" || e < bestEdits || e == bestEdits && rows[i] > bestRows
		} else {
			better = rows[i] > bestRows || rows[i] == bestRows && e < bestEdits
		}
		if better {
			best, bestEdits, bestRows = c, e, rows[i]
		}
	}
	if best == "" {
		return search.Suggestion{}, false, nil
	}
	// wordRows > rows/ratio, not wordRows*ratio > rows: no overflow.
	if rule == markedlyMore && (bestRows < suggestMinRows || wordRows > bestRows/suggestRatio) {
		return search.Suggestion{}, false, nil
	}
	instead, err := s.surfaceForm(ctx, lang, best, word, suggestSurfaceDocs)
	if err != nil || instead == "" {
		return search.Suggestion{}, false, err
	}
	return search.Suggestion{Lang: lang, Word: word, Instead: instead, Rows: int(bestRows), WordRows: int(wordRows)}, true, nil
}

// suggestions looks for the words the query's plain words were likely
// meant to be, each word once, in the languages the query most likely is
// in (queryLangs). A query that finds nothing in any language gets, for
// each word no row holds, the nearest word of the archive's (NearestWord),
// looked for in the largest of those languages; a query that finds
// something gets the words that match markedly more (SuggestWord), looked
// for where the query finds fewest rows. Of the suggestions of several
// languages, the one written nearest the typed word is kept (ties: more
// rows, then the order the languages were tried in).
func (s *Engine) suggestions(ctx context.Context, req search.Request, clauses []search.Clause, langs []string, langFacet []search.FacetCount, total int) ([]search.Suggestion, error) {
	found := map[string]int{}
	nothing := total == 0
	for _, f := range langFacet {
		found[f.Value] = f.Count
		if f.Count > 0 {
			nothing = false
		}
	}
	try := queryLangs(s.x, clauses, langs)
	suggest := s.SuggestWord
	counts := s.x.ParagraphCounts()
	sort.SliceStable(try, func(i, j int) bool {
		if !nothing && found[try[i]] != found[try[j]] {
			return found[try[i]] < found[try[j]]
		}
		return counts[try[i]] > counts[try[j]]
	})
	if nothing {
		suggest = s.NearestWord
	}
	try = try[:min(len(try), suggestLangs)]
	var out []search.Suggestion
	words := 0
	for _, c := range clauses {
		if c.Prefix || c.Phrase || c.Occur == search.MustNot || strings.ContainsAny(c.Text, " \t") {
			continue
		}
		if words++; words > suggestWords {
			break
		}
		var best search.Suggestion
		bestEdits := 0
		for _, l := range try {
			sg, ok, err := suggest(ctx, l, c.Text)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			e := editDistance(strings.ToLower(index.Fold(c.Text)), strings.ToLower(index.Fold(sg.Instead)))
			if best.Instead == "" || e < bestEdits || e == bestEdits && sg.Rows > best.Rows {
				best, bestEdits = sg, e
			}
		}
		if best.Instead != "" {
			best.Query = replaceWord(req.Query, c.Text, best.Instead)
			out = append(out, best)
		}
	}
	return out, nil
}

// queryLangs returns the languages of langs that the query most likely is
// in, in the order of langs: those in which the most of its words (at most
// queryLangWords, excluded ones left out) are stop words, the surest sign
// of a language ("the" is English, "les" French); a word that is a stop
// word in every language of langs tells nothing. A query without such a
// word could be in any of them: all of langs.
func queryLangs(x *index.Index, clauses []search.Clause, langs []string) []string {
	score := make([]int, len(langs))
	words := 0
	for _, c := range clauses {
		if c.Prefix || c.Occur == search.MustNot {
			continue
		}
		for _, w := range strings.Fields(c.Text) {
			if words++; words > queryLangWords {
				break
			}
			var stop []int
			for i, l := range langs {
				if an := x.Analyzer(l); an != nil && len(an.Analyze([]byte(w))) == 0 {
					stop = append(stop, i)
				}
			}
			if len(stop) < len(langs) {
				for _, i := range stop {
					score[i]++
				}
			}
		}
	}
	most := slices.Max(append(score, 0))
	var out []string
	for i, l := range langs {
		if score[i] == most {
			out = append(out, l)
		}
	}
	return out
}

// shardDicts reads the term dictionaries of every shard, through one
// snapshot of each, so that counting many terms opens no reader per term.
type shardDicts []bleveindex.IndexReader

func (s *Engine) openDicts() (shardDicts, error) {
	x := s.x
	d := make(shardDicts, 0, len(x.Shards()))
	for i, b := range x.Shards() {
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

// surfaceForm returns how lang's texts write term: of the words of the
// first docs rows that analyse to term, the one nearest typed (unless
// typed is ""), then the most frequent; lower-cased unless all capitals.
// It returns "" if no row shows the term.
func (s *Engine) surfaceForm(ctx context.Context, lang, term, typed string, docs int) (string, error) {
	x := s.x
	field, termsField := index.TextField(lang), index.TermsField(lang)
	an := x.Analyzer(lang)
	forms := map[string]int{}
	read := 0
	for i, b := range x.Shards() {
		if read >= docs {
			break
		}
		q := bleve.NewTermQuery(term)
		q.SetField(field)
		req := bleve.NewSearchRequestOptions(q, docs-read, 0, false)
		req.Fields = []string{field, termsField}
		res, err := b.SearchInContext(ctx, req)
		if err != nil {
			return "", fmt.Errorf("find the rows holding %q in %s of shard %d: %w", term, field, i, err)
		}
		for _, h := range res.Hits {
			read++
			texts, stored := fieldTexts(h.Fields[field]), fieldTexts(h.Fields[termsField])
			for j, text := range texts {
				// The row's stored terms, else its text analysed.
				var toks []index.Token
				if len(stored) == len(texts) && !s.analyseRows {
					toks, err = index.DecodeRowTerms(stored[j], text)
				}
				if toks == nil || err != nil {
					toks = index.WholeTokens(an, text)
				}
				for _, tok := range toks {
					if tok.Term != term || tok.Start < 0 || tok.End > len(text) || tok.Start >= tok.End {
						continue
					}
					if w := wordOf(an, text[tok.Start:tok.End], term); w != "" {
						forms[w]++
					}
				}
			}
		}
	}
	want := strings.ToLower(index.Fold(typed))
	var best string
	bestEdits, bestCount := 0, 0
	for w, n := range forms {
		edits := 0
		if typed != "" {
			edits = editDistance(want, strings.ToLower(index.Fold(w)))
		}
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
