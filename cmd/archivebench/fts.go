package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"

	_ "modernc.org/sqlite"

	"statementarchive/internal/statement"
)

// fts is the same corpus in SQLite FTS5, as a Datasette-style user would
// keep it: one row per paragraph per language, bm25 ranking, snippets.
type fts struct {
	db *sql.DB
}

// buildFTS parses the statement files and loads them into a new FTS5
// table at path. Its time includes reading and parsing the files, as the
// archive's ingest time does.
func buildFTS(ctx context.Context, path string, sources []statement.Source) (*fts, int, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, 0, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE VIRTUAL TABLE p USING fts5(statement UNINDEXED, paragraph UNINDEXED, lang UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2')`); err != nil {
		return nil, 0, fmt.Errorf("create FTS5 table: %w", err)
	}

	// Parse on every core, insert from one connection in large transactions.
	rows := 0
	var tx *sql.Tx
	var ins *sql.Stmt
	begin := func() error {
		var err error
		if tx, err = db.BeginTx(ctx, nil); err != nil {
			return err
		}
		ins, err = tx.PrepareContext(ctx, `INSERT INTO p (statement, paragraph, lang, text) VALUES (?, ?, ?, ?)`)
		return err
	}
	if err := begin(); err != nil {
		return nil, 0, err
	}
	err = eachStatement(sources, func(st *statement.Statement) error {
		for _, para := range st.Paragraphs {
			for lang, text := range para.Text {
				if _, err := ins.ExecContext(ctx, st.ID, para.Key, lang, text); err != nil {
					return err
				}
				rows++
				if rows%20000 == 0 {
					if err := tx.Commit(); err != nil {
						return err
					}
					if err := begin(); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	if err := tx.Commit(); err != nil {
		return nil, 0, err
	}
	return &fts{db: db}, rows, nil
}

// openFTS opens a database buildFTS left, and counts its rows.
func openFTS(ctx context.Context, path string) (*fts, int, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, 0, err
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, 0, err
	}
	db.SetMaxOpenConns(1)
	var rows int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM p`).Scan(&rows); err != nil {
		db.Close()
		return nil, 0, fmt.Errorf("count the rows of %s: %w", path, err)
	}
	return &fts{db: db}, rows, nil
}

// eachStatement parses sources on every core and hands each statement to
// fn in the calling goroutine, in no fixed order. It stops at fn's first
// error; a file that does not parse is reported once the others are in.
func eachStatement(sources []statement.Source, fn func(*statement.Statement) error) error {
	results := make(chan *statement.Statement, 64)
	done := make(chan struct{})
	defer close(done)
	var parseErr error
	var once sync.Once
	go func() {
		defer close(results)
		jobs := make(chan statement.Source)
		var wg sync.WaitGroup
		for i := 0; i < runtime.GOMAXPROCS(0); i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for src := range jobs {
					st, err := src.Load()
					if err != nil {
						once.Do(func() { parseErr = err })
						continue
					}
					select {
					case results <- st:
					case <-done:
						return
					}
				}
			}()
		}
	feed:
		for _, s := range sources {
			select {
			case jobs <- s:
			case <-done:
				break feed
			}
		}
		close(jobs)
		wg.Wait()
	}()
	for st := range results {
		if err := fn(st); err != nil {
			return err
		}
	}
	// results closes after every worker is done, so parseErr is settled.
	return parseErr
}

// search runs what the archive's search page needs: the top 10 by bm25
// with a snippet each, and the total count.
func (f *fts) search(ctx context.Context, q mixQuery) (time.Duration, int, error) {
	start := time.Now()
	where := `p MATCH ?`
	args := []any{q.fts}
	if q.lang != "" {
		where += ` AND lang = ?`
		args = append(args, q.lang)
	}
	rows, err := f.db.QueryContext(ctx, `SELECT statement, paragraph, lang, snippet(p, 3, '<mark>', '</mark>', '…', 24) FROM p WHERE `+where+` ORDER BY bm25(p) LIMIT 10`, args...)
	if err != nil {
		return 0, 0, fmt.Errorf("FTS5 %q: %w", q.fts, err)
	}
	for rows.Next() {
		var id, lang, snippet string
		var key int
		if err := rows.Scan(&id, &key, &lang, &snippet); err != nil {
			rows.Close()
			return 0, 0, err
		}
	}
	rows.Close()
	var total int
	if err := f.db.QueryRowContext(ctx, `SELECT count(*) FROM p WHERE `+where, args...).Scan(&total); err != nil {
		return 0, 0, err
	}
	return time.Since(start), total, nil
}
