package server

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"statementarchive/internal/cite"
	"statementarchive/internal/statement"
	"statementarchive/web"
)

const cyberID = "2021-07-19-cyber"

// citeFiles are the statements citations are tested on: the test corpus
// (the seed, a raw statement with no title or date, a hostile one with an
// official URL), the long communiqué (a preamble, headings, a footnote, an
// unofficial German), a statement that does not number its paragraphs, and
// one with a French title and an official URL in each language.
func citeFiles(t testing.TB) map[string]string {
	files := corpus(t)
	for name, text := range communiqueFile(t) {
		files[name] = text
	}
	files["2021-01-01-press.txt"] = realShapes()["2021-01-01-press.txt"]
	files[cyberID+".txt"] = `---
title:
  en: Statement in solidarity with those affected by malicious cyber activities
  fr: Déclaration de solidarité avec les personnes touchées par des cyberactivités malveillantes
date: 2021-07-19
issuer: North Atlantic Council
reference: NATO news item 185863
source: {en: "https://example.org/en/news_185863.htm", fr: "https://example.org/fr/news_185863.htm"}
---
[en]
1. We observe with increasing concern that cyber threats are becoming ever more frequent.
2. We condemn such malicious cyber activities.
3. We stand in solidarity with all those who have been affected.
[fr]
1. Nous observons avec une préoccupation croissante que les cybermenaces se multiplient.
2. Nous condamnons ces actes de cybermalveillance.
3. Nous sommes solidaires de tous ceux qui ont été touchés.
`
	// Two statements titled alike, told apart by their subtitles.
	for _, twin := range []struct{ day, subtitle, text string }{
		{"2006-11-29", "on the situation in the Western Balkans", "The Council reviewed the situation in the region."},
		{"2007-03-14", "on the elections in the region", "The Council welcomed the conduct of the elections."},
	} {
		files[twin.day+"-nac-statement.txt"] = "---\ntitle: {en: Statement by the North Atlantic Council}\nsubtitle: {en: " + twin.subtitle + "}\ndate: " + twin.day +
			"\nissuer: North Atlantic Council\nreference: Press Release (" + twin.day[:4] + ") 150\n---\n[en]\n" + twin.text + "\n"
	}
	return files
}

// apiCitationsJSON decodes the JSON answer, unknown fields refused.
func apiCitationsJSON(t *testing.T, body []byte) apiCitations {
	t.Helper()
	var out apiCitations
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return out
}

