package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const (
	senderName = "s0"
	// payloadLen is the size of every measured datagram as the receivers
	// get it: "s0 ： " (7 bytes) and a text of 57 bytes, which carries a
	// sequence number and the send time in hexadecimal.
	payloadLen = 64
	tsOffset   = len(senderName+" ： ") + 17 // where the send time starts
)

// settle is how long the room must be silent before a phase is measured
// after the logins (a phase itself waits a third of it). The test shortens it.
var settle = 300 * time.Millisecond

// prefix starts every measured datagram.
var prefix = []byte(senderName + " ： ")

// member is one client socket in the benchmark process.
type member struct {
	conn *net.UDPConn
	addr netip.AddrPort
	name string
	ok   atomic.Uint32 // bit i: server i answered OK to our login

	mu  sync.Mutex
	lat []int32 // delivery times in µs while room.latOn is set
}

// room is a set of receivers (and one chat sender) in this process, logged
// in to one or more servers.
type room struct {
	base    time.Time
	servers atomic.Pointer[[]netip.AddrPort] // set before logging in; read by the readers
	recv    []*member
	sender  *member      // logged in as "s0"; sends C requests
	ideal   *net.UDPConn // not logged in anywhere; the ideal sender's socket
	okCount [maxServers]atomic.Int64

	delivered atomic.Int64 // measured datagrams received since the phase began
	lastNanos atomic.Int64 // time of the latest, in ns since base
	other     atomic.Int64 // anything else received (OK, join notices, …)
	latOn     atomic.Bool

	// While hold is set, a reader that has seen its OK stops reading until
	// resume is closed (see addServerQuietly).
	hold   atomic.Bool
	resume chan struct{}

	want atomic.Int64 // a sender waits until delivered ≥ want (0: nobody waits)
	wake chan struct{}

	wg sync.WaitGroup
}

// socketBuf is what the benchmark asks for with SO_RCVBUF and SO_SNDBUF on
// every socket of its own (4 MiB, rmem_max and wmem_max on the reference
// machine; Linux caps the request there and reports twice the value).
var socketBuf = 4 << 20

func newMember(name string) (*member, error) {
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		return nil, err
	}
	_ = c.SetReadBuffer(socketBuf)
	_ = c.SetWriteBuffer(socketBuf)
	return &member{conn: c, addr: c.LocalAddr().(*net.UDPAddr).AddrPort(), name: name}, nil
}

// newRoom opens n receiver sockets, a sender and the ideal sender's socket,
// and starts a reader goroutine per socket.
func newRoom(n int) (*room, error) {
	r := &room{base: time.Now(), wake: make(chan struct{}, 1), resume: make(chan struct{})}
	r.servers.Store(&[]netip.AddrPort{})
	var err error
	if r.ideal, err = net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)}); err != nil {
		return nil, err
	}
	_ = r.ideal.SetWriteBuffer(socketBuf)
	if r.sender, err = newMember(senderName); err != nil {
		r.close()
		return nil, err
	}
	for i := 0; i < n; i++ {
		m, err := newMember(fmt.Sprintf("r%d", i))
		if err != nil {
			r.close()
			return nil, fmt.Errorf("receiver socket %d of %d: %w (see ulimit -n)", i, n, err)
		}
		r.recv = append(r.recv, m)
	}
	for _, m := range append([]*member{r.sender}, r.recv...) {
		r.wg.Add(1)
		go r.read(m)
	}
	return r, nil
}

func (r *room) close() {
	if r.ideal != nil {
		r.ideal.Close()
	}
	if r.sender != nil {
		r.sender.conn.Close()
	}
	for _, m := range r.recv {
		m.conn.Close()
	}
	r.wg.Wait()
}

// rcvbuf reports SO_RCVBUF of a receiver as the kernel states it.
func (r *room) rcvbuf() int {
	if len(r.recv) == 0 {
		return 0
	}
	sc, err := r.recv[0].conn.SyscallConn()
	if err != nil {
		return 0
	}
	var v int
	_ = sc.Control(func(fd uintptr) { v, _ = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF) })
	return v
}

// read counts what arrives on one socket.
func (r *room) read(m *member) {
	defer r.wg.Done()
	buf := make([]byte, 2048)
	for {
		n, from, err := m.conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		b := buf[:n]
		if n == payloadLen && bytes.HasPrefix(b, prefix) {
			now := int64(time.Since(r.base))
			d := r.delivered.Add(1)
			r.lastNanos.Store(now)
			if r.latOn.Load() {
				sent := int64(parseHex(b[tsOffset : tsOffset+16]))
				m.mu.Lock()
				m.lat = append(m.lat, int32((now-sent)/1000))
				m.mu.Unlock()
			}
			if w := r.want.Load(); w > 0 && d >= w && r.want.CompareAndSwap(w, 0) {
				select {
				case r.wake <- struct{}{}:
				default:
				}
			}
			continue
		}
		r.other.Add(1)
		if string(b) == "OK" {
			for i, s := range *r.servers.Load() {
				if old := m.ok.Load(); s == from && old&(1<<i) == 0 && m.ok.CompareAndSwap(old, old|1<<i) {
					r.okCount[i].Add(1)
				}
			}
			if r.hold.Load() {
				<-r.resume
			}
		}
	}
}

