package chat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ledgerbot/ledgerbot/internal/churn"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dedupe"
	"github.com/ledgerbot/ledgerbot/internal/export"
	"github.com/ledgerbot/ledgerbot/internal/feedback"
	"github.com/ledgerbot/ledgerbot/internal/greeting"
	"github.com/ledgerbot/ledgerbot/internal/handover"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/importer"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
	"github.com/ledgerbot/ledgerbot/internal/schedule"
	"github.com/ledgerbot/ledgerbot/internal/session"
	"github.com/ledgerbot/ledgerbot/internal/staff"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// Deps is what the chat is built from; cmd/ledgerbot builds each part and
// every one is required.
type Deps struct {
	Telegram *tgbot.Bot
	DB       *pgxpool.Pool // for reads batched across the stores (the client card)
	Staff    *staff.Store
	Clients  *client.Store
	Visits   *visit.Store
	Feedback *feedback.Store
	Sessions *session.Store
	Log      *slog.Logger
	Now      func() time.Time
	Location *time.Location

	// What the scheduled pushes need in chat: the outbox (failed messages
	// for admins), the scheduler (/jobs), churn episodes (alert buttons),
	// greetings (templates, custom dates, contacts' opt-in) and the review
	// cadence per tier with the snooze length.
	Outbox     *outbox.Store
	Scheduler  *schedule.Scheduler
	Churn      *churn.Scanner
	Greetings  *greeting.Store
	Cadence    map[string]int
	SnoozeDays int

	// Exports writes the ledger as XLSX for /export; the chat runs it in
	// the background (RunExports).
	Exports *export.Store

	// Imports brings spreadsheets into the ledger for managers and admins;
	// its confirmed imports run in the background (RunImports).
	Imports *importer.Store

	// Handover moves clients between owners and deactivates members with
	// their clients handed over (the members screen, the card's 移交).
	Handover *handover.Store

	// Duplicates lists a team's likely duplicate clients for /duplicates.
	Duplicates *dedupe.Finder
}

// App handles Events.
type App struct {
	db       *pgxpool.Pool
	staff    *staff.Store
	clients  *client.Store
	visits   *visit.Store
	feedback *feedback.Store
	sessions *session.Store
	log      *slog.Logger
	now      func() time.Time
	loc      *time.Location
	tg       *tgbot.Bot
	out      *sender
	members  *memberCache

	usernameMu sync.Mutex
	username   string

	outbox     *outbox.Store
	sched      *schedule.Scheduler
	churn      *churn.Scanner
	greetings  *greeting.Store
	cadence    map[string]int
	snoozeDays int

	exports *exporter

	imports *importer.Store
	runner  *importRunner

	handover *handover.Store

	duplicates *dedupe.Finder
}

// New builds the App from d, whose parts must all be set, and registers
// the feedback notices it queues when a record is created.
func New(d Deps) (*App, error) {
	if d.Telegram == nil || d.DB == nil || d.Staff == nil || d.Clients == nil || d.Visits == nil || d.Feedback == nil ||
		d.Sessions == nil || d.Log == nil || d.Now == nil || d.Location == nil || d.Outbox == nil || d.Scheduler == nil ||
		d.Churn == nil || d.Greetings == nil || d.SnoozeDays <= 0 {
		return nil, errors.New("chat: every dependency is required")
	}
	a := &App{db: d.DB, staff: d.Staff, clients: d.Clients, visits: d.Visits, feedback: d.Feedback, sessions: d.Sessions,
		log: d.Log, now: d.Now, loc: d.Location, tg: d.Telegram, out: &sender{tg: d.Telegram, log: d.Log},
		members: newMemberCache(), outbox: d.Outbox, sched: d.Scheduler, churn: d.Churn, greetings: d.Greetings,
		cadence: d.Cadence, snoozeDays: d.SnoozeDays}
	if d.Exports == nil {
		return nil, errors.New("chat: every dependency is required")
	}
	a.exports = newExporter(d.Exports)
	if d.Imports == nil {
		return nil, errors.New("chat: every dependency is required")
	}
	a.imports, a.runner = d.Imports, newImportRunner(a)
	if d.Handover == nil {
		return nil, errors.New("chat: every dependency is required")
	}
	a.handover = d.Handover
	if d.Duplicates == nil {
		return nil, errors.New("chat: every dependency is required")
	}
	a.duplicates = d.Duplicates
	d.Feedback.OnCreated(a.feedbackNotices)
	return a, nil
}

