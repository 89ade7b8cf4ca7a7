package index

import (
	"encoding/binary"
	"errors"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// A row's terms are stored beside its texts: for each language, the
// tokens its analyzer makes of the row's text (the term and the bytes of
// the text it was read from), written at ingest into the row's terms
// field (TermsField), stored and not indexed. The renderings read them
// with the rows' texts instead of analysing fifty texts per language at
// every search: the analysis was two thirds of a rendering's time.
//
// The encoding (encodeRowTerms) writes each token as the index of its
// term and its offsets as differences, and a term at its first token
// only, as the bytes it shares with the token's text lower-cased and the
// rest: a stemmed term is mostly its word's first letters ("allianc" of
// "Alliance"), which the row's text holds already.

// TermsField returns the name of the stored field of a row's analysed
// terms in a language, e.g. "terms_fr".
func TermsField(lang string) string { return "terms_" + lang }

// rowTermsVersion is the first byte of a row's terms, the encoding's
// version: an empty field is no encoding.
const rowTermsVersion = 1

// encodeRowTerms writes the tokens of text in one language, as
// DecodeRowTerms reads them:
//
//	byte rowTermsVersion
//	each token: uvarint term index (a new term: the count of terms before it)
//	            varint start − previous token's start, varint end − start
//	            a new term then: uvarint shared, uvarint rest's length, rest
//
// where the new term is the first shared bytes of text from the token's
// start, ASCII, lower-cased, then rest.
func encodeRowTerms(text string, tokens []Token) string {
	index := make(map[string]int, len(tokens))
	buf := make([]byte, 1, 1+len(tokens)*5)
	buf[0] = rowTermsVersion
	prev := 0
	for _, t := range tokens {
		i, seen := index[t.Term]
		if !seen {
			i = len(index)
			index[t.Term] = i
		}
		buf = binary.AppendUvarint(buf, uint64(i))
		buf = binary.AppendVarint(buf, int64(t.Start-prev))
		buf = binary.AppendVarint(buf, int64(t.End-t.Start))
		prev = t.Start
		if !seen {
			shared := 0
			for t.Start >= 0 && shared < len(t.Term) && t.Start+shared < len(text) {
				c := text[t.Start+shared]
				if c >= utf8.RuneSelf || lowerASCII(c) != t.Term[shared] {
					break
				}
				shared++
			}
			buf = binary.AppendUvarint(buf, uint64(shared))
			buf = binary.AppendUvarint(buf, uint64(len(t.Term)-shared))
			buf = append(buf, t.Term[shared:]...)
		}
	}
	return string(buf)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// errRowTerms is what decodeRowTerms says of bytes encodeRowTerms did not
// write for the text.
var errRowTerms = errors.New("malformed row terms")

// maxRowTermOffset bounds the offsets decodeRowTerms accepts: no stored
// text is longer, and it keeps the offsets' sums from overflowing.
const maxRowTermOffset = 1 << 40

// DecodeRowTerms reads the tokens encodeRowTerms wrote of text. The terms
// share one string: a row's tokens cost two allocations and a few
// slices.
func DecodeRowTerms(enc, text string) ([]Token, error) {
	if len(enc) == 0 || enc[0] != rowTermsVersion {
		return nil, errRowTerms
	}
	b := []byte(enc[1:])
	var out []Token
	if len(b) > 0 {
		out = make([]Token, 0, len(b)/3)
	}
	// The terms' bytes, and where each term ends in them; a token's term
	// is its index until the bytes are one string.
	var all []byte
	var ends []int
	index := make([]int, 0, len(b)/3)
	prev := int64(0)
	for len(b) > 0 {
		i, k1 := binary.Uvarint(b)
		if k1 <= 0 || i > uint64(len(ends)) {
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
		if ds < -maxRowTermOffset || ds > maxRowTermOffset || dl < -maxRowTermOffset || dl > maxRowTermOffset {
			return nil, errRowTerms
		}
		start := prev + ds
		if start < -maxRowTermOffset || start > maxRowTermOffset {
			return nil, errRowTerms
		}
		prev = start
		if i == uint64(len(ends)) {
			shared, k4 := binary.Uvarint(b)
			if k4 <= 0 || shared > 0 && (start < 0 || shared > uint64(len(text)) || start+int64(shared) > int64(len(text))) {
				return nil, errRowTerms
			}
			b = b[k4:]
			rest, k5 := binary.Uvarint(b)
			if k5 <= 0 || rest > uint64(len(b)-k5) {
				return nil, errRowTerms
			}
			for j := range int64(shared) {
				c := text[start+j]
				if c >= utf8.RuneSelf {
					return nil, errRowTerms
				}
				all = append(all, lowerASCII(c))
			}
			all = append(all, b[k5:k5+int(rest)]...)
			b = b[k5+int(rest):]
			ends = append(ends, len(all))
		}
		index = append(index, int(i))
		out = append(out, Token{Start: int(start), End: int(start + dl)})
	}
	joined := string(all)
	for j, i := range index {
		from := 0
		if i > 0 {
			from = ends[i-1]
		}
		out[j].Term = joined[from:ends[i]]
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
// the filtered term of: the words that make most of a text, in about
// 1.3 MB for each shard and language (65,536 words took 11 MB each, 44 MB
// for two shards of two languages, and up to 8 shards are written at once).
const maxRowAnalyserMemo = 1 << 13

func newRowAnalyser(an analysis.Analyzer) *rowAnalyser {
	ra := &rowAnalyser{an: an, maxMemo: maxRowAnalyserMemo}
	if def, ok := an.(*analysis.DefaultAnalyzer); ok && perTokenFilters(def.TokenFilters) {
		ra.def = def
		ra.memo = newFilterMemo(def.TokenFilters)
	}
	return ra
}

// tokens returns the tokens of text with a term, as the analyzer makes them.
func (ra *rowAnalyser) tokens(text string) []Token {
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
	return WholeTokens(ra.an, text)
}

// WholeTokens analyses text with the whole analyzer.
func WholeTokens(an analysis.Analyzer, text string) []Token {
	toks := an.Analyze([]byte(text))
	row := make([]Token, 0, len(toks))
	for _, t := range toks {
		if len(t.Term) > 0 {
			row = append(row, Token{Term: string(t.Term), Start: t.Start, End: t.End})
		}
	}
	return row
}
