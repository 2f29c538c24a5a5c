package visit

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dates"
)

func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

// monday is the "today" of the parser tests: Monday 23 November 2026.
var monday = *day(2026, 11, 23)

func TestParseQuickSplitsClientKindNotesAndFollowUp(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in     string
		client string
		notes  string
		kind   Kind
		due    *time.Time
	}{
		{"Acme: discussed pricing", "Acme", "discussed pricing", "", nil},
		{"  华信科技：谈了新订单  ", "华信科技", "谈了新订单", "", nil},
		{"Acme - met Bob", "Acme", "met Bob", "", nil},
		{"Hua-Xin: met Bob", "Hua-Xin", "met Bob", "", nil},
		{"Acme: ratio 3:1 agreed", "Acme", "ratio 3:1 agreed", "", nil},
		// Kind words.
		{"Acme: phone discussed pricing", "Acme", "discussed pricing", Phone, nil},
		{"Acme: Call - asked for samples", "Acme", "asked for samples", Phone, nil},
		{"Acme: phone call went well", "Acme", "went well", Phone, nil},
		{"Acme: video: demo done", "Acme", "demo done", Video, nil},
		{"Acme: visit, saw the plant", "Acme", "saw the plant", OnSite, nil},
		{"Acme: onsite audit", "Acme", "audit", OnSite, nil},
		{"华信：电话 确认了交期", "华信", "确认了交期", Phone, nil},
		{"华信：电话沟通了报价", "华信", "电话沟通了报价", Phone, nil},
		{"华信：视频会议演示产品", "华信", "视频会议演示产品", Video, nil},
		{"华信：上门，见了张总", "华信", "见了张总", OnSite, nil},
		{"华信：拜访张总", "华信", "拜访张总", OnSite, nil},
		{"Acme: calls were unanswered", "Acme", "calls were unanswered", "", nil},
		{"Acme: visiting soon", "Acme", "visiting soon", "", nil},
		{"Acme: phone", "Acme", "phone", Phone, nil},
		// Follow-up hints.
		{"Acme: sent quote, next 2w", "Acme", "sent quote", "", day(2026, 12, 7)},
		{"Acme: sent quote next tue", "Acme", "sent quote", "", day(2026, 12, 1)},
		{"Acme: sent quote. Next Tuesday.", "Acme", "sent quote.", "", day(2026, 12, 1)},
		{"Acme: sent quote; follow up 3d", "Acme", "sent quote", "", day(2026, 11, 26)},
		{"Acme: sent quote next week", "Acme", "sent quote", "", day(2026, 11, 30)},
		{"Acme: sent quote next: 2026-12-01", "Acme", "sent quote", "", day(2026, 12, 1)},
		{"Acme: sent quote, next friday follow up", "Acme", "sent quote", "", day(2026, 12, 4)},
		{"华信：谈了报价，下周二", "华信", "谈了报价", "", day(2026, 12, 1)},
		{"华信：谈了报价下周二跟进。", "华信", "谈了报价", "", day(2026, 12, 1)},
		{"华信：谈了报价 3天后跟进", "华信", "谈了报价", "", day(2026, 11, 26)},
		{"华信：谈了报价，跟进 下周", "华信", "谈了报价", "", day(2026, 11, 30)},
		{"华信：谈了报价，两周后再联系", "华信", "谈了报价", "", day(2026, 12, 7)},
		{"华信：谈了报价，跟进：１２月１日", "华信", "谈了报价", "", day(2026, 12, 1)},
		{"华信：谈了报价，明天回访", "华信", "谈了报价", "", day(2026, 11, 24)},
		{"华信：电话 谈了报价，下周二跟进", "华信", "谈了报价", Phone, day(2026, 12, 1)},
		{"华信：电话 下周二跟进", "华信", "电话", Phone, day(2026, 12, 1)},
		// A date alone ending the notes, in any form the guided follow-up
		// step takes, is the follow-up too.
		{"华信：谈了报价 12月9日", "华信", "谈了报价", "", day(2026, 12, 9)},
		{"华信：谈了报价，１２月９日。", "华信", "谈了报价", "", day(2026, 12, 9)},
		{"Acme: sent quote 2026-12-09", "Acme", "sent quote", "", day(2026, 12, 9)},
		{"Acme: sent quote 12/9", "Acme", "sent quote", "", day(2026, 12, 9)},
		{"华信：谈了报价 2027年1月5日", "华信", "谈了报价", "", day(2027, 1, 5)},
		{"华信：谈了报价 下周二", "华信", "谈了报价", "", day(2026, 12, 1)},
		{"华信：谈了报价 周五", "华信", "谈了报价", "", day(2026, 11, 27)},
		{"Acme: sent quote, friday", "Acme", "sent quote", "", day(2026, 11, 27)},
		{"Acme: sent quote 3d", "Acme", "sent quote", "", day(2026, 11, 26)},
		{"Acme: sent quote today", "Acme", "sent quote", "", day(2026, 11, 23)},
		{"华信：电话 谈了报价 月底", "华信", "谈了报价", Phone, day(2026, 11, 30)},
		{"Acme: contract signed, renewal 2026.12.9", "Acme", "contract signed, renewal", "", day(2026, 12, 9)},
		// A bare dotted number ending the notes is a price or a quantity,
		// not a day, unless a marker word before it says it is the
		// follow-up.
		{"华信：单价 3.5", "华信", "单价 3.5", "", nil},
		{"华信：单价3.5", "华信", "单价3.5", "", nil},
		{"Acme: price 12.9", "Acme", "price 12.9", "", nil},
		{"Acme: price 12.9.", "Acme", "price 12.9.", "", nil},
		{"华信：单价 １２．９", "华信", "单价 １２．９", "", nil},
		{"Acme: upgraded to v2.1", "Acme", "upgraded to v2.1", "", nil},
		{"华信：单价 3.5 再联系", "华信", "单价 3.5 再联系", "", nil},
		{"Acme: sent quote, next 12.9", "Acme", "sent quote", "", day(2026, 12, 9)},
		{"Acme: sent quote, follow up 12.9", "Acme", "sent quote", "", day(2026, 12, 9)},
		{"华信：谈了报价，跟进 3.5", "华信", "谈了报价", "", day(2027, 3, 5)},
		{"华信：谈了报价，下次3.5", "华信", "谈了报价", "", day(2027, 3, 5)},
		{"华信：单价 3.5，跟进 12.9", "华信", "单价 3.5", "", day(2026, 12, 9)},
		{"Acme: unit price 3.5 tomorrow", "Acme", "unit price 3.5", "", day(2026, 11, 24)},
		// Dates that are not follow-ups stay in the notes: a habit, a past
		// day, a day too far ahead, a number inside a word.
		{"华信：送货时间每周五", "华信", "送货时间每周五", "", nil},
		{"Acme: deliveries every friday", "Acme", "deliveries every friday", "", nil},
		{"Acme: contract signed 2026-11-01", "Acme", "contract signed 2026-11-01", "", nil},
		{"华信：合同已签 昨天", "华信", "合同已签 昨天", "", nil},
		{"Acme: renewal due 2031-12-31", "Acme", "renewal due 2031-12-31", "", nil},
		{"Acme: bought model A3d", "Acme", "bought model A3d", "", nil},
		{"Acme: next steps unclear", "Acme", "next steps unclear", "", nil},
		// Line breaks and tabs of the notes are kept.
		{"Acme: line one\n\tline two", "Acme", "line one\n\tline two", "", nil},
	}
	for _, c := range cases {
		q, err := ParseQuick(c.in, monday)
		if err != nil {
			t.Errorf("ParseQuick(%q): %v", c.in, err)
			continue
		}
		if q.ClientQuery != c.client || q.Notes != c.notes || q.Kind != c.kind || !sameDay(q.FollowUpOn, c.due) {
			t.Errorf("ParseQuick(%q) = %q, %q, %q, %v; want %q, %q, %q, %v",
				c.in, q.ClientQuery, q.Notes, q.Kind, show(q.FollowUpOn), c.client, c.notes, c.kind, show(c.due))
		}
	}
}

