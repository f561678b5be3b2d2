package checks

import "forkroom/internal/grade"

// Complete grades the finished chat room in chatroom/ (`checker run
// chatroom`): chatroom/server with every server scenario of lessons 13 to 15
// and chatroom/client with the client checks of lesson 15. The scenarios
// accept what the core protocol leaves free, so a server that answers more
// (BYE after Q, ERR replies to bad requests) passes them, and they pass over
// the client's heartbeats.
func Complete() grade.Suite {
	return grade.Suite{
		Programs: []string{"server", "client"},
		Checks:   append(append(chatServerChecks(chatroomRules), chatClientChecks(chatroomRules)...), Robustness()...),
	}
}
