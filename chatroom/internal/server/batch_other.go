//go:build !linux

package server

import (
	"log/slog"
	"net"
	"net/netip"
)

// batchWriter batches sends on Linux only (sendmmsg); elsewhere send uses
// one WriteToUDPAddrPort per address.
type batchWriter struct{}

func newBatchWriter(*net.UDPConn) *batchWriter { return nil }

func (*batchWriter) write([]byte, []netip.AddrPort, *slog.Logger) {
	panic("unreachable")
}
