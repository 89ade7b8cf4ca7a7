package search

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what one query may ask, so that no request can hold a core for long.
const (
	// MaxQueryLength is the longest query accepted, in bytes.
	MaxQueryLength = 1000
	// MaxClauses is the most words and phrases one query may hold.
	MaxClauses = 32
	// MinPrefixLength is the fewest letters a prefix* may have.
	MinPrefixLength = 2
)

// Occur says whether a clause must, may or must not match.
type Occur int

// How a clause takes part in a query: a plain word may match, +word must
// and -word must not.
const (
	Should Occur = iota
	Must
	MustNot
)

// Clause is one word, phrase or prefix of a parsed query.
type Clause struct {
	Occur Occur
	// Text is the word, the phrase's words, or the prefix without its *.
	Text string
	// Phrase is set for a "quoted phrase", Prefix for a prefix*.
	Phrase, Prefix bool
}

var (
	fieldSyntax  = regexp.MustCompile(`^[\p{L}_][\p{L}\p{N}_.]*:.`)
	luceneSuffix = regexp.MustCompile(`(~[0-9]*|\^[0-9]+(\.[0-9]+)?)$`)
)

// ParseQuery splits a user's query into clauses: words, "phrases",
// +required, -excluded and prefix*. It returns a fault.Invalid error for anything it
// cannot read, saying what to change.
func ParseQuery(q string) ([]Clause, error) {
	if len(q) > MaxQueryLength {
		return nil, errorf("the query is %d characters long; the limit is %d: shorten it", utf8.RuneCountInString(q), MaxQueryLength)
	}
	if !utf8.ValidString(q) {
		return nil, errorf("the query is not valid UTF-8 text: retype it")
	}
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, q)

	var clauses []Clause
	rest := q
	for {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		c := Clause{Occur: Should}
		switch rest[0] {
		case '+':
			c.Occur, rest = Must, rest[1:]
		case '-':
			c.Occur, rest = MustNot, rest[1:]
		}
		if rest == "" || unicode.IsSpace(rune(rest[0])) {
			continue // a lone + or -
		}
		if rest[0] == '"' {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				return nil, errorf("a phrase is opened with \" but never closed: add the closing \" or remove the quote")
			}
			c.Text, c.Phrase = rest[1:1+end], true
			rest = rest[2+end:]
			if strings.TrimSpace(c.Text) == "" {
				continue
			}
		} else {
			end := strings.IndexFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || r == '"' })
			if end < 0 {
				end = len(rest)
			}
			c.Text, rest = rest[:end], rest[end:]
			// Fuzziness (word~2) and boosts (word^3) from other engines'
			// syntax are not offered; the word is searched as it is.
			c.Text = luceneSuffix.ReplaceAllString(c.Text, "")
			if c.Text == "" {
				continue
			}
			if fieldSyntax.MatchString(c.Text) {
				name := c.Text[:strings.IndexByte(c.Text, ':')]
				return nil, errorf("searching a field (%s:) is not supported: search words and \"phrases\", and use the filters for language, issuer and date", name)
			}
			if strings.HasSuffix(c.Text, "*") {
				c.Text, c.Prefix = strings.TrimRight(c.Text, "*"), true
				if utf8.RuneCountInString(strings.TrimFunc(c.Text, notWordRune)) < MinPrefixLength {
					return nil, errorf("a prefix needs at least %d letters before the *: type more of the word", MinPrefixLength)
				}
			}
			if strings.Contains(c.Text, "*") {
				return nil, errorf("* goes at the end of a word, as in cyber*: other wildcards are not supported")
			}
		}
		clauses = append(clauses, c)
		if len(clauses) > MaxClauses {
			return nil, errorf("the query has more than %d words and phrases: shorten it", MaxClauses)
		}
	}
	return clauses, nil
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }
