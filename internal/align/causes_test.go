package align_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"statementarchive/internal/align"
	"statementarchive/internal/statement"
)

// unnumbered writes a statement file whose sections do not number their
// paragraphs, with the gaps given declared in its front matter, and parses
// it as ingest would: keys are positions that skip the declared gaps.
func unnumbered(t *testing.T, en, fr []string, gaps string) *statement.Statement {
	t.Helper()
	var b strings.Builder
	b.WriteString("---\ntitle: {en: Test, fr: Essai}\ndate: 2025-03-15\n")
	if gaps != "" {
		b.WriteString("gaps: " + gaps + "\n")
	}
	b.WriteString("---\n")
	for _, sec := range []struct {
		lang  string
		paras []string
	}{{"en", en}, {"fr", fr}} {
		b.WriteString("\n[" + sec.lang + "]\n")
		for _, p := range sec.paras {
			b.WriteString(p + "\n\n")
		}
	}
	st, err := statement.Parse("variant.txt", []byte(b.String()))
	if err != nil {
		t.Fatalf("variant does not parse: %v\n%s", err, b.String())
	}
	return st
}

// checkAll runs Check as archive check does, telling it whether keys are
// positions.
func checkAll(st *statement.Statement) []align.Finding {
	fs, _ := align.Statement{ID: st.ID, Languages: st.Languages, Rows: st.AlignRows(), Positional: st.Unnumbered}.Check()
	return fs
}

// without returns ps less the paragraphs at the 0-based indexes given.
func without(ps []string, idx ...int) []string {
	var out []string
	for i, p := range ps {
		if !slices.Contains(idx, i) {
			out = append(out, p)
		}
	}
	return out
}

// want is what a test expects of one finding: its cause, where, and
// phrases its fix and its message must hold.
type want struct {
	cause align.Cause
	where string
	fix   []string
	msg   []string
}

// expect fails unless fs are exactly the findings described, in order,
// each with the expected ratio of the sound statement ref (within 0.05),
// and none advises declaring a gap in a language named in never.
func expect(t *testing.T, ref *statement.Statement, fs []align.Finding, wants []want, never ...string) {
	t.Helper()
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s at %s", f.Cause, f.Where()))
	}
	var wanted []string
	for _, w := range wants {
		wanted = append(wanted, fmt.Sprintf("%s at %s", w.cause, w.where))
	}
	if !slices.Equal(got, wanted) {
		t.Fatalf("got findings %q, want %q\n%s", got, wanted, describe(fs))
	}
	for k, w := range wants {
		f := fs[k]
		for _, phrase := range w.fix {
			if !strings.Contains(f.Fix, phrase) {
				t.Errorf("finding %d: fix lacks %q:\n%s", k, phrase, f.Fix)
			}
			if !strings.Contains(f.Message, phrase) {
				t.Errorf("finding %d: message does not give the fix %q:\n%s", k, phrase, f.Message)
			}
		}
		for _, phrase := range w.msg {
			if !strings.Contains(f.Message, phrase) {
				t.Errorf("finding %d: message lacks %q:\n%s", k, phrase, f.Message)
			}
		}
		for _, bad := range never {
			if strings.Contains(f.Fix, bad) || strings.Contains(f.Message, bad) {
				t.Errorf("finding %d advises %q:\n%s", k, bad, f.Message)
			}
		}
		if r := ratio(ref); f.Evidence.Ratio < r-0.05 || f.Evidence.Ratio > r+0.05 {
			t.Errorf("finding %d: expected ratio %.3f, want that of the sound statement, %.3f", k, f.Evidence.Ratio, r)
		}
	}
}

// ratio is the French characters per English character of a sound statement.
func ratio(st *statement.Statement) float64 {
	var en, fr int
	for _, l := range align.Lengths(texts(st, "en")) {
		en += l
	}
	for _, l := range align.Lengths(texts(st, "fr")) {
		fr += l
	}
	return float64(fr) / float64(en)
}

