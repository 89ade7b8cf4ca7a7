package index_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"statementarchive/internal/index"
	"statementarchive/internal/index/indextest"
	"statementarchive/internal/ledger"
	"statementarchive/internal/statement"
)

// A statement renamed with its former identifier as an alias keeps every
// published permalink: the ingest is no change to the index it replaces
// nor to the ledger, and the index answers the old identifier with the
// new. Renamed without the alias, it is refused as removed.
func TestRenameWithAliasKeepsPermalinks(t *testing.T) {
	statementFile := func(aliases string) string {
		return "---\ntitle: {en: Press statement}\ndate: 2021-01-01\n" + aliases + "---\n[en]\n1. The Council met.\n2. It agreed.\n"
	}
	root := t.TempDir() + "/idx"
	book := ledger.New()
	run := func(files map[string]string) (index.Summary, error) {
		src, err := statement.Sources(indextest.WriteFiles(t, files))
		if err != nil {
			t.Fatal(err)
		}
		return index.Ingest(context.Background(), root, src, index.IngestOptions{Ledger: book, LedgerName: "test ledger"})
	}
	if _, err := run(map[string]string{"press.txt": statementFile("")}); err != nil {
		t.Fatal(err)
	}
	var ce *index.ChangesError
	if _, err := run(map[string]string{"2021-01-01-press.txt": statementFile("")}); !errors.As(err, &ce) || !strings.Contains(err.Error(), "press/1 [en] would be gone") {
		t.Fatalf("renamed without an alias: %v, want its permalinks refused as gone", err)
	}
	sum, err := run(map[string]string{"2021-01-01-press.txt": statementFile("aliases: [press]\n")})
	if err != nil {
		t.Fatalf("renamed with an alias: %v", err)
	}
	if sum.Changed != 0 || sum.LedgerRevised != 0 {
		t.Errorf("renamed with an alias: %d changed, %d revised; want none", sum.Changed, sum.LedgerRevised)
	}
	idx := open(t, root)
	defer idx.Close()
	if now, ok := idx.Renamed("press"); !ok || now != "2021-01-01-press" {
		t.Errorf("Renamed(press) = %q, %v; want 2021-01-01-press", now, ok)
	}
	// Renamed with an alias, but its words changed: still a change.
	changed := strings.Replace(statementFile("aliases: [press]\n"), "It agreed.", "It agreed at once.", 1)
	if _, err := run(map[string]string{"2021-01-01-press.txt": changed}); !errors.As(err, &ce) {
		t.Errorf("renamed with an alias and edited: %v, want a ChangesError", err)
	}
}

// An alias may lead to one statement only, and never be another's
// identifier.
func TestAliasCollisions(t *testing.T) {
	file := func(aliases string) string {
		return "---\ntitle: {en: T}\ndate: 2021-01-01\n" + aliases + "---\n[en]\n1. Text.\n"
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"declared twice", map[string]string{"a.txt": file("aliases: [old]\n"), "b.txt": file("aliases: [old]\n")}, `alias "old" is also declared by`},
		{"another's identifier", map[string]string{"a.txt": file("aliases: [b]\n"), "b.txt": file("")}, `alias "b" of a is the identifier of the statement in`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := statement.Sources(indextest.WriteFiles(t, tt.files))
			if err != nil {
				t.Fatal(err)
			}
			_, err = index.Ingest(context.Background(), t.TempDir()+"/idx", src, index.IngestOptions{})
			var ps statement.Problems
			if !errors.As(err, &ps) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ingest = %v, want a problem containing %q", err, tt.want)
			}
		})
	}
}
