package server

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// communique is the statement archive import drafts from the draft
// package's fixtures of a long communiqué (a preamble, headings, lettered
// and dashed items, a footnote; English, French and an unofficial German),
// taken end to end: file, index, pages, JSON, search, citation.
func communique(t *testing.T) http.Handler {
	t.Helper()
	return handlerFor(t, communiqueFile(t))
}

// communiqueFile is the long communiqué as archive import drafts it, once
// reviewed: its CHECK lines confirmed and deleted.
func communiqueFile(t testing.TB) map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "draft", "testdata", "golden", "communique.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var reviewed []string
	for _, l := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(l, "# CHECK") {
			reviewed = append(reviewed, l)
		}
	}
	return map[string]string{"2019-06-14-bergen.txt": strings.Join(reviewed, "\n")}
}

func TestStatementStructure(t *testing.T) {
	h := communique(t)
	const id = "2019-06-14-bergen"

	t.Run("reading view", func(t *testing.T) {
		doc := parse(t, get(t, h, "/statements/"+id+"?left=en&right=fr"))
		var ids []string
		doc.Find(".rows section.row").Each(func(_ int, s *goquery.Selection) { ids = append(ids, s.AttrOr("id", "")) })
		if got, want := strings.Join(ids, " "), "preamble h1 p1 p2 h2 p3 p4 h3 p5 p6 n1"; got != want {
			t.Fatalf("rows = %s, want %s", got, want)
		}
		if got := text(doc.Find("#preamble .cell p[lang=en]")); got != "Our partners of the Northern Forum endorse this Communiqué." {
			t.Errorf("preamble = %q", got)
		}
		if got := text(doc.Find("#h2 h2[lang=fr]")); got != "Résilience et état de préparation" {
			t.Errorf("heading 2 in French = %q", got)
		}
		items := doc.Find("#p3 .cell").First().Find("ul.items li")
		if items.Length() != 3 || text(items.First().Find(".marker")) != "a." || !strings.HasPrefix(text(items.First()), "a. to review the readiness") {
			t.Errorf("¶3 list = %d items, first %q", items.Length(), text(items.First()))
		}
		if got := text(doc.Find("#p3 .cell").Last().Find("ul.items li .marker").First()); got != "a)" {
			t.Errorf("¶3 French marker = %q, want a) as published", got)
		}
		ref := doc.Find("#p4 .cell").First().Find("sup a[role=doc-noteref]")
		if ref.Length() != 1 || ref.AttrOr("href", "") != "#n1" || text(ref) != "1" {
			t.Errorf("¶4 footnote reference = %d links, href %q", ref.Length(), ref.AttrOr("href", ""))
		}
		if strings.Contains(text(doc.Find(".rows")), "[^") {
			t.Error("a footnote marker is shown raw")
		}
		if got := text(doc.Find("h2.notes-heading")); got != "Notes" {
			t.Errorf("notes heading = %q", got)
		}
		if got := text(doc.Find("#n1 .cell p[lang=en]")); !strings.HasPrefix(got, "One Ally records its reservation") {
			t.Errorf("footnote 1 = %q", got)
		}
	})

	t.Run("permalinks of each kind", func(t *testing.T) {
		for _, tc := range []struct{ path, h1, citation string }{
			{"/statements/" + id + "/preamble?lang=en", "Preamble", "preamble"},
			{"/statements/" + id + "/h2?lang=fr", "Heading 2", "intertitre 2"},
			{"/statements/" + id + "/3?lang=en", "¶ 3", "para. 3"},
			{"/statements/" + id + "/n1?lang=de", "Footnote 1", "Anm. 1"},
		} {
			doc := parse(t, get(t, h, tc.path))
			if got := text(doc.Find("h1 span").First()); got != tc.h1 {
				t.Errorf("%s: h1 = %q, want %q", tc.path, got, tc.h1)
			}
			cite := text(doc.Find("#citation-text"))
			if !strings.Contains(cite, ", "+tc.citation+", ") || strings.Contains(cite, "[^") {
				t.Errorf("%s: citation = %q, want %q and no footnote marker", tc.path, cite, tc.citation)
			}
		}
		doc := parse(t, get(t, h, "/statements/"+id+"/4?lang=fr"))
		if got := doc.Find("blockquote[lang=fr] sup a").AttrOr("href", ""); got != "/statements/"+id+"/n1?lang=fr" {
			t.Errorf("¶4 footnote reference links to %q, want the footnote's permalink", got)
		}
		for _, bad := range []string{"h0", "h4", "n2", "preamble2", "p9", "00009", "h09"} {
			if rec := get(t, h, "/statements/"+id+"/"+bad); rec.Code != http.StatusNotFound {
				t.Errorf("/%s = %d, want 404", bad, rec.Code)
			}
		}
	})

	t.Run("JSON", func(t *testing.T) {
		var st struct {
			Paragraphs []struct {
				Kind, Ref, Permalink string
				Paragraph            int
				Text                 map[string]string
				Lines                map[string][]struct{ Marker, Text string }
				Notes                map[string][]int
			}
		}
		if err := json.Unmarshal(get(t, h, "/api/statements/"+id).Body.Bytes(), &st); err != nil {
			t.Fatal(err)
		}
		if len(st.Paragraphs) != 11 {
			t.Fatalf("%d rows, want 11", len(st.Paragraphs))
		}
		pre, h1, p3, p4, n1 := st.Paragraphs[0], st.Paragraphs[1], st.Paragraphs[5], st.Paragraphs[6], st.Paragraphs[10]
		if pre.Kind != "preamble" || pre.Ref != "preamble" || pre.Paragraph != 0 || pre.Permalink != "/statements/"+id+"/preamble" {
			t.Errorf("preamble = %+v", pre)
		}
		if h1.Kind != "heading" || h1.Ref != "h1" || h1.Text["en"] != "Shared Principles" {
			t.Errorf("heading 1 = %+v", h1)
		}
		if p3.Kind != "paragraph" || p3.Paragraph != 3 || len(p3.Lines["fr"]) != 4 || p3.Lines["fr"][1].Marker != "a)" || p3.Lines["fr"][0].Marker != "" {
			t.Errorf("¶3 = %+v", p3)
		}
		if !strings.Contains(p4.Text["en"], "shared concern.[^1]  Allies") || len(p4.Notes["en"]) != 1 || p4.Notes["en"][0] != 1 {
			t.Errorf("¶4 = text %q, notes %v; want the text as published and its note", p4.Text["en"], p4.Notes)
		}
		if n1.Kind != "footnote" || n1.Ref != "n1" {
			t.Errorf("footnote = %+v", n1)
		}
	})

	t.Run("search finds every kind of row", func(t *testing.T) {
		for _, tc := range []struct{ q, ref string }{
			{"Northern Forum", "preamble"},
			{"Partnerships", "h3"},
			{"undersea cables", "4"},
			{"readiness two years", "3"},
			{"reservation timing", "n1"},
		} {
			var res struct {
				Rows []struct{ Ref, Kind, Permalink string }
			}
			if err := json.Unmarshal(get(t, h, "/api/search?lang=en&q="+strings.ReplaceAll(tc.q, " ", "+")).Body.Bytes(), &res); err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) == 0 || res.Rows[0].Ref != tc.ref {
				t.Errorf("%q: rows %+v, want %s first", tc.q, res.Rows, tc.ref)
				continue
			}
			if res.Rows[0].Permalink != "/statements/"+id+"/"+tc.ref {
				t.Errorf("%q: permalink %q", tc.q, res.Rows[0].Permalink)
			}
		}
		// A footnote marker's number is no word of the text.
		var res struct{ Total int }
		json.Unmarshal(get(t, h, "/api/search?q=1").Body.Bytes(), &res)
		if res.Total != 0 {
			t.Errorf("q=1 finds %d rows, want none (only footnote markers hold 1)", res.Total)
		}
		doc := parse(t, get(t, h, "/search?lang=en&q=shared+concern"))
		if got, _ := doc.Find("li.hit .match p").First().Html(); !strings.Contains(got, "<mark>concern</mark>.<sup>1</sup>") {
			t.Errorf("hit = %s, want the match marked and the footnote reference as a superscript", got)
		}
	})
}
