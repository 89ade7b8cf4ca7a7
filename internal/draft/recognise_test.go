package draft

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"statementarchive/internal/statement"
)

// english is enough English text for the language to be identified.
const english = "The Allies remain committed to the security of their citizens and will continue to consult closely on every question that affects it."

func readText(t *testing.T, texts ...string) *Statement {
	t.Helper()
	var in []Input
	for i, s := range texts {
		in = append(in, Input{Name: "in" + string(rune('1'+i)) + ".txt", Text: []byte(s)})
	}
	st, err := Read(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestFindDates(t *testing.T) {
	tests := []struct {
		name, text string
		want       string // day, or "" for none
		isRange    bool
	}{
		{"NATO web abbreviation", "19 Jul. 2021", "2021-07-19", false},
		{"English month", "19 July 2021", "2021-07-19", false},
		{"French month", "29 novembre 2006", "2006-11-29", false},
		{"French first of the month", "1er décembre 2006", "2006-12-01", false},
		{"French abbreviation", "29 nov. 2006", "2006-11-29", false},
		{"German day with a dot", "29. November 2006", "2006-11-29", false},
		{"German accented month", "3. März 2022", "2022-03-03", false},
		{"ISO", "2006-11-29", "2006-11-29", false},
		{"German numeric", "11.07.2023 - Artikel", "2023-07-11", false},
		{"American", "July 19, 2021", "2021-07-19", false},
		{"in a subtitle", "in Riga on 29 November 2006", "2006-11-29", false},
		{"range", "in Brussels 11-12 July 2018", "2018-07-12", true},
		{"French range", "les 4 et 5 septembre 2014", "2014-09-05", true},
		{"German range", "11. – 12. Juli 2018", "2018-07-12", true},
		{"issued on, abbreviated", "Issued on 12 Sep. 2011", "2011-09-12", false},
		{"numeric with slashes", "09/09/2011", "2011-09-09", false},
		{"numeric with dashes", "12-09-2011", "2011-09-12", false},
		{"year first", "2011/09/12", "2011-09-12", false},
		{"English ordinal", "12th September 2011", "2011-09-12", false},
		{"American ordinal", "September 12th, 2011", "2011-09-12", false},
		{"Spanish", "12 de septiembre de 2011", "2011-09-12", false},
		{"Italian", "12 settembre 2011", "2011-09-12", false},
		{"Portuguese", "12 de setembro de 2011", "2011-09-12", false},
		{"Dutch", "24 juni 2011", "2011-06-24", false},
		{"Polish genitive", "12 września 2011 r.", "2011-09-12", false},
		{"Czech", "12. září 2011", "2011-09-12", false},
		{"Russian genitive", "12 сентября 2011 г.", "2011-09-12", false},
		{"Ukrainian", "12 вересня 2011", "2011-09-12", false},
		{"Bulgarian", "12 септември 2011 г.", "2011-09-12", false},
		{"Greek genitive", "12 Σεπτεμβρίου 2011", "2011-09-12", false},
		{"Turkish", "12 Eylül 2011", "2011-09-12", false},
		{"Hungarian, year first", "2011. szeptember 12.", "2011-09-12", false},
		{"Lithuanian, year first", "2011 m. rugsėjo 12 d.", "2011-09-12", false},
		{"Latvian, year and day first", "2011. gada 12. septembrī", "2011-09-12", false},
		{"Finnish partitive", "12. syyskuuta 2011", "2011-09-12", false},
		{"Romanian", "12 septembrie 2011", "2011-09-12", false},
		{"Croatian genitive", "12. rujna 2011.", "2011-09-12", false},
		{"Georgian", "12 სექტემბერი 2011", "2011-09-12", false},
		{"Arabic", "12 سبتمبر 2011", "2011-09-12", false},
		{"Arabic, Levantine name of two words", "12 تشرين الأول 2011", "2011-10-12", false},
		{"Spanish range", "11 y 12 de julio de 2018", "2018-07-12", true},
		{"no such day", "31 June 2019", "", false},
		{"not a month", "12 Allies 2019", "", false},
		{"out of the archive's range", "4 July 1776", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findDates(tt.text)
			if tt.want == "" {
				if len(got) != 0 {
					t.Errorf("findDates(%q) = %+v, want none", tt.text, got)
				}
				return
			}
			if len(got) != 1 || got[0].day != tt.want || (got[0].rangeOf != "") != tt.isRange {
				t.Errorf("findDates(%q) = %+v, want %s (range %v)", tt.text, got, tt.want, tt.isRange)
			}
		})
	}
}

// Dates whose reading depends on a convention or a language say so.
func TestDateDoubts(t *testing.T) {
	d := findDates("03/04/2012")
	if len(d) != 1 || d[0].day != "2012-04-03" || !strings.Contains(d[0].doubt, "gives 2012-03-04") {
		t.Errorf("findDates(03/04/2012) = %+v, want 3 April with the American reading as a doubt", d)
	}
	d = findDates("12 listopada 2011")
	if len(d) != 1 || d[0].day != "2011-11-12" {
		t.Fatalf("findDates(12 listopada 2011) = %+v, want 12 November", d)
	}
	f := foundDate{day: d[0].day, byLang: d[0].byLang}
	f.relang("hr")
	if f.day != "2011-10-12" {
		t.Errorf("listopad in Croatian = %s, want 2011-10-12 (October)", f.day)
	}
}

// The references of NATO, EU, UN and OSCE texts, whole.
func TestReferences(t *testing.T) {
	for _, ref := range []string{
		"Press Release (2011) 109", "Communiqué de presse (2011) 109", "Comunicado de prensa (2011) 109", "Пресс-релиз (2011) 109",
		"PR/CP(2011)109", "M-NAC-2(2001)159", "M-1(94)3", "M-DPC-2(2001)160", "MC.DOC/1/06", "PC.DEC/1234",
		"10123/11 (Presse 123)", "SN 140/01", "EUCO 23/11", "MEMO/14/402", "IP/14/123",
		"SC/10378", "SG/SM/13799-SC/10378", "S/PRST/2011/18", "A/66/123",
	} {
		if got := references.FindString("  " + ref + " -"); got != ref {
			t.Errorf("references.FindString(%q) = %q, want it whole", ref, got)
		}
	}
	for _, text := range []string{"G7 summit", "resolution 1970 (2011)", "the 12 Allies"} {
		if got := references.FindString(text); got != "" {
			t.Errorf("references.FindString(%q) = %q, want none", text, got)
		}
	}
}

// Each construct of copied text, in a small text of its own.
func TestRecognisers(t *testing.T) {
	tests := []struct {
		name string
		text string
		// want is the [en] section as the canonical file writes it.
		want string
		// check, when set, is a check that must be reported.
		check string
	}{
		{
			name: "number alone on its line, as some PDFs copy",
			text: "1.\n" + english + "\n2.\nWe agree.\n",
			want: "1. " + english + "\n2. We agree.\n",
		},
		{
			name: "numbers with a parenthesis and wide spacing",
			text: "1)      " + english + "\n2)\tWe agree.\n",
			want: "1. " + english + "\n2. We agree.\n",
		},
		{
			name:  "a number inside wrapped text is not a paragraph",
			text:  "1. " + english + " We recall\n5. of the Treaty.\n2. We agree.\n",
			want:  "1. " + english + " We recall 5. of the Treaty.\n2. We agree.\n",
			check: "a line starting 5. after paragraph 1 read as text",
		},
		{
			name:  "numbers from 2: paragraph 1 lost its number",
			text:  english + "\n2. We agree.\n",
			want:  "1. " + english + "\n2. We agree.\n",
			check: "the numbers start at 2",
		},
		{
			name: "roman sub-items and a text after the list",
			text: "1. " + english + " We will:\n(i) consult;\n(ii) act.\n\nThis is our resolve.\n2. We agree.\n",
			want: "1. " + english + " We will:\n   (i) consult;\n   (ii) act.\nThis is our resolve.\n2. We agree.\n",
		},
		{
			name: "bullets",
			text: "1. " + english + " We will:\n• consult;\n• act.\n",
			want: "1. " + english + " We will:\n   • consult;\n   • act.\n",
		},
		{
			name: "heading between blank lines",
			text: "1. " + english + "\n\nCyber Defence\n\n2. We agree.\n",
			want: "1. " + english + "\n# Cyber Defence\n2. We agree.\n",
		},
		{
			name:  "heading glued to the paragraph above",
			text:  "1. " + english + "\nCyber Defence\n2. We agree.\n",
			want:  "1. " + english + "\n# Cyber Defence\n2. We agree.\n",
			check: `"Cyber Defence" read as a heading (no blank line before it)`,
		},
		{
			name: "a short last line of an unfinished sentence is not a heading",
			text: "1. We remain committed to the security of our citizens and to the\nWashington Treaty\n2. We agree.\n",
			want: "1. We remain committed to the security of our citizens and to the Washington Treaty\n2. We agree.\n",
		},
		{
			name: "page number, running header and a page break inside a paragraph",
			text: "1. " + english + "\n\n- 2 -\nNATO UNCLASSIFIED\n\n2. We will keep our forces ready and\n\n- 3 -\nNATO UNCLASSIFIED\n\nour consultations frequent.\n",
			want: "1. " + english + "\n2. We will keep our forces ready and our consultations frequent.\n",
		},
		{
			name: "bracketed footnote",
			text: "1. " + english + "[1]\n\n[1] A note.\n",
			want: "1. " + english + "[^1]\n[^1]: A note.\n",
		},
		{
			name: "asterisk footnote",
			text: "1. " + english + "*\n2. We agree.\n\n* One Ally\nrecords a reservation.\n",
			want: "1. " + english + "[^1]\n2. We agree.\n[^1]: One Ally records a reservation.\n",
		},
		{
			name:  "footnote marker without text",
			text:  "1. " + english + "²\n",
			want:  "1. " + english + "[^2]\n",
			check: "footnote marker 2 has no footnote text",
		},
		{
			name: "unnumbered paragraphs between blank lines",
			text: english + "\n\nWe agree\nwith one voice.\n",
			want: english + "\n\nWe agree with one voice.\n",
		},
		{
			name:  "numbered list copied as dashes",
			text:  "- " + english + "\n- Today we have:\n- decided to act;\n- agreed to consult.\n- We thank our hosts.\n",
			want:  english + "\n\nToday we have:\n   - decided to act;\n   - agreed to consult.\n\nWe thank our hosts.\n",
			check: "every paragraph starts with a dash",
		},
		{
			name: "preamble",
			text: "Riga Summit Statement\n\nIssued by the Heads of State and Government\n\nThe Invitees join this Statement.\n\n1. " + english + "\n",
			want: "The Invitees join this Statement.\n1. " + english + "\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := readText(t, tt.text)
			sec := st.Sections[0]
			out := string(st.Format())
			if got := out[strings.Index(out, "[en]\n")+len("[en]\n"):]; got != tt.want {
				t.Errorf("section:\n got %q\nwant %q\nchecks %q", got, tt.want, st.Checks)
			}
			if tt.check != "" && len(checksWith(st, tt.check)) == 0 {
				t.Errorf("checks = %q, want one containing %q", st.Checks, tt.check)
			}
			if sec.Lang != "en" {
				t.Errorf("Lang = %q, want en", sec.Lang)
			}
		})
	}
}

