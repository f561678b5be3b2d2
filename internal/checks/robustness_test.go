package checks

import (
	"path/filepath"
	"testing"

	"forkroom/internal/grade"
)

// robustServerOnly grades a wrong server of testdata/robust with the
// robustness checks alone.
func robustServerOnly() grade.Suite {
	return grade.Suite{Programs: []string{"server"}, Checks: Robustness()}
}

func TestRobustnessMutants(t *testing.T) {
	for _, tc := range []struct {
		what, dir string
		fail      []string
	}{
		{"a server that follows every rule", "robust/good", nil},
		{"a server that trusts the name a request claims", "robust/no-identity-check", []string{"impersonation"}},
		{"a server that announces a repeated login again", "robust/second-join-notice", []string{"repeated-login"}},
		{"a server that compares names as sent", "robust/case-sensitive-names", []string{"name-rules"}},
		{"a server that cuts an over-long message", "robust/cuts-long-messages", []string{"message-rules"}},
		{"a server that panics on an empty datagram", "robust/empty-datagram-crash", []string{"bad-requests"}},
		{"a server that never drops a silent user", "robust/no-expiry", []string{"liveness"}},
		{"a server that ignores heartbeats", "robust/ignores-heartbeats", []string{"liveness"}},
		{"a server without a rate limit", "robust/no-rate-limit", []string{"flood"}},
		{"a server without caps", "robust/no-caps", []string{"room-cap", "ip-cap"}},
		{"a server that answers every unknown address", "robust/answers-strangers", []string{"unknown-address"}},
		{"a server that dies on SIGTERM", "robust/no-shutdown-notice", []string{"shutdown"}},
	} {
		t.Run(tc.what, func(t *testing.T) {
			gradeMutant(t, robustServerOnly(), tc.dir, tc.fail...)
		})
	}
}

// TestRobustnessCoreServer grades the lesson-15 solution, a server of the
// core protocol only (no ERR replies, no flags but -addr): the robustness
// checks are for chatroom/, and it fails every one.
func TestRobustnessCoreServer(t *testing.T) {
	var all []string
	for _, c := range Robustness() {
		all = append(all, c.ID)
	}
	gradeMutant(t, robustServerOnly(), filepath.Join("..", "..", "..", "solutions", "15-chatroom"), all...)
}