// Username asks Telegram for the bot's username once, for deep links. Any
// worker may ask first, so the answer is kept under a lock.
func (a *App) Username(ctx context.Context) string {
	a.usernameMu.Lock()
	defer a.usernameMu.Unlock()
	if a.username == "" {
		if me, err := a.tg.GetMe(ctx); err == nil {
			a.username = me.Username
		}
	}
	return a.username
}

// Handle is the Intake's handler: it runs one update to completion. It
// returns an error only for failures worth retrying (database, Redis or
// Telegram unavailable); everything the user did wrong is answered instead.
func (a *App) Handle(ctx context.Context, u *models.Update) error {
	ev, ok := toEvent(u)
	if !ok {
		return nil
	}
	return a.route(ctx, ev)
}

// Abandon queues, in the transaction that gives u up for good, a notice
// telling the user their last action did not go through. The update's own
// changes were rolled back (records are written in one transaction at a
// flow's end), so nothing half-done is left and trying again is safe.
func (a *App) Abandon(ctx context.Context, tx pgx.Tx, u *models.Update, temporary bool) error {
	ev, ok := toEvent(u)
	if !ok || ev.ChatID == 0 || !ev.Private {
		return nil
	}
	l := a.langOf(ctx, ev)
	_, err := outbox.Enqueue(ctx, tx, outbox.Message{Key: "update:" + strconv.FormatInt(ev.UpdateID, 10) + ":failed",
		ChatID: ev.ChatID, Kind: "failure", Text: failureText(l, temporary)})
	if err != nil {
		return fmt.Errorf("queue failure notice: %w", err)
	}
	return nil
}

// Abandoned answers a pressed button at once with the same notice as a
// pop-up, while the user still looks at it; the message follows through
// the outbox.
func (a *App) Abandoned(ctx context.Context, u *models.Update, temporary bool) {
	ev, ok := toEvent(u)
	if !ok || !ev.IsCallback() {
		return
	}
	if err := a.out.answer(ctx, ev.CallbackID, failureText(a.langOf(ctx, ev), temporary), true); err != nil {
		a.log.Debug("failure pop-up not shown", slog.Int64("update_id", ev.UpdateID), slog.Any("error", err))
	}
}

// langOf is the language to answer ev in: the member's, else Telegram's.
func (a *App) langOf(ctx context.Context, ev Event) i18n.Lang {
	if m, err := a.staff.ByTelegramID(ctx, ev.UserID); err == nil {
		return i18n.Parse(m.Lang)
	}
	return i18n.Parse(ev.LangCode)
}

func failureText(l i18n.Lang, temporary bool) string {
	if temporary {
		return l.T("抱歉，系统暂时无法访问，这一步没有完成，也没有保存半成品。请过几分钟再试。",
			"Sorry, the system is unavailable right now. That step did not go through and nothing half-done was saved. Please try again in a few minutes.")
	}
	return l.T("抱歉，这一步因系统错误没有完成，也没有保存半成品。问题已记录；请换一种方式再试，或 /cancel 重新开始。",
		"Sorry, that step failed because of an error on our side; nothing half-done was saved. The problem has been logged: please try it another way, or /cancel and start over.")
}

