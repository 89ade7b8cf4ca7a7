// Package align pairs the paragraphs of two languages of one statement by
// their lengths and the anchors they share (numbers, names, quotation
// marks, list items: see anchors.go), and from that pairing says where a
// statement file's own pairing of translations looks wrong, why (a
// misplaced gap, a framing sentence, a junk line, a merge, a split) and
// which edit mends it (check.go; docs/check.md for users).
//
// The method is that of W. A. Gale and K. W. Church, "A Program for Aligning
// Sentences in Bilingual Corpora", Computational Linguistics 19(1), 1993,
// 75–102: a translation's length is close to a constant multiple of its
// original's, with a spread that grows with the length, so the probability
// that two stretches of text translate each other can be read from their
// lengths alone, and a dynamic programme finds the most probable sequence of
// "beads" (1-1, 1-0, 0-1, 2-1, 1-2, 2-2 groupings) covering both texts.
//
// What is adapted from the paper, and why:
//   - Paragraphs take the place of sentences. The length model is a sum of
//     per-character contributions, so in principle it holds for longer
//     units unchanged.
//   - Lengths are in characters (runes), with each run of white space
//     counted once, so that wrapped lines and doubled spaces do not count.
//   - The ratio c (characters of the second language per character of the
//     first) is not fixed at 1 as in the paper but estimated from the two
//     texts' total lengths: French runs some 10–20% longer than English,
//     German longer still, and c = 1 would make every French paragraph of
//     a long communiqué look too long. Check estimates it a second time
//     from the rows whose pair fits the first estimate, so that one
//     paragraph cut short does not move it.
//   - The variance s² per character is the paper's 6.8. Real paragraphs
//     vary more than a sum of independent sentences would (a translator's
//     habits hold through a paragraph), so Check does not take every
//     departure of the best alignment from the file's pairing as an error:
//     only one that fits better by Margin nats.
//   - The bead priors are the paper's (Table 5), given, as the paper's own
//     program does, to each direction of a category: 1-1 0.89; 1-0 and 0-1
//     0.0099; 2-1 and 1-2 0.089; 2-2 0.011.
//   - δ is computed as in the paper's program, (c·l₁ − l₂)/√(s²·(l₁ + l₂/c)/2),
//     symmetric in the two texts, and −ln P(|δ|) is capped at 25 nats (the
//     program's BIG_DISTANCE) so that it stays finite.
//   - A 1-0 or 0-1 bead costs its prior alone, −ln 0.0099 = 4.62 nats. The
//     paper defines δ only for beads with text on both sides; its program
//     adds the length term of l₂ = 0, which for units as long as paragraphs
//     always reaches the cap, so that leaving out one paragraph costs 29.6
//     nats, more than any chain of 2-1 and 1-2 beads: on the package's test
//     statement with one French paragraph left out, the best alignment then
//     found two merges and two splits, none where the paragraph was missing.
//     With the prior alone it finds the missing paragraph, and a pair is
//     left unpaired on both sides (1-0 then 0-1) exactly when its length
//     cost exceeds 2·4.62 − 0.12 = 9.11 nats, the threshold Check reports
//     (LengthThreshold).
//
// Costs are in nats (−ln of a probability).
package align

import (
	"math"
	"unicode"
)

// Variance is s², the variance per character of a translation's length
// about c times its original's (Gale and Church, 1993, section 3).
const Variance = 6.8

// maxLengthCost caps −ln P(|δ|), as the paper's program caps its distance.
const maxLengthCost = 25

// The priors of Gale and Church (1993), Table 5, per direction.
const (
	prior11 = 0.89
	prior10 = 0.0099
	prior21 = 0.089
	prior22 = 0.011
)

// bandWidth is how far from the diagonal a large alignment may stray; see Align.
const bandWidth = 64

// fullCells is the size up to which Align searches every pairing.
const fullCells = 1 << 22

