package cite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"statementarchive/internal/statement"
)

// Key is the entry's key in BibTeX and RIS, and its CSL id: the
// statement's ID (underscores as hyphens), the row and the language, such
// as "2021-07-19-nac-cyber-solidarity-para3-en" or "…-n1-fr", so that the
// same row cited in two languages makes two entries of one .bib file.
func (w Work) Key() string {
	row := w.Ref.String()
	if w.Ref.Kind == statement.Body {
		row = "para" + row
	}
	key := strings.ReplaceAll(w.Statement.ID, "_", "-") + "-" + row
	if w.Lang != "" {
		key += "-" + w.Lang
	}
	return key
}

// BibTeX returns a @misc entry that BibTeX and biblatex both read:
//
//   - author in double braces, a corporate name that no style splits
//     into first and last names; title in double braces, so that no
//     style changes its case;
//   - the reference as howpublished, which both print for @misc;
//   - date = {YYYY-MM-DD} for biblatex, and year with the month as a
//     macro (month = jul, not {jul}) for BibTeX; biber reads date first
//     and warns of no conflict, the values agreeing;
//   - url: the official URL, else the permalink; with an official URL the
//     permalink goes in addendum ("Archived at \url{…}"), a biblatex field
//     that BibTeX ignores;
//   - note: the pinpoint;
//   - language as biblatex names it (french, not fr).
//
// Text is escaped for LaTeX (see bibEscape) and left in UTF-8, which
// biber and LaTeX read; URLs are percent-encoded (see URL), so braces stay
// balanced, as BibTeX requires.
func (w Work) BibTeX() string {
	st := w.Statement
	var b strings.Builder
	fmt.Fprintf(&b, "@misc{%s,\n", w.Key())
	field := func(name, value string) { fmt.Fprintf(&b, "  %s = %s,\n", name, value) }
	if st.Issuer != "" {
		field("author", "{{"+bibEscape(st.Issuer)+"}}")
	}
	field("title", "{{"+bibEscape(w.title())+"}}")
	if ref := w.reference(); ref != "" {
		field("howpublished", "{"+bibEscape(ref)+"}")
	}
	if st.HasDate() {
		field("date", "{"+st.Date.Format(time.DateOnly)+"}")
		field("year", fmt.Sprintf("{%d}", st.Date.Year()))
		field("month", bibMonths[st.Date.Month()-1])
	}
	if src := w.source(); src != "" {
		field("url", "{"+src+"}")
		field("addendum", "{"+bibEscape(capitalised(w.loc().archivedAt))+` \url{`+w.permalink()+"}}")
	} else {
		field("url", "{"+w.permalink()+"}")
	}
	field("note", "{"+bibEscape(w.Pinpoint())+"}")
	if w.Lang != "" {
		field("language", "{"+BiblatexLanguage(w.Lang)+"}")
	}
	b.WriteString("}\n")
	return b.String()
}

// bibMonths are BibTeX's month macros, which biblatex defines too.
var bibMonths = [12]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// bibEscape escapes the characters LaTeX treats specially. Braces become
// \textbraceleft{} and \textbraceright{} rather than \{ and \}, which
// BibTeX would still count, so that a lone brace in a title cannot end
// the field. A line break becomes a space (see oneLine): two in a row
// are a paragraph break to LaTeX, which no field may hold. Other
// whitespace is kept as given; BibTeX and TeX read a run of it as one
// space, but the file keeps it for readers (Zotero, JabRef) that do not.
func bibEscape(s string) string {
	return bibReplacer.Replace(oneLine(s))
}

var bibReplacer = strings.NewReplacer(
	`\`, `\textbackslash{}`, "{", `\textbraceleft{}`, "}", `\textbraceright{}`,
	"&", `\&`, "%", `\%`, "$", `\$`, "#", `\#`, "_", `\_`,
	"^", `\textasciicircum{}`, "~", `\textasciitilde{}`,
)

// biblatexLanguages are languages biblatex has a localisation key for
// (langfrench, …), by ISO 639-1 code: the long-standing ones, so that
// every biblatex in use knows them.
var biblatexLanguages = map[string]string{
	"ca": "catalan", "cs": "czech", "da": "danish", "de": "german", "el": "greek",
	"en": "english", "es": "spanish", "fi": "finnish", "fr": "french", "hr": "croatian",
	"it": "italian", "la": "latin", "nl": "dutch", "no": "norwegian", "pl": "polish",
	"pt": "portuguese", "ru": "russian", "sl": "slovene", "sv": "swedish",
}

// BiblatexLanguage names a language as biblatex's language field takes
// it: its localisation key ("french" for fr), which biblatex prints in the
// document's language; for a language without one, its English name
// ("Maltese"), which biblatex prints as written.
func BiblatexLanguage(code string) string {
	if key, ok := biblatexLanguages[code]; ok {
		return key
	}
	if base, err := language.ParseBase(code); err == nil {
		if name := display.English.Languages().Name(base); name != "" {
			return bibEscape(name)
		}
	}
	return bibEscape(code)
}

