package align

import (
	"fmt"
	"math"
	"strings"
)

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

// Cause names what made a Finding: the mistake in the file and, with it,
// the edit in Finding.Fix.
type Cause string

// The causes check tells apart; docs/check.md gives an example of each.
const (
	// CauseMisplacedGap is a gap declared at the wrong paragraph: the
	// language lacks another paragraph than the one its gap names.
	CauseMisplacedGap Cause = "misplaced gap"
	// CauseShift is a paragraph with no counterpart in the other language
	// and no gap declared for it (a framing sentence such as "The following
	// statement was issued …:", or a paragraph missing), so that the
	// paragraphs after it pair with their neighbours' translations.
	CauseShift Cause = "shift"
	// CauseJunk is a line or paragraph that translates nothing: a page's
	// "Follow us on …", "For information media. Not an official record.".
	CauseJunk Cause = "junk line"
	// CauseMerge is two paragraphs translated as one.
	CauseMerge Cause = "merge"
	// CauseSplit is one paragraph translated as two.
	CauseSplit Cause = "split"
	// CauseLength is a pair of improbable lengths that none of the above
	// explains: a paragraph cut short, or holding more than its translation.
	CauseLength Cause = "length"
)

// LengthThreshold is the length cost, −ln P(|δ|), over which a pair as
// the file has it is reported as improbable for a translation. It is where
// the alignment by lengths alone stops pairing the two, preferring to
// leave both unpaired: the cost of a 1-0 and a 0-1 bead less that of a
// 1-1, 2·4.62 − 0.12 = 9.11 nats, that is P(|δ|) < 1.1·10⁻⁴, |δ| > 3.9.
// Under the model a sound translation of 100 paragraphs crosses it about
// once in a hundred statements.
const LengthThreshold = 9.11

// Margin is how much less, in nats, the best alignment of a stretch must
// cost than the file's pairing of the same rows for Check to say the file
// pairs them wrongly (a misplaced gap, shift, merge or split): a
// likelihood ratio of e²⁰. The per-character variance of the paper fits
// sentences; paragraphs of real translations vary more, and then chains of
// 2-1 and 1-2 beads fit a sound translation slightly better than its own
// pairs. In the tests' simulations (60 paragraphs of 200–1500 characters,
// each translation's length off the statement's ratio by up to ±20%,
// uniformly) such stretches gained at most 10.0 nats, while one paragraph
// left out or two joined gained over 100 in nine statements of ten.
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
	// Cause is what made the finding; Fix the edit of the file that mends it.
	Cause Cause  `json:"cause"`
	Fix   string `json:"fix"`
	// Keys are the rows concerned, in order: the reference paragraphs'
	// rows, and for a stretch every row from where the pairing goes wrong
	// to where it is right again.
	Keys []string `json:"keys"`
	// LangKeys are the rows where the file puts the Lang paragraphs concerned.
	LangKeys []string `json:"lang_keys"`
	// Message says what looks wrong, why, and what to do.
	Message  string   `json:"message"`
	Evidence Evidence `json:"evidence"`
}

// Evidence is what a Finding rests on.
type Evidence struct {
	// RefLengths and Lengths are the lengths in characters of the
	// paragraphs of Keys and LangKeys.
	RefLengths []int `json:"ref_lengths"`
	Lengths    []int `json:"lengths"`
	// Ratio is c, Lang's characters per reference character, estimated
	// from the rows the file pairs (a paragraph a gap leaves unpaired does
	// not count) whose lengths fit each other.
	Ratio float64 `json:"ratio"`
	// Cost is the cost in nats of the suspected grouping, FileCost that of
	// the same rows paired as the file pairs them: −ln of the probability
	// of the lengths and the beads, plus the anchors' penalties.
	Cost     float64 `json:"cost"`
	FileCost float64 `json:"file_cost,omitempty"`
	// Anchors are the shared numbers, names and marks that tie the
	// paragraphs the finding pairs, as "[en] 4 ~ [fr] 3: 2170, 2014".
	Anchors []string `json:"anchors,omitempty"`
}

// Row is one aligned paragraph of a statement: its key and its text in
// each language that has it, as statement.Paragraph holds them (the
// statement package uses this one's LikelyGap for its own hints, so this
// one cannot import it). A language without text in a row has a gap
// declared there.
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

// Statement is a statement as Check reads it.
type Statement struct {
	ID string
	// Languages are its language codes in order; the first is the
	// reference every other is aligned with.
	Languages []string
	Rows      []Row
	// Positional is set when no section numbers its paragraphs, so that
	// keys are positions: moving a gap is then an edit of the front matter
	// alone, while numbered paragraphs must be renumbered too.
	Positional bool
}

