package query

import (
	"testing"

	"statementarchive/internal/index"
)

// TestTermDocsMatchesIterator checks that termDocs, which looks terms up
// in each segment's dictionary opened once per search, counts every term
// of the dictionaries (and terms they lack, and a field none has) as
// Bleve's dictionary iterator does, over three shards.
func TestTermDocsMatchesIterator(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 4,000-paragraph index of three shards")
	}
	x := collectCorpus(t)
	rd, err := openReaders(x)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	compared, common := 0, 0
	for _, field := range []string{index.TextField("en"), index.TextField("fr"), index.FieldStatement, index.TextField("xx")} {
		terms := map[string]bool{"": true, "zzzzunheard": true}
		for i, r := range rd.rs {
			d, err := r.FieldDict(field)
			if err != nil {
				t.Fatalf("shard %d: %v", i, err)
			}
			for {
				e, err := d.Next()
				if err != nil {
					t.Fatal(err)
				}
				if e == nil {
					break
				}
				terms[e.Term] = true
			}
			d.Close()
		}
		for term := range terms {
			got, err := rd.termDocs(field, term)
			if err != nil {
				t.Fatalf("termDocs(%s, %q): %v", field, term, err)
			}
			want, err := rd.termDocsIterated(field, term)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("termDocs(%s, %q) = %d, the dictionary iterator %d", field, term, got, want)
			}
			compared++
			if got > 100 {
				common++
			}
		}
	}
	if rd.dicts[index.TextField("en")] == nil {
		t.Errorf("the segments' dictionaries were not used: the comparison compared the iterator with itself")
	}
	if compared < 5000 || common < 50 {
		t.Fatalf("compared %d terms, %d in over 100 rows: too few", compared, common)
	}
}
