package chat

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/export"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

// Exports run in the background, outside the update that asked for one: an
// export of 100,000 clients takes seconds, and the chat's other updates
// must not wait for it. Each replica runs its own (RunExports, for as long
// as the process runs) one at a time, since a large one uses much of the
// memory a replica is given; others wait in a short queue.
//
// Nothing of an export is stored: if the process stops (a deploy, a crash)
// the file is simply not sent. A stop the process sees is told to the user
// at once; after a crash the progress message, which stops moving, says to
// press its "export again" button when it has not changed for a minute.
// The button (callback.Export) carries every choice, so nothing is typed
// again.
const (
	exportWorkers = 1
	exportQueue   = 16
	// exportEvery spaces the progress message's edits, well inside
	// Telegram's limits on editing one message.
	exportEvery = 3 * time.Second
	// exportTimeout bounds one export, far above the 30 s that 100,000
	// clients take.
	exportTimeout = 10 * time.Minute
	// maxUpload is the Bot API's limit on a file a bot sends.
	maxUpload = 50 << 20
)

// exportJob is one export asked for in a chat.
type exportJob struct {
	chatID, msgID int64
	actor         access.Actor
	filter        export.Filter
	again         callback.Export // the choices, for the "export again" button
	l             i18n.Lang
}

// exporter queues the exports of this replica and remembers which chats
// have one queued or running, so that a second press waits for the first.
type exporter struct {
	store *export.Store
	queue chan exportJob

	mu   sync.Mutex
	busy map[int64]bool
}

func newExporter(s *export.Store) *exporter {
	return &exporter{store: s, queue: make(chan exportJob, exportQueue), busy: map[int64]bool{}}
}

// reserve marks chat busy; false if it already was.
func (x *exporter) reserve(chat int64) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.busy[chat] {
		return false
	}
	x.busy[chat] = true
	return true
}

func (x *exporter) release(chat int64) {
	x.mu.Lock()
	delete(x.busy, chat)
	x.mu.Unlock()
}

// runExport checks the choices a, then queues the export and turns the
// screen into its progress message.
func (r *req) runExport(a callback.Export) error {
	x := r.a.exports
	f := export.Filter{TeamID: a.Team, OwnerID: a.Owner, Tier: a.Tier, Stage: a.Stage,
		Period: export.Period{From: a.From, To: a.To}, Lang: r.l}
	if err := x.store.Check(r.ctx, r.me.Actor(), f); err != nil {
		return r.exportRefused(err)
	}
	if !x.reserve(r.ev.ChatID) {
		return r.notice(r.l.T("您已有一个导出正在进行，请等它完成。", "An export of yours is already running; please wait for it."))
	}
	j := exportJob{chatID: r.ev.ChatID, actor: r.me.Actor(), filter: f, again: a, l: r.l}
	id, err := r.show(exportText(r.l, "⏳ ", r.l.T("已排队，即将开始导出…", "Queued; the export starts shortly…"), true), exportAgain(r.l, a))
	if err != nil {
		x.release(j.chatID)
		return err
	}
	j.msgID = id
	select {
	case x.queue <- j:
		return nil
	default:
		x.release(j.chatID)
		_, err := r.a.out.edit(r.ctx, j.chatID, id, exportText(r.l, "⚠️ ", r.l.T("导出的人太多，请过一两分钟再点「重新导出」。",
			"Too many exports are running; press “Export again” in a minute or two."), false), exportAgain(r.l, a).Markup())
		return err
	}
}

// RunExports runs the exports the chat queues until ctx ends. An export
// cut short by the end is told to its user, as are those still queued.
func (a *App) RunExports(ctx context.Context) error {
	var wg sync.WaitGroup
	for range exportWorkers {
		wg.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case j := <-a.exports.queue:
					a.export(ctx, j)
				}
			}
		})
	}
	wg.Wait()
	for {
		select {
		case j := <-a.exports.queue:
			a.exportStopped(ctx, j)
		default:
			return nil
		}
	}
}

// export runs one job: the workbook into a temporary file, progress edited
// into the job's message, then the file sent.
func (a *App) export(ctx context.Context, j exportJob) {
	defer a.exports.release(j.chatID)
	ctx, cancel := context.WithTimeout(ctx, exportTimeout)
	defer cancel()
	start := time.Now()
	a.exportEdit(ctx, j, exportText(j.l, "⏳ ", j.l.T("正在导出…", "Exporting…"), true), true)
	file, err := os.CreateTemp("", "ledgerbot-export-*.xlsx")
	if err != nil {
		a.exportFailed(ctx, j, fmt.Errorf("export file: %w", err))
		return
	}
	defer func() { _ = os.Remove(file.Name()) }()
	defer func() { _ = file.Close() }()
	// Progress is paced on the wall clock, not the injected one: it is
	// about Telegram's limits and the user's patience, both real time.
	last := time.Now()
	progress := func(done, total int) {
		if time.Since(last) < exportEvery {
			return
		}
		last = time.Now()
		a.exportEdit(ctx, j, exportText(j.l, "⏳ ", j.l.F("正在导出… %s / %s 行", "Exporting… %s / %s rows", grouped(done), grouped(total)), true), true)
	}
	w := bufio.NewWriterSize(file, 1<<16)
	sum, err := a.exports.store.Export(ctx, j.actor, j.filter, w, progress)
	if err == nil {
		err = w.Flush()
	}
	var size int64
	if err == nil {
		size, err = file.Seek(0, io.SeekCurrent)
	}
	if err != nil {
		a.exportFailed(ctx, j, err)
		return
	}
	if size > maxUpload {
		a.exportEdit(ctx, j, exportText(j.l, "⚠️ ", j.l.F("文件有 %d MB，超过 Telegram 允许机器人发送的 50 MB。请按负责人、等级或阶段筛选后分批导出。",
			"The file is %d MB, over the 50 MB Telegram lets a bot send. Please export in parts, by owner, tier or stage.", size>>20), false), false)
		return
	}
	if _, err := file.Seek(0, io.SeekStart); err != nil {
		a.exportFailed(ctx, j, fmt.Errorf("export file: %w", err))
		return
	}
	if _, err := a.out.sendDocument(ctx, j.chatID, a.exportName(j.l), file, exportCaption(j, sum)); err != nil {
		a.exportFailed(ctx, j, err)
		return
	}
	a.log.Info("export sent", slog.Int64("staff_id", j.actor.StaffID), slog.Int("rows", sum.Rows()),
		slog.Int64("bytes", size), slog.Duration("took", time.Since(start)))
	a.exportEdit(ctx, j, exportText(j.l, "✅ ", j.l.F("导出完成，共 %s 行，文件见下方。", "Done: %s rows; the file is below.", grouped(sum.Rows())), false), false)
}

