package chat

import (
	"testing"

	"github.com/ledgerbot/ledgerbot/internal/client"
)

func TestSplitCommandReadsBotSuffixAndArgs(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, cmd, args string }{
		{"/visit@ledger_bot 华为: 内容", "visit", "华为: 内容"},
		{"/Today", "today", ""},
		{"/start abc123", "start", "abc123"},
		{"hello", "", ""},
		{"/client\n华为", "client", "华为"},
	}
	for _, c := range cases {
		cmd, args := splitCommand(c.in)
		if cmd != c.cmd || args != c.args {
			t.Errorf("splitCommand(%q) = %q, %q; want %q, %q", c.in, cmd, args, c.cmd, c.args)
		}
	}
}

func TestPhoneStepRuleAndNamePosition(t *testing.T) {
	t.Parallel()
	// The phone steps use the client package's own rule.
	for _, p := range []string{"13800138000", "+86 138-0013-8000", "(021) 6888 1234"} {
		if _, err := client.CheckPhone(p); err != nil {
			t.Errorf("CheckPhone(%q): %v", p, err)
		}
	}
	for _, p := range []string{"abc", "12", "1380013800013800138000", "138 0013 8000 ext. 5"} {
		if _, err := client.CheckPhone(p); err == nil {
			t.Errorf("CheckPhone(%q) accepted", p)
		}
	}
	for _, c := range []struct{ in, name, pos string }{
		{"张伟 采购经理", "张伟", "采购经理"},
		{"Zhang Wei, purchasing manager", "Zhang Wei", "purchasing manager"},
		{"Zhang Wei", "Zhang Wei", ""},
		{"李娜，总经理", "李娜", "总经理"},
	} {
		n, p := splitNamePosition(c.in)
		if n != c.name || p != c.pos {
			t.Errorf("splitNamePosition(%q) = %q, %q", c.in, n, p)
		}
	}
}
