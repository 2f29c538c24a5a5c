package chat

import (
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/config"
	"github.com/ledgerbot/ledgerbot/internal/i18n"
)

func TestCauseTextNeverShowsTextThatIsNoCause(t *testing.T) {
	t.Parallel()
	legacy := `error do request for method sendMessage, Post "http://127.0.0.1:9/bot***/sendMessage": dial tcp 127.0.0.1:9: connect: connection refused`
	for _, tc := range []struct {
		l            i18n.Lang
		stored, want string
	}{
		{i18n.EN, "network", "Telegram unreachable (network)"},
		{i18n.ZH, "network", "无法连接 Telegram（网络）"},
		{i18n.EN, "bad_request 400: message text is empty", "bad request (400): message text is empty"},
		{i18n.ZH, "server 502", "Telegram 服务器错误 502"},
		{i18n.EN, legacy, "send failed (details in the log)"},
		{i18n.ZH, "lease of host-1 expired mid-send", "发送失败（详情见日志）"},
	} {
		if got := causeText(tc.l, tc.stored); got != tc.want {
			t.Errorf("causeText(%s, %q) = %q, want %q", tc.l, tc.stored, got, tc.want)
		}
	}
}

func TestEveryScheduledJobHasATitleForAdmins(t *testing.T) {
	t.Parallel()
	for _, name := range config.JobNames {
		if p, ok := jobTitles[name]; !ok || p.ZH == "" || p.EN == "" {
			t.Errorf("job %q has no title in /jobs", name)
		}
	}
	if len(jobTitles) != len(config.JobNames) {
		t.Errorf("%d job titles for %d jobs", len(jobTitles), len(config.JobNames))
	}
}
