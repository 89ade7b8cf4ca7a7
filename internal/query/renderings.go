package query

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"

	"statementarchive/internal/index"
	"statementarchive/internal/search"
)

// Bounds of a Renderings call, so that its cost does not grow with the
// archive or with what a caller passes.
const (
	// maxRenderingRows is how many of the given rows are read: the first,
	// which the caller ranks best.
	maxRenderingRows = 1000
	// maxRenderingLookups is how many distinct terms of a language are
	// looked up in the term dictionary: those held by the most rows. A
	// term held by few of the rows cannot outrank them by much, and each
	// lookup reads every shard's dictionary.
	maxRenderingLookups = 48
	// MinRenderingRows is the fewest of the rows with text in a language
	// that a rendering in it rests on: fewer (a single Dutch row among
	// fifty English ones) say more about those rows than about how the
	// language renders the query, and give noise. With a term needing two
	// of them, three is the fewest where a term can be missing from one.
	MinRenderingRows = 3
	// minRenderedTermRows is the fewest of those rows a term must be in.
	minRenderedTermRows = 2
)

// Renderings returns, for each language of langs, the words of that
// language most strongly associated with the rows given, against the whole
// archive: how the aligned texts of the rows that match a query render it
// ("NATO" → "OTAN"). rows holds the matching rows' texts, each a map from
// language code to that row's text in it, best first; total(lang) is how
// many rows of the archive have text in lang. langs are the languages to
// render in: the query's own would render the query.
//
// The measure is Dunning's log-likelihood ratio G² (LogLikelihood), which
// weighs a term's counts as evidence: a word in 2 of the rows and nowhere
// else does not outrank one in 200 of them and a tenth of the archive, as
// it would by a ratio of frequencies, and unlike Dice it weighs a count
// against the size of the archive. A term is kept when the rows hold it
// more often than the archive does, in at least two of them; at most max
// terms are kept per language,
// strongest first. Words without two letters (numbers, single letters)
// are left out, and so are stop words, which the analyzer drops. Each term
// is shown as the rows write it most often, lower-cased unless written
// with capitals more often than not, a capital that starts a sentence not
// counted ("OTAN", "Russie", "dissuasion"). A language with text in fewer
// than MinRenderingRows (3) of the rows, or no term kept, has no
// Rendering; a Rendering's Rows says how many rows it rests on.
//
// The cost is bounded: the first 1000 rows are read, and in each language
// the 48 terms held by most of them are looked up in the term dictionary.
// Only words: the dictionary counts a term's rows, but it would take a
// phrase search per candidate to count a phrase's. Renderings analyses
// the texts it is given; a search reads the terms ingest stored with its
// rows instead (index.TermsField), which give the same tokens.
func (s *Engine) Renderings(ctx context.Context, rows []map[string]string, langs []string, total func(lang string) int, max int) ([]search.Rendering, error) {
	x := s.x
	if max <= 0 {
		return nil, nil
	}
	rd, err := openReaders(x)
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return rd.renderings(ctx, rows, nil, langs, total, max)
}

// renderings is Renderings on a search's own readers, whose term
// dictionaries give the archive's counts. terms, if not nil, holds each
// row's terms as the index stores them (TermsField), read instead of
// analysing the row's texts; a row's language without them is analysed.
func (rd *readers) renderings(ctx context.Context, rows, terms []map[string]string, langs []string, total func(lang string) int, max int) ([]search.Rendering, error) {
	if max <= 0 {
		return nil, nil
	}
	if len(rows) > maxRenderingRows {
		rows = rows[:maxRenderingRows]
	}
	var out []search.Rendering
	done := make(map[string]bool, len(langs))
	for _, lang := range langs {
		if done[lang] {
			continue
		}
		done[lang] = true
		rendered, n, err := rd.renderingsIn(ctx, rows, terms, lang, total, max)
		if err != nil {
			return nil, err
		}
		if len(rendered) > 0 {
			out = append(out, search.Rendering{Lang: lang, Terms: rendered, Rows: n})
		}
	}
	return out, nil
}

