package server

import (
	_ "embed"
	"net/http"
	"strconv"
)

// openAPI describes every /api endpoint: their parameters, statuses and
// JSON. TestOpenAPIDescribesTheResponses checks it against real answers,
// and that it lists every /api route.
//
//go:embed openapi.json
var openAPI []byte

// apiOpenAPI serves GET /api/openapi.json.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(openAPI)))
	_, err := w.Write(openAPI)
	return err
}
