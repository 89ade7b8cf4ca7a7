package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"statementarchive/internal/index/indextest"
)

// runArchive runs the command in-process as a user would from a shell,
// with the environment variables given, and returns what it printed.
func runArchive(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &environment{stdout: &out, stderr: &errOut, getenv: func(k string) string { return env[k] }}
	err = run(context.Background(), e, args)
	return out.String(), errOut.String(), err
}

// The "done when", from the terminal: ingest the bundled statements,
// find the seed's paragraphs in both languages, and see a broken file
// refused with its path and line while the previous index still answers.
func TestNewUserPath(t *testing.T) {
	t.Chdir(t.TempDir()) // no statements/ here: the bundled ones are used
	idx := filepath.Join(t.TempDir(), "idx")

	out, errOut, err := runArchive(t, nil, "ingest", "-index", idx)
	if err != nil {
		t.Fatalf("ingest: %v\n%s", err, errOut)
	}
	if !strings.Contains(errOut, "the statements bundled in this binary") {
		t.Errorf("ingest did not say it used the bundled statements:\n%s", errOut)
	}
	if !strings.Contains(out, "ingested 1 statement, 8 paragraphs (en 4, fr 4) into "+idx) {
		t.Errorf("ingest summary = %q", out)
	}
	if !strings.Contains(out, "paragraphs/s") {
		t.Errorf("ingest summary lacks the rate: %q", out)
	}

	searches := []struct {
		query       string
		want        []string
		notWant     []string
		description string
	}{
		{"ransomware", []string{"1 row for", "2021-07-19-nac-cyber-solidarity ¶1 [en]", "»ransomware« incidents", "[fr] Nous observons avec une préoccupation croissante"}, []string{"¶1 [fr]"}, "English ¶1 with French ¶1 beside it"},
		{"rançonneur", []string{"1 row for", "¶1 [fr]", "logiciels »rançonneurs«", "[en] We observe"}, nil, "French ¶1"},
		{`"Cyber Defence Pledge"`, []string{"1 row for", "¶2 [en]", "»Cyber Defence Pledge«"}, nil, "English ¶2"},
		{"NATO news item (185863)", []string{"4 rows for", "statement 2021-07-19-nac-cyber-solidarity", "matches its reference"}, nil, "the statement by its reference, its rows listed"},
		{"ransomwre", []string{"0 rows for", "did you mean ransomware? (1 row in [en]; try: ransomware)"}, nil, "the word it meant, held in one row"},
	}
	for _, s := range searches {
		out, errOut, err := runArchive(t, nil, "search", "-index", idx, s.query)
		if err != nil {
			t.Fatalf("search %s: %v\n%s", s.query, err, errOut)
		}
		for _, w := range s.want {
			if !strings.Contains(out, w) {
				t.Errorf("search %s (want %s): output lacks %q:\n%s", s.query, s.description, w, out)
			}
		}
		for _, nw := range s.notWant {
			if strings.Contains(out, nw) {
				t.Errorf("search %s: output has %q:\n%s", s.query, nw, out)
			}
		}
	}

	broken := indextest.WriteFiles(t, map[string]string{
		"good.txt":   "---\ntitle: {en: Good}\ndate: 2024-01-01\n---\n[en]\n1. Fine.\n",
		"broken.txt": "---\ntitle: {en: Broken}\ndate: 2024-01-01\n---\n[en]\n1. One.\n[fr]\n",
	})
	_, errOut, err = runArchive(t, nil, "ingest", "-index", idx, broken)
	if err == nil {
		t.Fatal("ingest of a broken file succeeded")
	}
	if want := filepath.Join(broken, "broken.txt") + ":7: empty [fr] section"; !strings.Contains(errOut, want) {
		t.Errorf("ingest output lacks %q:\n%s", want, errOut)
	}
	if !strings.Contains(err.Error(), "1 problem in the statement files; nothing was ingested and the index at "+idx+" is unchanged") {
		t.Errorf("ingest error = %v", err)
	}
	out, _, err = runArchive(t, nil, "search", "-index", idx, "ransomware")
	if err != nil || !strings.Contains(out, "¶1 [en]") {
		t.Errorf("the previous index no longer answers after a refused ingest: %v\n%s", err, out)
	}
}

func TestEnvironmentVariables(t *testing.T) {
	idx := filepath.Join(t.TempDir(), "idx")
	env := map[string]string{"ARCHIVE_INDEX": idx}
	if _, errOut, err := runArchive(t, env, "ingest", filepath.Join(indextest.ModuleRoot(), "statements")); err != nil {
		t.Fatalf("ingest: %v\n%s", err, errOut)
	}
	if _, err := os.Stat(filepath.Join(idx, "current")); err != nil {
		t.Errorf("ARCHIVE_INDEX was not used: %v", err)
	}
	env["ARCHIVE_LANG"] = "fr"
	out, _, err := runArchive(t, env, "search", "securite")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "3 rows") || strings.Contains(out, "[en]  ") {
		t.Errorf("ARCHIVE_LANG=fr search output:\n%s", out)
	}
	// The command line wins over the environment.
	out, _, err = runArchive(t, env, "search", "-lang", "en", "security")
	if err != nil || !strings.Contains(out, "[en]") {
		t.Errorf("-lang en with ARCHIVE_LANG=fr: %v\n%s", err, out)
	}

	_, errOut, err := runArchive(t, map[string]string{"ARCHIVE_N": "many"}, "search", "cyber")
	if !errors.Is(err, errUsage) || !strings.Contains(errOut, `ARCHIVE_N="many"`) {
		t.Errorf("bad ARCHIVE_N: %v\n%s", err, errOut)
	}
}

func TestUsageAndErrors(t *testing.T) {
	_, errOut, err := runArchive(t, nil, "search", "-h")
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("search -h = %v", err)
	}
	for _, want := range []string{"-index", "env ARCHIVE_INDEX", "-lang", "env ARCHIVE_LANG", "-n", "-sort"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("search -h lacks %q:\n%s", want, errOut)
		}
	}
	_, errOut, _ = runArchive(t, nil, "-h")
	for _, want := range []string{"ingest", "search"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("-h lacks %q:\n%s", want, errOut)
		}
	}
	if _, _, err := runArchive(t, nil, "frobnicate"); !errors.Is(err, errUsage) {
		t.Errorf("unknown command = %v, want errUsage", err)
	}

	missing := filepath.Join(t.TempDir(), "none")
	_, _, err = runArchive(t, nil, "search", "-index", missing, "cyber")
	if err == nil || !strings.Contains(err.Error(), "archive ingest -index "+missing) {
		t.Errorf("search on a missing index = %v, want the command that builds it", err)
	}

	idx := filepath.Join(t.TempDir(), "idx")
	if _, errOut, err := runArchive(t, nil, "ingest", "-index", idx, filepath.Join(indextest.ModuleRoot(), "statements")); err != nil {
		t.Fatalf("ingest: %v\n%s", err, errOut)
	}
	_, _, err = runArchive(t, nil, "search", "-index", idx, `"unclosed`)
	if err == nil || !strings.Contains(err.Error(), "never closed") {
		t.Errorf("bad query = %v, want the search error", err)
	}
	_, _, err = runArchive(t, nil, "search", "-index", idx, "-from", "July 2021", "cyber")
	if err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
		t.Errorf("bad -from = %v", err)
	}
	_, _, err = runArchive(t, nil, "ingest", "-index", idx, filepath.Join(t.TempDir(), "nothing-here"))
	if err == nil || !strings.Contains(err.Error(), "no such file or folder") {
		t.Errorf("ingest of a missing folder = %v", err)
	}
}
