package main

import (
	"context"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/internal/access"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

func TestChineseSpeakerCreatesClientAndLogsGuidedVisitInChinese(t *testing.T) {
	t.Parallel()
	h := setup(t)
	team := h.team("华东")
	code, _, err := h.staff.CreateInvite(context.Background(), nil, access.Sales, team.ID)
	if err != nil {
		t.Fatal(err)
	}
	u := telegramtest.User{ID: 601, FirstName: "王芳", LanguageCode: "zh-hans"}
	mustContain(t, h.say(u, "/start "+code).Text, "王芳", "销售", "华东")

	// New client, every step in Chinese with the ledger's terms.
	m := h.say(u, "➕ 新客户")
	mustContain(t, m.Text, "新建客户", "请输入客户名称（公司全称）")
	m = h.say(u, "华为科技有限公司")
	mustContain(t, m.Text, "所属行业")
	for _, b := range []string{"制造业", "服务业", "金融业", "跳过"} {
		if !hasButton(m, b) {
			t.Fatalf("industry step has no %q button: %v", b, m.Inline)
		}
	}
	m = h.press(u, m, "制造业")
	mustContain(t, m.Text, "企业规模")
	m = h.press(u, m, "中型企业")
	mustContain(t, m.Text, "客户等级")
	for _, b := range []string{"战略客户", "重点客户", "普通客户"} {
		if !hasButton(m, b) {
			t.Fatalf("tier step has no %q button: %v", b, m.Inline)
		}
	}
	m = h.press(u, m, "战略客户")
	mustContain(t, m.Text, "合作阶段")
	for _, b := range []string{"潜在客户", "新客户", "活跃客户", "沉睡客户", "流失客户"} {
		if !hasButton(m, b) {
			t.Fatalf("stage step has no %q button: %v", b, m.Inline)
		}
	}
	m = h.press(u, m, "潜在客户")
	mustContain(t, m.Text, "所在地区/地址")
	m = h.say(u, "深圳市龙岗区")
	mustContain(t, m.Text, "主要联系人姓名和职位")
	m = h.say(u, "张伟 采购经理")
	mustContain(t, m.Text, "联系人电话")
	m = h.say(u, "13800138000")
	mustContain(t, m.Text, "请确认新客户", "华为科技有限公司", "战略客户 · 潜在客户 · 制造业 · 中型企业",
		"地区：深圳市龙岗区", "联系人：张伟 采购经理 13800138000", "负责人：王芳")
	m = h.press(u, m, "保存")
	mustContain(t, m.Text, "🏢 <b>华为科技有限公司</b>", "战略客户 · 潜在客户", "负责人：王芳 · 华东",
		"最近联系：从未", "联系人", "⭐张伟 采购经理 13800138000", "最近拜访", "（暂无）", "未结反馈")
	for _, b := range []string{"记拜访", "加反馈", "联系人", "全部记录", "修改资料", "记交易"} {
		if !hasButton(m, b) {
			t.Fatalf("card has no %q button: %v", b, m.Inline)
		}
	}

	// A guided visit from the card.
	m = h.press(u, m, "记拜访")
	mustContain(t, m.Text, "拜访 <b>华为科技有限公司</b>", "拜访方式")
	for _, b := range []string{"上门拜访", "电话", "视频", "其他"} {
		if !hasButton(m, b) {
			t.Fatalf("kind step has no %q button: %v", b, m.Inline)
		}
	}
	m = h.press(u, m, "电话")
	mustContain(t, m.Text, "请写下拜访内容", "最新需求和问题")
	m = h.say(u, "确认了二期需求，担心交货期")
	mustContain(t, m.Text, "结果和下一步")
	m = h.press(u, m, "跳过")
	mustContain(t, m.Text, "下次跟进日期")
	if !hasButton(m, "不需要跟进") {
		t.Fatalf("follow-up step has no 不需要跟进: %v", m.Inline)
	}
	m = h.say(u, "下周二")
	mustContain(t, m.Text, "可选：发送拜访地点")
	if len(m.Reply) != 2 || m.Reply[0][0].Text != "📍 发送位置" || !m.Reply[0][0].RequestLocation || m.Reply[1][0].Text != "跳过" {
		t.Fatalf("location keyboard: %+v", m.Reply)
	}
	m = h.say(u, "跳过")
	mustContain(t, m.Text, "请确认拜访记录", "🏢 <b>华为科技有限公司</b>", "方式：电话", "内容：确认了二期需求，担心交货期", "下次跟进：2026-12-01")
	mustNotContain(t, m.Text, "结果：", "已附位置")
	if n := h.count(`SELECT count(*) FROM visits`); n != 0 {
		t.Fatalf("%d visits before 保存, want 0", n)
	}
	m = h.press(u, m, "保存")
	mustContain(t, m.Text, "✅ 已保存对 <b>华为科技有限公司</b> 的拜访记录。", "下次跟进：2026-12-01")
	var kind, notes string
	if err := h.pool.QueryRow(context.Background(), `SELECT kind, notes FROM visits`).Scan(&kind, &notes); err != nil {
		t.Fatal(err)
	}
	if kind != "phone" || notes != "确认了二期需求，担心交货期" {
		t.Fatalf("stored visit kind %q notes %q", kind, notes)
	}

	m = h.press(u, m, "打开客户卡片")
	mustContain(t, m.Text, "最近联系：今天", "下次跟进：12月1日", "电话 王芳: 确认了二期需求")

	// The follow-up shows in 今日待办 on its day, and is closed from there.
	h.clock.Add(9 * 24 * time.Hour)
	m = h.say(u, "/today")
	mustContain(t, m.Text, "今日待办", "待跟进", "华为科技有限公司 12月1日", "已逾期")
	m = h.press(u, m, "已跟进")
	mustNotContain(t, m.Text, "已逾期")
	mustContain(t, m.Text, "（无）")
}

func TestChineseSpeakerIsRefusedAndCancelsInChinese(t *testing.T) {
	t.Parallel()
	h := setup(t)
	u := h.join("王芳", access.Sales, h.team("华东"), "zh")
	m := h.say(u, "/visit")
	mustContain(t, m.Text, "记录拜访")
	m = h.say(u, "不存在的公司")
	mustContain(t, m.Text, "没有找到「不存在的公司」")
	m = h.say(u, "/cancel")
	mustContain(t, m.Text, "已取消「拜访记录」，没有保存任何内容。")
	mustContain(t, h.say(u, "/cancel").Text, "当前没有进行中的操作")
	mustContain(t, h.say(u, "/visit 没有冒号").Text, "快速记录格式")
	mustContain(t, h.say(u, "不存在的公司").Text, "没有找到与「不存在的公司」匹配的客户")
}