func describe(fs []align.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s\n    fix: %s\n", f, f.Fix)
	}
	return b.String()
}

// The French text begins with the press office's framing sentence, which
// the English lacks; ingest's count then needed an English gap, declared
// at the end. Every French paragraph is paired with the English one before
// its own.
func TestCheckShiftByFramingSentence(t *testing.T) {
	st := load(t, "formulaic.txt")
	en, fr := texts(st, "en"), texts(st, "fr")
	framed := append([]string{"On trouvera ci-après le texte de la déclaration à la presse faite aujourd'hui par le Président du Conseil de sécurité, M. Ilkka Varento (Norvège) :"}, fr...)
	fs := checkAll(unnumbered(t, en, framed, "{en: [8]}"))
	expect(t, st, fs, []want{{
		cause: align.CauseShift, where: "paragraphs 1–8",
		fix: []string{"remove [fr] paragraph 1", "delete en: [8] from gaps"},
		msg: []string{"\"On trouvera ci-après le texte de", "introduces the statement and translates none of it"},
	}}, "gaps: {fr:")
	if fs[0].Kind != align.KindShift {
		t.Errorf("got kind %s, want shift", fs[0].Kind)
	}
}

// A sharing widget's line pasted into a French paragraph, and two French
// paragraphs joined with the shortfall declared at the end: one junk line
// and one merge, not a run of length problems.
func TestCheckJunkLineAndMerge(t *testing.T) {
	clean := load(t, "clean.txt")
	en, fr := texts(clean, "en"), slices.Clone(texts(clean, "fr"))
	fr[2] += "\nSuivez-nous sur les réseaux sociaux : https://exemple.invalid/otan"
	fr[4] += " " + fr[5]
	fr = without(fr, 5)
	st := unnumbered(t, en, fr, "{fr: [14]}")
	expect(t, clean, checkAll(st), []want{
		{cause: align.CauseJunk, where: "paragraph 3",
			fix: []string{"remove the line \"Suivez-nous sur les réseaux sociaux : https://exemple.invalid/otan\" from [fr] paragraph 3"},
			msg: []string{"is not a translation of anything"}},
		{cause: align.CauseMerge, where: "paragraphs 5 and 6",
			fix: []string{"split [fr] paragraph 5 in two before \"Nous renforcerons la présence de navires …\"", "delete fr: [14] from gaps"}},
	})
}

// A junk paragraph the file declares an English gap for is reported, not
// left unseen because the file's pairing and the alignment agree there.
func TestCheckJunkParagraph(t *testing.T) {
	st := load(t, "formulaic.txt")
	en, fr := texts(st, "en"), texts(st, "fr")
	fr = append(slices.Clone(fr), "À l'intention des organes d'information. Document non officiel.")
	expect(t, st, checkAll(unnumbered(t, en, fr, "{en: [8]}")), []want{
		{cause: align.CauseJunk, where: "[fr] paragraph 8", fix: []string{"remove [fr] paragraph 8"}},
	})
}

// One English paragraph translated as two: the fix joins them, and drops
// the English gap that made up the count.
func TestCheckSplit(t *testing.T) {
	clean := load(t, "clean.txt")
	en, fr := texts(clean, "en"), texts(clean, "fr")
	cut := strings.Index(fr[7], ". ") + 1
	split := slices.Concat(fr[:7], []string{fr[7][:cut], fr[7][cut+1:]}, fr[8:])
	expect(t, clean, checkAll(unnumbered(t, en, split, "{en: [15]}")), []want{
		{cause: align.CauseSplit, where: "paragraph 8",
			fix: []string{"join [fr] paragraphs 8 and 9 into one: delete the blank line between them", "delete en: [15] from gaps"}},
	}, "give both the number")
}