// Bead is one group of the best alignment: A paragraphs of the first
// sequence from index AStart paired with B paragraphs of the second from
// BStart. A and B are 0, 1 or 2, never both 0.
type Bead struct {
	AStart, A int
	BStart, B int
	// Cost is −ln of the bead's probability: its prior times the
	// probability of its lengths.
	Cost float64
	// LengthCost is the part of Cost due to the lengths alone, −ln P(|δ|):
	// how improbable the lengths are for a translation, whatever the bead.
	LengthCost float64
	// AnchorCost is the part of Cost due to anchors (see anchors), when
	// the alignment used them: below 0 when the paragraphs share more than
	// they differ in. Cost is then not a −ln probability alone but a
	// log-likelihood ratio, and may be below 0.
	AnchorCost float64
}

// Shape names the bead as the paper does: "1-1", "1-0", "2-1", …
func (b Bead) Shape() string {
	return string(rune('0'+b.A)) + "-" + string(rune('0'+b.B))
}

// Model is the length model of one pair of texts.
type Model struct {
	// Ratio is c, the expected length of the second text per character of the first.
	Ratio float64
	// Variance is s², the variance per character.
	Variance float64
}

// ModelFor returns the model for aligning b to a: the ratio of their total
// lengths (1 when either is empty) and the paper's variance.
func ModelFor(a, b []int) Model {
	var sa, sb int
	for _, l := range a {
		sa += l
	}
	for _, l := range b {
		sb += l
	}
	c := 1.0
	if sa > 0 && sb > 0 {
		c = float64(sb) / float64(sa)
	}
	return Model{Ratio: c, Variance: Variance}
}

// LengthCost returns −ln P(|δ|) for a stretch of la characters paired with
// one of lb: 0 for lengths in exact proportion, rising with the square of
// the deviation, capped at 25.
func (m Model) LengthCost(la, lb int) float64 {
	if la == 0 && lb == 0 {
		return 0
	}
	c := m.Ratio
	mean := (float64(la) + float64(lb)/c) / 2
	z := math.Abs(c*float64(la)-float64(lb)) / math.Sqrt(m.Variance*mean)
	p := math.Erfc(z / math.Sqrt2) // 2·(1 − Φ(|z|))
	if p <= 0 {
		return maxLengthCost
	}
	return math.Min(-math.Log(p), maxLengthCost)
}

// beadLengthCost is the length part of a bead's cost: none for a
// paragraph left unpaired (see the package doc).
func (m Model) beadLengthCost(mv move, la, lb int) float64 {
	if mv.a == 0 || mv.b == 0 {
		return 0
	}
	return m.LengthCost(la, lb)
}

// move is one bead shape the dynamic programme may take.
type move struct {
	a, b  int
	prior float64 // −ln prior
}

var moves = []move{
	{1, 1, -math.Log(prior11)},
	{1, 0, -math.Log(prior10)},
	{0, 1, -math.Log(prior10)},
	{2, 1, -math.Log(prior21)},
	{1, 2, -math.Log(prior21)},
	{2, 2, -math.Log(prior22)},
}

// Align returns the best alignment of b to a, given their paragraph lengths,
// under ModelFor(a, b). See Model.Align.
func Align(a, b []int) []Bead { return ModelFor(a, b).Align(a, b) }

// Align returns the most probable sequence of beads covering a and b, in
// order; each paragraph of each is in exactly one bead. Ties go to the
// simpler bead (1-1 first). It searches every pairing while len(a)·len(b)
// is at most about four million (statements have a few hundred paragraphs),
// and beyond that only pairings within 64 paragraphs of the diagonal, so
// time and memory stay linear in the lengths.
func (m Model) Align(a, b []int) []Bead { return m.align(a, b, nil) }

