package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// The statements list and a row's permalink have JSON twins that say
// what their pages say.
func TestAPIStatementsAndRows(t *testing.T) {
	h := newTestServer(t)
	var list struct {
		Total, Matched, Page, Pages int
		PerPage                     int `json:"per_page"`
		Years                       []int
		Issuers                     []string
		Statements                  []struct {
			ID, Issuer, URL, API string
			Date                 *string
			Rows                 int
			Languages            []string
		}
	}
	rec := get(t, h, "/api/statements?issuer=North+Atlantic+Council")
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("GET /api/statements = %d %v\n%s", rec.Code, err, rec.Body.String())
	}
	if list.Matched == 0 || list.Matched > list.Total || len(list.Statements) != list.Matched || list.Page != 1 || list.PerPage != 50 {
		t.Fatalf("list = %+v", list)
	}
	for _, st := range list.Statements {
		if st.Issuer != "North Atlantic Council" || st.URL != testBaseURL+"/statements/"+st.ID || st.API != "/api/statements/"+st.ID || st.Rows == 0 {
			t.Errorf("statement %+v", st)
		}
	}
	for _, bad := range []string{"year=twenty", "lang=xx", "page=0", "page=99"} {
		rec := get(t, h, "/api/statements?"+bad)
		var e struct{ Error string }
		if json.Unmarshal(rec.Body.Bytes(), &e); rec.Code != http.StatusBadRequest || e.Error == "" {
			t.Errorf("GET /api/statements?%s = %d %q, want a 400 saying why", bad, rec.Code, e.Error)
		}
	}

	h = communique(t)
	var row struct {
		Statement      struct{ ID string }
		Kind, Ref, URL string
		Text           map[string]string
	}
	rec = get(t, h, "/api/statements/2019-06-14-bergen/h2")
	if err := json.Unmarshal(rec.Body.Bytes(), &row); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("GET a heading = %d %v", rec.Code, err)
	}
	if row.Statement.ID != "2019-06-14-bergen" || row.Kind != "heading" || row.Ref != "h2" || row.Text["fr"] != "Résilience et état de préparation" || !strings.HasSuffix(row.URL, "/statements/2019-06-14-bergen/h2") {
		t.Errorf("heading 2 = %+v", row)
	}
	for _, path := range []string{"/api/statements/2019-06-14-bergen/h9", "/api/statements/2019-06-14-bergen/x", "/api/statements/nowhere/1"} {
		if rec := get(t, h, path); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), `"error"`) {
			t.Errorf("GET %s = %d %s, want a 404 in JSON", path, rec.Code, rec.Body.String())
		}
	}
}
