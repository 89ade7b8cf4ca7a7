package draft

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"statementarchive/internal/statement"
)

// The pages under testdata/pages are shaped like the official pages they
// are named for (where the text sits, how the site marks its menus,
// language switchers, share buttons, footnotes and metadata), in invented
// words.

func pageInputs(t testing.TB, names ...string) []Input {
	t.Helper()
	var in []Input
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("testdata", "pages", n))
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, Input{Name: n, Text: data})
	}
	return in
}

func mustReadPages(t *testing.T, opts PageOptions, names ...string) *PageDraft {
	t.Helper()
	d, err := ReadPages(pageInputs(t, names...), opts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// readPageText reads pages given as strings, named page1.html, page2.html….
func readPageText(t *testing.T, pages ...string) (*PageDraft, error) {
	t.Helper()
	var in []Input
	for i, p := range pages {
		in = append(in, Input{Name: "page" + string(rune('1'+i)) + ".html", Text: []byte(p)})
	}
	return ReadPages(in, PageOptions{})
}

func pageChecks(d *PageDraft, s string) []string {
	var out []string
	for _, c := range d.Checks {
		if strings.Contains(c.String(), s) {
			out = append(out, c.String())
		}
	}
	return out
}

func pageAllChecks(d *PageDraft) string {
	var b strings.Builder
	for _, c := range d.Checks {
		b.WriteString(c.String() + "\n")
	}
	return b.String()
}

func pageNumbered(n int, s string, items ...Line) Block {
	return Block{Kind: Paragraph, Number: n, Lines: append([]Line{{Text: s}}, items...)}
}

func pagePlain(lines ...Line) Block { return Block{Kind: Paragraph, Lines: lines} }
func pageHeading(s string) Block    { return Block{Kind: Heading, Lines: []Line{{Text: s}}} }
func pageRun(s string) Line         { return Line{Text: s} }
func pageItem(m, s string) Line     { return Line{Marker: m, Text: s} }

// pageWithoutChecks is a draft as the reviewer leaves it: every CHECK line
// confirmed and deleted.
func pageWithoutChecks(data []byte) []byte {
	var kept []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "# CHECK:") || strings.HasPrefix(l, "# Confirm or correct") {
			continue
		}
		kept = append(kept, l)
	}
	return []byte(strings.Join(kept, "\n"))
}

