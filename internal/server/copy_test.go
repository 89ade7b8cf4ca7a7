package server

import (
	"encoding/json"
	"strings"
	"testing"
)

// A statement taken from a reprint shows the copy apart from the official
// address and never cites it; a paragraph its copy cuts short says so on
// its page, in the reading view and in the API; a footnote whose text the
// copy lacks is a mark without a link.
func TestCopyAndCutShown(t *testing.T) {
	const reprint = "https://reprint.example.net/2024/statement"
	files := map[string]string{"press.txt": "---\ntitle: {en: Press statement}\ndate: 2021-01-01\nsource: {en: \"https://example.org/official\"}\ncopy: {en: \"" + reprint + "\"}\ncut: {en: [2, n1]}\n---\n[en]\n1. The Council met.[^1]\n\n2. It agreed that\n"}
	h := handlerFor(t, files)

	page := parse(t, get(t, h, "/statements/press"))
	if got := text(page.Find("dl.metadata")); !strings.Contains(got, "Text taken from a copy") || !strings.Contains(got, reprint) {
		t.Errorf("the details do not show the copy apart: %s", got)
	}
	if got := text(page.Find("#p2 .cut")); !strings.Contains(got, "Cut short: the English text of this row ends here in the copy at "+reprint) {
		t.Errorf("the reading view's ¶2 says %q, want it marked cut short", got)
	}
	if page.Find("#p1 sup a").Length() != 0 || !strings.Contains(page.Find("#p1 sup.unknown-note").AttrOr("title", ""), "not in the copy") {
		t.Errorf("footnote 1, whose text the copy lacks, is linked or unexplained")
	}

	row := parse(t, get(t, h, "/statements/press/2"))
	if got := text(row.Find(".notice")); !strings.Contains(got, "Cut short") {
		t.Errorf("¶2's page notice = %q, want cut short", got)
	}
	if got := text(row.Find(".citation")); strings.Contains(got, "reprint.example.net") || !strings.Contains(got, "https://example.org/official") {
		t.Errorf("the citation section names the copy or lacks the official address: %s", got)
	}

	var api struct {
		Copy       map[string]string `json:"copy"`
		Paragraphs []struct {
			Ref string   `json:"ref"`
			Cut []string `json:"cut"`
		} `json:"paragraphs"`
	}
	if err := json.Unmarshal(get(t, h, "/api/statements/press").Body.Bytes(), &api); err != nil {
		t.Fatal(err)
	}
	if api.Copy["en"] != reprint || len(api.Paragraphs) != 2 || api.Paragraphs[1].Ref != "2" || len(api.Paragraphs[1].Cut) != 1 || len(api.Paragraphs[0].Cut) != 0 {
		t.Errorf("API = %+v, want the copy and ¶2 cut in en", api)
	}
	for _, format := range []string{"apa", "mla", "chicago-note", "chicago-bibliography", "bibtex", "ris", "csl-json", "text"} {
		if got := get(t, h, "/api/statements/press/2/cite?format="+format).Body.String(); strings.Contains(got, "reprint.example.net") {
			t.Errorf("the %s citation cites the copy: %s", format, got)
		}
	}
}
