package align_test

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"statementarchive/internal/align"
	"statementarchive/internal/statement"
)

// check runs align.Check on a statement's rows, as archive check does.
func check(st *statement.Statement) []align.Finding {
	findings, _ := align.Check(st.ID, st.Languages, st.AlignRows())
	return findings
}

// load parses a statement file of testdata.
func load(t testing.TB, name string) *statement.Statement {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	st, err := statement.Parse(name, data)
	if err != nil {
		t.Fatalf("testdata/%s: %v", name, err)
	}
	return st
}

// texts returns the statement's paragraphs in lang, in order.
func texts(st *statement.Statement, lang string) []string {
	var out []string
	for _, p := range st.Paragraphs {
		if t, ok := p.Text[lang]; ok {
			out = append(out, t)
		}
	}
	return out
}

func TestLikelyGap(t *testing.T) {
	clean := load(t, "clean.txt")
	en, fr := texts(clean, "en"), texts(clean, "fr")
	if len(en) != 14 || len(fr) != 14 {
		t.Fatalf("clean.txt has %d en and %d fr paragraphs, want 14 each", len(en), len(fr))
	}
	without := func(i int) []string { return slices.Delete(slices.Clone(fr), i, i+1) }
	joined := slices.Clone(fr[:4])
	joined = append(joined, fr[4]+" "+fr[5])
	joined = append(joined, fr[6:]...)
	tests := []struct {
		name   string
		a, b   []string
		want   int
		wantOK bool
	}{
		// The naive answer, the last position, would be 13.
		{"gap in the middle", en, without(5), 5, true},
		{"gap first", en, without(0), 0, true},
		{"gap last", en, without(13), 13, true},
		{"gap before a short paragraph", en, without(9), 9, true},
		{"two paragraphs joined", en, joined, 0, false},
		{"two missing", en, without(5)[1:], 0, false},
		{"same count", en, fr, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := align.LikelyGap(tt.a, tt.b)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("got (%d, %v), want (%d, %v)", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// withFrench returns a copy of st whose French paragraphs are frs, by
// position, the rows past their end having none.
func withFrench(st *statement.Statement, frs []string) *statement.Statement {
	out := *st
	out.Paragraphs = nil
	for i := 0; i < max(len(st.Paragraphs), len(frs)); i++ {
		p := statement.Paragraph{Key: i + 1, Text: map[string]string{}}
		if i < len(st.Paragraphs) {
			p.Text["en"] = st.Paragraphs[i].Text["en"]
		}
		if i < len(frs) {
			p.Text["fr"] = frs[i]
		}
		out.Paragraphs = append(out.Paragraphs, p)
	}
	return &out
}

func TestCheck(t *testing.T) {
	clean := load(t, "clean.txt")
	fr := texts(clean, "fr")
	truncated := slices.Clone(fr)
	truncated[7] = truncated[7][:len(truncated[7])/3]
	split := slices.Clone(fr[:7])
	cut := strings.Index(fr[7], ". ") + 1
	split = append(split, fr[7][:cut], fr[7][cut+1:])
	split = append(split, fr[8:]...)
	tests := []struct {
		name string
		st   *statement.Statement
		// want lists each finding as kind and reference keys.
		want []string
		// wantMsg are phrases the first finding's message must hold.
		wantMsg []string
	}{
		{"sound translation", clean, nil, nil},
		{"paragraph missing, gap declared at the end", load(t, "shifted.txt"),
			[]string{"shift [6 7 8 9 10 11 12 13 14]"},
			[]string{"lacks the translation of [en] paragraph 6, not of 14", "change gaps: {fr: [14]} to gaps: {fr: [6]}", "to the end"}},
		{"two paragraphs joined, gap declared at the end", load(t, "merged.txt"),
			[]string{"merge [5 6]"},
			[]string{"[fr] paragraph 5", "[en] paragraphs 5 and 6 together", "split [fr] paragraph 5 in two before \"Nous renforcerons", "delete fr: [14] from gaps"}},
		{"a paragraph split in two", withFrench(clean, split),
			[]string{"split [8]"},
			[]string{"[fr] paragraphs 8 and 9", "give both the number 8", "delete en: [15] from gaps"}},
		{"a paragraph cut short", withFrench(clean, truncated),
			[]string{"length [8]"},
			[]string{"[fr] paragraph 8 is", "too short", "complete"}},
		{"one language only", &statement.Statement{ID: "x", Languages: []string{"en"}, Paragraphs: clean.Paragraphs}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := check(tt.st)
			var got []string
			for _, f := range fs {
				got = append(got, fmt.Sprintf("%s %v", f.Kind, f.Keys))
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("got findings %q, want %q\n%v", got, tt.want, fs)
			}
			for _, f := range fs {
				if f.Statement != tt.st.ID || f.RefLang != "en" || f.Lang != "fr" || f.Message == "" || f.Evidence.Ratio < 1.1 || f.Evidence.Ratio > 1.3 {
					t.Errorf("finding badly formed: %+v", f)
				}
				if len(f.Evidence.RefLengths) == 0 || len(f.Evidence.Lengths) == 0 {
					t.Errorf("finding without its lengths: %+v", f)
				}
			}
			for _, phrase := range tt.wantMsg {
				if !strings.Contains(fs[0].Message, phrase) {
					t.Errorf("message lacks %q:\n%s", phrase, fs[0].Message)
				}
			}
		})
	}
}

// A shift's evidence compares the file's pairing with the alignment's, so
// a reader can see how much better the shifted pairing fits.
func TestShiftEvidence(t *testing.T) {
	fs := check(load(t, "shifted.txt"))
	if len(fs) != 1 {
		t.Fatalf("got %d findings, want 1: %v", len(fs), fs)
	}
	ev := fs[0].Evidence
	if ev.FileCost < 5*ev.Cost {
		t.Errorf("file pairing costs %.1f, shifted %.1f: want the file's pairing far less probable", ev.FileCost, ev.Cost)
	}
	if len(ev.RefLengths) != 9 || len(ev.Lengths) != 8 {
		t.Errorf("got %d and %d lengths, want the 9 [en] and 8 [fr] paragraphs of the shifted stretch", len(ev.RefLengths), len(ev.Lengths))
	}
}

// rowsOf returns n rows holding text in each of langs, from key from.
func rowsOf(from, n int, langs ...string) []align.Row {
	rows := make([]align.Row, n)
	for i := range rows {
		rows[i] = align.Row{Key: strconv.Itoa(from + i), Text: map[string]string{}}
		for _, l := range langs {
			rows[i].Text[l] = strings.Repeat("x", 100+10*i%7)
		}
	}
	return rows
}

// Check says what it did not align, with the limit and its value, rather
// than return no findings for it.
func TestCheckSkips(t *testing.T) {
	tests := []struct {
		name        string
		langs       []string
		rows        []align.Row
		wantSkips   int
		wantPartial bool
		wantMsg     string
	}{
		{"sound pair", []string{"en", "fr"}, rowsOf(1, 20, "en", "fr"), 0, false, ""},
		{"one language", []string{"en"}, rowsOf(1, 20, "en"), 1, false, "only [en]"},
		{"no shared row", []string{"en", "fr"}, append(rowsOf(1, 3, "en"), rowsOf(4, 3, "fr")...), 1, false, "[fr] not aligned with [en]: no paragraph has text in both"},
		{"at the paragraph limit's edge of full search", []string{"en", "fr"}, rowsOf(1, 2047, "en", "fr"), 0, false, ""},
		{"beyond full search", []string{"en", "fr"}, rowsOf(1, 2048, "en", "fr"), 1, true, "only within 64 paragraphs"},
		{"over the paragraph limit", []string{"en", "fr", "de"}, rowsOf(1, align.MaxParagraphs+1, "en", "fr"), 2, false, "10001 paragraphs in both, over the limit of 10000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, skips := align.Check("s", tt.langs, tt.rows)
			if len(skips) != tt.wantSkips {
				t.Fatalf("got %d skips %+v, want %d", len(skips), skips, tt.wantSkips)
			}
			if tt.wantSkips == 0 {
				return
			}
			if skips[0].Partial != tt.wantPartial || !strings.Contains(skips[0].Message, tt.wantMsg) || skips[0].Statement != "s" {
				t.Errorf("got skip %+v, want partial %v and a message saying %q", skips[0], tt.wantPartial, tt.wantMsg)
			}
		})
	}
}
