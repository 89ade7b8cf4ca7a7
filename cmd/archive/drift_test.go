package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// From the terminal: an ingest that would change what a permalink shows
// lists it and exits non-zero, leaving the index as it was; -allow-changes
// lets it through, and every summary says how many permalinks were added
// and changed.
func TestIngestRefusesPermalinkDrift(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(t.TempDir(), "idx")
	file := filepath.Join(dir, "press.txt")
	write := func(paras ...string) {
		text := "---\ntitle: {en: Press statement}\ndate: 2021-01-01\n---\n[en]\n" + strings.Join(paras, "\n\n") + "\n"
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("The Council met.", "It agreed.")
	out, errOut, err := runArchive(t, nil, "ingest", "-index", idx, dir)
	if err != nil || !strings.Contains(out, "permalinks: 2 added, 0 changed") {
		t.Fatalf("first ingest: %v\n%s%s", err, out, errOut)
	}
	write("The Council met.", "It heard a briefing.", "It agreed.")
	_, errOut, err = runArchive(t, nil, "ingest", "-index", idx, dir)
	if err == nil || !strings.Contains(errOut, `press/2 [en] would change: It [-agreed-]{+heard a briefing+}.`) || !strings.Contains(err.Error(), "1 permalink would change") {
		t.Fatalf("ingest of an inserted paragraph = %v, want it refused with the permalink listed:\n%s", err, errOut)
	}
	if out, _, err := runArchive(t, nil, "search", "-index", idx, "briefing"); err != nil || !strings.Contains(out, "0 rows") {
		t.Errorf("after the refusal, the old index should still be served: %v\n%s", err, out)
	}
	if _, errOut, err := runArchive(t, nil, "ingest", "-allow-changes", "-index", idx, dir); err == nil || !strings.Contains(errOut+err.Error(), "-reason") {
		t.Errorf("ingest -allow-changes without a reason = %v, want it refused, asking for -reason:\n%s", err, errOut)
	}
	out, errOut, err = runArchive(t, nil, "ingest", "-allow-changes", "-reason", "the briefing was left out", "-index", idx, dir)
	if err != nil || !strings.Contains(out, "permalinks: 1 added, 1 changed") || !strings.Contains(out, "1 revision") {
		t.Errorf("ingest -allow-changes -reason: %v\n%s%s", err, out, errOut)
	}
}
