package server

import (
	"encoding/xml"
	"iter"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"statementarchive/internal/statement"
	"statementarchive/web"
)

// The sitemap (sitemaps.org protocol 0.9) lists every statement's reading
// view and every row's permalink, so that a search engine finds each
// paragraph. A file may list at most sitemapMaxURLs URLs; past that,
// /sitemap.xml is a sitemap index of the files /sitemap-1.xml,
// /sitemap-2.xml, …, in the order of the catalog (newest statements
// first, each followed by its rows in reading order).

// sitemapMaxURLs is the most URLs one sitemap file lists: the protocol's
// 50,000. (At most 128 bytes of statement ID a URL, a full file is some
// 10 MB, under the protocol's 50 MB.) Tests lower it.
var sitemapMaxURLs = 50_000

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapLoc `xml:"url"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapLoc `xml:"sitemap"`
}

type sitemapLoc struct {
	Loc string `xml:"loc"`
}

// sitemapPaths calls fn with the path of every page the sitemap lists,
// counted from 0, from the first on, until fn returns false.
func sitemapPaths(sts []*statement.Statement, first int, fn func(path string) bool) {
	n := 0
	for _, st := range sts {
		rows := 1 + len(st.Paragraphs)
		if n+rows <= first {
			n += rows // a statement wholly before the file asked for
			continue
		}
		if n >= first && !fn(web.StatementPath(st.ID)) {
			return
		}
		n++
		for _, p := range st.Paragraphs {
			if n >= first && !fn(web.ParagraphPath(st.ID, p.Ref())) {
				return
			}
			n++
		}
	}
}

// sitemapCount returns how many pages the sitemap lists.
func sitemapCount(sts []*statement.Statement) int {
	n := 0
	for _, st := range sts {
		n += 1 + len(st.Paragraphs)
	}
	return n
}

// sitemapBytes bounds what one URL of a sitemap takes once written, for
// its reservation of the response budget.
func sitemapBytes(base string) int {
	return len(base) + len("/statements//preamble") + statement.MaxIDLength + len("<url><loc></loc></url>\n  ")
}

// sitemap serves GET /sitemap.xml: every statement's and every row's
// permalink, or, past sitemapMaxURLs of them, the index of the files
// that list them.
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) error {
	sts := s.reader(r).Statements()
	total := sitemapCount(sts)
	if total <= sitemapMaxURLs {
		return s.sitemapFile(w, r, sts, 0, total)
	}
	base := s.publicURL(r)
	var idx sitemapIndex
	for n := 1; (n-1)*sitemapMaxURLs < total; n++ {
		idx.Sitemaps = append(idx.Sitemaps, sitemapLoc{Loc: base + "/sitemap-" + strconv.Itoa(n) + ".xml"})
	}
	return s.writeSitemap(w, r, idx)
}

// sitemapPart serves GET /sitemap-{n}.xml: the nth file of the sitemap
// index, when the sitemap needs one.
func (s *Server) sitemapPart(w http.ResponseWriter, r *http.Request) error {
	sts := s.reader(r).Statements()
	total := sitemapCount(sts)
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	if err != nil || n < 1 || total <= sitemapMaxURLs || n > (total+sitemapMaxURLs-1)/sitemapMaxURLs {
		return notFound("There is no such sitemap file: /sitemap.xml lists the archive's pages, or the files that do.")
	}
	first := (n - 1) * sitemapMaxURLs
	return s.sitemapFile(w, r, sts, first, min(sitemapMaxURLs, total-first))
}

// sitemapFile writes the count URLs from the first on as one sitemap,
// streamed as they are listed: it holds no more than one URL at a time.
func (s *Server) sitemapFile(w http.ResponseWriter, r *http.Request, sts []*statement.Statement, first, count int) error {
	base := s.publicURL(r)
	// Streamed, a file holds one URL at a time: reserve it as count
	// pieces of one byte that become sitemapBytes each.
	r, release, err := s.reserve(r, answerSize{Source: count, Expansion: sitemapBytes(base), Piece: 1})
	defer release()
	if err != nil {
		return err
	}
	next, stop := iter.Pull(func(yield func(string) bool) { sitemapPaths(sts, first, yield) })
	defer stop()
	return s.writeXMLList(w, r, sitemapContentType, sitemapURLSet{}, "url", count, func(int) any {
		path, _ := next()
		return sitemapLoc{Loc: base + path}
	})
}

// sitemapContentType is the media type of sitemaps.
const sitemapContentType = "application/xml; charset=utf-8"

// writeSitemap writes a sitemap index.
func (s *Server) writeSitemap(w http.ResponseWriter, r *http.Request, v sitemapIndex) error {
	list := v.Sitemaps
	v.Sitemaps = nil
	return s.writeXMLList(w, r, sitemapContentType, v, "sitemap", len(list), func(i int) any { return list[i] })
}
