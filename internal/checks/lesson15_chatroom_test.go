package checks

import (
	"testing"

	"forkroom/internal/grade"
)

// The wrong programs of lesson 15 are a server or a client with one
// mistake, graded by the checks lesson 15 adds for that program (the
// server's lesson 13 and 14 checks are graded with their own wrong
// programs).
func TestChatroomWrongPrograms(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	server := grade.Suite{Programs: []string{"server", "client"}, Race: true, Checks: checksNamed(Chatroom().Checks, "announce", "no-race")}
	client := grade.Suite{Programs: []string{"client"}, Checks: chatClientChecks(lessonRules)}
	// quick leaves out the two client checks that take seconds (silence
	// at the login, notices seconds apart), for mistakes elsewhere.
	// A server without the lock announces to a stale room now and then
	// (the race's undefined behaviour): only the race check is sure.
	race := grade.Suite{Programs: []string{"server", "client"}, Race: true, Checks: checksNamed(Chatroom().Checks, "no-race")}
	quick := grade.Suite{Programs: []string{"client"}, Checks: checksNamed(client.Checks, "client-login", "client-sends", "client-quit", "client-eof")}
	for _, tc := range []struct {
		what, patch string
		suite       grade.Suite
		fail        []string
	}{
		{"a server whose announcements have an ASCII colon", "15-chatroom/announce-prefix", server, []string{"announce"}},
		{"a server that announces without the lock", "15-chatroom/no-lock", race, []string{"no-race"}},
		{"a server that holds the lock while it waits for input", "15-chatroom/lock-while-reading", server, []string{"announce", "no-race"}},
		{"a server that announces to a copy of the room made at start", "15-chatroom/announce-stale-room", server, []string{"announce"}},
		{"a client that prints only after a line is typed", "15-chatroom/sequential-client", client, []string{"client-prints"}},
		{"a client that sends from a new socket each time", "15-chatroom/socket-per-message", quick, []string{"client-login", "client-sends", "client-quit", "client-eof"}},
		{"a client that goes on after its login is refused", "15-chatroom/ignores-refusal", client, []string{"client-refused"}},
		{"a client that never reads the answer to its login", "15-chatroom/no-login-answer", client, []string{"client-login", "client-refused"}},
		{"a client that sends C NAME for an empty line", "15-chatroom/sends-empty-lines", quick, []string{"client-sends"}},
		{"a client that trims the lines typed", "15-chatroom/trims-line", quick, []string{"client-sends"}},
		{"a client that stops receiving after a second", "15-chatroom/listens-briefly", client, []string{"client-prints"}},
		{"a client that sends no Q at the end of input", "15-chatroom/no-quit-at-eof", quick, []string{"client-eof"}},
		{"a client that ends without waiting for BYE", "15-chatroom/no-bye-wait", quick, []string{"client-quit"}},
	} {
		t.Run(tc.what, func(t *testing.T) {
			gradeWrong(t, focus(tc.suite, tc.fail, "announce", "client-login", "client-sends"), tc.patch, tc.fail...)
		})
	}
}