// The English and French pages of one NATO statement, saved from the
// browser, become one draft: each language a section, the structure the
// pages mark kept, the site around the text left out, and the text it
// left out named in checks.
func TestImportPageNATOEnglishAndFrench(t *testing.T) {
	d := mustReadPages(t, PageOptions{}, "nato-en.html", "nato-fr.html")

	if got, want := d.Title, map[string]string{
		"en": "Statement by the North Atlantic Council on the protection of undersea infrastructure",
		"fr": "Déclaration du Conseil de l'Atlantique Nord sur la protection des infrastructures sous-marines",
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("Title = %q, want %q", got, want)
	}
	if got, want := d.Subtitle, map[string]string{
		"en": "Issued by the North Atlantic Council meeting in Brussels",
		"fr": "Publiée par le Conseil de l'Atlantique Nord réuni à Bruxelles",
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("Subtitle = %q, want %q", got, want)
	}
	if d.Date != "2022-03-03" || d.Issuer != "North Atlantic Council" {
		t.Errorf("Date, Issuer = %q, %q; want 2022-03-03, North Atlantic Council", d.Date, d.Issuer)
	}
	if got, want := d.Reference, map[string]string{"en": "Press Release (2022) 041", "fr": "Communiqué de presse (2022) 041"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Reference = %q, want %q", got, want)
	}
	if got, want := d.Source, map[string]string{
		"en": "https://www.nato.int/cps/en/natohq/official_texts_190123.htm",
		"fr": "https://www.nato.int/cps/fr/natohq/official_texts_190123.htm",
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("Source = %q, want %q", got, want)
	}

	en := d.Section("en")
	if en == nil || d.Section("fr") == nil || len(d.Sections) != 2 {
		t.Fatalf("sections = %+v, want en and fr", d.Sections)
	}
	wantEn := []Block{
		pageNumbered(1, "We, the members of the North Atlantic Council, are deeply troubled by the damage done last week to cables and pipelines on the floor of the Northern Sea.\u00a0 These links carry the energy and the data on which our societies depend."),
		pageNumbered(2, "Allies will share what they learn about the damage, and we will not hesitate to act together against those who caused it."),
		pageHeading("Our response"),
		pageNumbered(3, "We have agreed:",
			pageItem("a.", "to increase the patrols of our ships and aircraft along the cables;"),
			pageItem("b.", "to set up a cell at NATO Headquarters that brings together what Allies and industry know;"),
			pageItem("c.", "to exercise the repair of damaged links at least once a year.")),
		pageNumbered(4, "Partners who operate their own cables are invited to join this work.[^1] We will report to Ministers in June."),
		pageNumbered(5, "The security of one Ally is the security of all."),
	}
	if !reflect.DeepEqual(en.Blocks, wantEn) {
		t.Errorf("[en] blocks =\n%+v\nwant\n%+v", en.Blocks, wantEn)
	}
	if want := []Footnote{{1, "One Ally places a reservation on the cell's budget until its parliament has voted."}}; !reflect.DeepEqual(en.Footnotes, want) {
		t.Errorf("[en] footnotes = %+v, want %+v", en.Footnotes, want)
	}
	fr := d.Section("fr")
	if got := fr.Blocks[4].Lines[0].Text; got != "Les partenaires qui exploitent leurs propres câbles sont invités à se joindre à ces travaux[^1]. Nous ferons rapport aux ministres en juin." {
		t.Errorf("[fr] ¶4 = %q: the superscript ¹ should be the mark [^1]", got)
	}
	if want := []Footnote{{1, "Un Allié émet une réserve sur le budget de la cellule tant que son parlement ne s'est pas prononcé."}}; !reflect.DeepEqual(fr.Footnotes, want) {
		t.Errorf("[fr] footnotes = %+v, want %+v", fr.Footnotes, want)
	}

	// Left out and named: what reads as text. Left out silently: menus,
	// breadcrumbs, share buttons, the language switcher.
	for _, want := range []string{
		`[en] nato-en.html: left out "This site uses cookies`,
		`[en] nato-en.html: left out "North Atlantic Treaty Organization, Boulevard Léopold III`,
		`[en] nato-en.html: left out "Watch the Secretary General present the statement`,
		`[fr] nato-fr.html: left out "Ce site utilise des cookies`,
		`[en] nato-en.html: the list at the end of the page ("One Ally places`,
		`[fr] nato-fr.html: the subtitle shows line breaks as text`,
	} {
		if len(pageChecks(d, want)) != 1 {
			t.Errorf("no check %q among\n%s", want, pageAllChecks(d))
		}
	}
	for _, never := range []string{"Facebook", "Official texts", "Русский", "Skip to", "Accept", "Last updated", "Contact us"} {
		if got := pageChecks(d, never); len(got) > 0 {
			t.Errorf("navigation %q named in checks: %q", never, got)
		}
	}
	out := string(d.Format())
	for _, never := range []string{"cookies", "Facebook", "Home", "Last updated", "Watch the Secretary General", "Léopold"} {
		if strings.Contains(pageWithoutCheckLines(out), never) {
			t.Errorf("the draft holds %q, part of the site:\n%s", never, out)
		}
	}
}

func pageWithoutCheckLines(s string) string { return string(pageWithoutChecks([]byte(s))) }