// renderingsIn returns the terms of one language's Rendering, and how many
// rows have text in the language.
//
// The terms are counted in two passes: the first counts each term's rows,
// the second reads the written forms (surface) of the candidates alone,
// strongest first, until maxRenderingLookups of them have a form of two
// letters: the same candidates as reading every term's forms, for a
// fraction of the work (forms were two fifths of the time of a rendering).
func (rd *readers) renderingsIn(ctx context.Context, rows, stored []map[string]string, lang string, total func(string) int, limit int) ([]search.RenderedTerm, int, error) {
	x := rd.x
	var texts, encoded []string
	for i, r := range rows {
		if t := r[lang]; strings.TrimSpace(t) != "" {
			texts = append(texts, t)
			if i < len(stored) {
				encoded = append(encoded, stored[i][lang])
			} else {
				encoded = append(encoded, "")
			}
		}
	}
	N := len(texts)
	if N < MinRenderingRows {
		return nil, N, nil
	}
	an := x.Analyzer(lang)
	if an == nil {
		return nil, N, fmt.Errorf("renderings in %s: the index has no analyzer %s: rebuild it with this version of the archive", lang, index.AnalyzerName(lang))
	}
	streams, err := rowStreams(ctx, an, texts, encoded)
	if err != nil {
		return nil, N, err
	}
	// Pass 1: how many rows hold each term.
	stats := map[string]*termStats{}
	for i, toks := range streams {
		for _, tok := range toks {
			s := stats[tok.Term]
			if s == nil {
				s = &termStats{lastRow: -1}
				stats[tok.Term] = s
			}
			if s.lastRow != i {
				s.lastRow = i
				s.rows++
			}
		}
	}
	type candidate struct {
		term, text string
		rows       int
	}
	var order []candidate
	for term, s := range stats {
		if s.rows >= minRenderedTermRows {
			order = append(order, candidate{term: term, rows: s.rows})
		}
	}
	sort.Slice(order, func(i, j int) bool {
		if order[i].rows != order[j].rows {
			return order[i].rows > order[j].rows
		}
		return order[i].term < order[j].term
	})
	// Pass 2: the written forms of the next candidates, in turn, until
	// enough are words.
	var cands []candidate
	for next := 0; next < len(order) && len(cands) < maxRenderingLookups; {
		batch := order[next:min(len(order), next+maxRenderingLookups-len(cands)+renderingFormSlack)]
		next += len(batch)
		for _, c := range batch {
			stats[c.term].forms = map[string]*formStats{}
		}
		for i, toks := range streams {
			countForms(toks, texts[i], stats)
		}
		for _, c := range batch {
			if len(cands) == maxRenderingLookups {
				break
			}
			c.text = stats[c.term].surface(c.term)
			if letterCount(c.text) < 2 {
				continue
			}
			cands = append(cands, c)
		}
		for _, c := range batch {
			stats[c.term].forms = nil
		}
	}

	field := index.TextField(lang)
	T := total(lang)
	var terms []search.RenderedTerm
	for _, c := range cands {
		if err := ctx.Err(); err != nil {
			return nil, N, err
		}
		docs, err := rd.termDocs(field, c.term)
		if err != nil {
			return nil, N, fmt.Errorf("renderings in %s: %w", lang, err)
		}
		a := c.rows
		// The rows are part of the archive: an archive count below the
		// rows' (shards counted apart, an index swapped since the search)
		// is taken as the rows' own, and the archive as at least as large
		// as the table needs.
		n := a
		if docs > uint64(a) {
			n = int(min(docs, math.MaxInt32))
		}
		t := max(T, N+n-a)
		if int64(a)*int64(t) <= int64(n)*int64(N) {
			continue // not over-represented in the rows
		}
		terms = append(terms, search.RenderedTerm{Text: c.text, Rows: a, Archive: n, Score: LogLikelihood(a, N, n, t)})
	}
	sort.SliceStable(terms, func(i, j int) bool {
		if terms[i].Score != terms[j].Score {
			return terms[i].Score > terms[j].Score
		}
		if terms[i].Rows != terms[j].Rows {
			return terms[i].Rows > terms[j].Rows
		}
		return terms[i].Text < terms[j].Text
	})
	if len(terms) > limit {
		terms = terms[:limit]
	}
	return terms, N, nil
}