func TestParseQuickRefusesWhatItCannotRecord(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want error
	}{
		{"Acme discussed pricing", ErrNoSeparator},
		{"", ErrNoSeparator},
		{": discussed pricing", ErrInvalid},
		{"Acme:", ErrInvalid},
		{"Acme:   ", ErrInvalid},
		{"华信：下周二跟进", ErrInvalid},
		{"Acme: met, next: 2026-11-01", dates.ErrPastDate},
		{"华信：见面，昨天跟进", dates.ErrPastDate},
		{"Acme: " + strings.Repeat("x", MaxQuick), ErrTooLong},
		{"Acme: met, next: 2031-12-31", ErrTooFar},
		{"Acme: met Bob\x00", client.ErrControlChar},
		{"Ac\x00me: met Bob", ErrInvalid},
		{"Acme: met\u0085\u0091 Bob", client.ErrControlChar},
	}
	for _, c := range cases {
		if _, err := ParseQuick(c.in, monday); !errors.Is(err, c.want) {
			t.Errorf("ParseQuick(%.40q) err = %v, want %v", c.in, err, c.want)
		}
	}
}

// The one-line form reads every date the guided follow-up step reads, with
// the same parser: what dates.ParseFuture takes at the follow-up step ends
// the notes as the follow-up on the same day. A bare dotted number (12.9)
// needs a marker word before it; see
// TestParseQuickTakesADottedNumberOnlyBehindAMarker.
func TestParseQuickTakesEveryDateTheFollowUpStepTakes(t *testing.T) {
	t.Parallel()
	forms := []string{
		"2026-12-09", "2026/12/9", "2026.12.9", "12-09", "12/9", "2026年12月9日", "12月9日", "12月9号",
		"十二月九日", "9日", "9号", "今天", "明天", "后天", "大后天", "+3d", "3天后", "3日后", "2w", "两周后",
		"1个月", "半个月", "下个月", "next month", "下周", "next week", "月底", "下月底", "end of month",
		"周五", "星期五", "下周二", "下下周一", "这周五", "本周日", "next tue", "friday", "tomorrow", "in 2 weeks",
		"ＮＥＸＴ ＴＵＥ", "１２月９日",
	}
	for _, form := range forms {
		want, err := dates.ParseFuture(form, monday)
		if err != nil {
			t.Fatalf("the follow-up step refuses %q: %v", form, err)
		}
		for _, line := range []string{"华信：谈了报价 " + form, "Acme: sent the quote " + form, "Acme: sent the quote, next " + form} {
			if _, err := dates.Parse("next "+form, monday); err == nil && strings.HasSuffix(line, "next "+form) {
				continue // "next friday" is a date of its own, a week after "friday"
			}
			q, err := ParseQuick(line, monday)
			if err != nil || q.FollowUpOn == nil || !q.FollowUpOn.Equal(want) {
				t.Errorf("ParseQuick(%q) = %+v, %v; want follow-up %s", line, q, err, want.Format(time.DateOnly))
				continue
			}
			if q.Notes != "谈了报价" && q.Notes != "sent the quote" {
				t.Errorf("ParseQuick(%q) notes %q still hold the date", line, q.Notes)
			}
		}
	}
}