// Check is Statement{ID: id, Languages: langs, Rows: rows}.Check(): the
// check of a statement whose sections may number their paragraphs.
func Check(id string, langs []string, rows []Row) ([]Finding, []Skip) {
	return Statement{ID: id, Languages: langs, Rows: rows}.Check()
}

// Check aligns every language of the statement with its first (reference)
// language, by the lengths of their paragraphs and the anchors they share,
// compares that alignment with the file's own pairing (its rows, with the
// gaps it declares), and reports where the file pairs paragraphs wrongly
// and why: a misplaced gap, a shift, a junk line, a merge, a split, or
// lengths nothing explains. What it did not check is a Skip: a statement
// with one language, a language sharing no row with the reference, one
// with more than MaxParagraphs paragraphs; and, as a partial Skip, one
// aligned only near the file's pairing.
func (s Statement) Check() ([]Finding, []Skip) {
	id, langs := s.ID, s.Languages
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
		c := newPairCheck(s, ref, lang)
		n := max(len(c.a), len(c.b))
		switch {
		case c.shared == 0:
			skips = append(skips, Skip{Statement: id, RefLang: ref, Lang: lang,
				Message: fmt.Sprintf("[%s] not aligned with [%s]: no paragraph has text in both (check the gaps declared for each)", lang, ref)})
			continue
		case n > MaxParagraphs:
			skips = append(skips, Skip{Statement: id, RefLang: ref, Lang: lang, Rows: c.shared,
				Message: fmt.Sprintf("[%s] not aligned with [%s]: %d paragraphs in both, over the limit of %d that check aligns; check it by reading, or split the statement", lang, ref, n, MaxParagraphs)})
			continue
		case (n+1)*(n+1) > fullCells:
			skips = append(skips, Skip{Statement: id, RefLang: ref, Lang: lang, Rows: c.shared, Partial: true,
				Message: fmt.Sprintf("[%s] aligned with [%s] only within %d paragraphs of the file's pairing: %d paragraphs in both, over the %d × %d searched in full; a shift of more paragraphs than that is not found", lang, ref, bandWidth, n, fullSide, fullSide)})
		}
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

// pairCheck is the check of one language against the reference language.
type pairCheck struct {
	st, ref, lang string
	positional    bool
	// rows are the statement's rows where ref or lang has text; the file
	// pairs them row by row, a row with text in one only being a gap
	// declared for the other.
	rows []Row
	// refRow and langRow give the row of each paragraph of a and b.
	refRow, langRow []int
	ta, tb          []string // the paragraphs' texts in ref and in lang
	a, b            []int    // their lengths
	shared          int      // rows with text in both
	// gaps are the keys of every row without text in a language: the gaps
	// the front matter declares for it, as a reader would find them there.
	gaps  map[string][]string
	an    *anchors
	model Model
}

func newPairCheck(s Statement, ref, lang string) *pairCheck {
	c := &pairCheck{st: s.ID, ref: ref, lang: lang, positional: s.Positional, gaps: map[string][]string{}}
	for _, r := range s.Rows {
		ta, okA := r.Text[ref]
		tb, okB := r.Text[lang]
		if !okA {
			c.gaps[ref] = append(c.gaps[ref], r.Key)
		}
		if !okB {
			c.gaps[lang] = append(c.gaps[lang], r.Key)
		}
		if !okA && !okB {
			continue
		}
		if okA {
			c.refRow = append(c.refRow, len(c.rows))
			c.ta = append(c.ta, ta)
			c.a = append(c.a, Length(ta))
		}
		if okB {
			c.langRow = append(c.langRow, len(c.rows))
			c.tb = append(c.tb, tb)
			c.b = append(c.b, Length(tb))
		}
		if okA && okB {
			c.shared++
		}
		c.rows = append(c.rows, r)
	}
	return c
}

// fileBeads returns the file's pairing as beads, one per row, with their
// costs.
func (c *pairCheck) fileBeads() []Bead {
	beads := make([]Bead, 0, len(c.rows))
	i, j := 0, 0
	for _, r := range c.rows {
		na, nb := 0, 0
		if _, ok := r.Text[c.ref]; ok {
			na = 1
		}
		if _, ok := r.Text[c.lang]; ok {
			nb = 1
		}
		beads = append(beads, c.bead(i, na, j, nb))
		i, j = i+na, j+nb
	}
	return beads
}

// bead returns the bead of paragraphs [i, i+na) of a and [j, j+nb) of b
// with its costs under c's model and anchors.
func (c *pairCheck) bead(i, na, j, nb int) Bead {
	var prior float64
	for _, mv := range moves {
		if mv.a == na && mv.b == nb {
			prior = mv.prior
		}
	}
	mv := move{a: na, b: nb}
	lc := c.model.beadLengthCost(mv, sum(c.a[i:i+na]), sum(c.b[j:j+nb]))
	ac := c.an.cost(i, na, j, nb)
	return Bead{AStart: i, A: na, BStart: j, B: nb, Cost: prior + lc + ac, LengthCost: lc, AnchorCost: ac}
}

// pairedModel is rowModel over the pairs of beads that are 1-1: the ratio
// comes from paragraphs paired with each other only, never from one a gap
// leaves unpaired.
func (c *pairCheck) pairedModel(beads []Bead) Model {
	var pa, pb []int
	for _, bd := range beads {
		if bd.A == 1 && bd.B == 1 {
			pa, pb = append(pa, c.a[bd.AStart]), append(pb, c.b[bd.BStart])
		}
	}
	if len(pa) == 0 {
		return ModelFor(c.a, c.b)
	}
	return rowModel(pa, pb)
}

// findings aligns the two languages and compares the alignment with the
// file's pairing, stretch by stretch: where both pass through the same
// point, the file agrees with the alignment; between two such points it
// does not, and the beads of each say why.
func (c *pairCheck) findings() []Finding {
	c.an = newAnchors(c.ta, c.tb)
	c.model = c.pairedModel(c.fileBeads())
	best := c.model.align(c.a, c.b, c.an)
	// The file's pairs may be shifted; the alignment's are the best guess
	// of the true ones, so the ratio is estimated again from them.
	if m := c.pairedModel(best); math.Abs(m.Ratio-c.model.Ratio) > 0.005*c.model.Ratio {
		c.model = m
		best = c.model.align(c.a, c.b, c.an)
	}
	file := c.fileBeads()
	var out []Finding
	for fi, bi := 0, 0; fi < len(file) && bi < len(best); {
		fe, be := fi, bi
		for end(file[fe]) != end(best[be]) {
			if pf, pb := end(file[fe]), end(best[be]); pf.i+pf.j <= pb.i+pb.j {
				fe++
			} else {
				be++
			}
		}
		out = append(out, c.stretch(fi, file[fi:fe+1], best[bi:be+1])...)
		fi, bi = fe+1, be+1
	}
	return out
}

type point struct{ i, j int }

func end(b Bead) point { return point{b.AStart + b.A, b.BStart + b.B} }

func beadsCost(beads []Bead) float64 {
	var c float64
	for _, b := range beads {
		c += b.Cost
	}
	return c
}

// stretch compares the file's beads (from row r0) and the alignment's
// between two points both pass through.
func (c *pairCheck) stretch(r0 int, file, best []Bead) []Finding {
	if len(file) == 1 && len(best) == 1 {
		return c.agreed(r0, file[0])
	}
	fileCost, bestCost := beadsCost(file), beadsCost(best)
	if fileCost-bestCost < Margin {
		// Not enough better than the file's pairing to say it is wrong:
		// only its own pairs and gaps are worth a look.
		var out []Finding
		for k, bd := range file {
			out = append(out, c.agreed(r0+k, bd)...)
		}
		return out
	}
	return c.causes(r0, file, best)
}

// agreed checks one row the alignment pairs as the file does: a pair of
// improbable lengths, a junk line in a pair, a junk paragraph in a gap.
func (c *pairCheck) agreed(r int, bd Bead) []Finding {
	switch {
	case bd.A == 1 && bd.B == 1:
		if f, ok := c.junkLine(bd.AStart, bd.BStart); ok {
			return []Finding{f}
		}
		if lc := c.model.LengthCost(c.a[bd.AStart], c.b[bd.BStart]); lc > LengthThreshold {
			return []Finding{c.length(bd.AStart, bd.BStart, lc)}
		}
	case bd.A == 0 && isJunk(c.tb[bd.BStart]):
		return []Finding{c.junkParagraph(c.lang, bd.BStart, -1)}
	case bd.B == 0 && isJunk(c.ta[bd.AStart]):
		return []Finding{c.junkParagraph(c.ref, bd.AStart, -1)}
	}
	return nil
}

// causes explains a stretch where the alignment fits far better than the
// file's pairing: each merge or split of the alignment, each paragraph it
// leaves unpaired, set against the gaps the file declares in the stretch.
func (c *pairCheck) causes(r0 int, file, best []Bead) []Finding {
	var langGaps, refGaps []int // rows of the file's gaps in the stretch
	for k, bd := range file {
		switch {
		case bd.B == 0:
			langGaps = append(langGaps, r0+k)
		case bd.A == 0:
			refGaps = append(refGaps, r0+k)
		}
	}
	var missing, extra []int // best's unpaired paragraphs of a, of b
	var out []Finding
	pure := len(file) == len(best)
	newRow := map[int]int{} // best bead index → row, in a pure stretch
	for k := range best {
		newRow[k] = r0 + k
	}
	missingAt, extraAt := map[int]int{}, map[int]int{} // paragraph → bead index
	for k := 0; k < len(best); k++ {
		bd := best[k]
		switch {
		case bd.B == 0 && k+1 < len(best) && best[k+1].A == 0,
			bd.A == 0 && k+1 < len(best) && best[k+1].B == 0:
			// Unpaired on both sides at one place: the two do not
			// translate each other.
			i, j := bd.AStart, bd.BStart
			if f, ok := c.junkLine(i, j); ok {
				out = append(out, f)
			} else {
				out = append(out, c.length(i, j, c.model.LengthCost(c.a[i], c.b[j])))
			}
			pure = false
			k++
		case bd.B == 0:
			missingAt[bd.AStart] = k
			missing = append(missing, bd.AStart)
		case bd.A == 0:
			extraAt[bd.BStart] = k
			extra = append(extra, bd.BStart)
		case bd.A == 2 && bd.B == 1:
			var gap int
			gap, langGaps = takeFirst(langGaps)
			out = append(out, c.merge(bd, gap, file, best))
			pure = false
		case bd.A == 1 && bd.B == 2:
			var gap int
			gap, refGaps = takeFirst(refGaps)
			out = append(out, c.split(bd, gap, file, best))
			pure = false
		case bd.A == 2 && bd.B == 2:
			out = append(out, c.boundary(bd))
			pure = false
		}
	}
	// What a gap the file declares in the stretch pairs with: a paragraph
	// the alignment leaves unpaired on the same side.
	var moves []gapMove
	for len(missing) > 0 && len(langGaps) > 0 {
		i := missing[0]
		to := c.rows[c.refRow[i]].Key
		if pure {
			to = c.rows[newRow[missingAt[i]]].Key
		}
		moves = append(moves, gapMove{lang: c.lang, from: c.rows[langGaps[0]].Key, to: to, para: i})
		missing, langGaps = missing[1:], langGaps[1:]
	}
	var refMoves []gapMove
	for len(extra) > 0 && len(refGaps) > 0 {
		j := extra[0]
		if isJunk(c.tb[j]) || isFraming(c.tb[j], j == 0) {
			f := c.junkParagraph(c.lang, j, refGaps[0])
			f.Keys, f.LangKeys = c.keysOf(r0, file)
			f.Evidence = c.evidence(file, best)
			out = append(out, f)
		} else {
			to := c.rows[c.langRow[j]].Key
			if pure {
				to = c.rows[newRow[extraAt[j]]].Key
			}
			refMoves = append(refMoves, gapMove{lang: c.ref, from: c.rows[refGaps[0]].Key, to: to, para: j})
		}
		extra, refGaps = extra[1:], refGaps[1:]
	}
	if len(moves) > 0 {
		out = append(out, c.misplaced(moves, r0, file, best, pure))
	}
	if len(refMoves) > 0 {
		out = append(out, c.misplaced(refMoves, r0, file, best, pure))
	}
	for _, i := range missing {
		out = append(out, c.missing(i, file, best))
	}
	for _, j := range extra {
		if isJunk(c.tb[j]) || isFraming(c.tb[j], j == 0) {
			out = append(out, c.junkParagraph(c.lang, j, -1))
			continue
		}
		out = append(out, c.extra(j, file, best))
	}
	for _, r := range append(langGaps, refGaps...) {
		out = append(out, c.needlessGap(r, file, best))
	}
	return out
}

func takeFirst(rows []int) (int, []int) {
	if len(rows) == 0 {
		return -1, nil
	}
	return rows[0], rows[1:]
}

// gapMove is a gap of lang declared at from that belongs at to; para is
// the paragraph of the other language it leaves unpaired there.
type gapMove struct {
	lang, from, to string
	para           int
}

// evidence gives the stretch's rows with the costs of both pairings and
// the anchors that tie the alignment's pairs.
func (c *pairCheck) evidence(file, best []Bead) Evidence {
	ev := Evidence{Ratio: math.Round(c.model.Ratio*1000) / 1000, Cost: round(beadsCost(best)), FileCost: round(beadsCost(file))}
	first, last := file[0], file[len(file)-1]
	ev.RefLengths = c.a[first.AStart : last.AStart+last.A : last.AStart+last.A]
	ev.Lengths = c.b[first.BStart : last.BStart+last.B : last.BStart+last.B]
	// The anchors of the alignment's pairs that the file pairs otherwise.
	filePair := map[point]bool{}
	for _, bd := range file {
		if bd.A == 1 && bd.B == 1 {
			filePair[point{bd.AStart, bd.BStart}] = true
		}
	}
	for _, bd := range best {
		if bd.A == 0 || bd.B == 0 || filePair[point{bd.AStart, bd.BStart}] || len(ev.Anchors) == 3 {
			continue
		}
		if sh := c.an.shared(bd.AStart, bd.BStart, 4); len(sh) > 0 {
			ev.Anchors = append(ev.Anchors, fmt.Sprintf("[%s] %s ~ [%s] %s: %s", c.ref, c.rows[c.refRow[bd.AStart]].Key, c.lang, c.rows[c.langRow[bd.BStart]].Key, strings.Join(sh, ", ")))
		}
	}
	return ev
}

// beadEvidence gives the evidence of one bead of the alignment: its
// lengths and cost, and the cost of its paragraphs paired one to one from
// its start, as the file would pair them.
func (c *pairCheck) beadEvidence(x Bead, ra, rb []int) Evidence {
	var fileCost float64
	for k := 0; k < max(x.A, x.B); k++ {
		na, nb := min(1, len(c.a)-x.AStart-k), min(1, len(c.b)-x.BStart-k)
		if na+nb > 0 {
			fileCost += c.bead(min(x.AStart+k, len(c.a)-na), na, min(x.BStart+k, len(c.b)-nb), nb).Cost
		}
	}
	return Evidence{RefLengths: ra, Lengths: rb, Ratio: math.Round(c.model.Ratio*1000) / 1000, Cost: round(x.Cost), FileCost: round(fileCost)}
}

// keysOf returns the keys of the rows the file's beads of a stretch cover,
// and of those among them with text in lang.
func (c *pairCheck) keysOf(r0 int, file []Bead) (keys, langKeys []string) {
	for k, bd := range file {
		keys = append(keys, c.rows[r0+k].Key)
		if bd.B > 0 {
			langKeys = append(langKeys, c.rows[r0+k].Key)
		}
	}
	return keys, langKeys
}

func (c *pairCheck) finding(kind Kind, cause Cause, keys, langKeys []string, ev Evidence, fix, format string, args ...any) Finding {
	return Finding{Statement: c.st, RefLang: c.ref, Lang: c.lang, Kind: kind, Cause: cause, Fix: fix,
		Keys: keys, LangKeys: langKeys, Message: fmt.Sprintf(format, args...), Evidence: ev}
}

func round(x float64) float64 { return math.Round(x*10) / 10 }

func (c *pairCheck) refKey(i int) string  { return c.rows[c.refRow[i]].Key }
func (c *pairCheck) langKey(j int) string { return c.rows[c.langRow[j]].Key }

// misplaced reports gaps of one language declared at the wrong rows.
func (c *pairCheck) misplaced(moves []gapMove, r0 int, file, best []Bead, pure bool) Finding {
	lang, other := moves[0].lang, c.lang
	if lang == c.lang {
		other = c.ref
	}
	var from, to []string
	for _, m := range moves {
		from, to = append(from, m.from), append(to, m.to)
	}
	after := slicesReplace(c.gaps[lang], from, to)
	fix := gapEdit(lang, c.gaps[lang], after)
	if renumber := c.renumbering(r0, file, best, pure, lang == c.ref); renumber != "" && !c.positional {
		fix += "; if the [" + lang + "] section numbers its paragraphs, also " + renumber
	}
	keys, langKeys := c.keysOf(r0, file)
	ev := c.evidence(file, best)
	var what string
	if lang == c.lang {
		what = fmt.Sprintf("[%s] lacks the translation of [%s] %s, not of %s", lang, other, plural(len(to), "paragraph", "paragraphs")+" "+strings.Join(to, ", "), strings.Join(from, ", "))
	} else {
		what = fmt.Sprintf("[%s] %s no counterpart in [%s] at %s, not at %s", other, plural(len(to), "has", "have"), lang, strings.Join(to, ", "), strings.Join(from, ", "))
	}
	return c.finding(KindShift, CauseMisplacedGap, keys, langKeys, ev, fix,
		"the [%s] %s declared at %s %s at %s: %s, so from paragraph %s %s the file pairs paragraphs with their neighbours' translations (as the file pairs them these rows cost %.1f, with the %s moved %.1f%s). To mend it, %s",
		lang, plural(len(from), "gap", "gaps"), strings.Join(from, ", "), plural(len(from), "belongs", "belong"), strings.Join(to, ", "), what,
		keys[0], c.upTo(r0+len(file)), ev.FileCost, plural(len(from), "gap", "gaps"), ev.Cost, anchorNote(ev), fix)
}

// renumbering says how the paragraphs of the side whose gaps move change
// rows, in a stretch where each bead of the alignment takes one row: "renumber
// [fr] paragraphs 2, 3, 4 as 1, 2, 3". Empty when none moves or the
// stretch is not one of gaps alone.
func (c *pairCheck) renumbering(r0 int, file, best []Bead, pure, refSide bool) string {
	if !pure {
		return ""
	}
	var from, to []string
	lang := c.lang
	if refSide {
		lang = c.ref
	}
	for k, bd := range best {
		var old string
		switch {
		case refSide && bd.A == 1:
			old = c.refKey(bd.AStart)
		case !refSide && bd.B == 1:
			old = c.langKey(bd.BStart)
		default:
			continue
		}
		if nw := c.rows[r0+k].Key; nw != old {
			from, to = append(from, old), append(to, nw)
		}
	}
	if len(from) == 0 {
		return ""
	}
	return fmt.Sprintf("renumber [%s] %s as %s", lang, plural(len(from), "paragraph", "paragraphs")+" "+span(from), span(to))
}

// span writes keys as "2, 3, 4", or "6 to 13" for more than four.
func span(keys []string) string {
	if len(keys) > 4 {
		return keys[0] + " to " + keys[len(keys)-1]
	}
	return strings.Join(keys, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func anchorNote(ev Evidence) string {
	if len(ev.Anchors) == 0 {
		return ""
	}
	return "; shared anchors " + strings.Join(ev.Anchors, "; ")
}

// slicesReplace returns keys with each of from replaced by the matching
// to, in the order of the rows (numbers before their inserted rows).
func slicesReplace(keys, from, to []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		keep := true
		for _, f := range from {
			if k == f {
				keep = false
			}
		}
		if keep {
			out = append(out, k)
		}
	}
	for _, t := range to {
		if t != "" {
			out = append(out, t)
		}
	}
	sortKeys(out)
	return out
}

// sortKeys sorts row keys as rows are ordered: by number, then letter.
func sortKeys(keys []string) {
	num := func(k string) (int, string) {
		n, i := 0, 0
		for i < len(k) && k[i] >= '0' && k[i] <= '9' {
			n = n*10 + int(k[i]-'0')
			i++
		}
		return n, k[i:]
	}
	for x := 1; x < len(keys); x++ {
		for y := x; y > 0; y-- {
			n1, s1 := num(keys[y-1])
			n2, s2 := num(keys[y])
			if n1 < n2 || n1 == n2 && s1 <= s2 {
				break
			}
			keys[y-1], keys[y] = keys[y], keys[y-1]
		}
	}
}

// gapEdit writes the edit of the front matter that turns lang's declared
// gaps from before to after.
func gapEdit(lang string, before, after []string) string {
	list := func(keys []string) string { return "gaps: {" + lang + ": [" + strings.Join(keys, ", ") + "]}" }
	switch {
	case len(before) == 0 && len(after) == 0:
		return ""
	case len(before) == 0:
		return "add " + list(after)
	case len(after) == 0:
		return "delete " + lang + ": [" + strings.Join(before, ", ") + "] from gaps"
	}
	return "change " + list(before) + " to " + list(after)
}

// upTo names where a stretch ending before row r ends, for messages.
func (c *pairCheck) upTo(r int) string {
	if r >= len(c.rows) {
		return "to the end of the statement"
	}
	return "up to paragraph " + c.rows[r-1].Key
}

// quoteLine gives a line for a message: whole when it is short enough to
// find and delete as it stands, else its first words.
func quoteLine(text string) string {
	if Length(text) <= 100 {
		return "\"" + strings.Join(strings.Fields(text), " ") + "\""
	}
	return quote(text)
}

// quote gives the start of a text for a message: its first words.
func quote(text string) string {
	words := strings.Fields(text)
	if len(words) <= 6 {
		return "\"" + strings.Join(words, " ") + "\""
	}
	return "\"" + strings.Join(words[:6], " ") + " …\""
}

// length reports paragraphs i of a and j of b, paired, whose lengths
// nothing else explains.
func (c *pairCheck) length(i, j int, cost float64) Finding {
	k, kb, la, lb := c.refKey(i), c.langKey(j), c.a[i], c.b[j]
	expected := int(math.Round(c.model.Ratio * float64(la)))
	ev := Evidence{RefLengths: []int{la}, Lengths: []int{lb}, Ratio: math.Round(c.model.Ratio*1000) / 1000, Cost: round(cost)}
	if lb < expected {
		fix := fmt.Sprintf("complete [%s] paragraph %s from the published [%s] text, or move back into it what sits in its neighbours", c.lang, kb, c.lang)
		return c.finding(KindLength, CauseLength, []string{k}, []string{kb}, ev, fix,
			"[%s] paragraph %s is %d characters for %d in [%s] (about %d expected at this statement's ratio of %.2f): too short to be its whole translation. Check that the [%s] text of paragraph %s is complete and translates [%s] paragraph %s, not a neighbour; if part of it sits in the paragraph before or after, move it",
			c.lang, kb, lb, la, c.ref, expected, c.model.Ratio, c.lang, kb, c.ref, k)
	}
	fix := fmt.Sprintf("remove from [%s] paragraph %s what does not translate [%s] paragraph %s, or move it to the paragraph it belongs to", c.lang, kb, c.ref, k)
	return c.finding(KindLength, CauseLength, []string{k}, []string{kb}, ev, fix,
		"[%s] paragraph %s is %d characters for %d in [%s] (about %d expected at this statement's ratio of %.2f): too long to be only its translation. Check whether it also holds the next paragraph's text (a missing blank line or number joins them) and that it translates [%s] paragraph %s",
		c.lang, kb, lb, la, c.ref, expected, c.model.Ratio, c.ref, k)
}

// merge reports a 2-1 bead: the translation joined two paragraphs; gap is
// the row of a gap the file declares for lang to make up for it, or -1.
func (c *pairCheck) merge(x Bead, gap int, file, best []Bead) Finding {
	i, j := x.AStart, x.BStart
	k1, k2, kb := c.refKey(i), c.refKey(i+1), c.langKey(j)
	ev := c.beadEvidence(x, c.a[i:i+2:i+2], []int{c.b[j]})
	fix := fmt.Sprintf("split [%s] paragraph %s in two", c.lang, kb)
	if at, ok := c.splitPoint(i, c.tb[j]); ok {
		fix += " before " + quote(at)
	}
	if gap >= 0 {
		fix += "; " + gapEdit(c.lang, c.gaps[c.lang], slicesReplace(c.gaps[c.lang], []string{c.rows[gap].Key}, nil))
	}
	return c.finding(KindMerge, CauseMerge, []string{k1, k2}, []string{kb}, ev, fix,
		"[%s] paragraph %s (%d characters) reads like the translation of [%s] paragraphs %s and %s together (%d + %d characters): the translation joined them, and the file then pairs [%s] paragraphs with the translation of the next one%s. To mend it, %s",
		c.lang, kb, c.b[j], c.ref, k1, k2, c.a[i], c.a[i+1], c.ref, gapClause(c, gap, c.lang), fix)
}

// gapClause says which declared gap made up for a merge or split.
func gapClause(c *pairCheck, gap int, lang string) string {
	if gap < 0 {
		return ""
	}
	return fmt.Sprintf(", up to the [%s] gap declared at %s that made up the count", lang, c.rows[gap].Key)
}

// splitPoint finds where in text (a merge of paragraphs i and i+1 of a)
// the second begins: the sentence or line boundary that best fits both
// lengths and anchors.
func (c *pairCheck) splitPoint(i int, text string) (string, bool) {
	segs := segments(text)
	if len(segs) < 2 || i+1 >= len(c.a) {
		return "", false
	}
	best, at := math.Inf(1), 0
	for k := 1; k < len(segs); k++ {
		p1, p2 := strings.Join(segs[:k], " "), strings.Join(segs[k:], " ")
		cost := c.model.LengthCost(c.a[i], Length(p1)) + c.model.LengthCost(c.a[i+1], Length(p2)) +
			c.an.textCost(i, p1) + c.an.textCost(i+1, p2)
		if cost < best {
			best, at = cost, k
		}
	}
	return segs[at], true
}

// split reports a 1-2 bead: the translation split one paragraph in two;
// gap is the row of a gap the file declares for ref to make up for it, or -1.
func (c *pairCheck) split(x Bead, gap int, file, best []Bead) Finding {
	i, j := x.AStart, x.BStart
	k, j1, j2 := c.refKey(i), c.langKey(j), c.langKey(j+1)
	ev := c.beadEvidence(x, []int{c.a[i]}, c.b[j:j+2:j+2])
	fix := fmt.Sprintf("join [%s] paragraphs %s and %s into one: delete the blank line between them, or, if the [%s] section numbers its paragraphs, give both the number %s", c.lang, j1, j2, c.lang, k)
	if c.positional {
		fix = fmt.Sprintf("join [%s] paragraphs %s and %s into one: delete the blank line between them", c.lang, j1, j2)
	}
	if gap >= 0 {
		fix += "; " + gapEdit(c.ref, c.gaps[c.ref], slicesReplace(c.gaps[c.ref], []string{c.rows[gap].Key}, nil))
	}
	return c.finding(KindSplit, CauseSplit, []string{k}, []string{j1, j2}, ev, fix,
		"[%s] paragraph %s (%d characters) reads like it is translated by [%s] paragraphs %s and %s together (%d + %d characters): the translation split it, and the file then pairs [%s] paragraphs with the translation of the one before%s. To mend it, %s",
		c.ref, k, c.a[i], c.lang, j1, j2, c.b[j], c.b[j+1], c.ref, gapClause(c, gap, c.ref), fix)
}

// boundary reports a 2-2 bead: two paragraphs whose text the translation
// divides at another place.
func (c *pairCheck) boundary(x Bead) Finding {
	i, j := x.AStart, x.BStart
	ev := Evidence{RefLengths: c.a[i : i+2 : i+2], Lengths: c.b[j : j+2 : j+2], Ratio: math.Round(c.model.Ratio*1000) / 1000, Cost: round(x.Cost)}
	fix := fmt.Sprintf("move the sentences across the boundary of [%s] paragraphs %s and %s so that each translates its [%s] paragraph", c.lang, c.langKey(j), c.langKey(j+1), c.ref)
	return c.finding(KindLength, CauseLength, []string{c.refKey(i), c.refKey(i + 1)}, []string{c.langKey(j), c.langKey(j + 1)}, ev, fix,
		"[%s] paragraphs %s and %s translate [%s] paragraphs %s and %s together, but divide the text at another place: %s",
		c.lang, c.langKey(j), c.langKey(j+1), c.ref, c.refKey(i), c.refKey(i+1), fix)
}

// missing reports a paragraph of ref the translation lacks, with no gap
// declared for it (something else in the stretch, a split, makes up the
// count).
func (c *pairCheck) missing(i int, file, best []Bead) Finding {
	k := c.refKey(i)
	ev := c.evidence(file, best)
	fix := gapEdit(c.lang, c.gaps[c.lang], slicesReplace(c.gaps[c.lang], nil, []string{k}))
	return c.finding(KindShift, CauseShift, []string{k}, nil, ev, fix,
		"[%s] lacks the translation of [%s] paragraph %s, and no gap is declared there, so the file pairs the [%s] paragraphs after it with their neighbours' translations (as the file pairs them these rows cost %.1f, with the gap %.1f%s). If the [%s] text lacks it, %s",
		c.lang, c.ref, k, c.ref, ev.FileCost, ev.Cost, anchorNote(ev), c.lang, fix)
}

// extra reports a paragraph of lang with no counterpart in ref, that is
// no junk, with no gap declared for ref there.
func (c *pairCheck) extra(j int, file, best []Bead) Finding {
	kb := c.langKey(j)
	ev := c.evidence(file, best)
	fix := fmt.Sprintf("remove [%s] paragraph %s (%s) if it translates nothing; if the [%s] publication lacks it, %s", c.lang, kb, quote(c.tb[j]), c.ref,
		gapEdit(c.ref, c.gaps[c.ref], slicesReplace(c.gaps[c.ref], nil, []string{kb})))
	return c.finding(KindShift, CauseShift, []string{kb}, []string{kb}, ev, fix,
		"[%s] paragraph %s (%s) has no counterpart in [%s], so the file pairs the [%s] paragraphs after it with their neighbours' translations (as the file pairs them these rows cost %.1f, with it unpaired %.1f%s). %s",
		c.lang, kb, quote(c.tb[j]), c.ref, c.lang, ev.FileCost, ev.Cost, anchorNote(ev), upper(fix))
}

// needlessGap reports a gap the file declares where the alignment pairs
// every paragraph.
func (c *pairCheck) needlessGap(r int, file, best []Bead) Finding {
	lang := c.lang
	if _, ok := c.rows[r].Text[c.ref]; !ok {
		lang = c.ref
	}
	key := c.rows[r].Key
	ev := c.evidence(file, best)
	fix := gapEdit(lang, c.gaps[lang], slicesReplace(c.gaps[lang], []string{key}, nil))
	return c.finding(KindShift, CauseMisplacedGap, []string{key}, nil, ev, fix,
		"the [%s] gap declared at %s pairs nothing: every paragraph around it has its translation (as the file pairs them these rows cost %.1f, without the gap %.1f). %s",
		lang, key, ev.FileCost, ev.Cost, upper(fix))
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Where names the finding's paragraphs for a report: "paragraph 8",
// "paragraphs 5 and 6", "paragraphs 6–13" for a shifted stretch.
func (f Finding) Where() string {
	keys := f.Keys
	switch {
	case len(keys) == 1:
		return "paragraph " + keys[0]
	case len(keys) == 0 && len(f.LangKeys) > 0:
		return "[" + f.Lang + "] paragraph " + f.LangKeys[0]
	case f.Kind == KindShift && len(keys) > 2:
		return "paragraphs " + keys[0] + "–" + keys[len(keys)-1]
	}
	return "paragraphs " + strings.Join(keys, " and ")
}

// String gives the finding as one line for a terminal report.
func (f Finding) String() string {
	return fmt.Sprintf("%s/%s %s, %s (%s): %s", f.RefLang, f.Lang, f.Where(), f.Kind, f.Cause, f.Message)
}