func TestHead(t *testing.T) {
	tests := []struct {
		name                     string
		head                     string
		title, subtitle, date    string
		reference, issuer, check string
		unofficial               bool
	}{
		{
			name:  "NATO web page",
			head:  "Brussels Summit Statement\n\nIssued by the Heads of State and Government participating in the meeting of the North Atlantic Council in Brussels 11-12 July 2018\n\n • 11 Jul. 2018 -\n • |\n • Press Release (2018) 074\n • Issued on 11 Jul. 2018\n • |\n • Last updated: 01 Jul. 2022 16:42\n",
			title: "Brussels Summit Statement", subtitle: "Issued by the Heads of State and Government participating in the meeting of the North Atlantic Council in Brussels 11-12 July 2018",
			date: "2018-07-11", reference: "Press Release (2018) 074", issuer: "North Atlantic Council",
		},
		{
			name:  "old web page, the reference over three lines",
			head:  "Press\nRelease\n(2006)150\n\nEn. / Fr. / Ru. / Ukr.\n\n29 Nov. 2006\n\nRiga Summit Statement\n\nIssued by the Heads of State and Government\nparticipating in the meeting of the North Atlantic Council\nin Riga on 29 November 2006\n",
			title: "Riga Summit Statement", subtitle: "Issued by the Heads of State and Government participating in the meeting of the North Atlantic Council in Riga on 29 November 2006",
			date: "2006-11-29", reference: "Press Release (2006)150", issuer: "North Atlantic Council",
		},
		{
			name:  "only a range of days",
			head:  "Wales Summit Statement\n\nIssued by the Heads of State and Government participating in the meeting of the North Atlantic Council in Wales on 4-5 September 2014\n",
			title: "Wales Summit Statement", subtitle: "Issued by the Heads of State and Government participating in the meeting of the North Atlantic Council in Wales on 4-5 September 2014",
			date: "2014-09-05", issuer: "North Atlantic Council", check: "is the last day of",
		},
		{
			name:  "an issuer the importer does not know",
			head:  "Joint Statement\n\nIssued by the Council of the Northern Forum in Bergen\n\n14 June 2019\n",
			title: "Joint Statement", subtitle: "Issued by the Council of the Northern Forum in Bergen", date: "2019-06-14",
			check: `issuer stated as [en] "the Council of the Northern Forum"`,
		},
		{
			name:       "unofficial translation note",
			head:       "Riga Summit Statement\n\n(Unofficial translation)\n\n2006-11-29\n",
			title:      "Riga Summit Statement",
			date:       "2006-11-29",
			unofficial: true,
		},
		{
			name:  "footnote marker in the title",
			head:  "Statement on the former Republic¹\n\n19 Jul. 2021\n",
			title: "Statement on the former Republic", date: "2021-07-19", check: "footnote marker removed from the title",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := readText(t, tt.head+"\n1. "+english+"\n")
			if got := st.Title["en"]; got != tt.title {
				t.Errorf("title = %q, want %q", got, tt.title)
			}
			if got := st.Subtitle["en"]; got != tt.subtitle {
				t.Errorf("subtitle = %q, want %q", got, tt.subtitle)
			}
			if st.Date != tt.date {
				t.Errorf("date = %q, want %q", st.Date, tt.date)
			}
			if got := st.Reference[""]; got != tt.reference {
				t.Errorf("reference = %q, want %q", got, tt.reference)
			}
			if st.Issuer != tt.issuer {
				t.Errorf("issuer = %q, want %q", st.Issuer, tt.issuer)
			}
			if got := len(st.Unofficial) > 0; got != tt.unofficial {
				t.Errorf("unofficial = %v, want %v", st.Unofficial, tt.unofficial)
			}
			if tt.check != "" && len(checksWith(st, tt.check)) == 0 {
				t.Errorf("checks = %q, want one containing %q", st.Checks, tt.check)
			}
			if st.Section("en").Preamble != "" {
				t.Errorf("preamble = %q, want none: the head is not text", st.Section("en").Preamble)
			}
		})
	}
}

