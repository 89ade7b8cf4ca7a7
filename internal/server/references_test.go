package server

import (
	"encoding/json"
	"strings"
	"testing"
)

// referenceFiles are two invented statements, the second citing the
// first by its reference in another form than the first is published
// under.
func referenceFiles() map[string]string {
	return map[string]string{
		"2006-11-29-pr.txt": "---\ntitle: {en: Final communiqué}\ndate: 2006-11-29\nissuer: Test Council\nreference: {en: \"Press Release (2006) 150\", fr: \"Communiqué de presse (2006) 150\"}\n---\n[en]\n1. Ministers reviewed the mission in the region.\n[fr]\n1. Les ministres ont examiné la mission dans la région.\n",
		"2007-01-10-st.txt": "---\ntitle: {en: Statement on the mission}\ndate: 2007-01-10\nissuer: Test Council\nreference: \"PR(2007)001\"\n---\n[en]\n1. As agreed in PR/CP(2006)150, the mission goes on; see also PR(2007)001.\n",
	}
}

// A reference finds its statement first in the search page and the API;
// the statements list filters by reference in any form; a reference in a
// paragraph's text links to the statement it names (never to its own).
func TestReferencesFoundFilteredAndLinked(t *testing.T) {
	h := handlerFor(t, referenceFiles())

	var res struct {
		Statements []struct {
			ID string `json:"statement"`
		} `json:"statements"`
		Total int `json:"total"`
	}
	if err := json.Unmarshal(get(t, h, "/api/search?q=PR%2FCP(2006)150").Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Statements) == 0 || res.Statements[0].ID != "2006-11-29-pr" {
		t.Errorf("API search for PR/CP(2006)150: statements %+v, want 2006-11-29-pr first", res.Statements)
	}
	page := parse(t, get(t, h, "/search?q=Communiqu%C3%A9+de+presse+(2006)+150"))
	if got := page.Find(".statement-hits a, .statements a").First().AttrOr("href", ""); !strings.Contains(got, "2006-11-29-pr") {
		t.Errorf("the search page's first statement links %q, want 2006-11-29-pr", got)
	}

	var list struct {
		Matched    int `json:"matched"`
		Statements []struct {
			ID string `json:"id"`
		} `json:"statements"`
	}
	for q, want := range map[string]string{"PR(2006)150": "2006-11-29-pr", "Press+Release+(2006)+150": "2006-11-29-pr", "PR(2007)": "2007-01-10-st"} {
		if err := json.Unmarshal(get(t, h, "/api/statements?reference="+q).Body.Bytes(), &list); err != nil {
			t.Fatal(err)
		}
		if list.Matched != 1 || list.Statements[0].ID != want {
			t.Errorf("reference=%s: %+v, want %s alone", q, list, want)
		}
	}
	if rec := get(t, h, "/api/statements?reference=()"); rec.Code != 400 || !strings.Contains(rec.Body.String(), "holds no letter or number") {
		t.Errorf("reference=(): %d %s, want a 400 that says why", rec.Code, rec.Body)
	}

	row := parse(t, get(t, h, "/statements/2007-01-10-st/1"))
	links := row.Find("blockquote a.ref-link")
	if links.Length() != 1 || links.AttrOr("href", "") != "/statements/2006-11-29-pr" || links.Text() != "PR/CP(2006)150" || !strings.Contains(links.AttrOr("title", ""), "Final communiqué") {
		t.Errorf("the reference links: %d, %q %q; want PR/CP(2006)150 linked to 2006-11-29-pr, its own reference not", links.Length(), links.AttrOr("href", ""), links.Text())
	}
	if got := parse(t, get(t, h, "/statements/2007-01-10-st")).Find("a.ref-link").Length(); got != 1 {
		t.Errorf("the reading view has %d reference links, want 1", got)
	}
}
