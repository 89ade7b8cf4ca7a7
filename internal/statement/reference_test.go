package statement

import "testing"

// Every way one reference is written has one key; different references
// have different keys.
func TestReferenceKey(t *testing.T) {
	for _, group := range [][]string{
		{"PR(2006)150", "PR/CP(2006)150", "Press Release (2006) 150", "Communiqué de presse (2006) 150", "pr (2006) 150", "PR 2006/150", "Pressemitteilung (2006) 150", "PR(2006)0150"},
		{"M-NAC-2(2001)159", "M-NAC-2 (2001) 159", "m nac 2 2001 159"},
		{"M-1(94)3", "M-1 (94) 3"},
		{"SC/10378", "SC 10378", "sc/10378"},
		{"MEMO/14/402", "MEMO 14/402"},
		{"SN 140/01", "SN 140/1"},
		{"S/RES/2170 (2014)", "S/RES/2170(2014)", "s/res/2170 (2014)"},
	} {
		want := ReferenceKey(group[0])
		if want == "" {
			t.Fatalf("no key for %q", group[0])
		}
		for _, v := range group[1:] {
			if got := ReferenceKey(v); got != want {
				t.Errorf("ReferenceKey(%q) = %q, want %q as for %q", v, got, want, group[0])
			}
		}
	}
	if a, b := ReferenceKey("PR(2006)150"), ReferenceKey("PR(2006)151"); a == b {
		t.Errorf("two references share the key %q", a)
	}
	if a, b := ReferenceKey("SC/10378"), ReferenceKey("SC/1037"); a == b {
		t.Errorf("two references share the key %q", a)
	}
	st := &Statement{Reference: map[string]string{"": "S/RES/2170 (2014)"}}
	if keys := st.ReferenceKeys(); len(keys) != 2 || keys[1] != ReferenceKey("UNSCR 2170") || keys[1] != ReferenceKey("resolution 2170") {
		t.Errorf("ReferenceKeys = %q, want the resolution with and without its year", keys)
	}
}

// Tokens keep where they stand in the text, a spelled-out series the span
// of all its words.
func TestRefTokensSpans(t *testing.T) {
	text := "see Press Release (2006) 150."
	toks := RefTokens(text)
	if len(toks) != 4 || toks[1].Key != "pr" || text[toks[1].Start:toks[1].End] != "Press Release" || text[toks[3].Start:toks[3].End] != "150" {
		t.Errorf("RefTokens = %+v", toks)
	}
}
