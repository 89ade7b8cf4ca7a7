package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"statementarchive/internal/index/indextest"
	"statementarchive/internal/search"
	"statementarchive/internal/statement"
)

// Statement text from an index cannot drive the terminal: every control
// character is shown as a visible stand-in, and only the bold codes search
// adds itself reach a terminal.
func TestSearchOutputNeutralisesControlCharacters(t *testing.T) {
	hostile := "A\x1b]0;owned\x07B\x1b[2JC\rD\x00E\x7fF\u0085G\u009bH"
	res := &search.Result{
		Request: search.Request{Query: "x", Page: 1, PerPage: 10},
		Total:   1,
		Facets:  search.Facets{Lang: []search.FacetCount{{Value: "en", Count: 1}}},
		Rows: []search.Row{{
			Statement: &statement.Statement{
				ID: "s", Title: map[string]string{"en": "Title " + hostile}, Issuer: "Issuer " + hostile,
				Date: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), Languages: []string{"en", "fr"},
			},
			Ref:       statement.Ref{Key: 1},
			Highlight: map[string]string{"en": "before <mark>x</mark> " + hostile + " &lt;mark&gt;&#27;"},
			Text:      map[string]string{"en": "before x", "fr": "Texte " + hostile + "\nsuite"},
			Matched:   []string{"en"},
			Show:      []string{"en", "fr"},
		}},
	}
	tests := []struct {
		name     string
		color    bool
		wantMark string
	}{
		{"terminal", true, "before \x1b[1mx\x1b[0m "},
		{"pipe", false, "before »x« "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			printResult(&b, res, tt.color)
			out := b.String()
			if !strings.Contains(out, tt.wantMark) {
				t.Errorf("output lacks the match marked as %q:\n%s", tt.wantMark, out)
			}
			rest := strings.NewReplacer("\x1b[1m", "", "\x1b[0m", "").Replace(out)
			for i, r := range rest {
				if r == '\r' || statement.IsControl(r) {
					t.Errorf("output holds control character %U at byte %d:\n%q", r, i, out)
					break
				}
			}
			for _, want := range []string{"Title A␛]0;owned␇B␛[2JC␍D␀E␡F\uFFFDG\uFFFDH", "Issuer A␛]0;owned", "[en] before", "&lt;mark&gt;␛"[len("&lt;mark&gt;"):], "<mark>␛", "[fr] Texte A␛", "\nsuite"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// Ingest from the terminal lists every problem of every kind at once, with
// its path and line and what to do, and leaves the index as it was.
func TestIngestListsEveryInputProblem(t *testing.T) {
	idx := filepath.Join(t.TempDir(), "idx")
	seedDir := indextest.WriteFiles(t, map[string]string{"2021-07-19-nac-cyber-solidarity.txt": indextest.Seed(t)})
	if _, errOut, err := runArchive(t, nil, "ingest", "-index", idx, seedDir); err != nil {
		t.Fatalf("ingest: %v\n%s", err, errOut)
	}
	outside := indextest.WriteFiles(t, map[string]string{"elsewhere.txt": "---\ntitle: {en: T}\ndate: 2024-01-01\n---\n[en]\n1. One.\n"})
	ok := "---\ntitle: {en: Fine}\ndate: 2024-01-01\n---\n[en]\n1. Fine.\n"
	dir := indextest.WriteFiles(t, map[string]string{
		"good.txt":     ok,
		"old-mac.txt":  strings.ReplaceAll(ok, "\n", "\r"),
		"FOO.TXT":      ok,
		"control.txt":  "---\ntitle: {en: T}\ndate: 2024-01-01\n---\n[en]\n1. Red \x1b[31malert.\n",
		"ancient.txt":  "---\ntitle: {en: T}\ndate: 0001-01-01\n---\n[en]\n1. One.\n",
		"long.txt":     "---\ntitle: {en: T}\ndate: 2024-01-01\n---\n[en]\n1. " + strings.Repeat("word ", statement.MaxParagraphBytes/4) + "\n",
		"cr-error.txt": "---\rtitle: {en: T}\rdate: 2024-02-30\r---\r[en]\r1. One.\r",
	})
	link := filepath.Join(dir, "linked.txt")
	if err := os.Symlink(filepath.Join(outside, "elsewhere.txt"), link); err != nil {
		t.Fatal(err)
	}
	_, errOut, err := runArchive(t, nil, "ingest", "-index", idx, dir)
	if err == nil {
		t.Fatal("ingest succeeded")
	}
	tests := []struct {
		name string
		want string
	}{
		{"upper-case extension", filepath.Join(dir, "FOO.TXT") + `: "FOO" is not a valid statement ID: rename the file`},
		{"date out of range", filepath.Join(dir, "ancient.txt") + ":3: date 0001-01-01 is outside the range of dates the archive holds (1800-01-01 to 2199-12-31)"},
		{"control character", filepath.Join(dir, "control.txt") + ":6:8: control character U+001B"},
		{"CR-only line numbers", filepath.Join(dir, "cr-error.txt") + `:3: date "2024-02-30" names a day that does not exist`},
		{"link out of the folder", link + ": a link to " + filepath.Join(outside, "elsewhere.txt") + ", outside the folder " + dir},
		{"paragraph too long", filepath.Join(dir, "long.txt") + ":6: paragraph 1 in the [en] section is"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, errOut)
			}
		})
	}
	if want := "6 problems in the statement files; nothing was ingested and the index at " + idx + " is unchanged"; !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want %q", err, want)
	}
	if got := statementIDs(t, idx); !equal(got, []string{"2021-07-19-nac-cyber-solidarity"}) {
		t.Errorf("index holds %v after a refused ingest, want the seed alone", got)
	}

	// A file saved with CR line endings alone is read as it reads on screen.
	mac := indextest.WriteFiles(t, map[string]string{"old-mac.txt": strings.ReplaceAll("---\ntitle: {en: Old Mac}\ndate: 2001-03-24\n---\n[en]\n1. Classic line endings.\n", "\n", "\r")})
	// (Into an index of its own: replacing the seed's would drop its
	// permalinks, which the ledger of this folder has no record of.)
	macIdx := filepath.Join(t.TempDir(), "mac-idx")
	if _, errOut, err := runArchive(t, nil, "ingest", "-index", macIdx, mac); err != nil {
		t.Fatalf("ingest of a CR-only file: %v\n%s", err, errOut)
	}
	out, _, err := runArchive(t, nil, "search", "-index", macIdx, "classic")
	if err != nil || !strings.Contains(out, "old-mac ¶1 [en]  2001-03-24") || !strings.Contains(out, "Old Mac") {
		t.Errorf("search of the CR-only statement: %v\n%s", err, out)
	}
}

