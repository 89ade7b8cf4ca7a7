package statement

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// frontMatterFields lists the fields the front matter may hold, in the order
// docs/statement-files.md documents them.
var frontMatterFields = []string{"title", "subtitle", "date", "issuer", "reference", "source", "copy", "tags", "unofficial", "incomplete", "gaps", "cut", "inserted", "aliases"}

var yamlErrorLine = regexp.MustCompile(`line (\d+): (.*)`)

// MaxFieldBytes bounds one front-matter value (a title, an issuer, a
// reference, a URL, a tag): each is shown on every page and search hit of
// its statement, so an unbounded one multiplies.
const MaxFieldBytes = 2000

// frontMatter reads the YAML between the --- lines into st and returns the
// declared gaps. offset is the file line number of the opening ---.
func (ps *parser) frontMatter(st *Statement, text string, offset int) map[string]gapList {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		line, msg := offset, strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlErrorLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line, msg = offset+n, m[2]
		}
		ps.addf(line, "front matter is not valid YAML (%s): fix the syntax; see docs/statement-files.md", msg)
		return nil
	}
	if len(doc.Content) == 0 {
		ps.addf(offset, "front matter is empty: it needs at least date and title")
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		ps.addf(offset+root.Line, "front matter must be a set of fields (title: …, date: …), not a %s", kindName(root))
		return nil
	}
	at := func(n *yaml.Node) int { return offset + n.Line }

	var gaps map[string]gapList
	seen := map[string]bool{}
	declared := map[string]int{} // language-list fields, by their line
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, val := root.Content[i], root.Content[i+1]
		if seen[key.Value] {
			ps.addf(at(key), "field %q appears twice: keep one", key.Value)
			continue
		}
		seen[key.Value] = true
		switch key.Value {
		case "title":
			st.Title = ps.languageMap(val, "title", at, ps.noMarkers("title", at))
			declared["title"] = at(key)
		case "subtitle":
			st.Subtitle = ps.languageMap(val, "subtitle", at, ps.noMarkers("subtitle", at))
			declared["subtitle"] = at(key)
		case "date":
			d, ok := ps.scalar(val, "date", at)
			if !ok {
				continue
			}
			t, err := time.Parse(time.DateOnly, d)
			if err != nil {
				ps.addf(at(val), "%s", dateProblem(d))
				continue
			}
			if t.Before(MinDate) || t.After(MaxDate) {
				ps.addf(at(val), "date %s is outside the range of dates the archive holds (%s to %s): check the year", d, MinDate.Format(time.DateOnly), MaxDate.Format(time.DateOnly))
				continue
			}
			st.Date = t
		case "issuer":
			st.Issuer, _ = ps.scalar(val, "issuer", at)
		case "reference":
			declared["reference"] = at(key)
			if val.Kind == yaml.MappingNode {
				st.Reference = ps.languageMap(val, "reference", at, nil)
			} else if r, ok := ps.scalar(val, "reference", at); ok {
				st.Reference = map[string]string{"": r}
			}
		case "unofficial", "incomplete":
			langs := ps.languageList(val, key.Value, at)
			if key.Value == "unofficial" {
				st.Unofficial = langs
			} else {
				st.Incomplete = langs
			}
			declared[key.Value] = at(key)
		case "source":
			declared["source"] = at(key)
			st.Source = ps.languageMap(val, "source", at, ps.webAddress("source", "the address the issuer published the text at", at))
		case "copy":
			declared["copy"] = at(key)
			st.Copy = ps.languageMap(val, "copy", at, ps.webAddress("copy", "the address of the copy the text was taken from", at))
		case "tags":
			if val.Kind != yaml.SequenceNode {
				ps.addf(at(val), "tags must be a list, e.g. tags: [cyber, china]")
				continue
			}
			for _, t := range val.Content {
				if tag, ok := ps.scalar(t, "a tag", at); ok {
					st.Tags = append(st.Tags, tag)
				}
			}
		case "gaps":
			gaps = ps.gaps(val, "gaps", at)
		case "cut":
			declared["cut"] = at(key)
			for lang, g := range ps.gaps(val, "cut", at) {
				if st.Cut == nil {
					st.Cut = map[string][]Ref{}
				}
				st.Cut[lang] = g.refs
			}
		case "inserted":
			ps.inserted = ps.insertedRows(val, at)
		case "aliases":
			st.Aliases = ps.aliases(val, st.ID, at)
		default:
			ps.addf(at(key), "unknown front-matter field %q: the fields are %s", key.Value, strings.Join(frontMatterFields, ", "))
		}
	}
	ps.listLines = declared
	if !seen["date"] {
		ps.addf(offset, "front matter has no date: add date: YYYY-MM-DD")
	}
	if len(st.Title) == 0 {
		ps.addf(offset, "front matter has no title: add title: with the title in at least one language, e.g. title: {en: \"…\"}")
	}
	return gaps
}

