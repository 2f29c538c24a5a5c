package chat

import (
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/schedule"
)

// jobTitles names the scheduled jobs for admins.
var jobTitles = map[string]i18n.Text{
	"greetings":  {ZH: "节日与生日问候", EN: "Holiday and birthday greetings"},
	"reminders":  {ZH: "复核与跟进提醒", EN: "Review and follow-up reminders"},
	"churn":      {ZH: "流失预警", EN: "Churn alerts"},
	"escalation": {ZH: "逾期反馈升级", EN: "Overdue feedback escalation"},
	"digest":     {ZH: "经理周报", EN: "Managers' weekly digest"},
	"retention":  {ZH: "旧数据清理", EN: "Old data clean-up"},
	"duplicates": {ZH: "重复客户检查", EN: "Duplicate client check"},
	"report":     {ZH: "月度考核报告", EN: "Monthly sales review"},
	"value":      {ZH: "客户价值计算", EN: "Client value"},
}

// jobs shows admins each scheduled job with its last and next run, and the
// outbox: what waits, what failed and why, with a retry button per failure.
func (r *req) jobs() error {
	if r.me.Role != access.Admin {
		return r.notice(r.l.T("只有管理员可以查看定时任务。", "Only admins can see the scheduled jobs."))
	}
	list, err := r.a.sched.List(r.ctx)
	if err != nil {
		return r.fail("list jobs", err)
	}
	stats, err := r.a.outbox.Stats(r.ctx)
	if err != nil {
		return r.fail("outbox stats", err)
	}
	failed, err := r.a.outbox.Failed(r.ctx, 5)
	if err != nil {
		return r.fail("failed messages", err)
	}
	l := r.l
	var b strings.Builder
	b.WriteString(l.T("⏱ <b>定时任务</b>\n", "⏱ <b>Scheduled jobs</b>\n"))
	kb := telegram.NewKeyboard()
	var runs []string
	for _, s := range list {
		fmt.Fprintf(&b, "\n<b>%s</b> <code>%s</code>\n%s %s\n%s %s\n", esc(jobTitles[s.Name].In(l)), esc(s.Spec),
			l.T("上次：", "Last:"), r.lastRun(s), l.T("下次：", "Next:"), s.Next.In(r.a.loc).Format("2006-01-02 15:04"))
		runs = append(runs, l.F("▶️ %s", "▶️ %s", s.Name), callback.RunJob{Job: s.Name}.Data())
	}
	fmt.Fprintf(&b, l.T("\n📤 <b>发送队列</b>：待发 %d · 发送中 %d · 已发 %d · 失败 %d · 无法送达 %d",
		"\n📤 <b>Outbox</b>: pending %d · sending %d · sent %d · failed %d · unreachable %d"),
		stats.Pending, stats.Sending, stats.Sent, stats.Failed, stats.Unreachable)
	if stats.OldestPending > time.Minute {
		fmt.Fprintf(&b, l.T("（最早待发已等 %s）", " (oldest pending waited %s)"), stats.OldestPending.Round(time.Second))
	}
	b.WriteString("\n")
	for _, f := range failed {
		fmt.Fprintf(&b, "\n❌ #%d %s · %s · %s\n   %s", f.ID, esc(f.Kind), r.failedWhen(f), l.Label(i18n.OutboxStatus, f.Status), esc(causeText(l, f.LastError)))
		kb.Row(l.F("🔁 重发 #%d", "🔁 Retry #%d", f.ID), callback.RetryMessage{Outbox: f.ID}.Data())
	}
	kb.Grid(3, runs...)
	kb.Row(l.T("🔄 刷新", "🔄 Refresh"), callback.JobsList{}.Data())
	_, err = r.show(b.String(), kb)
	return err
}

func (r *req) lastRun(s schedule.Status) string {
	l := r.l
	switch {
	case s.LastPeriod == "":
		return l.T("从未运行", "never run")
	case s.LastError != "":
		// The run's error is a Go error chain (SQL, wrapping): the log has
		// it, where the job ran.
		return l.F("%s 失败（详情见日志）", "%s failed (details in the log)", esc(s.LastPeriod))
	case s.LastFinished == nil:
		return l.F("%s 运行中或被中断", "%s running or interrupted", esc(s.LastPeriod))
	}
	return l.F("%s，入队 %d 条", "%s, %d enqueued", esc(s.LastPeriod), s.LastEnqueued)
}

