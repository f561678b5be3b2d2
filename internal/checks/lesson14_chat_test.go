package checks

import "testing"

func TestChatMutants(t *testing.T) {
	t.Run("a server that echoes a chat to its sender", func(t *testing.T) {
		gradeMutant(t, Chat(), "14-chat/echo-to-sender", "no-echo")
	})
	t.Run("a server that sends no leave notice", func(t *testing.T) {
		gradeMutant(t, Chat(), "14-chat/no-leave-notice", "leave-notice")
	})
	t.Run("a server that keeps a user who quit", func(t *testing.T) {
		gradeMutant(t, Chat(), "14-chat/quit-keeps-user", "quit-forgets")
	})
}