// aliases reads the identifiers a renamed statement was published under,
// such as aliases: [2021-07-19-nac-statement]: each must be a valid
// identifier, not the statement's own, and listed once.
func (ps *parser) aliases(n *yaml.Node, id string, at func(*yaml.Node) int) []string {
	if n.Kind != yaml.SequenceNode {
		ps.addf(at(n), "aliases must be a list of the identifiers the statement was published under, e.g. aliases: [2021-07-19-old-name]")
		return nil
	}
	var out []string
	for _, item := range n.Content {
		a, ok := ps.scalar(item, "an alias", at)
		switch {
		case !ok:
		case !ValidID(a):
			ps.addf(at(item), "alias %q is not a statement identifier: give the identifier (the file name without .txt) the statement was published under", a)
		case a == id:
			ps.addf(at(item), "alias %q is the statement's own identifier: list only the former ones", a)
		case slices.Contains(out, a):
			ps.addf(at(item), "aliases list %q twice: keep one", a)
		default:
			out = append(out, a)
		}
	}
	return out
}

// noMarkers refuses a footnote reference in a title or subtitle, which
// would then stand in every citation: the footnote's text belongs under
// the text, where a paragraph refers to it.
func (ps *parser) noMarkers(field string, at func(*yaml.Node) int) func(*yaml.Node) {
	return func(v *yaml.Node) {
		if n := Notes(v.Value); len(n) > 0 {
			ps.addf(at(v), "the %s holds the footnote reference [^%d]: remove it from the %s; keep the footnote's text at the end of the section, referred to from the paragraph it concerns", field, n[0], field)
		}
	}
}

// languageList reads a list of language codes, such as unofficial: [de].
func (ps *parser) languageList(n *yaml.Node, field string, at func(*yaml.Node) int) []string {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []string
	for _, item := range items {
		if item.Kind != yaml.ScalarNode || !ValidLanguage(item.Value) {
			ps.addf(at(item), "%s must list language codes, e.g. %s: [de]; %q is not one", field, field, item.Value)
			continue
		}
		if slices.Contains(out, item.Value) {
			ps.addf(at(item), "%s lists %s twice: keep one", field, item.Value)
			continue
		}
		out = append(out, item.Value)
	}
	return out
}

// scalar returns a non-empty string value, reporting anything else.
func (ps *parser) scalar(n *yaml.Node, what string, at func(*yaml.Node) int) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		ps.addf(at(n), "%s must be a single value, not a %s", what, kindName(n))
		return "", false
	}
	v := strings.TrimSpace(n.Value)
	if v == "" || n.Tag == "!!null" {
		ps.addf(at(n), "%s is empty: give a value or remove the field", what)
		return "", false
	}
	// YAML escapes ("\x1b", "\0") and block scalars reach here decoded, so
	// the file's own check for control characters cannot see them.
	if i := strings.IndexFunc(v, func(r rune) bool { return IsControl(r) || r == '\n' || r == '\r' || r == '\t' }); i >= 0 {
		r, _ := utf8.DecodeRuneInString(v[i:])
		ps.addf(at(n), "%s holds %U, a control character or line break (perhaps written as a YAML escape): write it on one line, without control characters", what, r)
		return "", false
	}
	if len(v) > MaxFieldBytes {
		ps.addf(at(n), "%s is %d bytes long, over the %d-byte limit for a front-matter value: check it is the %s, not a paragraph", what, len(v), MaxFieldBytes, what)
		return "", false
	}
	if !strings.ContainsFunc(v, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		ps.addf(at(n), "%s has no letter or digit: give the %s as published", what, what)
		return "", false
	}
	return v, true
}

