package main

import (
	"path/filepath"
	"strings"
	"testing"

	"statementarchive/internal/index/indextest"
)

// Flags after the query are flags ("cyber -lang fr"), words named like no
// flag stay words of the query ("cyber -china"), and after "--" every
// argument is a word.
func TestSearchFlagsAfterQuery(t *testing.T) {
	idx := filepath.Join(t.TempDir(), "idx")
	if _, errOut, err := runArchive(t, nil, "ingest", "-index", idx, filepath.Join(indextest.ModuleRoot(), "statements")); err != nil {
		t.Fatalf("ingest: %v\n%s", err, errOut)
	}
	for _, tc := range []struct {
		name    string
		args    []string
		want    []string
		notWant []string
	}{
		{"flag after the query", []string{"securite", "-lang", "fr"}, []string{"3 rows for \"securite\""}, []string{"-lang"}},
		{"flag with = after the query", []string{"cyber", "-lang=fr", "-n", "1"}, []string{"rows for \"cyber\"", "[fr]"}, []string{"2. "}},
		{"an excluded word stays a word", []string{"ransomware", "-china"}, []string{"for \"ransomware -china\""}, nil},
		{"after --, a flag's name is a word", []string{"-lang", "en", "--", "ransomware", "-n"}, []string{"for \"ransomware -n\""}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, err := runArchive(t, nil, append([]string{"search", "-index", idx}, tc.args...)...)
			if err != nil {
				t.Fatalf("search %v: %v\n%s", tc.args, err, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("search %v: output lacks %q:\n%s", tc.args, w, out)
				}
			}
			for _, nw := range tc.notWant {
				if strings.Contains(out, nw) {
					t.Errorf("search %v: output has %q:\n%s", tc.args, nw, out)
				}
			}
		})
	}
}
