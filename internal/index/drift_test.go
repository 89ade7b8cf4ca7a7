package index_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/statement"
)

// An ingest that would make a permalink show other words is refused,
// with the permalinks listed and the served index unchanged; one that
// only adds is not. AllowChanges lets a deliberate change through.
func TestIngestRefusesPermalinkDrift(t *testing.T) {
	unnumbered := func(paras ...string) string {
		return "---\ntitle: {en: Press statement}\ndate: 2021-01-01\n---\n[en]\n" + strings.Join(paras, "\n\n") + "\n"
	}
	root := t.TempDir() + "/idx"
	run := func(files map[string]string, allow bool) (index.Summary, error) {
		src, err := statement.Sources(indextest.WriteFiles(t, files))
		if err != nil {
			t.Fatal(err)
		}
		return index.Ingest(context.Background(), root, src, index.IngestOptions{AllowChanges: allow})
	}
	first := map[string]string{"press.txt": unnumbered("The Council met.", "It agreed.", "It will meet again."), "other.txt": unnumbered("Another statement.")}
	sum, err := run(first, false)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Compared || sum.Added != 4 || sum.Changed != 0 {
		t.Errorf("first ingest: compared %v, %d added, %d changed; want true, 4, 0", sum.Compared, sum.Added, sum.Changed)
	}

	tests := []struct {
		name    string
		files   map[string]string
		changed int      // 0: the ingest goes through
		quotes  []string // in the refusal
	}{
		{"a paragraph inserted before others shifts their keys",
			map[string]string{"press.txt": unnumbered("The Council met.", "It heard a briefing.", "It agreed.", "It will meet again."), "other.txt": first["other.txt"]},
			2, []string{`press/2 [en] would change: It [-agreed-]{+heard a briefing+}.`, `press/3 [en] would change: It [-will meet again-]{+agreed+}.`}},
		{"a typo corrected",
			map[string]string{"press.txt": unnumbered("The Council met today.", "It agreed.", "It will meet again."), "other.txt": first["other.txt"]},
			1, []string{`press/1 [en] would change: The Council met{+·today+}.`}},
		{"a statement removed",
			map[string]string{"press.txt": first["press.txt"]},
			1, []string{`other/1 [en] would be gone; it showed "Another statement."`}},
		{"a paragraph added at the end", map[string]string{"press.txt": unnumbered("The Council met.", "It agreed.", "It will meet again.", "A fourth."), "other.txt": first["other.txt"]}, 0, nil},
		{"a statement added", map[string]string{"press.txt": first["press.txt"], "other.txt": first["other.txt"], "new.txt": unnumbered("New.")}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Each case starts from the first corpus, put back deliberately.
			if _, err := run(first, true); err != nil {
				t.Fatal(err)
			}
			sum, err := run(tt.files, false)
			if tt.changed == 0 {
				if err != nil || sum.Changed != 0 || sum.Added == 0 {
					t.Errorf("ingest = %d added, %d changed, %v; want it through, adding", sum.Added, sum.Changed, err)
				}
				return
			}
			var ce *index.ChangesError
			if !errors.As(err, &ce) || ce.Total != tt.changed {
				t.Fatalf("ingest = %v, want a ChangesError with %d changes", err, tt.changed)
			}
			for _, q := range tt.quotes {
				if !strings.Contains(err.Error(), q) {
					t.Errorf("the refusal does not list %s:\n%v", q, err)
				}
			}
			if !strings.Contains(err.Error(), "-allow-changes") || !strings.Contains(err.Error(), "number the paragraphs") {
				t.Errorf("the refusal does not say how to keep permalinks or pass: %v", err)
			}
			idx := open(t, root)
			if p, err := idx.Paragraph("press", statement.Ref{Key: 1}); err != nil || p.Text["en"] != "The Council met." {
				t.Errorf("after the refusal press/1 = %q, %v; want the old text served", p.Text["en"], err)
			}
			idx.Close()
			sum, err = run(tt.files, true)
			if err != nil || sum.Changed != tt.changed {
				t.Errorf("with AllowChanges: %d changed, %v; want %d", sum.Changed, err, tt.changed)
			}
		})
	}
}

// Headings, the preamble and footnotes have permalinks too: a heading
// inserted before another moves the other's ordinal, which is a change;
// a footnote added is not.
func TestIngestRefusesDriftOfOtherRows(t *testing.T) {
	file := func(body string) map[string]string {
		return map[string]string{"comm.txt": "---\ntitle: {en: Communiqué}\ndate: 2021-01-01\n---\n[en]\nThe Invitees associate themselves.\n" + body}
	}
	root := t.TempDir() + "/idx"
	run := func(files map[string]string) error {
		src, err := statement.Sources(indextest.WriteFiles(t, files))
		if err != nil {
			t.Fatal(err)
		}
		_, err = index.Ingest(context.Background(), root, src, index.IngestOptions{})
		return err
	}
	if err := run(file("1. One.\n# Partnerships\n2. Two.\n")); err != nil {
		t.Fatal(err)
	}
	err := run(file("# Principles\n1. One.\n# Partnerships\n2. Two.\n"))
	var ce *index.ChangesError
	if !errors.As(err, &ce) || ce.Total != 1 || !strings.Contains(err.Error(), `comm/h1 [en] would change: [-Partnerships-]{+Principles+}`) {
		t.Errorf("a heading inserted before another: %v; want h1 listed as changed", err)
	}
	if err := run(file("1. One.[^1]\n# Partnerships\n2. Two.\n[^1]: A note.\n")); err == nil || !strings.Contains(err.Error(), "comm/1 [en] would change") {
		t.Errorf("a footnote reference added to paragraph 1: %v; want paragraph 1 listed (its text changed)", err)
	}
	if err := run(file("1. One.\n# Partnerships\n2. Two.\n3. Three.\n")); err != nil {
		t.Errorf("a paragraph added at the end: %v", err)
	}
	idx := open(t, root)
	defer idx.Close()
	if p, err := idx.Paragraph("comm", statement.PreambleRef); err != nil || p.Text["en"] != "The Invitees associate themselves." {
		t.Errorf("preamble = %q, %v", p.Text["en"], err)
	}
}
