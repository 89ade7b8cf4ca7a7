package index

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/blevesearch/bleve/v2"

	gen "statementarchive/internal/corpus"
	"statementarchive/internal/statement"
	"statementarchive/statements"
)

// Catalogs written before references had languages hold one string: it is
// read as the reference for every language, so those indexes still open.
func TestCatalogReadsOldReferences(t *testing.T) {
	tests := []struct {
		name, json string
		want       map[string]string
	}{
		{"one string", `{"id":"x","reference":"NATO news item 185863","languages":["en"],"keys":[1]}`, map[string]string{"": "NATO news item 185863"}},
		{"per language", `{"id":"x","reference":{"en":"Press Release (2006) 150","fr":"Communiqué de presse (2006) 150"},"languages":["en","fr"],"keys":[1]}`, map[string]string{"en": "Press Release (2006) 150", "fr": "Communiqué de presse (2006) 150"}},
		{"none", `{"id":"x","languages":["en"],"keys":[1]}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r record
			if err := json.Unmarshal([]byte(tt.json), &r); err != nil {
				t.Fatal(err)
			}
			st, err := r.statement()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(st.Reference, tt.want) {
				t.Errorf("Reference = %#v, want %#v", st.Reference, tt.want)
			}
			if st.Unnumbered {
				t.Error("an old catalog's statement reads as unnumbered; old statements keep their numbers")
			}
		})
	}
}

// TestRowListRoundTrips checks the catalog's compact row list: runs of
// consecutive keys of one kind become ranges, everything else stays a
// ref, and decoding gives the rows back in order; a range that is not
// one is refused.
func TestRowListRoundTrips(t *testing.T) {
	p := func(k int) statement.Ref { return statement.Ref{Kind: statement.Body, Key: k} }
	h := func(k int) statement.Ref { return statement.Ref{Kind: statement.Heading, Key: k} }
	n := func(k int) statement.Ref { return statement.Ref{Kind: statement.Footnote, Key: k} }
	ins := func(r statement.Ref, sub int) statement.Ref { r.Sub = sub; return r }
	rows := rowList{statement.PreambleRef, h(1), p(1), p(2), p(3), ins(p(3), 1), ins(p(3), 2), p(4), ins(h(1), 1), h(2), p(6), p(7), n(1), n(2), n(3), n(5)}
	b, err := json.Marshal(rows)
	if err != nil {
		t.Fatal(err)
	}
	if want := `"preamble h1 1-3 3a 3b 4 h1a h2 6-7 n1-n3 n5"`; string(b) != want {
		t.Errorf("encoded %s, want %s", b, want)
	}
	var back rowList
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, rows) {
		t.Errorf("decoded %v, want %v", back, rows)
	}
	for _, bad := range []string{`"3-1"`, `"1-h3"`, `"h2-h2"`, `"x"`, `"1-"`, `["1"]`, `"1a-3"`, `"1-3a"`, `"h1-h1a"`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("rows %s decoded to %v, want an error", bad, back)
		}
	}
}

// TestPreviousSumsOfOlderIndexes checks that an index of a mapping version
// before 8, which kept the permalinks' fingerprints in its first shard's
// internal store rather than in a file, still has them compared: an
// upgrade must not lose the drift check.
func TestPreviousSumsOfOlderIndexes(t *testing.T) {
	x := collectSmall(t)
	root := x.root
	x.Close() // the shard is opened for writing below
	want, ok := previousSums(root)
	if !ok || len(want) == 0 {
		t.Fatalf("fingerprints of a new index: %v, %v", want, ok)
	}
	gen, err := currentGeneration(root)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(gen, sumsFile))
	if err != nil {
		t.Fatal(err)
	}
	// The older layout: the fingerprints in the internal store, no file.
	b, err := bleve.Open(shardDir(gen, 0))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SetInternal(keySums, raw); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(gen, sumsFile)); err != nil {
		t.Fatal(err)
	}
	got, ok := previousSums(root)
	if !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("fingerprints of an older index: %d statements, ok %v; want the %d written", len(got), ok, len(want))
	}
}

// TestIngestLeavesOneSegmentPerShard checks that a finished ingest's
// shards hold only the segment of the final merge: the segments it
// replaced are removed, not left on disk beside it.
func TestIngestLeavesOneSegmentPerShard(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 1,500 paragraphs in small batches")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "corpus")
	if _, err := gen.Generate(src, statements.FS, gen.Options{Paragraphs: 1500, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	sources, err := statement.Sources(src)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "index")
	// Small batches make many segments, which Bleve merges as they come.
	if _, err := Ingest(context.Background(), root, sources, IngestOptions{Shards: 2, BatchSize: 20}); err != nil {
		t.Fatal(err)
	}
	genPath, err := currentGeneration(root)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		zaps, err := filepath.Glob(filepath.Join(shardDir(genPath, i), "store", "*.zap"))
		if err != nil {
			t.Fatal(err)
		}
		if len(zaps) != 1 {
			t.Errorf("shard %d holds %d segment files, want the one of the final merge: %v", i, len(zaps), zaps)
		}
	}
	// What is left is the whole index: every row's and statement's document.
	x, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	want := uint64(len(x.Statements()))
	for _, st := range x.Statements() {
		want += uint64(len(st.Paragraphs))
	}
	var docs uint64
	for _, b := range x.shards {
		n, err := b.DocCount()
		if err != nil {
			t.Fatal(err)
		}
		docs += n
	}
	if docs != want {
		t.Fatalf("%d documents after the merge, want %d (every row and statement)", docs, want)
	}
}

// A fingerprint's ref keeps an inserted row's letter, and a ref packed
// before letters existed (no letter bits) reads as it was written.
func TestPackRefKeepsLetters(t *testing.T) {
	for _, r := range []statement.Ref{statement.PreambleRef, {Kind: statement.Body, Key: statement.MaxParagraphKey, Sub: statement.MaxInserted},
		{Kind: statement.Heading, Sub: 1}, {Kind: statement.Footnote, Key: statement.MaxFootnote}, {Kind: statement.Body, Key: 7}} {
		if back := unpackRef(packRef(r)); back != r {
			t.Errorf("unpackRef(packRef(%v)) = %v", r, back)
		}
	}
	if old := uint32(statement.Heading)<<28 | 12; unpackRef(old) != (statement.Ref{Kind: statement.Heading, Key: 12}) {
		t.Errorf("a heading packed before letters reads as %v", unpackRef(old))
	}
}

// ingestOpen ingests sources into an index of the given shards in a
// temporary folder, and opens it.
func ingestOpen(t *testing.T, sources []statement.Source, shards int) (*Index, string) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "index")
	if _, err := Ingest(context.Background(), root, sources, IngestOptions{Shards: shards}); err != nil {
		t.Fatal(err)
	}
	x, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x, root
}

// collectSmall builds an index of the bundled statements in two shards.
func collectSmall(t *testing.T) *Index {
	t.Helper()
	seed, err := statement.SourcesFS(statements.FS, "statements")
	if err != nil {
		t.Fatal(err)
	}
	x, _ := ingestOpen(t, seed, 2)
	return x
}

// TestMarkSharedTitles: statements whose titles in one language are the
// same but for case and spaces are marked, every holder of the title; a
// title one statement gives in two languages, or two statements in two
// languages, is not shared.
func TestMarkSharedTitles(t *testing.T) {
	st := func(id string, title map[string]string) *statement.Statement {
		return &statement.Statement{ID: id, Title: title}
	}
	sts := []*statement.Statement{
		st("a", map[string]string{"en": "Final Communiqué", "fr": "Communiqué final"}),
		st("b", map[string]string{"en": "final  communiqué"}),
		st("c", map[string]string{"en": "FINAL COMMUNIQUÉ"}),
		st("d", map[string]string{"en": "Statement", "fr": "Statement"}),
		st("e", map[string]string{"de": "Communiqué final"}),
		st("f", map[string]string{"en": "Declaration"}),
	}
	markSharedTitles(sts)
	want := map[string]bool{"a": true, "b": true, "c": true}
	for _, s := range sts {
		if s.TitleShared != want[s.ID] {
			t.Errorf("%s: TitleShared = %v, want %v", s.ID, s.TitleShared, want[s.ID])
		}
	}
}

// TestSumsHoldNoSliceOfTheFile: the fingerprints an ingest keeps for every
// statement until the end hold copies of the language codes, never slices
// of the parsed file (whose every row would keep the whole file alive:
// a map assignment to a present string key stores the key given).
func TestSumsHoldNoSliceOfTheFile(t *testing.T) {
	st, err := statement.Parse("2020-01-01-x.txt", []byte("---\ntitle: {en: T, fr: T}\ndate: 2020-01-01\n---\n[en]\n1. One.\n\n2. Two.\n\n3. Three.\n[fr]\n1. Un.\n\n2. Deux.\n\n3. Trois.\n"))
	if err != nil {
		t.Fatal(err)
	}
	file := map[*byte]bool{unsafe.StringData(st.ID): true}
	for _, p := range st.Paragraphs {
		for lang := range p.Text {
			file[unsafe.StringData(lang)] = true
		}
	}
	sums := textSums{}
	sums.add(st)
	for id, byLang := range sums {
		if file[unsafe.StringData(id)] {
			t.Errorf("the sums' statement ID %s is a slice of the file", id)
		}
		for lang, ps := range byLang {
			if file[unsafe.StringData(lang)] {
				t.Errorf("the sums' language %s is a slice of the file", lang)
			}
			if len(ps) != 3 {
				t.Errorf("%s: %d fingerprints, want 3", lang, len(ps))
			}
		}
	}
}

// TestWatchMergeCountsWhatTheMergeWrote: the segment files present when
// the watch starts are not counted; each new file counts its largest
// size, still after a later round deletes it; the count only grows; and
// nothing is reported once stop has returned.
func TestWatchMergeCountsWhatTheMergeWrote(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "store")
	if err := os.MkdirAll(store, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, n int) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(store, name), make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("00000001.zap", 1000) // there before the merge
	got := make(chan int64, 16)
	var stopped atomic.Bool
	stop := watchMerge(dir, func(written int64) {
		if stopped.Load() {
			t.Errorf("reported %d after stop", written)
		}
		got <- written
	})
	await := func(want int64) {
		t.Helper()
		for w := range got {
			if w > want {
				t.Fatalf("reported %d, past %d", w, want)
			}
			if w == want {
				return
			}
		}
	}
	write("00000002.zap", 100) // a first round's segment
	await(100)
	if err := os.Remove(filepath.Join(store, "00000002.zap")); err != nil {
		t.Fatal(err)
	}
	write("00000003.zap", 150) // the next round's, the first one deleted
	await(250)
	stop()
	stopped.Store(true)
	write("00000004.zap", 500)
	close(got)
	for w := range got {
		t.Errorf("reported %d after the awaited 250", w)
	}
}
