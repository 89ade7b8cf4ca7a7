package server

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"

	"statementarchive/web"
)

// openSearchDescription is an OpenSearch 1.1 description: how a browser
// searches the archive once a reader adds it as a search engine (the
// pages point to it with <link rel="search">).
type openSearchDescription struct {
	XMLName xml.Name `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
	// ShortName is at most 16 characters, by the specification.
	ShortName     string          `xml:"ShortName"`
	Description   string          `xml:"Description"`
	InputEncoding string          `xml:"InputEncoding"`
	URLs          []openSearchURL `xml:"Url"`
}

type openSearchURL struct {
	Type     string `xml:"type,attr"`
	Method   string `xml:"method,attr,omitempty"`
	Rel      string `xml:"rel,attr,omitempty"`
	Template string `xml:"template,attr"`
}

// openSearch serves GET /opensearch.xml: searches go to the search page,
// and a feed reader that speaks OpenSearch gets the search's Atom feed.
// Its URLs are built from the configured public URL only.
func (s *Server) openSearch(w http.ResponseWriter, r *http.Request) error {
	base := s.publicURL(r)
	d := openSearchDescription{
		ShortName:     "Statements",
		Description:   "Search official statements paragraph by paragraph, in every language they were published in.",
		InputEncoding: "UTF-8",
		URLs: []openSearchURL{
			{Type: "text/html", Method: "get", Template: base + "/search?q={searchTerms}"},
			{Type: "application/atom+xml", Method: "get", Template: base + "/search.atom?q={searchTerms}"},
			{Type: "application/opensearchdescription+xml", Rel: "self", Template: base + web.OpenSearchPath},
		},
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("encode the OpenSearch description: %w", err)
	}
	buf.WriteByte('\n')
	return s.send(w, r, http.StatusOK, "application/opensearchdescription+xml; charset=utf-8", &buf)
}
