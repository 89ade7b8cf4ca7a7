// Package statements carries the archive's bundled corpus, one file per
// statement, embedded so that the binary alone holds a working archive.
package statements

import "embed"

// FS holds every statement file of this folder.
//
//go:embed *.txt
var FS embed.FS
