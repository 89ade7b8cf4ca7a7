package index

import (
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/bg"
	"github.com/blevesearch/bleve/v2/analysis/lang/ca"
	"github.com/blevesearch/bleve/v2/analysis/lang/cs"
	"github.com/blevesearch/bleve/v2/analysis/lang/el"
	"github.com/blevesearch/bleve/v2/analysis/lang/eu"
	"github.com/blevesearch/bleve/v2/analysis/lang/ga"
	"github.com/blevesearch/bleve/v2/analysis/lang/gl"
	"github.com/blevesearch/bleve/v2/analysis/lang/hy"
	"github.com/blevesearch/bleve/v2/analysis/lang/id"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"statementarchive/internal/statement"

	// Bleve's language analyzers register themselves by name.
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ar"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ckb"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/da"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/es"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fa"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hu"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/it"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/nl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/no"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pt"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ro"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ru"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/tr"
	_ "github.com/blevesearch/bleve/v2/analysis/token/elision"
)

// MappingVersion names the index layout: the mapping and analysis below,
// the shards and the catalog. Change it with any change to them: an index
// built with another version is refused and rebuilt, never half-read.
const MappingVersion = 9

// Field names of the index's documents. A row document holds one aligned
// row of a statement (a paragraph, the preamble, a heading or a footnote)
// in every language it has, each language's text in the field of its
// language (TextField), analysed by that language's analyzer; its
// statement and ref are read from its ID (DocID). A statement document
// holds a statement's title, subtitle and reference in each language
// (MetaField) and its issuer, tags and any reference for every language
// (FieldMeta). Both kinds carry the filter fields: the statement, its
// date, year, issuer and tags; a row also its languages.
const (
	FieldLang      = "lang"
	FieldDate      = "date"
	FieldYear      = "year"
	FieldIssuer    = "issuer"
	FieldTag       = "tag"
	FieldStatement = "statement"
	FieldMeta      = "meta"
)

// TextField returns the name of the text field for a language, e.g. "text_fr".
func TextField(lang string) string { return "text_" + lang }

// MetaField returns the name of the field of a statement's title,
// subtitle and reference in a language, e.g. "meta_fr".
func MetaField(lang string) string { return "meta_" + lang }

// bleveAnalyzers maps a language code to the Bleve analyzer that stems it.
var bleveAnalyzers = map[string]string{
	"ar": "ar", "da": "da", "de": "de", "en": "en", "es": "es", "fa": "fa",
	"fi": "fi", "fr": "fr", "hi": "hi", "hr": "hr", "hu": "hu", "it": "it",
	"nb": "no", "nl": "nl", "no": "no", "pl": "pl", "pt": "pt", "ro": "ro", "ru": "ru",
	"sv": "sv", "tr": "tr", "ja": "cjk", "ko": "cjk", "zh": "cjk",
}

// stopOnly lists languages Bleve has stop words (and elision) for but no stemmer.
var stopOnly = map[string][]string{
	"bg": {bg.StopName}, "ca": {ca.ElisionName, ca.StopName}, "cs": {cs.StopName},
	"el": {el.StopName}, "eu": {eu.StopName}, "ga": {ga.ElisionName, ga.StopName},
	"gl": {gl.StopName}, "hy": {hy.StopName}, "id": {id.StopName},
}

// FallbackAnalyzer is the analyzer of languages Bleve has no analysis for: Unicode
// normalisation (NFKC), lower case, and accent folding.
const FallbackAnalyzer = "archive_fallback"