// RegisterCommands tells Telegram the command menu in both languages, and
// each admin's own, longer menu.
func (a *App) RegisterCommands(ctx context.Context) error {
	for _, l := range []i18n.Lang{i18n.ZH, i18n.EN} {
		params := &tgbot.SetMyCommandsParams{Commands: menu(l, commandList)}
		if l == i18n.EN {
			params.LanguageCode = string(i18n.EN)
		}
		if _, err := a.tg.SetMyCommands(ctx, params); err != nil {
			return fmt.Errorf("setMyCommands %s: %w", l, err)
		}
	}
	admins, err := a.staff.Admins(ctx)
	if err != nil {
		return fmt.Errorf("admins: %w", err)
	}
	for _, m := range admins {
		if err := a.adminMenu(ctx, m.ChatID, i18n.Parse(m.Lang)); err != nil {
			return err
		}
	}
	return nil
}

// adminMenu shows an admin, in their chat and language, the everyday menu
// with the admin commands after it.
func (a *App) adminMenu(ctx context.Context, chatID int64, l i18n.Lang) error {
	_, err := a.tg.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: menu(l, append(commandList[:len(commandList):len(commandList)], adminCommands...)),
		Scope: &models.BotCommandScopeChat{ChatID: chatID}})
	if err != nil {
		return fmt.Errorf("setMyCommands for admin chat %d: %w", chatID, err)
	}
	return nil
}

func menu(l i18n.Lang, list []command) []models.BotCommand {
	cmds := make([]models.BotCommand, 0, len(list))
	for _, c := range list {
		cmds = append(cmds, models.BotCommand{Command: c.name, Description: c.desc.In(l)})
	}
	return cmds
}

// command is one entry of the command menu.
type command struct {
	name string
	desc i18n.Text
}

// commandList is the menu, in display order.
var commandList = []command{
	{"client", i18n.Text{ZH: "查找客户", EN: "Find a client"}},
	{"visit", i18n.Text{ZH: "记录拜访", EN: "Log a visit"}},
	{"feedback", i18n.Text{ZH: "登记客户反馈", EN: "Record client feedback"}},
	{"today", i18n.Text{ZH: "今日待办：跟进与反馈", EN: "Today: follow-ups and feedback"}},
	{"mine", i18n.Text{ZH: "我的客户", EN: "My clients"}},
	{"risk", i18n.Text{ZH: "流失预警客户", EN: "Clients at risk of churning"}},
	{"export", i18n.Text{ZH: "导出客户台账（Excel）", EN: "Export the ledger (Excel)"}},
	{"report", i18n.Text{ZH: "销售考核报告（团队）", EN: "Sales review of the team"}},
	{"new", i18n.Text{ZH: "新建客户", EN: "New client"}},
	{"import", i18n.Text{ZH: "导入客户台账（Excel/CSV）", EN: "Import a ledger (Excel/CSV)"}},
	{"duplicates", i18n.Text{ZH: "疑似重复客户与合并", EN: "Likely duplicate clients, to merge"}},
	{"tiers", i18n.Text{ZH: "客户等级建议", EN: "Client tier suggestions"}},
	{"members", i18n.Text{ZH: "团队成员与交接", EN: "Team members and hand-over"}},
	{"invite", i18n.Text{ZH: "邀请同事", EN: "Invite a colleague"}},
	{"lang", i18n.Text{ZH: "切换语言 / Language", EN: "Language / 切换语言"}},
	{"cancel", i18n.Text{ZH: "取消当前操作", EN: "Cancel the current step"}},
	{"help", i18n.Text{ZH: "帮助", EN: "Help"}},
}

// adminCommands follow commandList in an admin's menu.
var adminCommands = []command{
	{"jobs", i18n.Text{ZH: "定时任务与发送队列", EN: "Scheduled jobs and the outbox"}},
	{"holidays", i18n.Text{ZH: "节日与自定义日期", EN: "Holidays and custom dates"}},
	{"templates", i18n.Text{ZH: "问候模板", EN: "Greeting templates"}},
	{"teams", i18n.Text{ZH: "团队列表", EN: "Teams"}},
	{"newteam", i18n.Text{ZH: "创建团队", EN: "Create a team"}},
}
