package checks

import "forkroom/internal/grade"

// Complete grades the finished chat room in chatroom/ (`checker run
// chatroom`): chatroom/server with every server scenario of lessons 13 to 15
// and chatroom/client with the client checks of lesson 15, then the
// robustness checks (robustness.go) and the teacher's tools
// (chatroom_teacher.go). The lesson scenarios accept what the core protocol
// leaves free, so a server that answers more (BYE after Q, ERR replies to
// bad requests) passes them, and they pass over the client's heartbeats and
// who-is-here requests. One lesson check is replaced: lesson 13's
// line-ends wants "OK" for "L name\n", and the chat room answers a person
// typing into nc with "OK\n" (PROTOCOL.md §13), which nc-lines checks.
func Complete() grade.Suite {
	var checks []grade.Check
	for _, c := range chatServerChecks(chatroomRules) {
		if c.ID == "line-ends" {
			continue
		}
		checks = append(checks, c)
	}
	checks = append(checks, chatClientChecks(chatroomRules)...)
	checks = append(checks, Robustness()...)
	checks = append(checks, Teacher()...)
	return grade.Suite{Programs: []string{"server", "client"}, Checks: checks, Parallel: chatParallel}
}
