package statement

import (
	"reflect"
	"testing"
)

// A row's versions, rebuilt from its words now and its revisions: one per
// step, oldest first; revisions of other rows do not count.
func TestVersions(t *testing.T) {
	now := map[string]string{"en": "It agreed at once.", "fr": "Il est convenu aussitôt."}
	revs := []Revision{
		{Ref: Ref{Key: 2}, Lang: "en", Date: "2026-01-10", Reason: "typo", OldText: "It agred."},
		{Ref: Ref{Key: 3}, Lang: "en", Date: "2026-01-10", Reason: "typo", OldText: "Other row."},
		{Ref: Ref{Key: 2}, Lang: "en", Date: "2026-03-01", Reason: "revised text", OldText: "It agreed."},
		{Ref: Ref{Key: 2}, Lang: "fr", Date: "2026-03-01", Reason: "revised text", OldText: "Il est convenu."},
	}
	got := Versions(Ref{Key: 2}, now, revs)
	want := []Version{
		{N: 1, Text: map[string]string{"en": "It agred.", "fr": "Il est convenu."}, Until: "2026-01-10", Reason: "typo", Changed: []string{"en"}},
		{N: 2, Text: map[string]string{"en": "It agreed.", "fr": "Il est convenu."}, Since: "2026-01-10", Until: "2026-03-01", Reason: "revised text", Changed: []string{"en", "fr"}},
		{N: 3, Text: now, Since: "2026-03-01"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Versions =\n%+v\nwant\n%+v", got, want)
	}
	if got := Versions(Ref{Key: 9}, now, revs); len(got) != 1 || got[0].N != 1 || got[0].Since != "" || !reflect.DeepEqual(got[0].Text, now) {
		t.Errorf("a row never revised: %+v, want one version, its words now", got)
	}
}

// Each revision of the cited details lists the fields it changed, from
// what it replaced to what the next one replaced, or to what they are now.
func TestMetaChanges(t *testing.T) {
	st := &Statement{Title: map[string]string{"en": "Third"}, Issuer: "Council", Reference: map[string]string{"": "PR(2021)1"},
		MetaRevisions: []MetaRevision{
			{Date: "2026-01-01", Reason: "a", Old: Cited{Title: map[string]string{"en": "First"}, Issuer: "Council", Reference: map[string]string{"": "PR(2021)1"}}},
			{Date: "2026-02-01", Reason: "b", Old: Cited{Title: map[string]string{"en": "Second"}, Issuer: "The Council", Reference: map[string]string{"": "PR(2021)1"}}},
		}}
	got := st.MetaChanges()
	want := []MetaChange{
		{Date: "2026-01-01", Reason: "a", Fields: []FieldChange{{Field: "title", Lang: "en", Old: "First", New: "Second"}, {Field: "issuer", Old: "Council", New: "The Council"}}},
		{Date: "2026-02-01", Reason: "b", Fields: []FieldChange{{Field: "title", Lang: "en", Old: "Second", New: "Third"}, {Field: "issuer", Old: "The Council", New: "Council"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("MetaChanges =\n%+v\nwant\n%+v", got, want)
	}
}
