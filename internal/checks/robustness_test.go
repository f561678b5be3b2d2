package checks

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"forkroom/internal/grade"
)

// robustServerOnly grades a chat room server with the robustness checks
// alone.
func robustServerOnly() grade.Suite {
	return grade.Suite{Programs: []string{"server"}, Checks: Robustness()}
}

// TestRobustnessMutants grades known-wrong chat rooms, each a patch against
// chatroom/ in testdata/wrong/chatroom, with the robustness checks: each
// must fail exactly the checks named. (The real chat room passes every
// check: internal/course's TestCourse grades it with the whole suite.)
func TestRobustnessMutants(t *testing.T) {
	t.Parallel()
	quickSettle()
	for _, tc := range []struct {
		name string
		fail []string
	}{
		{"chatroom/no-identity-check", []string{"impersonation"}},
		{"chatroom/second-join-notice", []string{"repeated-login"}},
		{"chatroom/case-sensitive-names", []string{"name-rules"}},
		{"chatroom/cuts-long-messages", []string{"message-rules"}},
		{"chatroom/empty-datagram-crash", []string{"bad-requests"}},
		{"chatroom/no-expiry", []string{"liveness"}},
		{"chatroom/ignores-heartbeats", []string{"liveness"}},
		{"chatroom/no-rate-limit", []string{"flood"}},
		{"chatroom/no-caps", []string{"room-cap", "ip-cap"}},
		{"chatroom/answers-strangers", []string{"unknown-address"}},
		{"chatroom/no-shutdown-notice", []string{"shutdown"}},
		// The settled framing (PROTOCOL-RULES R1, R3).
		{"chatroom/lone-cr-cut", []string{"bad-requests", "message-rules"}},
		{"chatroom/name-first-word", []string{"bad-requests", "name-rules"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gradeWrong(t, robustServerOnly(), tc.name, tc.fail...)
		})
	}
}

// TestRobustnessLateImpersonation grades a chat room that broadcasts a
// refused chat 600 ms later, after any quiet window (issue 9, class 5): only
// the settle at the end of each check catches it, so it runs with the whole
// settle, before the parallel tests (which shorten it) are let go.
func TestRobustnessLateImpersonation(t *testing.T) {
	require.Equal(t, time.Second, time.Duration(robustSettle.Load()), "the settle is whole while the tests that are not parallel run")
	gradeWrong(t, robustServerOnly(), "chatroom/late-impersonation", "impersonation")
}

// quickSettle makes the robustness and teacher's checks skip their final
// second of listening in this test binary from now on: for a known-wrong
// program whose fault is not lateness, this changes no result (what
// arrived during the scenario is still accounted for) and saves about a
// second per check. Only parallel tests call it, after t.Parallel(): Go has
// run every test that is not parallel (TestRobustnessLateImpersonation,
// which needs the whole second) by then.
func quickSettle() { robustSettle.Store(0) }

// TestRobustnessCoreServer grades the lesson-15 solution, a server of the
// core protocol only (no ERR replies, no flags but -addr): the robustness
// checks are for chatroom/, and it fails every one.
func TestRobustnessCoreServer(t *testing.T) {
	t.Parallel()
	quickSettle()
	var all []string
	for _, c := range Robustness() {
		all = append(all, c.ID)
	}
	gradeMutant(t, robustServerOnly(), filepath.Join("..", "..", "..", "solutions", "15-chatroom"), all...)
}
