package chat

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/callback"
	"github.com/ledgerbot/ledgerbot/internal/client"
	"github.com/ledgerbot/ledgerbot/internal/dates"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/visit"
)

// The visit log: client → kind → notes (text, voice, photos) → outcome →
// next follow-up → location → confirm. Saved only at confirm, where one
// optional row of 1–5 buttons records the client's satisfaction.

const maxPhotos = 10

// visitDraft is the visit flow's draft.
type visitDraft struct {
	ClientID   int64      `json:"client_id,omitempty"`
	ClientName string     `json:"client_name,omitempty"`
	Kind       visit.Kind `json:"kind,omitempty"`
	Notes      string     `json:"notes,omitempty"`
	Outcome    string     `json:"outcome,omitempty"`
	Voice      string     `json:"voice,omitempty"`     // a voice note's Telegram file id
	Photos     []string   `json:"photos,omitempty"`    // photos' Telegram file ids
	FollowUp   *time.Time `json:"follow_up,omitempty"` // a day at 00:00 UTC; nil for none
	Lat        *float64   `json:"lat,omitempty"`
	Lon        *float64   `json:"lon,omitempty"`
	// Quick marks the one-line form: the visit is saved as soon as the
	// client and the kind are known.
	Quick bool `json:"quick,omitempty"`
	// Satisfaction is the client's satisfaction, 1–5, tapped at the
	// confirm step; 0 when not given (it is optional).
	Satisfaction int `json:"satisfaction,omitempty"`
}

func (*visitDraft) flow() flow { return flowVisit }

// The visit flow's own steps (with stepClient, stepKind and stepConfirm).
const (
	stepNotes    step = "notes"
	stepOutcome  step = "outcome"
	stepFollowUp step = "follow"
	stepLocation step = "location"
)

func (r *req) startVisit(clientID int64) error {
	return r.startWithClient(&visitDraft{}, clientID, r.l.T("📝 <b>记录拜访</b>", "📝 <b>Log a visit</b>"))
}

func (r *req) visitKinds() []option { return choicesOf(r.l, i18n.VisitKind, visit.Kinds) }

