package query

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"statementarchive/internal/fault"
	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

const rawTestID = "000_eb08baf898ac2314"

// exportCorpus writes statements whose rows an export must order: several
// dates, two statements on one day, an undated (raw) statement, a row in
// French only, and tags and issuers to filter by. Every row holds
// "alliance" (the raw statement's in English, as "Alliance").
func exportCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, d := range []string{"2019-03-01", "2023-11-20", "2023-11-20", "2001-09-12", "2024-02-29"} {
		issuer, tag := "North Atlantic Council", "defence"
		if i%2 == 1 {
			issuer, tag = "Heads of State and Government", "summit"
		}
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: {en: Statement %d, fr: Déclaration %d}\ndate: %s\nissuer: %s\ntags: [%s]\ngaps: {en: [4]}\n---\n[en]\n", i, i, d, issuer, tag)
		for k := 1; k <= 3; k++ {
			fmt.Fprintf(&b, "%d. The alliance, paragraph %d of statement %d.\n", k, k, i)
		}
		b.WriteString("[fr]\n")
		for k := 1; k <= 4; k++ {
			fmt.Fprintf(&b, "%d. L'alliance, paragraphe %d de la déclaration %d.\n", k, k, i)
		}
		write(fmt.Sprintf("%s-s%d.txt", d, i), b.String())
	}
	raw, err := os.ReadFile(filepath.Join("..", "statement", "testdata", rawTestID+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	write(rawTestID+".txt", string(raw))
	return dir
}

// exportEngine builds the export corpus into an index of three shards,
// so that every walk merges hits across shards.
func exportEngine(t *testing.T, gate *search.Gate) *Engine {
	t.Helper()
	src, err := statement.Sources(exportCorpus(t))
	if err != nil {
		t.Fatal(err)
	}
	x, _ := indextest.Ingest(t, src, 3)
	return New(x, gate)
}

// walked returns the rows a walk hands on, as statement/ref.
func walked(t *testing.T, s *Engine, req search.Request, limit, batch int, refuseOver bool) ([]string, error) {
	t.Helper()
	var out []string
	err := s.walk(context.Background(), req, limit, batch, refuseOver, func(row search.Row) error {
		out = append(out, row.Statement.ID+"/"+row.Ref.String())
		return nil
	})
	return out, err
}

// wantOrder returns every row of the index's statements that keep
// passes, in export order, worked out from the catalog: dated statements
// newest first, undated last, then by document ID.
func wantOrder(s *Engine, keep func(*statement.Statement, statement.Paragraph) bool) []string {
	type row struct {
		st    *statement.Statement
		docID string
		key   string
	}
	var rows []row
	for _, st := range s.x.Statements() {
		for _, p := range st.Paragraphs {
			p, err := s.x.Paragraph(st.ID, p.Ref())
			if err != nil {
				panic(err)
			}
			if keep(st, p) {
				rows = append(rows, row{st, index.DocID(st.ID, p.Ref()), st.ID + "/" + p.Ref().String()})
			}
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i].st, rows[j].st
		if a.HasDate() != b.HasDate() {
			return a.HasDate()
		}
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		return rows[i].docID < rows[j].docID
	})
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.key
	}
	return out
}

// An export hands on every matching row once, in one order however small
// its batches, whatever page, size or sort the request asked for, and
// keeps every filter.
func TestExportWalksEveryRowInOrder(t *testing.T) {
	s := exportEngine(t, nil)
	has := func(lang string) func(*statement.Statement, statement.Paragraph) bool {
		return func(_ *statement.Statement, p statement.Paragraph) bool { _, ok := p.Text[lang]; return ok }
	}
	tests := []struct {
		name string
		req  search.Request
		keep func(*statement.Statement, statement.Paragraph) bool
	}{
		{"every row", search.Request{Query: "alliance"}, func(_ *statement.Statement, p statement.Paragraph) bool {
			for _, text := range p.Text {
				if strings.Contains(strings.ToLower(text), "alliance") {
					return true
				}
			}
			return false
		}},
		{"page, size and sort ignored", search.Request{Query: "alliance", Page: 7, PerPage: 3, Sort: search.SortRelevance, Langs: []string{"fr"}}, has("fr")},
		{"French", search.Request{Query: "alliance", Langs: []string{"fr"}}, has("fr")},
		{"issuer", search.Request{Query: "alliance", Issuer: "Heads of State and Government"}, func(st *statement.Statement, _ statement.Paragraph) bool {
			return st.Issuer == "Heads of State and Government"
		}},
		{"tag and dates", search.Request{Query: "alliance", Tag: "defence", From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)}, func(st *statement.Statement, _ statement.Paragraph) bool {
			return slices.Contains(st.Tags, "defence") && st.Date.Year() >= 2020
		}},
		{"phrase", search.Request{Query: `"paragraphe 4"`}, func(_ *statement.Statement, p statement.Paragraph) bool {
			return strings.Contains(p.Text["fr"], "paragraphe 4")
		}},
	}
	for _, tt := range tests {
		want := wantOrder(s, tt.keep)
		if len(want) < 3 {
			t.Fatalf("%s: the fixture gives %d rows; the test needs several", tt.name, len(want))
		}
		for _, batch := range []int{1, 2, 3, 7, exportBatch} {
			got, err := walked(t, s, tt.req, search.MaxExportRows, batch, true)
			if err != nil {
				t.Fatalf("%s, batches of %d: %v", tt.name, batch, err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s, batches of %d:\ngot  %q\nwant %q", tt.name, batch, got, want)
			}
		}
	}
}

