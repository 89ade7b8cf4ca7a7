package statement

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"statementarchive/internal/align"
)

// endOfText is the next paragraph of a heading after the last paragraph.
var endOfText = Ref{Kind: Body, Key: math.MaxInt}

// noteLine is a footnote's text: "[^1]: …".
var noteLine = regexp.MustCompile(`^\[\^([^\]]*)\]:[ \t\x{00a0}]*(.*)$`)

// block is a row being read: its lines, each running text or a list
// item, kept as the pieces of its wrapped source lines.
type block struct {
	para
	lines [][]string
	// item is set when the last line is a list item.
	item bool
}

func (b *block) newLine(text string, item bool) {
	b.lines = append(b.lines, []string{text})
	b.item = item
}

func (b *block) wrap(text string) {
	last := len(b.lines) - 1
	b.lines[last] = append(b.lines[last], text)
}

func (b *block) finish() para {
	lines := make([]string, 0, len(b.lines))
	for _, l := range b.lines {
		if l[0] == "" {
			l = l[1:] // a number on a line of its own
		}
		if joined := strings.Join(l, " "); joined != "" {
			lines = append(lines, joined)
		}
	}
	b.text = strings.Join(lines, "\n")
	return b.para
}

// paragraphs reads a section's lines into rows:
//   - "N. …" starts paragraph N; any other line after a blank line starts
//     a paragraph without a number (the preamble, before paragraph 1 of a
//     numbered section);
//   - "# …" is a heading, a row of its own; it ends the paragraph above;
//   - "[^N]: …" is footnote N's text;
//   - a line that starts with a list marker (ListItem) is a line of its
//     own in the paragraph; a list item after a blank line still belongs
//     to the numbered paragraph above;
//   - any other line continues the line above, joined with one space:
//     the paragraph's text, or, indented, a list item's.
func (ps *parser) paragraphs(lines []string, firstLine int, lang string) []para {
	var blocks []*block
	var open *block
	for i, raw := range lines {
		lineNo := firstLine + i
		line := strings.TrimRight(raw, " \t")
		text := strings.TrimLeft(line, " \t")
		indented := len(text) < len(line)
		if strings.TrimSpace(text) == "" {
			open = nil
			continue
		}
		if text == "#" || strings.HasPrefix(text, "# ") || strings.HasPrefix(text, "#\t") {
			heading := strings.TrimSpace(text[1:])
			if heading == "" {
				ps.addf(lineNo, "a heading line with no text: write the heading after \"# \", or remove the line")
				open = nil
				continue
			}
			b := &block{para: para{kind: Heading, line: lineNo}}
			b.newLine(heading, false)
			blocks = append(blocks, b)
			open = nil
			continue
		}
		if m := noteLine.FindStringSubmatch(text); m != nil {
			n, err := strconv.Atoi(m[1])
			if err != nil || n < 1 || n > MaxFootnote || strconv.Itoa(n) != m[1] {
				ps.addf(lineNo, "footnote label [^%s] is not a number from 1 to %d: number footnotes as the publication does, [^1], [^2], …, in the text and before their text", m[1], MaxFootnote)
				open = nil
				continue
			}
			b := &block{para: para{kind: Footnote, key: n, line: lineNo}}
			b.newLine(m[2], false)
			blocks = append(blocks, b)
			open = b
			continue
		}
		if number, rest, ok := numbered(text); ok {
			n, err := strconv.Atoi(number)
			if err != nil || n < 1 || n > MaxParagraphKey {
				ps.addf(lineNo, "paragraph number %s is out of range: number paragraphs from 1 to %d", number, MaxParagraphKey)
				n = -1
			}
			b := &block{para: para{kind: Body, key: n, line: lineNo}}
			b.newLine(rest, false)
			blocks = append(blocks, b)
			open = b
			continue
		}
		if _, _, ok := ListItem(text); ok {
			if open == nil && len(blocks) > 0 {
				if last := blocks[len(blocks)-1]; last.kind == Body && last.key != 0 {
					open = last // the list of the numbered paragraph above
				}
			}
			if open != nil {
				open.newLine(text, true)
				continue
			}
			b := &block{para: para{kind: Body, line: lineNo}}
			b.newLine(text, true)
			blocks = append(blocks, b)
			open = b
			continue
		}
		if open != nil {
			if open.item && !indented {
				open.newLine(text, false) // the paragraph goes on after its list
			} else {
				// Collected as pieces and joined once: joining here would
				// be quadratic in the number of wrapped lines.
				open.wrap(text)
			}
			continue
		}
		b := &block{para: para{kind: Body, line: lineNo}}
		b.newLine(text, false)
		blocks = append(blocks, b)
		open = b
	}
	out := make([]para, len(blocks))
	for i, b := range blocks {
		out[i] = b.finish()
		if out[i].kind == Body && out[i].key > 0 && strings.TrimSpace(out[i].text) == "" {
			ps.addf(out[i].line, "paragraph %d has no text: write it after the number, or remove the line", out[i].key)
		}
		if out[i].kind == Footnote && strings.TrimSpace(out[i].text) == "" {
			ps.addf(out[i].line, "footnote %d has no text: write it after \"[^%d]:\", or remove the line", out[i].key, out[i].key)
		}
	}
	return out
}

