package callback

import "testing"

// forged are data a presser could send that no button carries.
var forged = []string{
	"", ":", "zz", "c", "c:", "c:-1", "c:+1", "c:0", "c:01", "c: 1", "c:1 ", "c:abc", "c:1:2",
	"c:99999999999999999999", "c:9223372036854775808", "h:1:x:0", "h:1:v:99999999", "h:1:v:-1",
	"h:1:v", "h:1:v:0:0", "h:1:v:01", "rk:", "rk:-1", "rk:100001", "rk:007", "cw:1:", "cw:1:2:3",
	"cw::2", "lang:", "lang:fr", "lang:EN", "lang", "f:", "f:0a1b2c3d", "f:0a1b2c3d:", "f:0A1B2C3D:save",
	"f:0a1b2c3:save", "f:0a1b2c3d:sa ve", "f:0a1b2c3d:保存", "ga:", "ga:x", "jl", "jl:x", "jr:", "jr:Greetings",
	"jr:a b", "C:1", "c:١",
	"sv:", "sv:7", "sv:7:0", "sv:7:6", "sv:7:05", "sv:0:5", "sv:7:5:1", "sv:-7:5", "rc:", "rc:0", "rd:x", "dt:01", "dp:1:2",
	"rp:", "rp:t0:20261101-20261130", "rp:a:20261130-20261101", "rp:a:20261101-20261130:",
	"tl:", "tl:3", "tl:3:", "tl:0:0", "tl:3:1001", "tl:3:01", "tl:3:0:0", "tc:", "tc:0", "tc:9:1", "tk", "tk:-9", "tk:09",
}

func FuzzParse(f *testing.F) {
	for _, s := range golden(f) {
		f.Add(s)
	}
	for _, s := range forged {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			if a != nil {
				t.Fatalf("Parse(%q) returned %#v with error %v", s, a, err)
			}
			return
		}
		got, err := Encode(a)
		if err != nil {
			t.Fatalf("Parse(%q) = %#v, which does not encode: %v", s, a, err)
		}
		if got != s {
			t.Fatalf("Parse(%q) = %#v, which encodes to %q", s, a, got)
		}
		if len(got) > MaxLen {
			t.Fatalf("%q is %d bytes, over Telegram's %d", got, len(got), MaxLen)
		}
	})
}
