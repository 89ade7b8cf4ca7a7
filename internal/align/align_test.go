package align

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
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
		{"one paragraph", Finding{Kind: KindLength, Keys: []string{"8"}}, "paragraph 8"},
		{"a merge", Finding{Kind: KindMerge, Keys: []string{"5", "6"}}, "paragraphs 5 and 6"},
		{"a shifted stretch", Finding{Kind: KindShift, Keys: []string{"6", "7", "8", "9"}}, "paragraphs 6–9"},
		{"a stretch of two", Finding{Kind: KindShift, Keys: []string{"12", "13"}}, "paragraphs 12 and 13"},
		{"an inserted paragraph", Finding{Kind: KindMerge, Keys: []string{"2a", "3"}}, "paragraphs 2a and 3"},
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