// causeTitles name the kinds of outbox.Cause for admins; %d is Telegram's
// status code.
var causeTitles = map[outbox.CauseKind]i18n.Text{
	outbox.CauseNetwork:     {ZH: "无法连接 Telegram（网络）", EN: "Telegram unreachable (network)"},
	outbox.CauseTimeout:     {ZH: "Telegram 未及时响应（超时）", EN: "Telegram did not answer in time"},
	outbox.CauseServer:      {ZH: "Telegram 服务器错误 %d", EN: "Telegram %d"},
	outbox.CauseRateLimited: {ZH: "被限流（%d）", EN: "rate limited (%d)"},
	outbox.CauseBlocked:     {ZH: "用户已屏蔽机器人或已注销（%d）", EN: "blocked by user (%d)"},
	outbox.CauseBadRequest:  {ZH: "请求被拒（%d）", EN: "bad request (%d)"},
	outbox.CauseRefused:     {ZH: "Telegram 拒绝（%d）", EN: "Telegram refused (%d)"},
	outbox.CauseBadAnswer:   {ZH: "Telegram 的响应无法读取", EN: "unreadable answer from Telegram"},
	outbox.CauseOther:       {ZH: "发送失败（详情见日志）", EN: "send failed (details in the log)"},
}

// causeText is a failed row's stored cause in the admin's language, with
// Telegram's own description when it gave one. Text that is no cause (rows
// from before causes were stored) is never shown as it is: it may hold a Go
// error with the API's URL.
func causeText(l i18n.Lang, stored string) string {
	c, ok := outbox.ParseCause(stored)
	if !ok {
		c = outbox.Cause{Kind: outbox.CauseOther}
	}
	title := causeTitles[c.Kind].In(l)
	if strings.Contains(title, "%d") {
		title = fmt.Sprintf(title, c.Code)
	}
	if c.Detail == "" {
		return title
	}
	return title + l.T("：", ": ") + clip(c.Detail, 200)
}

func (r *req) failedWhen(f outbox.Row) string {
	if f.FailedAt == nil {
		return ""
	}
	return f.FailedAt.In(r.a.loc).Format("01-02 15:04")
}

// runJob runs one job now, as of the current time: the admin's "run now".
func (r *req) runJob(name string) error {
	if r.me.Role != access.Admin {
		return r.notice(r.l.T("只有管理员可以运行定时任务。", "Only admins can run scheduled jobs."))
	}
	if !slices.Contains(config.JobNames, name) {
		return r.invalidButton()
	}
	n, err := r.a.sched.RunNow(r.ctx, name, r.a.now())
	if err != nil {
		r.a.log.Warn("job run from chat failed", slog.String("job", name), slog.Any("error", err))
		return r.notice(r.l.F("任务 %s 运行失败，详情见日志。", "Job %s failed; the log has the details.", name))
	}
	r.acked = true
	if err := r.a.out.answer(r.ctx, r.ev.CallbackID, r.l.F("%s：入队 %d 条消息。", "%s: %d message(s) enqueued.", name, n), false); err != nil {
		return err
	}
	return r.jobs()
}

// retryMessage puts a failed outbox message back in the queue.
func (r *req) retryMessage(id int64) error {
	if r.me.Role != access.Admin {
		return r.notice(r.l.T("只有管理员可以重发消息。", "Only admins can retry messages."))
	}
	err := r.a.outbox.Requeue(r.ctx, id)
	if errors.Is(err, outbox.ErrNotFailed) {
		return r.notice(r.l.T("这条消息已不在失败列表中。", "That message is no longer failed."))
	}
	if err != nil {
		return r.fail("requeue message", err)
	}
	r.acked = true
	if err := r.a.out.answer(r.ctx, r.ev.CallbackID, r.l.F("#%d 已重新排队。", "#%d queued again.", id), false); err != nil {
		return err
	}
	return r.jobs()
}
