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
	if err == nil || !strings.Contains(errOut, `press/2 [en] would show "It heard a briefing." instead of "It agreed."`) || !strings.Contains(err.Error(), "1 permalink would change") {
		t.Fatalf("ingest of an inserted paragraph = %v, want it refused with the permalink listed:\n%s", err, errOut)
	}
	if out, _, err := runArchive(t, nil, "search", "-index", idx, "briefing"); err != nil || !strings.Contains(out, "0 rows") {
		t.Errorf("after the refusal, the old index should still be served: %v\n%s", err, out)
	}
	out, errOut, err = runArchive(t, nil, "ingest", "-allow-changes", "-index", idx, dir)
	if err != nil || !strings.Contains(out, "permalinks: 1 added, 1 changed") {
		t.Errorf("ingest -allow-changes: %v\n%s%s", err, out, errOut)
	}
}
