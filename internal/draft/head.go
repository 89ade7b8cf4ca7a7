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
	// references are the publication references of NATO, OSCE, EU, UN and
	// G7 texts: "Press Release (2011) 109" and its translations in any
	// language, "PR/CP(2011)109", "M-NAC-2(2001)159", "M-1(94)3",
	// "MC.DOC/1/06", "10123/11 (Presse 123)", "SN 140/01", "EUCO 23/11",
	// "MEMO/14/402", "IP/14/123", "SC/10378", "SG/SM/13799-SC/10378",
	// "S/PRST/2011/18", "A/66/123".
	references = regexp.MustCompile(`(?i)` + strings.Join([]string{
		`\bPR/CP\s*\(\d{4}\)\s*\d+`,
		`\p{L}[\p{L}-]*(?:\s+\p{L}[\p{L}-]*){0,2}\s*\(\d{4}\)\s*\d{1,4}\b`,
		`\bM\s*-\s*(?:[A-Z]{2,5}\s*-\s*(?:D\s*-\s*)?)?\d\s*\(\s*\d{2,4}\s*\)\s*\d+`,
		`\bMC\.(?:DOC|DEC)/\d+/\d+`,
		`\bPC\.(?:DOC|DEC)/\d+`,
		`\b\d{4,5}/\d{2}\s*\(Presse\s+\d+\)`,
		`\b(?:SN|EUCO|ST|CL)\s*\d{1,5}/\d{2}\b`,
		`\b(?:MEMO|IP|SPEECH|STATEMENT|QANDA|AC|MEX)/\d{2}/\d{1,5}\b`,
		`\b` + unSymbol + `(?:\s*[-–]\s*` + unSymbol + `)*`,
		`\bS/PRST/\d{4}/\d{1,3}\b`,
		`\b[AS]/(?:RES/)?\d{2,4}/\d{1,4}\b`,
	}, "|"))
	// boilerplate is head lines that say nothing of the statement.
	boilerplate = regexp.MustCompile(`(?i)^(for immediate release( press release)?|pour diffusion immédiate( communiqué de presse)?|press release|communiqué de presse|pressemitteilung|nato press releases?|otan communiqués de presse|header|event|événement|official texts|textes (officiels|fondamentaux)|share( this)?:?|print|imprimer|drucken|you are on page.*|download as.*|artikel|article|original: \w+|(english|french|anglais|français) only|(last updated|updated|mis à jour( le)?|mise-à-jour|aktualisiert|stand|last modified)\b.*|((en|fr|ru|ukr?|de|es|it)\.?\s*/\s*)+(en|fr|ru|ukr?|de|es|it)\.?)$`)
	// unofficialNote is the note an unofficial translation carries.
	unofficialNote = regexp.MustCompile(`(?i)\(?\s*(unofficial translation|traduction non officielle|(nicht ?amtliche|inoffizielle) übersetzung|arbeitsübersetzung)\s*\)?`)
	// issuedOn introduces the day of issue.
	issuedOn = regexp.MustCompile(`(?i)(^|\P{L})(issued on|issued|date of issue|adopted on|publié le|publiée le|diffusé le|date de publication|veröffentlicht am|herausgegeben am|ausgegeben am|publicado el|emitido el|pubblicato il|diffuso il|publicado em|gepubliceerd op|uitgegeven op|opublikowano|wydano|vydáno|выпущено|опубликовано|опубліковано|εκδόθηκε)(\P{L}|$)`)
	// subtitleStart begins the line under a title saying who issued it and
	// at which meeting.
	subtitleStart = regexp.MustCompile(`(?i)^((issued|published|adopted|approved|agreed) by|(publiée?s?|adoptée?s?|approuvée?s?) par|(herausgegeben|veröffentlicht|verabschiedet|angenommen) (von|durch)|(ministerial )?meeting of the|(réunion|treffen)( ministérielle)? (du|des|de la)|(reunión|riunione|vergadering|posiedzenie) |held at|tenue? à)\b`)
	// bullet is what a web page's list of details adds around a line: a
	// bullet before it, a separator after it. A hyphen at the end of a
	// word ("M-NAC-", wrapped) is the word's, and stays.
	bullet = regexp.MustCompile(`^[•·▪|*]\s*|(^|\s)[-–|]$`)
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

// unSymbol is a UN press release's symbol: "SC/10378", "SG/SM/13799".
const unSymbol = `(?:SC|GA|SG/SM|SG/T|SG/A|DSG/SM|ECOSOC|HR|PI|GA/SHC|GA/EF|GA/SPD|GA/AB|GA/L|SEA|AFR)/\d{3,6}`

var issuedBy = regexp.MustCompile(`(?i)^(issued|published|adopted) by (.+?)(\s+(in|at|on)\s.*)?$`)