// assignKeys gives each row of a section its key. Paragraphs take their
// number where the section numbers them, else their position, counting
// the positions the section declares as gaps: with gaps: {fr: [6]}, the
// sixth paragraph of an unnumbered [fr] section is keyed 7, beside the
// other languages' seventh. A number repeated on consecutive paragraphs
// joins them into one row (a paragraph the translation split in two). In
// a numbered section, the text before paragraph 1 is the preamble.
// Headings take their ordinal, skipping declared heading gaps likewise.
func (ps *parser) assignKeys(s *section, gaps gapList) {
	numberedAt := -1
	for i, p := range s.paras {
		if p.kind == Body && p.key != 0 {
			numberedAt = i
			break
		}
	}
	s.numbered = numberedAt >= 0
	var rows []para
	if s.numbered {
		rows = ps.numberedRows(s, numberedAt)
	} else {
		key := ps.first(Body)
		for _, p := range s.paras {
			if p.kind == Body {
				for gaps.has(key) {
					key = ps.after(key)
				}
				p.key, p.sub = key.Key, key.Sub
				key = ps.after(key)
			}
			rows = append(rows, p)
		}
	}
	ps.keyHeadingsAndNotes(s.lang, rows, gaps)
	s.paras = rows
}

// numberedRows reads the rows of a section that numbers its paragraphs,
// whose first numbered paragraph is s.paras[first]: the text before it is
// the preamble, a repeated number joins a split paragraph, and any other
// paragraph without a number is a mistake.
func (ps *parser) numberedRows(s *section, first int) []para {
	var rows []para
	var preamble []string
	preambleLine := 0
	var parts [][]string // the pieces of each joined paragraph, by row
	headingAt := 0
	for i, p := range s.paras {
		switch {
		case p.kind == Heading && headingAt == 0:
			headingAt = p.line
			rows = append(rows, p)
			parts = append(parts, nil)
			continue
		case p.kind != Body:
			rows = append(rows, p)
			parts = append(parts, nil)
			continue
		case p.key < 0:
			continue // out of range, reported already
		case p.key == 0 && i < first && headingAt > 0:
			ps.addf(p.line, "text without a number between the heading at line %d and paragraph 1 of the [%s] section (\"%s\"): a preamble comes before the first heading; move it there, or number it", headingAt, s.lang, Excerpt(p.text, 40))
			continue
		case p.key == 0 && i < first:
			if preambleLine == 0 {
				preambleLine = p.line
			}
			preamble = append(preamble, p.text)
			continue
		case p.key == 0:
			ps.addf(p.line, "%s", unnumberedInNumbered(s, i))
			continue
		}
		if prev := lastBody(rows); prev >= 0 {
			switch {
			case p.key == rows[prev].key:
				parts[prev] = append(parts[prev], p.text)
				continue
			case p.key < rows[prev].key:
				ps.addf(p.line, "paragraph %d comes after paragraph %d in the [%s] section: numbers must increase; fix the number, or repeat a number only on consecutive paragraphs to join a split paragraph", p.key, rows[prev].key, s.lang)
				continue
			}
		}
		rows = append(rows, p)
		parts = append(parts, []string{p.text})
	}
	for i := range rows {
		if rows[i].kind == Body && len(parts[i]) > 1 {
			rows[i].text = strings.Join(parts[i], "\n")
		}
	}
	if len(preamble) > 0 {
		rows = append([]para{{kind: Preamble, text: strings.Join(preamble, "\n"), line: preambleLine}}, rows...)
	}
	return rows
}

