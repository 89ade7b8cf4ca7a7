package index_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	gen "statementarchive/internal/corpus"
	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/statement"
	"statementarchive/statements"
)

const seedID = indextest.SeedID

func ingest(t *testing.T, root string, dirs ...string) (index.Summary, error) {
	t.Helper()
	src, err := statement.Sources(dirs...)
	if err != nil {
		t.Fatal(err)
	}
	return index.Ingest(context.Background(), root, src, index.IngestOptions{BatchSize: 3})
}

func open(t *testing.T, root string) *index.Index {
	t.Helper()
	idx, err := index.Open(root)
	if err != nil {
		t.Fatalf("Open(%s): %v", root, err)
	}
	t.Cleanup(func() { idx.Close() })
	return idx
}

// generations lists the index generations kept under root.
func generations(t *testing.T, root string) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(root, "gen-*"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(matches)
	return matches
}

func TestIngestSeed(t *testing.T) {
	root := filepath.Join(t.TempDir(), "idx")
	sum, err := ingest(t, root, indextest.WriteFiles(t, map[string]string{seedID + ".txt": indextest.Seed(t), "README.md": "not a statement"}))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Statements != 1 || !reflect.DeepEqual(sum.Paragraphs, map[string]int{"en": 4, "fr": 4}) {
		t.Errorf("summary = %d statements, %v paragraphs; want 1 and en 4, fr 4", sum.Statements, sum.Paragraphs)
	}
	idx := open(t, root)
	want, err := statement.Parse(seedID+".txt", []byte(indextest.Seed(t)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := idx.Statement(seedID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Statement from the index = %+v\nwant the parsed file %+v", got, want)
	}
	p, err := idx.Paragraph(seedID, statement.Ref{Key: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(p.Text["en"], "NATO’s Cyber Defence Pledge.") || !strings.HasPrefix(p.Text["fr"], "Nous condamnons") {
		t.Errorf("Paragraph 2 = %v", p.Text)
	}
	if _, err := idx.Paragraph(seedID, statement.Ref{Key: 5}); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Paragraph 5 error = %v, want ErrNotFound", err)
	}
	if _, err := idx.Statement("nope"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("Statement(nope) error = %v, want ErrNotFound", err)
	}
	if got, want := idx.Languages(), []string{"en", "fr"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Languages = %v, want %v", got, want)
	}
}

// Re-ingesting the same files keeps every document ID, so permalinks hold.
func TestReingestKeepsIDs(t *testing.T) {
	dir := indextest.WriteFiles(t, map[string]string{seedID + ".txt": indextest.Seed(t)})
	root := filepath.Join(t.TempDir(), "idx")
	ids := func() []string {
		idx := open(t, root)
		res, err := idx.Alias().Search(bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 100, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		sort.Strings(out)
		idx.Close()
		return out
	}
	if _, err := ingest(t, root, dir); err != nil {
		t.Fatal(err)
	}
	first := ids()
	if _, err := ingest(t, root, dir); err != nil {
		t.Fatal(err)
	}
	// The statement's document, then one per row (each in both languages).
	if second := ids(); !reflect.DeepEqual(first, second) || len(first) != 5 {
		t.Errorf("document IDs changed on re-ingest:\n%v\n%v", first, second)
	}
	if first[0] != seedID || first[1] != seedID+"/00001" {
		t.Errorf("first document IDs = %q, want %q then %q", first[:2], seedID, seedID+"/00001")
	}
	if n := len(generations(t, root)); n != 2 {
		t.Errorf("%d generations kept, want 2 (current and previous)", n)
	}
}

// A broken file is refused with its path and line, nothing is written, and
// the index already there keeps answering as before.
func TestIngestRefusesBrokenFiles(t *testing.T) {
	root := filepath.Join(t.TempDir(), "idx")
	if _, err := ingest(t, root, indextest.WriteFiles(t, map[string]string{seedID + ".txt": indextest.Seed(t)})); err != nil {
		t.Fatal(err)
	}
	before := generations(t, root)

	dir := indextest.WriteFiles(t, map[string]string{
		seedID + ".txt":        indextest.Seed(t),
		"broken.txt":           "---\ntitle: {en: T}\ndate: 2024-02-30\n---\n[en]\n1. One.\n",
		"a/Bad Name.txt":       "---\ntitle: {en: T}\ndate: 2024-02-03\n---\n[en]\n1. One.\n",
		"b/" + seedID + ".txt": indextest.Seed(t),
		"misaligned.txt":       "---\ntitle: {en: T}\ndate: 2024-02-03\n---\n[en]\n1. One.\n2. Two.\n[fr]\n1. Un.\n",
	})
	_, err := ingest(t, root, dir)
	var ps statement.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("ingest error = %v, want Problems", err)
	}
	wants := []string{
		filepath.Join(dir, "a", "Bad Name.txt") + `: "Bad Name" is not a valid statement ID`,
		filepath.Join(dir, "b", seedID+".txt") + `: statement ID "` + seedID + `" is already used by ` + filepath.Join(dir, seedID+".txt"),
		filepath.Join(dir, "broken.txt") + `:3: date "2024-02-30" names a day that does not exist`,
		filepath.Join(dir, "misaligned.txt") + `:9: paragraphs differ between [en] (2 paragraphs) and [fr] (1 paragraph): [en] has paragraph 2`,
	}
	if len(ps) != len(wants) {
		t.Fatalf("got %d problems, want %d:\n%v", len(ps), len(wants), err)
	}
	for i, want := range wants {
		if !strings.HasPrefix(ps[i].Error(), want) {
			t.Errorf("problem %d = %q, want it to start %q", i, ps[i].Error(), want)
		}
	}
	if after := generations(t, root); !reflect.DeepEqual(before, after) {
		t.Errorf("generations changed by a refused ingest: %v → %v", before, after)
	}
	idx := open(t, root)
	if _, err := idx.Paragraph(seedID, statement.Ref{Key: 1}); err != nil {
		t.Errorf("the previous index no longer answers: %v", err)
	}
}

// An ingest that fails midway, after it has started writing the new index,
// leaves the old index whole and answering, and removes its own half.
func TestIngestFailingMidwayKeepsOldIndex(t *testing.T) {
	root := filepath.Join(t.TempDir(), "idx")
	if _, err := ingest(t, root, indextest.WriteFiles(t, map[string]string{seedID + ".txt": indextest.Seed(t)})); err != nil {
		t.Fatal(err)
	}
	before := generations(t, root)

	files := map[string]string{}
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		files[id+".txt"] = "---\ntitle: {en: " + id + "}\ndate: 2024-01-01\n---\n[en]\n1. Replacement text.\n"
	}
	src, err := statement.Sources(indextest.WriteFiles(t, files))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var sawIndexing bool
	_, err = index.Ingest(ctx, root, src, index.IngestOptions{BatchSize: 1, Workers: 1, AllowChanges: true, Progress: func(p index.Progress) {
		if p.Phase == "index" && p.Done == 3 {
			sawIndexing = len(generations(t, root)) > len(before)
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("ingest error = %v, want context.Canceled", err)
	}
	if !sawIndexing {
		t.Fatal("the ingest was not writing a new generation when it was stopped; the test proves nothing")
	}
	if after := generations(t, root); !reflect.DeepEqual(before, after) {
		t.Errorf("generations after a failed ingest = %v, want %v", after, before)
	}
	idx := open(t, root)
	if len(idx.Statements()) != 1 || idx.Statements()[0].ID != seedID {
		t.Errorf("statements after a failed ingest = %d, want the seed alone", len(idx.Statements()))
	}
}

func TestOpenErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nowhere")
	_, err := index.Open(missing)
	if !errors.Is(err, index.ErrNoIndex) || !strings.Contains(err.Error(), "archive ingest -index "+missing) {
		t.Errorf("Open(missing) = %v, want ErrNoIndex naming the path and the command", err)
	}

	empty := t.TempDir()
	if _, err := index.Open(empty); !errors.Is(err, index.ErrNoIndex) {
		t.Errorf("Open(empty folder) = %v, want ErrNoIndex", err)
	}

	// An index whose mapping version differs is refused, never half-read.
	root := filepath.Join(t.TempDir(), "idx")
	if _, err := ingest(t, root, indextest.WriteFiles(t, map[string]string{seedID + ".txt": indextest.Seed(t)})); err != nil {
		t.Fatal(err)
	}
	b, err := bleve.Open(indextest.FirstShard(t, root))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SetInternal([]byte("archive/mapping-version"), []byte("0")); err != nil {
		t.Fatal(err)
	}
	b.Close()
	_, err = index.Open(root)
	if !errors.Is(err, index.ErrStale) || !strings.Contains(err.Error(), "mapping version 0") || !strings.Contains(err.Error(), "archive ingest -index "+root) {
		t.Errorf("Open(old mapping) = %v, want ErrStale naming the versions and the command", err)
	}

	// A corrupt index is refused with the same advice.
	corrupt := filepath.Join(t.TempDir(), "idx")
	if _, err := ingest(t, corrupt, indextest.WriteFiles(t, map[string]string{seedID + ".txt": indextest.Seed(t)})); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(indextest.FirstShard(t, corrupt), "index_meta.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = index.Open(corrupt)
	if err == nil || !strings.Contains(err.Error(), "unreadable") || !strings.Contains(err.Error(), "archive ingest -index "+corrupt) {
		t.Errorf("Open(corrupt) = %v, want an unreadable-index error naming the command", err)
	}
}

func TestIngestNothing(t *testing.T) {
	_, err := index.Ingest(context.Background(), t.TempDir(), nil, index.IngestOptions{})
	if err == nil || !strings.Contains(err.Error(), "no statement files") {
		t.Errorf("Ingest(no sources) = %v, want a no-files error", err)
	}
}

// TestIngestReportsTheMergeInBytes: the merge phase counts the bytes of
// the shards' segments, from 0 to the total, never backwards, one step at
// least per shard, so that a progress bar can say how much is left.
func TestIngestReportsTheMergeInBytes(t *testing.T) {
	src := filepath.Join(t.TempDir(), "corpus")
	if _, err := gen.Generate(src, statements.FS, gen.Options{Paragraphs: 600, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	sources, err := statement.Sources(src)
	if err != nil {
		t.Fatal(err)
	}
	var merge []index.Progress
	_, err = index.Ingest(context.Background(), filepath.Join(t.TempDir(), "index"), sources, index.IngestOptions{Shards: 2, BatchSize: 50, Progress: func(p index.Progress) {
		if p.Phase == index.PhaseMerge {
			merge = append(merge, p)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(merge) < 3 {
		t.Fatalf("%d merge reports, want one at the start and one a shard at least: %v", len(merge), merge)
	}
	total := merge[0].Total
	if merge[0].Done != 0 || total <= 0 {
		t.Fatalf("first merge report %+v, want 0 of a positive total", merge[0])
	}
	for i, p := range merge {
		if p.Total != total || p.Done > total || i > 0 && p.Done < merge[i-1].Done {
			t.Fatalf("merge report %d = %+v after %+v: want a count that only grows to %d", i, p, merge[max(i-1, 0)], total)
		}
	}
	if last := merge[len(merge)-1]; last.Done != total {
		t.Errorf("last merge report %+v, want the total", last)
	}
}
