package align

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"statementarchive/internal/statement"
)

// shapes writes an alignment as its bead shapes with the index in a each
// starts at, e.g. "1-1@0 1-0@1 1-1@2".
func shapes(beads []Bead) string {
	parts := make([]string, len(beads))
	for i, b := range beads {
		parts[i] = fmt.Sprintf("%s@%d", b.Shape(), b.AStart)
	}
	return strings.Join(parts, " ")
}

// scaled returns ls, each times r, as a translation r times as long would be.
func scaled(r float64, ls ...int) []int {
	out := make([]int, len(ls))
	for i, l := range ls {
		out[i] = int(math.Round(r * float64(l)))
	}
	return out
}

func TestAlign(t *testing.T) {
	fr := Model{Ratio: 1.15, Variance: Variance}
	tests := []struct {
		name string
		a, b []int
		want string
	}{
		{"one to one everywhere", []int{300, 800, 450, 1200}, scaled(1.15, 300, 800, 450, 1200), "1-1@0 1-1@1 1-1@2 1-1@3"},
		{"deletion in the middle", []int{300, 800, 450, 1200, 600}, scaled(1.15, 300, 800, 1200, 600), "1-1@0 1-1@1 1-0@2 1-1@3 1-1@4"},
		{"insertion in the middle", []int{300, 800, 1200, 600}, scaled(1.15, 300, 800, 450, 1200, 600), "1-1@0 1-1@1 0-1@2 1-1@2 1-1@3"},
		{"merge", []int{300, 800, 450, 1200}, scaled(1.15, 300, 800+450, 1200), "1-1@0 2-1@1 1-1@3"},
		{"split", []int{300, 1250, 600}, scaled(1.15, 300, 700, 550, 600), "1-1@0 1-2@1 1-1@2"},
		{"only a", []int{300, 800}, nil, "1-0@0 1-0@1"},
		{"only b", nil, []int{300}, "0-1@0"},
		{"nothing", nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			beads := fr.Align(tt.a, tt.b)
			if got := shapes(beads); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			checkCover(t, beads, len(tt.a), len(tt.b))
		})
	}
}

// checkCover fails unless beads cover a's n and b's m paragraphs in order,
// each once, with well-formed shapes and finite costs.
func checkCover(t *testing.T, beads []Bead, n, m int) {
	t.Helper()
	i, j := 0, 0
	for _, b := range beads {
		if b.AStart != i || b.BStart != j || b.A < 0 || b.A > 2 || b.B < 0 || b.B > 2 || b.A+b.B == 0 {
			t.Fatalf("bead %+v does not continue at (%d, %d) with a known shape: %v", b, i, j, beads)
		}
		if math.IsNaN(b.Cost) || math.IsInf(b.Cost, 0) || b.Cost < 0 || b.LengthCost < 0 || b.LengthCost > b.Cost {
			t.Fatalf("bead %+v has a bad cost", b)
		}
		i, j = i+b.A, j+b.B
	}
	if i != n || j != m {
		t.Fatalf("beads cover (%d, %d), want (%d, %d)", i, j, n, m)
	}
}

// The threshold Check reports pairs at is where the alignment itself stops
// pairing them: a 1-0 and a 0-1 bead then cost less than the 1-1.
func TestLengthThresholdIsWhereTheAlignmentLetsGo(t *testing.T) {
	want := 2*-math.Log(prior10) + math.Log(prior11)
	if math.Abs(LengthThreshold-want) > 0.01 {
		t.Fatalf("LengthThreshold is %v, want %.3f from the priors", LengthThreshold, want)
	}
	m := Model{Ratio: 1.2, Variance: Variance}
	for _, lb := range []int{700, 800, 900, 1000, 1200, 1400, 1500, 1600, 1800} {
		paired := m.Align([]int{1000}, []int{lb})[0].Shape() == "1-1"
		if over := m.LengthCost(1000, lb) > LengthThreshold; paired == over {
			t.Errorf("1000 ↔ %d: length cost %.2f, paired %v: want paired exactly when the cost is at most %.2f", lb, m.LengthCost(1000, lb), paired, LengthThreshold)
		}
	}
}

// Beyond fullCells the search keeps to a band around the diagonal; it
// still finds a deletion there.
func TestAlignLargeUsesBand(t *testing.T) {
	const n = 3000
	a := make([]int, n)
	for i := range a {
		a[i] = 200 + (i*7919)%1300
	}
	b := scaled(1.15, slices.Delete(slices.Clone(a), 1700, 1701)...)
	beads := Align(a, b)
	checkCover(t, beads, n, n-1)
	var gaps []int
	for _, bd := range beads {
		if bd.Shape() != "1-1" {
			gaps = append(gaps, bd.AStart)
		}
	}
	if !slices.Equal(gaps, []int{1700}) {
		t.Errorf("got non 1-1 beads at %v, want one 1-0 at 1700", gaps)
	}
}

func TestFindingWhere(t *testing.T) {
	tests := []struct {
		name string
		f    Finding
		want string
	}{
		{"one paragraph", Finding{Kind: KindLength, Keys: []int{8}}, "paragraph 8"},
		{"a merge", Finding{Kind: KindMerge, Keys: []int{5, 6}}, "paragraphs 5 and 6"},
		{"a shifted stretch", Finding{Kind: KindShift, Keys: []int{6, 7, 8, 9}}, "paragraphs 6–9"},
		{"a stretch of two", Finding{Kind: KindShift, Keys: []int{12, 13}}, "paragraphs 12 and 13"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Where(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLength(t *testing.T) {
	tests := []struct {
		name, text string
		want       int
	}{
		{"runes not bytes", "Sécurité", 8},
		{"runs of space count once", "a  b\n\tc", 5},
		{"ends not counted", "  a b \n", 3},
		{"empty", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Length(tt.text); got != tt.want {
				t.Errorf("Length(%q) = %d, want %d", tt.text, got, tt.want)
			}
		})
	}
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
			got, ok := LikelyGap(tt.a, tt.b)
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
			[]string{"shift [6 7 8 9 10 11 12 13]"},
			[]string{"lack the translation of [en] paragraph 6", "gaps: {fr: [6]}", "to the end"}},
		{"two paragraphs joined, gap declared at the end", load(t, "merged.txt"),
			[]string{"merge [5 6]"},
			[]string{"[fr] paragraph 5", "[en] paragraphs 5 and 6 together", "split it where [en] 6 begins"}},
		{"a paragraph split in two", withFrench(clean, split),
			[]string{"split [8]"},
			[]string{"[fr] paragraphs 8 and 9", "give both the number 8"}},
		{"a paragraph cut short", withFrench(clean, truncated),
			[]string{"length [8]"},
			[]string{"[fr] paragraph 8 is", "too short", "complete"}},
		{"one language only", &statement.Statement{ID: "x", Languages: []string{"en"}, Paragraphs: clean.Paragraphs}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := Check(tt.st)
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
	fs := Check(load(t, "shifted.txt"))
	if len(fs) != 1 {
		t.Fatalf("got %d findings, want 1: %v", len(fs), fs)
	}
	ev := fs[0].Evidence
	if ev.FileCost < 5*ev.Cost {
		t.Errorf("file pairing costs %.1f, shifted %.1f: want the file's pairing far less probable", ev.FileCost, ev.Cost)
	}
	if len(ev.RefLengths) != 8 || len(ev.Lengths) != 8 {
		t.Errorf("got %d and %d lengths, want the 8 rows of the shifted stretch", len(ev.RefLengths), len(ev.Lengths))
	}
}
