package index

import (
	"context"
	"reflect"
	"testing"
)

// TestAnalyseAllMatchesAnalyzer checks that analysing the rows of a
// rendering with each distinct word filtered once gives the tokens the
// whole analyzer gives, in every language the archive has an analyzer for.
func TestAnalyseAllMatchesAnalyzer(t *testing.T) {
	texts := []string{
		"NATO's Allies said: « l’OTAN et l'Union européenne réaffirment leur engagement » in 2024.",
		"Die Bündnispartner bekräftigen ihre Verpflichtung; los aliados reafirman su compromiso[1].",
		"Союзники подтверждают свои обязательства. 北约盟国重申承诺。 NATO-Verbündete, e-mail, cyber/hybrid.",
		"The Allies, the Allies' plans and THE ALLIES: running runs ran, réaffirmons réaffirmé.",
	}
	langs := append(AnalyzedLanguages(), "xx")
	m, err := newMapping([]string{"en"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			an := m.AnalyzerNamed(AnalyzerName(lang))
			if an == nil {
				t.Fatalf("no analyzer %s", AnalyzerName(lang))
			}
			got, err := AnalyseAll(context.Background(), an, texts)
			if err != nil {
				t.Fatal(err)
			}
			want, err := analyseWhole(context.Background(), an, texts)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("AnalyseAll(%s) = %v, want %v", lang, got, want)
			}
		})
	}
}
