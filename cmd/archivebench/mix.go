package main

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"

	"statementarchive/internal/statement"
)

// mixQuery is one query of the mix, in the archive's syntax and in FTS5's.
type mixQuery struct {
	class string
	text  string // the archive's syntax
	fts   string // FTS5 MATCH syntax
	lang  string // the language filter, or ""
}

// buildMix picks perClass queries for each class from word and bigram
// frequencies in a sample of the corpus. Words the English analyzer drops
// (stop words) are skipped: the archive would find nothing for them.
func buildMix(sample []*statement.Statement, lang string, analyzer analysis.Analyzer, perClass int) ([]mixQuery, error) {
	words := map[string]int{}
	bigrams := map[string]int{}
	for _, st := range sample {
		for _, p := range st.Paragraphs {
			toks := tokens(p.Text[lang])
			for i, w := range toks {
				words[w]++
				if i > 0 {
					bigrams[toks[i-1]+" "+w]++
				}
			}
		}
	}
	content := func(w string) bool { return len(w) > 3 && len(analyzer.Analyze([]byte(w))) == 1 }
	var ranked []string
	for w := range words {
		if content(w) {
			ranked = append(ranked, w)
		}
	}
	sort.Slice(ranked, func(i, j int) bool {
		if words[ranked[i]] != words[ranked[j]] {
			return words[ranked[i]] > words[ranked[j]]
		}
		return ranked[i] < ranked[j]
	})
	if len(ranked) < 40*perClass {
		return nil, fmt.Errorf("the sample has only %d distinct content words; generate a larger corpus", len(ranked))
	}
	var mix []mixQuery
	add := func(class, text, fts string) {
		mix = append(mix, mixQuery{class: class, text: text, fts: fts})
	}
	for _, w := range ranked[:perClass] {
		add("common", w, quote(w))
	}
	for i := 0; i < perClass; i++ {
		w := ranked[len(ranked)/40+i*len(ranked)/(40*perClass)]
		add("mid", w, quote(w))
	}
	// Rare: seen a few times in the sample.
	var rare []string
	for _, w := range ranked {
		if n := words[w]; n >= 2 && n <= 5 {
			rare = append(rare, w)
		}
	}
	if len(rare) < perClass {
		return nil, fmt.Errorf("only %d rare words in the sample", len(rare))
	}
	for i := 0; i < perClass; i++ {
		w := rare[i*len(rare)/perClass]
		add("rare", w, quote(w))
	}
	var pairs []string
	for b := range bigrams {
		a, c, _ := strings.Cut(b, " ")
		if content(a) && content(c) && a != c {
			pairs = append(pairs, b)
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if bigrams[pairs[i]] != bigrams[pairs[j]] {
			return bigrams[pairs[i]] > bigrams[pairs[j]]
		}
		return pairs[i] < pairs[j]
	})
	if len(pairs) < perClass {
		return nil, fmt.Errorf("only %d two-word phrases in the sample", len(pairs))
	}
	for _, b := range pairs[:perClass] {
		add("phrase", `"`+b+`"`, `"`+b+`"`)
	}
	for i := 0; i < perClass; i++ {
		a := ranked[len(ranked)/80+i]
		c := ranked[len(ranked)/60+2*i]
		add("and", "+"+a+" +"+c, quote(a)+" AND "+quote(c))
	}
	var filtered []mixQuery
	for _, q := range mix {
		q.class += "/" + lang
		q.lang = lang
		filtered = append(filtered, q)
	}
	return append(mix, filtered...), nil
}

func quote(w string) string { return `"` + w + `"` }

// tokens splits text into lower-case words of letters.
func tokens(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) })
}