func (r *req) visitStep(d *visitDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	l := r.l
	switch r.at() {
	case stepClient:
		c, ok, err := r.pickClient(in)
		if !ok {
			return err
		}
		d.ClientID, d.ClientName = c.ID, c.Name
		if d.Kind != "" { // the one-line form already said the rest
			return r.saveVisit(d)
		}
		r.goTo(stepKind)
		return r.askChoice(l.F("📝 拜访 <b>%s</b>\n拜访方式？", "📝 Visit to <b>%s</b>\nHow did you meet?", esc(c.Name)), 2, r.visitKinds())
	case stepKind:
		k, ok := chosen(in, r.visitKinds())
		if !ok {
			return r.say(l.T("请点选拜访方式。", "Please tap one of the ways above."))
		}
		d.Kind = visit.Kind(k)
		if d.Quick {
			return r.saveVisit(d)
		}
		r.goTo(stepNotes)
		return r.showStep(l.T("请写下拜访内容：客户的最新需求和问题。也可以发语音或照片。",
			"Write the visit notes: the client's latest needs and problems. A voice note or photos work too."), r.cancelRow(telegram.NewKeyboard()))
	case stepNotes:
		switch {
		case in.voice != "":
			d.Voice = in.voice
		case in.photo != "":
			if len(d.Photos) >= maxPhotos {
				return r.say(l.F("最多 %d 张照片。", "At most %d photos.", maxPhotos))
			}
			if in.text != "" { // a caption adds to the notes
				notes, err := visit.CheckNotes(d.Notes + "\n" + in.text)
				if err != nil {
					return r.refuse(err, l.F("照片说明没有收下，照片也没有：拜访内容最多 %d 字。请重新发送。",
						"Neither the caption nor the photo was taken: the notes hold at most %d characters. Please send it again.", visit.MaxNotes))
				}
				d.Notes = notes
			}
			d.Photos = append(d.Photos, in.photo)
			kb := telegram.NewKeyboard().Row(l.T("完成 »", "Done »"), r.fb(choiceDone))
			return r.showStep(l.F("已收到 %d 张照片。可继续发送，或点“完成”。", "%d photo(s) received. Send more or tap Done.", len(d.Photos)), r.cancelRow(kb))
		case in.pressed(choiceDone):
		case in.text != "":
			notes, err := visit.CheckNotes(in.text)
			if err != nil {
				return r.refuse(err, l.F("请写下拜访内容（%d 字以内），或发送语音/照片。",
					"Please write the notes (at most %d characters), or send a voice note or photos.", visit.MaxNotes))
			}
			d.Notes = notes
		default:
			return r.say(l.T("请输入文字，或发送语音/照片。", "Please type the notes, or send a voice note or photos."))
		}
		if d.Notes == "" && d.Voice == "" && len(d.Photos) == 0 {
			return r.say(l.T("请先写下拜访内容。", "Please write the notes first."))
		}
		r.goTo(stepOutcome)
		return r.showStep(l.T("结果和下一步？（例如：报价已发，等待采购确认）", "Outcome and next step? (e.g. quote sent, waiting for purchasing)"),
			r.cancelRow(telegram.NewKeyboard().Row(r.skipButton()...)))
	case stepOutcome:
		if in.photo != "" || in.voice != "" {
			// Attachments sent after the notes still belong to the visit.
			if in.voice != "" {
				d.Voice = in.voice
			} else if len(d.Photos) < maxPhotos {
				d.Photos = append(d.Photos, in.photo)
			}
			return r.showStep(l.F("已附上（照片 %d 张）。请输入结果和下一步，或点“跳过”。", "Attached (%d photo(s)). Now the outcome and next step, or Skip.", len(d.Photos)),
				r.cancelRow(telegram.NewKeyboard().Row(r.skipButton()...)))
		}
		if !isSkip(in) {
			outcome, err := visit.CheckOutcome(in.text)
			if err != nil || outcome == "" {
				return r.refuse(err, l.F("请输入结果（%d 字以内），或点“跳过”。", "Type the outcome (at most %d characters), or tap Skip.", visit.MaxOutcome))
			}
			d.Outcome = outcome
		}
		r.goTo(stepFollowUp)
		return r.askFollowUp()
	case stepFollowUp:
		day, ok, err := r.dateAnswer(in, true)
		if !ok {
			return err
		}
		if day != nil {
			if _, err := visit.CheckFollowUp(*day, r.today0()); err != nil {
				return r.say(r.tooFar())
			}
		}
		d.FollowUp = day
		r.goTo(stepLocation)
		kb := &models.ReplyKeyboardMarkup{Keyboard: [][]models.KeyboardButton{
			{{Text: l.T("📍 发送位置", "📍 Send location"), RequestLocation: true}},
			{{Text: l.T("跳过", "Skip")}},
		}, ResizeKeyboard: true, OneTimeKeyboard: true}
		id, err := r.a.out.send(r.ctx, r.ev.ChatID, l.T("可选：发送拜访地点（点下方按钮），或点“跳过”。", "Optional: share where you met (button below), or tap Skip."), kb)
		if err != nil {
			return err
		}
		r.st.MsgID = id
		return r.save()
	case stepLocation:
		switch {
		case in.lat != nil && in.lon != nil:
			d.Lat, d.Lon = in.lat, in.lon
		case isSkipText(in.text) || isSkip(in):
		default:
			return r.say(l.T("请点“发送位置”或“跳过”。", "Tap “Send location” or “Skip”."))
		}
		if _, err := r.a.out.send(r.ctx, r.ev.ChatID, l.T("好的。", "Got it."), mainKeyboard(l)); err != nil {
			return err
		}
		r.goTo(stepConfirm)
		r.ev.MsgID = 0 // the confirmation is a new message below the keyboard change
		return r.showVisitConfirm(d)
	case stepConfirm:
		if in.pressed(choiceSave) {
			return r.saveVisit(d)
		}
		if score, pressed, valid := scoreOf(in); pressed {
			if !valid {
				return r.invalidButton()
			}
			d.Satisfaction = score
			return r.showVisitConfirm(d)
		}
		return r.say(l.T("请点“保存”或“取消”。", "Tap Save or Cancel."))
	}
	return r.say(l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
}

// showVisitConfirm shows the visit to confirm: Save, the optional row of
// 1–5 for the client's satisfaction, Cancel.
func (r *req) showVisitConfirm(d *visitDraft) error {
	kb := r.scoreRow(r.saveRow(), d.Satisfaction)
	return r.showStep(r.visitSummary(d)+scoreText(r.l, d.Satisfaction)+"\n", r.cancelRow(kb))
}

func (r *req) askFollowUp() error {
	l := r.l
	kb := telegram.NewKeyboard().Row("+3d", r.fb(choiceDays.withInt(3)), "+1w", r.fb(choiceDays.withInt(7)),
		"+2w", r.fb(choiceDays.withInt(14)), "+1m", r.fb(choiceMonths.withInt(1)))
	kb.Row(l.T("不需要跟进", "No follow-up"), r.fb(choiceSkip))
	return r.showStep(l.T("下次跟进日期？点选，或输入日期（如 12月5日、下周二、2026-12-05）。",
		"Next follow-up date? Tap one, or type a date (e.g. 2026-12-05, next tue, 3d)."), r.cancelRow(kb))
}

// dateAnswer reads a date step's answer: a +N day/month button, a typed date,
// or skip (when allowed). It returns the day (00:00 UTC), or nil for skipped.
func (r *req) dateAnswer(in input, skippable bool) (*time.Time, bool, error) {
	today := r.today0()
	if skippable && isSkip(in) {
		return nil, true, nil
	}
	if in.button {
		for _, k := range []choiceKind{choiceDays, choiceMonths} {
			v, ok := k.of(in)
			if !ok {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 366 {
				break
			}
			day := today.AddDate(0, 0, n)
			if k == choiceMonths {
				day = today.AddDate(0, n, 0)
			}
			return &day, true, nil
		}
		return nil, false, r.invalidButton()
	}
	if isSkipText(in.text) && skippable {
		return nil, true, nil
	}
	d, err := dates.ParseFuture(in.text, today)
	switch {
	case errors.Is(err, dates.ErrPastDate):
		return nil, false, r.say(r.l.T("这个日期已经过去了，请输入今天或以后的日期。", "That date is in the past; please give today or later."))
	case err != nil:
		return nil, false, r.say(r.l.T("没看懂这个日期。可以写：2026-12-05、12月5日、明天、下周二、3天后。",
			"I could not read that date. Try: 2026-12-05, tomorrow, next tue, 3d, 2w."))
	}
	return &d, true, nil
}

// tooFar answers a follow-up date that visit.CheckFollowUp refuses as too
// far ahead.
func (r *req) tooFar() string {
	return r.l.T("跟进日期最多可以定在五年以内，请换一个日期。", "A follow-up can be at most five years ahead; please pick another date.")
}

func isSkipText(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "跳过", "skip", "无", "none", "-":
		return true
	}
	return false
}

func (r *req) visitSummary(d *visitDraft) string {
	l := r.l
	var b strings.Builder
	b.WriteString(l.T("请确认拜访记录：\n\n", "Please confirm the visit:\n\n"))
	fmt.Fprintf(&b, "🏢 <b>%s</b>\n", esc(d.ClientName))
	fmt.Fprintf(&b, "%s%s\n", l.T("方式：", "Kind: "), l.Label(i18n.VisitKind, string(d.Kind)))
	fmt.Fprintf(&b, "%s%s\n", l.T("内容：", "Notes: "), esc(clip(visitSummary(l, d.Notes, d.Voice, len(d.Photos)), 500)))
	if d.Outcome != "" {
		fmt.Fprintf(&b, "%s%s\n", l.T("结果：", "Outcome: "), esc(clip(d.Outcome, 300)))
	}
	if d.FollowUp != nil {
		fmt.Fprintf(&b, "%s%s\n", l.T("下次跟进：", "Follow-up: "), d.FollowUp.Format(time.DateOnly))
	}
	if d.Lat != nil {
		b.WriteString(l.T("📍 已附位置\n", "📍 location attached\n"))
	}
	return b.String()
}

// saveVisit writes the visit, keyed on this update so a rerun after a crash
// finds the same visit instead of logging a second one.
func (r *req) saveVisit(d *visitDraft) error {
	l := r.l
	v, _, err := r.a.visits.Log(r.ctx, r.me.Actor(), visit.Draft{ClientID: d.ClientID, Kind: d.Kind, Notes: d.Notes,
		Outcome: d.Outcome, VoiceFileID: d.Voice, PhotoFileIDs: d.Photos, Latitude: d.Lat, Longitude: d.Lon,
		FollowUpOn: d.FollowUp, Satisfaction: d.Satisfaction}, r.key())
	switch {
	case errors.Is(err, visit.ErrNotFound):
		_ = r.finish()
		return r.notFound()
	case errors.Is(err, visit.ErrInvalid):
		return r.cannotSave(err)
	case err != nil:
		return r.fail("log visit", err)
	}
	if err := r.finish(); err != nil {
		return err
	}
	text := l.F("✅ 已保存对 <b>%s</b> 的拜访记录。", "✅ Visit to <b>%s</b> saved.", esc(v.ClientName))
	if v.FollowUpOn != nil {
		text += l.F("\n下次跟进：%s", "\nFollow-up: %s", v.FollowUpOn.Format(time.DateOnly))
	}
	if d.Satisfaction != 0 {
		text += "\n" + scoreText(l, d.Satisfaction)
	}
	kb := telegram.NewKeyboard().Row(l.T("打开客户卡片", "Open client card"), callback.Card{Client: v.ClientID}.Data())
	_, err = r.show(text, kb)
	return err
}

// quickVisit handles the one-line form "/visit client: notes next 2w",
// asking only for what the line leaves open (which client, if several
// match; the kind, if not said).
func (r *req) quickVisit(args string) error {
	l := r.l
	q, err := visit.ParseQuick(args, r.today0())
	switch {
	case errors.Is(err, client.ErrControlChar):
		return r.say(r.why(err))
	case errors.Is(err, visit.ErrTooFar):
		return r.say(r.tooFar())
	case errors.Is(err, dates.ErrPastDate):
		return r.say(l.T("跟进日期已经过去了，请写今天或以后的日期，例如：<code>/visit 华为: 讨论了二期报价 下周二</code>",
			"That follow-up date is in the past; give today or later, e.g. <code>/visit Acme: discussed phase 2 quote next tue</code>"))
	case errors.Is(err, visit.ErrNoSeparator):
		return r.say(l.T("快速记录格式：<code>/visit 客户: 内容 [下周二]</code>（冒号分隔客户和内容）。也可以只发 /visit 按步骤填写。",
			"Quick form: <code>/visit client: notes [next 2w]</code> (a colon after the client). Or send just /visit for the guided form."))
	case errors.Is(err, visit.ErrTooLong):
		return r.say(l.F("内容太长，请控制在 %d 字以内。", "That is too long; please keep it under %d characters.", visit.MaxQuick))
	case err != nil:
		return r.say(l.T("客户和内容都不能为空，例如：<code>/visit 华为: 讨论了二期报价</code>",
			"Both the client and the notes are needed, e.g. <code>/visit Acme: discussed phase 2 quote</code>"))
	}
	d := &visitDraft{Quick: true, Notes: q.Notes, FollowUp: q.FollowUpOn, Kind: q.Kind}
	r.begin(d, stepClient)
	ms, err := r.a.clients.Search(r.ctx, r.me.Actor(), q.ClientQuery, 8)
	if err != nil {
		return r.fail("search clients", err)
	}
	if len(ms) == 1 || len(ms) > 1 && strings.EqualFold(ms[0].Name, q.ClientQuery) {
		return r.visitStep(d, input{data: choiceClient.withInt(ms[0].ClientID), button: true})
	}
	return r.visitStep(d, input{text: q.ClientQuery})
}
