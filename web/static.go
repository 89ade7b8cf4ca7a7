// Package web holds the archive's pages as templ components, the view models
// they render, and the static assets (one stylesheet, one small script)
// served under content-hashed names so that browsers may cache them forever.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
)

//go:embed static
var staticFiles embed.FS

// StaticPrefix is the URL path under which static assets are served.
const StaticPrefix = "/static/"

// asset is one embedded static file under its content-hashed name.
type asset struct {
	body        []byte
	contentType string
}

var (
	// hashedNames maps a file name (style.css) to its hashed URL path.
	hashedNames = map[string]string{}
	// assets maps a hashed name (style.3f2a….css) to the file.
	assets = map[string]asset{}
)

func init() {
	entries, err := fs.ReadDir(staticFiles, "static")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		body, err := staticFiles.ReadFile("static/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:6]) + ext
		hashedNames[e.Name()] = StaticPrefix + hashed
		assets[hashed] = asset{body: body, contentType: contentTypes[ext]}
	}
}

var contentTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
}

// StaticPath returns the URL path of an embedded static file, by its plain
// name such as "style.css". It panics for an unknown name: that is a bug in
// a template, caught by any test that renders it.
func StaticPath(name string) string {
	p, ok := hashedNames[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return p
}

// Asset returns the static file served under a hashed name (the part of the
// URL path after StaticPrefix) and its content type. A hashed name's content
// never changes, so it may be cached forever.
func Asset(hashedName string) (body []byte, contentType string, ok bool) {
	a, ok := assets[hashedName]
	return a.body, a.contentType, ok
}
