package statement

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Publication references are written many ways: "Press Release (2006)
// 150", "Communiqué de presse (2006) 150", "PR(2006)150", "PR/CP(2006)150",
// "M-NAC-2(2001)159", "SC/10378", "MEMO/14/402", "SN 140/01", "S/RES/2170
// (2014)". A reference key is what stays the same across the ways one
// reference is written: its letters and numbers in order, lower case and
// without accents, the spelled-out names of a series as their
// abbreviation ("press release", "communiqué de presse" → pr), the
// co-publication mark after it dropped (PR/CP → pr), numbers without
// leading zeros: pr 2006 150. Punctuation and spacing never count.

// RefToken is one token of a reference or of a text read for
// references: its key form and where it stands in the text (bytes).
type RefToken struct {
	Key        string
	Start, End int
}

// seriesNames are the spelled-out names of reference series, as key
// tokens, with the abbreviation each stands for; the longest are tried
// first.
var seriesNames = []struct {
	words []string
	abbr  string
}{
	{[]string{"communique", "de", "presse"}, "pr"},
	{[]string{"comunicado", "de", "prensa"}, "pr"},
	{[]string{"comunicato", "stampa"}, "pr"},
	{[]string{"press", "release"}, "pr"},
	{[]string{"pressemitteilung"}, "pr"},
	{[]string{"persbericht"}, "pr"},
	{[]string{"unscr"}, "s res"},
	{[]string{"resolution"}, "s res"},
}

// MaxRefTokens bounds the tokens of one reference key: the longest forms
// ("S/RES/2170 (2014)", "M-NAC-2(2001)159") have five or six.
const MaxRefTokens = 8

// RefTokens splits text into reference tokens: runs of letters and runs
// of digits (a letter run and a digit run are two tokens, as "PR2006"
// reads "pr 2006"), folded as ReferenceKey folds them.
func RefTokens(text string) []RefToken {
	var raw []RefToken
	start, digits := -1, false
	flush := func(end int) {
		if start >= 0 {
			raw = append(raw, RefToken{Key: foldToken(text[start:end], digits), Start: start, End: end})
			start = -1
		}
	}
	for i, r := range text {
		switch {
		case unicode.IsDigit(r):
			if start >= 0 && !digits {
				flush(i)
			}
			if start < 0 {
				start, digits = i, true
			}
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			if start >= 0 && digits {
				flush(i)
			}
			if start < 0 {
				start, digits = i, false
			}
		default:
			flush(i)
		}
	}
	flush(len(text))
	return joinSeries(raw)
}

// foldToken writes a token as keys hold it: letters lower case without
// their accents, numbers without leading zeros.
func foldToken(s string, digits bool) string {
	if digits {
		if n, err := strconv.ParseUint(s, 10, 64); err == nil {
			return strconv.FormatUint(n, 10)
		}
		return strings.TrimLeft(s, "0")
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// joinSeries replaces spelled-out series names by their abbreviation and
// drops a co-publication mark after PR, keeping the span of what they
// replace.
func joinSeries(in []RefToken) []RefToken {
	var out []RefToken
	for i := 0; i < len(in); {
		matched := false
		for _, s := range seriesNames {
			if i+len(s.words) > len(in) {
				continue
			}
			ok := true
			for j, w := range s.words {
				if in[i+j].Key != w {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			start, end := in[i].Start, in[i+len(s.words)-1].End
			for _, a := range strings.Fields(s.abbr) {
				out = append(out, RefToken{Key: a, Start: start, End: end})
			}
			i += len(s.words)
			matched = true
			break
		}
		if matched {
			continue
		}
		if in[i].Key == "cp" && len(out) > 0 && out[len(out)-1].Key == "pr" {
			out[len(out)-1].End = in[i].End
			i++
			continue
		}
		out = append(out, in[i])
		i++
	}
	return out
}

// ReferenceKey returns the key of a reference: its tokens (RefTokens)
// joined by spaces; "" when it has none.
func ReferenceKey(ref string) string {
	toks := RefTokens(ref)
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = t.Key
	}
	return strings.Join(keys, " ")
}

// ReferenceKeys returns the keys a statement's references are found by:
// each reference's key, and for a UN resolution "S/RES/2170 (2014)" also
// the key without its year, as texts cite it ("resolution 2170", "UNSCR
// 2170").
func (s *Statement) ReferenceKeys() []string {
	var out []string
	add := func(k string) {
		if k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	for _, ref := range s.Reference {
		k := ReferenceKey(ref)
		add(k)
		if f := strings.Fields(k); len(f) == 4 && f[0] == "s" && f[1] == "res" {
			add(strings.Join(f[:3], " "))
		}
	}
	return out
}