// Gaps declared at other paragraphs than the ones the translation lacks:
// the finding says which language's gap moves where, never to declare one
// in the other language.
func TestCheckMisplacedGap(t *testing.T) {
	clean := load(t, "clean.txt")
	en, fr := texts(clean, "en"), texts(clean, "fr")
	tests := []struct {
		name string
		fr   []string
		gaps string
		want want
	}{
		{"gap declared at 1 instead of 4", without(fr, 3), "{fr: [1]}",
			want{cause: align.CauseMisplacedGap, where: "paragraphs 1–4",
				fix: []string{"change gaps: {fr: [1]} to gaps: {fr: [4]}"},
				msg: []string{"the [fr] gap declared at 1 belongs at 4", "[fr] lacks the translation of [en] paragraph 4, not of 1"}}},
		{"gaps declared at 1–3 instead of 4–6", without(fr, 3, 4, 5), "{fr: [1, 2, 3]}",
			want{cause: align.CauseMisplacedGap, where: "paragraphs 1–6",
				fix: []string{"change gaps: {fr: [1, 2, 3]} to gaps: {fr: [4, 5, 6]}"},
				msg: []string{"the [fr] gaps declared at 1, 2, 3 belong at 4, 5, 6"}}},
		{"gap declared at the end instead of 6", without(fr, 5), "{fr: [14]}",
			want{cause: align.CauseMisplacedGap, where: "paragraphs 6–14",
				fix: []string{"change gaps: {fr: [14]} to gaps: {fr: [6]}"},
				msg: []string{"to the end of the statement"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := checkAll(unnumbered(t, en, tt.fr, tt.gaps))
			expect(t, clean, fs, []want{tt.want}, "{en:", "split")
			if fs[0].Kind != align.KindShift || fs[0].Lang != "fr" {
				t.Errorf("got kind %s in [%s], want a shift in [fr]", fs[0].Kind, fs[0].Lang)
			}
		})
	}
}

// In a formulaic text whose paragraphs are all about as long, gaps at the
// wrong places shift pairs of about the same lengths: the anchors they
// share (dates, resolutions, names) show where the gaps belong.
func TestCheckFormulaicMisplacedGaps(t *testing.T) {
	st := load(t, "formulaic.txt")
	en, fr := texts(st, "en"), texts(st, "fr")
	tests := []struct {
		name string
		fr   []string
		gaps string
		want want
	}{
		{"two gaps declared at the end instead of 3 and 5", without(fr, 2, 4), "{fr: [6, 7]}",
			want{cause: align.CauseMisplacedGap, where: "paragraphs 3–7",
				fix: []string{"change gaps: {fr: [6, 7]} to gaps: {fr: [3, 5]}"},
				msg: []string{"shared anchors"}}},
		{"gap declared at 1 instead of 4", without(fr, 3), "{fr: [1]}",
			want{cause: align.CauseMisplacedGap, where: "paragraphs 1–4",
				fix: []string{"change gaps: {fr: [1]} to gaps: {fr: [4]}"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, st, checkAll(unnumbered(t, en, tt.fr, tt.gaps)), []want{tt.want}, "{en:")
		})
	}
	// The statement as published has no finding.
	if fs := checkAll(st); len(fs) > 0 {
		t.Errorf("got findings on the sound statement:\n%s", describe(fs))
	}
}

// The expected ratio comes from the paragraphs the file pairs, never from
// one a gap leaves unpaired: French that lacks three paragraphs of a
// statement still runs longer than its English.
func TestCheckRatioFromPairedRows(t *testing.T) {
	clean := load(t, "clean.txt")
	en, fr := texts(clean, "en"), slices.Clone(texts(clean, "fr"))
	fr[9] = fr[9][:len(fr[9])/3] // something to report, with its ratio
	st := unnumbered(t, en, without(fr, 1, 3, 5), "{fr: [2, 4, 6]}")
	fs := checkAll(st)
	if len(fs) != 1 || fs[0].Cause != align.CauseLength || fs[0].Keys[0] != "10" {
		t.Fatalf("got findings\n%s want one length finding at 10", describe(fs))
	}
	if r := fs[0].Evidence.Ratio; r < 1.1 || r > 1.3 {
		t.Errorf("got expected ratio %.3f, want that of the paired paragraphs, 1.1–1.3", r)
	}
}
