package statement

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

const seedPath = "testdata/000_eb08baf898ac2314.txt"

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustParse(t *testing.T, path, text string) *Statement {
	t.Helper()
	st, err := Parse(path, []byte(text))
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return st
}

func TestParseSeedRaw(t *testing.T) {
	st, err := Parse(seedPath, readFile(t, seedPath))
	if err != nil {
		t.Fatalf("Parse(seed): %v", err)
	}
	if got, want := st.ID, "000_eb08baf898ac2314"; got != want {
		t.Errorf("ID = %q, want %q", got, want)
	}
	if got, want := st.Languages, []string{"en", "fr"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Languages = %v, want %v", got, want)
	}
	if len(st.Title) != 0 || st.HasDate() || st.Issuer != "" {
		t.Errorf("raw statement has metadata %v %v %q; the raw format has none", st.Title, st.Date, st.Issuer)
	}
	if got := st.DisplayTitle("en"); got != st.ID {
		t.Errorf("DisplayTitle = %q, want the ID", got)
	}
	if got, want := len(st.Paragraphs), 4; got != want {
		t.Fatalf("%d paragraphs, want %d", got, want)
	}
	for i, p := range st.Paragraphs {
		if p.Key != i+1 {
			t.Errorf("paragraph %d has key %d, want %d", i, p.Key, i+1)
		}
		if p.Text["en"] == "" || p.Text["fr"] == "" {
			t.Errorf("paragraph %d lacks a language: %v", p.Key, p.Text)
		}
	}
	// The wrapped line is joined with one space, and the typographic
	// apostrophe is kept as published.
	if got, want := st.Paragraphs[1].Text["en"], "including through full implementation of NATO’s Cyber Defence Pledge."; !strings.HasSuffix(got, want) {
		t.Errorf("en ¶2 ends %q, want it to end %q", got[len(got)-80:], want)
	}
	if got, want := st.Paragraphs[2].Text["fr"], "sur des questions revêtant de l'importance pour l'Alliance, comme les menaces cyber, et sur des défis communs."; !strings.HasSuffix(got, want) {
		t.Errorf("fr ¶3 ends %q, want it to end %q", got[len(got)-80:], want)
	}
	if got, want := st.Paragraphs[0].Text["fr"], "Nous observons avec une préoccupation croissante"; !strings.HasPrefix(got, want) {
		t.Errorf("fr ¶1 = %q, want it to start %q", got, want)
	}
}

// The bundled canonical file must hold exactly the paragraphs of the seed
// as it was handed over.
func TestCanonicalSeedMatchesRaw(t *testing.T) {
	raw, err := Parse(seedPath, readFile(t, seedPath))
	if err != nil {
		t.Fatal(err)
	}
	canonPath := filepath.Join("..", "..", "statements", "2021-07-19-nac-cyber-solidarity.txt")
	canon, err := Parse(canonPath, readFile(t, canonPath))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(canon.Paragraphs, raw.Paragraphs) {
		t.Errorf("canonical paragraphs differ from the raw seed's:\ncanonical %+v\nraw       %+v", canon.Paragraphs, raw.Paragraphs)
	}
	if !reflect.DeepEqual(canon.Languages, raw.Languages) {
		t.Errorf("Languages = %v, raw has %v", canon.Languages, raw.Languages)
	}
	if got, want := canon.Date.Format(time.DateOnly), "2021-07-19"; got != want {
		t.Errorf("Date = %s, want %s", got, want)
	}
	if got, want := canon.Issuer, "North Atlantic Council"; got != want {
		t.Errorf("Issuer = %q, want %q", got, want)
	}
	if !strings.HasPrefix(canon.Title["en"], "Statement by the North Atlantic Council in solidarity") {
		t.Errorf("Title[en] = %q", canon.Title["en"])
	}
}

const header = "---\ntitle: {en: A title}\ndate: 2024-07-10\nissuer: North Atlantic Council\n---\n"

