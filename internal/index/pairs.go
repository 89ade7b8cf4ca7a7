package index

import (
	"fmt"
	"hash/fnv"
	"runtime"
	"sort"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/sync/errgroup"

	"statementarchive/internal/statement"
)

// Word pairs for phrases. Bleve answers a phrase by intersecting its
// words' postings and then reading the positions of every row that has
// them all: for two frequent words, most of the time of a search. So
// each language's text is indexed a second time, in a pairs field, as
// the pairs of adjacent words that are both frequent in the corpus
// (Williams, Zobel and Bahle's combined index, 2004: a phrase with a rare
// word is fast without help, and pairs of frequent words are a fraction of
// all pairs). A phrase then also requires its pairs of frequent words as
// terms of that field, with a boost of 0: the rare pair term leads Bleve's
// conjunction to the few rows worth a position check, and adds nothing to
// the score, so rankings stay what the phrase alone gives.
//
// Pairs are of analysed words (stemmed, folded), adjacent in position:
// a stop word between two words leaves a gap in positions and no pair,
// exactly as the phrase query counts it. A query whose analysis puts two
// words at one position gets no pair terms.

// pairAnalyzerType is the Bleve analyzer type of pairs fields; each index
// defines one analyzer of it per language, whose config holds the
// language and its frequent words.
const pairAnalyzerType = "archive_pairs"

// PairField returns the name of a language's pairs field, e.g. "pairs_fr".
func PairField(lang string) string { return "pairs_" + lang }

func pairAnalyzerName(lang string) string { return pairAnalyzerType + "_" + lang }

// Frequent words: those in at least pairMinShare of a language's sampled
// rows (and pairMinRows of them), at most pairMaxWords per language. The
// sample is about pairSampleStatements statements (20 rows each, typically), picked by a hash of
// their IDs so that it does not depend on the order files are read in.
const (
	pairMinShare         = 0.01
	pairMinRows          = 3
	pairMaxWords         = 4000
	pairSampleStatements = 300
)

func init() {
	err := registry.RegisterAnalyzer(pairAnalyzerType, func(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		lang, _ := config["lang"].(string)
		words := map[string]bool{}
		switch ws := config["words"].(type) {
		case []string:
			for _, w := range ws {
				words[w] = true
			}
		case []interface{}: // as read back from the index's JSON
			for _, w := range ws {
				if s, ok := w.(string); ok {
					words[s] = true
				}
			}
		}
		base, err := cache.AnalyzerNamed(AnalyzerName(lang))
		if err != nil {
			return nil, err
		}
		def, ok := base.(*analysis.DefaultAnalyzer)
		if !ok {
			return nil, fmt.Errorf("analyzer %s: unexpected form %T", AnalyzerName(lang), base)
		}
		filters := append(append([]analysis.TokenFilter{}, def.TokenFilters...), pairFilter{words})
		return &analysis.DefaultAnalyzer{CharFilters: def.CharFilters, Tokenizer: def.Tokenizer, TokenFilters: filters}, nil
	})
	if err != nil {
		panic(err)
	}
}

// pairFilter turns a token stream into its pairs of frequent words at
// adjacent positions, each as one term "first second".
type pairFilter struct{ words map[string]bool }

// JoinsTokens reports that the filter makes one token of two: what
// tells a query engine to analyse a text whole rather than word by word.
func (pairFilter) JoinsTokens() bool { return true }

func (f pairFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	for i, a := range input {
		if !f.words[string(a.Term)] {
			continue
		}
		for _, b := range input[i+1:] {
			if b.Position > a.Position+1 {
				break
			}
			if b.Position != a.Position+1 || !f.words[string(b.Term)] {
				continue
			}
			term := make([]byte, 0, len(a.Term)+1+len(b.Term))
			term = append(append(append(term, a.Term...), ' '), b.Term...)
			out = append(out, &analysis.Token{Term: term, Start: a.Start, End: b.End, Position: len(out) + 1, Type: analysis.AlphaNumeric})
		}
	}
	return out
}

// pairSample keeps the statements whose words decide the frequent ones.
type pairSample struct {
	every uint32
	sts   []*statement.Statement
}

func newPairSample(sources int) *pairSample {
	return &pairSample{every: uint32(max(1, sources/pairSampleStatements))}
}

// add keeps st when its ID falls in the sample.
func (p *pairSample) add(st *statement.Statement) {
	h := fnv.New32a()
	h.Write([]byte(st.ID))
	if h.Sum32()%p.every == 0 {
		p.sts = append(p.sts, st)
	}
}

// frequentWords returns, per language, the analysed words of the sample
// that are frequent enough to pair, most frequent first.
func (p *pairSample) frequentWords(m mapping.IndexMapping, langs []string) map[string][]string {
	out := map[string][]string{}
	for _, lang := range langs {
		a := m.AnalyzerNamed(AnalyzerName(lang))
		if a == nil {
			continue
		}
		// Analysed on every core: the sample is a few thousand rows.
		dfs := make([]map[string]int, len(p.sts))
		counts := make([]int, len(p.sts))
		var g errgroup.Group
		g.SetLimit(runtime.GOMAXPROCS(0))
		for i, st := range p.sts {
			g.Go(func() error {
				df := map[string]int{}
				for _, para := range st.Paragraphs {
					text, ok := para.Text[lang]
					if !ok {
						continue
					}
					counts[i]++
					seen := map[string]bool{}
					for _, t := range a.Analyze([]byte(text)) {
						if w := string(t.Term); !seen[w] {
							seen[w] = true
							df[w]++
						}
					}
				}
				dfs[i] = df
				return nil
			})
		}
		g.Wait()
		df := map[string]int{}
		rows := 0
		for i := range dfs {
			rows += counts[i]
			for w, n := range dfs[i] {
				df[w] += n
			}
		}
		min := max(pairMinRows, int(float64(rows)*pairMinShare+0.5))
		var words []string
		for w, n := range df {
			if n >= min {
				words = append(words, w)
			}
		}
		sort.Slice(words, func(i, j int) bool {
			if df[words[i]] != df[words[j]] {
				return df[words[i]] > df[words[j]]
			}
			return words[i] < words[j]
		})
		if len(words) > pairMaxWords {
			words = words[:pairMaxWords]
		}
		if len(words) > 0 {
			sort.Strings(words)
			out[lang] = words
		}
	}
	return out
}
