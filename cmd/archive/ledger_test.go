package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"statementarchive/internal/index/indextest"
	"statementarchive/internal/ledger"
)

// A curator's sequence of ingests, from the terminal: the first ingest of
// a folder starts its ledger; an edited paragraph is refused even into a
// fresh index path (as an image build is); recorded as a revision with a
// reason, it passes, and the ledger keeps the words it replaced; a
// damaged ledger, or a missing one where an index published permalinks,
// is refused; no environment variable can let changes through.
func TestLedgerGuardsEveryIndexPath(t *testing.T) {
	seed := indextest.Seed(t)
	dir := indextest.WriteFiles(t, map[string]string{"2021-07-19-nac-cyber-solidarity.txt": seed})
	book := filepath.Join(dir, ledger.FileName)
	idx := filepath.Join(t.TempDir(), "idx")

	out, errOut, err := runArchive(t, nil, "ingest", "-index", idx, dir)
	if err != nil || !strings.Contains(out, "created with 9 new permalinks") {
		t.Fatalf("first ingest: %v\n%s%s", err, out, errOut)
	}
	published, err := os.ReadFile(book)
	if err != nil {
		t.Fatal(err)
	}

	// An edit deep inside paragraph 3, into a path no index was built at.
	file := filepath.Join(dir, "2021-07-19-nac-cyber-solidarity.txt")
	edited := strings.Replace(seed, "to uphold their international commitments", "to uphold their  international commitments", 1)
	if edited == seed {
		t.Fatal("the edit did not apply: the seed changed")
	}
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	_, errOut, err = runArchive(t, nil, "ingest", "-index", fresh, dir)
	if err == nil || !strings.Contains(errOut, "published in the ledger") || !strings.Contains(errOut, "2021-07-19-nac-cyber-solidarity/3 [en]") {
		t.Fatalf("ingest of an edited paragraph into a fresh path = %v, want it refused naming ¶3 [en]:\n%s", err, errOut)
	}
	if _, err := os.Stat(filepath.Join(fresh, "current")); err == nil {
		t.Error("the refused ingest built an index at the fresh path")
	}

	// Where the index still has the words, the refusal shows the change.
	_, errOut, _ = runArchive(t, nil, "ingest", "-index", idx, dir)
	if !strings.Contains(errOut, "only whitespace differs: …States, including China, to uphold their[-·-]{+··+}international commitments") {
		t.Errorf("the refusal does not show the doubled space:\n%s", errOut)
	}

	// No environment variable lets a change through.
	for _, name := range []string{"ARCHIVE_ALLOW_CHANGES", "ARCHIVE_REASON"} {
		if _, errOut, err := runArchive(t, map[string]string{name: "true"}, "ingest", "-index", idx, dir); err == nil || !strings.Contains(errOut, name+" is not read from the environment") {
			t.Errorf("%s=true: %v, want it refused:\n%s", name, err, errOut)
		}
	}

	// A revision needs the words it replaces, so that they stay served: a
	// fresh path does not hold them, and the revision is refused there.
	if _, errOut, err := runArchive(t, nil, "ingest", "-index", fresh, "-allow-changes", "-reason", "r", dir); err == nil || !strings.Contains(err.Error()+errOut, "are not in the index at") {
		t.Errorf("a revision into a fresh path = %v, want it refused for want of the published words:\n%s", err, errOut)
	}
	if l := readLedger(t, book); len(l.Revisions()) != 0 {
		t.Errorf("the refused revision left %d revisions in the ledger", len(l.Revisions()))
	}

	// A revision, with its reason, passes and is recorded with the old words.
	out, errOut, err = runArchive(t, nil, "ingest", "-index", idx, "-allow-changes", "-reason", "a doubled space, as the publisher's revised text has it", dir)
	if err != nil || !strings.Contains(out, "1 revision") {
		t.Fatalf("ingest -allow-changes -reason: %v\n%s%s", err, out, errOut)
	}
	l := readLedger(t, book)
	revs := l.Revisions()
	if len(revs) != 1 || revs[0].Key != (ledger.Key{Statement: "2021-07-19-nac-cyber-solidarity", Ref: "3", Lang: "en"}) ||
		!strings.Contains(revs[0].OldText, "to uphold their international commitments") || !strings.Contains(revs[0].Reason, "doubled space") {
		t.Errorf("the ledger's revisions = %+v, want ¶3 [en] with the old words and the reason", revs)
	}
	// The ledger now agrees with the files: a fresh path builds.
	if _, errOut, err := runArchive(t, nil, "ingest", "-index", fresh, dir); err != nil {
		t.Errorf("ingest into a fresh path after the revision: %v\n%s", err, errOut)
	}

	// A damaged ledger is refused, and says how to recover.
	damaged := strings.Replace(string(published), "sha256:", "sha265:", 1)
	if err := os.WriteFile(book, []byte(damaged), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, err := runArchive(t, nil, "ingest", "-index", filepath.Join(t.TempDir(), "x"), dir); err == nil || !strings.Contains(err.Error()+errOut, "is damaged") || !strings.Contains(err.Error()+errOut, "archive ledger -index") {
		t.Errorf("ingest with a damaged ledger = %v, want it refused with the way back:\n%s", err, errOut)
	}

	// A missing ledger where the index has published permalinks is refused.
	if err := os.Remove(book); err != nil {
		t.Fatal(err)
	}
	if _, errOut, err := runArchive(t, nil, "ingest", "-index", idx, dir); err == nil || !strings.Contains(err.Error()+errOut, "has published 8 permalinks") {
		t.Errorf("ingest without a ledger over a published index = %v, want it refused:\n%s", err, errOut)
	}

	// archive ledger rebuilds it from the index that serves them.
	if _, errOut, err := runArchive(t, nil, "ledger", "-index", idx, "-o", book); err != nil {
		t.Fatalf("archive ledger: %v\n%s", err, errOut)
	}
	if got := readLedger(t, book); got.Len() != 9 {
		t.Errorf("the rebuilt ledger has %d permalinks, want 9", got.Len())
	}
	if _, errOut, err := runArchive(t, nil, "ingest", "-index", idx, dir); err != nil {
		t.Errorf("ingest with the rebuilt ledger: %v\n%s", err, errOut)
	}
}

func readLedger(t *testing.T, path string) *ledger.Ledger {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := ledger.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// The bundled statements carry their ledger, and it is theirs: building
// the default index from them compares with it and finds nothing changed.
func TestBundledLedgerMatchesTheStatements(t *testing.T) {
	t.Chdir(t.TempDir()) // no statements/ here: the bundled ones are used
	out, errOut, err := runArchive(t, nil, "ingest", "-index", filepath.Join(t.TempDir(), "idx"))
	if err != nil || !strings.Contains(out, "ledger: the ledger bundled in this binary, 9 permalinks, all as published") {
		t.Errorf("ingest of the bundled statements: %v\n%s%s", err, out, errOut)
	}
}

// A release build (-frozen-ledger, as .ci/build runs it) refuses a
// permalink the committed ledger does not record, and passes one whose
// ledger is whole.
func TestFrozenLedgerRefusesUnrecordedPermalinks(t *testing.T) {
	dir := indextest.WriteFiles(t, map[string]string{"2021-07-19-nac-cyber-solidarity.txt": indextest.Seed(t)})
	if _, errOut, err := runArchive(t, nil, "ingest", "-index", filepath.Join(t.TempDir(), "a"), dir); err != nil {
		t.Fatalf("first ingest: %v\n%s", err, errOut)
	}
	if _, errOut, err := runArchive(t, nil, "ingest", "-frozen-ledger", "-index", filepath.Join(t.TempDir(), "b"), dir); err != nil {
		t.Errorf("a release build with the ledger whole: %v\n%s", err, errOut)
	}
	extra := "---\ntitle: {en: Later}\ndate: 2022-01-01\n---\n[en]\n1. A later statement.\n"
	if err := os.WriteFile(filepath.Join(dir, "2022-01-01-later.txt"), []byte(extra), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, err := runArchive(t, nil, "ingest", "-frozen-ledger", "-index", filepath.Join(t.TempDir(), "c"), dir)
	if err == nil || !strings.Contains(err.Error(), "does not record 2 new permalinks") || !strings.Contains(err.Error(), "2022-01-01-later/1 [en]") {
		t.Errorf("a release build with a statement the ledger lacks = %v, want it refused naming it:\n%s", err, errOut)
	}
}
