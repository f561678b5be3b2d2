package checks

import "testing"

func TestLoginMutants(t *testing.T) {
	t.Run("a server that lets two users share a name", func(t *testing.T) {
		gradeMutant(t, Login(), "13-login/duplicate-names", "unique-names")
	})
	t.Run("a server that panics on an empty datagram", func(t *testing.T) {
		gradeMutant(t, Login(), "13-login/empty-crash", "bad-datagrams")
	})
	t.Run("a server that tells the newcomer about itself", func(t *testing.T) {
		gradeMutant(t, Login(), "13-login/notice-to-newcomer", "join-notice")
	})
}