// Each site's shape: where the text is, what is metadata, what is left out.
func TestImportPageShapes(t *testing.T) {
	tests := []struct {
		name      string
		page      string
		title     string
		date      string
		reference string
		source    string
		blocks    []Block
		footnotes []Footnote
		checks    []string // each must be a check
		noChecks  []string // none may mention these
	}{
		{
			name:      "UN press statement: symbol above the title, <time>, end mark",
			page:      "un-press-statement.html",
			title:     "Security Council Press Statement on Flooding in the Lower Valley",
			date:      "2011-09-12",
			reference: "SC/10399",
			source:    "https://press.un.org/en/2011/sc10399.doc.htm",
			blocks: []Block{
				pagePlain(pageRun("The following Security Council press statement was issued today by Council President Ana Ferreira (Portugal):")),
				pagePlain(pageRun("The members of the Security Council expressed their deep sympathy to the people of the Lower Valley, where floods have driven thousands from their homes in the past week.")),
				pagePlain(pageRun("The members of the Security Council welcomed the work of the relief agencies on the ground and called on all parties to let aid reach those in need without delay.")),
				// HTML renders a run of spaces as one; the page's three are one.
				pagePlain(pageRun("The members of the Security Council stressed that the recovery must be led by the communities themselves, with the support of the region.")),
			},
			checks:   []string{`left out "For information media. Not an official record." (after the end mark * *** *)`},
			noChecks: []string{"In progress at UNHQ", "Skip to main content", "Fraud alert", "Français"},
		},
		{
			name:   "Council press release: label, <time>, list after a colon, headings, related links",
			page:   "consilium-en.html",
			title:  "Ocean observation: Council sets out its priorities for the northern seas",
			date:   "2023-11-20",
			source: "https://www.consilium.europa.eu/en/press/press-releases/2023/11/20/ocean-observation-council-sets-out-its-priorities/",
			blocks: []Block{
				pagePlain(pageRun("The Council today approved conclusions on observing the northern seas, which set out how member states and the Commission will pool what their research ships and buoys record.")),
				pagePlain(pageRun("The conclusions call on member states to:"),
					pageItem("•", "publish the measurements of their national networks within a month of taking them;"),
					pageItem("•", "agree on common formats for temperature and salinity data;"),
					pageItem("•", "train the crews of fishing vessels to report unusual readings.")),
				pagePlain(pageRun("“Nobody can watch the sea alone. Pooling our data is the cheapest way to see further.”")),
				pagePlain(pageRun("Marta Vidal, minister for the sea of the presidency")),
				pageHeading("Next steps"),
				pagePlain(pageRun("The Commission will report on the first year of shared measurements by the end of 2024.")),
				pageHeading("Background"),
				pagePlain(pageRun("In March 2023, the Council asked the Commission to map the observation networks of the member states.")),
			},
			checks:   []string{`left out "We use cookies to give you the best experience on our web…" (cookie notice)`, `left out "General Secretariat of the Council`},
			noChecks: []string{"Related content", "Share on", "български", "Press releases", "Oceans policy"},
		},
		{
			name:      "G7 statement: windows-1252, article header, table of metadata, Word footnotes, nested list",
			page:      "g7-statement.html",
			title:     "G7 Leaders’ Statement on Resilient Supply Chains",
			date:      "2019-05-20",
			reference: "G7/LS/2019/04",
			source:    "https://www.g7presidency.example/en/statements/leaders-statement-resilient-supply-chains/",
			blocks: []Block{
				pageHeading("Preamble"),
				pagePlain(pageRun("We, the Leaders of the Group of Seven, met today to make the supply chains of our economies stronger.[^1] Recent shortages have shown how much depends on a few suppliers.")),
				pagePlain(pageRun("We commit to:"),
					pageItem("•", "diversify the sources of critical goods, in particular:"),
					pageItem("–", "semiconductors;"),
					pageItem("–", "medical supplies;"),
					pageItem("•", "share early warnings of shortages with each other.")),
				pageHeading("Critical minerals"),
				pagePlain(pageRun("We will work with producing countries on standards for mining that protect workers and the environment.[^2]")),
			},
			footnotes: []Footnote{{1, "The President of the European Council took part in the meeting."}},
			checks: []string{
				`the table of metadata gives "Lake Town" as Place`,
				`a list inside a list item ("semiconductors;")`,
				`footnote 2 is marked in the text, but its text is not on the page`,
				`left out "Latest news Ministers of trade will meet in the autumn to…" (sidebar)`,
			},
			noChecks: []string{"Presidency Statements Calendar"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustReadPages(t, PageOptions{}, tt.page)
			if len(d.Sections) != 1 || d.Sections[0].Lang != "en" {
				t.Fatalf("sections = %+v, want one in English", d.Sections)
			}
			if d.Title["en"] != tt.title {
				t.Errorf("title = %q, want %q", d.Title["en"], tt.title)
			}
			if d.Date != tt.date {
				t.Errorf("date = %q, want %q", d.Date, tt.date)
			}
			if d.Reference[""] != tt.reference {
				t.Errorf("reference = %q, want %q", d.Reference, tt.reference)
			}
			if d.Source["en"] != tt.source {
				t.Errorf("source = %q, want %q", d.Source["en"], tt.source)
			}
			sec := d.Sections[0]
			if !reflect.DeepEqual(sec.Blocks, tt.blocks) {
				t.Errorf("blocks =\n%+v\nwant\n%+v", sec.Blocks, tt.blocks)
			}
			if !reflect.DeepEqual(sec.Footnotes, tt.footnotes) {
				t.Errorf("footnotes = %+v, want %+v", sec.Footnotes, tt.footnotes)
			}
			for _, c := range tt.checks {
				if len(pageChecks(d, c)) != 1 {
					t.Errorf("no check %q among\n%s", c, pageAllChecks(d))
				}
			}
			for _, c := range tt.noChecks {
				if got := pageChecks(d, c); len(got) > 0 {
					t.Errorf("check mentions %q, part of the site: %q", c, got)
				}
			}
		})
	}
}

