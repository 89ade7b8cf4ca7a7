package cite

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"statementarchive/internal/statement"
)

const base = "https://archive.example.org/statements/"

// The fixture rows: a numbered paragraph with an official URL, the same
// statement's French page, an unnumbered paragraph without one, a
// footnote on a German page (an unofficial translation, with the English
// reference), a heading on a French page, and a raw row: undated, with no
// title, issuer or reference.
var (
	cyber = &statement.Statement{
		ID: "2021-07-19-nac-cyber",
		Title: map[string]string{
			"en": "Statement in solidarity with those affected by malicious cyber activities",
			"fr": "Déclaration de solidarité avec les personnes touchées par des cyberactivités malveillantes",
		},
		Date:      time.Date(2021, 7, 19, 0, 0, 0, 0, time.UTC),
		Issuer:    "North Atlantic Council",
		Reference: map[string]string{"": "NATO news item 185863"},
		Source:    map[string]string{"en": "https://example.org/en/news_185863.htm", "fr": "https://example.org/fr/news_185863.htm"},
		Languages: []string{"en", "fr"},
	}
	press = &statement.Statement{
		ID: "2021-01-01-press", Title: map[string]string{"en": "Press statement"},
		Date:   time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC),
		Issuer: "North Atlantic Council", Languages: []string{"en"}, Unnumbered: true,
	}
	bergen = &statement.Statement{
		ID:        "2019-06-14-bergen",
		Title:     map[string]string{"en": "Bergen Summit Communiqué", "fr": "Communiqué du sommet de Bergen", "de": "Gipfelkommuniqué von Bergen"},
		Date:      time.Date(2019, 6, 14, 0, 0, 0, 0, time.UTC),
		Issuer:    "North Atlantic Council",
		Reference: map[string]string{"en": "Press Release (2019) 071", "fr": "Communiqué de presse (2019) 071"},
		Languages: []string{"en", "fr", "de"}, Unofficial: []string{"de"},
	}
	raw = &statement.Statement{ID: "000_eb08", Languages: []string{"en"}}

	cyberEN   = Work{Statement: cyber, Ref: statement.Ref{Key: 3}, Lang: "en", Permalink: base + "2021-07-19-nac-cyber/3"}
	cyberFR   = Work{Statement: cyber, Ref: statement.Ref{Key: 1}, Lang: "fr", Permalink: base + "2021-07-19-nac-cyber/1?lang=fr"}
	pressEN   = Work{Statement: press, Ref: statement.Ref{Key: 2}, Lang: "en", Permalink: base + "2021-01-01-press/2"}
	bergenDE  = Work{Statement: bergen, Ref: statement.Ref{Kind: statement.Footnote, Key: 1}, Lang: "de", Permalink: base + "2019-06-14-bergen/n1?lang=de"}
	bergenFR  = Work{Statement: bergen, Ref: statement.Ref{Kind: statement.Heading, Key: 2}, Lang: "fr", Permalink: base + "2019-06-14-bergen/h2?lang=fr"}
	bergenPre = Work{Statement: bergen, Ref: statement.PreambleRef, Lang: "en", Permalink: base + "2019-06-14-bergen/preamble"}
	rawEN     = Work{Statement: raw, Ref: statement.Ref{Key: 1}, Lang: "en", Permalink: base + "000_eb08/1"}
)