// Export hands on the rows the search pages show, all of them, each with
// its text in every language it has.
func TestExportMatchesSearch(t *testing.T) {
	s := exportEngine(t, nil)
	req := search.Request{Query: "alliance", Sort: search.SortDate, PerPage: 4}
	var paged []string
	for page := 1; ; page++ {
		req.Page = page
		res, err := s.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Rows) == 0 {
			break
		}
		for _, r := range res.Rows {
			paged = append(paged, r.Statement.ID+"/"+r.Ref.String())
		}
	}
	var exported []string
	err := s.Export(context.Background(), search.Request{Query: "alliance"}, func(row search.Row) error {
		exported = append(exported, row.Statement.ID+"/"+row.Ref.String())
		p, err := s.x.Paragraph(row.Statement.ID, row.Ref)
		if err != nil {
			return err
		}
		for lang, text := range p.Text {
			if row.Text[lang] != text {
				t.Errorf("%s/%s in %s = %q, want %q", row.Statement.ID, row.Ref, lang, row.Text[lang], text)
			}
		}
		if len(row.Text) != len(p.Text) || len(row.Show) != len(p.Text) {
			t.Errorf("%s/%s has texts %v shown %v, want the %d languages it has", row.Statement.ID, row.Ref, row.Text, row.Show, len(p.Text))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(exported, paged) {
		t.Errorf("export:\n%q\nthe search's pages, newest first:\n%q", exported, paged)
	}
}

// What a search refuses, an export refuses with the same message, and
// one over its limit of rows too, before handing on any row.
func TestExportRefuses(t *testing.T) {
	s := exportEngine(t, nil)
	for _, req := range []search.Request{
		{Query: ""},
		{Query: `"unclosed`},
		{Query: "-alliance"},
		{Query: "alliance", Langs: []string{"de"}},
		{Query: "alliance", Issuer: strings.Repeat("x", search.MaxFilterLength+1)},
		{Query: "a*"},
	} {
		_, searchErr := s.Search(context.Background(), req)
		rows, err := walked(t, s, req, search.MaxExportRows, exportBatch, true)
		if fault.KindOf(err) != fault.Invalid || searchErr == nil || err.Error() != searchErr.Error() {
			t.Errorf("export of %+v = %v, want the search's refusal %v", req, err, searchErr)
		}
		if len(rows) > 0 {
			t.Errorf("export of %+v handed on %d rows before refusing", req, len(rows))
		}
	}
	rows, err := walked(t, s, search.Request{Query: "alliance"}, 5, exportBatch, true)
	if fault.KindOf(err) != fault.Invalid || !strings.Contains(err.Error(), "at most 5") || len(rows) > 0 {
		t.Errorf("export over its limit = %d rows, %v; want none and a refusal naming the limit", len(rows), err)
	}
}

// Latest gives the first rows of the export's order, for a feed.
func TestLatest(t *testing.T) {
	s := exportEngine(t, nil)
	all, err := walked(t, s, search.Request{Query: "alliance"}, search.MaxExportRows, exportBatch, true)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.Latest(context.Background(), search.Request{Query: "alliance"}, 5)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Statement.ID+"/"+r.Ref.String())
	}
	if !slices.Equal(got, all[:5]) {
		t.Errorf("Latest(5) = %q, want %q", got, all[:5])
	}
	if _, err := s.Latest(context.Background(), search.Request{Query: `"open`}, 5); fault.KindOf(err) != fault.Invalid {
		t.Errorf("Latest of a bad query = %v, want a refusal", err)
	}
}

// An export passes through the gate: with its lane full it is refused
// before any row, as a search is; a cancelled one stops.
func TestExportThroughGate(t *testing.T) {
	gate := search.NewGate(1, 1, 1, time.Millisecond)
	s := exportEngine(t, gate)
	var holds []func()
	for _, w := range []search.Weight{search.Cheap, search.Medium, search.Heavy} {
		hold, err := gate.Enter(context.Background(), w)
		if err != nil {
			t.Fatal(err)
		}
		holds = append(holds, hold)
	}
	rows, err := walked(t, s, search.Request{Query: "alliance"}, search.MaxExportRows, exportBatch, true)
	if fault.KindOf(err) != fault.Busy || len(rows) > 0 {
		t.Errorf("export with the gate full = %d rows, %v; want none and fault.Busy", len(rows), err)
	}
	for _, hold := range holds {
		hold()
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err = s.walk(ctx, search.Request{Query: "alliance"}, search.MaxExportRows, 2, true, func(search.Row) error {
		if n++; n == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 3 {
		t.Errorf("export cancelled at row 3 = %v after %d rows, want context.Canceled after 3", err, n)
	}
}
