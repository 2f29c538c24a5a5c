package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/ledgerbot/ledgerbot/internal/sheet"
)

// deskOwners are the salespeople a generated ledger file names in its
// 负责人 column; the desk command creates them in the team.
var deskOwners = []string{"张伟", "王芳", "李娜", "刘强", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴艳"}

// deskHeaders is the header row of a generated ledger file: the columns a
// team's own Excel 客户台账 typically has, the first contact in the row
// and up to two more as extra columns.
var deskHeaders = []string{"客户名称", "行业", "规模", "客户等级", "阶段", "地区", "地址", "来源", "负责人",
	"联系人", "职务", "电话", "联系人2", "职务2", "电话2", "联系人3", "职务3", "电话3",
	"备注", "最近联系", "下次复核"}

var (
	deskSizes   = []string{"大型", "中型", "小型", ""}
	deskTiers   = []string{"A", "B", "B", "C", "C", "C", "C", "VIP", "重点", "普通"}
	deskStages  = []string{"活跃", "活跃", "活跃", "新客户", "潜在", "休眠", "流失"}
	deskSources = []string{"展会", "老客户介绍", "官网", "电话开发", "招投标", ""}
	deskNeeds   = []string{"", "", "关注交期和售后响应", "年底有扩产计划", "价格敏感，需要阶梯报价", "希望提供上门培训"}
)

// deskRow is one generated client row, its cells as a person would type
// them; dates stay time.Time so the XLSX stores them as real dates.
type deskRow struct {
	cells       []string // every column but the two dates
	lastContact *time.Time
	nextReview  *time.Time
}

// deskRows generates n client rows (Chinese names, one to three contacts
// each), the same for the same seed.
func deskRows(n int, seed uint64, now time.Time) []deskRow {
	r := rand.New(rand.NewPCG(seed, seed^0x51ed2701))
	rows := make([]deskRow, n)
	for i := range rows {
		c := newCompany(r, int64(i+1), 1, []int64{1}, now)
		contacts := []person{newPerson(r)}
		for range r.IntN(3) {
			contacts = append(contacts, newPerson(r))
		}
		cells := []string{c.name, c.industry, pick(r, deskSizes), pick(r, deskTiers), pick(r, deskStages),
			pick(r, cities), "", pick(r, deskSources), pick(r, deskOwners)}
		if r.IntN(3) == 0 {
			cells[6] = cells[5] + "市高新区创业路" + fmt.Sprint(1+r.IntN(300)) + "号"
		}
		for k := range 3 {
			if k < len(contacts) {
				p := contacts[k]
				phone := p.phone
				if r.IntN(5) == 0 {
					phone = "+86 " + phone
				}
				cells = append(cells, p.name, p.position, phone)
			} else {
				cells = append(cells, "", "", "")
			}
		}
		cells = append(cells, pick(r, deskNeeds))
		row := deskRow{cells: cells, lastContact: c.lastContact}
		if r.IntN(2) == 0 {
			t := now.AddDate(0, 0, 1+r.IntN(90))
			row.nextReview = &t
		}
		rows[i] = row
	}
	return rows
}

// deskXLSX writes rows as one 客户 sheet, dates as Excel dates.
func deskXLSX(rows []deskRow) ([]byte, error) {
	w := sheet.NewWriter()
	cols := make([]sheet.Col, len(deskHeaders))
	for i, h := range deskHeaders {
		cols[i] = sheet.Col{Header: h, Type: sheet.Text}
	}
	cols[len(cols)-2].Type, cols[len(cols)-1].Type = sheet.Date, sheet.Date
	if err := w.Sheet("客户", cols); err != nil {
		return nil, err
	}
	values := make([]any, len(deskHeaders))
	for _, row := range rows {
		for i, c := range row.cells {
			values[i] = c
		}
		values[len(values)-2], values[len(values)-1] = dateOrNil(row.lastContact), dateOrNil(row.nextReview)
		if err := w.Row(values...); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// deskGBKCSV writes rows as a comma-separated file in GBK without a BOM,
// the way Chinese Excel and WPS save "CSV (逗号分隔)"; dates as 2024/3/5.
func deskGBKCSV(rows []deskRow) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(simplifiedchinese.GBK.NewEncoder().Writer(&buf))
	w.UseCRLF = true
	if err := w.Write(deskHeaders); err != nil {
		return nil, err
	}
	record := make([]string, len(deskHeaders))
	for _, row := range rows {
		copy(record, row.cells)
		record[len(record)-2], record[len(record)-1] = slashDate(row.lastContact), slashDate(row.nextReview)
		if err := w.Write(record); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func dateOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

func slashDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return fmt.Sprintf("%d/%d/%d", t.Year(), t.Month(), t.Day())
}
