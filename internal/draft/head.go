package draft

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The head is what comes before the text proper: on NATO's pages the title,
// the subtitle, a line of date, reference and "Issued on …", "Last updated
// …"; on a PDF press release "For immediate release", "PRESS RELEASE", the
// date and PR/CP number, the title in capitals and the subtitle wrapped over
// several lines.

var (
	// references are the publication references of NATO, OSCE and EU texts.
	references = regexp.MustCompile(`(?i)\bPress\s+Release\s*\(\d{4}\)\s*\d+|\bCommuniqu[ée]\s+de\s+presse\s*\(\d{4}\)\s*\d+|\bPressemitteilung\s*\(\d{4}\)\s*\d+|\bPR/CP\s*\(\d{4}\)\s*\d+|\bM\s*-\s*NAC\s*-?\s*\d\s*\(\d{2,4}\)\s*\d+|\bMC\.(?:DOC|DEC)/\d+/\d+|\bPC\.(?:DOC|DEC)/\d+|\b\d{4,5}/\d{2}\s*\(Presse\s+\d+\)`)
	// boilerplate is head lines that say nothing of the statement.
	boilerplate = regexp.MustCompile(`(?i)^(for immediate release( press release)?|pour diffusion immédiate( communiqué de presse)?|press release|communiqué de presse|pressemitteilung|nato press releases?|otan communiqués de presse|header|event|événement|official texts|textes (officiels|fondamentaux)|share( this)?:?|print|imprimer|drucken|you are on page.*|download as.*|artikel|article|original: \w+|(english|french|anglais|français) only|(last updated|updated|mis à jour( le)?|mise-à-jour|aktualisiert|stand|last modified)\b.*|((en|fr|ru|ukr?|de|es|it)\.?\s*/\s*)+(en|fr|ru|ukr?|de|es|it)\.?)$`)
	// unofficialNote is the note an unofficial translation carries.
	unofficialNote = regexp.MustCompile(`(?i)\(?\s*(unofficial translation|traduction non officielle|(nicht ?amtliche|inoffizielle) übersetzung|arbeitsübersetzung)\s*\)?`)
	// issuedOn introduces the day of issue.
	issuedOn = regexp.MustCompile(`(?i)\b(issued on|publié le|publiée le|date of issue|veröffentlicht am|herausgegeben am)\b`)
	// subtitleStart begins the line under a title saying who issued it and
	// at which meeting.
	subtitleStart = regexp.MustCompile(`(?i)^((issued|published|adopted|approved|agreed) by|(publiée?s?|adoptée?s?|approuvée?s?) par|(herausgegeben|veröffentlicht|verabschiedet|angenommen) (von|durch)|(ministerial )?meeting of the|(réunion|treffen) (du|des|de la)|held at|tenue? à)\b`)
	bullet        = regexp.MustCompile(`^[•·▪|*]\s*|\s*[-–|]$`)
)

// issuers maps a name a text gives its issuer, in any language, to the
// name the archive uses.
var issuers = []struct {
	pattern *regexp.Regexp
	name    string
}{
	{regexp.MustCompile(`(?i)NATO[-‑ ]Russia Council|Conseil OTAN[-‑ ]Russie|NATO[-‑ ]Russland[-‑ ]Rat`), "NATO-Russia Council"},
	{regexp.MustCompile(`(?i)NATO[-‑ ]Ukraine (Commission|Council)|(Commission|Conseil) OTAN[-‑ ]Ukraine|NATO[-‑ ]Ukraine[-‑ ](Kommission|Rat)`), "NATO-Ukraine Commission"},
	{regexp.MustCompile(`(?i)Euro[-‑ ]Atlantic Partnership Council|Conseil de partenariat euro[-‑ ]atlantique|Euro[-‑ ]Atlantischen? Partnerschaftsrat`), "Euro-Atlantic Partnership Council"},
	{regexp.MustCompile(`(?i)North Atlantic Council|Conseil de l['’]Atlantique Nord|Nordatlantikrat`), "North Atlantic Council"},
	{regexp.MustCompile(`(?i)Council of the European Union|Conseil de l['’]Union européenne|Rat der Europäischen Union`), "Council of the European Union"},
	{regexp.MustCompile(`(?i)OSCE Ministerial Council|Conseil ministériel de l['’]OSCE|OSZE[-‑ ]Ministerrat`), "OSCE Ministerial Council"},
}

