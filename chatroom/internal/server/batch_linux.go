//go:build linux

package server

import (
	"log/slog"
	"net"
	"net/netip"
	"sync"

	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"
	"golang.org/x/sys/unix"
)

// batchSize is the most datagrams handed to one sendmmsg call.
const batchSize = 64

// batchWriter sends one datagram to many addresses with sendmmsg
// (golang.org/x/net's WriteBatch), batchSize at a time, instead of one
// sendto per address: a fan-out to 1000 users enters the kernel about 16
// times instead of 1000.
type batchWriter struct {
	conn *net.UDPConn
	// writeBatch is ipv4.PacketConn.WriteBatch or ipv6.PacketConn.WriteBatch,
	// whichever matches the socket's family (their Message is the same type).
	writeBatch func(ms []ipv4.Message, flags int) (int, error)
}

// newBatchWriter returns a batchWriter for conn, or nil if conn's family is
// neither AF_INET nor AF_INET6 or cannot be told: then the caller sends one
// datagram at a time.
func newBatchWriter(conn *net.UDPConn) *batchWriter {
	rc, err := conn.SyscallConn()
	if err != nil {
		return nil
	}
	domain := -1
	if err := rc.Control(func(fd uintptr) {
		d, err := unix.GetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_DOMAIN)
		if err == nil {
			domain = d
		}
	}); err != nil {
		return nil
	}
	switch domain {
	case unix.AF_INET:
		return &batchWriter{conn: conn, writeBatch: ipv4.NewPacketConn(conn).WriteBatch}
	case unix.AF_INET6:
		// A dual-stack socket: IPv4 peers are kept unmapped; sendmmsg
		// gets an AF_INET address for them, which Linux accepts on an
		// AF_INET6 socket unless it is IPv6-only, as sendto does for Go.
		// Any error falls back to WriteToUDPAddrPort for that address.
		return &batchWriter{conn: conn, writeBatch: ipv6.NewPacketConn(conn).WriteBatch}
	}
	return nil
}

// batchScratch is the per-call memory of batchWriter.write, pooled because
// send runs on the read loop and also on Announce's and Sweep's goroutines.
type batchScratch struct {
	ms    [batchSize]ipv4.Message
	bufs  [batchSize][1][]byte
	addrs [batchSize]net.UDPAddr
	ips   [batchSize][16]byte
}

var batchPool = sync.Pool{New: func() any { return new(batchScratch) }}

// write sends msg to every address in to, in order. An address the batch
// cannot send to is retried alone with WriteToUDPAddrPort, whose error, if
// any, is logged as in the one-at-a-time loop.
func (b *batchWriter) write(msg []byte, to []netip.AddrPort, log *slog.Logger) {
	sc := batchPool.Get().(*batchScratch)
	defer func() {
		for i := range sc.bufs {
			sc.bufs[i][0] = nil
		}
		batchPool.Put(sc)
	}()
	for len(to) > 0 {
		chunk := to[:min(len(to), batchSize)]
		to = to[len(chunk):]
		for i, a := range chunk {
			ip := a.Addr()
			var n int
			if ip.Is4() {
				a4 := ip.As4()
				n = copy(sc.ips[i][:], a4[:])
			} else {
				a16 := ip.As16()
				n = copy(sc.ips[i][:], a16[:])
			}
			sc.addrs[i] = net.UDPAddr{IP: sc.ips[i][:n], Port: int(a.Port()), Zone: ip.Zone()}
			sc.bufs[i][0] = msg
			sc.ms[i] = ipv4.Message{Buffers: sc.bufs[i][:], Addr: &sc.addrs[i]}
		}
		ms, addrs := sc.ms[:len(chunk)], chunk
		for len(ms) > 0 {
			n, _ := b.writeBatch(ms, 0)
			if n <= 0 {
				// sendmmsg fails only when the first datagram fails:
				// send that one alone, as the plain loop would.
				if _, err := b.conn.WriteToUDPAddrPort(msg, addrs[0]); err != nil {
					log.Debug("write error", "to", addrs[0], "err", err)
				}
				n = 1
			}
			ms, addrs = ms[n:], addrs[n:]
		}
	}
}
