package draft

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"statementarchive/internal/statement"
)

// Format returns the statement as a canonical statement file, its checks as
// "# CHECK:" comments at the top of the front matter.
func (s *Statement) Format() []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	// A file name is the user's to choose and may hold anything, a line
	// break too: each is written as statement.DisplayName renders it, so
	// that none can end the comment and add a line to the front matter.
	names := make([]string, len(s.Sources))
	for i, src := range s.Sources {
		names[i] = statement.DisplayName(src)
	}
	fmt.Fprintf(&b, "# Drafted by archive import from %s.\n", strings.Join(names, ", "))
	if len(s.Checks) > 0 {
		b.WriteString("# Confirm or correct each CHECK, then delete the CHECK lines.\n")
	}
	for _, c := range s.Checks {
		fmt.Fprintf(&b, "# CHECK: %s\n", oneLine(c.String()))
	}
	langs := make([]string, len(s.Sections))
	for i, sec := range s.Sections {
		langs[i] = sec.Lang
	}
	if m := flowMap(s.Title, langs); m != "" {
		fmt.Fprintf(&b, "title: %s\n", m)
	}
	if m := flowMap(s.Subtitle, langs); m != "" {
		fmt.Fprintf(&b, "subtitle: %s\n", m)
	}
	if s.Date != "" {
		fmt.Fprintf(&b, "date: %s\n", s.Date)
	}
	if s.Issuer != "" {
		fmt.Fprintf(&b, "issuer: %s\n", yamlString(s.Issuer))
	}
	if one, ok := s.Reference[""]; ok {
		fmt.Fprintf(&b, "reference: %s\n", yamlString(one))
	} else if m := flowMap(s.Reference, langs); m != "" {
		fmt.Fprintf(&b, "reference: %s\n", m)
	}
	if len(s.Unofficial) > 0 {
		fmt.Fprintf(&b, "unofficial: [%s]\n", strings.Join(s.Unofficial, ", "))
	}
	b.WriteString("---\n")
	for _, sec := range s.Sections {
		b.WriteString("\n")
		sec.write(&b)
	}
	return b.Bytes()
}

func (sec Section) write(b *bytes.Buffer) {
	fmt.Fprintf(b, "[%s]\n", sec.Lang)
	numbered := sec.Numbered()
	if sec.Preamble != "" {
		b.WriteString(oneLine(sec.Preamble) + "\n")
	}
	for i, blk := range sec.Blocks {
		if !numbered && i > 0 {
			b.WriteString("\n")
		}
		if blk.Kind == Heading {
			b.WriteString("# " + oneLine(blk.Text()) + "\n")
			continue
		}
		if blk.Number > 0 && (len(blk.Lines) == 0 || blk.Lines[0].Marker != "") {
			// A paragraph that opens with a list: its number stands alone
			// on the line above.
			fmt.Fprintf(b, "%d.\n", blk.Number)
		}
		for j, l := range blk.Lines {
			switch {
			case l.Marker != "":
				fmt.Fprintf(b, "   %s %s\n", l.Marker, oneLine(l.Text))
			case j == 0 && blk.Number > 0:
				fmt.Fprintf(b, "%d. %s\n", blk.Number, oneLine(l.Text))
			default:
				b.WriteString(oneLine(l.Text) + "\n")
			}
		}
	}
	if len(sec.Footnotes) > 0 {
		// Right under the last paragraph, as the issue that added them shows.
		for _, f := range sec.Footnotes {
			fmt.Fprintf(b, "[^%d]: %s\n", f.Number, oneLine(f.Text))
		}
	}
}

// oneLine puts text on one line. Only line breaks change: a no-break
// space stays as published.
func oneLine(s string) string {
	return strings.Trim(strings.NewReplacer("\n", " ", "\r", " ", "\u2028", " ", "\u2029", " ").Replace(s), " ")
}

// flowMap writes a language map in YAML flow style, {en: …, fr: …}, in the
// sections' order.
func flowMap(m map[string]string, langs []string) string {
	var parts []string
	for _, l := range langs {
		if v, ok := m[l]; ok && v != "" {
			parts = append(parts, l+": "+yamlString(v))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// plainScalar is text YAML reads as itself without quotes, in a flow map
// too: letters, digits, spaces and ( ) / . ' - inside, starting with a
// letter or digit.
var plainScalar = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} ()/.'’-]*[\p{L}\p{N})]$`)

var yamlKeywords = map[string]bool{"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true, "null": true, "y": true, "n": true}

func yamlString(s string) string {
	s = oneLine(s)
	if plainScalar.MatchString(s) && !yamlKeywords[strings.ToLower(s)] && !strings.Contains(s, " #") {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return s
		}
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// stopWords are left out of a suggested ID.
var stopWords = map[string]bool{
	"the": true, "of": true, "by": true, "in": true, "on": true, "and": true, "for": true, "with": true,
	"a": true, "an": true, "to": true, "at": true, "its": true, "de": true, "la": true, "le": true,
	"les": true, "du": true, "des": true, "et": true, "en": true, "sur": true, "der": true, "die": true,
	"das": true, "von": true, "zur": true, "zum": true, "und": true,
}

// SuggestedID proposes a statement ID: the date and the first words of the
// English title (else the first title), e.g. 2006-11-29-riga-summit-declaration.
func (s *Statement) SuggestedID() string {
	title := s.Title["en"]
	if title == "" {
		for _, sec := range s.Sections {
			if t := s.Title[sec.Lang]; t != "" {
				title = t
				break
			}
		}
	}
	slug := slugOf(title, 6)
	parts := []string{}
	if s.Date != "" {
		parts = append(parts, s.Date)
	}
	if slug != "" {
		parts = append(parts, slug)
	}
	if len(parts) == 0 {
		return "imported-statement"
	}
	id := strings.Join(parts, "-")
	if len(id) > statement.MaxIDLength {
		id = strings.TrimRight(id[:statement.MaxIDLength], "-")
	}
	return id
}

func slugOf(title string, maxWords int) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, strings.ToLower(title))
	if err != nil {
		folded = strings.ToLower(title)
	}
	words := strings.FieldsFunc(folded, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
	var kept []string
	for _, w := range words {
		if stopWords[w] || len(w) == 1 {
			continue
		}
		kept = append(kept, w)
		if len(kept) == maxWords {
			break
		}
	}
	return strings.Join(kept, "-")
}