// languageMap reads a map from language code to text, such as the titles.
func (ps *parser) languageMap(n *yaml.Node, field string, at func(*yaml.Node) int, check func(*yaml.Node)) map[string]string {
	if n.Kind != yaml.MappingNode {
		ps.addf(at(n), "%s must map language codes to text, e.g. %s: {en: \"…\", fr: \"…\"}", field, field)
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !ValidLanguage(k.Value) {
			ps.addf(at(k), "unknown language code %q in %s: use a lowercase ISO 639-1 code such as en or fr", k.Value, field)
			continue
		}
		if _, dup := out[k.Value]; dup {
			ps.addf(at(k), "%s in %s is given twice: keep one", k.Value, field)
			continue
		}
		s, ok := ps.scalar(v, field+" "+k.Value, at)
		if !ok {
			continue
		}
		if check != nil {
			check(v)
		}
		out[k.Value] = s
	}
	return out
}

// webAddress checks that a value is an http or https URL.
func (ps *parser) webAddress(field, what string, at func(*yaml.Node) int) func(*yaml.Node) {
	return func(v *yaml.Node) {
		u, err := url.Parse(v.Value)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			ps.addf(at(v), "%s %q is not an http or https URL: give %s", field, v.Value, what)
		}
	}
}

// gaps reads a map from language code to rows: the declared omissions
// (field gaps, the rows each language lacks) or the rows cut short in
// the copy (field cut).
func (ps *parser) gaps(n *yaml.Node, field string, at func(*yaml.Node) int) map[string]gapList {
	what := map[string]string{"gaps": "the paragraphs it lacks", "cut": "the paragraphs its copy cuts short"}[field]
	if n.Kind != yaml.MappingNode {
		ps.addf(at(n), "%s must map a language code to %s, e.g. %s: {fr: [7]} (or h2 for a heading, n1 for a footnote, preamble)", field, what, field)
		return nil
	}
	out := map[string]gapList{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !ValidLanguage(k.Value) {
			ps.addf(at(k), "unknown language code %q in %s: use a lowercase ISO 639-1 code such as en or fr", k.Value, field)
			continue
		}
		items := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			items = v.Content
		}
		g := gapList{line: at(k)}
		for _, item := range items {
			r, ok := ParseRef(item.Value)
			if item.Kind != yaml.ScalarNode || !ok {
				noun, list := "gap", "what the "+k.Value+" text lacks"
				if field == "cut" {
					noun, list = "cut", "the rows the "+k.Value+" copy cuts short"
				}
				ps.addf(at(item), "%s %q for %s is not a paragraph number, preamble, heading (h2) or footnote (n1): list %s, e.g. %s: {%s: [7]}", noun, item.Value, k.Value, list, field, k.Value)
				continue
			}
			g.refs = append(g.refs, r)
		}
		out[k.Value] = g
	}
	return out
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "map"
	default:
		return "single value"
	}
}

// dateProblem says what is wrong with a front-matter date that does not
// parse: a day that does not exist in a date written in the right form
// ("2023-02-30: February 2023 has 28 days"), or a date not in that form.
func dateProblem(d string) string {
	var y, m, day int
	if n, err := fmt.Sscanf(d, "%4d-%2d-%2d", &y, &m, &day); err == nil && n == 3 && len(d) == len("2006-01-02") && d[4] == '-' && d[7] == '-' {
		if m < 1 || m > 12 {
			return fmt.Sprintf("date %q has month %d, and a year has 12: check the month (the form is YYYY-MM-DD)", d, m)
		}
		last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if day < 1 || day > last {
			return fmt.Sprintf("date %q names a day that does not exist: %s %d has %d days; check the day", d, time.Month(m), y, last)
		}
	}
	return fmt.Sprintf("date %q is not a date in the form YYYY-MM-DD: write it like 2021-07-19", d)
}
