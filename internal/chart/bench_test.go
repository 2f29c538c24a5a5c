package chart

import "testing"

// BenchmarkRenderTeam15 draws the fifteen-salesperson chart and encodes it
// as PNG, as the digest does for each team and language; the issue asks
// under 50 ms. go test ./internal/chart/ -run '^$' -bench . -benchmem
func BenchmarkRenderTeam15(b *testing.B) {
	c := team15()
	if _, err := Render(c); err != nil { // the font's one-time parse is not a chart's cost
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderStacked15 draws fifteen salespeople's visits by kind, the
// 考核 report's densest chart.
func BenchmarkRenderStacked15(b *testing.B) {
	c := byKindStacked()
	if _, err := Render(c); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDrawTeam15 is BenchmarkRenderTeam15 without the PNG encoding.
func BenchmarkDrawTeam15(b *testing.B) {
	c := team15()
	if _, err := Draw(c); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Draw(c); err != nil {
			b.Fatal(err)
		}
	}
}
