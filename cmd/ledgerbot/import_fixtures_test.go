package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The import tests' files live in testdata/import, made by importFixtures;
// UPDATE_IMPORT_TESTDATA=1 go test -run TestImportFixtures ./cmd/ledgerbot/
// writes them again after a change here.
const fixtureDir = "testdata/import"

// The staff the fixtures name as owners and visitors; 赵六 is nobody.
const (
	fixtureManager = "王芳"
	fixtureSales   = "李娜"
)

// importFixtures makes every fixture, by file name.
func importFixtures() (map[string][]byte, error) {
	x, err := ledgerWorkbook()
	if err != nil {
		return nil, err
	}
	c, err := gbk(ledgerCSV)
	if err != nil {
		return nil, err
	}
	r, err := receivablesWorkbook()
	if err != nil {
		return nil, err
	}
	return map[string][]byte{"ledger.xlsx": x, "ledger_gbk.csv": c, "receivables.xlsx": r}, nil
}

func TestImportFixturesAreTheGeneratorsOutput(t *testing.T) {
	t.Parallel()
	want, err := importFixtures()
	if err != nil {
		t.Fatal(err)
	}
	again, err := importFixtures()
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range want {
		if !bytes.Equal(data, again[name]) {
			t.Fatalf("the generator is not deterministic: %s differs between two runs", name)
		}
		path := filepath.Join(fixtureDir, name)
		if os.Getenv("UPDATE_IMPORT_TESTDATA") != "" {
			if err := os.MkdirAll(fixtureDir, 0o750); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil { //nolint:gosec // G306: test data
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path) //nolint:gosec // G304: a file of testdata/import
		if err != nil {
			t.Fatalf("%v (UPDATE_IMPORT_TESTDATA=1 writes it)", err)
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("%s is not the generator's output (UPDATE_IMPORT_TESTDATA=1 writes it again)", path)
		}
	}
}

// fixture reads a kept fixture.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, name)) //nolint:gosec // G304: a file of testdata/import
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// ledgerWorkbook is a team's ledger as Excel keeps it: a clients sheet with
// one to three contacts a client (repeated rows and extra columns), deals
// and visits sheets, dates as date cells, serial numbers and text, amounts
// as ¥1,234.50 and 1.2万, +86 phones, a formula, merged cells, a column
// nothing maps to, and rows with errors (no name, a bad phone, a bad date,
// an unknown tier, an unknown owner).
func ledgerWorkbook() ([]byte, error) {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	const clients, deals, visits = "客户台账", "合作记录", "拜访记录"
	if err := f.SetSheetName("Sheet1", clients); err != nil {
		return nil, err
	}
	rows := [][]any{
		{"客户名称", "行业", "规模", "客户等级", "阶段", "城市", "负责人", "联系人", "职务", "手机", "联系人2", "电话2", "最近联系", "下次复核", "备注", "内部编码"},
		{"上海华东精密机械有限公司", "制造业", "中", "A", "活跃", "上海", fixtureManager, "张伟", "采购经理", "+86 138 0013 8000", "刘洋", "+86-139-1000-2000", "2024/3/5", 46000, "年底采购数控机床", "X-001"},
		{"上海华东精密机械有限公司", "", "", "", "", "", "", "陈静", "财务", "13900139000"},
		{"北京中科信息技术有限公司", "IT/互联网", "大", "VIP", "新", "北京", fixtureSales, "王磊", "总经理", "13700137000", "", "", "2024年3月5日", time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), "需要定制开发", "X-002"},
		{"广州南方物流有限公司", "物流", "小", "C", "潜在", "广州", "赵六", "黄敏", "经理", "13600136000", "", "", "2024-03-05", "", "", "X-003"},
		{"深圳创新电子有限公司", "零售业", "中", "B", "活跃", "深圳", fixtureSales, "周杰", "采购", "电话待定", "", "", "", "", "", "X-004"},
		{"", "零售业", "小", "C", "潜在", "苏州", fixtureSales, "吴芳", "", "13500135000"},
		{"杭州西湖茶业有限公司", "零售业", "小", "B", "新", "杭州", fixtureManager, "郑爽", "店长", "13400134000", "", "", "2024-13-45"},
		{"成都天府食品有限公司", "零售业", "中", "钻石", "活跃", "成都", fixtureManager, "孙丽", "经理", "13300133000"},
		{"武汉长江建设集团", "建筑业", "大", "B", "活跃", "武汉", fixtureManager, "钱军", "项目经理", "13200132000"},
		{"南京紫金医疗器械有限公司", "医疗", "中", "重点", "新", "南京", fixtureSales, "冯雪", "院办主任", "+86 131 0013 1000", "蒋涛", "13100131001"},
		{"苏州工业园区科技有限公司", "", "小", "普通", "潜在", "苏州", fixtureSales, "韩梅", "", "13000130000"},
	}
	for i, r := range rows {
		if err := f.SetSheetRow(clients, fmt.Sprintf("A%d", i+1), &r); err != nil {
			return nil, err
		}
	}
	// A formula with its cached result (as Excel saves it), and an
	// industry merged over two clients, as people lay out a group.
	if err := f.SetCellFormula(clients, "O10", `CONCATENATE("重点","跟进")`); err != nil {
		return nil, err
	}
	if err := f.MergeCell(clients, "B11", "B12"); err != nil {
		return nil, err
	}
	dealRows := [][]any{
		{"客户名称", "日期", "金额", "说明"},
		{"上海华东精密机械有限公司", time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC), "¥1,234.50", "配件"},
		{"上海华东精密机械有限公司", "2024/3/5", "1.2万", "数控机床"},
		{"北京中科信息技术有限公司", "2024年3月5日", "3万元", "软件开发"},
		{"北京中科信息技术有限公司", 45352, "1,000", "维护"},
	}
	visitRows := [][]any{
		{"客户名称", "拜访日期", "方式", "纪要", "拜访人"},
		{"上海华东精密机械有限公司", "2024-03-05", "上门", "介绍新机型，客户有兴趣", fixtureManager},
		{"北京中科信息技术有限公司", "2024.3.6", "电话", "确认定制需求", fixtureSales},
	}
	for _, sh := range []struct {
		name string
		rows [][]any
	}{{deals, dealRows}, {visits, visitRows}} {
		if _, err := f.NewSheet(sh.name); err != nil {
			return nil, err
		}
		for i, r := range sh.rows {
			if err := f.SetSheetRow(sh.name, fmt.Sprintf("A%d", i+1), &r); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// receivablesWorkbook is a ledger whose deals sheet carries receivables as
// a finance-minded team keeps them, amounts in 万元 (the harness's clock
// stands at 2026-11-23): 华东 was invoiced 100,000 of a 120,000 deal due
// 2026-10-31 and paid 40,000 on 10-15, and owes 30,000 due at the year's
// end; 中科 paid a deal in full on no given day; then a negative payment
// and a payment above the amount invoiced.
func receivablesWorkbook() ([]byte, error) {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	const clients, deals = "客户台账", "合作记录"
	if err := f.SetSheetName("Sheet1", clients); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet(deals); err != nil {
		return nil, err
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	for _, sh := range []struct {
		name string
		rows [][]any
	}{
		{clients, [][]any{
			{"客户名称", "负责人", "联系人", "手机"},
			{"上海华东精密机械有限公司", fixtureManager, "张伟", "13800138000"},
			{"北京中科信息技术有限公司", fixtureSales, "王磊", "13700137000"},
		}},
		{deals, [][]any{
			{"客户名称", "签约日期", "合同金额（万元）", "项目", "开票金额（万元）", "付款期限", "回款金额（万元）", "回款日期"},
			{"上海华东精密机械有限公司", day(8, 1), 12, "数控机床", 10, day(10, 31), 4, day(10, 15)},
			{"上海华东精密机械有限公司", "2026/10/1", "3", "配件", "", "2026年12月31日", "0", ""},
			{"北京中科信息技术有限公司", day(9, 1), 5, "软件开发", "", "", 5, ""},
			{"北京中科信息技术有限公司", day(9, 10), 1, "维护", "", "2026-09-30", -2, ""},
			{"北京中科信息技术有限公司", day(9, 12), 2, "培训", 1, "", 1.5, ""},
		}},
	} {
		for i, r := range sh.rows {
			if err := f.SetSheetRow(sh.name, fmt.Sprintf("A%d", i+1), &r); err != nil {
				return nil, err
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ledgerCSV is a ledger as Chinese Excel saves "CSV (逗号分隔)": GBK, no BOM.
const ledgerCSV = `客户名称,联系人,联系电话,地区,客户等级,负责人,备注
上海华东精密机械有限公司,张伟,13800138000,上海,战略,王芳,GBK导入的需求
重庆山城火锅连锁有限公司,何平,+86 135 0000 1111,重庆,普通,李娜,
西安古城文旅集团,刘畅,029-8888 6666,西安,重点,王芳,旅游季合作
`

// gbk encodes s as GBK with CRLF line ends.
func gbk(s string) ([]byte, error) {
	return simplifiedchinese.GBK.NewEncoder().Bytes([]byte(strings.ReplaceAll(s, "\n", "\r\n")))
}

// bigCSV is a GBK ledger of n clients with one to three contacts each, as
// repeated rows: enough rows for several batches of the commit.
func bigCSV(n int) ([]byte, error) {
	var b strings.Builder
	b.WriteString("客户名称,联系人,手机,客户等级,负责人\n")
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高")
	for i := range n {
		name := fmt.Sprintf("测试%s客户%05d有限公司", string(surnames[i%len(surnames)]), i)
		for c := range 1 + i%3 {
			fmt.Fprintf(&b, "%s,%s%c,1%010d,%s,%s\n", name, string(surnames[(i+c)%len(surnames)]), '甲'+rune(c), 3000000000+i*3+c, []string{"A", "B", "C"}[i%3], fixtureManager)
		}
	}
	return gbk(b.String())
}
