package checks

import "testing"

func TestUDPMutants(t *testing.T) {
	t.Run("a server that answers the first client only", func(t *testing.T) {
		gradeMutant(t, UDP(), "11-udp/first-client-only", "each-client")
	})
	t.Run("a server that trims what it echoes", func(t *testing.T) {
		gradeMutant(t, UDP(), "11-udp/trims-echo", "echo-exact")
	})
	t.Run("a server on a dual-stack socket that prints mapped addresses", func(t *testing.T) {
		gradeMutant(t, UDP(), "11-udp/dual-stack", "logs-sender")
	})
	t.Run("a client that prints what it sent instead of the reply", func(t *testing.T) {
		gradeMutant(t, UDP(), "11-udp/prints-own-message", "client-replies")
	})
}