// An -index folder holding what ingest did not make is refused from the
// terminal too, with what to do, and nothing in it is touched.
func TestIngestRefusesForeignIndexFolder(t *testing.T) {
	idx := t.TempDir()
	mine := filepath.Join(idx, "gen-mine", "thesis.txt")
	if err := os.MkdirAll(filepath.Dir(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("years of work"), 0o644); err != nil {
		t.Fatal(err)
	}
	seedDir := indextest.WriteFiles(t, map[string]string{"2021-07-19-nac-cyber-solidarity.txt": indextest.Seed(t)})
	_, _, err := runArchive(t, nil, "ingest", "-index", idx, seedDir)
	if err == nil || !strings.Contains(err.Error(), "holds what archive ingest did not make: gen-mine") || !strings.Contains(err.Error(), "give -index an empty or new folder") {
		t.Errorf("ingest into a folder of one's own = %v, want a refusal naming gen-mine and what to do", err)
	}
	if data, err := os.ReadFile(mine); err != nil || string(data) != "years of work" {
		t.Errorf("the operator's file is gone or changed: %q, %v", data, err)
	}
	entries, _ := os.ReadDir(idx)
	if len(entries) != 1 {
		t.Errorf("the folder now holds %d entries, want only gen-mine", len(entries))
	}
}