// AnalyzedLanguages returns, sorted, the languages the archive has an
// analyzer of their own for: stemming, or stop words alone. Every other
// language is analysed by FallbackAnalyzer.
func AnalyzedLanguages() []string {
	var out []string
	for l := range bleveAnalyzers {
		out = append(out, l)
	}
	for l := range stopOnly {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// AnalyzerName returns the name of the analyzer the archive uses for a language.
func AnalyzerName(lang string) string {
	if _, ok := bleveAnalyzers[lang]; ok {
		return "archive_" + lang
	}
	if _, ok := stopOnly[lang]; ok {
		return "archive_" + lang
	}
	return FallbackAnalyzer
}

// foldFilter removes accents, so that "sécurité" and "securite" index alike,
// as readers who type without accents expect. Bleve's ASCII folding leaves
// non-Latin scripts as they are.
type foldFilter struct {
	fold *asciifolding.AsciiFoldingFilter
}

func (f foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if !isASCII(tok.Term) { // most terms are: skip the rune conversion
			tok.Term = f.fold.Filter(tok.Term)
		}
	}
	return input
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// noteFilter blanks footnote references ([^1]) before a text is split
// into words: a reference's number is no word of the text, and blanking
// keeps every other word at its offset in the stored text, which the
// highlighter relies on.
type noteFilter struct{}

func (noteFilter) Filter(input []byte) []byte { return statement.BlankNotes(input) }

// Fold removes accents the way the index does, for query forms (prefixes)
// that bypass the analyzer.
func Fold(term string) string { return string(asciifolding.New().Filter([]byte(term))) }

// The archive's analyzers are registered with Bleve by name, so that an index
// opened later finds them: each is Bleve's analyzer for the language with
// accent folding inserted before its last filter (the stemmer: after stop
// words, whose lists carry accents); for a language Bleve only has stop words
// for, lower case, stop words and folding; for any other, the fallback.
// Every one blanks footnote references first (noteFilter).
func init() {
	fold := foldFilter{asciifolding.New()}
	notes := []analysis.CharFilter{noteFilter{}}
	for lang, name := range bleveAnalyzers {
		name := name
		register(AnalyzerName(lang), func(cache *registry.Cache) (analysis.Analyzer, error) {
			a, err := cache.AnalyzerNamed(name)
			if err != nil {
				return nil, err
			}
			def, ok := a.(*analysis.DefaultAnalyzer)
			if !ok || len(def.TokenFilters) == 0 {
				return nil, fmt.Errorf("bleve analyzer %s: unexpected form %T", name, a)
			}
			last := len(def.TokenFilters) - 1
			filters := append(append(append([]analysis.TokenFilter{}, def.TokenFilters[:last]...), fold), def.TokenFilters[last])
			chars := append(append([]analysis.CharFilter{}, notes...), def.CharFilters...)
			return &analysis.DefaultAnalyzer{CharFilters: chars, Tokenizer: def.Tokenizer, TokenFilters: filters}, nil
		})
	}
	for lang, names := range stopOnly {
		names := names
		register(AnalyzerName(lang), func(cache *registry.Cache) (analysis.Analyzer, error) {
			filters := []analysis.TokenFilter{lowercase.NewLowerCaseFilter()}
			for _, n := range names {
				f, err := cache.TokenFilterNamed(n)
				if err != nil {
					return nil, err
				}
				filters = append(filters, f)
			}
			return &analysis.DefaultAnalyzer{CharFilters: notes, Tokenizer: unicode.NewUnicodeTokenizer(), TokenFilters: append(filters, fold)}, nil
		})
	}
	register(FallbackAnalyzer, func(*registry.Cache) (analysis.Analyzer, error) {
		return &analysis.DefaultAnalyzer{
			CharFilters: notes,
			Tokenizer:   unicode.NewUnicodeTokenizer(),
			TokenFilters: []analysis.TokenFilter{
				unicodenorm.MustNewUnicodeNormalizeFilter(unicodenorm.NFKC),
				lowercase.NewLowerCaseFilter(),
				fold,
			},
		}, nil
	})
}

func register(name string, build func(*registry.Cache) (analysis.Analyzer, error)) {
	err := registry.RegisterAnalyzer(name, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		return build(cache)
	})
	if err != nil {
		panic(err)
	}
}

// newMapping builds the index mapping for a corpus in the given languages:
// one row document per aligned row, with one text field per language (and
// a pairs field per language that has frequent words), and one statement
// document per statement. Nothing is indexed dynamically and nothing goes
// to _all.
func newMapping(langs []string, frequent map[string][]string) (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	m.DefaultAnalyzer = "standard"
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false

	doc := mapping.NewDocumentStaticMapping()
	// Filters only: indexed, not stored. A search counts its facets per
	// statement (facets.go); only the year keeps doc values, for the
	// trend's facet.
	for _, f := range []string{FieldLang, FieldYear, FieldIssuer, FieldTag, FieldStatement} {
		keyword := mapping.NewKeywordFieldMapping()
		keyword.Store = false
		keyword.IncludeInAll = false
		keyword.IncludeTermVectors = false
		keyword.DocValues = f == FieldYear
		doc.AddFieldMappingsAt(f, keyword)
	}

	date := mapping.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	doc.AddFieldMappingsAt(FieldDate, date)

	for _, lang := range langs {
		text := mapping.NewTextFieldMapping()
		text.Analyzer = AnalyzerName(lang)
		text.Store = true
		text.IncludeTermVectors = true // phrase queries and the highlighter need them
		text.IncludeInAll = false
		text.DocValues = false
		doc.AddFieldMappingsAt(TextField(lang), text)

		// Stored, not indexed: the renderings read a row's terms with
		// its texts (rowterms.go).
		terms := mapping.NewTextFieldMapping()
		terms.Index = false
		terms.Store = true
		terms.IncludeTermVectors = false
		terms.IncludeInAll = false
		terms.DocValues = false
		doc.AddFieldMappingsAt(TermsField(lang), terms)

		meta := mapping.NewTextFieldMapping()
		meta.Analyzer = AnalyzerName(lang)
		meta.Store = false
		meta.IncludeTermVectors = false
		meta.IncludeInAll = false
		meta.DocValues = false
		doc.AddFieldMappingsAt(MetaField(lang), meta)

		if words := frequent[lang]; len(words) > 0 {
			name := pairAnalyzerName(lang)
			if err := m.AddCustomAnalyzer(name, map[string]interface{}{"type": pairAnalyzerType, "lang": lang, "words": words}); err != nil {
				return nil, fmt.Errorf("pairs analyzer for %s: %w", lang, err)
			}
			pairs := mapping.NewTextFieldMapping()
			pairs.Analyzer = name
			pairs.Store = false
			pairs.IncludeTermVectors = false
			pairs.IncludeInAll = false
			pairs.DocValues = false
			doc.AddFieldMappingsAt(PairField(lang), pairs)
		}
	}
	meta := mapping.NewTextFieldMapping()
	meta.Analyzer = FallbackAnalyzer
	meta.Store = false
	meta.IncludeTermVectors = false
	meta.IncludeInAll = false
	meta.DocValues = false
	doc.AddFieldMappingsAt(FieldMeta, meta)
	// No _all field: nothing is searched through it, and building its
	// composite costs a tenth of the ingest even when empty.
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	m.DefaultMapping = doc
	return m, m.Validate()
}
