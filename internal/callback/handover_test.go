package callback

import "testing"

// The forms of the hand-over, contact edit and change history actions, as
// golden.txt will pin them.
var handOverForms = map[string]Action{
	"sm:3": Members{3}, "sp:7": Member{7}, "sd:7": Deactivate{7}, "hf:7": HandOver{7},
	"hp:7:0": HandOverPick{7, 0}, "hp:7:10000": HandOverPick{7, MaxHandOverPage},
	"hr:c:42:3": HandOverChoose{HandOverClient, 42, 3}, "hr:a:7:3": HandOverChoose{HandOverAll, 7, 3},
	"hr:d:7:3":  HandOverChoose{HandOverDeactivate, 7, 3},
	"hk:c:42:8": HandOverConfirm{HandOverClient, 42, 8}, "hk:d:7:0": HandOverConfirm{HandOverDeactivate, 7, 0},
	"hy:a:7:8": HandOverRun{HandOverAll, 7, 8}, "hy:d:7:0": HandOverRun{HandOverDeactivate, 7, 0},
	"ce:13": EditContact{13}, "cf:13:phone": EditContactField{13, ContactPhone}, "cf:13:primary": EditContactField{13, ContactPrimary},
	"cd:13": RemoveContact{13}, "cx:13": RemoveContactConfirmed{13},
	"cg:42:0": Changes{42, 0}, "cg:42:10000": Changes{42, MaxChangesPage}, "sg:7:1": StaffChanges{7, 1},
}

func TestHandOverContactAndChangesActionsRoundTrip(t *testing.T) {
	t.Parallel()
	for form, a := range handOverForms {
		if got := a.Data(); got != form {
			t.Errorf("%#v.Data() = %q, want %q", a, got, form)
		}
		got, err := Parse(form)
		if err != nil || got != a {
			t.Errorf("Parse(%q) = %#v, %v", form, got, err)
		}
	}
}

func TestForgedHandOverFormsAreRefused(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"sm:0", "sp:", "hp:7", "hp:7:10001", "hr:x:7:3", "hr:c:7:0", "hr:c:7", "hk:c:42:0",
		"hk:a:7:0", "hy:c:0:8", "hy:d:7:-1", "cf:13:fax", "cf:13", "cg:42", "cg:42:01", "sg:0:0", "hk:d:7:0:1"} {
		if a, err := Parse(s); err == nil {
			t.Errorf("Parse(%q) = %#v, want an error", s, a)
		}
	}
}
