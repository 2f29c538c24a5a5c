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
// next follow-up → location → confirm. Saved only at confirm.

const maxPhotos = 10

func (r *req) startVisit(clientID int64) error {
	return r.startWithClient(flowVisit, clientID, r.l.T("📝 <b>记录拜访</b>", "📝 <b>Log a visit</b>"))
}

func (r *req) visitKinds() []choice { return choicesOf(r.l, i18n.VisitKind, visit.Kinds) }

func (r *req) visitStep(in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	l := r.l
	switch r.st.Step {
	case "client":
		c, ok, err := r.pickClient(in)
		if !ok {
			return err
		}
		r.st.Set("client", strconv.FormatInt(c.ID, 10))
		r.st.Set("client_name", c.Name)
		if r.st.Get("kind") != "" { // the one-line form already said the rest
			return r.saveVisit()
		}
		r.st.Step = "kind"
		return r.askChoice(l.F("📝 拜访 <b>%s</b>\n拜访方式？", "📝 Visit to <b>%s</b>\nHow did you meet?", esc(c.Name)), 2, r.visitKinds())
	case "kind":
		k, ok := chosen(in, r.visitKinds())
		if !ok {
			return r.say(l.T("请点选拜访方式。", "Please tap one of the ways above."))
		}
		r.st.Set("kind", k)
		if r.st.Get("quick") != "" {
			return r.saveVisit()
		}
		r.st.Step = "notes"
		return r.showStep(l.T("请写下拜访内容：客户的最新需求和问题。也可以发语音或照片。",
			"Write the visit notes: the client's latest needs and problems. A voice note or photos work too."), r.cancelRow(telegram.NewKeyboard()))
	case "notes":
		switch {
		case in.voice != "":
			r.st.Set("voice", in.voice)
		case in.photo != "":
			photos := splitList(r.st.Get("photos"))
			if len(photos) >= maxPhotos {
				return r.say(l.F("最多 %d 张照片。", "At most %d photos.", maxPhotos))
			}
			if in.text != "" { // a caption adds to the notes
				notes, err := visit.CheckNotes(r.st.Get("notes") + "\n" + in.text)
				if err != nil {
					return r.refuse(err, l.F("照片说明没有收下，照片也没有：拜访内容最多 %d 字。请重新发送。",
						"Neither the caption nor the photo was taken: the notes hold at most %d characters. Please send it again.", visit.MaxNotes))
				}
				r.st.Set("notes", notes)
			}
			r.st.Set("photos", strings.Join(append(photos, in.photo), ","))
			kb := telegram.NewKeyboard().Row(l.T("完成 »", "Done »"), r.fb("done"))
			return r.showStep(l.F("已收到 %d 张照片。可继续发送，或点“完成”。", "%d photo(s) received. Send more or tap Done.", len(photos)+1), r.cancelRow(kb))
		case in.button && in.data == "done":
		case in.text != "":
			notes, err := visit.CheckNotes(in.text)
			if err != nil {
				return r.refuse(err, l.F("请写下拜访内容（%d 字以内），或发送语音/照片。",
					"Please write the notes (at most %d characters), or send a voice note or photos.", visit.MaxNotes))
			}
			r.st.Set("notes", notes)
		default:
			return r.say(l.T("请输入文字，或发送语音/照片。", "Please type the notes, or send a voice note or photos."))
		}
		if r.st.Get("notes") == "" && r.st.Get("voice") == "" && r.st.Get("photos") == "" {
			return r.say(l.T("请先写下拜访内容。", "Please write the notes first."))
		}
		r.st.Step = "outcome"
		return r.showStep(l.T("结果和下一步？（例如：报价已发，等待采购确认）", "Outcome and next step? (e.g. quote sent, waiting for purchasing)"),
			r.cancelRow(telegram.NewKeyboard().Row(r.skipButton()...)))
	case "outcome":
		if in.photo != "" || in.voice != "" {
			// Attachments sent after the notes still belong to the visit.
			photos := splitList(r.st.Get("photos"))
			if in.voice != "" {
				r.st.Set("voice", in.voice)
			} else if len(photos) < maxPhotos {
				photos = append(photos, in.photo)
				r.st.Set("photos", strings.Join(photos, ","))
			}
			return r.showStep(l.F("已附上（照片 %d 张）。请输入结果和下一步，或点“跳过”。", "Attached (%d photo(s)). Now the outcome and next step, or Skip.", len(photos)),
				r.cancelRow(telegram.NewKeyboard().Row(r.skipButton()...)))
		}
		if !isSkip(in) {
			outcome, err := visit.CheckOutcome(in.text)
			if err != nil || outcome == "" {
				return r.refuse(err, l.F("请输入结果（%d 字以内），或点“跳过”。", "Type the outcome (at most %d characters), or tap Skip.", visit.MaxOutcome))
			}
			r.st.Set("outcome", outcome)
		}
		r.st.Step = "follow"
		return r.askFollowUp()
	case "follow":
		d, ok, err := r.dateAnswer(in, true)
		if !ok {
			return err
		}
		if day, perr := time.Parse(time.DateOnly, d); perr == nil {
			if _, err := visit.CheckFollowUp(day, r.today0()); err != nil {
				return r.say(r.tooFar())
			}
		}
		r.st.Set("follow", d)
		r.st.Step = "location"
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
	case "location":
		switch {
		case in.lat != nil && in.lon != nil:
			r.st.Set("lat", strconv.FormatFloat(*in.lat, 'f', 6, 64))
			r.st.Set("lon", strconv.FormatFloat(*in.lon, 'f', 6, 64))
		case isSkipText(in.text) || isSkip(in):
		default:
			return r.say(l.T("请点“发送位置”或“跳过”。", "Tap “Send location” or “Skip”."))
		}
		if _, err := r.a.out.send(r.ctx, r.ev.ChatID, l.T("好的。", "Got it."), mainKeyboard(l)); err != nil {
			return err
		}
		r.st.Step = "confirm"
		r.ev.MsgID = 0 // the confirmation is a new message below the keyboard change
		kb := telegram.NewKeyboard().Row(l.T("✅ 保存", "✅ Save"), r.fb("save"))
		return r.showStep(r.visitSummary(), r.cancelRow(kb))
	case "confirm":
		if in.button && in.data == "save" {
			return r.saveVisit()
		}
		return r.say(l.T("请点“保存”或“取消”。", "Tap Save or Cancel."))
	}
	return r.say(l.T("请按提示操作，或 /cancel 取消。", "Please follow the prompt, or /cancel."))
}

