// Package statements carries the archive's bundled corpus, one file per
// statement, embedded so that the binary alone holds a working archive.
package statements

import "embed"

// FS holds every statement file of this folder, and their permalink
// ledger (permalinks.ledger), which the default index is built against.
//
//go:embed *.txt permalinks.ledger
var FS embed.FS
