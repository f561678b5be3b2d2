package checks

import (
	"testing"

	"forkroom/internal/grade"
)

// The wrong programs of lesson 15 are a server or a client alone, graded by
// the checks of that program.
func serverOnly() grade.Suite {
	return grade.Suite{Programs: []string{"server"}, Checks: chatServerChecks()}
}

func clientOnly() grade.Suite {
	return grade.Suite{Programs: []string{"client"}, Checks: chatClientChecks()}
}

func TestChatroomMutants(t *testing.T) {
	t.Run("a server whose announcements have an ASCII colon", func(t *testing.T) {
		gradeMutant(t, serverOnly(), "15-chatroom/announce-prefix", "announce")
	})
	t.Run("a client that prints only after a line is typed", func(t *testing.T) {
		gradeMutant(t, clientOnly(), "15-chatroom/sequential-client", "client-prints")
	})
	t.Run("a client that sends from a new socket each time", func(t *testing.T) {
		gradeMutant(t, clientOnly(), "15-chatroom/socket-per-message", "client-sends", "client-quit", "client-eof")
	})
}