func (r *req) askFollowUp() error {
	l := r.l
	kb := telegram.NewKeyboard().Row("+3d", r.fb("d:3"), "+1w", r.fb("d:7"), "+2w", r.fb("d:14"), "+1m", r.fb("m:1"))
	kb.Row(l.T("不需要跟进", "No follow-up"), r.fb("skip"))
	return r.showStep(l.T("下次跟进日期？点选，或输入日期（如 12月5日、下周二、2026-12-05）。",
		"Next follow-up date? Tap one, or type a date (e.g. 2026-12-05, next tue, 3d)."), r.cancelRow(kb))
}

// dateAnswer reads a date step's answer: a +N day/month button, a typed date,
// or skip (when allowed). It returns "YYYY-MM-DD" or "" for skipped.
func (r *req) dateAnswer(in input, skippable bool) (string, bool, error) {
	today := r.today0()
	if skippable && isSkip(in) {
		return "", true, nil
	}
	if in.button {
		unit, n, _ := strings.Cut(in.data, ":")
		k, err := strconv.Atoi(n)
		if err != nil || k < 0 || k > 366 {
			return "", false, r.invalidButton()
		}
		switch unit {
		case "d":
			return today.AddDate(0, 0, k).Format(time.DateOnly), true, nil
		case "m":
			return today.AddDate(0, k, 0).Format(time.DateOnly), true, nil
		}
		return "", false, r.invalidButton()
	}
	if isSkipText(in.text) && skippable {
		return "", true, nil
	}
	d, err := dates.ParseFuture(in.text, today)
	switch {
	case errors.Is(err, dates.ErrPastDate):
		return "", false, r.say(r.l.T("这个日期已经过去了，请输入今天或以后的日期。", "That date is in the past; please give today or later."))
	case err != nil:
		return "", false, r.say(r.l.T("没看懂这个日期。可以写：2026-12-05、12月5日、明天、下周二、3天后。",
			"I could not read that date. Try: 2026-12-05, tomorrow, next tue, 3d, 2w."))
	}
	return d.Format(time.DateOnly), true, nil
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

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func (r *req) visitSummary() string {
	l := r.l
	var b strings.Builder
	b.WriteString(l.T("请确认拜访记录：\n\n", "Please confirm the visit:\n\n"))
	fmt.Fprintf(&b, "🏢 <b>%s</b>\n", esc(r.st.Get("client_name")))
	fmt.Fprintf(&b, "%s%s\n", l.T("方式：", "Kind: "), l.Label(i18n.VisitKind, r.st.Get("kind")))
	fmt.Fprintf(&b, "%s%s\n", l.T("内容：", "Notes: "), esc(clip(visitSummary(l, r.st.Get("notes"), r.st.Get("voice"), len(splitList(r.st.Get("photos")))), 500)))
	if o := r.st.Get("outcome"); o != "" {
		fmt.Fprintf(&b, "%s%s\n", l.T("结果：", "Outcome: "), esc(clip(o, 300)))
	}
	if f := r.st.Get("follow"); f != "" {
		fmt.Fprintf(&b, "%s%s\n", l.T("下次跟进：", "Follow-up: "), f)
	}
	if r.st.Get("lat") != "" {
		b.WriteString(l.T("📍 已附位置\n", "📍 location attached\n"))
	}
	return b.String()
}

// saveVisit writes the visit, keyed on this update so a rerun after a crash
// finds the same visit instead of logging a second one.
func (r *req) saveVisit() error {
	l := r.l
	id, _ := parseID(r.st.Get("client"))
	d := visit.Draft{ClientID: id, Kind: visit.Kind(r.st.Get("kind")), Notes: r.st.Get("notes"), Outcome: r.st.Get("outcome"),
		VoiceFileID: r.st.Get("voice"), PhotoFileIDs: splitList(r.st.Get("photos"))}
	if f := r.st.Get("follow"); f != "" {
		t, err := time.Parse(time.DateOnly, f)
		if err == nil {
			d.FollowUpOn = &t
		}
	}
	if lat, err := strconv.ParseFloat(r.st.Get("lat"), 64); err == nil {
		lon, _ := strconv.ParseFloat(r.st.Get("lon"), 64)
		d.Latitude, d.Longitude = &lat, &lon
	}
	v, _, err := r.a.visits.Log(r.ctx, r.me.Actor(), d, r.key())
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
	r.begin(flowVisit, "client")
	r.st.Set("quick", "1")
	r.st.Set("notes", q.Notes)
	if q.FollowUpOn != nil {
		r.st.Set("follow", q.FollowUpOn.Format(time.DateOnly))
	}
	if q.Kind != "" {
		r.st.Set("kind", string(q.Kind))
	}
	ms, err := r.a.clients.Search(r.ctx, r.me.Actor(), q.ClientQuery, 8)
	if err != nil {
		return r.fail("search clients", err)
	}
	if len(ms) == 1 || len(ms) > 1 && strings.EqualFold(ms[0].Name, q.ClientQuery) {
		return r.visitStep(input{data: "pick:" + strconv.FormatInt(ms[0].ClientID, 10), button: true})
	}
	return r.visitStep(input{text: q.ClientQuery})
}
