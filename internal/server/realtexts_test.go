package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"statementarchive/internal/index/indextest"
)

// realShapes are statements in shapes real publications take: a subtitle
// and a reference in each language, an unofficial translation, a language
// held only in part, and a statement that does not number its paragraphs.
func realShapes() map[string]string {
	return map[string]string{
		"2006-11-29-summit.txt": `---
title: {en: Summit Declaration, fr: Déclaration du sommet, de: Gipfelerklärung}
subtitle: {en: Issued by the Heads of State and Government, fr: Publiée par les chefs d'État et de gouvernement}
reference: {en: Press Release (2006) 150, fr: Communiqué de presse (2006) 150}
date: 2006-11-29
issuer: North Atlantic Council
unofficial: [de]
incomplete: [fr]
gaps: {fr: [2], de: [3]}
---
[en]
1. We, the Heads of State and Government, met today.
2. Only in English, in this archive.
3. A third paragraph.
[fr]
1. Nous, chefs d'État et de gouvernement, nous sommes réunis aujourd'hui.
3. Un troisième paragraphe.
[de]
1. Wir, die Staats- und Regierungschefs, sind heute zusammengetreten.
2. Nur auf Deutsch und Englisch.
`,
		"2021-01-01-press.txt": `---
title: {en: Press statement}
date: 2021-01-01
issuer: North Atlantic Council
---
[en]
The Council met today.

It agreed on the way ahead.
`,
	}
}

func TestRealStatementShapes(t *testing.T) {
	idx := indextest.Build(t, realShapes())
	h := New(Config{Archive: NewArchive(idx, nil), BaseURL: testBaseURL, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()

	t.Run("reading view", func(t *testing.T) {
		doc := parse(t, get(t, h, "/statements/2006-11-29-summit?left=en&right=fr"))
		if got := text(doc.Find("p.subtitle")); got != "Issued by the Heads of State and Government" {
			t.Errorf("subtitle = %q", got)
		}
		if got := text(doc.Find("#p2 .cell").Last().Find(".missing")); !strings.Contains(got, "holds only part of the French text") {
			t.Errorf("a paragraph missing from an incomplete language says %q", got)
		}
		if got := text(doc.Find("dl.metadata")); !strings.Contains(got, "Press Release (2006) 150 (en)") || !strings.Contains(got, "Communiqué de presse (2006) 150 (fr)") || !strings.Contains(got, "Deutsch (unofficial translation)") {
			t.Errorf("metadata = %q, want each reference and the unofficial label", got)
		}
	})
	t.Run("a row holding neither chosen language shows one it has", func(t *testing.T) {
		doc := parse(t, get(t, h, "/statements/2006-11-29-summit?left=de&right=fr"))
		row := doc.Find("#p3 p[lang]")
		if got := row.First().AttrOr("lang", ""); got != "en" && got != "fr" {
			t.Errorf("row 3 (no German) shows %q first, want a language that has it", got)
		}
		if got := text(doc.Find("#p2 .cell .lang").First()); got != "Deutsch (unofficial translation)" {
			t.Errorf("the German cell is labelled %q", got)
		}
	})
	t.Run("a permalink asked for in a language that lacks the paragraph", func(t *testing.T) {
		rec := get(t, h, "/statements/2006-11-29-summit/2?lang=fr")
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d, want 200 with a note", rec.Code)
		}
		doc := parse(t, rec)
		if got := text(doc.Find("[role=status]")); !strings.Contains(got, "holds only part of the French text") {
			t.Errorf("note = %q", got)
		}
		if got := doc.Find("blockquote[lang=en]").Length(); got != 1 {
			t.Errorf("the English paragraph is shown %d times, want once", got)
		}
		if rec := get(t, h, "/statements/2006-11-29-summit/2?lang=ru"); rec.Code != http.StatusBadRequest {
			t.Errorf("a language the statement lacks = %d, want 400", rec.Code)
		}
	})
	t.Run("citation in the page's language", func(t *testing.T) {
		doc := parse(t, get(t, h, "/statements/2006-11-29-summit/1?lang=fr"))
		cite := doc.Find("#citation-text").Text()
		for _, want := range []string{"Déclaration du sommet", "Communiqué de presse (2006) 150", "29 novembre 2006", "paragr. 1"} {
			if !strings.Contains(cite, want) {
				t.Errorf("citation = %q, want the French title, reference, date and words (%q)", cite, want)
			}
		}
	})
	t.Run("unnumbered statement", func(t *testing.T) {
		doc := parse(t, get(t, h, "/statements/2021-01-01-press/2"))
		if got := text(doc.Find("h1 span").First()); got != "Paragraph 2" {
			t.Errorf("heading = %q, want Paragraph 2", got)
		}
		cite := doc.Find("#citation-text").Text()
		if !strings.Contains(cite, "paragraph 2, unnumbered in the original") || strings.Contains(cite, "para. 2") {
			t.Errorf("citation = %q, want the position named as such", cite)
		}
		if bib := doc.Find("#citation-bibtex").Text(); !strings.Contains(bib, "note = {paragraph 2, unnumbered in the original}") {
			t.Errorf("BibTeX = %q", bib)
		}
		reading := parse(t, get(t, h, "/statements/2021-01-01-press"))
		if got := text(reading.Find("#p2 .key")); got != "Paragraph 2" {
			t.Errorf("reading view key = %q, want Paragraph 2", got)
		}
	})
	t.Run("API", func(t *testing.T) {
		var st struct {
			Subtitle   map[string]string `json:"subtitle"`
			Reference  map[string]string `json:"reference"`
			Unofficial []string          `json:"unofficial"`
			Incomplete []string          `json:"incomplete"`
			Numbered   bool              `json:"numbered"`
		}
		if err := json.Unmarshal(get(t, h, "/api/statements/2006-11-29-summit").Body.Bytes(), &st); err != nil {
			t.Fatal(err)
		}
		if st.Reference["fr"] != "Communiqué de presse (2006) 150" || st.Reference["de"] != "Press Release (2006) 150" || st.Subtitle["en"] == "" ||
			strings.Join(st.Unofficial, ",") != "de" || strings.Join(st.Incomplete, ",") != "fr" || !st.Numbered {
			t.Errorf("API statement = %+v", st)
		}
		var press struct {
			Numbered bool `json:"numbered"`
		}
		if err := json.Unmarshal(get(t, h, "/api/statements/2021-01-01-press").Body.Bytes(), &press); err != nil || press.Numbered {
			t.Errorf("an unnumbered statement: numbered = %v (%v), want false", press.Numbered, err)
		}
	})
}
