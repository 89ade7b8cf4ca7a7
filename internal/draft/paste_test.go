package draft

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"statementarchive/internal/statement"
)

// withoutChecks is a draft as the reviewer leaves it once every CHECK is
// settled: its CHECK lines deleted.
func withoutChecks(draft []byte) []byte {
	var out [][]byte
	for _, l := range bytes.SplitAfter(draft, []byte("\n")) {
		if !bytes.HasPrefix(l, []byte("# CHECK:")) && !bytes.HasPrefix(l, []byte("# Confirm or correct each CHECK")) {
			out = append(out, l)
		}
	}
	return bytes.Join(out, nil)
}

func readPaste(t *testing.T, opts Options, names ...string) (*Statement, error) {
	t.Helper()
	var in []Input
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("testdata", "paste", n))
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, Input{Name: n, Text: data})
	}
	return Read(in, opts)
}

// Pages pasted as they copy from official sites, mirrors and newspapers,
// one fixture (or pair) per kind of fault imports once had: each draft
// must hold the statement's text and details, and name every doubtful
// line in a CHECK. The fixtures are invented texts in the pages' shapes.
func TestPastedPages(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		title map[string]string
		// subtitle, date and reference as the draft writes them ("" for
		// none; reference "" is the one shared by every language).
		subtitle  map[string]string
		date      string
		reference map[string]string
		// paragraphs and headings per language, and footnotes in the first.
		paragraphs map[string]int
		headings   int
		footnotes  int
		// body holds text the [first language] section must contain,
		// exactly as published; absent text it must not.
		body   []string
		absent []string
		// checks must each be contained in some CHECK; named lines are
		// furniture that must be listed in one.
		checks []string
		named  []string
		// parseErr is what statement.Parse still refuses once the CHECK
		// lines are deleted, and noticed the CHECK that names it.
		parseErr, noticed string
	}{
		{
			name:       "NATO page: menus, language switcher, video caption, footer, wrapped reference, glued footnote",
			files:      []string{"nato-web-en.txt", "nato-web-fr.txt"},
			title:      map[string]string{"en": "Final Communiqué", "fr": "Communiqué final"},
			subtitle:   map[string]string{"en": "Ministerial Meeting of the North Atlantic Council held in Tallinn", "fr": "Réunion ministérielle du Conseil de l'Atlantique Nord tenue à Tallinn"},
			date:       "2011-09-12",
			reference:  map[string]string{"": "M-NAC-2(2011)159"},
			paragraphs: map[string]int{"en": 3, "fr": 3},
			footnotes:  1,
			body: []string{
				"prepare the decisions of the coming summit.  We welcome", // two spaces, as published
				"which was discontinued[^1] last year",
			},
			absent: []string{"Go to Homepage", "B-1110", "French", "Video", "Belgium"},
			checks: []string{`footnote marks read from numbers in the text ("discontinued1")`},
			named:  []string{"Skip to main content", "Navigation path", `"- English"`, `"- French"`, `"- Russian"`, "Video: opening remarks", "Share this page", `"NATO"`, "B-1110 Brussels/Bruxelles", `"Belgium"`, "Go to Homepage", `"- Anglais"`, `"Partager"`},
		},
		{
			name:       "press release a paragraph a line: the French subtitle stops at the text",
			files:      []string{"press-en.txt", "press-fr.txt"},
			title:      map[string]string{"en": "Statement by the North Atlantic Council on the floods in the Southern Valleys", "fr": "Déclaration du Conseil de l'Atlantique Nord sur les inondations dans les Vallées du Sud"},
			subtitle:   map[string]string{"en": "Issued by the North Atlantic Council", "fr": "Publiée par le Conseil de l'Atlantique Nord"},
			date:       "2011-09-12",
			reference:  map[string]string{"en": "Press Release (2011) 109", "fr": "Communiqué de presse (2011) 109"},
			paragraphs: map[string]int{"en": 3, "fr": 3},
			checks:     []string{"[fr] press-fr.txt line 4: no blank lines between paragraphs"},
		},
		{
			name:       "a footnote after unnumbered paragraphs is no paragraph 1, the footer no text",
			files:      []string{"footnote-after-text-en.txt"},
			title:      map[string]string{"en": "Statement by the Secretary General on the agreement on the northern border"},
			paragraphs: map[string]int{"en": 5},
			footnotes:  1,
			body:       []string{"as the mediation was supported until now[^1]."},
			absent:     []string{"Brussels/Bruxelles", "Homepage"},
			checks:     []string{`("now1.")`, "no date found in any language"},
			named:      []string{"B-1110 Brussels/Bruxelles", "Go to Homepage"},
			parseErr:   "date",
			noticed:    "no date found",
		},
		{
			name:       "hard-wrapped text: a wrapped line ending in a full stop is joined, short lines end paragraphs",
			files:      []string{"wrapped-en.txt"},
			title:      map[string]string{"en": "Joint Statement on the Coastal Waters Initiative"},
			date:       "2011-09-12",
			paragraphs: map[string]int{"en": 3},
			body:       []string{"fishing grounds and lanes. They welcomed the progress"},
			checks:     []string{"line 5 ends a sentence as long as the text's lines"},
		},
		{
			name:       "EU statement: site tools, numeric date, MEMO reference, (1) footnote starting with a dash",
			files:      []string{"eu-statement-en.txt"},
			title:      map[string]string{"en": "Statement by the High Representative on behalf of the European Union on the elections in the Northern Republic"},
			date:       "2011-09-09",
			reference:  map[string]string{"": "MEMO/14/402"},
			paragraphs: map[string]int{"en": 3},
			footnotes:  1,
			body:       []string{"in the Northern Republic[^1].", "[^1]: The mission was deployed"},
			absent:     []string{"European Commission - Statement", "Tel.:"},
			checks:     []string{`("Republic (1).")`},
			named:      []string{"Navigation path", "Left navigation", "Additional tools", "Other available languages", "European Commission - Statement", "For more information"},
		},
		{
			name:       "UN Security Council press statement: the symbol is the reference, the announcement no text",
			files:      []string{"un-sc-en.txt"},
			title:      map[string]string{"en": "Security Council Press Statement on Attack against Peacekeepers in the Eastern Province"},
			date:       "2011-09-12",
			reference:  map[string]string{"": "SC/10378"},
			paragraphs: map[string]int{"en": 3},
			absent:     []string{"The following Security Council press statement", "***"},
			named:      []string{"In progress at UNHQ", "Meetings Coverage and Press Releases", "The following Security Council press statement", `"* *** *"`},
		},
		{
			name:       "UN cover letter around the text it transmits; [Original: …] is no language",
			files:      []string{"un-letter-en.txt"},
			title:      map[string]string{"en": "Lakeside Declaration on Food Security"},
			date:       "2011-09-14",
			paragraphs: map[string]int{"en": 3},
			absent:     []string{"I have the honour", "Original", "Signed"},
			checks:     []string{"the cover letter left out gives other dates: 2011-09-13", "2011-09-12"},
			named:      []string{"[Original: English, French and Spanish]", "Letter dated 13 September 2011", "I have the honour", "I should be grateful", "(Signed) Anna Example", "Permanent Representative", "Annex to the letter"},
		},
		{
			name:       "newspaper: section names, byline, posting date and introduction",
			files:      []string{"newspaper-fr.txt"},
			title:      map[string]string{"fr": "Déclaration commune sur la coopération dans les Alpes"},
			date:       "2011-09-12",
			paragraphs: map[string]int{"fr": 3},
			absent:     []string{"Voici le texte", "Jeanne Martin", "Bruxelles, le 12"},
			checks:     []string{`the page was posted on 2011-09-13 ("13 septembre 2011"), the statement is dated 2011-09-12`},
			named:      []string{`"France" (section name)`, `"International" (section name)`, "Par Jeanne Martin", "Voici le texte intégral"},
		},
		{
			name:       "mirror: its posting date is a day after the statement's",
			files:      []string{"mirror-en.txt"},
			title:      map[string]string{"en": "Statement on the Eastern Partnership Roundtable"},
			subtitle:   map[string]string{"en": "Issued by the North Atlantic Council in Brussels on 12 September 2011"},
			date:       "2011-09-12",
			reference:  map[string]string{"": "Press Release (2011) 111"},
			paragraphs: map[string]int{"en": 2},
			checks:     []string{`the page was posted on 2011-09-13 ("September 13, 2011")`},
			named:      []string{"Posted on September 13, 2011 by admin"},
		},
		{
			name:       "Dutch conclusions: capitals are no heading by themselves",
			files:      []string{"council-nl.txt"},
			title:      map[string]string{"nl": "CONCLUSIES VAN DE EUROPESE RAAD OVER HET ENERGIEBELEID"},
			date:       "2011-06-24",
			reference:  map[string]string{"": "EUCO 23/11"},
			paragraphs: map[string]int{"nl": 3},
			headings:   2,
			body:       []string{"netten. DE EUROPESE RAAD roept de lidstaten op"},
			checks:     []string{`headings in capitals, as a PDF prints them (2: "I. ENERGIE", "II. KLIMAAT")`, "is in capitals"},
			named:      []string{`"RAAD VAN DE"`, `"EUROPESE UNIE"`, `"NL"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := readPaste(t, Options{}, tt.files...)
			if err != nil {
				t.Fatal(err)
			}
			out := st.Format()
			if !reflect.DeepEqual(st.Title, tt.title) {
				t.Errorf("Title = %q, want %q", st.Title, tt.title)
			}
			if tt.subtitle == nil {
				tt.subtitle = map[string]string{}
			}
			if !reflect.DeepEqual(st.Subtitle, tt.subtitle) {
				t.Errorf("Subtitle = %q, want %q", st.Subtitle, tt.subtitle)
			}
			if st.Date != tt.date {
				t.Errorf("Date = %q, want %q", st.Date, tt.date)
			}
			if tt.reference == nil {
				tt.reference = map[string]string{}
			}
			if !reflect.DeepEqual(st.Reference, tt.reference) {
				t.Errorf("Reference = %q, want %q", st.Reference, tt.reference)
			}
			for lang, n := range tt.paragraphs {
				sec := st.Section(lang)
				if sec == nil {
					t.Fatalf("no [%s] section; sections %+v", lang, st.Sections)
				}
				if got := len(sec.Paragraphs()); got != n {
					t.Errorf("[%s] %d paragraphs, want %d:\n%s", lang, got, n, out)
				}
			}
			first := st.Sections[0]
			if _, heads := countKinds(first); heads != tt.headings {
				t.Errorf("[%s] %d headings, want %d", first.Lang, heads, tt.headings)
			}
			if got := len(first.Footnotes); got != tt.footnotes {
				t.Errorf("[%s] %d footnotes, want %d", first.Lang, got, tt.footnotes)
			}
			body := string(withoutChecks(out))
			for _, s := range tt.body {
				if !strings.Contains(body, s) {
					t.Errorf("draft lacks %q:\n%s", s, body)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(body, s) {
					t.Errorf("draft holds %q, page furniture:\n%s", s, body)
				}
			}
			for _, s := range tt.checks {
				if len(checksWith(st, s)) == 0 {
					t.Errorf("no CHECK contains %q; checks:\n%s", s, strings.Join(checkTexts(st), "\n"))
				}
			}
			for _, s := range tt.named {
				if len(checksWith(st, s)) == 0 {
					t.Errorf("furniture %s left out without a CHECK naming it; checks:\n%s", s, strings.Join(checkTexts(st), "\n"))
				}
			}
			_, err = statement.Parse(st.SuggestedID()+".txt", withoutChecks(out))
			switch {
			case tt.parseErr == "" && err != nil:
				t.Errorf("the reviewed draft does not parse: %v\n%s", err, body)
			case tt.parseErr != "" && (err == nil || !strings.Contains(err.Error(), tt.parseErr)):
				t.Errorf("Parse = %v, want an error about %q", err, tt.parseErr)
			case tt.parseErr != "" && len(checksWith(st, tt.noticed)) == 0:
				t.Errorf("Parse fails (%v) and no CHECK says %q", err, tt.noticed)
			}
		})
	}
}

func checkTexts(st *Statement) []string {
	out := make([]string, len(st.Checks))
	for i, c := range st.Checks {
		out[i] = c.String()
	}
	return out
}

// Two statements' texts given as one statement's languages are refused,
// saying how to confirm them; confirmed, they are read with a CHECK.
func TestDifferentStatementsRefused(t *testing.T) {
	_, err := readPaste(t, Options{}, "merge-en.txt", "merge-fr.txt")
	if err == nil {
		t.Fatal("Read accepted two statements as one")
	}
	for _, want := range []string{"look like two different statements", "2011-09-12", "2011-09-20", `"Press Release (2011) 109"`, `"Communiqué de presse (2011) 114"`, "import again with -same-statement", `add a line holding only "# same statement"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	tests := []struct {
		name string
		opts Options
		add  string
	}{
		{"option", Options{SameStatement: true}, ""},
		{"line in the file", Options{}, "# same statement\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			en, _ := os.ReadFile(filepath.Join("testdata", "paste", "merge-en.txt"))
			fr, _ := os.ReadFile(filepath.Join("testdata", "paste", "merge-fr.txt"))
			st, err := Read([]Input{{Name: "merge-en.txt", Text: append([]byte(tt.add), en...)}, {Name: "merge-fr.txt", Text: fr}}, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if st.Date != "" {
				t.Errorf("Date = %q, want none: the languages disagree", st.Date)
			}
			for _, want := range []string{"confirmed as the same statement", "the languages give different dates", "the languages give different references", "2 paragraphs, and [en] has 3"} {
				if len(checksWith(st, want)) == 0 {
					t.Errorf("no CHECK contains %q; checks:\n%s", want, strings.Join(checkTexts(st), "\n"))
				}
			}
			if strings.Contains(string(st.Format()), "same statement\n\n") {
				t.Errorf("the confirmation line was read as text")
			}
		})
	}
}

// One disagreement between two languages is a CHECK, not a refusal.
func TestOneDisagreementIsACheck(t *testing.T) {
	en := "Statement on the floods\n\n12 Sep. 2011 | Press Release (2011) 109\n\n" + english + "\n\nWe agree.\n"
	fr := "Déclaration sur les inondations\n\n12 sept. 2011 | Communiqué de presse (2011) 110\n\nLes Alliés restent attachés à la sécurité de leurs citoyens et continueront de se consulter étroitement sur toute question qui la concerne.\n\nNous sommes d'accord.\n"
	st := readText(t, en, fr)
	if got := checksWith(st, `the languages give different references: [en] "Press Release (2011) 109" (line 3), [fr] "Communiqué de presse (2011) 110" (line 3)`); len(got) != 1 {
		t.Errorf("checks = %q, want one naming both references", checkTexts(st))
	}
	if st.Date != "2011-09-12" {
		t.Errorf("Date = %q, want 2011-09-12", st.Date)
	}
}
