// Package chatprobe plays the other side of a UDP exercise: fake chat
// clients for a student's server, a fake server for a student's client.
//
// Each [Peer] has a loopback socket of its own and keeps a transcript of
// every datagram it sent and received, with the time it was sent or arrived,
// so that a failed check can show who said what, and when. Every read has a
// deadline, bounded by the check's context: a silent program ends a check,
// it never hangs it.
package chatprobe

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// MaxDatagram is the read buffer: the largest UDP payload on loopback, plus
// one byte.
const MaxDatagram = 65508

// ErrNothing is returned by Recv when nothing arrived before its deadline.
var ErrNothing = errors.New("nothing received")

// Datagram is one datagram received.
type Datagram struct {
	At   time.Time
	From netip.AddrPort
	Data []byte

	e *entry // its line in the transcript
}

// Text is the datagram's payload as a string.
func (d Datagram) Text() string { return string(d.Data) }

// entry is one line of a transcript.
type entry struct {
	at   time.Time
	sent bool // else received
	read bool // a received datagram the check has looked at
	peer netip.AddrPort
	data []byte
	mark string // what the check made of it, when it said (Mark)
}

func (e *entry) kind() string {
	switch {
	case e.sent:
		return "sent"
	case e.mark != "":
		return e.mark
	case e.read:
		return "received"
	}
	return "unread"
}

func (e *entry) same(o *entry) bool {
	return e.kind() == o.kind() && e.peer == o.peer && string(e.data) == string(o.data)
}

// arrival is a datagram on its way from the reader to Recv.
type arrival struct {
	d Datagram
	e *entry
}

// Peer is one fake party on its own loopback UDP socket. A goroutine reads
// the socket from Listen until Close, stamping each datagram as it arrives;
// Recv hands them out in order.
type Peer struct {
	// Name labels the peer in transcripts and messages: "alice", "fake
	// server".
	Name string

	conn *net.UDPConn
	to   netip.AddrPort
	ctx  context.Context
	in   chan arrival // from the reader; closed when the socket is

	mu    sync.Mutex
	epoch time.Time // guarded by mu
	log   []*entry  // guarded by mu
}

// Listen opens a peer on 127.0.0.1 at a port the system picks. Send sends to
// `to`; reads end at the latest when ctx is done. Transcript times are shown
// relative to epoch. Close the peer when done: that ends its reader.
//
// With a check's context (grade.T.Context), the socket is made where the
// check's programs can reach it: in their sandbox's network, when they run
// in one (grade.ListenUDP).
func Listen(ctx context.Context, name string, to netip.AddrPort, epoch time.Time) (*Peer, error) {
	conn, err := grade.ListenUDP(ctx, netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), 0))
	if err != nil {
		return nil, fmt.Errorf("opening a socket for %s: %w", name, err)
	}
	p := &Peer{Name: name, conn: conn, to: to, ctx: ctx, epoch: epoch, in: make(chan arrival, 4096)}
	go p.read()
	return p, nil
}

// read receives until the socket is closed. A datagram that finds the queue
// full (a flood nobody reads) stays in the transcript only.
func (p *Peer) read() {
	defer close(p.in)
	buf := make([]byte, MaxDatagram)
	for {
		n, from, err := p.conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			return // closed; nothing else fails on an unconnected socket
		}
		d := Datagram{At: time.Now(), From: from, Data: append([]byte(nil), buf[:n]...)}
		e := p.record(false, from, d.Data)
		d.e = e
		select {
		case p.in <- arrival{d, e}:
		default:
		}
	}
}

// FreePort returns a loopback address with a UDP port that was free a moment
// ago, for a program to listen on.
//
// The port is drawn from 20000-32767, below the range the system picks
// ports from when a socket asks for port 0 (32768-60999 by default, and
// always in a sandbox): so it cannot be one a peer's socket already has,
// in a sandbox's network or on the host, and it is free on the host too.
func FreePort() (netip.AddrPort, error) {
	var err error
	for i := 0; i < 100; i++ {
		port := freePortLow + rand.Intn(freePortHigh-freePortLow+1)
		addr := netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), uint16(port))
		var conn *net.UDPConn
		if conn, err = net.ListenUDP("udp4", net.UDPAddrFromAddrPort(addr)); err == nil {
			conn.Close()
			return addr, nil
		}
	}
	return netip.AddrPort{}, err
}

