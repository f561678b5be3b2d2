package chatprobe

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// echoServer answers every datagram with "echo " and the datagram, except
// "quiet", which it ignores, until the test ends.
func echoServer(t *testing.T) *net.UDPConn {
	t.Helper()
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	go func() {
		buf := make([]byte, MaxDatagram)
		for {
			n, from, err := conn.ReadFromUDPAddrPort(buf)
			if err != nil {
				return
			}
			if string(buf[:n]) == "quiet" {
				continue
			}
			_, _ = conn.WriteToUDPAddrPort(append([]byte("echo "), buf[:n]...), from)
		}
	}()
	return conn
}

func peer(t *testing.T, ctx context.Context, srv *net.UDPConn) *Peer {
	t.Helper()
	p, err := Listen(ctx, "alice", srv.LocalAddr().(*net.UDPAddr).AddrPort(), time.Now())
	require.NoError(t, err)
	t.Cleanup(func() { p.Close() })
	return p
}

func TestPeer(t *testing.T) {
	t.Run("a reply that matches is accepted", func(t *testing.T) {
		p := peer(t, context.Background(), echoServer(t))
		require.NoError(t, p.Send("hi"))
		d, err := p.Expect("echo hi", time.Second)
		require.NoError(t, err)
		assert.Equal(t, p.To(), d.From, "the reply comes from the server")
	})
	t.Run("a different reply is a failure that quotes both", func(t *testing.T) {
		p := peer(t, context.Background(), echoServer(t))
		require.NoError(t, p.Send("hi\n"))
		_, err := p.Expect("echo hi", time.Second)
		require.True(t, grade.IsFailure(err), "%v", err)
		assert.Equal(t, `alice received "echo hi\n", want "echo hi"`, err.Error())
	})
	t.Run("silence is a failure after the deadline, not a hang", func(t *testing.T) {
		p := peer(t, context.Background(), echoServer(t))
		require.NoError(t, p.Send("quiet"))
		start := time.Now()
		_, err := p.Expect("echo quiet", 200*time.Millisecond)
		require.True(t, grade.IsFailure(err), "%v", err)
		assert.Contains(t, err.Error(), "received nothing")
		assert.Less(t, time.Since(start), time.Second)
	})
	t.Run("the check's context bounds every read", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		p := peer(t, ctx, echoServer(t))
		start := time.Now()
		_, err := p.Recv(time.Minute)
		assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)
		assert.Less(t, time.Since(start), time.Second)
	})
	t.Run("a quiet window collects what arrives and lets some through", func(t *testing.T) {
		p := peer(t, context.Background(), echoServer(t))
		require.NoError(t, p.Send("a"))
		require.NoError(t, p.Send("b"))
		got, err := p.Quiet(300 * time.Millisecond)
		require.NoError(t, err)
		require.Len(t, got, 2)
		assert.Equal(t, "echo a", got[0].Text())

		require.NoError(t, p.Send("c"))
		err = p.ExpectNothing(300*time.Millisecond, i18n.M("a test"), func(s string) bool { return s == "echo c" })
		assert.NoError(t, err)
		require.NoError(t, p.Send("d"))
		err = p.ExpectNothing(300*time.Millisecond, i18n.M("a test"), nil)
		require.True(t, grade.IsFailure(err), "%v", err)
		assert.Contains(t, err.Error(), `"echo d"`)
	})
	t.Run("the transcript shows sent, received and unread datagrams in order", func(t *testing.T) {
		p := peer(t, context.Background(), echoServer(t))
		require.NoError(t, p.Send("one"))
		_, err := p.Expect("echo one", time.Second)
		require.NoError(t, err)
		require.NoError(t, p.Send("two"))
		time.Sleep(100 * time.Millisecond)
		tr := p.Transcript()
		lines := strings.Split(tr, "\n")
		require.Len(t, lines, 5, tr)
		assert.Contains(t, lines[0], "alice at 127.0.0.1:")
		assert.Contains(t, lines[1], `sent       → `)
		assert.Contains(t, lines[1], `"one"`)
		assert.Contains(t, lines[2], `received   ← `)
		assert.Contains(t, lines[4], `unread     ← `)
		assert.Contains(t, lines[4], `"echo two"`)
	})
	t.Run("what arrived and was not handed out is unread until taken, and a mark shows in the transcript", func(t *testing.T) {
		p := peer(t, context.Background(), echoServer(t))
		require.NoError(t, p.Send("one"))
		require.NoError(t, p.Send("two"))
		require.Eventually(t, func() bool { return len(p.Unread()) == 2 }, time.Second, 10*time.Millisecond)
		d, ok := p.TryRecv()
		require.True(t, ok)
		assert.Equal(t, "echo one", d.Text())
		p.Mark(d, "unexpected")
		unread := p.Unread()
		require.Len(t, unread, 1)
		assert.Equal(t, "echo two", unread[0].Text())
		assert.Contains(t, p.Transcript(), `unexpected ← `)
		_, ok = p.TryRecv()
		assert.True(t, ok)
		_, ok = p.TryRecv()
		assert.False(t, ok, "nothing more has arrived")
		assert.Empty(t, p.Unread())
	})
	t.Run("a free port is on loopback", func(t *testing.T) {
		a, err := FreePort()
		require.NoError(t, err)
		assert.Equal(t, "127.0.0.1", a.Addr().String())
		assert.NotZero(t, a.Port())
	})
}

func TestBound(t *testing.T) {
	if _, known := Bound(netip.MustParseAddrPort("127.0.0.1:1")); !known {
		t.Skip("no /proc/net/udp here")
	}
	t.Run("a port with a socket on it is bound", func(t *testing.T) {
		conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		require.NoError(t, err)
		addr := conn.LocalAddr().(*net.UDPAddr).AddrPort()
		bound, _ := Bound(addr)
		assert.True(t, bound)
		conn.Close()
		bound, _ = Bound(addr)
		assert.False(t, bound, "and no longer once it is closed")
	})
}