// The reviewer confirms every check and deletes the CHECK lines: the draft
// then parses as a statement file, its source the pages' addresses.
func TestImportPageRoundTrip(t *testing.T) {
	for _, pages := range [][]string{{"nato-en.html", "nato-fr.html"}, {"un-press-statement.html"}, {"consilium-en.html"}} {
		t.Run(strings.Join(pages, "+"), func(t *testing.T) {
			d := mustReadPages(t, PageOptions{}, pages...)
			data := pageWithoutChecks(d.Format())
			st, err := statement.Parse("statements/"+d.SuggestedID()+".txt", data)
			if err != nil {
				t.Fatalf("the draft does not parse: %v\n%s", err, data)
			}
			if !reflect.DeepEqual(st.Source, d.Source) {
				t.Errorf("parsed source = %q, want %q", st.Source, d.Source)
			}
			for _, sec := range d.Sections {
				if got, want := len(st.Paragraphs), len(sec.Paragraphs()); got < want {
					t.Errorf("[%s] parsed %d rows, want at least its %d paragraphs", sec.Lang, got, want)
				}
			}
		})
	}
}

// frenchPageOf another statement: the French page with its reference,
// date and address changed.
func frenchPageOfAnother(t *testing.T, reference, date, address bool) Input {
	t.Helper()
	in := pageInputs(t, "nato-fr.html")[0]
	s := string(in.Text)
	if reference {
		s = strings.ReplaceAll(s, "(2022) 041", "(2022) 047")
	}
	if date {
		s = strings.ReplaceAll(s, "03 Mar. 2022", "09 Mar. 2022")
	}
	if address {
		s = strings.ReplaceAll(s, "official_texts_190123", "official_texts_190377")
	}
	return Input{Name: "other-fr.html", Text: []byte(s)}
}

