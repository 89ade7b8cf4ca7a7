package index

import (
	"encoding/json"
	"reflect"
	"testing"
)

// Catalogs written before references had languages hold one string: it is
// read as the reference for every language, so those indexes still open.
func TestCatalogReadsOldReferences(t *testing.T) {
	tests := []struct {
		name, json string
		want       map[string]string
	}{
		{"one string", `{"id":"x","reference":"NATO news item 185863","languages":["en"],"keys":[1]}`, map[string]string{"": "NATO news item 185863"}},
		{"per language", `{"id":"x","reference":{"en":"Press Release (2006) 150","fr":"Communiqué de presse (2006) 150"},"languages":["en","fr"],"keys":[1]}`, map[string]string{"en": "Press Release (2006) 150", "fr": "Communiqué de presse (2006) 150"}},
		{"none", `{"id":"x","languages":["en"],"keys":[1]}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r record
			if err := json.Unmarshal([]byte(tt.json), &r); err != nil {
				t.Fatal(err)
			}
			st, err := r.statement()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(st.Reference, tt.want) {
				t.Errorf("Reference = %#v, want %#v", st.Reference, tt.want)
			}
			if st.Unnumbered {
				t.Error("an old catalog's statement reads as unnumbered; old statements keep their numbers")
			}
		})
	}
}