var issuedBy = regexp.MustCompile(`(?i)^(issued|published|adopted) by (.+?)(\s+(in|at|on)\s.*)?$`)

// readHead reads the head of a section: the lines before its first
// numbered paragraph, or, in an unnumbered text, the lines before the first
// that reads as text. It returns the index of the first line of the body.
func (r *sectionRead) readHead(lines []line, numbered bool) int {
	titleDone := false
	var leftovers [][]line
	i := 0
	for i < len(lines) {
		if lines[i].blank() {
			i++
			continue
		}
		if span := r.metadata(lines, i); span > 0 {
			i += span
			continue
		}
		t := stripBullet(lines[i].text)
		if r.subtitle == "" && subtitleStart.MatchString(t) {
			j := i + 1
			parts := []string{t}
			for j < len(lines) && !lines[j].blank() && r.peekMetadata(lines, j) == 0 && !startsParagraph(lines[j].text) {
				parts = append(parts, lines[j].text)
				j++
			}
			r.subtitle = strings.Join(parts, " ")
			r.subtitleLine = lines[i].no
			i = j
			continue
		}
		if !titleDone && !sentenceLike(t) && !startsParagraph(t) {
			titleDone = true
			j := i + 1
			parts := []string{t}
			for j < len(lines) && !lines[j].blank() && r.peekMetadata(lines, j) == 0 && !subtitleStart.MatchString(lines[j].text) && !startsParagraph(lines[j].text) &&
				(startsLower(lines[j].text) || (allCaps(t) && allCaps(lines[j].text))) {
				parts = append(parts, lines[j].text)
				j++
			}
			r.title = strings.Join(parts, " ")
			r.titleLine = lines[i].no
			i = j
			continue
		}
		if !numbered {
			return i
		}
		j := i
		for j < len(lines) && !lines[j].blank() && r.peekMetadata(lines, j) == 0 {
			j++
		}
		leftovers = append(leftovers, lines[i:j])
		i = j
	}
	r.readLeftovers(leftovers)
	return len(lines)
}

// readLeftovers sorts the head's remaining blocks of a numbered text: text
// that reads as sentences is the preamble; a short line just before
// paragraph 1 is a heading; anything else is reported and dropped.
func (r *sectionRead) readLeftovers(blocks [][]line) {
	var preamble []string
	for k, b := range blocks {
		text := r.joinLines(b)
		switch {
		case sentenceLike(text) || endsFullStop(text) || len(b) > 1:
			preamble = append(preamble, text)
			if r.preambleLine == 0 {
				r.preambleLine = b[0].no
			}
		case k == len(blocks)-1 && headingLike(text):
			r.headBlocks = append(r.headBlocks, Block{Kind: Heading, Lines: []Line{{Text: text}}})
			if r.subtitle == "" && r.preambleLine == 0 {
				r.check(b[0].no, fmt.Sprintf("%q, just before paragraph 1, read as a heading; if it belongs to the title, move it there", text))
			}
		default:
			r.check(b[0].no, fmt.Sprintf("%q left out: it is neither title, subtitle, date nor reference; add it where it belongs if it is part of the statement", text))
		}
	}
	if len(preamble) > 1 {
		r.check(r.preambleLine, fmt.Sprintf("%d blocks of text before paragraph 1 joined into one preamble: check it is one", len(preamble)))
	}
	r.section.Preamble = strings.Join(preamble, " ")
}

// peekMetadata is metadata without recording anything.
func (r *sectionRead) peekMetadata(lines []line, i int) int {
	probe := &sectionRead{date: foundDate{strength: -1}}
	return probe.metadata(lines, i)
}

