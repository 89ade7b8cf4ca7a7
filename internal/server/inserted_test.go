package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// A paragraph inserted into an unnumbered statement has its own
// permalink, page, API row and citation under its key, "1a", and the page
// says why the key has a letter; the reading view puts it in its place.
func TestInsertedParagraphPages(t *testing.T) {
	files := map[string]string{"press.txt": "---\ntitle: {en: Press statement}\ndate: 2021-01-01\ninserted: [1a]\n---\n[en]\nThe Council met.\n\nIt heard a briefing.\n\nIt agreed.\n"}
	h := handlerFor(t, files)

	doc := parse(t, get(t, h, "/statements/press/1a"))
	if got := text(doc.Find("h1 span").First()); got != "Paragraph 1a" {
		t.Errorf("heading = %q, want Paragraph 1a", got)
	}
	if notice := text(doc.Find("p.notice")); !strings.Contains(notice, "1a is the key of the paragraph after paragraph 1") {
		t.Errorf("notice = %q, want it to explain the key", notice)
	}
	if got := text(doc.Find("blockquote")); got != "It heard a briefing." {
		t.Errorf("text = %q", got)
	}

	var row struct {
		Ref       string            `json:"ref"`
		Paragraph *int              `json:"paragraph"`
		Text      map[string]string `json:"text"`
	}
	if err := json.Unmarshal(get(t, h, "/api/statements/press/1a").Body.Bytes(), &row); err != nil {
		t.Fatal(err)
	}
	if row.Ref != "1a" || row.Paragraph != nil || row.Text["en"] != "It heard a briefing." {
		t.Errorf("API row = %+v, want ref 1a, no paragraph number, its text", row)
	}
	if cite := get(t, h, "/api/statements/press/1a/cite?format=apa").Body.String(); !strings.Contains(cite, "para. 1a") {
		t.Errorf("APA citation = %s, want para. 1a", cite)
	}
	var ids []string
	parse(t, get(t, h, "/statements/press")).Find("section.row").Each(func(_ int, s *goquery.Selection) {
		ids = append(ids, s.AttrOr("id", ""))
	})
	if got := strings.Join(ids, " "); got != "p1 p1a p2" {
		t.Errorf("reading view rows = %s, want p1 p1a p2", got)
	}
}