func lastBody(rows []para) int {
	for i := len(rows) - 1; i >= 0; i-- {
		if rows[i].kind == Body {
			return i
		}
	}
	return -1
}

// unnumberedInNumbered explains a paragraph without a number after
// paragraph 1 of a numbered section, with the number it most likely has.
func unnumberedInNumbered(s *section, i int) string {
	prev, next := 0, 0
	for j := i - 1; j >= 0; j-- {
		if p := s.paras[j]; p.kind == Body && p.key > 0 {
			prev = p.key
			break
		}
	}
	for j := i + 1; j < len(s.paras); j++ {
		if p := s.paras[j]; p.kind == Body && p.key > 0 {
			next = p.key
			break
		}
	}
	head := fmt.Sprintf("paragraph without a number in the [%s] section, whose other paragraphs are numbered (\"%s\")", s.lang, Excerpt(s.paras[i].text, 40))
	join := "join it to paragraph %d above by removing the blank line before it"
	if prev > 0 && (next == 0 || prev+1 < next) {
		return fmt.Sprintf("%s: if it is paragraph %d, start it with \"%d. \"; if it continues paragraph %d, "+join+"; if it is a heading, start it with \"# \"", head, prev+1, prev+1, prev, prev)
	}
	return fmt.Sprintf("%s: if it continues paragraph %d, "+join+"; if it is a heading, start it with \"# \"; or give it its own number", head, prev, prev)
}

// keyHeadingsAndNotes numbers a section's headings by their order,
// skipping declared heading gaps, notes the paragraph each stands before,
// and checks its footnotes: each defined once, each reference defined.
func (ps *parser) keyHeadingsAndNotes(lang string, rows []para, gaps gapList) {
	ordinal := ps.first(Heading)
	defined := map[int]int{}
	for i := range rows {
		switch rows[i].kind {
		case Heading:
			for gaps.has(ordinal) {
				ordinal = ps.after(ordinal)
			}
			rows[i].key, rows[i].sub = ordinal.Key, ordinal.Sub
			ordinal = ps.after(ordinal)
			if rows[i].key > MaxHeadings {
				ps.addf(rows[i].line, "more than %d headings in the [%s] section: mark only the statement's headings with \"# \"", MaxHeadings, lang)
			}
			rows[i].next = endOfText
			for _, p := range rows[i+1:] {
				if p.kind == Body {
					rows[i].next = p.ref()
					break
				}
			}
		case Footnote:
			if at, dup := defined[rows[i].key]; dup {
				ps.addf(rows[i].line, "footnote %d has a second text in the [%s] section (the first is at line %d): keep one, or renumber", rows[i].key, lang, at)
				continue
			}
			defined[rows[i].key] = rows[i].line
		}
	}
	for _, p := range rows {
		if n := len(noteMark.FindAllStringIndex(p.text, MaxNoteRefs+1)); n > MaxNoteRefs {
			ps.addf(p.line, "%s in the [%s] section has more than %d footnote references: check the [^N] markers (a paragraph usually refers to one or two footnotes)", describe(p.ref()), lang, MaxNoteRefs)
		}
		for _, n := range Notes(p.text) {
			if _, ok := defined[n]; !ok && !ps.unknownNote(lang, n) {
				ps.addf(p.line, "footnote reference [^%d] in the [%s] section, which has no footnote %d: add its text as a line \"[^%d]: …\" at the end of the section, or remove the reference", n, lang, n, n)
			}
		}
	}
}