// addServer logs every receiver, then the sender, in to the server at addr,
// with at most 256 logins unanswered at a time; lost answers are retried.
// It returns the time it took. The server's join notices are then drained.
func (r *room) addServer(addr netip.AddrPort) (time.Duration, error) {
	old := *r.servers.Load()
	i := len(old)
	if i == maxServers {
		return 0, errors.New("too many servers")
	}
	r.servers.Store(ptr(append(append([]netip.AddrPort{}, old...), addr)))
	start := time.Now()
	all := append(append([]*member{}, r.recv...), r.sender)
	for try := 0; try < 5; try++ {
		base := r.okCount[i].Load()
		sent := int64(0)
		for _, m := range all {
			if m.ok.Load()&(1<<i) != 0 {
				continue
			}
			if _, err := m.conn.WriteToUDPAddrPort([]byte("L "+m.name), addr); err != nil {
				return 0, err
			}
			if sent++; sent%64 == 0 {
				r.waitOK(i, base+sent-256, time.Second)
			}
		}
		r.waitOK(i, int64(len(all)), 3*time.Second)
		if r.okCount[i].Load() == int64(len(all)) {
			took := time.Since(start)
			r.quiet(settle)
			return took, nil
		}
	}
	return 0, fmt.Errorf("login to %v: %d of %d answered OK", addr, r.okCount[i].Load(), len(all))
}

// addServerQuietly logs everyone in like addServer, but keeps the server's
// join notices from costing this process anything: during the logins every
// receive buffer is at its minimum and each reader stops after its OK, so the
// kernel drops the notices at the full sockets. Logging in N clients costs
// the server N(N−1)/2 join notices whatever we do; this only spares the
// receivers' CPU, which the server shares on a small machine.
func (r *room) addServerQuietly(addr netip.AddrPort) (time.Duration, error) {
	all := append(append([]*member{}, r.recv...), r.sender)
	for _, m := range all {
		_ = m.conn.SetReadBuffer(1)
	}
	r.hold.Store(true)
	took, err := r.addServer(addr)
	r.hold.Store(false)
	for _, m := range all {
		_ = m.conn.SetReadBuffer(socketBuf)
	}
	close(r.resume)
	r.quiet(settle)
	return took, err
}

func ptr[T any](v T) *T { return &v }

// waitOK waits until server i has answered n logins, or until no login has
// been answered for idle (a big room answers slowly: each login is announced
// to everyone already in).
func (r *room) waitOK(i int, n int64, idle time.Duration) {
	last, since := r.okCount[i].Load(), time.Now()
	for last < n && time.Since(since) < idle {
		time.Sleep(time.Millisecond)
		if now := r.okCount[i].Load(); now != last {
			last, since = now, time.Now()
		}
	}
}

// quiet waits until nothing has arrived for d (at most 60 s).
func (r *room) quiet(d time.Duration) {
	deadline := time.Now().Add(60 * time.Second)
	last := r.other.Load() + r.delivered.Load()
	since := time.Now()
	for time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		now := r.other.Load() + r.delivered.Load()
		if now != last {
			last, since = now, time.Now()
		} else if time.Since(since) >= d {
			return
		}
	}
}

// result is what one phase measured.
type result struct {
	chats     int64         // chats sent (one datagram to the server, or N datagrams by the ideal sender)
	expected  int64         // deliveries expected: chats × N
	received  int64         // deliveries counted by the receivers
	elapsed   time.Duration // from the first send to the last delivery
	writeErrs int64
	cpu       time.Duration // CPU time the server process used in the phase
}

// cpuPerChat is the server's CPU time per chat.
func (x result) cpuPerChat() time.Duration {
	if x.chats == 0 {
		return 0
	}
	return x.cpu / time.Duration(x.chats)
}

func (x result) rate() float64 { // deliveries a second
	if x.elapsed <= 0 {
		return 0
	}
	return float64(x.received) / x.elapsed.Seconds()
}

func (x result) loss() int64 { return x.expected - x.received }

// text writes chat number seq, sent at ts (ns since base), into b: 57 bytes.
func text(b []byte, seq uint64, ts int64) {
	putHex(b[0:16], seq)
	b[16] = ' '
	putHex(b[17:33], uint64(ts))
	b[33] = ' '
	for i := 34; i < len(b); i++ {
		b[i] = 'x'
	}
}