// Each style of each fixture row, written by hand from the manuals:
// Chicago 17 notes-bibliography (14.191, 14.206), APA 7 (group author,
// report number, archive; 8.13 for in-text locators), MLA 9 (second
// container, abbreviated months).
func TestStyles(t *testing.T) {
	tests := []struct {
		name   string
		work   Work
		format Format
		want   string
	}{
		{"numbered, text", cyberEN, Text,
			"North Atlantic Council, “Statement in solidarity with those affected by malicious cyber activities”, NATO news item 185863, 19 July 2021, para. 3, https://example.org/en/news_185863.htm, archived at https://archive.example.org/statements/2021-07-19-nac-cyber/3."},
		{"numbered, Chicago note", cyberEN, ChicagoNote,
			"North Atlantic Council, “Statement in solidarity with those affected by malicious cyber activities,” NATO news item 185863, July 19, 2021, par. 3, https://example.org/en/news_185863.htm, archived at https://archive.example.org/statements/2021-07-19-nac-cyber/3."},
		{"numbered, Chicago bibliography", cyberEN, ChicagoBibliography,
			"North Atlantic Council. “Statement in solidarity with those affected by malicious cyber activities.” NATO news item 185863. July 19, 2021. https://example.org/en/news_185863.htm. Archived at https://archive.example.org/statements/2021-07-19-nac-cyber/3."},
		{"numbered, APA", cyberEN, APA,
			"North Atlantic Council. (2021, July 19). Statement in solidarity with those affected by malicious cyber activities (NATO news item 185863). https://example.org/en/news_185863.htm (archived at https://archive.example.org/statements/2021-07-19-nac-cyber/3)\n" +
				"(North Atlantic Council, 2021, para. 3)"},
		{"numbered, MLA", cyberEN, MLA,
			"North Atlantic Council. “Statement in solidarity with those affected by malicious cyber activities.” NATO news item 185863, 19 July 2021, https://example.org/en/news_185863.htm. Statement archive, https://archive.example.org/statements/2021-07-19-nac-cyber/3.\n" +
				"(North Atlantic Council, par. 3)"},

		{"French, text", cyberFR, Text,
			"North Atlantic Council, «\u00a0Déclaration de solidarité avec les personnes touchées par des cyberactivités malveillantes\u00a0», NATO news item 185863, 19 juillet 2021, paragr. 1, https://example.org/fr/news_185863.htm, archivé sur https://archive.example.org/statements/2021-07-19-nac-cyber/1?lang=fr."},
		{"French, Chicago note", cyberFR, ChicagoNote,
			"North Atlantic Council, «\u00a0Déclaration de solidarité avec les personnes touchées par des cyberactivités malveillantes\u00a0», NATO news item 185863, 19 juillet 2021, paragr. 1, https://example.org/fr/news_185863.htm, archivé sur https://archive.example.org/statements/2021-07-19-nac-cyber/1?lang=fr."},
		{"French, Chicago bibliography", cyberFR, ChicagoBibliography,
			"North Atlantic Council. «\u00a0Déclaration de solidarité avec les personnes touchées par des cyberactivités malveillantes\u00a0». NATO news item 185863. 19 juillet 2021. https://example.org/fr/news_185863.htm. Archivé sur https://archive.example.org/statements/2021-07-19-nac-cyber/1?lang=fr."},
		{"French, APA", cyberFR, APA,
			"North Atlantic Council. (2021, 19 juillet). Déclaration de solidarité avec les personnes touchées par des cyberactivités malveillantes (NATO news item 185863). https://example.org/fr/news_185863.htm (archivé sur https://archive.example.org/statements/2021-07-19-nac-cyber/1?lang=fr)\n" +
				"(North Atlantic Council, 2021, paragr. 1)"},
		{"French, MLA", cyberFR, MLA,
			"North Atlantic Council. «\u00a0Déclaration de solidarité avec les personnes touchées par des cyberactivités malveillantes\u00a0». NATO news item 185863, 19 juillet 2021, https://example.org/fr/news_185863.htm. Statement archive, https://archive.example.org/statements/2021-07-19-nac-cyber/1?lang=fr.\n" +
				"(North Atlantic Council, paragr. 1)"},

		{"unnumbered, text", pressEN, Text,
			"North Atlantic Council, “Press statement”, 1 January 2021, paragraph 2, unnumbered in the original, https://archive.example.org/statements/2021-01-01-press/2."},
		{"unnumbered, Chicago note", pressEN, ChicagoNote,
			"North Atlantic Council, “Press statement,” January 1, 2021, par. 2, unnumbered in the original, https://archive.example.org/statements/2021-01-01-press/2."},
		{"unnumbered, Chicago bibliography", pressEN, ChicagoBibliography,
			"North Atlantic Council. “Press statement.” January 1, 2021. https://archive.example.org/statements/2021-01-01-press/2."},
		{"unnumbered, APA", pressEN, APA,
			"North Atlantic Council. (2021, January 1). Press statement. https://archive.example.org/statements/2021-01-01-press/2\n" +
				"(North Atlantic Council, 2021, para. 2, unnumbered in the original)"},
		{"unnumbered, MLA", pressEN, MLA,
			"North Atlantic Council. “Press statement.” 1 Jan. 2021. Statement archive, https://archive.example.org/statements/2021-01-01-press/2.\n" +
				"(North Atlantic Council, par. 2, unnumbered in the original)"},

		{"German footnote, text", bergenDE, Text,
			"North Atlantic Council, „Gipfelkommuniqué von Bergen“, nichtamtliche Übersetzung, Press Release (2019) 071, 14. Juni 2019, Anm. 1, https://archive.example.org/statements/2019-06-14-bergen/n1?lang=de."},
		{"German footnote, Chicago note", bergenDE, ChicagoNote,
			"North Atlantic Council, „Gipfelkommuniqué von Bergen“, nichtamtliche Übersetzung, Press Release (2019) 071, 14. Juni 2019, Anm. 1, https://archive.example.org/statements/2019-06-14-bergen/n1?lang=de."},
		{"German footnote, Chicago bibliography", bergenDE, ChicagoBibliography,
			"North Atlantic Council. „Gipfelkommuniqué von Bergen“. Nichtamtliche Übersetzung. Press Release (2019) 071. 14. Juni 2019. https://archive.example.org/statements/2019-06-14-bergen/n1?lang=de."},
		{"German footnote, APA", bergenDE, APA,
			"North Atlantic Council. (2019, 14. Juni). Gipfelkommuniqué von Bergen (Press Release [2019] 071) [Nichtamtliche Übersetzung]. https://archive.example.org/statements/2019-06-14-bergen/n1?lang=de\n" +
				"(North Atlantic Council, 2019, Anmerkung 1)"},
		{"German footnote, MLA", bergenDE, MLA,
			"North Atlantic Council. „Gipfelkommuniqué von Bergen“. Nichtamtliche Übersetzung, Press Release (2019) 071, 14. Juni 2019. Statement archive, https://archive.example.org/statements/2019-06-14-bergen/n1?lang=de.\n" +
				"(North Atlantic Council, Anm. 1)"},

		{"French heading, text", bergenFR, Text,
			"North Atlantic Council, «\u00a0Communiqué du sommet de Bergen\u00a0», Communiqué de presse (2019) 071, 14 juin 2019, intertitre 2, https://archive.example.org/statements/2019-06-14-bergen/h2?lang=fr."},
		{"French heading, APA", bergenFR, APA,
			"North Atlantic Council. (2019, 14 juin). Communiqué du sommet de Bergen (Communiqué de presse [2019] 071). https://archive.example.org/statements/2019-06-14-bergen/h2?lang=fr\n" +
				"(North Atlantic Council, 2019, Intertitre 2)"},
		{"preamble, Chicago note", bergenPre, ChicagoNote,
			"North Atlantic Council, “Bergen Summit Communiqué,” Press Release (2019) 071, June 14, 2019, preamble, https://archive.example.org/statements/2019-06-14-bergen/preamble."},
		{"preamble, APA", bergenPre, APA,
			"North Atlantic Council. (2019, June 14). Bergen Summit Communiqué (Press Release [2019] 071). https://archive.example.org/statements/2019-06-14-bergen/preamble\n" +
				"(North Atlantic Council, 2019, Preamble)"},

		// APA moves the title to the author's place and writes "n.d.";
		// MLA cites a work without author by its title.
		{"raw, text", rawEN, Text, "“000_eb08”, para. 1, https://archive.example.org/statements/000_eb08/1."},
		{"raw, Chicago note", rawEN, ChicagoNote, "“000_eb08,” n.d., par. 1, https://archive.example.org/statements/000_eb08/1."},
		{"raw, Chicago bibliography", rawEN, ChicagoBibliography, "“000_eb08.” n.d. https://archive.example.org/statements/000_eb08/1."},
		{"raw, APA", rawEN, APA, "000_eb08. (n.d.). https://archive.example.org/statements/000_eb08/1\n(000_eb08, n.d., para. 1)"},
		{"raw, MLA", rawEN, MLA, "“000_eb08.” Statement archive, https://archive.example.org/statements/000_eb08/1.\n(“000_eb08,” par. 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.work.Render(tt.format); got != tt.want {
				t.Errorf("%s:\n got %q\nwant %q", tt.format, got, tt.want)
			}
		})
	}
}