func TestDatesAcrossLanguages(t *testing.T) {
	french := "1. Les Alliés restent attachés à la sécurité de leurs citoyens et continueront de se consulter étroitement sur toute question qui la concerne."
	tests := []struct {
		name, en, fr, want, check string
	}{
		{"agree", "19 Jul. 2021\n\n1. " + english, "19 juillet 2021\n\n" + french, "2021-07-19", ""},
		{"disagree", "19 Jul. 2021\n\n1. " + english, "20 juillet 2021\n\n" + french, "", "the languages give different dates: 2021-07-19 (en \"19 Jul. 2021\"); 2021-07-20 (fr \"20 juillet 2021\")"},
		{"one language has none", "19 Jul. 2021\n\n1. " + english, french, "2021-07-19", ""},
		{"none", "1. " + english, french, "", "no date found in any language"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := readText(t, tt.en, tt.fr)
			if st.Date != tt.want {
				t.Errorf("Date = %q, want %q", st.Date, tt.want)
			}
			if tt.check != "" && len(checksWith(st, tt.check)) == 0 {
				t.Errorf("checks = %q, want one containing %q", st.Checks, tt.check)
			}
			if tt.check == "" && len(checksWith(st, "date")) > 0 {
				t.Errorf("checks = %q, want none about the date", st.Checks)
			}
		})
	}
}

