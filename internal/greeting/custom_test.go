package greeting

import (
	"errors"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/holiday"
)

func TestParseSpecReadsYearlyAndOneOffDates(t *testing.T) {
	t.Parallel()
	today := time.Date(2027, 1, 20, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		in               string
		year, month, day int
	}{
		{"03-18", 0, 3, 18},
		{"3-8", 0, 3, 8},
		{"12/25", 0, 12, 25},
		{"02-29", 0, 2, 29},
		{"3月18日", 0, 3, 18},
		{"３月１８号", 0, 3, 18},
		{"2027-03-18", 2027, 3, 18},
		{"2027/3/18", 2027, 3, 18},
		{"2027年3月18日", 2027, 3, 18},
		{"2027-01-20", 2027, 1, 20}, // today
		{"2028-02-29", 2028, 2, 29},
		{" 2032-12-31 ", 2032, 12, 31},
	}
	for _, c := range cases {
		y, m, d, err := ParseSpec(c.in, today)
		if err != nil || y != c.year || m != c.month || d != c.day {
			t.Errorf("ParseSpec(%q) = %d-%d-%d, %v; want %d-%d-%d", c.in, y, m, d, err, c.year, c.month, c.day)
		}
	}
	for _, bad := range []string{"", "abc", "02-30", "13-01", "00-10", "2027-02-29", "2027-01-19", "2033-01-01",
		"2027-13-01", "1-2-3-4", "下周二", "03-18 每年"} {
		if _, _, _, err := ParseSpec(bad, today); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseSpec(%q) err = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestParseNameSplitsChineseAndEnglish(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, zh, en string }{
		{"公司周年庆 / Company Anniversary", "公司周年庆", "Company Anniversary"},
		{"  店庆  ", "店庆", "店庆"},
		{"A/B", "A", "B"},
		{"/ Anniversary", "/ Anniversary", "/ Anniversary"},
	}
	for _, c := range cases {
		zh, en, err := ParseName(c.in)
		if err != nil || zh != c.zh || en != c.en {
			t.Errorf("ParseName(%q) = %q, %q, %v", c.in, zh, en, err)
		}
	}
	for _, bad := range []string{"", "   ", "a\x00b", string(make([]rune, 51))} {
		if _, _, err := ParseName(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseName(%q) err = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestCustomDatesAreForAdminsOnly(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, a := range []access.Actor{b.mgrEN, b.salesZH} {
		if _, err := b.store.AddCustom(b.ctx, a, "店庆", "05-20"); !errors.Is(err, access.ErrForbidden) {
			t.Errorf("AddCustom by %s: %v, want ErrForbidden", a.Role, err)
		}
	}
	c, err := b.store.AddCustom(b.ctx, b.admin, "店庆", "05-20")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.store.DeleteCustom(b.ctx, b.mgrEN, c.ID); !errors.Is(err, access.ErrForbidden) {
		t.Errorf("DeleteCustom by manager: %v", err)
	}
	if _, err := b.store.AddCustom(b.ctx, b.admin, "店庆", "02-30"); !errors.Is(err, ErrInvalid) {
		t.Errorf("AddCustom 02-30: %v, want ErrInvalid", err)
	}
	if cs, _ := b.store.Customs(b.ctx); len(cs) != 1 {
		t.Errorf("Customs = %+v, want the one date", cs)
	}
}

func TestCustomsListAndDelete(t *testing.T) {
	t.Parallel()
	b := setup(t)
	once, err := b.store.AddCustom(b.ctx, b.admin, "新品发布会 / Product Launch", "2027-04-01")
	if err != nil {
		t.Fatal(err)
	}
	yearly, err := b.store.AddCustom(b.ctx, b.admin, "公司周年庆", "3月18日")
	if err != nil {
		t.Fatal(err)
	}
	if once.Year != 2027 || once.NameZh != "新品发布会" || once.NameEn != "Product Launch" || once.CreatedBy != b.admin.StaffID ||
		!once.CreatedAt.Equal(b.clock.Now()) || once.Spec() != "2027-04-01" {
		t.Errorf("one-off = %+v", once)
	}
	if yearly.Year != 0 || yearly.NameEn != "公司周年庆" || yearly.Spec() != "03-18" {
		t.Errorf("yearly = %+v", yearly)
	}
	cs, err := b.store.Customs(b.ctx)
	if err != nil || len(cs) != 2 || cs[0].ID != yearly.ID || cs[1].ID != once.ID {
		t.Fatalf("Customs = %+v, %v; want yearly first", cs, err)
	}
	if err := b.store.DeleteCustom(b.ctx, b.admin, once.ID); err != nil {
		t.Fatal(err)
	}
	if err := b.store.DeleteCustom(b.ctx, b.admin, once.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
	var audits int
	if err := b.pool.QueryRow(b.ctx, `SELECT count(*) FROM audit_log WHERE entity = 'greeting_date'`).Scan(&audits); err != nil || audits != 3 {
		t.Errorf("audit entries = %d, %v; want 3", audits, err)
	}
}

func TestUpcomingMergesHolidaysAndCustomDates(t *testing.T) {
	t.Parallel()
	b := setup(t)
	anniv, _ := b.store.AddCustom(b.ctx, b.admin, "公司周年庆 / Anniversary", "02-06") // shares the festival's day
	launch, _ := b.store.AddCustom(b.ctx, b.admin, "发布会", "2027-03-01")
	leapDay, _ := b.store.AddCustom(b.ctx, b.admin, "闰日", "02-29")
	_, _ = b.store.AddCustom(b.ctx, b.admin, "太远", "2027-06-01")

	got, err := b.store.Upcoming(b.ctx, time.Date(2027, 1, 20, 0, 0, 0, 0, time.UTC), 60)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ key, date string }{
		{holiday.SpringFestival, "2027-02-06"},
		{anniv.Occasion(time.Time{}).Key, "2027-02-06"},
		{holiday.Lantern, "2027-02-20"},
		{leapDay.Occasion(time.Time{}).Key, "2027-02-28"},
		{launch.Occasion(time.Time{}).Key, "2027-03-01"},
	}
	if len(got) != len(want) {
		t.Fatalf("Upcoming = %+v, want %d occasions", got, len(want))
	}
	for i, w := range want {
		if got[i].Key != w.key || got[i].Date.Format(time.DateOnly) != w.date {
			t.Errorf("occasion %d = %s on %s, want %s on %s", i, got[i].Key, got[i].Date.Format(time.DateOnly), w.key, w.date)
		}
	}
	occ, err := b.store.Occasions(b.ctx, time.Date(2027, 2, 6, 0, 0, 0, 0, time.UTC))
	if err != nil || len(occ) != 2 || occ[1].Zh != "公司周年庆" || occ[1].En != "Anniversary" {
		t.Errorf("Occasions(2027-02-06) = %+v, %v", occ, err)
	}
	if occ, _ := b.store.Occasions(b.ctx, time.Date(2028, 2, 28, 0, 0, 0, 0, time.UTC)); len(occ) != 0 {
		t.Errorf("a yearly 02-29 fell on 2028-02-28: %+v", occ)
	}
}
