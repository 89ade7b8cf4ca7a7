package statement

import (
	"slices"
)

// A statement taken from a copy (a reprint, a mirror, a web archive) may
// hold a paragraph only in part, or refer to a footnote whose text the
// copy lacks. The front matter says so, per language, rather than the
// text pretending to be whole:
//
//	cut: {en: [7, n2]}
//
// says that the English text of paragraph 7 is cut short in the copy, and
// that footnote 2's English text is not in it: the [en] section may then
// refer to [^2] with no "[^2]: …" line.

// unknownNote reports whether lang's copy lacks footnote n's text, as cut
// declares.
func (ps *parser) unknownNote(lang string, n int) bool {
	return slices.Contains(ps.cut[lang], Ref{Kind: Footnote, Key: n})
}

// checkCut reports a cut row that its language does not have: neither a
// row of the section nor a footnote its text refers to.
func (ps *parser) checkCut(sections []section) {
	line := ps.listLines["cut"]
	for lang, refs := range ps.cut {
		i := slices.IndexFunc(sections, func(s section) bool { return s.lang == lang })
		if i < 0 {
			ps.addf(line, "cut lists rows of %s, which has no section: remove them, or add its [%s] section", lang, lang)
			continue
		}
		rows := refSet(sections[i])
		referred := map[int]bool{}
		for _, p := range sections[i].paras {
			for _, n := range Notes(p.text) {
				referred[n] = true
			}
		}
		seen := map[Ref]bool{}
		for _, r := range refs {
			switch {
			case seen[r]:
				ps.addf(line, "cut lists [%s] %s twice: keep one", lang, r)
			case rows[r]:
			case r.Kind == Footnote && referred[r.Key]:
				// Its text is not in the copy: the reference stays, unlinked.
			case r.Kind == Footnote:
				ps.addf(line, "cut lists [%s] %s, but the [%s] section neither has footnote %d nor refers to it: remove %s from cut", lang, r, lang, r.Key, r)
			default:
				ps.addf(line, "cut lists [%s] %s, which the [%s] section does not have: list only rows whose text the copy cuts short (a row it lacks altogether is a gap: gaps: {%s: [%s]})", lang, describe(r), lang, lang, r)
			}
			seen[r] = true
		}
	}
}

// cutNotesAsGaps adds to gaps the footnotes a language's copy lacks (cut)
// that another language has: that language's row then has no text there,
// as with a declared gap.
func (ps *parser) cutNotesAsGaps(gaps map[string]gapList, sections []section) map[string]gapList {
	for _, s := range sections {
		rows := refSet(s)
		for _, r := range ps.cut[s.lang] {
			if r.Kind != Footnote || rows[r] || !slices.ContainsFunc(sections, func(o section) bool { return refSet(o)[r] }) {
				continue
			}
			if gaps == nil {
				gaps = map[string]gapList{}
			}
			g := gaps[s.lang]
			if g.line == 0 {
				g.line = ps.listLines["cut"]
			}
			g.refs = append(g.refs, r)
			gaps[s.lang] = g
		}
	}
	return gaps
}