// Pages that disagree on what identifies a statement are refused, with
// the way to confirm them; confirmed, they are read with a check. A page
// that disagrees on its date alone is read, with a check.
func TestImportPageDifferentStatements(t *testing.T) {
	en := pageInputs(t, "nato-en.html")[0]
	_, err := ReadPages([]Input{en, frenchPageOfAnother(t, true, true, true)}, PageOptions{})
	var diff *DifferentStatementsError
	if !errors.As(err, &diff) {
		t.Fatalf("ReadPages = %v, want a DifferentStatementsError", err)
	}
	for _, want := range []string{`references "Press Release (2022) 041" and "Communiqué de presse (2022) 047"`, "dates 2022-03-03 and 2022-03-09", "official_texts_190377", "confirm it (archive import -same-statement)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}

	d, err := ReadPages([]Input{en, frenchPageOfAnother(t, true, true, true)}, PageOptions{Options: Options{SameStatement: true}})
	if err != nil {
		t.Fatalf("confirmed: %v", err)
	}
	if len(pageChecks(d, "[fr] other-fr.html: imported as the same statement as nato-en.html, as confirmed")) != 1 {
		t.Errorf("no check that the confirmed pages differ:\n%s", pageAllChecks(d))
	}
	if d.Date != "" || len(pageChecks(d, "the languages give different dates")) != 1 {
		t.Errorf("date = %q, want none and a check, as read.go's combine does:\n%s", d.Date, pageAllChecks(d))
	}

	d, err = ReadPages([]Input{en, frenchPageOfAnother(t, false, true, false)}, PageOptions{})
	if err != nil {
		t.Fatalf("date alone differs: %v", err)
	}
	if len(pageChecks(d, "the languages give different dates: 2022-03-03 (en")) != 1 {
		t.Errorf("no check on the dates:\n%s", pageAllChecks(d))
	}

	d, err = ReadPages([]Input{en, frenchPageOfAnother(t, true, false, false)}, PageOptions{})
	if err == nil {
		t.Errorf("a different reference alone was read, want it refused: checks\n%s", pageAllChecks(d))
	}
}

// A page given with a file of copied text: each is read as what it is.
func TestImportPageWithCopiedText(t *testing.T) {
	in := pageInputs(t, "nato-en.html")
	fr, err := os.ReadFile(filepath.Join("testdata", "communique-fr.txt"))
	if err != nil {
		t.Fatal(err)
	}
	in = append(in, Input{Name: "communique-fr.txt", Text: fr})
	_, err = ReadPages(in, PageOptions{})
	var diff *DifferentStatementsError
	if !errors.As(err, &diff) {
		t.Fatalf("a page and another statement's copied text = %v, want them refused as two statements", err)
	}
	d, err := ReadPages(in, PageOptions{Options: Options{SameStatement: true}})
	if err != nil {
		t.Fatal(err)
	}
	if fr := d.Section("fr"); fr == nil || fr.Source != "communique-fr.txt" || len(fr.Paragraphs()) < 5 {
		t.Errorf("the copied text was not read as text: %+v", d.Sections)
	}
	if _, ok := d.Source["fr"]; ok || d.Source["en"] == "" {
		t.Errorf("Source = %q, want the page's address only", d.Source)
	}
}

const pageStart = `<!DOCTYPE html><html lang="en"><head><title>A statement</title><link rel="canonical" href="https://example.org/statements/12"></head><body><main>`
const pageEnd = `</main></body></html>`

// Two sentences of English, enough for the language to be identified.
const englishParagraphs = `<p>The members of the council met today and agreed on the work of the coming year.</p><p>They will meet again in the spring to review the progress that has been made.</p>`

// Each thing a page marks, read from a page that marks it.
func TestImportPageStructure(t *testing.T) {
	tests := []struct {
		name   string
		page   string
		check  func(t *testing.T, d *PageDraft)
		checks []string
	}{
		{
			name: "line breaks and spaces as published",
			page: pageStart + `<h1>Title</h1><p>First line of the address,<br>second   line,  and a no-break&nbsp;&nbsp;space kept.</p>` + englishParagraphs + pageEnd,
			check: func(t *testing.T, d *PageDraft) {
				want := pagePlain(pageRun("First line of the address,"), pageRun("second line, and a no-break\u00a0\u00a0space kept."))
				if got := d.Sections[0].Blocks[0]; !reflect.DeepEqual(got, want) {
					t.Errorf("block = %+v, want %+v", got, want)
				}
			},
		},
		{
			name: "paragraphs numbered as an ordered list",
			page: pageStart + `<h1>Title</h1><ol><li>We, the members of the council, met today and agreed on the work of the coming year.</li><li>We will meet again in the spring to review the progress that has been made:<ul><li>on training;</li><li>on exercises.</li></ul></li></ol>` + pageEnd,
			check: func(t *testing.T, d *PageDraft) {
				want := []Block{
					pageNumbered(1, "We, the members of the council, met today and agreed on the work of the coming year."),
					pageNumbered(2, "We will meet again in the spring to review the progress that has been made:", pageItem("–", "on training;"), pageItem("–", "on exercises.")),
				}
				if got := d.Sections[0].Blocks; !reflect.DeepEqual(got, want) {
					t.Errorf("blocks = %+v, want %+v", got, want)
				}
			},
		},
		{
			name: "a numbered list inside a paragraph",
			page: pageStart + `<h1>Title</h1>` + englishParagraphs + `<p>The council asked for:</p><ol><li>a report;</li><li>a plan.</li></ol>` + pageEnd,
			check: func(t *testing.T, d *PageDraft) {
				want := pagePlain(pageRun("The council asked for:"), pageItem("1)", "a report;"), pageItem("2)", "a plan."))
				if got := d.Sections[0].Blocks[2]; !reflect.DeepEqual(got, want) {
					t.Errorf("block = %+v, want %+v", got, want)
				}
			},
			checks: []string{"the items of a numbered list written 1)"},
		},
		{
			name: "footnotes linked by id, with a back link",
			page: pageStart + `<h1>Title</h1><p>The members of the council met today<sup id="fnref:1"><a href="#fn:1">1</a></sup> and agreed on the work of the coming year.</p><p>They will meet again in the spring to review the progress that has been made.</p>` +
				`<section class="footnotes"><ol><li id="fn:1"><p>In the capital. <a href="#fnref:1">↩</a></p></li></ol></section>` + pageEnd,
			check: func(t *testing.T, d *PageDraft) {
				sec := d.Sections[0]
				if want := []Footnote{{1, "In the capital."}}; !reflect.DeepEqual(sec.Footnotes, want) {
					t.Errorf("footnotes = %+v, want %+v", sec.Footnotes, want)
				}
				if got := sec.Blocks[0].Text(); got != "The members of the council met today[^1] and agreed on the work of the coming year." {
					t.Errorf("¶1 = %q", got)
				}
				if len(sec.Blocks) != 2 {
					t.Errorf("blocks = %+v, want the footnote out of the text", sec.Blocks)
				}
			},
		},
		{
			name: "an asterisk footnote",
			page: pageStart + `<h1>Title</h1>` + englishParagraphs + `<p>One member abstained.<sup>*</sup></p><p><sup>*</sup> Its government had not yet given instructions.</p>` + pageEnd,
			check: func(t *testing.T, d *PageDraft) {
				sec := d.Sections[0]
				if want := []Footnote{{1, "Its government had not yet given instructions."}}; !reflect.DeepEqual(sec.Footnotes, want) {
					t.Errorf("footnotes = %+v, want %+v", sec.Footnotes, want)
				}
				if got := sec.Blocks[len(sec.Blocks)-1].Text(); got != "One member abstained.[^1]" {
					t.Errorf("last paragraph = %q", got)
				}
			},
		},
		{
			name:   "a footnote whose text is missing",
			page:   pageStart + `<h1>Title</h1><p>The members of the council met today<sup>3</sup> and agreed on the work of the coming year.</p><p>They will meet again in the spring to review the progress that has been made.</p>` + pageEnd,
			checks: []string{"footnote 3 is marked in the text, but its text is not on the page: add it under the text as [^3]: …"},
		},
		{
			name: "a superscript that is not a footnote",
			page: `<!DOCTYPE html><html lang="fr"><head><title>x</title></head><body><h1>Déclaration</h1><p>Le 1<sup>er</sup> mars, les membres du conseil se sont réunis et ont arrêté le programme de travail de l'année.</p><p>Ils se réuniront de nouveau au printemps pour examiner les progrès accomplis.</p></body></html>`,
			check: func(t *testing.T, d *PageDraft) {
				if got := d.Sections[0].Blocks[0].Text(); !strings.HasPrefix(got, "Le 1er mars,") {
					t.Errorf("¶1 = %q, want the ordinal kept as text", got)
				}
				if len(d.Sections[0].Footnotes) != 0 {
					t.Errorf("footnotes = %+v, want none", d.Sections[0].Footnotes)
				}
			},
		},
		{
			name: "title from og:title, never from the text",
			page: `<html lang="en"><head><meta property="og:title" content="Council statement on the spring meeting"><title>Council statement on the spring meeting | Example Council</title></head><body>` + englishParagraphs + `</body></html>`,
			check: func(t *testing.T, d *PageDraft) {
				if got := d.Title["en"]; got != "Council statement on the spring meeting" {
					t.Errorf("title = %q", got)
				}
			},
			checks: []string{`title "Council statement on the spring meeting" read from the page's og:title, as the page has no heading <h1>`},
		},
		{
			name: "title from <title>, minus the site's name",
			page: `<html lang="en"><head><title>Example Council | Council statement on the spring meeting</title><meta property="og:site_name" content="Example Council"></head><body>` + englishParagraphs + `</body></html>`,
			check: func(t *testing.T, d *PageDraft) {
				if got := d.Title["en"]; got != "Council statement on the spring meeting" {
					t.Errorf("title = %q", got)
				}
			},
		},
		{
			name: "no title anywhere",
			page: `<html lang="en"><body>` + englishParagraphs + `</body></html>`,
			check: func(t *testing.T, d *PageDraft) {
				if len(d.Title) != 0 {
					t.Errorf("title = %q, want none rather than body text", d.Title)
				}
				if len(d.Sections[0].Blocks) != 2 {
					t.Errorf("blocks = %+v, want both paragraphs in the text", d.Sections[0].Blocks)
				}
			},
			checks: []string{"the page has no title (no <h1>, og:title or <title>)", "the page does not give its address"},
		},
		{
			name: "date from the page's head only",
			page: `<html lang="en"><head><title>Statement</title><meta property="article:published_time" content="2014-05-06T23:10:00+02:00"></head><body><h1>Statement</h1>` + englishParagraphs + `</body></html>`,
			check: func(t *testing.T, d *PageDraft) {
				if d.Date != "2014-05-06" {
					t.Errorf("date = %q, want the day the page gives, in its own time zone", d.Date)
				}
			},
		},
		{
			name: "the head's date differs from the text's",
			page: `<html lang="en"><head><title>Statement</title><meta property="article:published_time" content="2011-09-13T09:00:00Z"></head><body><h1>Statement</h1><p>Issued on 12 Sep. 2011</p>` + englishParagraphs + `</body></html>`,
			check: func(t *testing.T, d *PageDraft) {
				if d.Date != "2011-09-12" {
					t.Errorf("date = %q, want the issue date the text gives", d.Date)
				}
			},
			checks: []string{"the page's article:published_time gives 2011-09-13, and its text 2011-09-12"},
		},
		{
			name: "a date line in the page's language",
			page: `<html lang="fr"><head><title>Déclaration</title></head><body><h1>Déclaration</h1><p>Bruxelles, le 12 septembre 2011</p><p>Les membres du conseil se sont réunis et ont arrêté le programme de travail de l'année.</p><p>Ils se réuniront de nouveau au printemps pour examiner les progrès accomplis.</p></body></html>`,
			check: func(t *testing.T, d *PageDraft) {
				if d.Date != "2011-09-12" || len(d.Sections[0].Blocks) != 2 {
					t.Errorf("date = %q, blocks %+v; want 2011-09-12 and the date line out of the text", d.Date, d.Sections[0].Blocks)
				}
			},
		},
		{
			name: "the declared language is not the text's",
			page: `<html lang="fr"><head><title>Statement</title></head><body><h1>Statement</h1>` + englishParagraphs + `</body></html>`,
			check: func(t *testing.T, d *PageDraft) {
				if d.Sections[0].Lang != "en" {
					t.Errorf("lang = %q, want en", d.Sections[0].Lang)
				}
			},
			checks: []string{`the page declares its language French (lang="fr"), but its text reads as English (en)`},
		},
		{
			name: "no declared language",
			page: `<html><head><title>Statement</title></head><body><h1>Statement</h1>` + englishParagraphs + `</body></html>`,
			check: func(t *testing.T, d *PageDraft) {
				if d.Sections[0].Lang != "en" {
					t.Errorf("lang = %q, want en", d.Sections[0].Lang)
				}
			},
			checks: []string{"the page does not declare its language: English (en) identified from its text"},
		},
		{
			name: "hidden text, an aside and a sidebar without a sentence",
			page: pageStart + `<h1>Title</h1>` + englishParagraphs + `<div style="display: none">Text the page never shows to its readers.</div>` +
				`<aside><p>A related story about the council's history and its founders.</p></aside><div class="sidebar"><a href="/a">Archive</a> <a href="/b">Statements by year</a></div>` + pageEnd,
			check: func(t *testing.T, d *PageDraft) {
				if len(d.Sections[0].Blocks) != 2 {
					t.Errorf("blocks = %+v, want the two paragraphs only", d.Sections[0].Blocks)
				}
			},
			checks: []string{`left out "Text the page never shows to its readers." (hidden)`, `left out "A related story about the council's history and its found…" (aside)`},
		},
		{
			name: "a table in the text",
			page: pageStart + `<h1>Title</h1>` + englishParagraphs + `<table><tr><td>Member</td><td>Contribution</td></tr><tr><td>North</td><td>12</td></tr></table>` + pageEnd,
			check: func(t *testing.T, d *PageDraft) {
				want := pagePlain(pageRun("Member | Contribution"), pageRun("North | 12"))
				if got := d.Sections[0].Blocks[2]; !reflect.DeepEqual(got, want) {
					t.Errorf("table = %+v, want %+v", got, want)
				}
			},
			checks: []string{"a table in the text"},
		},
		{
			name: "a heading in bold in an unnumbered text",
			page: pageStart + `<h1>Title</h1>` + englishParagraphs + `<p><strong>Next steps</strong></p><p>The secretariat will circulate a draft plan before the summer break.</p>` + pageEnd,
			check: func(t *testing.T, d *PageDraft) {
				if got := d.Sections[0].Blocks[2]; !reflect.DeepEqual(got, pageHeading("Next steps")) {
					t.Errorf("block = %+v, want a heading", got)
				}
			},
			checks: []string{`"Next steps", a line in bold alone, read as a heading`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := readPageText(t, tt.page)
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				tt.check(t, d)
			}
			for _, c := range tt.checks {
				if len(pageChecks(d, c)) != 1 {
					t.Errorf("no check %q among\n%s", c, pageAllChecks(d))
				}
			}
		})
	}
}

