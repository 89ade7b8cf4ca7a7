package index_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/ledger"
	"statementarchive/internal/statement"
)

// A paragraph and a heading added to an unnumbered statement are refused
// while undeclared, with the keys to declare; declared inserted, they go
// in with those keys, into the same index path and into a fresh one, and
// every row published before shows the same words.
func TestInsertedRowsKeepPermalinks(t *testing.T) {
	file := func(frontMatter string, rows ...string) map[string]string {
		return map[string]string{"press.txt": "---\ntitle: {en: Press statement}\ndate: 2021-01-01\n" + frontMatter +
			"---\n[en]\n" + strings.Join(rows, "\n\n") + "\n"}
	}
	published := file("", "The Council met.", "# Ukraine", "It agreed.", "It will meet again.")
	undeclared := file("", "The Council met.", "# Ukraine", "It agreed.", "It heard a briefing.", "# Next steps", "It will meet again.")
	declared := file("inserted: [2a, h1a]\n", "The Council met.", "# Ukraine", "It agreed.", "It heard a briefing.", "# Next steps", "It will meet again.")

	book := ledger.New()
	ingest := func(root string, files map[string]string) (index.Summary, error) {
		src, err := statement.Sources(indextest.WriteFiles(t, files))
		if err != nil {
			t.Fatal(err)
		}
		return index.Ingest(context.Background(), root, src, index.IngestOptions{Ledger: book, LedgerName: "test ledger"})
	}
	dir := t.TempDir()
	if _, err := ingest(dir+"/first", published); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{dir + "/first", dir + "/fresh"} {
		var ce *index.ChangesError
		_, err := ingest(root, undeclared)
		if !errors.As(err, &ce) {
			t.Fatalf("undeclared insertion into %s: %v, want a ChangesError", root, err)
		}
		if want := []statement.Ref{{Kind: statement.Body, Key: 2, Sub: 1}}; !reflect.DeepEqual(ce.Inserted["press"], want) {
			t.Errorf("undeclared insertion into %s: hints %v, want %v", root, ce.Inserted, want)
		}
		if !strings.Contains(err.Error(), "inserted: [2a]") {
			t.Errorf("the refusal does not say what to declare:\n%v", err)
		}
	}
	// A heading added before the first: h0a.
	headingFirst := file("", "# Background", "The Council met.", "# Ukraine", "It agreed.", "It will meet again.")
	var ce *index.ChangesError
	if _, err := ingest(dir+"/fresh", headingFirst); !errors.As(err, &ce) || !strings.Contains(err.Error(), "inserted: [h0a]") {
		t.Errorf("undeclared heading: %v, want the hint inserted: [h0a]", err)
	}

	before := open(t, dir+"/first")
	old, err := before.Statement("press")
	if err != nil {
		t.Fatal(err)
	}
	before.Close()
	for _, root := range []string{dir + "/first", dir + "/fresh"} {
		sum, err := ingest(root, declared)
		if err != nil {
			t.Fatalf("declared insertion into %s: %v", root, err)
		}
		if sum.LedgerRevised != 0 {
			t.Errorf("declared insertion into %s: %d revisions, want none", root, sum.LedgerRevised)
		}
		idx := open(t, root)
		st, err := idx.Statement("press")
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, p := range st.Paragraphs {
			refs = append(refs, p.Ref().String())
		}
		if want := []string{"1", "h1", "2", "2a", "h1a", "3"}; !reflect.DeepEqual(refs, want) {
			t.Errorf("%s: rows %v, want %v", root, refs, want)
		}
		for _, p := range old.Paragraphs {
			now, err := idx.Paragraph("press", p.Ref())
			if err != nil || now.Text["en"] != p.Text["en"] {
				t.Errorf("%s: %s = %q, %v; want %q as published", root, p.Ref(), now.Text["en"], err, p.Text["en"])
			}
		}
		added, err := idx.Paragraph("press", statement.Ref{Kind: statement.Body, Key: 2, Sub: 1})
		if err != nil || added.Text["en"] != "It heard a briefing." {
			t.Errorf("%s: 2a = %q, %v", root, added.Text["en"], err)
		}
		idx.Close()
	}
}

// Row IDs of inserted rows sort between their neighbours and read back.
func TestDocIDOfInsertedRows(t *testing.T) {
	refs := []statement.Ref{statement.PreambleRef, {Kind: statement.Body, Sub: 1}, {Kind: statement.Body, Key: 1},
		{Kind: statement.Body, Key: 1, Sub: 1}, {Kind: statement.Body, Key: 1, Sub: 2}, {Kind: statement.Body, Key: 2},
		{Kind: statement.Heading, Sub: 1}, {Kind: statement.Heading, Key: 1}, {Kind: statement.Heading, Key: 1, Sub: 26}, {Kind: statement.Footnote, Key: 1}}
	prev := ""
	for _, r := range refs {
		id := index.DocID("s", r)
		if id <= prev && r.Kind == statement.Body {
			t.Errorf("DocID(%s) = %s sorts before %s", r, id, prev)
		}
		prev = id
		sid, back, ok := index.ParseDocID(id)
		if !ok || sid != "s" || back != r {
			t.Errorf("ParseDocID(%s) = %s, %v, %v; want s, %v", id, sid, back, ok, r)
		}
	}
	for _, bad := range []string{"s/00001A", "s/0000aa", "s/n0001a", "s/1é", "s/h0000", "s/"} {
		if _, r, ok := index.ParseDocID(bad); ok {
			t.Errorf("ParseDocID(%s) = %v, want refused", bad, r)
		}
	}
}
