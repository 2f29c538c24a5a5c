package report

import "github.com/ledgerbot/ledgerbot/internal/i18n"

// definitions say what each figure counts, for the workbook's last sheet:
// the rules of the package documentation in the managers' words.
var definitions = []struct {
	m   measure
	def i18n.Text
}{
	{mVisits, i18n.Text{
		ZH: "本人在期间内登记的拜访次数（按拜访时间，团队时区），分类见“拜访类型”表。",
		EN: "Visits the person logged in the period (by visit time, in the team's zone); by kind on the Visits by kind sheet."}},
	{mOwned, i18n.Text{
		ZH: "当前归本人负责、未归档的客户数。",
		EN: "Live (not archived) clients the person owns now."}},
	{mVisited, i18n.Text{
		ZH: "名下客户中期间内有过拜访的客户数（任何人拜访均计入）。",
		EN: "Owned clients visited in the period, by anyone."}},
	{mCoverage, i18n.Text{
		ZH: "已拜访客户 ÷ 名下客户。",
		EN: "Clients visited ÷ clients owned."}},
	{mNew, i18n.Text{
		ZH: "期间内新建、当前归本人负责且未归档的客户数。",
		EN: "Live clients owned now that were created in the period."}},
	{mFollowUps, i18n.Text{
		ZH: "跟进日期在期间内、由本人负责（交接后为接手人）的跟进中：已完成的，以及跟进日已过仍未完成的（已归档客户的未完成跟进不计）。",
		EN: "Follow-ups the person answers for (the new owner after a hand-over) with their date in the period: those done, and those still open after their day (open ones on archived clients are left out)."}},
	{mOnTime, i18n.Text{
		ZH: "跟进日当天结束前完成的跟进。完成时间取操作记录中的“完成跟进”时间；由后续拜访自动完成的，取该拜访的拜访时间（如更早）。",
		EN: "Follow-ups done before their day ended. Done means the time it was marked done in the change history, or the time of the visit that answered it if earlier."}},
	{mOnTimeRate, i18n.Text{
		ZH: "按时跟进 ÷ 到期跟进。",
		EN: "Follow-ups on time ÷ follow-ups due."}},
	{mResolved, i18n.Text{
		ZH: "分配给本人、在期间内解决的客户反馈数。",
		EN: "Feedback assigned to the person and resolved in the period."}},
	{mMedian, i18n.Text{
		ZH: "上述反馈从登记到解决的时长中位数（小时）。",
		EN: "Median hours from registering that feedback to resolving it."}},
	{mOverdue, i18n.Text{
		ZH: "期末（期间未结束则为当前）仍未解决且已过处理期限的反馈数，不含已归档客户。",
		EN: "Feedback still open at the period's end (or now, if it is not over) with its due day passed, on live clients."}},
	{mSatisfaction, i18n.Text{
		ZH: "期间内本人名下客户的满意度评分（拜访、反馈处理后的评分及客户问卷）平均值，1–5 分。",
		EN: "Average of the satisfaction readings (after visits, after resolved feedback, and the contacts' survey answers) on the person's clients in the period, 1 to 5."}},
	{mRatings, i18n.Text{
		ZH: "上述评分的条数。",
		EN: "How many readings that average is of."}},
	{mOwnedAtStart, i18n.Text{
		ZH: "期初已存在、当时不是流失客户、当前归本人负责且未归档的客户数。",
		EN: "Live clients owned now that existed at the period's start and were not churned then."}},
	{mLost, i18n.Text{
		ZH: "期初客户中在期末处于“流失客户”阶段的客户数（期间内流失又挽回的不计），阶段变化取自操作记录。",
		EN: "Clients at start that were at the churned stage at the period's end (one won back before the end is not lost); stages are read from the change history."}},
	{mChurn, i18n.Text{
		ZH: "流失客户 ÷ 期初客户。",
		EN: "Clients lost ÷ clients at start."}},
	{mDeals, i18n.Text{
		ZH: "成交日期在期间内的本人名下客户的合作记录笔数。",
		EN: "Deals dated in the period on the person's clients."}},
	{mDealAmount, i18n.Text{
		ZH: "上述合作记录的金额合计（元）。",
		EN: "Those deals' amounts, in CNY."}},
	{mCollected, i18n.Text{
		ZH: "回款日期在期间内的本人名下客户的回款合计（元）。",
		EN: "Payments received in the period on the person's clients' deals, in CNY."}},
}