// RIS returns a RIS record (CRLF line ends, as the format specifies):
// TY GOVDOC (a government document); AU the issuer, a corporate name with
// no comma; TI, PY and DA; M1 the reference (the number of a GOVDOC); UR
// the official URL, else the permalink; with an official URL, DB names
// the archive and AV (location in archives) holds the permalink; N1 the
// pinpoint; LA the language code. Values are written as given, spaces
// and tabs included, but for line breaks, which become spaces (risLine).
func (w Work) RIS() string {
	st := w.Statement
	var b strings.Builder
	tag := func(t, v string) {
		if v != "" {
			b.WriteString(t + "  - " + risLine(v) + "\r\n")
		}
	}
	tag("TY", "GOVDOC")
	tag("ID", w.Key())
	tag("AU", st.Issuer)
	tag("TI", w.title())
	if st.HasDate() {
		tag("PY", fmt.Sprintf("%04d", st.Date.Year()))
		tag("DA", st.Date.Format("2006/01/02")+"/")
	}
	tag("M1", w.reference())
	if src := w.source(); src != "" {
		tag("UR", src)
		tag("DB", ArchiveName)
		tag("AV", w.permalink())
	} else {
		tag("UR", w.permalink())
	}
	tag("N1", w.Pinpoint())
	tag("LA", w.Lang)
	b.WriteString("ER  - \r\n")
	return b.String()
}

// risLine keeps a value on its tag's line: a RIS value ends with its
// line, and a reader takes the next line as a tag of its own (a title
// holding "ER  - " would end the record) or as more of the value, each as
// it sees fit. See oneLine.
func risLine(s string) string { return oneLine(s) }

// lineBreaks maps each line break a reader of a line-based format may end
// a line at to one space: CR LF (one break), CR and LF, and Unicode's
// other mandatory breaks (VT, FF, NEL, LINE SEPARATOR, PARAGRAPH
// SEPARATOR).
var lineBreaks = strings.NewReplacer(
	"\r\n", " ", "\r", " ", "\n", " ", "\v", " ", "\f", " ",
	"\u0085", " ", "\u2028", " ", "\u2029", " ",
)

// oneLine returns s with each line break replaced by one space, and every
// other character kept as given: runs of spaces, tabs and no-break spaces
// are the value's own, and a reader of the file gets them back. Only the
// breaks are lost, and a word never runs into the next. Statement files
// hold no line break in a title, issuer or reference (the parser refuses
// one), so this only guards the formats against a Statement built
// otherwise.
func oneLine(s string) string { return lineBreaks.Replace(s) }

// CSLItem is one item of CSL-JSON, the Citation Style Language's data
// format, with the variables the archive knows.
type CSLItem struct {
	ID string `json:"id"`
	// Type is "document": CSL's "legislation" makes APA write a statute
	// ("Pub. L. No."), and "report" drops the day.
	Type   string    `json:"type"`
	Title  string    `json:"title"`
	Author []CSLName `json:"author,omitempty"`
	Issued *CSLDate  `json:"issued,omitempty"`
	// Number is the statement's reference.
	Number string `json:"number,omitempty"`
	// URL is the official URL, else the permalink.
	URL string `json:"URL"`
	// References gives the archive's permalink ("archived at …") when
	// URL is the official one: CSL's APA style writes it after the URL,
	// as APA 7 wants the official address first.
	References string `json:"references,omitempty"`
	// Medium describes an unofficial translation, which APA writes in
	// brackets after the title: [Unofficial translation].
	Medium string `json:"medium,omitempty"`
	// Note is the pinpoint.
	Note     string `json:"note"`
	Language string `json:"language,omitempty"`
}

// CSLName is a CSL name; the issuer is a literal (institutional) name.
type CSLName struct {
	Literal string `json:"literal"`
}

// CSLDate is a CSL date as date parts: [[year, month, day]].
type CSLDate struct {
	DateParts [][]int `json:"date-parts"`
}

// CSL returns the row as a CSL item.
func (w Work) CSL() CSLItem {
	st := w.Statement
	item := CSLItem{ID: w.Key(), Type: "document", Title: w.title(), Number: w.reference(), URL: w.permalink(), Note: w.Pinpoint(), Language: w.Lang}
	if st.Issuer != "" {
		item.Author = []CSLName{{Literal: st.Issuer}}
	}
	if st.HasDate() {
		item.Issued = &CSLDate{DateParts: [][]int{{st.Date.Year(), int(st.Date.Month()), st.Date.Day()}}}
	}
	if src := w.source(); src != "" {
		item.URL, item.References = src, w.loc().archivedAt+" "+w.permalink()
	}
	if w.Unofficial() {
		item.Medium = capitalised(w.loc().unofficial)
	}
	return item
}

// CSLJSON returns the row as CSL-JSON: an array of one item, as citation
// processors and reference managers import it.
func (w Work) CSLJSON() string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode([]CSLItem{w.CSL()}); err != nil {
		panic("cite: encode CSL-JSON: " + err.Error()) // strings and ints only: cannot fail
	}
	return buf.String()
}