// align is Align with the anchors' evidence added to each bead's cost
// (none when an is nil).
func (m Model) align(a, b []int, an *anchors) []Bead {
	n, k := len(a), len(b)
	if n == 0 && k == 0 {
		return nil
	}
	// Row i holds the cells (i, j) for lo[i] ≤ j ≤ hi[i].
	lo := make([]int, n+1)
	hi := make([]int, n+1)
	for i := 0; i <= n; i++ {
		if (n+1)*(k+1) <= fullCells || n == 0 {
			lo[i], hi[i] = 0, k
			continue
		}
		lo[i] = max(0, i*k/n-bandWidth)
		hi[i] = min(k, (i+1)*k/n+bandWidth)
	}
	cost := make([][]float64, n+1)
	from := make([][]uint8, n+1)
	for i := range cost {
		cost[i] = make([]float64, hi[i]-lo[i]+1)
		from[i] = make([]uint8, hi[i]-lo[i]+1)
	}
	at := func(i, j int) float64 {
		if i < 0 || j < lo[i] || j > hi[i] {
			return math.Inf(1)
		}
		return cost[i][j-lo[i]]
	}
	for i := 0; i <= n; i++ {
		for j := lo[i]; j <= hi[i]; j++ {
			if i == 0 && j == 0 {
				continue
			}
			best, bestMove := math.Inf(1), uint8(0)
			for mi, mv := range moves {
				if i < mv.a || j < mv.b {
					continue
				}
				prev := at(i-mv.a, j-mv.b)
				if math.IsInf(prev, 1) {
					continue
				}
				c := prev + mv.prior + m.beadLengthCost(mv, sum(a[i-mv.a:i]), sum(b[j-mv.b:j])) + an.cost(i-mv.a, mv.a, j-mv.b, mv.b)
				if c < best {
					best, bestMove = c, uint8(mi)
				}
			}
			cost[i][j-lo[i]] = best
			from[i][j-lo[i]] = bestMove
		}
	}
	var beads []Bead
	for i, j := n, k; i > 0 || j > 0; {
		mv := moves[from[i][j-lo[i]]]
		la, lb := sum(a[i-mv.a:i]), sum(b[j-mv.b:j])
		lc := m.beadLengthCost(mv, la, lb)
		ac := an.cost(i-mv.a, mv.a, j-mv.b, mv.b)
		beads = append(beads, Bead{AStart: i - mv.a, A: mv.a, BStart: j - mv.b, B: mv.b, Cost: mv.prior + lc + ac, LengthCost: lc, AnchorCost: ac})
		i, j = i-mv.a, j-mv.b
	}
	for l, r := 0, len(beads)-1; l < r; l, r = l+1, r-1 {
		beads[l], beads[r] = beads[r], beads[l]
	}
	return beads
}

func sum(ls []int) int {
	s := 0
	for _, l := range ls {
		s += l
	}
	return s
}

// Length returns the length of a paragraph as the model counts it: its
// characters, with each run of white space counted as one and white space
// at either end not counted.
func Length(text string) int {
	n, space := 0, false
	for _, r := range text {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && n > 0 {
			n++
		}
		space = false
		n++
	}
	return n
}

// Lengths returns the Length of each text.
func Lengths(texts []string) []int {
	ls := make([]int, len(texts))
	for i, t := range texts {
		ls[i] = Length(t)
	}
	return ls
}

// LikelyGap returns the 0-based index in a of the paragraph most likely
// missing from b, when b has exactly one paragraph fewer than a: the one
// paragraph of a that the best alignment leaves unpaired. ok is false when
// the counts do not differ by one, or when the best alignment explains the
// difference otherwise (two paragraphs of a joined in b, several
// paragraphs missing on either side); a caller then has no better guess
// than its own.
func LikelyGap(a, b []string) (index int, ok bool) {
	if len(b) != len(a)-1 {
		return 0, false
	}
	index = -1
	for _, bd := range Align(Lengths(a), Lengths(b)) {
		switch {
		case bd.B == 0 && index >= 0, bd.A == 0:
			return 0, false
		case bd.B == 0:
			index = bd.AStart
		}
	}
	if index < 0 {
		return 0, false
	}
	return index, true
}
