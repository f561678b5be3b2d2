package checks

import "testing"

func TestLoginWrongPrograms(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	all := []string{"login-ok", "unique-names", "one-address", "join-notice", "line-ends", "bad-datagrams"}
	for _, tc := range []struct {
		what, patch string
		fail        []string
	}{
		{"a server that lets two users share a name", "13-login/duplicate-names", []string{"unique-names"}},
		{"a server that tells the newcomer about itself", "13-login/notice-to-newcomer", []string{"join-notice"}},
		{"a server that cuts the line end with buf[n-1] and panics on an empty datagram", "13-login/empty-crash", []string{"line-ends", "bad-datagrams"}},
		{"a server that splits with strings.Split and panics on L", "13-login/split-index", []string{"line-ends", "bad-datagrams"}},
		{"a server that lets one address log in under a second name", "13-login/second-name-same-address", []string{"one-address"}},
		{"a server that refuses a login repeated from the same address", "13-login/repeat-login-refused", []string{"one-address"}},
		{"a server that announces a repeated login again", "13-login/repeat-login-announced", []string{"one-address"}},
		{"a server that ignores a malformed login", "13-login/ignores-malformed-login", []string{"bad-datagrams"}},
		{"a server that reads L bob smith as bob", "13-login/first-word-name", []string{"bad-datagrams"}},
		{"a server that answers every malformed datagram", "13-login/answers-garbage", []string{"bad-datagrams"}},
		{"a server that sends refused users the join notices 600 ms late", "13-login/late-notice-to-refused", []string{"unique-names"}},
		{"a server that keeps the \\r of L bob\\r\\n", "13-login/keeps-cr", []string{"line-ends", "bad-datagrams"}},
		{"a server that answers OK with a line end", "13-login/ok-with-line-end", all},
		{"a server that cuts every trailing line end", "13-login/trim-right", []string{"line-ends"}},
	} {
		t.Run(tc.what, func(t *testing.T) {
			gradeWrong(t, focus(Login(), tc.fail, "login-ok", "join-notice"), tc.patch, tc.fail...)
		})
	}
}
