package query_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"statementarchive/internal/index/indextest"
)

// TestOnlyIndexAndQueryImportBleve keeps the layers apart: Bleve's index,
// segment, search and mapping packages are imported by internal/index (storage,
// ingest) and internal/query (the engine) and by no other package of the
// program, so that a search can be followed from its route to Bleve
// through the engine alone. Bleve's text analysis (stemmers, stop words)
// is a library of its own that any package may use.
func TestOnlyIndexAndQueryImportBleve(t *testing.T) {
	root := indextest.ModuleRoot()
	allowed := map[string]bool{"internal/index": true, "internal/query": true}
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			if readsBleve(p) && !allowed[filepath.ToSlash(rel)] {
				t.Errorf("%s imports %s: only internal/index and internal/query read Bleve; go through query.Engine or the index's catalog", filepath.Join(rel, filepath.Base(path)), p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("checked %d Go files under %s: the walk missed the module", checked, root)
	}
}

// readsBleve reports whether an import path is one of Bleve's packages
// (the index, its segments, search, mapping) other than its text
// analysis.
func readsBleve(p string) bool {
	return strings.HasPrefix(p, "github.com/blevesearch/") && !strings.HasPrefix(p, "github.com/blevesearch/bleve/v2/analysis")
}