// rowStreams returns the tokens of each text: decoded from its stored
// terms (encoded, as encodeRowTerms writes them), else analysed.
func rowStreams(ctx context.Context, an analysis.Analyzer, texts, encoded []string) ([][]index.Token, error) {
	out := make([][]index.Token, len(texts))
	var missing []int
	for i, enc := range encoded {
		if enc == "" {
			missing = append(missing, i)
			continue
		}
		toks, err := index.DecodeRowTerms(enc, texts[i])
		if err != nil {
			missing = append(missing, i)
			continue
		}
		out[i] = toks
	}
	if len(missing) == 0 {
		return out, nil
	}
	rest := make([]string, len(missing))
	for j, i := range missing {
		rest[j] = texts[i]
	}
	analysed, err := index.AnalyseAll(ctx, an, rest)
	if err != nil {
		return nil, err
	}
	for j, i := range missing {
		out[i] = analysed[j]
	}
	return out, nil
}

// renderingFormSlack is how many candidates past those still needed have
// their forms read in one pass: a few are numbers or single letters.
const renderingFormSlack = 16

// LogLikelihood returns Dunning's log-likelihood ratio G² (Dunning 1993,
// "Accurate methods for the statistics of surprise and coincidence") of a
// term held by a of N selected rows and by n of the T rows of the whole
// archive, the selected ones included: the 2×2 table
//
//	a       N−a
//	n−a     T−N−(n−a)
//
// G² is 0 when the term is as frequent in the selection as outside it and
// grows with the evidence that it is not, in either direction. A table
// with a negative cell has no meaning: LogLikelihood returns 0 for it.
func LogLikelihood(a, N, n, T int) float64 {
	k11, k12 := float64(a), float64(N-a)
	k21, k22 := float64(n-a), float64(T-N-(n-a))
	if k11 < 0 || k12 < 0 || k21 < 0 || k22 < 0 {
		return 0
	}
	// G² = 2 Σ k·ln(k·T / (row·col)), written with x·ln x terms.
	g := xlnx(k11) + xlnx(k12) + xlnx(k21) + xlnx(k22) -
		xlnx(k11+k12) - xlnx(k21+k22) - xlnx(k11+k21) - xlnx(k12+k22) +
		xlnx(k11+k12+k21+k22)
	return math.Max(0, 2*g) // rounding can leave a tiny negative for 0
}

// xlnx is x·ln x, with 0·ln 0 = 0.
func xlnx(x float64) float64 {
	if x <= 0 {
		return 0
	}
	return x * math.Log(x)
}

// termStats is what the rows tell of one index term: how many rows hold
// it, and how they write it.
type termStats struct {
	rows int
	// lastRow is the last row counted, so that a row counts once.
	lastRow int
	// forms maps a written form, lower-cased, to how it is written; nil
	// but while the term is a candidate whose forms are read.
	forms map[string]*formStats
}

// formStats counts one lower-cased written form of a term.
type formStats struct {
	count int
	// lower and capital count the times it is written in lower case and
	// with capitals; a capital that only starts a sentence counts for
	// neither.
	lower, capital int
	// capitals counts each way of writing it with capitals ("OTAN", "Otan").
	capitals map[string]int
}

// countForms adds the written forms of one row's tokens to the terms of
// stats whose forms are being read (forms set).
func countForms(tokens []index.Token, text string, stats map[string]*termStats) {
	for _, tok := range tokens {
		s := stats[tok.Term]
		if s == nil || s.forms == nil {
			continue
		}
		form, start, ok := writtenForm(text, tok.Term, tok.Start, tok.End)
		if !ok {
			continue
		}
		key := strings.ToLower(form)
		f := s.forms[key]
		if f == nil {
			f = &formStats{}
			s.forms[key] = f
		}
		f.count++
		switch {
		case form == key:
			f.lower++
		case hasInnerCapital(form) || !startsSentence(text, start):
			f.capital++
			if f.capitals == nil {
				f.capitals = map[string]int{}
			}
			f.capitals[form]++
		}
	}
}