// exportFailed tells the user why the export stopped, with the button that
// runs it again; an error not caused by the stop is logged here, once.
func (a *App) exportFailed(ctx context.Context, j exportJob, err error) {
	var why string
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		why = j.l.T("导出超时，没有生成文件。请按负责人、等级或阶段筛选后分批导出。",
			"The export took too long and was stopped. Please export in parts, by owner, tier or stage.")
	case ctx.Err() != nil:
		a.exportStopped(ctx, j)
		return
	case errors.Is(err, access.ErrForbidden) || errors.Is(err, export.ErrInvalid):
		why = j.l.T("您的权限或团队已变更，这次导出没有完成。请重新发送 /export。",
			"Your role or team changed, so this export did not finish. Please send /export again.")
	default:
		a.log.Error("export failed", slog.Int64("staff_id", j.actor.StaffID), slog.Any("error", err))
		why = j.l.T("导出因系统错误没有完成，问题已记录。请稍后点「重新导出」。",
			"The export failed because of an error on our side; it has been logged. Press “Export again” in a while.")
	}
	a.exportEdit(ctx, j, exportText(j.l, "⚠️ ", why, false), true)
}

// exportStopped tells the user the process is stopping before their export
// was done; the edit gets a few seconds of its own, ctx being over.
func (a *App) exportStopped(ctx context.Context, j exportJob) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	a.exportEdit(ctx, j, exportText(j.l, "⚠️ ", j.l.T("系统正在重启，导出被中断，没有生成文件。请稍后点「重新导出」。",
		"The system is restarting, so the export was stopped before the file was made. Press “Export again” in a moment."), false), true)
}

// exportEdit replaces the job's message, with the "export again" button
// when again is set. A failed edit is logged, not retried: the next one,
// or the file, follows anyway.
func (a *App) exportEdit(ctx context.Context, j exportJob, text string, again bool) {
	kb := telegram.NewKeyboard()
	if again {
		kb = exportAgain(j.l, j.again)
	}
	if _, err := a.out.edit(ctx, j.chatID, j.msgID, text, kb.Markup()); err != nil {
		a.log.Debug("export message not edited", slog.Int64("chat_id", j.chatID), slog.Any("error", err))
	}
}

// exportText is the progress message: the title, the state, and while the
// export runs, what to do if it stops moving.
func exportText(l i18n.Lang, icon, state string, running bool) string {
	text := l.T("📤 <b>导出客户台账</b>\n\n", "📤 <b>Export the ledger</b>\n\n") + icon + state
	if running {
		text += l.T("\n\n若此消息超过一分钟没有变化，说明导出已中断（例如系统重启），请点「重新导出」。",
			"\n\nIf this message has not changed for a minute, the export was cut short (a restart, say): press “Export again”.")
	}
	return text
}

func exportAgain(l i18n.Lang, a callback.Export) *telegram.Keyboard {
	return telegram.NewKeyboard().Row(l.T("🔁 重新导出", "🔁 Export again"), a.Data())
}

// exportName is the file's name: 客户台账_2026-11-28.xlsx.
func (a *App) exportName(l i18n.Lang) string {
	return l.T("客户台账_", "client-ledger_") + dates.Today(a.now(), a.loc).Format(time.DateOnly) + ".xlsx"
}

// exportCaption counts what the file holds.
func exportCaption(j exportJob, s export.Summary) string {
	l, p := j.l, j.filter.Period
	return l.F("📊 <b>客户台账</b>\n客户 %s · 联系人 %s · 合作记录 %s\n拜访 %s · 反馈 %s（%s 至 %s）",
		"📊 <b>Client ledger</b>\nClients %s · contacts %s · deals %s\nVisits %s · feedback %s (%s to %s)",
		grouped(s.Clients), grouped(s.Contacts), grouped(s.Deals), grouped(s.Visits), grouped(s.Feedback),
		p.From.Format(time.DateOnly), p.To.Format(time.DateOnly))
}

// grouped writes n with thousands separators: 12,000.
func grouped(n int) string {
	if n < 0 {
		return "-" + grouped(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