// describe names a row in messages: "paragraph 3", "the preamble",
// "heading 2", "footnote 1".
func describe(r Ref) string {
	if r.Kind == Preamble {
		return "the preamble"
	}
	return r.Label()
}

// gapList is the rows a language declares it lacks, with the front-matter
// line of the declaration.
type gapList struct {
	refs []Ref
	line int
}

func (g gapList) has(r Ref) bool {
	for _, k := range g.refs {
		if k == r {
			return true
		}
	}
	return false
}

// bodyKeys reports whether the list declares a paragraph (not a heading,
// footnote or preamble) missing.
func (g gapList) bodyKeys() bool {
	for _, k := range g.refs {
		if k.Kind == Body {
			return true
		}
	}
	return false
}

func (ps *parser) checkGaps(gaps map[string]gapList, sections []section) {
	all := map[Ref]bool{}
	byLang := map[string]map[Ref]bool{}
	for _, s := range sections {
		byLang[s.lang] = refSet(s)
		for r := range byLang[s.lang] {
			all[r] = true
		}
	}
	langs := make([]string, 0, len(gaps))
	for l := range gaps {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, lang := range langs {
		g := gaps[lang]
		refs, ok := byLang[lang]
		if !ok {
			ps.addf(g.line, "gaps declared for %s, which has no section: remove them or add its [%s] section", lang, lang)
			continue
		}
		for _, r := range g.refs {
			switch {
			case refs[r]:
				ps.addf(g.line, "gap declared for [%s] %s, but the [%s] section has it: remove %s from its gaps", lang, describe(r), lang, r)
			case !all[r]:
				ps.addf(g.line, "gap declared for [%s] %s, but no language has %s: remove %s from the gaps", lang, describe(r), describe(r), r)
			}
		}
	}
}

// checkAlignment reports a section whose rows differ from the first
// section's, apart from declared gaps: side-by-side reading depends on
// it. Headings must also stand before the same paragraph.
func (ps *parser) checkAlignment(sections []section, gaps map[string]gapList) {
	if len(sections) < 2 {
		return
	}
	ref := sections[0]
	refRows := rowIndex(ref)
	for _, s := range sections[1:] {
		rows := rowIndex(s)
		var first *Ref
		consider := func(r Ref) {
			if first == nil || before(r, *first, refRows, rows) {
				r := r
				first = &r
			}
		}
		for r := range refRows {
			if _, ok := rows[r]; !ok && !gaps[s.lang].has(r) {
				consider(r)
			}
		}
		for r := range rows {
			if _, ok := refRows[r]; !ok && !gaps[ref.lang].has(r) {
				consider(r)
			}
		}
		if first != nil {
			ps.alignmentProblem(ref, s, *first, refRows, rows, gaps)
			continue
		}
		ps.checkHeadingPlaces(ref, s, refRows, rows)
	}
}

// rowIndex maps each row of a section to itself.
func rowIndex(s section) map[Ref]para {
	out := make(map[Ref]para, len(s.paras))
	for _, p := range s.paras {
		out[p.ref()] = p
	}
	return out
}

func refSet(s section) map[Ref]bool {
	out := make(map[Ref]bool, len(s.paras))
	for _, p := range s.paras {
		out[p.ref()] = true
	}
	return out
}

// order places a row in reading order: the preamble, then paragraphs and
// headings by the paragraph they are or stand before, then footnotes.
func order(p para) [6]int {
	switch p.kind {
	case Preamble:
		return [6]int{0}
	case Heading:
		return [6]int{1, p.next.Key, p.next.Sub, 0, p.key, p.sub}
	case Footnote:
		return [6]int{2, p.key}
	}
	return [6]int{1, p.key, p.sub, 1}
}

func less(a, b [6]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// before reports whether row a comes before row b, as either section has them.
func before(a, b Ref, x, y map[Ref]para) bool {
	pa, ok := x[a]
	if !ok {
		pa = y[a]
	}
	pb, ok := x[b]
	if !ok {
		pb = y[b]
	}
	return less(order(pa), order(pb))
}

func (ps *parser) alignmentProblem(ref, s section, first Ref, refRows, rows map[Ref]para, gaps map[string]gapList) {
	missing, has := s, ref
	p, inRef := refRows[first]
	if !inRef {
		missing, has = ref, s
		p = rows[first]
	}
	line := s.line
	for _, q := range s.paras {
		line = q.line
		if !less(order(q), order(p)) {
			break
		}
	}
	switch first.Kind {
	case Preamble:
		ps.addf(line, "[%s] has a preamble (text before paragraph 1: \"%s\") and [%s] has none: add it to [%s]; or, if that text is a paragraph, give it its number; or declare it missing: gaps: {%s: [preamble]}",
			has.lang, Excerpt(p.text, 50), missing.lang, missing.lang, missing.lang)
		return
	case Heading:
		ps.addf(line, "[%s] has %s and [%s] has %s: [%s] lacks heading %s (\"%s\", before %s). Add it with \"# \" where it stands; or declare it missing: gaps: {%s: [%s]}",
			has.lang, count(has, Heading), missing.lang, count(missing, Heading), missing.lang, first.Number(), Excerpt(p.text, 50), place(p.next), missing.lang, first)
		return
	case Footnote:
		ps.addf(line, "[%s] has footnote %d (\"%s\") and [%s] does not: add its text as \"[^%d]: …\" at the end of the [%s] section; or declare it missing: gaps: {%s: [n%d]}",
			has.lang, first.Key, Excerpt(p.text, 50), missing.lang, first.Key, missing.lang, missing.lang, first.Key)
		return
	}
	if !ref.numbered && !s.numbered && !gaps[s.lang].bodyKeys() && !gaps[ref.lang].bodyKeys() {
		ps.addf(line, "%s%s", unnumberedMismatch(ref, s), ps.rawAdvice())
		return
	}
	if q, ok := misnumbered(p, has, missing); ok {
		ps.addf(line, "paragraph numbers differ: [%s] numbers a paragraph %s (line %d: \"%s\") where [%s] numbers the paragraph in the same place %s (line %d: \"%s\"), and neither has the other's number. If they are the same paragraph, renumber one of them to match; if a paragraph is missing from one language, declare it in the front matter (gaps: {%s: [%s]})%s",
			has.lang, first, p.line, Excerpt(p.text, 40), missing.lang, q.ref(), q.line, Excerpt(q.text, 40), missing.lang, first, ps.rawAdvice())
		return
	}
	ps.addf(line, "paragraphs differ between [%s] (%s) and [%s] (%s): [%s] has paragraph %s and [%s] does not. Number the paragraphs alike in every language; repeat a number on consecutive paragraphs to join a split paragraph; or declare the omission in the front matter (gaps: {%s: [%s]})%s",
		ref.lang, countParagraphs(len(bodies(ref))), s.lang, countParagraphs(len(bodies(s))), has.lang, first, missing.lang, missing.lang, first, ps.rawAdvice())
}

// rawAdvice completes an alignment message about a raw file, whose
// remedies need front matter it does not have.
func (ps *parser) rawAdvice() string {
	if !ps.raw {
		return ""
	}
	return ". This file has no front matter to declare gaps in: run archive import on it, which writes it in the canonical format with front matter, and declare them there"
}

// checkHeadingPlaces reports a heading that stands before another
// paragraph than the first section's.
func (ps *parser) checkHeadingPlaces(ref, s section, refRows, rows map[Ref]para) {
	for _, p := range s.paras {
		if p.kind != Heading {
			continue
		}
		q, ok := refRows[p.ref()]
		if !ok || q.next == p.next {
			continue
		}
		ps.addf(p.line, "heading %s (\"%s\") stands before %s in [%s] and before %s in [%s] (\"%s\"): move it to the same place in both",
			p.ref().Number(), Excerpt(p.text, 40), place(p.next), s.lang, place(q.next), ref.lang, Excerpt(q.text, 40))
		return
	}
}

func place(next Ref) string {
	if next == endOfText {
		return "the end of the text"
	}
	return next.Label()
}

func count(s section, kind Kind) string {
	n := 0
	for _, p := range s.paras {
		if p.kind == kind {
			n++
		}
	}
	if n == 1 {
		return "1 " + kind.String()
	}
	return strconv.Itoa(n) + " " + kind.String() + "s"
}

// misnumbered returns, for a paragraph p that section has holds and
// missing lacks, the paragraph of missing in the same place among the
// paragraphs (the third of each, say), when has lacks that one's number
// in turn: the two are one paragraph numbered differently (English 1, 2,
// 4 against French 1, 2, 3), not a paragraph missing from one language.
func misnumbered(p para, has, missing section) (para, bool) {
	hb, mb := bodies(has), bodies(missing)
	if len(hb) != len(mb) {
		return para{}, false
	}
	for i, b := range hb {
		if b.ref() != p.ref() {
			continue
		}
		q := mb[i]
		for _, o := range hb {
			if o.ref() == q.ref() {
				return para{}, false
			}
		}
		return q, true
	}
	return para{}, false
}

func bodies(s section) []para {
	var out []para
	for _, p := range s.paras {
		if p.kind == Body {
			out = append(out, p)
		}
	}
	return out
}

// unnumberedMismatch explains a count mismatch between two sections that
// do not number their paragraphs, where positions alone cannot tell which
// paragraph is missing: the paragraph lengths can (align.LikelyGap, after
// Gale and Church), when exactly one is missing.
func unnumberedMismatch(ref, s section) string {
	refBody, sBody := bodies(ref), bodies(s)
	long, short := refBody, sBody
	shortLang := s.lang
	if len(sBody) > len(refBody) {
		long, short = sBody, refBody
		shortLang = ref.lang
	}
	head := fmt.Sprintf("paragraphs differ between [%s] (%s) and [%s] (%s), which do not number their paragraphs",
		ref.lang, countParagraphs(len(refBody)), s.lang, countParagraphs(len(sBody)))
	if len(long)-len(short) == 1 {
		if i, ok := align.LikelyGap(texts(long), texts(short)); ok {
			return fmt.Sprintf("%s: by the paragraphs' lengths, [%s] most likely lacks the paragraph at position %d (\"%s\"). If it does, declare it there: gaps: {%s: [%d]}; then run archive check to confirm that the rest pair up",
				head, shortLang, i+1, Excerpt(long[i].text, 50), shortLang, i+1)
		}
	}
	return fmt.Sprintf("%s: positions do not show which paragraphs are missing. Find them by reading the two side by side (archive check compares their lengths), then declare each where it is missing, e.g. gaps: {%s: [N]}; or number the paragraphs in both", head, shortLang)
}

func texts(ps []para) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.text
	}
	return out
}

