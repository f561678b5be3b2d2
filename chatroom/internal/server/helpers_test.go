package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// replyWait bounds every read that expects a datagram.
const replyWait = 3 * time.Second

// fakeClock is a Clock that moves only when told.
type fakeClock struct {
	mu  sync.Mutex // protects now
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testConfig is generous enough that the limits stay out of the way of
// tests about something else.
func testConfig() Config {
	return Config{
		Timeout:       30 * time.Second,
		Burst:         100000,
		Rate:          100000,
		UnknownBurst:  100000,
		UnknownRate:   100000,
		MaxUsers:      100,
		MaxUsersPerIP: 100,
		Clock:         newFakeClock(),
	}
}

// room is a server running on a loopback socket, with an observer user
// "obs" whose chat messages serve as a barrier (see sync).
type room struct {
	t       testing.TB
	srv     *Server
	addr    *net.UDPAddr
	conn    *net.UDPConn
	clock   *fakeClock // nil when the config has a real clock
	stop    context.CancelFunc
	done    chan error
	obs     *peer
	members []*peer // logged-in peers that sync checks, obs excluded
	syncs   int
}

// startRoom starts a server on 127.0.0.1:0 and stops it at the end of the
// test. With observer, it logs in "obs" first.
func startRoom(t testing.TB, cfg Config, observer bool) *room {
	t.Helper()
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	return startRoomOn(t, cfg, conn, observer)
}

func startRoomOn(t testing.TB, cfg Config, conn *net.UDPConn, observer bool) *room {
	t.Helper()
	clock, _ := cfg.Clock.(*fakeClock)
	if os.Getenv("CHATROOM_TEST_LOG") != "" {
		cfg.Logger = testLogger(t)
	}
	r := &room{t: t, srv: New(cfg), addr: conn.LocalAddr().(*net.UDPAddr), conn: conn, clock: clock, done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	r.stop = cancel
	go func() { r.done <- r.srv.Serve(ctx, conn) }()
	t.Cleanup(func() {
		r.shutdown()
		conn.Close()
	})
	if observer {
		r.obs = r.dial()
		r.obs.send("L obs")
		r.obs.expect("OK")
	}
	return r
}

// shutdown stops the server and returns what Serve returned.
func (r *room) shutdown() error {
	r.stop()
	select {
	case err, ok := <-r.done:
		if ok {
			close(r.done)
		}
		return err
	case <-time.After(replyWait):
		return errors.New("Serve did not return")
	}
}

// peer is a fake client: a UDP socket connected to the server.
type peer struct {
	t    testing.TB
	conn *net.UDPConn
}

// dial returns a new peer with its own port.
func (r *room) dial() *peer {
	r.t.Helper()
	conn, err := net.DialUDP("udp4", nil, r.addr)
	require.NoError(r.t, err)
	r.t.Cleanup(func() { conn.Close() })
	return &peer{t: r.t, conn: conn}
}

// login returns a new peer logged in as name, after checking that every
// member heard "name 进入了聊天室". The obs user is not checked.
func (r *room) login(name string) *peer {
	r.t.Helper()
	p := r.dial()
	p.send("L " + name)
	p.expect("OK")
	for _, m := range r.members {
		m.expect(name + " 进入了聊天室")
	}
	r.members = append(r.members, p)
	return p
}

// leave removes p from the members that sync checks.
func (r *room) leave(p *peer) {
	for i, m := range r.members {
		if m == p {
			r.members = append(r.members[:i], r.members[i+1:]...)
			return
		}
	}
}

// sync proves that no member received anything unexpected: obs sends a
// chat message and each member's next datagram must be that message. The
// server handles datagrams in order, so whatever an earlier request caused
// was sent before it.
func (r *room) sync() {
	r.t.Helper()
	require.NotNil(r.t, r.obs, "sync needs a room with an observer")
	r.syncs++
	text := fmt.Sprintf("sync-%d", r.syncs)
	r.obs.send("C obs " + text)
	for i, m := range r.members {
		got := m.next()
		require.Equal(r.t, "obs ： "+text, got, "member %d received something unexpected", i)
	}
}

func (p *peer) send(s string) { p.sendBytes([]byte(s)) }

func (p *peer) sendBytes(b []byte) {
	p.t.Helper()
	_, err := p.conn.Write(b)
	require.NoError(p.t, err)
}

// next returns the next datagram, failing the test after replyWait.
func (p *peer) next() string {
	p.t.Helper()
	s, err := p.read(replyWait)
	require.NoError(p.t, err, "waiting for a datagram")
	return s
}

// read returns the next datagram or an error after wait.
func (p *peer) read(wait time.Duration) (string, error) {
	buf := make([]byte, 64<<10+1)
	if err := p.conn.SetReadDeadline(time.Now().Add(wait)); err != nil {
		return "", err
	}
	n, err := p.conn.Read(buf)
	return string(buf[:n]), err
}

// expect fails the test unless the next datagram is want.
func (p *peer) expect(want string) {
	p.t.Helper()
	got := p.next()
	require.Equal(p.t, want, got, "got %q want %q", got, want)
}

// count returns how many datagrams arrive within wait of each other.
func (p *peer) count(wait time.Duration) int {
	n := 0
	for {
		if _, err := p.read(wait); err != nil {
			return n
		}
		n++
	}
}
