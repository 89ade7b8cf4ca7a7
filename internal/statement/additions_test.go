package statement

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// The front-matter additions: a subtitle and a reference per language, and
// the languages that are unofficial translations or held only in part.
func TestFrontMatterAdditions(t *testing.T) {
	text := `---
title: {en: Riga Summit Declaration, fr: Déclaration du sommet de Riga}
subtitle: {en: "Issued by the Heads of State and Government", fr: "Publiée par les chefs d'État et de gouvernement"}
reference: {en: Press Release (2006) 150, fr: Communiqué de presse (2006) 150}
date: 2006-11-29
unofficial: [de]
incomplete: [fr]
gaps: {fr: [2]}
---
[en]
1. One.
2. Two.
[fr]
1. Un.
[de]
1. Eins.
2. Zwei.
`
	st, err := Parse("riga.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Subtitle["fr"]; got != "Publiée par les chefs d'État et de gouvernement" {
		t.Errorf("Subtitle[fr] = %q", got)
	}
	for _, tt := range []struct{ lang, want string }{{"en", "Press Release (2006) 150"}, {"fr", "Communiqué de presse (2006) 150"}, {"de", "Press Release (2006) 150"}} {
		if got := st.ReferenceIn(tt.lang); got != tt.want {
			t.Errorf("ReferenceIn(%s) = %q, want %q", tt.lang, got, tt.want)
		}
	}
	if !st.IsUnofficial("de") || st.IsUnofficial("en") || !st.IsIncomplete("fr") || st.IsIncomplete("de") {
		t.Errorf("Unofficial = %v, Incomplete = %v; want [de] and [fr]", st.Unofficial, st.Incomplete)
	}
	if st.Unnumbered {
		t.Error("a numbered statement is marked unnumbered")
	}

	one, err := Parse("one.txt", []byte("---\ntitle: {en: T}\ndate: 2024-01-01\nreference: PR/CP(2007)130\n---\n[en]\nOne.\n\nTwo.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one.Reference, map[string]string{"": "PR/CP(2007)130"}) || one.ReferenceIn("fr") != "PR/CP(2007)130" {
		t.Errorf("a one-string reference = %v", one.Reference)
	}
	if !one.Unnumbered {
		t.Error("a statement without numbers is not marked unnumbered")
	}
}

func TestFrontMatterAdditionProblems(t *testing.T) {
	body := "[en]\n1. One.\n[fr]\n1. Un.\n"
	tests := []struct{ name, front, want string }{
		{"unofficial language without a section", "unofficial: [de]", "4: unofficial lists de, which has no section"},
		{"incomplete language without a section", "incomplete: [ru]", "4: incomplete lists ru, which has no section"},
		{"every language unofficial", "unofficial: [en, fr]", "every language is listed as unofficial"},
		{"not a language code", "unofficial: [German]", `4: unofficial must list language codes, e.g. unofficial: [de]; "German" is not one`},
		{"listed twice", "incomplete: [fr, fr]", "incomplete lists fr twice"},
		{"empty reference", "reference: {en: ''}", "reference en is empty"},
		{"subtitle not per language", "subtitle: Issued by …", "subtitle must map language codes to text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("s.txt", []byte("---\ntitle: {en: T}\ndate: 2024-01-01\n"+tt.front+"\n---\n"+body))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse = %v, want a problem containing %q", err, tt.want)
			}
		})
	}
}

// Front-matter values are checked as YAML decodes them: escapes such as
// "\x1b" or "\0" cannot smuggle control characters past the file's own
// check, a value is one line, bounded, and says something.
func TestFrontMatterValuesChecked(t *testing.T) {
	body := "[en]\n1. One.\n"
	long := strings.Repeat("a", MaxFieldBytes+1)
	tests := []struct{ name, front, want string }{
		{"escape in a title", `title: {en: "T\x1b[2J"}`, "title en holds U+001B"},
		{"NUL in the issuer", `issuer: "A\0B"`, "issuer holds U+0000"},
		{"DEL in a tag", `tags: ["\x7f"]`, "a tag holds U+007F"},
		{"C1 in a reference", `reference: "R\u0085S"`, "reference holds U+0085"},
		{"line break in a reference", "reference: |\n  Press Release\n  (2006) 150", "reference holds U+000A"},
		{"a title over the limit", "title: {en: " + long + "}", fmt.Sprintf("over the %d-byte limit", MaxFieldBytes)},
		{"an issuer over the limit", "issuer: " + long, fmt.Sprintf("over the %d-byte limit", MaxFieldBytes)},
		{"a title of a zero-width space", "title: {en: \"\u200b\"}", "title en has no letter or digit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			front := tt.front
			if !strings.HasPrefix(front, "title") {
				front = "title: {en: T}\n" + front
			}
			_, err := Parse("s.txt", []byte("---\n"+front+"\ndate: 2024-01-01\n---\n"+body))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse = %v, want a problem containing %q", err, tt.want)
			}
		})
	}
}
