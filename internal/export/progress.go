package export

// reportEvery is how many rows pass between two progress reports: often
// enough for a smooth count, rarely enough to cost nothing.
const reportEvery = 1000

// tracker counts the rows written and reports them now and then.
type tracker struct {
	report      func(done, total int)
	done, total int
}

func (t *tracker) add() {
	t.done++
	if t.done%reportEvery == 0 {
		t.flush()
	}
}

func (t *tracker) flush() {
	if t.report != nil {
		t.report(t.done, max(t.total, t.done))
	}
}