func TestAPICite(t *testing.T) {
	h := handlerFor(t, citeFiles(t))
	api := "/api/statements/" + cyberID + "/3/cite"

	t.Run("each format as a file", func(t *testing.T) {
		tests := []struct {
			format, contentType, file, contains string
		}{
			{"text", "text/plain; charset=utf-8", cyberID + "-3-en-text.txt", "para. 3, https://example.org/en/news_185863.htm, archived at " + testBaseURL + "/statements/" + cyberID + "/3."},
			{"chicago-note", "text/plain; charset=utf-8", cyberID + "-3-en-chicago-note.txt", "activities,” NATO news item 185863, July 19, 2021, par. 3,"},
			{"chicago-bibliography", "text/plain; charset=utf-8", cyberID + "-3-en-chicago-bibliography.txt", "activities.” NATO news item 185863. July 19, 2021."},
			{"apa", "text/plain; charset=utf-8", cyberID + "-3-en-apa.txt", "North Atlantic Council. (2021, July 19)."},
			{"mla", "text/plain; charset=utf-8", cyberID + "-3-en-mla.txt", "(North Atlantic Council, par. 3)"},
			{"bibtex", "application/x-bibtex; charset=utf-8", cyberID + "-3-en.bib", "  month = jul,\n"},
			{"ris", "application/x-research-info-systems; charset=utf-8", cyberID + "-3-en.ris", "TY  - GOVDOC\r\n"},
			{"csl-json", "application/vnd.citationstyles.csl+json", cyberID + "-3-en.json", `"type": "document"`},
		}
		for _, tt := range tests {
			rec := get(t, h, api+"?format="+tt.format)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: status %d: %s", tt.format, rec.Code, rec.Body)
			}
			if got := rec.Header().Get("Content-Type"); got != tt.contentType {
				t.Errorf("%s: Content-Type %q, want %q", tt.format, got, tt.contentType)
			}
			if got, want := rec.Header().Get("Content-Disposition"), `attachment; filename="`+tt.file+`"`; got != want {
				t.Errorf("%s: Content-Disposition %q, want %q", tt.format, got, want)
			}
			if !strings.Contains(rec.Body.String(), tt.contains) {
				t.Errorf("%s: body lacks %q:\n%s", tt.format, tt.contains, rec.Body)
			}
		}
	})

	t.Run("every format as JSON", func(t *testing.T) {
		rec := get(t, h, api+"?lang=fr")
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("status %d, %s", rec.Code, rec.Header().Get("Content-Type"))
		}
		got := apiCitationsJSON(t, rec.Body.Bytes())
		want := apiCitations{
			Statement: cyberID, Kind: "paragraph", Ref: "3", Paragraph: 3, Lang: "fr",
			Title:  "Déclaration de solidarité avec les personnes touchées par des cyberactivités malveillantes",
			Issuer: "North Atlantic Council", Reference: "NATO news item 185863", Numbered: true, Pinpoint: "paragr. 3",
			Source: "https://example.org/fr/news_185863.htm", Permalink: testBaseURL + "/statements/" + cyberID + "/3?lang=fr",
		}
		if got.Date == nil || *got.Date != "2021-07-19" {
			t.Errorf("date = %v, want 2021-07-19", got.Date)
		}
		formats := got.Formats
		got.Date, got.Formats = nil, nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got  %+v\nwant %+v", got, want)
		}
		if len(formats) != len(cite.Formats) {
			t.Errorf("%d formats, want %d", len(formats), len(cite.Formats))
		}
		for _, f := range cite.Formats {
			file := get(t, h, api+"?lang=fr&format="+string(f))
			if formats[string(f)] != file.Body.String() {
				t.Errorf("%s in the JSON differs from its download:\n%s\n%s", f, formats[string(f)], file.Body)
			}
		}
		if !strings.Contains(formats["text"], "19 juillet 2021, paragr. 3") {
			t.Errorf("French citation = %q, want a French date and word", formats["text"])
		}
	})

	t.Run("refused", func(t *testing.T) {
		tests := []struct {
			name, target string
			status       int
			message      string
		}{
			{"unknown format", api + "?format=endnote", http.StatusBadRequest,
				`There is no citation format "endnote". Choose one of text, chicago-note, chicago-bibliography, apa, mla, bibtex, ris, csl-json, or leave format out to get every format as JSON.`},
			{"language the statement is not in", api + "?lang=ru", http.StatusBadRequest,
				`This statement is not published in "ru"; it is in en, fr. Choose one with lang=, or leave lang out for en.`},
			{"unknown statement", "/api/statements/nowhere/1/cite", http.StatusNotFound, "There is no statement with this identifier."},
			{"unknown row", "/api/statements/" + cyberID + "/9/cite", http.StatusNotFound, "There is no such statement or paragraph in the archive."},
			{"malformed row", "/api/statements/" + cyberID + "/p1/cite?format=apa", http.StatusNotFound,
				"There is no such paragraph. A citation's address is /api/statements/ID/N/cite, with N the paragraph's number, or preamble, hN for a heading, nN for a footnote."},
		}
		for _, tt := range tests {
			rec := get(t, h, tt.target)
			if rec.Code != tt.status {
				t.Errorf("%s: status %d, want %d", tt.name, rec.Code, tt.status)
			}
			var body struct{ Error string }
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error != tt.message {
				t.Errorf("%s: error %q (%v), want %q", tt.name, body.Error, err, tt.message)
			}
			if rec.Header().Get("Content-Disposition") != "" {
				t.Errorf("%s: an error is offered as a file", tt.name)
			}
		}
	})

	t.Run("a language that lacks the row cites in its words, saying the text is another's", func(t *testing.T) {
		h := handlerFor(t, realShapes())
		got := apiCitationsJSON(t, get(t, h, "/api/statements/2006-11-29-summit/2/cite?lang=fr").Body.Bytes())
		if got.Lang != "fr" || got.TextLang != "en" || got.Title != "Déclaration du sommet" || got.Permalink != testBaseURL+"/statements/2006-11-29-summit/2" || !strings.Contains(got.Pinpoint, "texte en anglais") {
			t.Errorf("lang %q (text %q), title %q, permalink %q, pinpoint %q: want a French citation of the English words", got.Lang, got.TextLang, got.Title, got.Permalink, got.Pinpoint)
		}
	})
}

