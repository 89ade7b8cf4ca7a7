package search

// The bounds of the outputs that read a search whole or newest first:
// exports (every matching row, as CSV or JSON Lines) and search feeds.
const (
	// MaxExportRows bounds the rows one export may hold: 100,000. A
	// search that matches more is refused before anything is written,
	// with a message saying to narrow it, rather than cut short: a file
	// that silently stopped at a limit would pass for the whole answer.
	// At some 1.7 KB a row in two languages, the largest export is a file
	// of about 165 MB, which the archive reads in a few seconds; the time
	// it takes is its client's (see the server's ExportTimeout).
	MaxExportRows = 100_000
	// FeedEntries is how many entries a feed lists, newest first: the
	// newest matching rows of a search feed, the newest statements of
	// the archive's feed. A reader that polls daily misses none unless
	// more than this many arrive between two polls.
	FeedEntries = 50
)
