package web

import (
	"fmt"
	"math"
	"net/url"
	"strconv"

	"statementarchive/internal/compare"
	"statementarchive/internal/statement"
	"statementarchive/internal/textdiff"
)

// ComparePage compares two statements in one language: a summary of what
// became of their rows and of the words whose count changed most, then
// every pair of rows side by side with its word diff.
type ComparePage struct {
	// A is the earlier statement (or the one compared from), B the other.
	A, B *statement.Statement
	// Lang is the language compared; Langs every language both have.
	Lang  string
	Langs []string
	// Threshold is the similarity, in percent, from which rows match.
	Threshold int
	// Word, if set, shows only the pairs where either row has this word.
	Word   string
	Result compare.Result
	// Previous is set when A was chosen as the previous statement of B's
	// issuer.
	Previous bool
}

// CompareChoicePage asks which statement to compare B with: the
// statements whose title, reference or identifier match what was typed.
type CompareChoicePage struct {
	B       *statement.Statement
	With    string
	Choices []*statement.Statement
	Error   string
}

// CompareValues are the query values of a comparison: a, b, lang and,
// where not the default, threshold and word.
func CompareValues(a, b, lang string, threshold int, word string) url.Values {
	v := url.Values{}
	v.Set("a", a)
	v.Set("b", b)
	if lang != "" {
		v.Set("lang", lang)
	}
	if threshold > 0 && threshold != DefaultCompareThreshold {
		v.Set("threshold", strconv.Itoa(threshold))
	}
	if word != "" {
		v.Set("word", word)
	}
	return v
}

// DefaultCompareThreshold is compare.DefaultThreshold in percent.
const DefaultCompareThreshold = 50

// ComparePath returns the comparison page's address.
func ComparePath(a, b, lang string, threshold int, word string) string {
	return "/compare?" + CompareValues(a, b, lang, threshold, word).Encode()
}

// CompareCSVPath and CompareAPIPath are the comparison as CSV and JSON.
func CompareCSVPath(a, b, lang string, threshold int) string {
	return "/compare.csv?" + CompareValues(a, b, lang, threshold, "").Encode()
}

// CompareAPIPath is the comparison's JSON address.
func CompareAPIPath(a, b, lang string, threshold int) string {
	return "/api/compare?" + CompareValues(a, b, lang, threshold, "").Encode()
}

// ComparePreviousPath is the way in from a statement's reading view: its
// comparison with the previous statement of its issuer, which the page
// finds (or lets the reader choose another).
func ComparePreviousPath(id string) string { return "/compare?b=" + url.QueryEscape(id) }

// CompareWithPath lets the reader choose the statement to compare b with.
func CompareWithPath(b, with string) string {
	v := url.Values{}
	v.Set("b", b)
	v.Set("with", with)
	return "/compare?" + v.Encode()
}

// AlikeAPIPath is a row's worded-alike rows as JSON.
func AlikeAPIPath(id string, ref statement.Ref) string {
	return "/api" + ParagraphPath(id, ref) + "/alike"
}

// PhraseUsesPath lists the statements using a phrase, oldest first.
func PhraseUsesPath(phrase string) string {
	return "/alike?q=" + url.QueryEscape(`"`+phrase+`"`)
}

// StatusLabel says what became of a pair, for a reader.
func StatusLabel(s compare.Status) string {
	switch s {
	case compare.Same:
		return "unchanged"
	case compare.Changed:
		return "changed"
	case compare.Moved:
		return "moved"
	case compare.New:
		return "new"
	case compare.Dropped:
		return "dropped"
	}
	return string(s)
}

// ShownPairs are the pairs the page lists: all, or those where either
// row has the word chosen in the summary.
func ShownPairs(p ComparePage) []compare.Pair {
	if p.Word == "" {
		return p.Result.Pairs
	}
	var out []compare.Pair
	for _, pr := range p.Result.Pairs {
		if (pr.A != nil && hasWord(pr.A.Text, p.Word)) || (pr.B != nil && hasWord(pr.B.Text, p.Word)) {
			out = append(out, pr)
		}
	}
	return out
}

func hasWord(text, word string) bool {
	for _, w := range compare.Words(text) {
		if w == word {
			return true
		}
	}
	return false
}

// PairLabel names a pair for a reader: "paragraph 2 → paragraph 3".
func PairLabel(p ComparePage, pr compare.Pair) string {
	switch {
	case pr.A == nil:
		return KeyLabel(p.B, pr.B.Ref) + " (new)"
	case pr.B == nil:
		return KeyLabel(p.A, pr.A.Ref) + " (dropped)"
	}
	return KeyLabel(p.A, pr.A.Ref) + " → " + KeyLabel(p.B, pr.B.Ref)
}

// SharePercent writes a share from 0 to 1 as a whole percentage, rounded down
// so that 99.6% is not shown as the 100% of identical text.
func SharePercent(f float64) string {
	return strconv.Itoa(int(math.Floor(f*100+1e-9))) + "%"
}

// SideParts are the diff's parts one side shows: A's side the kept and
// removed parts, B's the kept and added.
func SideParts(parts []textdiff.Part, side string) []textdiff.Part {
	var out []textdiff.Part
	for _, pt := range parts {
		if pt.Op == textdiff.Kept || (side == "a" && pt.Op == textdiff.Removed) || (side == "b" && pt.Op == textdiff.Added) {
			out = append(out, pt)
		}
	}
	return out
}

// CountChange writes a word's counts: "63 → 10".
func CountChange(w compare.WordCount) string { return fmt.Sprintf("%d → %d", w.A, w.B) }

// CompareTitle is the comparison page's title.
func CompareTitle(p ComparePage) string {
	return "What changed: " + p.A.DisplayTitle(p.Lang) + " → " + p.B.DisplayTitle(p.Lang)
}
