package chart

import (
	"fmt"
	"image/color"
	"strconv"
)

// The charts the golden files pin, each a case a phone must show well.

// team15Names are fifteen salespeople: two- to four-character names, a
// compound surname, a traditional-script name, a GB2312-less character
// (镕), a Latin name and one too long for the label column.
var team15Names = []string{
	"王小明", "李娜", "欧阳娜娜", "张伟", "陳志強", "刘洋", "朱镕", "Tom Lee",
	"赵六", "孙丽华", "周杰", "吴敏", "郑晓东", "上官婉儿（华东大区客户经理）", "冯军",
}

// team15 is a digest-like chart of fifteen salespeople, most visits first,
// the last one without visits.
func team15() Chart {
	visits := []float64{23, 19, 17, 15, 14, 12, 11, 9, 8, 6, 5, 3, 2, 1, 0}
	c := Chart{
		Title:      "各销售拜访次数",
		Subtitle:   "华东一部 · 2027年3月1日–3月7日",
		ValueLabel: "拜访次数",
		Series:     []Series{{Name: "拜访"}},
	}
	for i, n := range team15Names {
		c.Rows = append(c.Rows, Row{Label: n, Values: []float64{visits[i]}})
	}
	return c
}

// small is a three-person team, one of them idle.
func small() Chart {
	return Chart{
		Title:      "各销售拜访次数",
		Subtitle:   "华北二部 · 2027年3月1日–3月7日",
		ValueLabel: "拜访次数",
		Series:     []Series{{Name: "拜访"}},
		Rows: []Row{
			{Label: "王小明", Values: []float64{3}},
			{Label: "Tom Lee", Values: []float64{2}},
			{Label: "赵六", Values: []float64{0}},
		},
	}
}

// visitKinds are the 考核 report's visit kinds, as i18n labels them.
var visitKinds = []Series{{Name: "上门拜访"}, {Name: "电话"}, {Name: "视频"}, {Name: "其他"}}

// byKind is visits by kind per salesperson, grouped: a row per person with
// a bar per kind, zeros among them.
func byKind() Chart {
	return Chart{
		Title:      "本月拜访（按方式）",
		Subtitle:   "华东一部 · 2027年3月",
		ValueLabel: "拜访次数",
		Series:     visitKinds,
		Layout:     Grouped,
		Rows: []Row{
			{Label: "王小明", Values: []float64{12, 30, 4, 1}},
			{Label: "李娜", Values: []float64{8, 22, 0, 2}},
			{Label: "欧阳娜娜", Values: []float64{15, 9, 6, 0}},
			{Label: "Tom Lee", Values: []float64{3, 17, 11, 0}},
			{Label: "赵六", Values: []float64{0, 0, 0, 0}},
		},
	}
}

// byKindStacked is the same measure for fifteen people, stacked: the
// compact form for a whole team.
func byKindStacked() Chart {
	c := Chart{
		Title:      "本月拜访（按方式）",
		Subtitle:   "华东一部 · 2027年3月 · 共 15 人",
		ValueLabel: "拜访次数",
		Series:     visitKinds,
		Layout:     Stacked,
	}
	for i, n := range team15Names {
		v := []float64{float64((i*7 + 3) % 13), float64((i*5 + 11) % 17), float64(i % 4), float64((i + 1) % 3)}
		if i == len(team15Names)-1 {
			v = []float64{0, 0, 0, 0}
		}
		if i == 3 {
			v = []float64{0, 1, 0, 0}
		}
		c.Rows = append(c.Rows, Row{Label: n, Values: v})
	}
	return c
}

// english is the small team's chart for an English reader.
func english() Chart {
	return Chart{
		Title:      "Visits per salesperson",
		Subtitle:   "East China 1 · 2027-03-01 – 2027-03-07",
		ValueLabel: "visits",
		Series:     []Series{{Name: "visits"}},
		Rows: []Row{
			{Label: "Alexandra Konstantinopoulou-Smith", Values: []float64{1234}},
			{Label: "王小明", Values: []float64{987}},
			{Label: "Grace Wu", Values: []float64{45}},
			{Label: "Tom Lee", Values: []float64{0}},
		},
	}
}

// percent is a rate on a fixed 0-100 axis: follow-ups done on time.
func percent() Chart {
	return Chart{
		Title:      "按时跟进率",
		Subtitle:   "华东一部 · 2027年第一季度",
		ValueLabel: "按时完成的跟进（%）",
		Series:     []Series{{Name: "按时", Color: color.RGBA{0x00, 0x9e, 0x73, 0xff}}},
		AxisMax:    100,
		Format:     func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "%" },
		Rows: []Row{
			{Label: "王小明", Values: []float64{100}},
			{Label: "李娜", Values: []float64{87.5}},
			{Label: "Tom Lee", Values: []float64{66.7}},
			{Label: "赵六", Values: []float64{0}},
		},
	}
}

// goldens are the pinned charts by file name.
var goldens = []struct {
	name  string
	chart func() Chart
}{
	{"team15", team15},
	{"small", small},
	{"by_kind_grouped", byKind},
	{"by_kind_stacked", byKindStacked},
	{"english", english},
	{"percent", percent},
}

// people makes a chart of n salespeople with the given visits (repeated).
func people(n int, visits ...float64) Chart {
	c := Chart{Title: "拜访", Series: []Series{{Name: "拜访"}}}
	for i := range n {
		c.Rows = append(c.Rows, Row{Label: fmt.Sprintf("销售%d号", i+1), Values: []float64{visits[i%len(visits)]}})
	}
	return c
}

func itoa(n int) string { return strconv.Itoa(n) }