// 3.5 and 12.9 are what the follow-up step reads as 3月5日 and 12月9日, but
// ending a line of notes they are a price or a quantity far more often, so
// only a marker word before them makes them the follow-up.
func TestParseQuickTakesADottedNumberOnlyBehindAMarker(t *testing.T) {
	t.Parallel()
	for _, form := range []string{"12.9", "3.5", "１２．９", "12. 9", "12 .9", "1.1"} {
		want, err := dates.ParseFuture(form, monday)
		if err != nil {
			t.Fatalf("the follow-up step refuses %q: %v", form, err)
		}
		// A marker after the number is not enough: "单价 3.5 再联系" is a
		// price and a promise to call again.
		for _, notes := range []string{"单价 " + form, "单价" + form, "unit price " + form, "unit price " + form + " follow up", "单价 " + form + " 再联系"} {
			line := "华信：" + notes
			q, err := ParseQuick(line, monday)
			if err != nil || q.FollowUpOn != nil || q.Notes != notes {
				t.Errorf("ParseQuick(%q) = %+v, %v; want notes %q and no follow-up", line, q, err, notes)
			}
		}
		for _, marker := range []string{"next ", "next: ", "follow up ", "follow-up ", "跟进 ", "跟进", "下次", "下次跟进 ", "回访 "} {
			line := "Acme: sent the quote, " + marker + form
			q, err := ParseQuick(line, monday)
			if err != nil || q.FollowUpOn == nil || !q.FollowUpOn.Equal(want) || q.Notes != "sent the quote" {
				t.Errorf("ParseQuick(%q) = %+v, %v; want follow-up %s and the notes without it", line, q, err, want.Format(time.DateOnly))
			}
		}
	}
}

func sameDay(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

func show(d *time.Time) string {
	if d == nil {
		return "nil"
	}
	return d.Format(time.DateOnly)
}