// readHead reads the head of a section: the lines before its first
// numbered paragraph, or, in an unnumbered text, the lines before the first
// that reads as text. It returns the index of the first line of the body.
// A title and a subtitle are only ever head lines: running text (a line
// that reads as a sentence) ends them, and a title or subtitle that would
// grow past a title's length is not one.
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
		if r.subtitle == "" && subtitleStart.MatchString(t) && utf8.RuneCountInString(t) <= maxSubtitle && !(endsFullStop(t) && sentenceLike(t)) {
			j := i + 1
			parts := []string{t}
			for j < len(lines) && !lines[j].blank() && r.peekMetadata(lines, j) == 0 && !startsParagraph(lines[j].text) && continuesHeadLine(parts, lines[j].text, maxSubtitle) {
				parts = append(parts, lines[j].text)
				j++
			}
			r.subtitle = strings.Join(parts, " ")
			r.subtitleLine = lines[i].no
			i = j
			continue
		}
		if !titleDone && !sentenceLike(t) && !startsParagraph(t) && utf8.RuneCountInString(t) <= maxTitle {
			better, named := r.laterTitle(lines[i+1:])
			if sectionName(t) && better || !titleWords.MatchString(t) && named {
				why := "section name"
				if !sectionName(t) {
					why = "not the title: a later line names the statement"
				}
				r.dropped = append(r.dropped, dropped{no: lines[i].no, text: lines[i].text, why: why})
				i++
				continue
			}
			titleDone = true
			j := i + 1
			parts := []string{t}
			for j < len(lines) && !lines[j].blank() && r.peekMetadata(lines, j) == 0 && !subtitleStart.MatchString(lines[j].text) && !startsParagraph(lines[j].text) &&
				(startsLower(lines[j].text) || (allCaps(t) && allCaps(lines[j].text))) && continuesHeadLine(parts, lines[j].text, maxTitle) {
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

// maxTitle and maxSubtitle bound a title and a subtitle, in characters:
// the longest official ones are some 200; text longer than that is the
// statement's body.
const (
	maxTitle    = 250
	maxSubtitle = 400
)

// continuesHeadLine reports whether next continues a title or subtitle
// whose lines so far are parts: it starts in lower case or the line before
// breaks off mid-phrase, it does not read as a sentence, and the whole
// stays within max characters.
func continuesHeadLine(parts []string, next string, max int) bool {
	prev := parts[len(parts)-1]
	total := len(parts) // spaces
	for _, p := range parts {
		total += utf8.RuneCountInString(p)
	}
	if total+utf8.RuneCountInString(next) > max || len(parts) >= 5 || sentenceLike(next) || endsFullStop(prev) {
		return false
	}
	if startsLower(next) {
		return true
	}
	if ds := findDates(prev); len(ds) > 0 && ds[len(ds)-1].end >= len(strings.TrimRight(prev, " -–")) {
		return false // a subtitle ends with its date
	}
	last := lastWord(strings.TrimRight(prev, " ,;-–"))
	return strings.HasSuffix(prev, ",") || last != "" && startsLower(last) && utf8.RuneCountInString(last) <= 4 || allCaps(prev) && allCaps(next)
}

// titleWords are words a statement's title holds in the languages the
// archive commonly holds; a short head line without one may be the name
// of the site's section the page is in ("Press", "France").
var titleWords = regexp.MustCompile(`(?i)(statement|declaration|communiqu|conclusion|remarks|resolution|decision|joint|summit|chair|final|report|letter|message|erklärung|déclaration|verklaring|conclusies|schlussfolgerung|dichiarazione|declaraci|comunica|declara|deklaracj|oświadczeni|prohlášení|vyhlásenie|izjava|nyilatkozat|declarație|декларац|заявлени|заява|комюнике|коммюнике|δήλωση|ανακοινωθέν|bildiri|erklæring|uttalelse|yfirlýsing|avaldus|paziņojum|pareiškim|deklarat|julkilausuma|uttalande|saopšten|изјава|განცხადება|بيان|إعلان)`)

// sectionName reports whether t could be the name of a site's section
// rather than a title: a word or two, no title word, no digits.
func sectionName(t string) bool {
	return len(strings.Fields(t)) <= 2 && utf8.RuneCountInString(t) <= 30 && !titleWords.MatchString(t) && !strings.ContainsAny(t, "0123456789")
}

// laterTitle reports whether a better title follows in the head, before
// the body: a line that is no sentence and no section name (better), and
// one that holds a title word (named).
func (r *sectionRead) laterTitle(lines []line) (better, named bool) {
	for i, l := range lines {
		if l.blank() || r.peekMetadata(lines, i) > 0 {
			continue
		}
		t := stripBullet(l.text)
		if startsParagraph(t) || sentenceLike(t) || utf8.RuneCountInString(t) > maxTitle {
			return better, named
		}
		if !sectionName(t) && !subtitleStart.MatchString(t) {
			better = true
			if titleWords.MatchString(t) {
				return true, true
			}
		}
	}
	return better, named
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
// it spans; 0 when line i is none of these. A line of several details
// separated by | or bullets ("12 Sep. 2011 | Press Release (2011) 109 |
// Issued on 12 Sep. 2011") is read detail by detail.
func (r *sectionRead) metadata(lines []line, i int) int {
	for span := 1; span <= 3 && i+span <= len(lines); span++ {
		if lines[i+span-1].blank() {
			return 0
		}
		s := stripBullet(lines[i].text)
		for k := 1; k < span; k++ {
			next := stripBullet(lines[i+k].text)
			if strings.HasSuffix(s, "-") || strings.HasSuffix(s, "/") {
				s += next // "M-NAC-" + "2(2001)159": the hyphen is the reference's
			} else {
				s += " " + next
			}
		}
		s = strings.TrimSpace(s)
		if span == 1 {
			if s == "" || boilerplate.MatchString(s) {
				return 1
			}
			if m := unofficialNote.FindStringIndex(s); m != nil && len(strings.Fields(s[:m[0]]+s[m[1]:])) <= 2 {
				r.unofficial = true
				return 1
			}
			if segs := detailSeparator.Split(s, -1); len(segs) > 1 {
				if r.details(segs, lines[i].no) {
					return 1
				}
				continue
			}
		}
		if r.detail(s, lines[i].no, span > 1) {
			return span
		}
	}
	return 0
}

// originalLanguage is an EU document's note of the language it was
// drafted in: "(OR. en)".
var originalLanguage = regexp.MustCompile(`(?i)\(\s*OR\.\s*[a-z]{2}\s*\)`)

// detailSeparator separates the details of a web page's line of details.
var detailSeparator = regexp.MustCompile(`\s+[|•·]\s+|\s+[|•·]$|^[|•·]\s+`)

// details reads a line of several details, recording them only when every
// one is a detail.
func (r *sectionRead) details(segs []string, lineNo int) bool {
	probe := &sectionRead{date: foundDate{strength: -1}}
	for _, seg := range segs {
		seg = stripBullet(seg)
		if seg == "" || boilerplate.MatchString(seg) {
			continue
		}
		if !probe.detail(seg, lineNo, false) {
			return false
		}
	}
	for _, seg := range segs {
		if seg = stripBullet(seg); seg != "" && !boilerplate.MatchString(seg) {
			r.detail(seg, lineNo, false)
		}
	}
	return true
}

// detail reads s as one detail: a date, a reference, or both, with at most
// a place name or two words around them ("Brussels, 12 September 2011").
// A date with posting words or a time of day ("Posted on …", "13/09/2011
// 18:32") is the page's posting date, not the day of issue. refOnly asks
// for a reference (a detail wrapped over lines).
func (r *sectionRead) detail(s string, lineNo int, refOnly bool) bool {
	refs := references.FindAllStringIndex(s, -1)
	if refOnly && len(refs) == 0 {
		return false
	}
	dates := findDates(s)
	if len(refs) == 0 && len(dates) == 0 {
		return false
	}
	rest := s
	for _, d := range dates {
		rest = strings.Replace(rest, d.text, " ", 1)
	}
	for _, m := range refs {
		rest = strings.Replace(rest, s[m[0]:m[1]], " ", 1)
	}
	rest = issuedOn.ReplaceAllString(rest, " ")
	rest = originalLanguage.ReplaceAllString(rest, " ")
	posting := postingWords.MatchString(rest)
	rest = postingWords.ReplaceAllString(rest, " ")
	rest = strings.Trim(strings.Map(func(r rune) rune {
		if strings.ContainsRune("|-–—,:;()•.", r) {
			return ' '
		}
		return r
	}, rest), " ")
	if len(strings.Fields(rest)) > 2 || utf8.RuneCountInString(rest) > 25 {
		return false
	}
	if len(refs) > 0 && r.reference == "" {
		r.reference = strings.Join(strings.Fields(s[refs[0][0]:refs[0][1]]), " ")
		r.referenceLine = lineNo
	}
	strength := 2
	if issuedOn.MatchString(s) {
		strength = 3
	}
	for _, d := range dates {
		if posting {
			r.posted = append(r.posted, foundDate{day: d.day, text: d.text, line: lineNo, where: "posting date"})
			continue
		}
		r.offerDate(d, strength, lineNo, "date line")
	}
	return true
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
