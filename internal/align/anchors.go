package align

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// Anchors are what a translation keeps of its original whatever the
// language: numbers (digits, so "50,000", "50 000" and "S/RES/2170 (2014)"
// give the same tokens in every language), words written with a capital
// that appear identically in both languages (names, and acronyms that do
// not change: MONUSCO, but not NATO/OTAN), opening quotation marks, list
// items and parentheses. Sentence aligners use such cognates beside length
// (Simard, Foster and Isabelle, "Using cognates to align sentences in
// bilingual corpora", 1992): texts of formulaic paragraphs of similar
// lengths, which length alone cannot pair, differ in their dates, numbers
// and names.
//
// Only tokens found in both languages of the statement count, each
// weighted by how rare it is there: a name in one paragraph of ten says
// more than the year every paragraph repeats.
type anchors struct {
	a, b   [][]int32 // per paragraph of each side, sorted token ids, with repeats
	weight []float64 // per token id: nats a shared token is worth
	names  []string  // per token id, for evidence
	ids    map[string]int32
}

// maxAnchorWeight caps what one token is worth, in nats: ln 20, that of a
// token in one paragraph of nineteen, so that one name in a long
// communiqué does not outweigh its lengths.
var maxAnchorWeight = math.Log(20)

// anchorTokens returns the anchor tokens of a text, with repeats: "#2170"
// for a number, "Kinshasa" for a capitalised word, "“" for an opening
// quotation mark, "•" for a list item, "(" for a parenthesis.
func anchorTokens(text string) []string {
	var out []string
	rs := []rune(text)
	straight := 0
	lineStart := true
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == '\n':
			lineStart = true
			i++
			continue
		case lineStart && unicode.IsSpace(r):
			i++
			continue
		}
		if lineStart {
			lineStart = false
			if i > 0 && listMarker(rs[i:]) {
				out = append(out, "•")
			}
		}
		switch {
		case unicode.IsDigit(r):
			j := i
			for j < len(rs) && unicode.IsDigit(rs[j]) {
				j++
			}
			n := strings.TrimLeft(string(rs[i:j]), "0")
			if n == "" {
				n = "0"
			}
			out = append(out, "#"+n)
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j])) {
				j++
			}
			if unicode.IsUpper(r) && j-i >= 2 {
				out = append(out, string(rs[i:j]))
			}
			i = j
		default:
			switch r {
			case '“', '«', '„':
				out = append(out, "“")
			case '"':
				if straight%2 == 0 {
					out = append(out, "“")
				}
				straight++
			case '(':
				out = append(out, "(")
			}
			i++
		}
	}
	return out
}

// listMarker reports whether a line starts with a list marker as the
// statement format writes them: "a.", "b)", "(a)", "iv.", "1)", "-", "•", "–", "—".
func listMarker(rs []rune) bool {
	if len(rs) >= 2 && strings.ContainsRune("-•–—", rs[0]) && unicode.IsSpace(rs[1]) {
		return true
	}
	i := 0
	if i < len(rs) && rs[i] == '(' {
		i++
	}
	j := i
	for j < len(rs) && j-i < 5 && (unicode.IsLower(rs[j]) || unicode.IsDigit(rs[j])) {
		j++
	}
	return j > i && j+1 < len(rs) && (rs[j] == '.' || rs[j] == ')') && unicode.IsSpace(rs[j+1])
}

// newAnchors indexes the anchors of two texts' paragraphs, keeping the
// tokens both texts have.
func newAnchors(ta, tb []string) *anchors {
	toksA := make([][]string, len(ta))
	toksB := make([][]string, len(tb))
	dfA, dfB := map[string]int{}, map[string]int{}
	count := func(toks [][]string, texts []string, df map[string]int) {
		for i, t := range texts {
			toks[i] = anchorTokens(t)
			seen := map[string]bool{}
			for _, tok := range toks[i] {
				if !seen[tok] {
					seen[tok] = true
					df[tok]++
				}
			}
		}
	}
	count(toksA, ta, dfA)
	count(toksB, tb, dfB)
	n := float64(max(len(ta), len(tb)))
	an := &anchors{a: make([][]int32, len(ta)), b: make([][]int32, len(tb)), ids: map[string]int32{}}
	ids := an.ids
	for tok, da := range dfA {
		db, ok := dfB[tok]
		if !ok {
			continue
		}
		w := math.Min(math.Log((n+1)/float64(max(da, db))), maxAnchorWeight)
		if w <= 0.05 {
			continue
		}
		ids[tok] = int32(len(an.names))
		an.names = append(an.names, tok)
		an.weight = append(an.weight, w)
	}
	index := func(toks [][]string, out [][]int32) {
		for i, ts := range toks {
			for _, tok := range ts {
				if id, ok := ids[tok]; ok {
					out[i] = append(out[i], id)
				}
			}
			sort.Slice(out[i], func(x, y int) bool { return out[i][x] < out[i][y] })
		}
	}
	if len(an.names) == 0 {
		return nil // nothing shared: lengths alone, as fast as ever
	}
	index(toksA, an.a)
	index(toksB, an.b)
	return an
}

