package callback

import (
	"errors"
	"testing"
)

// importGolden are the import actions with their wire forms: the lines for
// testdata/golden.txt.
var importGolden = []struct {
	a    Action
	form string
}{
	{ImportShow{42, 0, 0}, "im:42:0:0"},
	{ImportShow{42, 2, 1}, "im:42:2:1"},
	{ImportPickColumn{42, 0, 3, 0}, "ic:42:0:3:0"},
	{ImportPickColumn{42, 1, 99, 2}, "ic:42:1:99:2"},
	{ImportSetColumn{42, 0, 3, "client.tier", 0}, "is:42:0:3:client.tier:0"},
	{ImportSetColumn{42, 0, 4, "contact.phone", 1}, "is:42:0:4:contact.phone:1"},
	{ImportSetColumn{42, 0, 5, ImportIgnore, 0}, "is:42:0:5:-:0"},
	{ImportUseSheet{42, 1, false}, "iu:42:1:0"},
	{ImportUseSheet{42, 1, true}, "iu:42:1:1"},
	{ImportSetKind{42, 0, "clients"}, "ik:42:0:clients"},
	{ImportSetKind{42, 1, "contacts"}, "ik:42:1:contacts"},
	{ImportSetKind{42, 2, "deals"}, "ik:42:2:deals"},
	{ImportSetKind{42, 3, "visits"}, "ik:42:3:visits"},
	{ImportDryRun{42, "error"}, "ir:42:error"},
	{ImportDryRun{42, "importer"}, "ir:42:importer"},
	{ImportReport{42, "skip"}, "ip:42:skip"},
	{ImportReport{42, "fill"}, "ip:42:fill"},
	{ImportReport{42, "overwrite"}, "ip:42:overwrite"},
	{ImportReport{42, "create"}, "ip:42:create"},
	{ImportConfirm{42, "skip"}, "iy:42:skip"},
	{ImportConfirm{42, "fill"}, "iy:42:fill"},
	{ImportConfirm{42, "overwrite"}, "iy:42:overwrite"},
	{ImportConfirm{42, "create"}, "iy:42:create"},
	{ImportCancel{42}, "ix:42"},
	{ImportUndo{42, false}, "iz:42"},
	{ImportUndo{42, true}, "iz:42:y"},
	{ImportSetColumn{maxID, MaxImportSheet, MaxImportCol, "abcdefghijklmnopqrstuvwx", MaxImportSlot},
		"is:9223372036854775807:99:999:abcdefghijklmnopqrstuvwx:9"},
}

func TestImportActionsRoundTrip(t *testing.T) {
	t.Parallel()
	for _, g := range importGolden {
		if got := g.a.Data(); got != g.form {
			t.Errorf("%#v.Data() = %q, want %q", g.a, got, g.form)
		}
		if len(g.form) > MaxLen {
			t.Errorf("%q is over %d bytes", g.form, MaxLen)
		}
		a, err := Parse(g.form)
		if err != nil || a != g.a {
			t.Errorf("Parse(%q) = %#v, %v; want %#v", g.form, a, err, g.a)
		}
	}
}

func TestImportActionsRefuseForgedData(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"im", "im:", "im:42", "im:42:0", "im:0:0:0", "im:42:100:0", "im:42:0:100", "im:42:0:0:0",
		"ic:42:0:3", "ic:42:0:1000:0", "ic:42:0:3:10", "is:42:0:3:Client.tier:0", "is:42:0:3::0", "is:42:0:3:a b:0",
		"is:42:0:3:abcdefghijklmnopqrstuvwxy:0", "is:42:0:3:client.tier", "iu:42:1:2", "iu:42:1", "iu:42:1:true",
		"ir:42", "ir:42:owner", "ir:42:ERROR", "ip:42:merge", "iy:42", "iy:42:", "ix:", "ix:0", "ix:42:1",
		"ik:42:0", "ik:42:0:client", "ik:42:100:deals", "iz:", "iz:42:n", "iz:42:y:y", "iz:-1"} {
		a, err := Parse(s)
		if err == nil || !errors.Is(err, ErrMalformed) {
			t.Errorf("Parse(%q) = %#v, %v; want ErrMalformed", s, a, err)
		}
	}
	for _, a := range []Action{ImportShow{0, 0, 0}, ImportShow{1, -1, 0}, ImportPickColumn{1, 0, 1000, 0},
		ImportSetColumn{1, 0, 0, "", 0}, ImportDryRun{1, "nobody"}, ImportConfirm{1, ""}, ImportUndo{}} {
		if _, err := Encode(a); !errors.Is(err, ErrInvalid) {
			t.Errorf("Encode(%#v) = %v, want ErrInvalid", a, err)
		}
	}
}
