package draft

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"statementarchive/internal/statement"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func readInputs(t testing.TB, names ...string) []Input {
	t.Helper()
	var in []Input
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, Input{Name: n, Text: data})
	}
	return in
}

func mustRead(t *testing.T, opts Options, names ...string) *Statement {
	t.Helper()
	st, err := Read(readInputs(t, names...), opts)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// checksWith returns the checks whose text contains s.
func checksWith(st *Statement, s string) []string {
	var out []string
	for _, c := range st.Checks {
		if strings.Contains(c.String(), s) {
			out = append(out, c.String())
		}
	}
	return out
}

func para(n int, lines ...Line) Block { return Block{Kind: Paragraph, Number: n, Lines: lines} }
func heading(text string) Block       { return Block{Kind: Heading, Lines: []Line{{Text: text}}} }
func text(s string) Line              { return Line{Text: s} }
func item(marker, s string) Line      { return Line{Marker: marker, Text: s} }

// The communiqué as copied from its web page, in English: every construct
// of a long statement, read into the structure the canonical file holds.
func TestReadCommuniqueWebPage(t *testing.T) {
	st := mustRead(t, Options{}, "communique-en.txt", "communique-fr.txt", "communique-de.txt")

	if got, want := st.Title, map[string]string{"en": "Bergen Summit Communiqué", "fr": "Communiqué du sommet de Bergen", "de": "Gipfelkommuniqué von Bergen"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Title = %q, want %q", got, want)
	}
	if got, want := st.Subtitle["en"], "Issued by the Heads of State and Government participating in the meeting of the North Atlantic Council in Bergen on 14 June 2019"; got != want {
		t.Errorf("Subtitle[en] = %q, want %q", got, want)
	}
	if got, want := st.Subtitle["fr"], "publié par les chefs d'État et de gouvernement participant à la réunion du Conseil de l'Atlantique Nord tenue à Bergen le 14 juin 2019"; got != want {
		t.Errorf("Subtitle[fr] = %q, want %q", got, want)
	}
	if st.Date != "2019-06-14" {
		t.Errorf("Date = %q, want 2019-06-14", st.Date)
	}
	if st.Issuer != "North Atlantic Council" {
		t.Errorf("Issuer = %q, want North Atlantic Council", st.Issuer)
	}
	if got, want := st.Reference, map[string]string{"en": "Press Release (2019) 071", "fr": "Communiqué de presse (2019) 071"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Reference = %q, want %q", got, want)
	}
	if got, want := st.Unofficial, []string{"de"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Unofficial = %v, want %v", got, want)
	}

	// The page is typed with two spaces after each sentence; they are kept
	// as published.
	want := Section{
		Lang:     "en",
		Source:   "communique-en.txt",
		Preamble: "Our partners of the Northern Forum endorse this Communiqué.",
		Blocks: []Block{
			heading("Shared Principles"),
			para(1, text("We, the Heads of State and Government, met in Bergen to renew the commitments that bind our nations and to plan the work of the coming years.  Our solidarity remains the ground on which every decision rests.")),
			para(2, text("The security of each Ally cannot be separated from the security of all.  We will keep our forces ready and our consultations frequent, and we will speak with one voice when one of us is threatened.")),
			heading("Resilience and Readiness"),
			para(3, text("We have agreed:"),
				item("a.", "to review the readiness of the forces we assign to common tasks every two years;"),
				item("b.", "to share warnings of disruptive activity against critical services within one day;"),
				item("c.", "to exercise the recovery of those services together at least once a year.")),
			para(4, text("Civil preparedness is a national duty and a shared concern.[^1]  Allies will report on progress in the following areas:"),
				item("-", "energy supplies and their storage;"),
				item("-", "transport networks across borders;"),
				item("-", "the protection of undersea cables.")),
			heading("Partnerships"),
			para(5, text("We value the contributions of our partners to common missions and will deepen practical cooperation with those who share our aims.")),
			para(6, text("We thank our hosts for their generous hospitality.")),
		},
		Footnotes: []Footnote{{Number: 1, Text: "One Ally records its reservation on the timing of the reports called for in this paragraph."}},
	}
	if got := *st.Section("en"); !reflect.DeepEqual(got, want) {
		t.Errorf("[en] section:\n got %+v\nwant %+v", got, want)
	}

	// French: the heading pasted without a blank line is a heading, marked
	// for review; lettered items keep their published markers.
	fr := st.Section("fr")
	if got, want := fr.Blocks[3], heading("Résilience et état de préparation"); !reflect.DeepEqual(got, want) {
		t.Errorf("[fr] block 3 = %+v, want %+v", got, want)
	}
	if got := checksWith(st, `[fr] communique-fr.txt line 18: "Résilience et état de préparation" read as a heading`); len(got) != 1 {
		t.Errorf("checks = %q, want one marking the glued French heading", st.Checks)
	}
	if got, want := fr.Blocks[4].Lines[1], item("a)", "d'examiner tous les deux ans l'état de préparation des forces que nous affectons aux tâches communes\u00a0;"); got != want {
		t.Errorf("[fr] ¶3 item a = %+v, want %+v (no-break space kept)", got, want)
	}
	// German: items separated by blank lines stay in their paragraph.
	if got := st.Section("de").Paragraphs()[2].Lines; len(got) != 4 {
		t.Errorf("[de] ¶3 lines = %+v, want the text and 3 items", got)
	}
	for _, lang := range []string{"fr", "de"} {
		if got := checksWith(st, "["+lang+"] communique-"+lang+".txt: "); len(got) > 1 {
			t.Errorf("%s: structure checks %q, want none: the languages agree", lang, got)
		}
	}
}

// The same communiqué from its PDF: page numbers, running headers,
// hyphenated words and a footnote at the foot of a page, inside a paragraph
// that goes on over the page.
func TestReadCommuniquePDF(t *testing.T) {
	st := mustRead(t, Options{}, "communique-pdf-en.txt")
	web := mustRead(t, Options{}, "communique-en.txt")
	en := st.Section("en")

	tests := []struct {
		name      string
		got, want string
	}{
		{"title kept in capitals", st.Title["en"], "BERGEN SUMMIT COMMUNIQUÉ"},
		{"subtitle's lines joined", st.Subtitle["en"], web.Subtitle["en"]},
		{"date from the date line", st.Date, "2019-06-14"},
		{"PR/CP reference", st.Reference[""], "PR/CP(2019)071"},
		{"preamble", en.Preamble, "Our partners of the Northern Forum endorse this Communiqué."},
		{"hyphen at a line end dropped, and one written elsewhere kept", en.Blocks[1].Text(), "We, the Heads of State and Government, met in Bergen to renew the commitments that bind our nations and to plan the work of the coming years. Our solidarity remains the ground on which every decision rests. We reject the claims of non-state groups to speak for any of our peoples."},
		{"hyphen before a capital kept", en.Blocks[2].Text(), "The security of each Ally cannot be separated from the security of all. We will keep our forces ready and our consultations frequent, and we will speak with one voice when one of us is threatened anywhere in the Euro-Atlantic area."},
		{"paragraph over a page, around its footnote", en.Blocks[5].Lines[0].Text, "Civil preparedness is a national duty and a shared concern.[^1] Allies will report on progress in the following areas, with particular attention to the needs of non-state providers of essential services:"},
		{"prefix hyphen kept", en.Blocks[5].Lines[2].Text, "transport networks across borders and cross-border repair teams;"},
		{"wrapped item joined", en.Blocks[4].Lines[3].Text, "to exercise the recovery of those services together at least once a year."},
		{"footnote's lines joined", en.Footnotes[0].Text, web.Section("en").Footnotes[0].Text},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	if got, want := len(en.Blocks), len(web.Section("en").Blocks); got != want {
		t.Errorf("%d blocks, want %d as on the web page", got, want)
	}
	for _, b := range en.Blocks {
		if strings.Contains(b.Text(), "PR/CP") || strings.Contains(b.Text(), "- 2 -") {
			t.Errorf("page furniture left in %q", b.Text())
		}
	}
	for _, want := range []string{`title "BERGEN SUMMIT COMMUNIQUÉ" is in capitals`, `kept the hyphen of "cross-border"`, "headings in capitals"} {
		if len(checksWith(st, want)) != 1 {
			t.Errorf("checks = %q, want one containing %q", st.Checks, want)
		}
	}
}

// Importing the bundled raw statement gives the bundled canonical
// statement's paragraphs exactly, once the title the import asks for is
// added.
func TestReadBundledRawStatement(t *testing.T) {
	raw, err := os.ReadFile("../statement/testdata/000_eb08baf898ac2314.txt")
	if err != nil {
		t.Fatal(err)
	}
	canonicalPath := "../../statements/2021-07-19-nac-cyber-solidarity.txt"
	canonicalData, err := os.ReadFile(canonicalPath)
	if err != nil {
		t.Fatal(err)
	}
	st, err := Read([]Input{{Name: "000_eb08baf898ac2314.txt", Text: raw}}, Options{ID: "2021-07-19-nac-cyber-solidarity"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Date != "2021-07-19" || len(checksWith(st, "taken from the file name")) != 1 {
		t.Errorf("Date = %q, checks %q; want the file name's date, marked for review", st.Date, st.Checks)
	}
	if len(checksWith(st, "no title found")) != 1 {
		t.Fatalf("checks = %q, want one asking for the title", st.Checks)
	}
	out := string(withoutChecks(st.Format()))
	// What the user does with the CHECK: add the title.
	out = strings.Replace(out, "date: ", "title: {en: Statement}\ndate: ", 1)
	imported, err := statement.Parse("2021-07-19-nac-cyber-solidarity.txt", []byte(out))
	if err != nil {
		t.Fatalf("Parse(import) = %v\n%s", err, out)
	}
	canonical, err := statement.Parse(canonicalPath, canonicalData)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := imported.Languages, canonical.Languages; !reflect.DeepEqual(got, want) {
		t.Fatalf("Languages = %v, want %v", got, want)
	}
	if got, want := len(imported.Paragraphs), len(canonical.Paragraphs); got != want {
		t.Fatalf("%d paragraphs, want %d", got, want)
	}
	for i, p := range canonical.Paragraphs {
		q := imported.Paragraphs[i]
		if q.Key != p.Key {
			t.Errorf("paragraph %d: key %d, want %d", i, q.Key, p.Key)
		}
		for _, lang := range canonical.Languages {
			if q.Text[lang] != p.Text[lang] {
				t.Errorf("[%s] paragraph %d:\n got %q\nwant %q", lang, p.Key, q.Text[lang], p.Text[lang])
			}
		}
	}
}

// A statement that uses only what today's parser knows (no preamble,
// headings, lists, footnotes, subtitle or per-language reference) is
// written so that the parser accepts it as it is.
func TestFormatParsesWithoutEditing(t *testing.T) {
	st := mustRead(t, Options{}, "press-statement-pdf.txt")
	out := withoutChecks(st.Format())
	parsed, err := statement.Parse(st.SuggestedID()+".txt", out)
	if err != nil {
		t.Fatalf("Parse = %v\n%s", err, out)
	}
	if got, want := parsed.Languages, []string{"en", "fr"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Languages = %v, want %v", got, want)
	}
	if got, want := parsed.Date.Format("2006-01-02"), "2022-03-03"; got != want {
		t.Errorf("Date = %s, want %s", got, want)
	}
	if got, want := parsed.Issuer, "North Atlantic Council"; got != want {
		t.Errorf("Issuer = %q, want %q", got, want)
	}
	if got, want := parsed.ParagraphCount(), map[string]int{"en": 3, "fr": 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("ParagraphCount = %v, want %v", got, want)
	}
	if got, want := parsed.Paragraphs[1].Text["en"], "Allied forces have delivered shelters, water purification equipment and medical teams at the request of the national authorities. Further support will follow as needs become clear."; got != want {
		t.Errorf("[en] ¶2 = %q, want %q", got, want)
	}
	if got, want := parsed.Title["fr"], "DÉCLARATION DU CONSEIL DE L'ATLANTIQUE NORD SUR LES DÉGÂTS CAUSÉS PAR LA TEMPÊTE DANS LES ÎLES DU NORD"; got != want {
		t.Errorf("Title[fr] = %q, want %q", got, want)
	}
}

// Golden files: the exact text import writes for each fixture. Refresh
// them with go test ./internal/draft -update, and read the diff.
func TestFormatGolden(t *testing.T) {
	tests := []struct {
		name   string
		inputs []string
		id     string
	}{
		{"communique", []string{"communique-en.txt", "communique-fr.txt", "communique-de.txt"}, ""},
		{"communique-pdf", []string{"communique-pdf-en.txt"}, ""},
		{"press-statement", []string{"press-statement.txt"}, ""},
		{"press-statement-pdf", []string{"press-statement-pdf.txt"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := mustRead(t, Options{ID: tt.id}, tt.inputs...)
			got := st.Format()
			path := filepath.Join("testdata", "golden", tt.name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/draft -update to create it)", err)
			}
			if string(got) != string(want) {
				t.Errorf("Format differs from %s (run with -update and read the diff):\n%s", path, got)
			}
		})
	}
}