const textLen = payloadLen - len(senderName+" ： ")

func putHex(b []byte, v uint64) {
	const digits = "0123456789abcdef"
	for i := 15; i >= 0; i-- {
		b[i] = digits[v&15]
		v >>= 4
	}
}

func parseHex(b []byte) uint64 {
	var v uint64
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | uint64(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | uint64(c-'a'+10)
		}
	}
	return v
}

// target names a sender: -1 the ideal sender, else the index of a server.
type target int

const idealSender target = -1

// maxServers is how many servers one room can log in to.
const maxServers = 4

func (r *room) server(t target) netip.AddrPort { return (*r.servers.Load())[t] }

// phase sends chats for d, keeping at most window chats (window × N
// deliveries) in flight, then waits for the last deliveries. The ideal
// sender writes the payload to every receiver in a plain
// WriteToUDPAddrPort loop; a server phase writes one C request to the
// server. If every 0 < rate, chats are paced at rate a second instead.
func (r *room) phase(t target, d time.Duration, window int, rate float64) result {
	r.quiet(settle / 3)
	n := int64(len(r.recv))
	r.delivered.Store(0)
	r.lastNanos.Store(0)

	var dests []netip.AddrPort
	for _, m := range r.recv {
		dests = append(dests, m.addr)
	}
	payload := make([]byte, payloadLen)
	copy(payload, prefix)
	req := []byte("C " + senderName + " " + string(make([]byte, textLen)))
	var txt []byte
	if t == idealSender {
		txt = payload[len(prefix):]
	} else {
		txt = req[len(req)-textLen:]
	}

	var res result
	var writtenOff int64
	start := int64(time.Since(r.base))
	timer := time.NewTimer(time.Hour)
	for {
		now := int64(time.Since(r.base))
		if now-start >= int64(d) {
			break
		}
		if rate > 0 {
			due := start + int64(float64(res.chats)/rate*1e9)
			if due > now {
				time.Sleep(time.Duration(due - now))
			}
		} else if need := res.chats*n - writtenOff - int64(window-1)*n; r.delivered.Load() < need {
			// Wait for the oldest chat's deliveries; after 250 ms
			// without them, count everything in flight as lost.
			r.want.Store(need)
			if r.delivered.Load() >= need {
				r.want.Store(0)
			} else {
				timer.Reset(250 * time.Millisecond)
				select {
				case <-r.wake:
					if !timer.Stop() {
						<-timer.C
					}
				case <-timer.C:
					r.want.Store(0)
					writtenOff += res.chats*n - writtenOff - r.delivered.Load()
				}
			}
			continue
		}
		text(txt, uint64(res.chats), int64(time.Since(r.base)))
		if t == idealSender {
			for _, to := range dests {
				if _, err := r.ideal.WriteToUDPAddrPort(payload, to); err != nil {
					res.writeErrs++
				}
			}
		} else if _, err := r.sender.conn.WriteToUDPAddrPort(req, r.server(t)); err != nil {
			res.writeErrs++
		}
		res.chats++
	}
	res.expected = res.chats * n
	// The last deliveries: wait until all have come or none for 500 ms.
	last, since := r.delivered.Load(), time.Now()
	for last < res.expected && time.Since(since) < 500*time.Millisecond {
		time.Sleep(2 * time.Millisecond)
		if now := r.delivered.Load(); now != last {
			last, since = now, time.Now()
		}
	}
	res.received = r.delivered.Load()
	res.elapsed = time.Duration(r.lastNanos.Load() - start)
	return res
}

// latencies returns the delivery times recorded since the last call, sorted.
func (r *room) latencies() []int32 {
	var all []int32
	for _, m := range r.recv {
		m.mu.Lock()
		all = append(all, m.lat...)
		m.lat = nil
		m.mu.Unlock()
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	return all
}

// one sends one chat through server t and returns how long it took to reach
// every receiver (or the time of the last delivery after a 10 s wait) and
// how many deliveries were missing.
func (r *room) one(t target) (time.Duration, int64) {
	r.quiet(settle / 3)
	r.delivered.Store(0)
	r.lastNanos.Store(0)
	req := []byte("C " + senderName + " " + string(make([]byte, textLen)))
	start := int64(time.Since(r.base))
	text(req[len(req)-textLen:], 0, start)
	n := int64(len(r.recv))
	_, _ = r.sender.conn.WriteToUDPAddrPort(req, r.server(t))
	deadline := time.Now().Add(10 * time.Second)
	for r.delivered.Load() < n && time.Now().Before(deadline) {
		time.Sleep(100 * time.Microsecond)
	}
	return time.Duration(r.lastNanos.Load() - start), n - r.delivered.Load()
}