// cursor walks the union of up to two sorted token lists in order.
type cursor struct{ p, q []int32 }

func (c *cursor) next() (int32, bool) {
	switch {
	case len(c.p) == 0 && len(c.q) == 0:
		return 0, false
	case len(c.q) == 0 || len(c.p) > 0 && c.p[0] <= c.q[0]:
		return c.p[0], true
	}
	return c.q[0], true
}

func (c *cursor) pop() {
	if len(c.q) == 0 || len(c.p) > 0 && c.p[0] <= c.q[0] {
		c.p = c.p[1:]
		return
	}
	c.q = c.q[1:]
}

// group returns the token lists of paragraphs [start, start+n) of side,
// n at most 2, as a cursor.
func group(side [][]int32, start, n int) cursor {
	var c cursor
	if n > 0 {
		c.p = side[start]
	}
	if n > 1 {
		c.q = side[start+1]
	}
	return c
}

// cost is the anchors' part of a bead's cost, in nats. A token found on
// both sides of a pairing costs nothing; one found on one side only costs
// 1.5 times its weight; one in a paragraph left unpaired, half its weight.
// Against a bonus of its weight for a shared token, a penalty of its
// weight for an unshared one and nothing for an unpaired paragraph, this
// adds the same half weight for every token of the statement whatever the
// alignment, so it chooses the same alignments and the same differences
// between them, while no cost falls below 0.
func (an *anchors) cost(i, na, j, nb int) float64 {
	if an == nil {
		return 0
	}
	return an.between(group(an.a, i, na), group(an.b, j, nb), na > 0 && nb > 0)
}

// between is cost for two groups' tokens, paired or not.
func (an *anchors) between(x, y cursor, paired bool) float64 {
	unpaired := !paired
	var c float64
	for {
		tx, okX := x.next()
		ty, okY := y.next()
		switch {
		case !okX && !okY:
			return c
		case unpaired && okX:
			c += an.weight[tx] / 2
			x.pop()
		case unpaired:
			c += an.weight[ty] / 2
			y.pop()
		case okX && okY && tx == ty:
			x.pop()
			y.pop()
		case okX && (!okY || tx < ty):
			c += 1.5 * an.weight[tx]
			x.pop()
		default:
			c += 1.5 * an.weight[ty]
			y.pop()
		}
	}
}

// shared names the tokens paragraphs i of a and j of b have in common, the
// weightiest first, at most n, for a finding's evidence.
func (an *anchors) shared(i, j, n int) []string {
	if an == nil {
		return nil
	}
	x, y := an.a[i], an.b[j]
	var ids []int32
	for len(x) > 0 && len(y) > 0 {
		switch {
		case x[0] == y[0]:
			if len(ids) == 0 || ids[len(ids)-1] != x[0] {
				ids = append(ids, x[0])
			}
			x, y = x[1:], y[1:]
		case x[0] < y[0]:
			x = x[1:]
		default:
			y = y[1:]
		}
	}
	sort.SliceStable(ids, func(p, q int) bool { return an.weight[ids[p]] > an.weight[ids[q]] })
	var out []string
	for _, id := range ids[:min(len(ids), n)] {
		out = append(out, displayToken(an.names[id]))
	}
	return out
}

// textCost is cost for a text that is not one of the indexed paragraphs
// (part of one) against paragraph i of a.
func (an *anchors) textCost(i int, text string) float64 {
	if an == nil {
		return 0
	}
	var toks []int32
	for _, tok := range anchorTokens(text) {
		if id, ok := an.ids[tok]; ok {
			toks = append(toks, id)
		}
	}
	sort.Slice(toks, func(p, q int) bool { return toks[p] < toks[q] })
	return an.between(group(an.a, i, 1), cursor{p: toks}, true)
}

// displayToken writes a token as a reader would look for it in the text.
func displayToken(tok string) string {
	switch tok {
	case "“":
		return "a quotation"
	case "•":
		return "a list item"
	case "(":
		return "a parenthesis"
	}
	return strings.TrimPrefix(tok, "#")
}