// The paragraph page offers every format, labelled, copyable and
// downloadable, and says the same as the API.
func TestParagraphPageCitations(t *testing.T) {
	h := handlerFor(t, citeFiles(t))
	for _, tc := range []struct {
		page, lang, source string
		ref                statement.Ref
	}{
		{"/statements/" + cyberID + "/1?lang=fr", "fr", "https://example.org/fr/news_185863.htm", statement.Ref{Key: 1}},
		{"/statements/2019-06-14-bergen/n1?lang=de", "de", "", statement.Ref{Kind: statement.Footnote, Key: 1}},
		{"/statements/2021-01-01-press/2", "en", "", statement.Ref{Key: 2}},
		{"/statements/2024-07-10-hostile/1", "en", "https://example.org/a?b=%22%3E%3Cscript%3Ealert(3)%3C/script%3E", statement.Ref{Key: 1}},
	} {
		rec := get(t, h, tc.page)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", tc.page, rec.Code)
		}
		doc := parse(t, rec)
		id := strings.Split(tc.page, "/")[2]
		for _, f := range cite.Formats {
			box := doc.Find("textarea#citation-" + string(f) + "[data-copy][readonly]")
			if box.Length() != 1 {
				t.Errorf("%s: no box for %s", tc.page, f)
				continue
			}
			if got := text(doc.Find(`label[for="citation-` + string(f) + `"]`)); got != f.Label() {
				t.Errorf("%s: %s labelled %q", tc.page, f, got)
			}
			download := web.CitePath(id, tc.ref, f, tc.lang, 0)
			link := doc.Find(`a[href="` + download + `"]`)
			if link.Length() != 1 || link.AttrOr("download", "") == "" {
				t.Errorf("%s: no download link to %s", tc.page, download)
			}
			file := get(t, h, download)
			// An HTML parser reads a textarea's CR LF as LF.
			if want := strings.ReplaceAll(file.Body.String(), "\r\n", "\n"); box.Text() != want {
				t.Errorf("%s: the page's %s differs from the API's:\n%s\n%s", tc.page, f, box.Text(), want)
			}
		}
		official := doc.Find(".citation a").FilterFunction(func(_ int, a *goquery.Selection) bool {
			return strings.HasPrefix(a.Parent().Text(), "Official text")
		})
		if got := official.AttrOr("href", ""); got != tc.source {
			t.Errorf("%s: official text link %q, want %q", tc.page, got, tc.source)
		}
		if doc.Find(".citation script").Length() != 0 {
			t.Errorf("%s: a script in the citations", tc.page)
		}
	}
	doc := parse(t, get(t, h, "/statements/"+cyberID+"/1?lang=fr"))
	if got := text(doc.Find(".citation p.muted").First()); got != "The citations are written for the French text: the French title, with French dates and words." {
		t.Errorf("the note on the citations' language = %q", got)
	}
}

// TestCitationFixtures asks the API for every format of the rows
// .ci/citations.mjs checks with citation.js, and writes each answer there
// (one JSON file a row) when CITEJS_OUT names a folder.
func TestCitationFixtures(t *testing.T) {
	h := handlerFor(t, citeFiles(t))
	out := os.Getenv("CITEJS_OUT")
	if out != "" {
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range []string{
		cyberID + "/3",                 // a numbered paragraph, with an official URL
		cyberID + "/1?lang=fr",         // a French page, with the French official URL
		"2021-01-01-press/2",           // a paragraph unnumbered in the original
		"2019-06-14-bergen/n1?lang=de", // a footnote, in German
		"2019-06-14-bergen/h2?lang=fr", // a heading, in French
		"2019-06-14-bergen/preamble",   // the preamble
		rawID + "/1",                   // no title, issuer or date
		"2024-07-10-hostile/1",         // markup in the title and the URL
		"2006-11-29-nac-statement/1",   // a title another statement has, a reference in parentheses
	} {
		target := "/api/statements/" + strings.Replace(path, "?", "/cite?", 1)
		if !strings.Contains(path, "?") {
			target = "/api/statements/" + path + "/cite"
		}
		rec := get(t, h, target)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", target, rec.Code, rec.Body)
		}
		row := apiCitationsJSON(t, rec.Body.Bytes())
		if len(row.Formats) != len(cite.Formats) {
			t.Errorf("%s: %d formats", target, len(row.Formats))
		}
		if out != "" {
			name := row.Statement + "-" + row.Ref + "-" + row.Lang + ".json"
			if err := os.WriteFile(filepath.Join(out, name), rec.Body.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// A citation asked for in a language that lacks the row is written in
// that language and says the words cited are another's.
func TestCitationOfARowTheLanguageLacks(t *testing.T) {
	h := handlerFor(t, map[string]string{"2024-01-01-gap.txt": "---\ntitle: {en: Statement, fr: Déclaration}\ndate: 2024-01-01\nissuer: Test Council\ngaps: {fr: [2]}\n---\n[en]\n1. One.\n\n2. Two.\n[fr]\n1. Un.\n"})
	row := apiCitationsJSON(t, get(t, h, "/api/statements/2024-01-01-gap/2/cite?lang=fr").Body.Bytes())
	if row.Lang != "fr" || !strings.Contains(row.Formats["text"], "texte en anglais") || !strings.Contains(row.Formats["text"], "Déclaration") {
		t.Errorf("lang %s, text %q; want a French citation saying the words are English", row.Lang, row.Formats["text"])
	}
	if !strings.Contains(row.Permalink, "2024-01-01-gap/2") || strings.Contains(row.Permalink, "lang=fr") {
		t.Errorf("permalink %q, want the row as it shows its English words", row.Permalink)
	}
	// The page asked for in French cites as the API does.
	page := parse(t, get(t, h, "/statements/2024-01-01-gap/2?lang=fr"))
	if got := page.Find("#citation-text").Text(); !strings.Contains(got, "texte en anglais") {
		t.Errorf("the page's citation = %q, want it to say the words are English", got)
	}
}
