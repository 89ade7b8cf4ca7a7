package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"statementarchive/internal/statement"
)

// importFixtures are the draft package's fixtures: text shaped like real
// pages, in invented words.
const importFixtures = "../../internal/draft/testdata"

func runImportCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &environment{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	err = runImport(context.Background(), env, args)
	return out.String(), errOut.String(), err
}

// A user imports a press statement to standard output, is told the ID to
// save it under, then writes it with -o and ingests it as it is.
func TestImportToStdoutThenFile(t *testing.T) {
	in := filepath.Join(importFixtures, "press-statement-pdf.txt")
	out, errOut, err := runImportCmd(t, in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "---\n") || !strings.Contains(out, "\n[en]\n") || !strings.Contains(out, "\n[fr]\n") {
		t.Errorf("stdout is not a statement file:\n%s", out)
	}
	if want := "save it as statements/2022-03-03-statement-north-atlantic-council-storm-damage.txt"; !strings.Contains(errOut, want) {
		t.Errorf("stderr = %q, want the suggested file name %q", errOut, want)
	}

	path := filepath.Join(t.TempDir(), "2022-03-03-storm-damage.txt")
	if _, errOut, err = runImportCmd(t, "-o", path, in); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut, "wrote "+path) {
		t.Errorf("stderr = %q, want it to name the file written", errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != out {
		t.Errorf("-o wrote something else than standard output had:\n%s", data)
	}
	// Unreviewed, the draft is refused; its CHECK lines deleted, it parses.
	if _, err := statement.Parse(path, data); err == nil || !strings.Contains(err.Error(), "not yet reviewed") {
		t.Errorf("the draft with its CHECK lines parses (%v), want it refused as not yet reviewed", err)
	}
	var reviewed []string
	for _, l := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(l, "# CHECK") {
			reviewed = append(reviewed, l)
		}
	}
	if _, err := statement.Parse(path, []byte(strings.Join(reviewed, "\n"))); err != nil {
		t.Errorf("the imported file, reviewed, does not parse: %v", err)
	}
}

func TestImportRefuses(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "2022-03-03-taken.txt")
	if err := os.WriteFile(existing, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(importFixtures, "press-statement-pdf.txt")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"existing file", []string{"-o", existing, in}, existing + " exists and was left as it is: remove it, or choose another -o"},
		{"not .txt", []string{"-o", filepath.Join(dir, "x.md"), in}, "statement files end in .txt"},
		{"not an ID", []string{"-o", filepath.Join(dir, "Riga Summit.txt"), in}, `"Riga Summit" is not a valid statement ID`},
		{"missing input", []string{filepath.Join(dir, "nowhere.txt")}, "nowhere.txt: cannot read it (no such file or directory): check the path"},
		{"no input", nil, "usage"},
		{"two texts in one language", []string{filepath.Join(importFixtures, "communique-en.txt"), filepath.Join(importFixtures, "communique-pdf-en.txt")}, "a second text in English"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, err := runImportCmd(t, tt.args...)
			if err == nil || !strings.Contains(err.Error()+errOut, tt.want) {
				t.Errorf("import = %v (stderr %q), want an error containing %q", err, errOut, tt.want)
			}
		})
	}
	if data, _ := os.ReadFile(existing); string(data) != "keep me" {
		t.Errorf("the existing file was changed: %q", data)
	}
	if _, _, err := runImportCmd(t); !errors.Is(err, errUsage) {
		t.Errorf("import with no file = %v, want a usage error", err)
	}
}

