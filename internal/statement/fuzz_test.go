package statement

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes the parser panic, and that what it
// accepts is a well-formed statement and what it refuses comes with located
// problems. Its seed corpus is in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, p := range []string{seedPath, "../../statements/2021-07-19-nac-cyber-solidarity.txt"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(header + "[en]\n1. One.\n1. Split.\n[fr]\n1. Un.\n"))
	f.Add([]byte("---\ntitle: {en: T}\ndate: 2024-07-10\ngaps: {fr: [2]}\n---\n[en]\n1. A.\n2. B.\n[fr]\n1. A.\n"))
	f.Add([]byte(strings.ReplaceAll(header+"[en]\n1. One\nwrapped.\n[fr]\n1. Un.\n", "\n", "\r")))
	f.Add([]byte(header + "[en]\n1. Red \x1b[31malert\u0085.\n"))
	f.Add([]byte("---\ntitle: {en: T}\ndate: 0001-01-01\n---\n[en]\n1. One.\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const path = "statements/fuzz.txt"
		st, err := Parse(path, data)
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("Parse error %v is not a non-empty Problems", err)
			}
			for _, p := range ps {
				if p.Path != path || p.Msg == "" || p.Line < 0 {
					t.Fatalf("badly formed problem %+v", p)
				}
			}
			return
		}
		again, _ := Parse(path, data)
		if !reflect.DeepEqual(st, again) {
			t.Fatalf("Parse is not deterministic")
		}
		if !ValidID(st.ID) || len(st.Languages) == 0 || len(st.Paragraphs) == 0 {
			t.Fatalf("accepted an incomplete statement: %+v", st)
		}
		if st.HasDate() && (st.Date.Before(MinDate) || st.Date.After(MaxDate)) {
			t.Fatalf("accepted date %v outside %v to %v", st.Date, MinDate, MaxDate)
		}
		for _, title := range st.Title {
			if strings.ContainsFunc(title, IsControl) {
				t.Fatalf("accepted a title with a control character: %q", title)
			}
		}
		langs := map[string]int{}
		for _, l := range st.Languages {
			if !ValidLanguage(l) || langs[l] > 0 {
				t.Fatalf("bad or repeated language %q in %v", l, st.Languages)
			}
			langs[l] = 1
		}
		lastBody, seen := 0, map[Ref]bool{}
		for i, p := range st.Paragraphs {
			if r, ok := ParseRef(p.Ref().String()); !ok || r != p.Ref() || seen[r] {
				t.Fatalf("row %d has a ref %v that names no row or two: %+v", i, p.Ref(), st.Paragraphs)
			}
			seen[p.Ref()] = true
			if p.Kind == Body {
				if p.Key <= lastBody {
					t.Fatalf("paragraph keys not increasing from 1: %+v", st.Paragraphs)
				}
				lastBody = p.Key
			}
			if (p.Kind == Preamble && i != 0) || (i > 0 && st.Paragraphs[i-1].Kind == Footnote && p.Kind != Footnote) {
				t.Fatalf("rows out of reading order (preamble first, footnotes last): %+v", st.Paragraphs)
			}
			if len(p.Text) == 0 {
				t.Fatalf("paragraph %d has no language", p.Key)
			}
			for l, text := range p.Text {
				if len(text) > MaxParagraphBytes || strings.ContainsFunc(text, IsControl) {
					t.Fatalf("accepted paragraph %d [%s] of %d bytes or with a control character", p.Key, l, len(text))
				}
				if langs[l] == 0 {
					t.Fatalf("paragraph %d has language %q, not among %v", p.Key, l, st.Languages)
				}
				langs[l]++
			}
		}
		for l, n := range langs {
			if n == 1 {
				t.Fatalf("language %s has no paragraph", l)
			}
		}
	})
}
