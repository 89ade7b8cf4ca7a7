package index

import (
	"context"
	"reflect"
	"runtime"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"golang.org/x/sync/errgroup"
)

// Token is one term of an analysed text and the bytes of the text it
// was read from.
type Token struct {
	Term       string
	Start, End int
}

// AnalyseAll analyses texts with an, on every core, and returns each
// text's tokens. An analyzer whose token filters each read one token
// alone (every language's but those that join tokens: CJK bigrams) runs
// its filters once per distinct word of all the texts rather than once
// per occurrence: the stemmer was most of a rendering's analysis, and
// fifty rows of one language repeat their words many times.
func AnalyseAll(ctx context.Context, an analysis.Analyzer, texts []string) ([][]Token, error) {
	out := make([][]Token, len(texts))
	def, ok := an.(*analysis.DefaultAnalyzer)
	if !ok || !perTokenFilters(def.TokenFilters) {
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(runtime.GOMAXPROCS(0))
		for i, text := range texts {
			g.Go(func() error {
				if err := gctx.Err(); err != nil {
					return err
				}
				out[i] = WholeTokens(an, text)
				return nil
			})
		}
		return out, g.Wait()
	}
	// Tokenized on every core; the filters run once per distinct token.
	raw := make([]analysis.TokenStream, len(texts))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, text := range texts {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			input := []byte(text)
			for _, cf := range def.CharFilters {
				input = cf.Filter(input)
			}
			raw[i] = def.Tokenizer.Tokenize(input)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	memo := newFilterMemo(def.TokenFilters)
	for i, toks := range raw {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		row, ok := memo.filter(toks)
		if !ok {
			// A filter that makes tokens of one: analyse the texts
			// whole (no filter of the archive does).
			return analyseWhole(ctx, an, texts)
		}
		out[i] = row
	}
	return out, nil
}

// filterMemo runs per-token filters once per distinct token, and
// remembers what they made of it.
type filterMemo struct {
	filters []analysis.TokenFilter
	memo    map[tokenKey]filtered
	one     analysis.TokenStream
}

// filtered is what the filters made of one token: its term, and whether
// it is kept (a stop word is not).
type filtered struct {
	term string
	keep bool
}

func newFilterMemo(filters []analysis.TokenFilter) *filterMemo {
	return &filterMemo{filters: filters, memo: map[tokenKey]filtered{}, one: make(analysis.TokenStream, 1)}
}

// filter returns the tokens of a text's tokenizer output that the
// filters keep, with their terms. ok is false if a filter made several
// tokens of one: the text must then be analysed whole.
func (m *filterMemo) filter(toks analysis.TokenStream) (row []Token, ok bool) {
	row = make([]Token, 0, len(toks))
	for _, t := range toks {
		key := tokenKey{typ: t.Type, keyword: t.KeyWord, term: string(t.Term)}
		f, ok := m.memo[key]
		if !ok {
			tok := *t
			tok.Term = []byte(key.term)
			m.one = m.one[:1]
			m.one[0] = &tok
			stream := m.one
			for _, tf := range m.filters {
				stream = tf.Filter(stream)
			}
			switch len(stream) {
			case 0:
			case 1:
				f = filtered{term: string(stream[0].Term), keep: len(stream[0].Term) > 0}
			default:
				return nil, false
			}
			m.memo[key] = f
		}
		if f.keep {
			row = append(row, Token{Term: f.term, Start: t.Start, End: t.End})
		}
	}
	return row, true
}

// analyseWhole analyses every text with the whole analyzer, in turn.
func analyseWhole(ctx context.Context, an analysis.Analyzer, texts []string) ([][]Token, error) {
	out := make([][]Token, len(texts))
	for i, text := range texts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out[i] = WholeTokens(an, text)
	}
	return out, nil
}

// tokenKey is what a per-token filter reads of a token.
type tokenKey struct {
	typ     analysis.TokenType
	keyword bool
	term    string
}

// perTokenFilters reports whether each filter reads one token alone,
// whatever comes before or after it: every filter but those of packages
// that join or split tokens, or drop repeated ones.
func perTokenFilters(filters []analysis.TokenFilter) bool {
	for _, f := range filters {
		t := reflect.TypeOf(f)
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		pkg := t.PkgPath()
		for _, joins := range []string{"/lang/cjk", "/token/shingle", "/token/ngram", "/token/edgengram", "/token/unique", "/token/camelcase", "/token/compound", "/token/reverse", "/token/keyword"} {
			if strings.HasSuffix(pkg, joins) {
				return false
			}
		}
		if j, ok := f.(interface{ JoinsTokens() bool }); ok && j.JoinsTokens() {
			return false // the index's word pairs
		}
	}
	return true
}
