package report

import (
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// unit is what a measure's value is, and so how it is written.
type unit int

const (
	count unit = iota // a whole number
	share             // a fraction, shown as a percentage
	money             // yuan
	hours             // a duration in hours
	score             // an average satisfaction, 1 to 5
)

// measure is one figure of the report: its name in both languages and how
// to read it from Figures. The text, the workbook and the change against
// the previous period all read the figures through these, so a figure has
// one name and one definition everywhere.
type measure struct {
	name  i18n.Text
	unit  unit
	value func(Figures) (float64, bool)
}

// change is cur's value less prev's (for a share, in points: 0.05 is five
// percentage points); ok is false unless both have a value.
func (m measure) change(cur, prev Figures) (float64, bool) {
	a, okA := m.value(cur)
	b, okB := m.value(prev)
	return a - b, okA && okB
}

func whole(v func(Figures) int) func(Figures) (float64, bool) {
	return func(f Figures) (float64, bool) { return float64(v(f)), true }
}

func yuan(v func(Figures) int64) func(Figures) (float64, bool) {
	return func(f Figures) (float64, bool) { return float64(v(f)) / 100, true }
}

// kindMeasure is the visits of one kind, named by i18n's label of the kind.
func kindMeasure(k visit.Kind) measure {
	return measure{
		name: i18n.Text{ZH: i18n.ZH.Label(i18n.VisitKind, string(k)), EN: i18n.EN.Label(i18n.VisitKind, string(k))},
		unit: count, value: whole(func(f Figures) int { return f.Visits.Of(k) }),
	}
}

// The measures.
var (
	mVisits = measure{i18n.Text{ZH: "拜访次数", EN: "Visits"}, count,
		whole(func(f Figures) int { return f.Visits.Total() })}
	mOwned = measure{i18n.Text{ZH: "名下客户", EN: "Clients owned"}, count,
		whole(func(f Figures) int { return f.Owned })}
	mVisited = measure{i18n.Text{ZH: "已拜访客户", EN: "Clients visited"}, count,
		whole(func(f Figures) int { return f.Visited })}
	mCoverage = measure{i18n.Text{ZH: "客户覆盖率", EN: "Coverage"}, share, Figures.Coverage}
	mNew      = measure{i18n.Text{ZH: "新增客户", EN: "New clients"}, count,
		whole(func(f Figures) int { return f.NewClients })}
	mFollowUps = measure{i18n.Text{ZH: "到期跟进", EN: "Follow-ups due"}, count,
		whole(func(f Figures) int { return f.FollowUpsDue })}
	mOnTime = measure{i18n.Text{ZH: "按时跟进", EN: "Follow-ups on time"}, count,
		whole(func(f Figures) int { return f.FollowUpsOnTime })}
	mOnTimeRate = measure{i18n.Text{ZH: "跟进及时率", EN: "On-time rate"}, share, Figures.OnTimeRate}
	mResolved   = measure{i18n.Text{ZH: "已处理反馈", EN: "Feedback resolved"}, count,
		whole(func(f Figures) int { return f.Resolved })}
	mMedian  = measure{i18n.Text{ZH: "处理时长中位数（小时）", EN: "Median time to resolve (h)"}, hours, Figures.MedianResolve}
	mOverdue = measure{i18n.Text{ZH: "逾期未处理反馈", EN: "Feedback overdue"}, count,
		whole(func(f Figures) int { return f.OverdueFeedback })}
	mSatisfaction = measure{i18n.Text{ZH: "平均满意度", EN: "Average satisfaction"}, score, Figures.Satisfaction}
	mRatings      = measure{i18n.Text{ZH: "满意度评分数", EN: "Satisfaction ratings"}, count,
		whole(func(f Figures) int { return f.SatisfactionCount })}
	mOwnedAtStart = measure{i18n.Text{ZH: "期初客户", EN: "Clients at start"}, count,
		whole(func(f Figures) int { return f.OwnedAtStart })}
	mLost = measure{i18n.Text{ZH: "流失客户", EN: "Clients lost"}, count,
		whole(func(f Figures) int { return f.Lost })}
	mChurn = measure{i18n.Text{ZH: "流失率", EN: "Churn rate"}, share, Figures.ChurnRate}
	mDeals = measure{i18n.Text{ZH: "成交笔数", EN: "Deals"}, count,
		whole(func(f Figures) int { return f.Deals })}
	mDealAmount = measure{i18n.Text{ZH: "成交金额（元）", EN: "Deal amount (CNY)"}, money,
		yuan(func(f Figures) int64 { return f.DealCents })}
	mCollected = measure{i18n.Text{ZH: "回款金额（元）", EN: "Payments collected (CNY)"}, money,
		yuan(func(f Figures) int64 { return f.CollectedCents })}
)

// kpis are the columns of the per-salesperson sheets and of the team totals.
var kpis = []measure{
	mVisits, mOwned, mVisited, mCoverage, mNew, mFollowUps, mOnTime, mOnTimeRate, mResolved, mMedian,
	mOverdue, mSatisfaction, mRatings, mOwnedAtStart, mLost, mChurn, mDeals, mDealAmount, mCollected,
}

// compared are the team figures the text compares with the previous period.
var compared = []measure{
	mVisits, mCoverage, mNew, mOnTimeRate, mResolved, mMedian, mOverdue, mSatisfaction, mLost, mChurn,
	mDealAmount, mCollected,
}
