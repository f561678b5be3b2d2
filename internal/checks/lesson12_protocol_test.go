package checks

import "testing"

func TestProtocolMutants(t *testing.T) {
	t.Run("a parser that panics on an empty datagram", func(t *testing.T) {
		gradeMutant(t, Protocol(), "12-protocol/index-byte-zero", "bad-requests")
	})
	t.Run("a parser that splits with strings.Fields", func(t *testing.T) {
		gradeMutant(t, Protocol(), "12-protocol/fields-split", "chat-text", "bad-requests")
	})
	t.Run("notices with an ASCII colon", func(t *testing.T) {
		gradeMutant(t, Protocol(), "12-protocol/ascii-colon", "notices")
	})
}