func TestParseCanonical(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		langs []string
		rows  []Paragraph
	}{
		{
			name:  "numbered",
			text:  header + "[en]\n1. One.\n2. Two.\n\n[fr]\n1. Un.\n2. Deux.\n",
			langs: []string{"en", "fr"},
			rows:  []Paragraph{{Key: 1, Text: map[string]string{"en": "One.", "fr": "Un."}}, {Key: 2, Text: map[string]string{"en": "Two.", "fr": "Deux."}}},
		},
		{
			name:  "unnumbered paragraphs take their position",
			text:  header + "[en]\nFirst paragraph\nwrapped.\n\nSecond.\n[fr]\nPremier.\n\nSecond.\n",
			langs: []string{"en", "fr"},
			rows:  []Paragraph{{Key: 1, Text: map[string]string{"en": "First paragraph wrapped.", "fr": "Premier."}}, {Key: 2, Text: map[string]string{"en": "Second.", "fr": "Second."}}},
		},
		{
			name:  "official numbers are kept, not positions",
			text:  header + "[en]\n12. Twelve.\n13. Thirteen.\n",
			langs: []string{"en"},
			rows:  []Paragraph{{Key: 12, Text: map[string]string{"en": "Twelve."}}, {Key: 13, Text: map[string]string{"en": "Thirteen."}}},
		},
		{
			name:  "a repeated number joins a split paragraph",
			text:  header + "[en]\n1. One.\n2. Two.\n[fr]\n1. Un,\n1. suite.\n2. Deux.\n",
			langs: []string{"en", "fr"},
			rows:  []Paragraph{{Key: 1, Text: map[string]string{"en": "One.", "fr": "Un,\nsuite."}}, {Key: 2, Text: map[string]string{"en": "Two.", "fr": "Deux."}}},
		},
		{
			name:  "a declared gap",
			text:  "---\ntitle: {en: T}\ndate: 2024-07-10\ngaps: {fr: [2]}\n---\n[en]\n1. One.\n2. Two.\n3. Three.\n[fr]\n1. Un.\n3. Trois.\n",
			langs: []string{"en", "fr"},
			rows:  []Paragraph{{Key: 1, Text: map[string]string{"en": "One.", "fr": "Un."}}, {Key: 2, Text: map[string]string{"en": "Two."}}, {Key: 3, Text: map[string]string{"en": "Three.", "fr": "Trois."}}},
		},
		{
			name:  "CRLF, a byte-order mark and trailing blanks",
			text:  "\uFEFF" + strings.ReplaceAll(header+"[en]\n1. One. \n   wrapped\t\n", "\n", "\r\n"),
			langs: []string{"en"},
			rows:  []Paragraph{{Key: 1, Text: map[string]string{"en": "One. wrapped"}}},
		},
		{
			name:  "non-breaking spaces and typographic quotes kept",
			text:  header + "[fr]\n1. L’OTAN\u00a0: « oui ».\n",
			langs: []string{"fr"},
			rows:  []Paragraph{{Key: 1, Text: map[string]string{"fr": "L’OTAN\u00a0: « oui »."}}},
		},
		{
			name:  "a decimal at a line's start is text, not a number",
			text:  header + "[en]\n1. Spending rose\n1.5 percent.\n2.\u00a0Two.\n",
			langs: []string{"en"},
			rows:  []Paragraph{{Key: 1, Text: map[string]string{"en": "Spending rose 1.5 percent."}}, {Key: 2, Text: map[string]string{"en": "Two."}}},
		},
		{
			name:  "number on its own line, text below",
			text:  header + "[en]\n1.\nOne.\n2. Two.\n",
			langs: []string{"en"},
			rows:  []Paragraph{{Key: 1, Text: map[string]string{"en": "One."}}, {Key: 2, Text: map[string]string{"en": "Two."}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := mustParse(t, "statements/s.txt", tt.text)
			if !reflect.DeepEqual(st.Languages, tt.langs) {
				t.Errorf("Languages = %v, want %v", st.Languages, tt.langs)
			}
			if !reflect.DeepEqual(st.Paragraphs, tt.rows) {
				t.Errorf("Paragraphs = %+v, want %+v", st.Paragraphs, tt.rows)
			}
		})
	}
}

func TestParseFrontMatter(t *testing.T) {
	st := mustParse(t, "statements/2024-07-10-summit.txt", `---
title:
  en: Washington Summit Declaration
  fr: Déclaration du sommet de Washington
date: 2024-07-10
issuer: Heads of State and Government
reference: "(2024) 001"
source:
  en: https://example.org/en
tags: [summit, ukraine]
---
[en]
1. One.
`)
	want := &Statement{
		ID:         "2024-07-10-summit",
		Title:      map[string]string{"en": "Washington Summit Declaration", "fr": "Déclaration du sommet de Washington"},
		Date:       time.Date(2024, 7, 10, 0, 0, 0, 0, time.UTC),
		Issuer:     "Heads of State and Government",
		Reference:  map[string]string{"": "(2024) 001"},
		Source:     map[string]string{"en": "https://example.org/en"},
		Tags:       []string{"summit", "ukraine"},
		Languages:  []string{"en"},
		Paragraphs: []Paragraph{{Key: 1, Text: map[string]string{"en": "One."}}},
		TextBytes:  len("One."),
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("Parse = %+v\nwant %+v", st, want)
	}
	if got, want := st.DisplayTitle("fr"), "Déclaration du sommet de Washington"; got != want {
		t.Errorf("DisplayTitle(fr) = %q, want %q", got, want)
	}
	if got, want := st.DisplayTitle("ru"), "Washington Summit Declaration"; got != want {
		t.Errorf("DisplayTitle(ru) = %q, want %q (the first section's language)", got, want)
	}
}