// The references and dates a page's head gives, in the forms the issuers
// write them.
func TestImportPageHeadLines(t *testing.T) {
	tests := []struct {
		line      string
		reference string
		day       string
		strength  int
		ok        bool
	}{
		{"PR(2006)150", "PR(2006)150", "", 2, true},
		{"PR/CP(2006)150", "PR/CP(2006)150", "", 2, true},
		{"Press Release (2006) 150", "Press Release (2006) 150", "", 2, true},
		{"M-NAC-2(2001)159", "M-NAC-2(2001)159", "", 2, true},
		{"7 September 2011 SC/10378", "SC/10378", "2011-09-07", 2, true},
		{"MEMO/14/402 Brussels, 4 June 2014", "MEMO/14/402", "2014-06-04", 2, true},
		{"SN 140/01", "SN 140/01", "", 2, true},
		{"Reference: S/RES/2170 (2014)", "S/RES/2170 (2014)", "", 2, true},
		{"Issued on 12 Sep. 2011", "", "2011-09-12", 3, true},
		{"Publié le 12 septembre 2011", "", "2011-09-12", 3, true},
		{"Last updated: 14 Sep. 2011 10:12", "", "", 0, true},
		{"|", "", "", 0, true},
		{"The council met on 12 September 2011 to discuss the plan.", "", "", 0, false},
		{"Brussels Summit Communiqué", "", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			f, ok := pageHeadLine(tt.line, nil)
			day := ""
			if len(f.dates) > 0 {
				day = f.dates[0].day
			}
			if ok != tt.ok || f.reference != tt.reference || day != tt.day || (day != "" && f.strength != tt.strength) {
				t.Errorf("pageHeadLine(%q) = %q, %q, strength %d, %v; want %q, %q, %d, %v", tt.line, f.reference, day, f.strength, ok, tt.reference, tt.day, tt.strength, tt.ok)
			}
		})
	}
}

