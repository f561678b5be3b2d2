//go:build linux

package server

import (
	"fmt"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/ipv4"
)

// TestBatchWriter checks the batched fan-out itself: every address gets the
// datagram once, across more than one batch, on IPv4 and dual-stack
// sockets, and an address the socket cannot reach does not stop the others.
func TestBatchWriter(t *testing.T) {
	listen := func(t *testing.T, network string, ip net.IP) *net.UDPConn {
		conn, err := net.ListenUDP(network, &net.UDPAddr{IP: ip})
		if err != nil {
			t.Skipf("no %s socket: %v", network, err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn
	}
	receivers := func(t *testing.T, n int) ([]*net.UDPConn, []netip.AddrPort) {
		var conns []*net.UDPConn
		var addrs []netip.AddrPort
		for range n {
			c := listen(t, "udp4", net.IPv4(127, 0, 0, 1))
			conns = append(conns, c)
			addrs = append(addrs, c.LocalAddr().(*net.UDPAddr).AddrPort())
		}
		return conns, addrs
	}
	expectOnce := func(t *testing.T, conns []*net.UDPConn, want string) {
		t.Helper()
		buf := make([]byte, 2048)
		for i, c := range conns {
			require.NoError(t, c.SetReadDeadline(time.Now().Add(replyWait)))
			n, err := c.Read(buf)
			require.NoError(t, err, "receiver %d", i)
			require.Equal(t, want, string(buf[:n]), "receiver %d", i)
		}
		deadline := time.Now().Add(50 * time.Millisecond)
		for i, c := range conns {
			require.NoError(t, c.SetReadDeadline(deadline))
			_, err := c.Read(buf)
			require.Error(t, err, "receiver %d got a second datagram", i)
		}
	}

	for _, tc := range []struct {
		name, network string
		ip            net.IP
	}{
		{"udp4 socket", "udp4", net.IPv4(127, 0, 0, 1)},
		{"dual-stack socket", "udp", net.IPv6unspecified},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBatchWriter(listen(t, tc.network, tc.ip))
			require.NotNil(t, b)
			// Count what goes out in batches, to see that they are used
			// rather than the one-at-a-time fallback.
			batched, calls := 0, 0
			wb := b.writeBatch
			b.writeBatch = func(ms []ipv4.Message, flags int) (int, error) {
				n, err := wb(ms, flags)
				batched, calls = batched+max(n, 0), calls+1
				return n, err
			}
			conns, addrs := receivers(t, 2*batchSize+3)
			msg := fmt.Sprintf("hello %s", tc.name)
			b.write([]byte(msg), addrs, testLogger(t))
			expectOnce(t, conns, msg)
			require.Equal(t, len(addrs), batched, "datagrams sent in batches")
			require.GreaterOrEqual(t, calls, 3)
		})
	}

	t.Run("an unreachable address in the middle", func(t *testing.T) {
		b := newBatchWriter(listen(t, "udp4", net.IPv4(127, 0, 0, 1)))
		require.NotNil(t, b)
		conns, addrs := receivers(t, batchSize+2)
		// An IPv6 address cannot be sent to from an AF_INET socket.
		bad := netip.MustParseAddrPort("[2001:db8::1]:9")
		mixed := append(append(append([]netip.AddrPort{}, addrs[:5]...), bad, bad), addrs[5:]...)
		b.write([]byte("still here"), mixed, testLogger(t))
		expectOnce(t, conns, "still here")
	})
}
