package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/ledger"
	"statementarchive/internal/statement"
)

// revisedArchive ingests a statement, then revises its paragraph 2 with a
// reason, as a curator does, and serves the result.
func revisedArchive(t *testing.T) http.Handler {
	t.Helper()
	file := func(second string) map[string]string {
		return map[string]string{"press.txt": "---\ntitle: {en: Press statement}\ndate: 2021-01-01\n---\n[en]\n1. The Council met.\n2. " + second + "\n"}
	}
	root := t.TempDir() + "/idx"
	book := ledger.New()
	for i, second := range []string{"It agreed to the plan.", "It agreed to the revised plan."} {
		src, err := statement.Sources(indextest.WriteFiles(t, file(second)))
		if err != nil {
			t.Fatal(err)
		}
		opt := index.IngestOptions{Ledger: book, LedgerName: "test", AllowChanges: i > 0, Reason: "corrected to match the publisher's revised text"}
		if _, err := index.Ingest(context.Background(), root, src, opt); err != nil {
			t.Fatalf("ingest %d: %v", i+1, err)
		}
	}
	idx, err := index.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	return New(Config{Archive: NewArchive(idx, nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
}

// A revised row keeps every version: its permalink shows the current
// words with the notice, the reason and the change word by word; each
// version has a permalink of its own whose words never change; the API
// lists them; citations name the version and cite its permalink.
func TestRevisedRowServesEveryVersion(t *testing.T) {
	h := revisedArchive(t)

	doc := parse(t, get(t, h, "/statements/press/2"))
	notice := text(doc.Find(".notice.versions"))
	for _, want := range []string{"Revised on", "corrected to match the publisher's revised text", "version 2", "version 1 (until"} {
		if !strings.Contains(notice, want) {
			t.Errorf("the current page's notice lacks %q: %s", want, notice)
		}
	}
	if got := text(doc.Find(".diff ins")); got != "revised" {
		t.Errorf("the diff's added words = %q, want %q", got, "revised")
	}
	if got := text(doc.Find("blockquote")); !strings.Contains(got, "It agreed to the revised plan.") {
		t.Errorf("the current page shows %q", got)
	}
	if href, _ := doc.Find(`.notice.versions a[href$="/v1"]`).First().Attr("href"); href != "/statements/press/2/v1" {
		t.Errorf("the earlier wording's link = %q, want /statements/press/2/v1", href)
	}
	if c := doc.Find("#citation-text").Text(); !strings.Contains(c, "version 2 (revised") || !strings.Contains(c, "/statements/press/2/v2") {
		t.Errorf("the current page's citation does not name version 2 at its permalink: %q", c)
	}

	doc = parse(t, get(t, h, "/statements/press/2/v1"))
	if got := text(doc.Find("blockquote")); !strings.Contains(got, "It agreed to the plan.") {
		t.Errorf("version 1 shows %q, want the words as first published", got)
	}
	if notice := text(doc.Find(".notice.versions")); !strings.Contains(notice, "This is version 1 of 2") || !strings.Contains(notice, "as first published") {
		t.Errorf("version 1's notice: %s", notice)
	}
	if c := doc.Find("#citation-text").Text(); !strings.Contains(c, "version 1 (wording until") || !strings.Contains(c, "/statements/press/2/v1") {
		t.Errorf("version 1's citation: %q", c)
	}

	for _, path := range []string{"/statements/press/2/v3", "/statements/press/2/v0", "/statements/press/1/v2", "/api/statements/press/2/v3"} {
		if rec := get(t, h, path); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "version") {
			t.Errorf("GET %s = %d, want a 404 saying how many versions there are", path, rec.Code)
		}
	}
	if rec := get(t, h, "/statements/press/1/v1"); rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "notice versions") {
		t.Errorf("GET /statements/press/1/v1 (a row never revised) = %d, want 200 without a versions notice", rec.Code)
	}

	var row struct {
		Text     map[string]string
		Version  int
		Versions []struct {
			Version   int
			Until     string
			Current   bool
			Permalink string
		}
	}
	if err := json.Unmarshal(get(t, h, "/api/statements/press/2").Body.Bytes(), &row); err != nil {
		t.Fatal(err)
	}
	if row.Version != 2 || len(row.Versions) != 2 || row.Versions[0].Until == "" || !row.Versions[1].Current || !strings.HasSuffix(row.Versions[0].Permalink, "/statements/press/2/v1") {
		t.Errorf("the row's JSON: version %d, versions %+v", row.Version, row.Versions)
	}
	if err := json.Unmarshal(get(t, h, "/api/statements/press/2/v1").Body.Bytes(), &row); err != nil || row.Text["en"] != "It agreed to the plan." || row.Version != 1 {
		t.Errorf("version 1's JSON: %v, version %d, text %q", err, row.Version, row.Text["en"])
	}
	if c := get(t, h, "/api/statements/press/2/cite?format=text&version=1").Body.String(); !strings.Contains(c, "version 1 (wording until") {
		t.Errorf("the citation of version 1: %q", c)
	}
	if c := get(t, h, "/api/statements/press/2/cite?format=text").Body.String(); !strings.Contains(c, "version 2") || !strings.Contains(c, "/v2") {
		t.Errorf("the citation of the current version: %q", c)
	}
}

// A revised title is not overwritten silently: the statement's page and
// its rows' pages say what the details citations carry were, and why
// they changed.
func TestRevisedDetailsAreShown(t *testing.T) {
	root := t.TempDir() + "/idx"
	book := ledger.New()
	for i, title := range []string{"Press statement", "Statement on the meeting"} {
		files := map[string]string{"press.txt": "---\ntitle: {en: " + title + "}\ndate: 2021-01-01\n---\n[en]\n1. The Council met.\n"}
		src, err := statement.Sources(indextest.WriteFiles(t, files))
		if err != nil {
			t.Fatal(err)
		}
		opt := index.IngestOptions{Ledger: book, LedgerName: "test", AllowChanges: i > 0, Reason: "the publisher retitled it"}
		sum, err := index.Ingest(context.Background(), root, src, opt)
		if err != nil {
			t.Fatalf("ingest %d: %v", i+1, err)
		}
		if i > 0 && sum.LedgerRevised != 1 {
			t.Errorf("the retitling recorded %d revisions, want 1", sum.LedgerRevised)
		}
	}
	idx, err := index.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	h := New(Config{Archive: NewArchive(idx, nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	for _, path := range []string{"/statements/press", "/statements/press/1"} {
		notice := text(parse(t, get(t, h, path)).Find(".meta-revisions"))
		for _, want := range []string{"the publisher retitled it", "title (en) was Press statement, now Statement on the meeting"} {
			if !strings.Contains(notice, want) {
				t.Errorf("%s: the details' notice lacks %q: %q", path, want, notice)
			}
		}
	}
}
