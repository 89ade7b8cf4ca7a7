package main

import "testing"

// TestSplitMix checks that the warm-up and timed halves share no query and
// take each class's queries alternately, half each.
func TestSplitMix(t *testing.T) {
	var all []mixQuery
	for _, class := range []string{"common", "phrase", "common/en"} {
		for i := 0; i < 6; i++ {
			all = append(all, mixQuery{class: class, text: class + string(rune('a'+i))})
		}
	}
	warm, timed := splitMix(all, true)
	seen := map[string]bool{}
	perClass := map[string][2]int{}
	for _, q := range warm {
		seen[q.text] = true
		c := perClass[q.class]
		c[0]++
		perClass[q.class] = c
	}
	for _, q := range timed {
		if seen[q.text] {
			t.Errorf("%q is both warm-up and timed", q.text)
		}
		c := perClass[q.class]
		c[1]++
		perClass[q.class] = c
	}
	for class, c := range perClass {
		if c != [2]int{3, 3} {
			t.Errorf("class %s: %d warm-up and %d timed queries, want 3 and 3", class, c[0], c[1])
		}
	}
	if timed[0].text != "commona" || warm[0].text != "commonb" {
		t.Errorf("halves start with %q (timed) and %q (warm-up), want commona and commonb", timed[0].text, warm[0].text)
	}
	if w, tm := splitMix(all, false); len(w) != 0 || len(tm) != len(timed) {
		t.Errorf("without warm-up: %d warm-up and %d timed queries, want 0 and %d", len(w), len(tm), len(timed))
	}
}