// surface returns the form the rows write a term in most often: lower-cased,
// unless written with capitals more often than without ("OTAN", "Russie").
// A term whose written form could not be told is shown as the term.
func (s *termStats) surface(term string) string {
	best, bestN := "", 0
	for k, f := range s.forms {
		if f.count > bestN || (f.count == bestN && k < best) {
			best, bestN = k, f.count
		}
	}
	if best == "" {
		return term
	}
	f := s.forms[best]
	if f.capital <= f.lower {
		return best
	}
	capital, capitalN := "", 0
	for k, n := range f.capitals {
		if n > capitalN || (n == capitalN && k < capital) {
			capital, capitalN = k, n
		}
	}
	return capital
}

// formFolder folds accents as the index's analyzers do, to compare written
// forms with terms.
var formFolder = asciifolding.New()

// writtenForm returns the word of text a token of term, at bytes
// tokStart to tokEnd, was analysed from, and where it
// starts. An elided article or a possessive is cut ("l’OTAN" → "OTAN",
// "NATO’s" → "NATO"): of the parts between apostrophes, the one closest to
// the term. ok is false when the token's offsets do not lead to a word
// like its term (a character filter that changed the text's length).
func writtenForm(text, term string, tokStart, tokEnd int) (form string, start int, ok bool) {
	if tokStart < 0 || tokEnd > len(text) || tokStart >= tokEnd {
		return "", 0, false
	}
	form, start = text[tokStart:tokEnd], tokStart
	if !utf8.ValidString(form) {
		return "", 0, false
	}
	if !hasApostrophe(term) && hasApostrophe(form) {
		best, bestStart, bestN := "", 0, -1
		off := 0
		for _, part := range strings.FieldsFunc(form, isApostrophe) {
			i := strings.Index(form[off:], part) + off
			off = i + len(part)
			if n := sharedPrefix(foldForm(part), term); n > bestN {
				best, bestStart, bestN = part, start+i, n
			}
		}
		form, start = best, bestStart
	}
	// Stemming keeps a word's first letter: a form that does not start
	// like its term was not read at the term's offsets.
	if form != "" && form[0] < utf8.RuneSelf {
		// Most words start with an ASCII letter, which folding leaves
		// as it is but for its case.
		if c := form[0]; term == "" || term[0] != byte(unicode.ToLower(rune(c))) {
			return "", 0, false
		}
		return form, start, true
	}
	r, _ := utf8.DecodeRuneInString(form)
	if sharedPrefix(foldForm(string(r)), term) == 0 {
		return "", 0, false
	}
	return form, start, true
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// hasApostrophe reports whether s holds an apostrophe (isApostrophe): a
// byte scan, where strings.ContainsAny's rune set was a tenth of a
// rendering's time.
func hasApostrophe(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'':
			return true
		case 0xE2: // ’ is E2 80 99
			if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x99 {
				return true
			}
		}
	}
	return false
}

// foldForm returns a written form lower-cased and without accents, as terms are.
func foldForm(s string) string { return string(formFolder.Filter([]byte(strings.ToLower(s)))) }

// sharedPrefix returns how many runes a and b start with alike.
func sharedPrefix(a, b string) int {
	n := 0
	for a != "" && b != "" {
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if ra != rb {
			break
		}
		n++
		a, b = a[sa:], b[sb:]
	}
	return n
}

// hasInnerCapital reports whether a word has a capital past its first
// letter ("OTAN", "UE"), which no sentence start explains.
func hasInnerCapital(s string) bool {
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// startsSentence reports whether the word at byte start of text begins the
// text or a sentence, where a capital says nothing of the word.
func startsSentence(text string, start int) bool {
	before := strings.TrimRightFunc(text[:start], func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("«»\"“”‘’'([", r)
	})
	if before == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(before)
	return strings.ContainsRune(".!?:;…", r)
}

// letterCount counts the letters of s.
func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
