// Package align pairs the paragraphs of two languages of one statement by
// their lengths, and from that pairing says where a statement file's own
// pairing of translations looks wrong.
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
	"fmt"
	"math"
	"strings"
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
func (m Model) Align(a, b []int) []Bead {
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
				c := prev + mv.prior + m.beadLengthCost(mv, sum(a[i-mv.a:i]), sum(b[j-mv.b:j]))
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
		beads = append(beads, Bead{AStart: i - mv.a, A: mv.a, BStart: j - mv.b, B: mv.b, Cost: mv.prior + lc, LengthCost: lc})
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

// Kind names what a Finding suspects.
type Kind string

// The kinds of finding.
const (
	// KindLength is a pair whose lengths are improbable for a translation.
	KindLength Kind = "length"
	// KindSplit is a paragraph of the reference language whose translation
	// is split over two paragraphs.
	KindSplit Kind = "split"
	// KindMerge is two paragraphs of the reference language translated as one.
	KindMerge Kind = "merge"
	// KindShift is where the file starts pairing each paragraph with
	// another's translation: a paragraph missing on one side.
	KindShift Kind = "shift"
)

// LengthThreshold is the length cost, −ln P(|δ|), over which a pair as
// the file has it is reported as improbable for a translation. It is where
// the alignment itself stops pairing the two, preferring to leave both
// unpaired: the cost of a 1-0 and a 0-1 bead less that of a 1-1, 2·4.62 −
// 0.12 = 9.11 nats, that is P(|δ|) < 1.1·10⁻⁴, |δ| > 3.9. Under the model a
// sound translation of 100 paragraphs crosses it about once in a hundred
// statements; the README gives the measurements on test statements.
const LengthThreshold = 9.11

// Margin is how much less, in nats, the best alignment of a stretch must
// cost than the file's pairing of the same rows for Check to say the file
// pairs them wrongly (a shift, merge or split): a likelihood ratio of e²⁰.
// The per-character variance of the paper fits sentences; paragraphs of
// real translations vary more, and then chains of 2-1 and 1-2 beads fit a
// sound translation slightly better than its own pairs. In the tests'
// simulations (60 paragraphs of 200–1500 characters, each translation's
// length off the statement's ratio by up to ±20%, uniformly) such stretches
// gained at most 10.0 nats, while one paragraph left out or two joined
// gained over 100 in nine statements of ten; see the README.
const Margin = 20

// MaxParagraphs bounds the paragraphs per language Check aligns; real
// statements have a few hundred.
const MaxParagraphs = 10000

// Finding is one thing that looks wrong in how a statement file pairs the
// paragraphs of a language with those of its reference language.
type Finding struct {
	// Statement is the statement's ID.
	Statement string `json:"statement"`
	// RefLang is the reference language (the statement's first); Lang the
	// language checked against it.
	RefLang string `json:"ref_lang"`
	Lang    string `json:"lang"`
	Kind    Kind   `json:"kind"`
	// Keys are the paragraph keys concerned: the rows of the reference
	// paragraphs, in order.
	Keys []string `json:"keys"`
	// LangKeys are the rows where the file puts the Lang paragraphs concerned.
	LangKeys []string `json:"lang_keys"`
	// Message says what looks wrong and what to check.
	Message  string   `json:"message"`
	Evidence Evidence `json:"evidence"`
}

// Evidence is what a Finding rests on.
type Evidence struct {
	// RefLengths and Lengths are the lengths in characters of the
	// paragraphs of Keys and LangKeys.
	RefLengths []int `json:"ref_lengths"`
	Lengths    []int `json:"lengths"`
	// Ratio is c, Lang's characters per reference character over the statement.
	Ratio float64 `json:"ratio"`
	// Cost is −ln of the probability of the suspected grouping: for a
	// length finding, of the lengths of the pair as the file has it.
	Cost float64 `json:"cost"`
	// FileCost, for a shift, is the cost of the same rows paired as the
	// file pairs them, to compare with Cost.
	FileCost float64 `json:"file_cost,omitempty"`
}

// Row is one aligned paragraph of a statement: its key and its text in
// each language that has it, as statement.Paragraph holds them (the
// statement package uses this one's LikelyGap for its own hints, so this
// one cannot import it).
type Row struct {
	// Key is the row's key as its permalink spells it: "3", "3a".
	Key  string
	Text map[string]string
}

// Skip is a language of a statement that Check did not align with the
// reference language, or aligned only in part, and why: a limit, or
// nothing to compare. A report that leaves it out would say "no findings"
// of text nobody looked at.
type Skip struct {
	// Statement is the statement's ID.
	Statement string `json:"statement"`
	// RefLang is the reference language; Lang the language not checked
	// against it, "" when the statement has no second language.
	RefLang string `json:"ref_lang"`
	Lang    string `json:"lang,omitempty"`
	// Rows is how many rows the two languages share.
	Rows int `json:"rows"`
	// Partial is true when the language was aligned, but only within 64
	// paragraphs of the file's pairing (see Model.Align).
	Partial bool `json:"partial,omitempty"`
	// Message says what was not checked, which limit stopped it and its
	// value, and what to do.
	Message string `json:"message"`
}

// Check aligns every language of a statement (id, its languages in order,
// its rows) with its first (reference) language, using the rows where both
// have text, and reports pairs whose lengths are improbable for a
// translation, paragraphs the translation split or joined, and where the
// file starts pairing paragraphs with the wrong translation. What it did
// not check is a Skip: a statement with one language, a language sharing
// no row with the reference, one with more than MaxParagraphs shared rows;
// and, as a partial Skip, one aligned only near the file's pairing.
func Check(id string, langs []string, rows []Row) ([]Finding, []Skip) {
	if len(langs) == 0 {
		return nil, nil
	}
	ref := langs[0]
	if len(langs) < 2 {
		return nil, []Skip{{Statement: id, RefLang: ref,
			Message: fmt.Sprintf("only [%s]: a statement in one language has no translation to align", ref)}}
	}
	var out []Finding
	var skips []Skip
	for _, lang := range langs[1:] {
		var keys []string
		var a, b []int
		for _, p := range rows {
			ta, okA := p.Text[ref]
			tb, okB := p.Text[lang]
			if okA && okB {
				keys = append(keys, p.Key)
				a = append(a, Length(ta))
				b = append(b, Length(tb))
			}
		}
		switch {
		case len(keys) == 0:
			skips = append(skips, Skip{Statement: id, RefLang: ref, Lang: lang,
				Message: fmt.Sprintf("[%s] not aligned with [%s]: no paragraph has text in both (check the gaps declared for each)", lang, ref)})
			continue
		case len(keys) > MaxParagraphs:
			skips = append(skips, Skip{Statement: id, RefLang: ref, Lang: lang, Rows: len(keys),
				Message: fmt.Sprintf("[%s] not aligned with [%s]: %d paragraphs in both, over the limit of %d that check aligns; check it by reading, or split the statement", lang, ref, len(keys), MaxParagraphs)})
			continue
		case (len(keys)+1)*(len(keys)+1) > fullCells:
			skips = append(skips, Skip{Statement: id, RefLang: ref, Lang: lang, Rows: len(keys), Partial: true,
				Message: fmt.Sprintf("[%s] aligned with [%s] only within %d paragraphs of the file's pairing: %d paragraphs in both, over the %d × %d searched in full; a shift of more paragraphs than that is not found", lang, ref, bandWidth, len(keys), fullSide, fullSide)})
		}
		c := pairCheck{st: id, ref: ref, lang: lang, keys: keys, a: a, b: b, model: rowModel(a, b)}
		out = append(out, c.findings()...)
	}
	return out, skips
}

// fullSide is the number of rows per language up to which Align searches
// every pairing: (fullSide+1)² ≤ fullCells.
const fullSide = 2047

// rowModel is ModelFor the rows' lengths, its ratio estimated again from
// the rows whose pair fits the first estimate: one paragraph cut short or
// pasted twice otherwise moves the ratio by its whole length (a French
// paragraph cut to a third moved it from 1.20 to 1.05 in the tests).
func rowModel(a, b []int) Model {
	m := ModelFor(a, b)
	var fa, fb []int
	for r := range a {
		if m.LengthCost(a[r], b[r]) <= LengthThreshold {
			fa, fb = append(fa, a[r]), append(fb, b[r])
		}
	}
	if len(fa) == 0 {
		return m
	}
	return ModelFor(fa, fb)
}

// pairCheck is the check of one language against the reference language,
// on the rows where both have text.
type pairCheck struct {
	st, ref, lang string
	keys          []string // the rows' keys
	a, b          []int    // the rows' lengths in ref and in lang
	model         Model
}

// findings walks the best alignment: a bead on the diagonal (starting at
// the same row in both) agrees with the file's pairing; a stretch off it
// is where the file pairs paragraphs with the wrong translation.
func (c pairCheck) findings() []Finding {
	beads := c.model.Align(c.a, c.b)
	var out []Finding
	for i := 0; i < len(beads); i++ {
		bd := beads[i]
		if bd.AStart == bd.BStart && bd.A == bd.B {
			for r := bd.AStart; r < bd.AStart+bd.A; r++ {
				if cost := c.model.LengthCost(c.a[r], c.b[r]); cost > LengthThreshold {
					out = append(out, c.length(r, cost))
				}
			}
			continue
		}
		// An off-diagonal stretch: from this bead to the first that ends
		// back on the diagonal (the last one does: both have len(keys) rows).
		e := i
		for beads[e].AStart+beads[e].A != beads[e].BStart+beads[e].B {
			e++
		}
		start, end := bd.AStart, beads[e].AStart+beads[e].A
		var cost float64
		for _, x := range beads[i : e+1] {
			cost += x.Cost
		}
		if end == start+1 && e == i+1 {
			// One row left unpaired on both sides: the DP's way of
			// saying that the pair does not translate itself.
			out = append(out, c.length(start, c.model.LengthCost(c.a[start], c.b[start])))
			i = e
			continue
		}
		stretch := c.evidence(start, end, cost)
		stretch.FileCost = c.fileCost(start, end)
		if stretch.FileCost-stretch.Cost < Margin {
			// Not enough better than the file's pairing to say it is
			// wrong: only its improbable pairs are worth a look.
			for r := start; r < end; r++ {
				if cost := c.model.LengthCost(c.a[r], c.b[r]); cost > LengthThreshold {
					out = append(out, c.length(r, cost))
				}
			}
			i = e
			continue
		}
		if bd.A == 1 && bd.B == 0 || bd.A == 0 && bd.B == 1 {
			out = append(out, c.shift(bd, start, end, stretch))
		}
		for _, x := range beads[i : e+1] {
			switch {
			case x.A == 2 && x.B == 1:
				out = append(out, c.merge(x, end))
			case x.A == 1 && x.B == 2:
				out = append(out, c.split(x, end))
			}
		}
		i = e
	}
	return out
}

// fileCost is the cost of the rows [start, end) paired as the file pairs
// them, row by row.
func (c pairCheck) fileCost(start, end int) float64 {
	var cost float64
	for r := start; r < end; r++ {
		cost += -math.Log(prior11) + c.model.LengthCost(c.a[r], c.b[r])
	}
	return round(cost)
}

func round(x float64) float64 { return math.Round(x*10) / 10 }

// evidence gives the rows [start, end) with the cost of their grouping.
func (c pairCheck) evidence(start, end int, cost float64) Evidence {
	return Evidence{
		RefLengths: c.a[start:end:end],
		Lengths:    c.b[start:end:end],
		Ratio:      math.Round(c.model.Ratio*1000) / 1000,
		Cost:       round(cost),
	}
}

func (c pairCheck) finding(kind Kind, keys, langKeys []string, ev Evidence, format string, args ...any) Finding {
	return Finding{Statement: c.st, RefLang: c.ref, Lang: c.lang, Kind: kind, Keys: keys, LangKeys: langKeys,
		Message: fmt.Sprintf(format, args...), Evidence: ev}
}

// upTo names where an off-diagonal stretch ends, for messages.
func (c pairCheck) upTo(end int) string {
	if end >= len(c.keys) {
		return "to the end of the statement"
	}
	return fmt.Sprintf("up to paragraph %s", c.keys[end-1])
}

func (c pairCheck) length(r int, cost float64) Finding {
	k, la, lb := c.keys[r], c.a[r], c.b[r]
	expected := int(math.Round(c.model.Ratio * float64(la)))
	ev := Evidence{RefLengths: []int{la}, Lengths: []int{lb}, Ratio: math.Round(c.model.Ratio*1000) / 1000, Cost: round(cost)}
	if lb < expected {
		return c.finding(KindLength, []string{k}, []string{k}, ev,
			"[%s] paragraph %s is %d characters for %d in [%s] (about %d expected at this statement's ratio of %.2f): too short to be its whole translation. Check that the [%s] text of paragraph %s is complete and translates [%s] paragraph %s, not a neighbour; if part of it sits in the paragraph before or after, move it",
			c.lang, k, lb, la, c.ref, expected, c.model.Ratio, c.lang, k, c.ref, k)
	}
	return c.finding(KindLength, []string{k}, []string{k}, ev,
		"[%s] paragraph %s is %d characters for %d in [%s] (about %d expected at this statement's ratio of %.2f): too long to be only its translation. Check whether it also holds the next paragraph's text (a missing blank line or number joins them) and that it translates [%s] paragraph %s",
		c.lang, k, lb, la, c.ref, expected, c.model.Ratio, c.ref, k)
}

func (c pairCheck) shift(bd Bead, start, end int, ev Evidence) Finding {
	keys := c.keys[start:end:end]
	k := c.keys[start]
	if bd.A == 1 {
		return c.finding(KindShift, keys, keys, ev,
			"[%s] seems to lack the translation of [%s] paragraph %s: from paragraph %s on, %s, each [%s] paragraph fits the [%s] paragraph after the one it is paired with (as the file pairs them these rows cost %.1f, shifted by one %.1f). Check [%s] paragraph %s against [%s] paragraphs %s and %s; if the [%s] text lacks that paragraph, declare the gap there (gaps: {%s: [%s]}), not at a later paragraph, so that the rest pair up again",
			c.lang, c.ref, k, k, c.upTo(end), c.lang, c.ref, ev.FileCost, ev.Cost, c.lang, k, c.ref, k, c.next(start), c.lang, c.lang, k)
	}
	return c.finding(KindShift, keys, keys, ev,
		"[%s] paragraph %s seems to have no counterpart in [%s]: from paragraph %s on, %s, each [%s] paragraph fits the [%s] paragraph before the one it is paired with (as the file pairs them these rows cost %.1f, shifted by one %.1f). Check [%s] paragraphs %s and %s against [%s] paragraph %s: if [%s] splits one paragraph in two, give both parts the same number; if [%s] lacks a paragraph there, declare that gap (gaps: {%s: [%s]})",
		c.lang, k, c.ref, k, c.upTo(end), c.lang, c.ref, ev.FileCost, ev.Cost, c.lang, k, c.next(start), c.ref, k, c.lang, c.ref, c.ref, k)
}

// next names the row after r, for messages.
func (c pairCheck) next(r int) string {
	if r+1 < len(c.keys) {
		return c.keys[r+1]
	}
	return "the next"
}

func (c pairCheck) merge(x Bead, end int) Finding {
	k1, k2, j := c.keys[x.AStart], c.keys[x.AStart+1], c.keys[x.BStart]
	ev := Evidence{RefLengths: c.a[x.AStart : x.AStart+2 : x.AStart+2], Lengths: []int{c.b[x.BStart]}, Ratio: math.Round(c.model.Ratio*1000) / 1000, Cost: round(x.Cost), FileCost: c.fileCost(x.AStart, x.AStart+2)}
	return c.finding(KindMerge, []string{k1, k2}, []string{j}, ev,
		"[%s] paragraph %s (%d characters) reads like the translation of [%s] paragraphs %s and %s together (%d + %d characters): the translation joined them, and the file then pairs [%s] paragraphs with the translation of the next one, %s. Check [%s] paragraph %s: if it holds both, split it where [%s] %s begins, or declare [%s] %s a gap (gaps: {%s: [%s]}) instead of a later one",
		c.lang, j, c.b[x.BStart], c.ref, k1, k2, c.a[x.AStart], c.a[x.AStart+1], c.ref, c.upTo(end), c.lang, j, c.ref, k2, c.lang, k2, c.lang, k2)
}

func (c pairCheck) split(x Bead, end int) Finding {
	k, j1, j2 := c.keys[x.AStart], c.keys[x.BStart], c.keys[x.BStart+1]
	ev := Evidence{RefLengths: []int{c.a[x.AStart]}, Lengths: c.b[x.BStart : x.BStart+2 : x.BStart+2], Ratio: math.Round(c.model.Ratio*1000) / 1000, Cost: round(x.Cost), FileCost: c.fileCost(x.BStart, x.BStart+2)}
	return c.finding(KindSplit, []string{k}, []string{j1, j2}, ev,
		"[%s] paragraph %s (%d characters) reads like it is translated by [%s] paragraphs %s and %s together (%d + %d characters): the translation split it, and the file then pairs [%s] paragraphs with the translation of the one before, %s. Check [%s] paragraphs %s and %s: if they are one paragraph of the translation, give both the number %s (a number repeated on consecutive paragraphs joins them)",
		c.ref, k, c.a[x.AStart], c.lang, j1, j2, c.b[x.BStart], c.b[x.BStart+1], c.ref, c.upTo(end), c.lang, j1, j2, k)
}

// Where names the finding's paragraphs for a report: "paragraph 8",
// "paragraphs 5 and 6", "paragraphs 6–13" for a shifted stretch.
func (f Finding) Where() string {
	keys := f.Keys
	switch {
	case len(keys) == 1:
		return "paragraph " + keys[0]
	case f.Kind == KindShift && len(keys) > 2:
		return "paragraphs " + keys[0] + "–" + keys[len(keys)-1]
	}
	return "paragraphs " + strings.Join(keys, " and ")
}

// String gives the finding as one line for a terminal report.
func (f Finding) String() string {
	return fmt.Sprintf("%s/%s %s, %s: %s", f.RefLang, f.Lang, f.Where(), f.Kind, f.Message)
}