func TestDates(t *testing.T) {
	first := time.Date(2006, 11, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, lang string
		f          func(*locale, time.Time) string
		want       string
	}{
		{"English", "en", (*locale).date, "1 November 2006"},
		{"French first of the month", "fr", (*locale).date, "1er novembre 2006"},
		{"German", "de", (*locale).date, "1. November 2006"},
		{"Chicago, English", "en", (*locale).chicagoDate, "November 1, 2006"},
		{"Chicago, French", "fr", (*locale).chicagoDate, "1er novembre 2006"},
		{"APA, English", "en", (*locale).apaDate, "(2006, November 1)"},
		{"APA, French", "fr", (*locale).apaDate, "(2006, 1er novembre)"},
		{"APA, German", "de", (*locale).apaDate, "(2006, 1. November)"},
		{"MLA, abbreviated", "en", (*locale).mlaDate, "1 Nov. 2006"},
		{"a language without words of its own", "ru", (*locale).date, "1 November 2006"},
	}
	for _, tt := range tests {
		if got := tt.f(localeFor(tt.lang), first); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// A title ending in a question mark takes no comma or period after it.
func TestTitlePunctuation(t *testing.T) {
	st := &statement.Statement{ID: "q", Title: map[string]string{"en": "What next?"}, Issuer: "Council", Date: time.Date(2020, 5, 4, 0, 0, 0, 0, time.UTC), Languages: []string{"en"}}
	w := Work{Statement: st, Ref: statement.Ref{Key: 1}, Lang: "en", Permalink: "https://a.example/q/1"}
	if got, want := w.ChicagoNote(), "Council, “What next?” May 4, 2020, par. 1, https://a.example/q/1."; got != want {
		t.Errorf("Chicago note = %q, want %q", got, want)
	}
	if got, want := w.MLA(), "Council. “What next?” 4 May 2020. Statement archive, https://a.example/q/1.\n(Council, par. 1)"; got != want {
		t.Errorf("MLA = %q, want %q", got, want)
	}
}

func TestBibTeX(t *testing.T) {
	tests := []struct {
		name string
		work Work
		want string
	}{
		{"official URL, permalink in addendum", cyberFR, `@misc{2021-07-19-nac-cyber-para1-fr,
  author = {{North Atlantic Council}},
  title = {{Déclaration de solidarité avec les personnes touchées par des cyberactivités malveillantes}},
  howpublished = {NATO news item 185863},
  date = {2021-07-19},
  year = {2021},
  month = jul,
  url = {https://example.org/fr/news_185863.htm},
  addendum = {Archivé sur \url{https://archive.example.org/statements/2021-07-19-nac-cyber/1?lang=fr}},
  note = {paragr. 1},
  language = {french},
}
`},
		{"permalink as url", pressEN, `@misc{2021-01-01-press-para2-en,
  author = {{North Atlantic Council}},
  title = {{Press statement}},
  date = {2021-01-01},
  year = {2021},
  month = jan,
  url = {https://archive.example.org/statements/2021-01-01-press/2},
  note = {paragraph 2, unnumbered in the original},
  language = {english},
}
`},
		{"footnote key, German", bergenDE, `@misc{2019-06-14-bergen-n1-de,
  author = {{North Atlantic Council}},
  title = {{Gipfelkommuniqué von Bergen}},
  howpublished = {Press Release (2019) 071},
  date = {2019-06-14},
  year = {2019},
  month = jun,
  url = {https://archive.example.org/statements/2019-06-14-bergen/n1?lang=de},
  note = {Anm. 1, nichtamtliche Übersetzung},
  language = {german},
}
`},
		{"undated, untitled", rawEN, `@misc{000-eb08-para1-en,
  title = {{000\_eb08}},
  url = {https://archive.example.org/statements/000_eb08/1},
  note = {para. 1},
  language = {english},
}
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.work.BibTeX()
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			checkBalanced(t, got)
		})
	}
}

// checkBalanced fails when an entry's braces do not balance, counting as
// BibTeX does: a backslash escapes nothing.
func checkBalanced(t *testing.T, entry string) {
	t.Helper()
	depth := 0
	for i, r := range entry {
		switch r {
		case '{':
			depth++
		case '}':
			depth--
		}
		if depth < 0 {
			t.Fatalf("brace closes nothing at byte %d:\n%s", i, entry)
		}
	}
	if depth != 0 {
		t.Fatalf("%d braces left open:\n%s", depth, entry)
	}
}

// LaTeX's special characters are escaped, and a lone brace cannot end a
// field: BibTeX counts \{ as a brace, so braces are written as commands.
func TestBibTeXEscapes(t *testing.T) {
	st := &statement.Statement{ID: "x", Title: map[string]string{"en": `Summit {Declaration & 100% $ #1 a_b ^ ~ \ }}`}, Issuer: "Heads { of State", Languages: []string{"en"}}
	w := Work{Statement: st, Ref: statement.Ref{Key: 3}, Lang: "en", Permalink: "https://a.example/x/3?q={a}"}
	bib := w.BibTeX()
	checkBalanced(t, bib)
	for _, want := range []string{
		`title = {{Summit \textbraceleft{}Declaration \& 100\% \$ \#1 a\_b \textasciicircum{} \textasciitilde{} \textbackslash{} \textbraceright{}\textbraceright{}}},`,
		`author = {{Heads \textbraceleft{} of State}},`,
		`url = {https://a.example/x/3?q=%7Ba%7D},`,
	} {
		if !strings.Contains(bib, want) {
			t.Errorf("BibTeX lacks %s:\n%s", want, bib)
		}
	}
}

func TestBiblatexLanguage(t *testing.T) {
	for code, want := range map[string]string{"fr": "french", "de": "german", "en": "english", "mt": "Maltese", "zz": "zz"} {
		if got := BiblatexLanguage(code); got != want {
			t.Errorf("BiblatexLanguage(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestRIS(t *testing.T) {
	tests := []struct {
		name string
		work Work
		want []string
	}{
		{"official URL", cyberEN, []string{
			"TY  - GOVDOC", "ID  - 2021-07-19-nac-cyber-para3-en", "AU  - North Atlantic Council",
			"TI  - Statement in solidarity with those affected by malicious cyber activities",
			"PY  - 2021", "DA  - 2021/07/19/", "M1  - NATO news item 185863",
			"UR  - https://example.org/en/news_185863.htm", "DB  - Statement archive",
			"AV  - https://archive.example.org/statements/2021-07-19-nac-cyber/3",
			"N1  - para. 3", "LA  - en", "ER  - ",
		}},
		{"undated, no issuer", rawEN, []string{
			"TY  - GOVDOC", "ID  - 000-eb08-para1-en", "TI  - 000_eb08",
			"UR  - https://archive.example.org/statements/000_eb08/1",
			"N1  - para. 1", "LA  - en", "ER  - ",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.work.RIS()
			if !strings.HasSuffix(got, "\r\n") {
				t.Errorf("the record does not end with CRLF: %q", got)
			}
			lines := strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n")
			if strings.Join(lines, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestCSLJSON(t *testing.T) {
	var items []struct {
		ID     string `json:"id"`
		Type   string `json:"type"`
		Title  string `json:"title"`
		Author []struct {
			Literal string `json:"literal"`
		} `json:"author"`
		Issued struct {
			DateParts [][]int `json:"date-parts"`
		} `json:"issued"`
		Number     string `json:"number"`
		URL        string `json:"URL"`
		References string `json:"references"`
		Note       string `json:"note"`
		Language   string `json:"language"`
	}
	dec := json.NewDecoder(strings.NewReader(cyberFR.CSLJSON()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&items); err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Fatalf("%d items, want 1", len(items))
	}
	it := items[0]
	for _, c := range []struct{ field, got, want string }{
		{"id", it.ID, "2021-07-19-nac-cyber-para1-fr"},
		{"type", it.Type, "document"},
		{"title", it.Title, "Déclaration de solidarité avec les personnes touchées par des cyberactivités malveillantes"},
		{"number", it.Number, "NATO news item 185863"},
		{"URL", it.URL, "https://example.org/fr/news_185863.htm"},
		{"references", it.References, "archivé sur https://archive.example.org/statements/2021-07-19-nac-cyber/1?lang=fr"},
		{"note", it.Note, "paragr. 1"},
		{"language", it.Language, "fr"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	if len(it.Author) != 1 || it.Author[0].Literal != "North Atlantic Council" {
		t.Errorf("author = %+v, want the issuer as a literal name", it.Author)
	}
	if len(it.Issued.DateParts) != 1 || len(it.Issued.DateParts[0]) != 3 || it.Issued.DateParts[0][0] != 2021 || it.Issued.DateParts[0][1] != 7 || it.Issued.DateParts[0][2] != 19 {
		t.Errorf("issued = %v, want [[2021 7 19]]", it.Issued.DateParts)
	}

	var undated []map[string]any
	if err := json.Unmarshal([]byte(rawEN.CSLJSON()), &undated); err != nil {
		t.Fatal(err)
	}
	for _, absent := range []string{"issued", "author", "references", "number", "medium"} {
		if _, ok := undated[0][absent]; ok {
			t.Errorf("the raw row's CSL has %s: %v", absent, undated[0])
		}
	}
	if undated[0]["URL"] != rawEN.Permalink {
		t.Errorf("URL = %v, want the permalink", undated[0]["URL"])
	}
}

func TestSource(t *testing.T) {
	st := &statement.Statement{Languages: []string{"en", "fr", "de"}, Source: map[string]string{"fr": "https://f", "it": "https://i"}}
	for lang, want := range map[string]string{"fr": "https://f", "en": "https://f", "de": "https://f", "it": "https://i"} {
		if got := Source(st, lang); got != want {
			t.Errorf("Source(%s) = %q, want %q", lang, got, want)
		}
	}
	if got := Source(&statement.Statement{Source: map[string]string{"it": "https://i"}}, "en"); got != "https://i" {
		t.Errorf("a source in a language the statement does not list = %q", got)
	}
	if got := Source(raw, "en"); got != "" {
		t.Errorf("no source = %q", got)
	}
}

func TestFormats(t *testing.T) {
	for _, f := range Formats {
		if got, ok := ParseFormat(string(f)); !ok || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, ok)
		}
	}
	for _, bad := range []string{"", "APA", "bib", "csl"} {
		if _, ok := ParseFormat(bad); ok {
			t.Errorf("ParseFormat(%q) accepted", bad)
		}
	}
	for f, want := range map[Format]string{BibTeX: "2021-07-19-nac-cyber-3-fr.bib", RIS: "2021-07-19-nac-cyber-3-fr.ris", CSLJSON: "2021-07-19-nac-cyber-3-fr.json", APA: "2021-07-19-nac-cyber-3-fr-apa.txt"} {
		w := cyberFR
		w.Ref = statement.Ref{Key: 3}
		if got := w.FileName(f); got != want {
			t.Errorf("FileName(%s) = %q, want %q", f, got, want)
		}
	}
}

// spaced is a statement whose title, issuer and reference hold runs of
// spaces, a tab and no-break spaces, which every machine format keeps as
// given, and line breaks, which only CSL-JSON can carry; in a line-based
// format a break must not start a line of its own (here one that would end
// a RIS record and start another).
var spaced = Work{Statement: &statement.Statement{
	ID:        "2020-01-01-spaced",
	Title:     map[string]string{"en": "Two  spaces,\ta tab and\u00a0\u00a0no-break\r\nER  - \nTY  - JOUR\u2028end"},
	Issuer:    "North  Atlantic Council",
	Reference: map[string]string{"": "PR(2020)  001\n\nannex"},
	Date:      time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
	Languages: []string{"en"},
}, Ref: statement.Ref{Key: 1}, Lang: "en", Permalink: base + "2020-01-01-spaced/1"}

// The machine formats keep a value's whitespace as given, and replace only
// the line breaks a format cannot carry, each with one space.
func TestMachineFormatsKeepWhitespace(t *testing.T) {
	const (
		title     = "Two  spaces,\ta tab and\u00a0\u00a0no-break ER  -  TY  - JOUR end"
		issuer    = "North  Atlantic Council"
		reference = "PR(2020)  001  annex"
	)
	t.Run("RIS", func(t *testing.T) {
		got := spaced.RIS()
		lines := strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n")
		for _, want := range []string{"TI  - " + title, "AU  - " + issuer, "M1  - " + reference} {
			if !slices.Contains(lines, want) {
				t.Errorf("RIS lacks the line %q:\n%s", want, got)
			}
		}
		if n := strings.Count(got, "ER  - "); n != 2 || !strings.HasSuffix(got, "\r\nER  - \r\n") {
			t.Errorf("RIS has %d ER tags (1 in the title, 1 ending the record), want the record to end once, at the end:\n%s", n, got)
		}
		for i, l := range lines {
			if len(l) < 6 || l[2:6] != "  - " {
				t.Errorf("line %d is not a tag line: %q", i+1, l)
			}
		}
	})
	t.Run("BibTeX", func(t *testing.T) {
		got := spaced.BibTeX()
		checkBalanced(t, got)
		for _, want := range []string{
			"  title = {{" + title + "}},\n",
			"  author = {{" + issuer + "}},\n",
			"  howpublished = {" + reference + "},\n",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("BibTeX lacks %q:\n%s", want, got)
			}
		}
	})
	t.Run("CSL-JSON", func(t *testing.T) {
		var items []CSLItem
		if err := json.Unmarshal([]byte(spaced.CSLJSON()), &items); err != nil {
			t.Fatal(err)
		}
		st := spaced.Statement
		if got, want := items[0].Title, st.Title["en"]; got != want {
			t.Errorf("title = %q, want %q", got, want)
		}
		if got, want := items[0].Author[0].Literal, st.Issuer; got != want {
			t.Errorf("author = %q, want %q", got, want)
		}
		if got, want := items[0].Number, st.Reference[""]; got != want {
			t.Errorf("number = %q, want %q", got, want)
		}
	})
}

// A revised row's citation names the version it cites, in the words of
// the citation's language, in every style that cites a row.
func TestCitationsNameTheVersion(t *testing.T) {
	first := cyberEN
	first.Version, first.Versions, first.Until = 1, 2, "2026-12-05"
	current := cyberEN
	current.Version, current.Versions, current.Since = 2, 2, "2026-12-05"
	fr := cyberFR
	fr.Version, fr.Versions, fr.Until = 1, 3, "2026-12-05"
	tests := []struct {
		w    Work
		want string
	}{
		{first, "version 1 (wording until 5 December 2026)"},
		{current, "version 2 (revised 5 December 2026)"},
		{fr, "version 1 (texte jusqu’au 5 décembre 2026)"},
	}
	for _, tt := range tests {
		for _, f := range Formats {
			if f == ChicagoBibliography {
				continue // it names the whole statement, never a row; its URL is the version's
			}
			if got := tt.w.Render(f); !strings.Contains(got, tt.want) {
				t.Errorf("%s of version %d of %d: %q lacks %q", f, tt.w.Version, tt.w.Versions, got, tt.want)
			}
		}
	}
	if got := cyberEN.Render(Text); strings.Contains(got, "version") {
		t.Errorf("a row never revised names a version: %q", got)
	}
}

// Where another statement of the archive has the same title, every style
// adds the subtitle, which tells them apart; where none has, none does.
func TestSharedTitleAddsSubtitle(t *testing.T) {
	st := &statement.Statement{ID: "2006-11-29-nac", Title: map[string]string{"en": "Statement by the North Atlantic Council"},
		Subtitle: map[string]string{"en": "on the situation in the Western Balkans"}, Issuer: "North Atlantic Council",
		Date: time.Date(2006, 11, 29, 0, 0, 0, 0, time.UTC), Languages: []string{"en"}}
	w := Work{Statement: st, Ref: statement.Ref{Key: 2}, Lang: "en", Permalink: "https://a.example/s/2006-11-29-nac/2"}
	const full = "Statement by the North Atlantic Council: on the situation in the Western Balkans"
	for _, f := range Formats {
		if got := w.Render(f); strings.Contains(got, "Western Balkans") {
			t.Errorf("%s names the subtitle of a title no other statement has: %s", f, got)
		}
	}
	st.TitleShared = true
	for _, f := range Formats {
		if got := w.Render(f); !strings.Contains(got, full) {
			t.Errorf("%s does not tell the shared title apart: %s", f, got)
		}
	}
}

// No style nests parentheses: APA writes a reference's own parentheses
// as brackets inside its parenthesis.
func TestAPANestsNoParentheses(t *testing.T) {
	for _, w := range []Work{cyberEN, pressEN, rawEN} {
		entry, inText, _ := strings.Cut(w.APA(), "\n")
		for _, line := range []string{entry, inText} {
			depth := 0
			for _, r := range line {
				switch r {
				case '(':
					depth++
					if depth > 1 {
						t.Errorf("nested parentheses in %q", line)
					}
				case ')':
					depth--
				}
			}
		}
	}
	st := &statement.Statement{ID: "x", Title: map[string]string{"en": "T"}, Reference: map[string]string{"": "Press Release (2006) 150"}, Languages: []string{"en"}}
	if got := (Work{Statement: st, Ref: statement.Ref{Key: 1}, Lang: "en", Permalink: "https://a.example/x/1"}).APA(); !strings.Contains(got, "T (Press Release [2006] 150)") {
		t.Errorf("APA = %q, want the reference's parentheses as brackets", got)
	}
}

// A citation written for a language that lacks the row says in which
// language the words cited are, in its own words.
func TestCitationSaysTheLanguageOfTheWords(t *testing.T) {
	w := cyberEN
	w.Lang, w.TextLang = "fr", "en"
	for _, f := range []Format{Text, ChicagoNote, APA, MLA} {
		if got := w.Render(f); !strings.Contains(got, "texte en anglais") {
			t.Errorf("%s = %q, want it to say the words are English", f, got)
		}
	}
	if got := w.Pinpoint(); !strings.Contains(got, "texte en anglais") {
		t.Errorf("Pinpoint = %q (the machine formats' note)", got)
	}
	w.Lang, w.TextLang = "de", "fr"
	if got := w.Pinpoint(); !strings.Contains(got, "Text auf Französisch") {
		t.Errorf("German Pinpoint = %q", got)
	}
	w.Lang, w.TextLang = "en", "en"
	if got := w.Pinpoint(); strings.Contains(got, "text in") {
		t.Errorf("Pinpoint = %q names the language of a row the citation's language has", got)
	}
}
