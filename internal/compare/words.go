// Package compare says what changed between texts of the archive: the rows
// of two statements matched by their words rather than their numbers and
// classed (Statements), the rows of other statements worded like one row
// (Rank, over candidates the index finds), and the word-level diff both
// show (Diff, Apply). It imports neither the index nor HTTP: the server
// reads the statements and candidates and hands them here.
package compare

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/pl"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"

	"statementarchive/internal/statement"
)

// Words returns the words of a row's text as compared: runs of letters,
// digits and combining marks, lower-cased, with footnote marks ([^3]) left
// out. Punctuation and spacing are not words, so "peace, and" and
// "peace and" have the same words; the diff shown still has them.
func Words(text string) []string {
	text = statement.PlainText(text)
	var out []string
	start := -1
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, strings.ToLower(text[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(text[start:]))
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// stopLists are the languages whose function words the summary's word
// counts leave out: Snowball's lists, as Bleve ships them. A language
// without one has only its short words (under MinCountedRunes) left out.
var stopLists = map[string][]byte{
	"de": de.GermanStopWords, "en": en.EnglishStopWords, "es": es.SpanishStopWords,
	"fr": fr.FrenchStopWords, "it": it.ItalianStopWords, "nl": nl.DutchStopWords,
	"pl": pl.PolishStopWords, "pt": pt.PortugueseStopWords, "ru": ru.RussianStopWords,
}

var (
	stopOnce sync.Once
	stops    map[string]map[string]bool
)

// isStop reports whether word is a function word of lang.
func isStop(lang, word string) bool {
	stopOnce.Do(func() {
		stops = make(map[string]map[string]bool, len(stopLists))
		for l, list := range stopLists {
			set := map[string]bool{}
			for _, line := range bytes.Split(list, []byte("\n")) {
				if i := bytes.IndexByte(line, '|'); i >= 0 {
					line = line[:i]
				}
				for _, w := range strings.Fields(string(line)) {
					set[strings.ToLower(w)] = true
				}
			}
			stops[l] = set
		}
	})
	return stops[lang][word]
}

// MinCountedRunes is the shortest word the summary counts: three letters
// keep "EU", "UN" and "G7" out, which is the price of leaving out the
// short function words of languages without a stop list.
const MinCountedRunes = 3

// counted reports whether the summary counts a word of lang.
func counted(lang, word string) bool {
	if utf8.RuneCountInString(word) < MinCountedRunes || isStop(lang, word) {
		return false
	}
	for _, r := range word {
		if !unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