// The range FreePort draws from.
const (
	freePortLow  = 20000
	freePortHigh = 32767
)

// SetEpoch makes transcript times relative to epoch, such as the moment the
// program under test started.
func (p *Peer) SetEpoch(epoch time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.epoch = epoch
}

// Addr is the peer's own address, as the other side sees it.
func (p *Peer) Addr() netip.AddrPort {
	return p.conn.LocalAddr().(*net.UDPAddr).AddrPort()
}

// To is where Send sends.
func (p *Peer) To() netip.AddrPort { return p.to }

// Close closes the socket.
func (p *Peer) Close() error { return p.conn.Close() }

// Send sends text as one datagram to the peer's destination.
func (p *Peer) Send(text string) error { return p.SendTo(p.to, []byte(text)) }

// SendTo sends data as one datagram to `to`.
func (p *Peer) SendTo(to netip.AddrPort, data []byte) error {
	p.record(true, to, data)
	if _, err := p.conn.WriteToUDPAddrPort(data, to); err != nil {
		return fmt.Errorf("%s could not send to %s: %w", p.Name, to, err)
	}
	return nil
}

func (p *Peer) record(sent bool, peer netip.AddrPort, data []byte) *entry {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := &entry{at: time.Now(), sent: sent, peer: peer, data: append([]byte(nil), data...)}
	p.log = append(p.log, e)
	return e
}

// Recv waits at most timeout for the next datagram. It returns ErrNothing
// when none came, and the context's error when the check's time is up.
func (p *Peer) Recv(timeout time.Duration) (Datagram, error) {
	if err := p.ctx.Err(); err != nil {
		return Datagram{}, err
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case a, ok := <-p.in:
		if !ok {
			return Datagram{}, net.ErrClosed
		}
		p.mu.Lock()
		a.e.read = true
		p.mu.Unlock()
		return a.d, nil
	case <-timer.C:
		return Datagram{}, ErrNothing
	case <-p.ctx.Done():
		return Datagram{}, p.ctx.Err()
	}
}

// TryRecv hands out the next datagram that has already arrived, without
// waiting; ok is false when there is none.
func (p *Peer) TryRecv() (d Datagram, ok bool) {
	select {
	case a, open := <-p.in:
		if !open {
			return Datagram{}, false
		}
		p.mu.Lock()
		a.e.read = true
		p.mu.Unlock()
		return a.d, true
	default:
		return Datagram{}, false
	}
}

// Unread returns, oldest first, every datagram that has arrived and that
// Recv has not handed out: what the check has not accounted for (a flood
// too big for the queue included). It takes nothing.
func (p *Peer) Unread() []Datagram {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []Datagram
	for _, e := range p.log {
		if !e.sent && !e.read {
			out = append(out, Datagram{At: e.at, From: e.peer, Data: e.data, e: e})
		}
	}
	return out
}

// Mark labels a received datagram in the transcript with what the check
// made of it ("ignored", "unexpected"); a short word reads best.
func (p *Peer) Mark(d Datagram, label string) {
	if d.e == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	d.e.mark = label
}

// Since is how long after the transcript's epoch t is, for messages that
// say when something arrived.
func (p *Peer) Since(t time.Time) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return t.Sub(p.epoch)
}

// Quiet reads for the whole window and returns every datagram that arrived:
// the way to show that something was not sent.
func (p *Peer) Quiet(window time.Duration) ([]Datagram, error) {
	end := time.Now().Add(window)
	var got []Datagram
	for {
		left := time.Until(end)
		if left <= 0 {
			return got, nil
		}
		d, err := p.Recv(left)
		switch {
		case errors.Is(err, ErrNothing):
			return got, nil
		case err != nil:
			return got, err
		}
		got = append(got, d)
	}
}

// Expect waits at most timeout for the next datagram and fails unless its
// text is exactly want.
func (p *Peer) Expect(want string, timeout time.Duration) (Datagram, error) {
	d, err := p.Recv(timeout)
	switch {
	case errors.Is(err, ErrNothing):
		return d, grade.Errorf("%s waited %s for %q and received nothing", p.Name, seconds(timeout), want)
	case err != nil:
		return d, err
	case d.Text() != want:
		return d, grade.Errorf("%s received %q, want %q", p.Name, d.Text(), want)
	}
	return d, nil
}