// Each broken file must be refused with its path, the line of the problem,
// and a message that says what to do.
func TestParseProblems(t *testing.T) {
	tests := []struct {
		name string
		path string
		text string
		want []string // "line: substring", one per problem, in order
	}{
		{"not UTF-8", "s.txt", header + "[fr]\n1. S\xe9curit\xe9.\n", []string{"7:5: not UTF-8 text"}},
		{"front matter never closed", "s.txt", "---\ntitle: {en: T}\n[en]\n1. One.\n", []string{"1: front matter opened with --- is never closed"}},
		{"front matter not YAML", "s.txt", "---\ntitle: {en: T\ndate: 2024-07-10\n---\n[en]\n1. One.\n", []string{"front matter is not valid YAML"}},
		{"front matter a list", "s.txt", "---\n- a\n---\n[en]\n1. One.\n", []string{"2: front matter must be a set of fields"}},
		{"unknown field", "s.txt", "---\ntitle: {en: T}\ndate: 2024-07-10\nauthor: me\n---\n[en]\n1. One.\n", []string{`4: unknown front-matter field "author": the fields are title, subtitle, date`}},
		{"no date", "s.txt", "---\ntitle: {en: T}\n---\n[en]\n1. One.\n", []string{"1: front matter has no date"}},
		{"bad date", "s.txt", "---\ntitle: {en: T}\ndate: 19 July 2021\n---\n[en]\n1. One.\n", []string{`3: date "19 July 2021" is not a date in the form YYYY-MM-DD`}},
		{"day that does not exist", "s.txt", "---\ntitle: {en: T}\ndate: 2023-02-30\n---\n[en]\n1. One.\n", []string{`3: date "2023-02-30" names a day that does not exist: February 2023 has 28 days`}},
		{"month that does not exist", "s.txt", "---\ntitle: {en: T}\ndate: 2023-13-01\n---\n[en]\n1. One.\n", []string{`3: date "2023-13-01" has month 13, and a year has 12`}},
		{
			"misnumbered", "s.txt", header + "[en]\n1. One.\n2. Two.\n4. Three.\n[fr]\n1. Un.\n2. Deux.\n3. Trois.\n",
			[]string{`13: paragraph numbers differ: [fr] numbers a paragraph 3 (line 13: "Trois.") where [en] numbers the paragraph in the same place 4 (line 9: "Three."), and neither has the other's number. If they are the same paragraph, renumber one of them to match`},
		},
		{"no title", "s.txt", "---\ndate: 2024-07-10\n---\n[en]\n1. One.\n", []string{"1: front matter has no title"}},
		{"title not a map", "s.txt", "---\ntitle: Just text\ndate: 2024-07-10\n---\n[en]\n1. One.\n", []string{"1: front matter has no title", "2: title must map language codes to text"}},
		{"bad source URL", "s.txt", "---\ntitle: {en: T}\ndate: 2024-07-10\nsource: {en: nato.int}\n---\n[en]\n1. One.\n", []string{`4: source "nato.int" is not an http or https URL`}},
		{"unknown language", "s.txt", header + "[xx]\n1. One.\n", []string{`6: unknown language code "xx"`}},
		{"upper-case language", "s.txt", header + "[EN]\n1. One.\n", []string{`6: unknown language code "EN"`}},
		{"duplicate section", "s.txt", header + "[en]\n1. One.\n[en]\n1. One.\n", []string{"8: duplicate [en] section (the first is at line 6)"}},
		{"empty section", "s.txt", header + "[en]\n1. One.\n[fr]\n\n", []string{"8: empty [fr] section"}},
		{"no sections", "s.txt", header, []string{"no language section after the front matter"}},
		{"text before sections", "s.txt", header + "Stray text\n[en]\n1. One.\n", []string{"6: text before the first language section"}},
		{"bad id", "statements/Summit 2024.txt", header + "[en]\n1. One.\n", []string{`"Summit 2024" is not a valid statement ID`}},
		{"numbered and unnumbered mixed", "s.txt", header + "[en]\n1. One.\n\nUnnumbered.\n2. Two.\n", []string{"9: paragraph without a number in the [en] section"}},
		{"numbers go back", "s.txt", header + "[en]\n1. One.\n3. Three.\n2. Two.\n", []string{"9: paragraph 2 comes after paragraph 3"}},
		{"number zero", "s.txt", header + "[en]\n0. Zero.\n", []string{"7: paragraph number 0 is out of range"}},
		{"number without text", "s.txt", header + "[en]\n1. One.\n2.\n", []string{"8: paragraph 2 has no text"}},
		{
			"keys differ", "s.txt", header + "[en]\n1. One.\n2. Two.\n3. Three.\n[fr]\n1. Un.\n3. Trois.\n",
			[]string{"12: paragraphs differ between [en] (3 paragraphs) and [fr] (2 paragraphs): [en] has paragraph 2 and [fr] does not"},
		},
		{
			"positions differ", "s.txt", header + "[en]\nOne.\n\nTwo.\n[fr]\nUn.\n",
			[]string{"paragraphs differ between [en] (2 paragraphs) and [fr] (1 paragraph), which do not number their paragraphs: positions do not show which paragraphs are missing"},
		},
		{
			"gap for a paragraph that exists", "s.txt", "---\ntitle: {en: T}\ndate: 2024-07-10\ngaps: {fr: [1]}\n---\n[en]\n1. One.\n[fr]\n1. Un.\n",
			[]string{"4: gap declared for [fr] paragraph 1, but the [fr] section has it"},
		},
		{
			"gap nobody has", "s.txt", "---\ntitle: {en: T}\ndate: 2024-07-10\ngaps: {fr: [9]}\n---\n[en]\n1. One.\n[fr]\n1. Un.\n",
			[]string{"4: gap declared for [fr] paragraph 9, but no language has paragraph 9"},
		},
		{
			"gap not a number", "s.txt", "---\ntitle: {en: T}\ndate: 2024-07-10\ngaps: {fr: [two]}\n---\n[en]\n1. One.\n",
			[]string{`4: gap "two" for fr is not a paragraph number`, "gaps declared for fr, which has no section"},
		},
		{
			"raw section too short to identify", "s.txt", "1. Ok.\n|\n---|\n1. Bien.\n",
			[]string{"1: could not tell which language", "4: could not tell which language"},
		},
		{
			"raw with a header but no front matter", "s.txt", "[en]\n1. We observe with increasing concern that cyber threats to the security of the Alliance are complex.\n",
			[]string{"1: language header [en] in a file without front matter"},
		},
		{
			"several problems at once", "s.txt", "---\ntitle: {en: T}\ndate: someday\nauthor: me\n---\n[en]\n1. One.\n[xx]\n1. Un.\n",
			[]string{"3: date", "4: unknown front-matter field", "8: unknown language code"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.path, []byte(tt.text))
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Parse = %v, want Problems", err)
			}
			if len(ps) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(ps), len(tt.want), err)
			}
			for i, p := range ps {
				if p.Path != tt.path {
					t.Errorf("problem %d path = %q, want %q", i, p.Path, tt.path)
				}
				if !strings.Contains(p.Error(), tt.want[i]) {
					t.Errorf("problem %d = %q, want it to contain %q", i, p.Error(), tt.want[i])
				}
				if !strings.Contains(p.Msg, ":") {
					t.Errorf("problem %d = %q says what is wrong but not what to do", i, p.Msg)
				}
			}
		})
	}
}