func countParagraphs(n int) string {
	if n == 1 {
		return "1 paragraph"
	}
	return strconv.Itoa(n) + " paragraphs"
}

// alignedRows merges the sections into rows, in reading order.
func alignedRows(sections []section) []Paragraph {
	type row struct {
		p    para
		text map[string]string
	}
	rows := map[Ref]*row{}
	for _, s := range sections {
		for _, p := range s.paras {
			r := rows[p.ref()]
			if r == nil {
				r = &row{p: p, text: map[string]string{}}
				rows[p.ref()] = r
			}
			r.text[s.lang] = p.text
		}
	}
	all := make([]*row, 0, len(rows))
	for _, r := range rows {
		all = append(all, r)
	}
	sort.Slice(all, func(i, j int) bool { return less(order(all[i].p), order(all[j].p)) })
	out := make([]Paragraph, len(all))
	for i, r := range all {
		out[i] = Paragraph{Kind: r.p.kind, Key: r.p.key, Sub: r.p.sub, Text: r.text}
	}
	return out
}

// AlignRows returns the statement's paragraphs for align.Check: lengths
// tell a translation's paragraphs apart; the preamble, headings and
// footnotes are aligned by their markup.
func (s *Statement) AlignRows() []align.Row {
	var rows []align.Row
	for _, p := range s.Paragraphs {
		if p.Kind == Body {
			rows = append(rows, align.Row{Key: p.Ref().Number(), Text: p.Text})
		}
	}
	return rows
}