// Languages that do not line up are marked for review.
func TestStructureChecks(t *testing.T) {
	french := "1. Les Alliés restent attachés à la sécurité de leurs citoyens et continueront de se consulter étroitement sur toute question qui la concerne.\n"
	st := readText(t, "1. "+english+"\n2. We agree.\n", french)
	if got := checksWith(st, "[fr] in2.txt: 1 paragraphs, and [en] has 2"); len(got) != 1 {
		t.Errorf("checks = %q, want the paragraph counts", st.Checks)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name   string
		inputs []Input
		want   string
	}{
		{"nothing", nil, "no input: name the files"},
		{"empty", []Input{{Name: "a.txt", Text: []byte("\n|\n\n")}}, "a.txt: no text: copy the statement's text"},
		{"not UTF-8", []Input{{Name: "a.txt", Text: []byte("caf\xe9")}}, "a.txt: not UTF-8 text: save the copied text as UTF-8"},
		{"language unknown", []Input{{Name: "a.txt", Text: []byte("1. 12 34 56.\n")}}, "a.txt line 1: could not tell which language"},
		{"language twice", []Input{{Name: "a.txt", Text: []byte("1. " + english)}, {Name: "b.txt", Text: []byte("1. " + english)}}, "b.txt line 1: a second text in English (the first is in a.txt line 1): give each language once"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(tt.inputs, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestSuggestedID(t *testing.T) {
	tests := []struct {
		name string
		st   Statement
		want string
	}{
		{"date and English title", Statement{Date: "2006-11-29", Title: map[string]string{"en": "Riga Summit Declaration", "fr": "Déclaration du sommet de Riga"}}, "2006-11-29-riga-summit-declaration"},
		{"French only, accents folded", Statement{Date: "2006-11-29", Title: map[string]string{"fr": "Déclaration du sommet de Riga"}, Sections: []Section{{Lang: "fr"}}}, "2006-11-29-declaration-sommet-riga"},
		{"long title cut to six words", Statement{Title: map[string]string{"en": "Statement by the North Atlantic Council in solidarity with those affected by recent malicious cyber activities"}}, "statement-north-atlantic-council-solidarity-those"},
		{"nothing known", Statement{}, "imported-statement"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.st.SuggestedID()
			if got != tt.want {
				t.Errorf("SuggestedID = %q, want %q", got, tt.want)
			}
			if !statement.ValidID(got) {
				t.Errorf("SuggestedID = %q, not a valid statement ID", got)
			}
		})
	}
}

func TestYAMLString(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Press Release (2006) 150", "Press Release (2006) 150"},
		{"colon quoted", "Brussels: Summit", `"Brussels: Summit"`},
		{"comma quoted", "Peace, security", `"Peace, security"`},
		{"quote escaped", `The "Four Thirties"`, `"The \"Four Thirties\""`},
		{"keyword quoted", "no", `"no"`},
		{"number quoted", "2019", `"2019"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := yamlString(tt.in); got != tt.want {
				t.Errorf("yamlString(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzRead checks that no input makes Read panic, and that what it writes
// is UTF-8 without control characters, with every section it read. Its
// seed corpus is the fixtures under testdata.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"communique-en.txt", "communique-fr.txt", "communique-pdf-en.txt", "press-statement.txt", "press-statement-pdf.txt"} {
		f.Add(readInputs(f, name)[0].Text)
	}
	f.Add([]byte("1.\n\n- 2 -\n¹ x\n[1]\n* \n|\n---|\n29. November 2006\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := Read([]Input{{Name: "fuzz.txt", Text: data}}, Options{})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		out := st.Format()
		if !utf8.Valid(out) {
			t.Fatalf("Format wrote invalid UTF-8")
		}
		for _, r := range string(out) {
			if statement.IsControl(r) {
				t.Fatalf("Format wrote control character %U", r)
			}
		}
		for _, sec := range st.Sections {
			if !strings.Contains(string(out), "["+sec.Lang+"]\n") {
				t.Fatalf("section [%s] not written", sec.Lang)
			}
		}
		if !reflect.DeepEqual(st.Sources, []string{"fuzz.txt"}) {
			t.Fatalf("Sources = %v", st.Sources)
		}
	})
}
