package align

import (
	"fmt"
	"math"
	"strings"
	"unicode"
)

// junkCues are phrases of the pages statements are copied from that no
// statement translates: sharing widgets, press-office footers, page
// furniture, in the archive's languages. A line holding one is junk when
// its paragraph's counterpart has none and taking it out makes the pair's
// lengths fit better.
var junkCues = []string{
	"http://", "https://", "www.",
	"follow us", "suivez-nous", "suivez nous", "folgen sie uns", "síguenos",
	"share this", "partager cette", "diese seite teilen",
	"print this", "imprimer cette",
	"not an official record", "document non officiel", "kein offizielles dokument",
	"for information media", "organes d'information", "organes d’information",
	"last updated", "mis à jour le", "zuletzt aktualisiert",
	"subscribe to", "abonnez-vous", "newsletter",
	"back to top", "haut de page",
	"* *** *", "*   ***   *",
}

// framingCues are phrases of a sentence that introduces a statement
// rather than belonging to it ("The following press statement was issued
// today by …:"), ending with a colon.
var framingCues = []string{"the following", "following is", "ci-après", "ci-dessous", "suivante a été", "suivant a été", "nachstehend", "folgende"}

// isJunk reports whether a text, a line or a whole paragraph, reads as
// page furniture: a junk cue in at most 300 characters, or no letter at all.
func isJunk(text string) bool {
	if Length(text) > 300 {
		return false
	}
	if strings.IndexFunc(text, unicode.IsLetter) < 0 {
		return true
	}
	low := strings.ToLower(text)
	for _, cue := range junkCues {
		if strings.Contains(low, cue) {
			return true
		}
	}
	return false
}

// isFraming reports whether a text reads as a sentence framing the
// statement: short, ending with a colon, with a framing cue or (first)
// at the start of its section.
func isFraming(text string, first bool) bool {
	t := strings.TrimSpace(text)
	if Length(t) > 400 || !strings.HasSuffix(t, ":") {
		return false
	}
	if first {
		return true
	}
	low := strings.ToLower(t)
	for _, cue := range framingCues {
		if strings.Contains(low, cue) {
			return true
		}
	}
	return false
}

// segments splits a paragraph into its lines and sentences, each trimmed:
// the units a junk line or a merged paragraph's boundary is looked for in.
func segments(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		rs := []rune(line)
		start := 0
		for i := 0; i+2 < len(rs); i++ {
			if !strings.ContainsRune(".!?:", rs[i]) || !unicode.IsSpace(rs[i+1]) {
				continue
			}
			next := rs[i+2]
			if unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune("«“\"(*•-–—@", next) {
				if s := strings.TrimSpace(string(rs[start : i+1])); s != "" {
					out = append(out, s)
				}
				start = i + 2
			}
		}
		if s := strings.TrimSpace(string(rs[start:])); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// junkLine looks in paragraphs i of a and j of b, paired, for a line of
// one that is junk: one with a junk cue (or, at the start of the first
// paragraph, a framing sentence) whose counterpart has none, and without
// which the pair's lengths fit better.
func (c *pairCheck) junkLine(i, j int) (Finding, bool) {
	type side struct {
		lang, other string
		text, peer  string
		idx         int
	}
	for _, s := range []side{{c.lang, c.ref, c.tb[j], c.ta[i], j}, {c.ref, c.lang, c.ta[i], c.tb[j], i}} {
		segs := segments(s.text)
		if len(segs) < 2 || hasJunk(segments(s.peer), s.idx == 0) {
			continue
		}
		full := c.model.LengthCost(c.a[i], c.b[j])
		bestCost, bestSeg := full, ""
		for k, seg := range segs {
			if !isJunk(seg) && !(k == 0 && isFraming(seg, s.idx == 0)) {
				continue
			}
			rest := Length(s.text) - Length(seg) - 1
			la, lb := c.a[i], rest
			if s.lang == c.ref {
				la, lb = rest, c.b[j]
			}
			if cost := c.model.LengthCost(la, lb); cost < bestCost {
				bestCost, bestSeg = cost, seg
			}
		}
		if bestSeg == "" || full-bestCost < 1 {
			continue
		}
		key, otherKey := c.langKey(j), c.refKey(i)
		if s.lang == c.ref {
			key, otherKey = otherKey, key
		}
		ev := Evidence{RefLengths: []int{c.a[i]}, Lengths: []int{c.b[j]}, Ratio: math.Round(c.model.Ratio*1000) / 1000, Cost: round(bestCost), FileCost: round(full)}
		fix := fmt.Sprintf("remove the line %s from [%s] paragraph %s", quoteLine(bestSeg), s.lang, key)
		return c.finding(KindLength, CauseJunk, []string{c.refKey(i)}, []string{c.langKey(j)}, ev, fix,
			"line %s in [%s] paragraph %s is not a translation of anything in [%s] paragraph %s (with it the pair's lengths, %d and %d characters, cost %.1f; without it %.1f): %s",
			quoteLine(bestSeg), s.lang, key, s.other, otherKey, c.a[i], c.b[j], full, bestCost, fix), true
	}
	return Finding{}, false
}

// hasJunk reports whether any of segs reads as junk.
func hasJunk(segs []string, first bool) bool {
	for k, s := range segs {
		if isJunk(s) || k == 0 && isFraming(s, first) {
			return true
		}
	}
	return false
}

// junkParagraph reports paragraph p of lang (a or b) as translating
// nothing; gap is the row of the gap the file declares for the other
// language to make up for it, or -1.
func (c *pairCheck) junkParagraph(lang string, p, gap int) Finding {
	var text, key, other string
	var keys, langKeys []string
	if lang == c.ref {
		text, key, other = c.ta[p], c.refKey(p), c.lang
		keys = []string{key}
	} else {
		text, key, other = c.tb[p], c.langKey(p), c.ref
		langKeys = []string{key}
	}
	what := "is not a translation of anything"
	if isFraming(text, p == 0) {
		what = "introduces the statement and translates none of it"
	}
	fix := fmt.Sprintf("remove [%s] paragraph %s", lang, key)
	if gap >= 0 {
		fix += "; " + gapEdit(other, c.gaps[other], slicesReplace(c.gaps[other], []string{c.rows[gap].Key}, nil))
		if !c.positional {
			fix += fmt.Sprintf("; if the [%s] section numbers its paragraphs, also renumber those after it, one down", lang)
		}
	}
	ev := Evidence{Ratio: math.Round(c.model.Ratio*1000) / 1000}
	if lang == c.ref {
		ev.RefLengths = []int{c.a[p]}
	} else {
		ev.Lengths = []int{c.b[p]}
	}
	var because string
	if gap >= 0 {
		because = fmt.Sprintf(", and with the [%s] gap declared at %s to make up for it, the file pairs the [%s] paragraphs between the two with the translation of the one before their own", other, c.rows[gap].Key, other)
	}
	kind := KindLength
	if gap >= 0 {
		kind = KindShift
	}
	cause := CauseJunk
	if isFraming(text, p == 0) {
		cause = CauseShift
	}
	return c.finding(kind, cause, keys, langKeys, ev, fix,
		"[%s] paragraph %s (%s) %s%s. To mend it, %s", lang, key, quote(text), what, because, fix)
}
