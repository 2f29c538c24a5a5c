package feedback

import (
	"testing"
	"time"
)

func TestDefaultDueByKindAndSeverity(t *testing.T) {
	t.Parallel()
	today := date(2027, 2, 26) // the deadline crosses into March
	cases := []struct {
		kind     Kind
		severity Severity
		days     int
	}{
		{Complaint, High, 1}, {Complaint, Medium, 2}, {Complaint, Low, 3},
		{Request, High, 3}, {Request, Medium, 5}, {Request, Low, 7},
		{Suggestion, High, 7}, {Suggestion, Medium, 10}, {Suggestion, Low, 14},
		{Praise, High, 7}, {Praise, Medium, 7}, {Praise, Low, 7},
	}
	for _, c := range cases {
		want := today.AddDate(0, 0, c.days)
		if got := DefaultDue(c.kind, c.severity, today); !got.Equal(want) {
			t.Errorf("DefaultDue(%s, %s) = %s, want %s (+%d days)", c.kind, c.severity,
				got.Format(time.DateOnly), want.Format(time.DateOnly), c.days)
		}
	}
}

func TestDefaultDueIsADateWhateverTheClockTime(t *testing.T) {
	t.Parallel()
	late := time.Date(2027, 3, 10, 23, 59, 0, 0, shanghai)
	if got, want := DefaultDue(Complaint, High, late), date(2027, 3, 11); !got.Equal(want) || got.Location() != time.UTC {
		t.Fatalf("DefaultDue at 23:59 Shanghai = %v, want %v", got, want)
	}
}

func TestKindsAndSeveritiesListEveryValue(t *testing.T) {
	t.Parallel()
	if len(Kinds) != 4 || len(Severities) != 3 {
		t.Fatalf("Kinds %v, Severities %v", Kinds, Severities)
	}
	for _, k := range Kinds {
		if !validKind(k) {
			t.Errorf("Kinds holds invalid %q", k)
		}
	}
	for _, s := range Severities {
		if !validSeverity(s) {
			t.Errorf("Severities holds invalid %q", s)
		}
	}
}
