package chat

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/importer"
)

// progressEvery is the least time between two edits of an import's
// progress message: Telegram limits how often one message may be edited,
// and a user reads a figure every few seconds at most.
const progressEvery = 3 * time.Second

// runnerIdle is how long the runner waits between looks for confirmed
// imports when nothing pokes it; a confirm on this replica pokes it at once,
// one on another replica is seen within this.
const runnerIdle = time.Second

// importRunner applies confirmed imports in the background, outside any
// update's handler, so their users go on using the bot meanwhile. It tells
// each import's progress by editing the import's progress message.
type importRunner struct {
	a    *App
	poke chan struct{}
	// wall is the clock of the figures shown while an import runs (rate,
	// time left, the gap between edits): they measure this machine's work
	// and Telegram's limits, real time, not the ledger's clock (App.now).
	wall func() time.Time

	mu    sync.Mutex
	marks map[int64]*progressMark
}

// progressMark is what the runner remembers of an import it is running.
type progressMark struct {
	start     time.Time // when this process took it up
	startDone int       // rows done then (a resumed import starts part-way)
	edited    time.Time // last edit of its message; zero before the first
	msgID     int64     // the message shown anew when the original was gone
}

func newImportRunner(a *App) *importRunner {
	return &importRunner{a: a, poke: make(chan struct{}, 1), wall: time.Now, marks: map[int64]*progressMark{}}
}

// RunImports runs the confirmed imports of every replica, one at a time,
// until ctx ends: at once when this replica confirms one, else every
// second. owner names this process in the import's lease; an import whose
// runner died is taken over when its lease (renewed every batch) runs out.
// Stopping mid-import loses at most the batch under way, which the next
// runner applies: no row is applied twice.
func (a *App) RunImports(ctx context.Context, owner string, lease time.Duration) error {
	t := time.NewTicker(runnerIdle)
	defer t.Stop()
	for {
		if err := a.imports.RunPending(ctx, owner, lease, a.runner); err != nil && ctx.Err() == nil {
			a.log.Warn("import runner", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-a.runner.poke:
		}
	}
}

// kick wakes the runner after a confirm.
func (ir *importRunner) kick() {
	select {
	case ir.poke <- struct{}{}:
	default:
	}
}

// Progress edits the import's progress message, no more often than
// progressEvery. Telegram refusing an edit (the text did not change) or
// being away costs one figure, never the import.
func (ir *importRunner) Progress(ctx context.Context, imp importer.Import) {
	msgID, rate, due := ir.next(imp)
	if !due {
		return
	}
	ir.show(ctx, imp, msgID, progressText(imp.Lang, imp, rate), nil)
}

// next says whether imp's message is due for an edit (and marks it
// edited; never while there is no message), which message it is, and the rows a second this process has
// applied (0 until a second has passed).
func (ir *importRunner) next(imp importer.Import) (msgID int64, rate float64, due bool) {
	now := ir.wall()
	ir.mu.Lock()
	defer ir.mu.Unlock()
	m := ir.markLocked(imp, now)
	// Without a message (the confirm has not stored it yet) nothing is
	// shown, and the first edit waits for the message.
	due = m.msgID != 0 && (m.edited.IsZero() || now.Sub(m.edited) >= progressEvery)
	if due {
		m.edited = now
	}
	if secs := now.Sub(m.start).Seconds(); secs >= 1 && imp.Done > m.startDone {
		rate = float64(imp.Done-m.startDone) / secs
	}
	return m.msgID, rate, due
}

// Finished replaces the progress message with the summary and the undo
// button.
func (ir *importRunner) Finished(ctx context.Context, imp importer.Import) {
	ir.mu.Lock()
	m := ir.markLocked(imp, ir.wall())
	msgID := m.msgID
	delete(ir.marks, imp.ID)
	ir.mu.Unlock()
	text, kb := finishedScreen(imp.Lang, imp)
	ir.show(ctx, imp, msgID, text, kb)
}

// markLocked is the runner's mark of imp, made at first sight.
func (ir *importRunner) markLocked(imp importer.Import, now time.Time) *progressMark {
	m, ok := ir.marks[imp.ID]
	if !ok {
		m = &progressMark{start: now, startDone: imp.Done, msgID: imp.ProgressMsgID}
		ir.marks[imp.ID] = m
	}
	if m.msgID == 0 {
		m.msgID = imp.ProgressMsgID
	}
	return m
}

// show edits the import's message (sending it anew when it is gone, or was
// never stored) and remembers a new message for the next edits.
func (ir *importRunner) show(ctx context.Context, imp importer.Import, msgID int64, text string, kb *telegram.Keyboard) {
	id, err := ir.a.out.edit(ctx, imp.ChatID, msgID, text, kb.Markup())
	if err != nil {
		if ctx.Err() == nil {
			ir.a.log.Info("import message not shown", slog.Int64("import_id", imp.ID), slog.Any("error", err))
		}
		return
	}
	if id == 0 || id == msgID {
		return
	}
	ir.mu.Lock()
	if m, ok := ir.marks[imp.ID]; ok {
		m.msgID = id
	}
	ir.mu.Unlock()
	if err := ir.a.imports.SetProgressMessage(ctx, imp.ID, id); err != nil {
		ir.a.log.Info("import message not stored", slog.Int64("import_id", imp.ID), slog.Any("error", err))
	}
}

// progressText is "导入中：12,000 / 100,000 行 · 每秒 2,000 行 · 约剩 44 秒";
// rate 0 (not measured yet) leaves out the rate and the time left.
func progressText(l i18n.Lang, imp importer.Import, rate float64) string {
	text := l.F("⏳ <b>导入中</b>：%s / %s 行", "⏳ <b>Importing</b>: %s / %s rows", thousands(imp.Done), thousands(imp.Total))
	if rate > 0 {
		left := time.Duration(float64(max(imp.Total-imp.Done, 0)) / rate * float64(time.Second))
		text += l.F(" · 每秒 %s 行 · 约剩 %s", " · %s rows a second · about %s left", thousands(int(rate+0.5)), durationText(l, left))
	}
	return text + "\n" + esc(imp.FileName) + l.T("\n导入在后台进行，您可以继续使用机器人。", "\nThe import runs in the background; you can go on using the bot.")
}

// finishedScreen is an import's last word: its summary and the undo button,
// or, for one the runner gave up, how far it got.
func finishedScreen(l i18n.Lang, imp importer.Import) (string, *telegram.Keyboard) {
	kb := telegram.NewKeyboard()
	if imp.Status == importer.Failed {
		return l.F("❌ <b>导入未能完成</b>：%s\n已导入 %s / %s 行。问题已记录，请联系管理员。",
			"❌ <b>The import could not finish</b>: %s\n%s of %s rows were imported. The problem has been logged; please tell an admin.",
			esc(imp.FileName), thousands(imp.Done), thousands(imp.Total)), kb
	}
	kb.Row(l.T("↩️ 撤销本次导入", "↩️ Undo this import"), callback.ImportUndo{Import: imp.ID}.Data())
	return summaryText(l, imp), kb
}
