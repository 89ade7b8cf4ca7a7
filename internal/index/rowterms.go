package index

import (
	"encoding/binary"
	"errors"

	"github.com/blevesearch/bleve/v2/analysis"
)

// A row's terms are stored beside its texts: for each language, the
// tokens its analyzer makes of the row's text (the term and the bytes of
// the text it was read from), written at ingest into the row's terms
// field (TermsField), stored and not indexed. The renderings read them
// with the rows' texts instead of analysing fifty texts per language at
// every search: the analysis was two thirds of a rendering's time.
//
// The encoding (encodeRowTerms) is the row's distinct terms once, in the
// order they first occur, then each token as the index of its term and
// its offsets as differences: a third of the size of writing each
// token's term.

// TermsField returns the name of the stored field of a row's analysed
// terms in a language, e.g. "terms_fr".
func TermsField(lang string) string { return "terms_" + lang }

// encodeRowTerms writes a row's tokens in one language, as decodeRowTerms
// reads them.
//
//	uvarint count of distinct terms
//	each distinct term: uvarint length, bytes
//	each token: uvarint term index, varint start − previous start, varint end − start
func encodeRowTerms(tokens []rowToken) string {
	index := make(map[string]int, len(tokens))
	var terms []string
	for _, t := range tokens {
		if _, ok := index[t.term]; !ok {
			index[t.term] = len(terms)
			terms = append(terms, t.term)
		}
	}
	size := binary.MaxVarintLen32
	for _, t := range terms {
		size += len(t) + 2
	}
	buf := make([]byte, 0, size+len(tokens)*4)
	buf = binary.AppendUvarint(buf, uint64(len(terms)))
	for _, t := range terms {
		buf = binary.AppendUvarint(buf, uint64(len(t)))
		buf = append(buf, t...)
	}
	prev := 0
	for _, t := range tokens {
		buf = binary.AppendUvarint(buf, uint64(index[t.term]))
		buf = binary.AppendVarint(buf, int64(t.start-prev))
		buf = binary.AppendVarint(buf, int64(t.end-t.start))
		prev = t.start
	}
	return string(buf)
}

// errRowTerms is what decodeRowTerms says of bytes encodeRowTerms did not
// write.
var errRowTerms = errors.New("malformed row terms")

// maxRowTermOffset bounds the offsets decodeRowTerms accepts: no stored
// text is longer, and it keeps the offsets' sums from overflowing.
const maxRowTermOffset = 1 << 40

// decodeRowTerms reads the tokens encodeRowTerms wrote. The terms share
// one string, the distinct terms' bytes: a row's tokens cost two
// allocations.
func decodeRowTerms(enc string) ([]rowToken, error) {
	b := []byte(enc)
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, errRowTerms
	}
	b = b[k:]
	// The terms' bytes, then their bounds in them.
	bounds := make([]int, 0, n+1)
	var all []byte
	for range n {
		l, k := binary.Uvarint(b)
		if k <= 0 || l > uint64(len(b)-k) {
			return nil, errRowTerms
		}
		bounds = append(bounds, len(all))
		all = append(all, b[k:k+int(l)]...)
		b = b[k+int(l):]
	}
	bounds = append(bounds, len(all))
	joined := string(all)
	var out []rowToken
	if len(b) > 0 {
		out = make([]rowToken, 0, len(b)/3)
	}
	prev := int64(0)
	for len(b) > 0 {
		i, k1 := binary.Uvarint(b)
		if k1 <= 0 || i >= n {
			return nil, errRowTerms
		}
		b = b[k1:]
		ds, k2 := binary.Varint(b)
		if k2 <= 0 {
			return nil, errRowTerms
		}
		b = b[k2:]
		dl, k3 := binary.Varint(b)
		if k3 <= 0 {
			return nil, errRowTerms
		}
		b = b[k3:]
		start := prev + ds
		if ds < -maxRowTermOffset || ds > maxRowTermOffset || start < -maxRowTermOffset || start > maxRowTermOffset ||
			dl < -maxRowTermOffset || dl > maxRowTermOffset {
			return nil, errRowTerms
		}
		prev = start
		out = append(out, rowToken{term: joined[bounds[i]:bounds[i+1]], start: int(start), end: int(start + dl)})
	}
	return out, nil
}

// rowAnalyser analyses rows' texts at ingest, each distinct word filtered
// once while its memo lasts (as analyseAll does at a search): one per shard
// writer, not for concurrent use.
type rowAnalyser struct {
	an analysis.Analyzer
	// def is the analyzer when its filters each read one token alone,
	// nil when every text is analysed whole.
	def  *analysis.DefaultAnalyzer
	memo *filterMemo
	// maxMemo bounds the memo's words, so that ingest memory does not
	// grow with the archive's vocabulary: past it the memo starts again.
	maxMemo int
}

// maxRowAnalyserMemo is how many distinct words a rowAnalyser remembers
// the filtered term of: a few megabytes, most of a language's words.
const maxRowAnalyserMemo = 1 << 16

func newRowAnalyser(an analysis.Analyzer) *rowAnalyser {
	ra := &rowAnalyser{an: an, maxMemo: maxRowAnalyserMemo}
	if def, ok := an.(*analysis.DefaultAnalyzer); ok && perTokenFilters(def.TokenFilters) {
		ra.def = def
		ra.memo = newFilterMemo(def.TokenFilters)
	}
	return ra
}

// tokens returns the tokens of text with a term, as the analyzer makes them.
func (ra *rowAnalyser) tokens(text string) []rowToken {
	if ra.def != nil {
		input := []byte(text)
		for _, cf := range ra.def.CharFilters {
			input = cf.Filter(input)
		}
		if len(ra.memo.memo) > ra.maxMemo {
			clear(ra.memo.memo)
		}
		if row, ok := ra.memo.filter(ra.def.Tokenizer.Tokenize(input)); ok {
			return row
		}
	}
	return wholeTokens(ra.an, text)
}

// wholeTokens analyses text with the whole analyzer.
func wholeTokens(an analysis.Analyzer, text string) []rowToken {
	toks := an.Analyze([]byte(text))
	row := make([]rowToken, 0, len(toks))
	for _, t := range toks {
		if len(t.Term) > 0 {
			row = append(row, rowToken{term: string(t.Term), start: t.Start, end: t.End})
		}
	}
	return row
}
