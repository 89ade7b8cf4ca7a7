package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"statementarchive/internal/align"
)

// checkFixtures copies the align package's test statements named into a new
// folder and returns it.
func checkFixtures(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join("..", "..", "internal", "align", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runCheckCmd runs archive check in-process and returns what it printed.
func runCheckCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &environment{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	err = runCheck(context.Background(), env, args)
	return out.String(), errOut.String(), err
}

func TestCheckCommand(t *testing.T) {
	dir := checkFixtures(t, "clean.txt", "shifted.txt", "merged.txt")
	broken := filepath.Join(t.TempDir(), "broken.txt")
	if err := os.WriteFile(broken, []byte("---\ntitle: {en: T}\ndate: 2024-07-10\n---\n[en]\n1. One.\n3. Three.\n2. Two.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		wantErr    string // a phrase of the error; "" for none
		wantOut    []string
		wantErrOut []string
	}{
		{"sound translation", []string{filepath.Join(dir, "clean.txt")}, "",
			[]string{"checked 1 statement from ", "no alignment findings"}, nil},
		{"paragraph missing in the middle", []string{filepath.Join(dir, "shifted.txt")}, "1 alignment finding in the statement files",
			[]string{filepath.Join(dir, "shifted.txt") + " (en/fr)", "paragraphs 6–14: misplaced gap", "the [fr] gap declared at 14 belongs at 6", "change gaps: {fr: [14]} to gaps: {fr: [6]}", "evidence: [en] 506 205", "1 alignment finding (1 misplaced gap) in 1 statement"}, nil},
		{"two paragraphs joined", []string{filepath.Join(dir, "merged.txt")}, "1 alignment finding",
			[]string{"paragraphs 5 and 6: merge", "[fr] paragraph 5", "split [fr] paragraph 5 in two before"}, nil},
		{"folder", []string{dir}, "2 alignment findings in the statement files from " + dir,
			[]string{"checked 3 statements from " + dir, "2 alignment findings (1 misplaced gap, 1 merge) in 2 statements"}, nil},
		{"file that does not parse", []string{broken}, "1 problem in",
			[]string{"checked 0 statements", "1 problem in 1 file that could not be checked"}, []string{broken + ":8: paragraph 2 comes after paragraph 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, err := runCheckCmd(t, tt.args...)
			checkOutcome(t, out, err, tt.wantErr, tt.wantOut)
			for _, want := range tt.wantErrOut {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
		})
	}
}

// With no argument, check reads the statements folder, or the bundled
// statements where there is none, as ingest does; they are sound.
func TestCheckBundledStatements(t *testing.T) {
	t.Chdir(t.TempDir())
	out, _, err := runCheckCmd(t)
	if err != nil {
		t.Fatalf("got error %v on the bundled statements:\n%s", err, out)
	}
	if !strings.Contains(out, "the statements bundled in this binary: no alignment findings") {
		t.Errorf("got %q, want a clean report of the bundled statements", out)
	}
}

func TestCheckJSON(t *testing.T) {
	dir := checkFixtures(t, "clean.txt", "shifted.txt")
	if err := os.WriteFile(filepath.Join(dir, "Bad.txt"), []byte("---\ntitle: {en: T}\ndate: 2024-07-10\n---\n[en]\n1. One.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCheckCmd(t, "-json", dir)
	if err == nil {
		t.Errorf("got no error, want one for the shifted file")
	}
	var doc struct {
		Statements int `json:"statements"`
		Findings   []struct {
			Path      string   `json:"path"`
			Statement string   `json:"statement"`
			RefLang   string   `json:"ref_lang"`
			Lang      string   `json:"lang"`
			Kind      string   `json:"kind"`
			Cause     string   `json:"cause"`
			Fix       string   `json:"fix"`
			Keys      []string `json:"keys"`
			Message   string   `json:"message"`
			Evidence  struct {
				RefLengths []int   `json:"ref_lengths"`
				Lengths    []int   `json:"lengths"`
				Cost       float64 `json:"cost"`
				FileCost   float64 `json:"file_cost"`
			} `json:"evidence"`
		} `json:"findings"`
		Problems []struct {
			Path    string `json:"path"`
			Message string `json:"message"`
		} `json:"problems"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not one JSON document: %v\n%s", err, out)
	}
	if doc.Statements != 2 || len(doc.Findings) != 1 || len(doc.Problems) != 1 {
		t.Fatalf("got %d statements, %d findings, %d problems, want 2, 1, 1:\n%s", doc.Statements, len(doc.Findings), len(doc.Problems), out)
	}
	f := doc.Findings[0]
	if f.Path != filepath.Join(dir, "shifted.txt") || f.Statement != "shifted" || f.RefLang != "en" || f.Lang != "fr" || f.Kind != "shift" || len(f.Keys) == 0 || f.Keys[0] != "6" || f.Message == "" ||
		f.Cause != "misplaced gap" || f.Fix != "change gaps: {fr: [14]} to gaps: {fr: [6]}; if the [fr] section numbers its paragraphs, also renumber [fr] paragraphs 6 to 13 as 7 to 14" {
		t.Errorf("got finding %+v, want the shift from paragraph 6 of shifted.txt", f)
	}
	if len(f.Evidence.RefLengths) == 0 || f.Evidence.FileCost <= f.Evidence.Cost {
		t.Errorf("got evidence %+v, want lengths and the file's pairing costlier", f.Evidence)
	}
	if p := doc.Problems[0]; !strings.HasSuffix(p.Path, "Bad.txt") || !strings.Contains(p.Message, "not a valid statement ID") {
		t.Errorf("got problem %+v, want Bad.txt's ID refused", p)
	}
}

// withFrontMatter returns the test statement name of the align package
// with its front matter's gaps set to gaps and its French paragraphs
// replaced by fr, each a blank-line-separated paragraph of an unnumbered
// section, as someone editing the file would leave it.
func withFrontMatter(t *testing.T, name, gaps string, fr func([]string) []string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "internal", "align", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	cut := strings.Index(text, "\n[fr]\n")
	head, body := text[:cut], text[cut+len("\n[fr]\n"):]
	var paras []string
	for _, p := range strings.Split(strings.TrimSpace(body), "\n\n") {
		paras = append(paras, strings.TrimSpace(p))
	}
	head = strings.Replace(head, "\n---\n", "\ngaps: "+gaps+"\n---\n", 1) // the end of the front matter
	return head + "\n[fr]\n" + strings.Join(fr(paras), "\n\n") + "\n"
}

// check names each broken variant's cause and the edit that mends it,
// from the file as written, in the report and in -json.
func TestCheckNamesCauseAndFix(t *testing.T) {
	tests := []struct {
		name, file, gaps string
		fr               func([]string) []string
		wantOut          []string
	}{
		{"formulaic text with gaps declared at the end", "formulaic.txt", "{fr: [6, 7]}",
			func(p []string) []string { return append(append(p[:2:2], p[3]), p[5:]...) },
			[]string{"paragraphs 3–7: misplaced gap", "change gaps: {fr: [6, 7]} to gaps: {fr: [3, 5]}", "1 alignment finding (1 misplaced gap) in 1 statement"}},
		{"framing sentence", "formulaic.txt", "{en: [8]}",
			func(p []string) []string {
				return append([]string{"On trouvera ci-après le texte de la déclaration faite à la presse par le Président du Conseil :"}, p...)
			},
			[]string{"paragraphs 1–8: shift", "introduces the statement", "remove [fr] paragraph 1; delete en: [8] from gaps", "1 alignment finding (1 shift) in 1 statement"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "variant.txt")
			if err := os.WriteFile(path, []byte(withFrontMatter(t, tt.file, tt.gaps, tt.fr)), 0o644); err != nil {
				t.Fatal(err)
			}
			out, _, err := runCheckCmd(t, path)
			checkOutcome(t, out, err, "1 alignment finding", tt.wantOut)
		})
	}
}

// bilingual returns a statement file of n numbered paragraphs in English
// and French, each French one a little longer, as translations run.
func bilingual(n int, langs ...string) string {
	var b strings.Builder
	b.WriteString("---\ntitle: {en: Long}\ndate: 2024-07-10\n---\n")
	words := map[string]string{"en": "The Council agreed on item", "fr": "Le Conseil est convenu du point"}
	for _, l := range langs {
		fmt.Fprintf(&b, "[%s]\n", l)
		for k := 1; k <= n; k++ {
			fmt.Fprintf(&b, "%d. %s %d.\n", k, words[l], k)
		}
	}
	return b.String()
}

// What check does not align — over a limit, or with nothing to align — is
// said with the statement, the limit and its value, and a run that could
// align nothing at all fails instead of reporting "no alignment findings".
func TestCheckSaysWhatItSkips(t *testing.T) {
	clean := checkFixtures(t, "clean.txt")
	tests := []struct {
		name    string
		files   map[string]string
		with    bool   // with clean.txt beside them, which checks sound
		wantErr string // "" for success
		wantOut []string
	}{
		{"over the paragraph limit", map[string]string{"huge.txt": bilingual(align.MaxParagraphs+1, "en", "fr")}, false,
			"nothing was checked",
			[]string{"not checked:", "huge.txt: [fr] not aligned with [en]: 10001 paragraphs in both, over the limit of 10000 that check aligns", "1 language pair not aligned"}},
		{"over the paragraph limit, beside a sound statement", map[string]string{"huge.txt": bilingual(align.MaxParagraphs+1, "en", "fr")}, true,
			"", []string{"checked 2 statements", "no alignment findings; 1 language pair not aligned"}},
		{"aligned only near the file's pairing", map[string]string{"long.txt": bilingual(2048, "en", "fr")}, false,
			"", []string{"long.txt: [fr] aligned with [en] only within 64 paragraphs of the file's pairing: 2048 paragraphs in both, over the 2047 × 2047 searched in full", "1 language pair aligned only in part"}},
		{"one language only", map[string]string{"single.txt": bilingual(3, "en")}, false,
			"nothing was checked", []string{"single.txt: only [en]: a statement in one language has no translation to align", "1 statement in one language"}},
		{"no statement files", map[string]string{"README.md": "notes"}, false,
			"no statement files (*.txt) in", []string{"checked 0 statements"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{dir}
			if tt.with {
				args = append(args, filepath.Join(clean, "clean.txt"))
			}
			out, _, err := runCheckCmd(t, args...)
			checkOutcome(t, out, err, tt.wantErr, tt.wantOut)
		})
	}

	// -json lists them too.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "single.txt"), []byte(bilingual(3, "en")), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, _ := runCheckCmd(t, "-json", dir)
	var doc struct {
		Compared int `json:"compared"`
		Skipped  []struct {
			Path, Statement, Message string
		} `json:"skipped"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("output is not one JSON document: %v\n%s", err, out)
	}
	if doc.Compared != 0 || len(doc.Skipped) != 1 || doc.Skipped[0].Statement != "single" || !strings.Contains(doc.Skipped[0].Message, "only [en]") {
		t.Errorf("got %+v, want nothing compared and the single-language statement skipped", doc)
	}
}

// checkOutcome checks a check command's error (none, or one saying
// wantErr) and that its output holds each of wantOut.
func checkOutcome(t *testing.T, out string, err error, wantErr string, wantOut []string) {
	t.Helper()
	switch {
	case wantErr == "" && err != nil:
		t.Fatalf("got error %v, want none\n%s", err, out)
	case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
		t.Fatalf("got error %v, want one saying %q\n%s", err, wantErr, out)
	}
	for _, want := range wantOut {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