// The "done when": a new user imports a long communiqué copied
// from its web pages in three languages (a preamble, headings, lettered
// and dashed items, a footnote), confirms what import marked, checks,
// ingests and reads it, having edited nothing but the CHECK lines.
func TestImportCheckIngestCommunique(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "statements", "2019-06-14-bergen.txt")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var in []string
	for _, l := range []string{"en", "fr", "de"} {
		in = append(in, filepath.Join(importFixtures, "communique-"+l+".txt"))
	}
	if _, errOut, err := runImportCmd(t, append([]string{"-o", path}, in...)...); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The user confirms each CHECK (here every one is right) and deletes it.
	var kept []string
	checks := 0
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "# CHECK:") || strings.HasPrefix(line, "# Confirm or correct") {
			checks++
			continue
		}
		kept = append(kept, line)
	}
	if checks == 0 {
		t.Error("import marked nothing to confirm; the fixture has headings pasted without a blank line")
	}
	if err := os.WriteFile(path, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, err := runArchive(t, nil, "check", filepath.Dir(path)); err != nil {
		t.Fatalf("check: %v\n%s%s", err, out, errOut)
	}
	idx := filepath.Join(dir, "idx")
	if _, errOut, err := runArchive(t, nil, "ingest", "-index", idx, filepath.Dir(path)); err != nil {
		t.Fatalf("ingest: %v\n%s", err, errOut)
	}
	out, errOut, err := runArchive(t, nil, "search", "-index", idx, "-lang", "fr", "câbles")
	if err != nil || !strings.Contains(out, "2019-06-14-bergen ¶4 [fr]") {
		t.Errorf("search câbles: %v\n%s%s", err, out, errOut)
	}
	out, _, err = runArchive(t, nil, "search", "-index", idx, "-lang", "en", "Northern Forum")
	if err != nil || !strings.Contains(out, "2019-06-14-bergen preamble [en]") {
		t.Errorf("search Northern Forum: %v\n%s", err, out)
	}
}

// importPages are the draft package's saved pages: shaped like official
// pages, in invented words.
const importPages = "../../internal/draft/testdata/pages"

// A user imports the English and French pages of one statement, saved from
// the browser, into one draft with the pages' addresses as its source; the
// draft, its CHECK lines settled, passes archive check.
func TestImportSavedPages(t *testing.T) {
	en, fr := filepath.Join(importPages, "nato-en.html"), filepath.Join(importPages, "nato-fr.html")
	out, errOut, err := runImportCmd(t, en, fr)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, errOut)
	}
	for _, want := range []string{
		"\n[en]\n", "\n[fr]\n",
		`source: {en: "https://www.nato.int/cps/en/natohq/official_texts_190123.htm", fr: "https://www.nato.int/cps/fr/natohq/official_texts_190123.htm"}`,
		`nato-en.html: left out "This site uses cookies`,
		"4. Les partenaires qui exploitent leurs propres câbles sont invités à se joindre à ces travaux[^1].",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("draft lacks %q:\n%s", want, out)
		}
	}
	if want := "save it as statements/2022-03-03-statement-north-atlantic-council-protection-undersea.txt"; !strings.Contains(errOut, want) {
		t.Errorf("stderr = %q, want %q", errOut, want)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "statements", "2022-03-03-undersea.txt")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "# CHECK:") && !strings.HasPrefix(line, "# Confirm or correct") {
			kept = append(kept, line)
		}
	}
	if err := os.WriteFile(path, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, err := runArchive(t, nil, "check", filepath.Dir(path)); err != nil {
		t.Fatalf("check: %v\n%s%s", err, out, errOut)
	}
}

// Pages of two different statements are refused, with the flag that
// confirms them; confirmed, they are imported with a CHECK saying so.
func TestImportSavedPagesOfTwoStatements(t *testing.T) {
	fr, err := os.ReadFile(filepath.Join(importPages, "nato-fr.html"))
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other-fr.html")
	if err := os.WriteFile(other, []byte(strings.ReplaceAll(string(fr), "(2022) 041", "(2022) 047")), 0o644); err != nil {
		t.Fatal(err)
	}
	en := filepath.Join(importPages, "nato-en.html")
	_, _, err = runImportCmd(t, en, other)
	if err == nil || !strings.Contains(err.Error(), "look like two different statements") || !strings.Contains(err.Error(), "-same-statement") {
		t.Fatalf("import of two statements' pages = %v, want a refusal naming -same-statement", err)
	}
	out, _, err := runImportCmd(t, "-same-statement", en, other)
	if err != nil {
		t.Fatalf("import -same-statement: %v", err)
	}
	if !strings.Contains(out, "other-fr.html: imported as the same statement as "+en+", as confirmed") {
		t.Errorf("no CHECK for the confirmed pages:\n%s", out)
	}
}