// ExpectNothing fails when anything arrives within window; allow, when not
// nil, lets some datagrams through (a server may answer more than the core
// protocol asks).
func (p *Peer) ExpectNothing(window time.Duration, why i18n.Msg, allow func(string) bool) error {
	got, err := p.Quiet(window)
	if err != nil {
		return err
	}
	for _, d := range got {
		if allow == nil || !allow(d.Text()) {
			return grade.Errorf("%s received %q, want nothing: %s", p.Name, d.Text(), why)
		}
	}
	return nil
}

// Transcript shows what the peer sent and received, in the order it
// happened, in English; a datagram that arrived but was never looked at is
// "unread".
func (p *Peer) Transcript() string { return p.transcript(i18n.En) }

// Log is the transcript as a Localizer: its words are shown in the reader's
// language, and so is the peer's name when the catalog has it ("fake
// server").
func (p *Peer) Log() i18n.Localizer { return transcript{p} }

type transcript struct{ p *Peer }

func (t transcript) In(l i18n.Lang) string { return t.p.transcript(l) }

// Logs joins the transcripts of several peers, a blank line between.
func Logs(peers ...*Peer) i18n.Localizer { return transcripts(peers) }

type transcripts []*Peer

func (ps transcripts) In(l i18n.Lang) string {
	blocks := make([]string, len(ps))
	for i, p := range ps {
		blocks[i] = p.transcript(l)
	}
	return strings.Join(blocks, "\n\n")
}

func (p *Peer) transcript(l i18n.Lang) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	b.WriteString(i18n.M("%s at %s", i18n.T(l, p.Name), p.Addr().String()).In(l))
	if len(p.log) == 0 {
		b.WriteString(i18n.T(l, ": no datagrams"))
		return b.String()
	}
	for i := 0; i < len(p.log); i++ {
		e := p.log[i]
		dir := "→"
		if !e.sent {
			dir = "←"
		}
		kind := i18n.T(l, e.kind())
		fmt.Fprintf(&b, "\n  %+8.3fs  %s%s %s %-21s %s", e.at.Sub(p.epoch).Seconds(), kind, pad(kind, 10), dir, e.peer, Quote(e.data))
		// A datagram repeated (a readiness probe) is shown once.
		j := i
		for j+1 < len(p.log) && p.log[j+1].same(e) {
			j++
		}
		if j > i {
			fmt.Fprintf(&b, "\n  %+8.3fs  %s", p.log[j].at.Sub(p.epoch).Seconds(), i18n.M("… the same %d more times", j-i).In(l))
			i = j
		}
	}
	return b.String()
}

// pad is the spaces that fill s to width columns, a Chinese character
// taking two.
func pad(s string, width int) string {
	w := 0
	for _, r := range s {
		if r >= 0x1100 {
			w += 2
		} else {
			w++
		}
	}
	return strings.Repeat(" ", max(width-w, 0))
}

// Quote shows a payload as a Go string literal, so that line ends, spaces
// and bytes that are not UTF-8 are visible; long payloads are cut.
func Quote(data []byte) string {
	const max = 120
	s := fmt.Sprintf("%q", data)
	if len(data) > max {
		s = fmt.Sprintf("%q… (%d bytes)", data[:max], len(data))
	}
	return s
}

func seconds(d time.Duration) string {
	s := fmt.Sprintf("%.1f", d.Seconds())
	s = strings.TrimSuffix(s, ".0")
	return s + " s"
}

func init() {
	i18n.Register(map[string]string{
		"%s waited %s for %q and received nothing": "%s 等了 %s，没有收到 %q",
		"%s received %q, want %q":                  "%s 收到 %q，应为 %q",
		"%s received %q, want nothing: %s":         "%s 收到 %q，此时不应收到任何数据报：%s",
		"%s at %s":                                 "%s，地址 %s",
		": no datagrams":                           "：没有数据报",
		"… the same %d more times":                 "……同样的数据报又重复了 %d 次",
		"sent":                                     "发出",
		"received":                                 "收到",
		"unread":                                   "未读",
		"unexpected":                               "多余",
		"passed over":                              "不计",
	})
}
