// Package indextest builds small archive indexes for tests.
package indextest

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"statementarchive/internal/index"
	"statementarchive/internal/statement"
)

// SeedFile is the path of the bundled first statement, relative to the
// module root.
const SeedFile = "statements/" + SeedID + ".txt"

// SeedID is the bundled first statement's identifier.
const SeedID = "2021-07-19-nac-cyber-solidarity"

// ModuleRoot returns the module's root folder, wherever the test runs from.
func ModuleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// WriteFiles writes statement files (name → text) into a new temporary
// folder and returns it.
func WriteFiles(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Seed returns the text of the bundled first statement.
func Seed(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(ModuleRoot(), SeedFile))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// FirstShard returns the folder of the first Bleve shard of the index at
// root, for tests that damage an index on purpose.
func FirstShard(t testing.TB, root string) string {
	t.Helper()
	gen, err := os.Readlink(filepath.Join(root, "current"))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, gen, "shard-00")
}

// Build ingests the files (name → text) into a new temporary index and
// opens it; it is closed when the test ends.
func Build(t testing.TB, files map[string]string) *index.Index {
	t.Helper()
	src, err := statement.Sources(WriteFiles(t, files))
	if err != nil {
		t.Fatal(err)
	}
	idx, _ := Ingest(t, src, 0)
	return idx
}

// Ingest ingests sources into a new temporary index of the given shards
// (0: the default) and opens it; it is closed when the test ends. It
// returns the index and its folder.
func Ingest(t testing.TB, sources []statement.Source, shards int) (*index.Index, string) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "index")
	if _, err := index.Ingest(context.Background(), root, sources, index.IngestOptions{Shards: shards}); err != nil {
		t.Fatalf("ingest: %v", err)
	}
	idx, err := index.Open(root)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { idx.Close() })
	return idx, root
}