func TestImportPageRefuses(t *testing.T) {
	deep := pageStart + `<h1>Title</h1>` + englishParagraphs + strings.Repeat("<div>", maxPageNesting+40) + "<p>Buried text.</p>" + pageEnd
	d, err := readPageText(t, deep)
	if err != nil {
		t.Fatalf("a deep page: %v", err)
	}
	if len(pageChecks(d, "nest deeper than 256 elements and were left out")) != 1 {
		t.Errorf("no check for the text nested too deep:\n%s", pageAllChecks(d))
	}

	tests := []struct {
		name string
		in   []Input
		want string
	}{
		{"too large", []Input{{Name: "big.html", Text: append([]byte("<html>"), make([]byte, MaxInputSize)...)}}, "over the 8388608-byte limit for one page"},
		{"no text", []Input{{Name: "empty.html", Text: []byte(`<html lang="en"><body><nav><a href="/">Home</a></nav></body></html>`)}}, "empty.html: no text found in the page"},
		{"two pages in one language", append(pageInputs(t, "nato-en.html"), pageInputs(t, "un-press-statement.html")...), "a second text in English"},
		{"nested deeper than HTML's parser allows", []Input{{Name: "deep.html", Text: []byte(strings.Repeat("<div>", 600))}}, "deep.html: cannot read it as HTML (html: open stack of elements exceeds 512 nodes)"},
		{"not UTF-8 though it says so", []Input{{Name: "bad.html", Text: []byte("<html><head><meta charset=\"utf-8\"></head><body><p>caf\xe9</p></body></html>")}}, "the page says it is UTF-8 but is not"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPages(tt.in, PageOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadPages = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestImportPageIsPage(t *testing.T) {
	tests := []struct {
		in   Input
		want bool
	}{
		{Input{Name: "page.HTML", Text: []byte("anything")}, true},
		{Input{Name: "saved", Text: []byte("\uFEFF  <!DOCTYPE html><html>")}, true},
		{Input{Name: "saved", Text: []byte("<!-- saved from url=(0020)https://example.org/ -->\n<html lang=en>")}, true},
		{Input{Name: "copied.txt", Text: []byte("Brussels Summit Declaration\n\n1. We, the Heads of State …")}, false},
		{Input{Name: "copied.txt", Text: []byte("<b>not a page</b>")}, false},
	}
	for _, tt := range tests {
		if got := IsPage(tt.in); got != tt.want {
			t.Errorf("IsPage(%s %q) = %v, want %v", tt.in.Name, tt.in.Text, got, tt.want)
		}
	}
}

// FuzzImportPage reads arbitrary pages: never a panic, and a draft whose
// front matter stays a front matter.
func FuzzImportPage(f *testing.F) {
	for _, n := range []string{"nato-en.html", "nato-fr.html", "un-press-statement.html", "consilium-en.html", "g7-statement.html"} {
		f.Add(pageInputs(f, n)[0].Text)
	}
	f.Add([]byte(pageStart + `<h1>T</h1><p>1. x<sup>2</sup></p><ol><li>y</li></ol><table><tr><td>Date</td><td>1 May 2020</td></tr></table>` + pageEnd))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ReadPages([]Input{{Name: "fuzz.html", Text: data}}, PageOptions{})
		if err != nil {
			return
		}
		out := d.Format()
		if !strings.HasPrefix(string(out), "---\n") || strings.Count(string(out), "\n---\n") < 1 {
			t.Fatalf("draft without its front matter:\n%s", out)
		}
	})
}
