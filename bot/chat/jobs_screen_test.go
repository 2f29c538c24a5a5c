package chat

import (
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/config"
)

func TestCauseTextNeverShowsTextThatIsNoCause(t *testing.T) {
	t.Parallel()
	legacy := `error do request for method sendMessage, Post "http://127.0.0.1:9/bot***/sendMessage": dial tcp 127.0.0.1:9: connect: connection refused`
	for _, tc := range []struct {
		l            lang
		stored, want string
	}{
		{en, "network", "Telegram unreachable (network)"},
		{zh, "network", "无法连接 Telegram（网络）"},
		{en, "bad_request 400: message text is empty", "bad request (400): message text is empty"},
		{zh, "server 502", "Telegram 服务器错误 502"},
		{en, legacy, "send failed (details in the log)"},
		{zh, "lease of host-1 expired mid-send", "发送失败（详情见日志）"},
	} {
		if got := causeText(tc.l, tc.stored); got != tc.want {
			t.Errorf("causeText(%s, %q) = %q, want %q", tc.l, tc.stored, got, tc.want)
		}
	}
}

func TestEveryScheduledJobHasATitleForAdmins(t *testing.T) {
	t.Parallel()
	for _, name := range config.JobNames {
		if p, ok := jobTitles[name]; !ok || p.zh == "" || p.en == "" {
			t.Errorf("job %q has no title in /jobs", name)
		}
	}
	if len(jobTitles) != len(config.JobNames) {
		t.Errorf("%d job titles for %d jobs", len(jobTitles), len(config.JobNames))
	}
}
