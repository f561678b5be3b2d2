package checks

import (
	"strings"
	"testing"

	"forkroom/internal/grade"
)

// The wrong programs of lesson 11 are graded by the checks of the mode they
// get wrong (server or client) alone: each full grading takes seconds.
func TestUDPWrongPrograms(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	server, client := grade.Suite{Checks: udpServerChecks()}, grade.Suite{Checks: udpClientChecks()}
	for _, tc := range []struct {
		what, patch string
		fail        []string
	}{
		{"a server that answers the first client only", "11-udp/first-client-only", []string{"each-client", "logs-sender"}},
		{"a server that trims what it echoes", "11-udp/trims-echo", []string{"echo-exact"}},
		{"a server that reads into a 4096-byte buffer", "11-udp/small-buffer", []string{"echo-exact"}},
		{"a server that sends every datagram back again 600 ms later", "11-udp/echo-again-later", []string{"echo", "echo-exact", "each-client", "logs-sender"}},
		{"a server on a dual-stack socket that prints mapped addresses", "11-udp/dual-stack", []string{"logs-sender"}},
		{"a client that prints what it sent instead of the reply", "11-udp/prints-own-message", []string{"client-replies"}},
		{"a client that adds a line end to each message", "11-udp/client-adds-newline", []string{"client-sends", "client-replies", "client-no-reply"}},
		{"a client that waits only 300 ms for an answer", "11-udp/short-deadline", []string{"client-sends", "client-replies", "client-no-reply"}},
		{"a client that reads without a deadline", "11-udp/no-deadline", []string{"client-no-reply"}},
		{"a client that sends every message before it reads any answer", "11-udp/sends-all-first", []string{"client-sends", "client-replies", "client-no-reply"}},
	} {
		t.Run(tc.what, func(t *testing.T) {
			suite := focus(server, tc.fail, "echo")
			if strings.HasPrefix(tc.what, "a client") {
				suite = client // one run of the client serves every client check
			}
			gradeWrong(t, suite, tc.patch, tc.fail...)
		})
	}
}