// metadata recognises a head line (or a reference wrapped over up to three
// lines) that is boilerplate, a date, a reference, or the note of an
// unofficial translation, records what it says, and returns how many lines
// it spans; 0 when line i is none of these.
func (r *sectionRead) metadata(lines []line, i int) int {
	for span := 1; span <= 3 && i+span <= len(lines); span++ {
		if lines[i+span-1].blank() {
			return 0
		}
		parts := make([]string, span)
		for k := range span {
			parts[k] = stripBullet(lines[i+k].text)
		}
		s := strings.TrimSpace(strings.Join(parts, " "))
		if span == 1 {
			if s == "" || boilerplate.MatchString(s) {
				return 1
			}
			if m := unofficialNote.FindStringIndex(s); m != nil && len(strings.Fields(s[:m[0]]+s[m[1]:])) <= 2 {
				r.unofficial = true
				return 1
			}
		}
		refs := references.FindAllStringIndex(s, -1)
		if span > 1 && len(refs) == 0 {
			continue
		}
		dates := findDates(s)
		if len(refs) == 0 && len(dates) == 0 {
			continue
		}
		rest := s
		for _, d := range dates {
			rest = strings.Replace(rest, d.text, " ", 1)
		}
		for _, m := range refs {
			rest = strings.Replace(rest, s[m[0]:m[1]], " ", 1)
		}
		rest = issuedOn.ReplaceAllString(rest, " ")
		rest = strings.Trim(strings.Map(func(r rune) rune {
			if strings.ContainsRune("|-–—,:;()•", r) {
				return ' '
			}
			return r
		}, rest), " ")
		if len(strings.Fields(rest)) > 2 || utf8.RuneCountInString(rest) > 25 {
			continue
		}
		if len(refs) > 0 && r.reference == "" {
			r.reference = strings.Join(strings.Fields(s[refs[0][0]:refs[0][1]]), " ")
		}
		strength := 2
		if issuedOn.MatchString(s) {
			strength = 3
		}
		for _, d := range dates {
			r.offerDate(d, strength, lines[i].no, "date line")
		}
		return span
	}
	return 0
}

// headFacts reads the date and the issuer that the title and subtitle
// state, and strips footnote markers from them.
func (r *sectionRead) headFacts() {
	for _, f := range []struct {
		text *string
		line int
		name string
	}{{&r.title, r.titleLine, "title"}, {&r.subtitle, r.subtitleLine, "subtitle"}} {
		if *f.text == "" {
			continue
		}
		if stripped := stripMarkers(*f.text); stripped != *f.text {
			r.check(f.line, fmt.Sprintf("a footnote marker removed from the %s; the footnote itself stays under the text", f.name))
			*f.text = stripped
		}
		for _, d := range findDates(*f.text) {
			r.offerDate(d, 1, f.line, f.name)
		}
		for _, is := range issuers {
			if is.pattern.MatchString(*f.text) && r.issuer == "" {
				r.issuer = is.name
			}
		}
	}
	if r.issuer == "" {
		if m := issuedBy.FindStringSubmatch(r.subtitle); m != nil {
			r.issuerStated = m[2]
		}
	}
	if r.title != "" {
		switch {
		case allCaps(r.title):
			r.check(r.titleLine, fmt.Sprintf("title %q is in capitals, as a PDF prints it: write it as the issuer's web page does", r.title))
		case r.subtitle == "":
			r.check(r.titleLine, fmt.Sprintf("title %q read from the first line of text: check it is the title", r.title))
		}
	}
}

func stripBullet(s string) string {
	for {
		t := strings.TrimSpace(bullet.ReplaceAllString(s, ""))
		if t == s {
			return t
		}
		s = t
	}
}

// sentenceLike reports whether s reads as running text rather than a
// title: it ends a sentence and is not short, or it is long.
func sentenceLike(s string) bool {
	n := utf8.RuneCountInString(s)
	return n > 200 || (n > 60 && endsSentence(s))
}

// headingLike reports whether s could be a heading: short, with no
// sentence punctuation at its end, starting with a capital or a number.
func headingLike(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 100 || len(strings.Fields(s)) > 14 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(trimClosers(s))
	if strings.ContainsRune(".,;:", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(first) || unicode.IsDigit(first)
}

// endsSentence reports whether s ends with sentence punctuation, perhaps
// followed by closing quotes or brackets.
func endsSentence(s string) bool {
	last, _ := utf8.DecodeLastRuneInString(trimClosers(s))
	return strings.ContainsRune(".!?;:…", last)
}

// endsFullStop is endsSentence without the colon and semicolon, which
// announce more of the same paragraph.
func endsFullStop(s string) bool {
	last, _ := utf8.DecodeLastRuneInString(trimClosers(s))
	return strings.ContainsRune(".!?…", last)
}

func trimClosers(s string) string {
	s = stripMarkers(s)
	return strings.TrimRight(s, " \u00a0\"'”’»)]")
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

func allCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 3
}