func TestParseRawDuplicateLanguage(t *testing.T) {
	seed := readFile(t, seedPath)
	// The English section twice over: two sections identified as English.
	en := strings.SplitN(string(seed), "|\n", 2)[0]
	text := en + "|\n---|\n" + en
	_, err := Parse("dup.txt", []byte(text))
	if err == nil || !strings.Contains(err.Error(), "dup.txt:9: a second section in English (en; the first starts at line 1)") {
		t.Errorf("Parse = %v, want a duplicate-language problem at line 9", err)
	}
}

func TestParseTooLarge(t *testing.T) {
	data := make([]byte, MaxFileSize+1)
	_, err := Parse("big.txt", data)
	if err == nil || !strings.Contains(err.Error(), "big.txt: file is 8388609 bytes, over the 8388608-byte limit") {
		t.Errorf("Parse = %v, want a size problem", err)
	}
}

func TestValidLanguage(t *testing.T) {
	for code, want := range map[string]bool{"en": true, "fr": true, "ru": true, "uk": true, "xx": false, "EN": false, "eng": false, "e": false, "": false} {
		if got := ValidLanguage(code); got != want {
			t.Errorf("ValidLanguage(%q) = %v, want %v", code, got, want)
		}
	}
	if got, want := LanguageName("fr"), "français"; got != want {
		t.Errorf("LanguageName(fr) = %q, want %q", got, want)
	}
	if got, want := LanguageEnglishName("fr"), "French"; got != want {
		t.Errorf("LanguageEnglishName(fr) = %q, want %q", got, want)
	}
}
