package chat

import (
	"strconv"

	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// importDraft is an admin's file waiting for the team it goes into. Only
// Telegram's description of the file is kept: it is downloaded once the
// team is chosen.
type importDraft struct {
	FileID   string `json:"file_id"`
	FileName string `json:"file_name"`
	MIME     string `json:"mime,omitempty"`
	Size     int64  `json:"size,omitempty"`
}

func (*importDraft) flow() flow { return flowImport }

// askImportTeam asks an admin which team a file goes into; the admin's own
// team comes first.
func (r *req) askImportTeam(d Document) error {
	teams, err := r.a.staff.Teams(r.ctx, r.me.Actor())
	if err != nil {
		return r.fail("list teams", err)
	}
	if len(teams) == 0 {
		return r.say(r.l.T("还没有团队，请先用 /newteam 团队名 创建，再发送文件。", "There are no teams yet; create one with /newteam NAME, then send the file."))
	}
	r.begin(&importDraft{FileID: d.FileID, FileName: d.FileName, MIME: d.MIME, Size: d.Size}, stepTeam)
	var opts []option
	for _, t := range teams {
		o := option{strconv.FormatInt(t.ID, 10), t.Name}
		if t.ID == r.me.TeamID {
			opts = append([]option{o}, opts...)
			continue
		}
		opts = append(opts, o)
	}
	return r.askChoice(r.l.F("📥 <b>导入</b> %s\n导入到哪个团队？", "📥 <b>Import</b> %s\nInto which team?", esc(d.FileName)), 2, opts)
}

// importStep takes the admin's team and starts the import.
func (r *req) importStep(d *importDraft, in input) error {
	if done, err := r.cancelled(in); done {
		return err
	}
	if r.at() != stepTeam {
		return r.invalidButton()
	}
	id, pressed, valid := choiceOption.idOf(in)
	if !pressed {
		return r.say(r.l.T("请点选团队，或取消。", "Please tap a team, or cancel."))
	}
	if !valid {
		return r.invalidButton()
	}
	if err := r.finish(); err != nil {
		return err
	}
	doc := Document{FileID: d.FileID, FileName: d.FileName, MIME: d.MIME, Size: d.Size}
	if doc.Size > sheet.MaxFileSize {
		return r.say(tooBigText(r.l))
	}
	return r.beginImport(doc, id)
}
