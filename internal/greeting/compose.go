package greeting

import (
	"fmt"
	"html"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ledgerbot/ledgerbot/internal/holiday"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
	"github.com/ledgerbot/ledgerbot/internal/outbox"
)

// The outbox kinds of the job's messages.
const (
	KindDirect = "greeting"      // to a subscribed contact
	KindList   = "greeting_list" // to a salesperson or manager
)

// maxPart is how long one list message may grow, in characters, before the
// rest goes into another part; Telegram's limit is 4096.
const maxPart = 3500

// plan turns one day's contacts into messages.
type plan struct {
	day       time.Time
	occasions []holiday.Occasion
	templates map[string]string // admins' wordings, "occasion/lang"
	managers  map[int64][]recipient
	orphans   int // contacts nobody could be asked to greet
}

// entry is one contact on a staff member's list.
type entry struct {
	c    candidate
	text string // plain text, ready to forward
}

// messages returns the direct greetings, then one list (in parts if long)
// per staff member, in a stable order.
func (p *plan) messages(cands []candidate) []outbox.Message {
	var msgs []outbox.Message
	lists := map[int64][]entry{}
	var order []recipient
	chats := map[int64]bool{}
	for _, c := range cands {
		if c.OptIn && c.ChatID != 0 {
			if chats[c.ChatID] {
				continue // one person recorded twice gets one greeting
			}
			chats[c.ChatID] = true
			lang := i18n.Parse(c.Lang) // Chinese when the contact never said
			sender := c.OwnerName
			if c.OwnerID == 0 {
				sender = c.TeamName
			}
			msgs = append(msgs, outbox.Message{
				Key:       fmt.Sprintf("greeting:%s:contact:%d", p.day.Format(time.DateOnly), c.ContactID),
				ChatID:    c.ChatID,
				ContactID: c.ContactID,
				Kind:      KindDirect,
				Text:      html.EscapeString(p.text(c, lang, sender)) + "\n\n<i>" + lang.T("退订请发送 /stop", "Send /stop to unsubscribe.") + "</i>",
			})
			continue
		}
		to := p.managers[c.TeamID]
		if c.OwnerID != 0 && c.OwnerChat != 0 {
			to = []recipient{{ID: c.OwnerID, TeamID: c.TeamID, Name: c.OwnerName, ChatID: c.OwnerChat, Lang: c.OwnerLang}}
		}
		if len(to) == 0 {
			p.orphans++
		}
		for _, r := range to {
			if _, ok := lists[r.ID]; !ok {
				order = append(order, r)
			}
			lang := c.Lang
			if lang == "" {
				lang = r.Lang
			}
			lists[r.ID] = append(lists[r.ID], entry{c: c, text: p.text(c, i18n.Parse(lang), r.Name)})
		}
	}
	for _, r := range order {
		msgs = append(msgs, p.list(r, lists[r.ID])...)
	}
	return msgs
}

// text is the greeting for one contact in lang: one paragraph per occasion
// of the day, birthday last.
func (p *plan) text(c candidate, lang i18n.Lang, sender string) string {
	var parts []string
	f := Fill{Contact: c.ContactName, Client: c.ClientName, Sender: sender}
	for _, o := range p.occasions {
		key := o.Key
		if strings.HasPrefix(key, "custom:") {
			key = OccasionCustom
		}
		f.Holiday = o.Name(string(lang))
		parts = append(parts, Render(p.body(key, lang), f))
	}
	if c.Birthday {
		f.Holiday = lang.T("生日", "birthday")
		parts = append(parts, Render(p.body(OccasionBirthday, lang), f))
	}
	return strings.Join(parts, "\n\n")
}

func (p *plan) body(occasion string, lang i18n.Lang) string {
	if b, ok := p.templates[occasion+"/"+string(lang)]; ok {
		return b
	}
	return defaultBody(occasion, lang)
}

// list renders a staff member's list, split into parts of at most maxPart
// characters. The first part has the plain key, so the usual single message
// keeps one key whatever the length.
func (p *plan) list(r recipient, es []entry) []outbox.Message {
	lang := i18n.Parse(r.Lang)
	var names []string
	for _, o := range p.occasions {
		names = append(names, html.EscapeString(o.Name(string(lang))))
	}
	for _, e := range es {
		if e.c.Birthday {
			names = append(names, lang.T("生日", "birthdays"))
			break
		}
	}
	title := fmt.Sprintf("🎉 <b>%s</b> · %s %s", lang.T("今日问候", "Greetings for today"),
		p.day.Format(time.DateOnly), strings.Join(names, lang.T("、", ", ")))
	intro := lang.T("以下联系人尚未订阅问候，请复制下面的文字发给对方（点按即可复制）：",
		"These contacts have not subscribed to greetings; copy each text below (tap to copy) and send it to them:")
	tip := lang.T("💡 在客户的联系人页面点「🔗 问候订阅链接」发给对方，对方订阅后将直接收到问候。",
		"💡 Tip: on a client's contacts screen, tap “🔗 Greeting link” and send it to the contact; once subscribed, they get greetings directly.")

	var parts []string
	var b strings.Builder
	for _, e := range es {
		item := p.item(e, lang)
		if b.Len() > 0 && utf8.RuneCountInString(b.String())+utf8.RuneCountInString(item) > maxPart {
			parts = append(parts, b.String())
			b.Reset()
		}
		b.WriteString(item)
	}
	parts = append(parts, b.String())

	msgs := make([]outbox.Message, len(parts))
	for i, body := range parts {
		head := title
		if len(parts) > 1 {
			head += fmt.Sprintf(" (%d/%d)", i+1, len(parts))
		}
		text := head + "\n" + intro + "\n\n" + body
		if i == len(parts)-1 {
			text += tip
		}
		key := fmt.Sprintf("greeting:%s:staff:%d", p.day.Format(time.DateOnly), r.ID)
		if i > 0 {
			key += fmt.Sprintf(":part:%d", i+1)
		}
		msgs[i] = outbox.Message{Key: key, ChatID: r.ChatID, StaffID: r.ID, Kind: KindList, Text: text}
	}
	return msgs
}

// item is one contact's lines on a list: client, contact and position, and
// the text in a <code> block, which Telegram copies with one tap.
func (p *plan) item(e entry, lang i18n.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<b>%s</b> · %s", html.EscapeString(e.c.ClientName), html.EscapeString(e.c.ContactName))
	if e.c.Position != "" {
		b.WriteString(lang.F("（%s）", " (%s)", html.EscapeString(e.c.Position)))
	}
	if e.c.Birthday {
		b.WriteString(" 🎂")
	}
	if e.c.OwnerID == 0 {
		b.WriteString(lang.T(" · <i>无负责人</i>", " · <i>no owner</i>"))
	}
	fmt.Fprintf(&b, "\n<code>%s</code>\n\n", html.EscapeString(e.text))
	return b.String()
}
