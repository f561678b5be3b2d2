// Package server is the chat room's server: it keeps the room (name →
// address), answers requests and fans notices out over UDP.
//
// A Server is made with New and runs with Serve on a UDP socket. Serve reads
// datagrams in one goroutine and handles each in turn; Announce, Sweep and
// the teacher's tools (Who, Kick, Mute, Unmute, Ban, Unban) may be called
// from any goroutine. What happens in the room is reported as Events. The
// wire protocol is in PROTOCOL.md.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"sort"
	"sync"
	"time"

	"forkroom/chatroom/internal/protocol"
)

// socketBuffer is the socket buffer size Serve asks for, so that a burst of
// datagrams is queued rather than lost (the kernel may grant less).
const socketBuffer = 4 << 20

// Server is a chat room. Its methods are safe for concurrent use.
type Server struct {
	cfg Config
	log *slog.Logger

	// mu protects the room and the rate limiters: every field below it.
	// It is held while deciding what to send, never while sending.
	mu      sync.Mutex
	byKey   map[string]*user           // the room: users by name key (protocol.Key)
	byAddr  map[netip.AddrPort]*user   // the same users by source address
	perIP   map[netip.Addr]int         // users per IP address
	buckets map[netip.AddrPort]*bucket // per-address rate limits
	shared  *bucket                    // the bucket of addresses beyond MaxTracked
	unknown *bucket                    // answers to addresses not logged in
	muted   map[string]bool            // name keys the teacher muted, online or not
	banned  map[netip.Addr]ban         // IP addresses the teacher banned
	conn    *net.UDPConn               // the socket Serve runs on, nil before
	batch   *batchWriter               // batched sends on conn, or nil
	closed  bool                       // Serve has stopped: the room is empty for good
}

// user is one person in the room.
type user struct {
	name     string // as shown in notices (NFC)
	key      string // protocol.Key(name)
	addr     netip.AddrPort
	joined   time.Time
	lastSeen time.Time
	// lineEnd is set when the user's login ended with a line end (a
	// person typing into nc): every notice to them then ends with one too,
	// and they are dropped only after Config.LineTimeout.
	lineEnd bool
}

// timeout is how long u may stay silent.
func (s *Server) timeout(u *user) time.Duration {
	if u.lineEnd {
		return s.cfg.LineTimeout
	}
	return s.cfg.Timeout
}

// delivery is one datagram to send to some addresses.
type delivery struct {
	msg []byte
	to  []netip.AddrPort
}

// New returns a Server with the given configuration; zero fields of cfg take
// their defaults.
func New(cfg Config) *Server {
	cfg = cfg.withDefaults()
	now := cfg.Clock.Now()
	return &Server{
		cfg:     cfg,
		log:     cfg.Logger,
		byKey:   make(map[string]*user),
		byAddr:  make(map[netip.AddrPort]*user),
		perIP:   make(map[netip.Addr]int),
		buckets: make(map[netip.AddrPort]*bucket),
		shared:  newBucket(cfg.Burst, now),
		unknown: newBucket(cfg.UnknownBurst, now),
		muted:   make(map[string]bool),
		banned:  make(map[netip.Addr]ban),
	}
}

// Serve answers requests arriving on conn until ctx is cancelled. Then it
// tells everyone "管理员消息： 服务器关闭", empties the room and returns nil.
// It returns an error if conn fails for another reason. Serve does not close
// conn. A Server serves one socket, once.
func (s *Server) Serve(ctx context.Context, conn *net.UDPConn) error {
	s.mu.Lock()
	if s.conn != nil || s.closed {
		s.mu.Unlock()
		return errors.New("server: Serve called twice")
	}
	s.conn = conn
	s.batch = newBatchWriter(conn)
	s.mu.Unlock()

	// Bigger buffers absorb bursts; failing to get them is not fatal.
	_ = conn.SetReadBuffer(socketBuffer)
	_ = conn.SetWriteBuffer(socketBuffer)

	// Two helper goroutines, both ended before Serve returns: one unblocks
	// the read loop when ctx is cancelled, one sweeps silent users.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(2)
	go func() {
		defer wg.Done()
		select {
		case <-ctx.Done():
			_ = conn.SetReadDeadline(time.Unix(1, 0))
		case <-stop:
		}
	}()
	go func() {
		defer wg.Done()
		ticker := time.NewTicker(s.cfg.SweepInterval)
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
				s.Sweep()
			case <-stop:
				return
			}
		}
	}()

	err := s.readLoop(ctx, conn)
	close(stop)
	wg.Wait()
	s.shutdown()
	return err
}

// readLoop reads and handles datagrams until ctx is done.
func (s *Server) readLoop(ctx context.Context, conn *net.UDPConn) error {
	buf := make([]byte, protocol.ReadBufferSize)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return fmt.Errorf("server: read: %w", err)
			}
			// Errors such as an ICMP "port unreachable" reported on a
			// later read (Windows does that) concern one peer only.
			s.log.Debug("read error", "err", err)
			continue
		}
		s.receive(from, buf[:n])
	}
}

// receive handles one datagram from an address and sends what it causes.
func (s *Server) receive(from netip.AddrPort, data []byte) {
	s.send(s.handle(from, data))
}

// send writes the deliveries on the server's socket. A datagram to two or
// more addresses goes out in batches where the system has them (sendmmsg on
// Linux), else, and for a single address, with one write per address.
func (s *Server) send(ds []delivery) {
	if len(ds) == 0 {
		return
	}
	s.mu.Lock()
	conn, batch := s.conn, s.batch
	s.mu.Unlock()
	if conn == nil {
		return
	}
	for _, d := range ds {
		if batch != nil && len(d.to) > 1 {
			batch.write(d.msg, d.to, s.log)
			continue
		}
		for _, to := range d.to {
			if _, err := conn.WriteToUDPAddrPort(d.msg, to); err != nil {
				s.log.Debug("write error", "to", to, "err", err)
			}
		}
	}
}

// handle decides what a datagram causes. It changes the room but sends
// nothing, so a test can call it without a socket.
func (s *Server) handle(from netip.AddrPort, data []byte) []delivery {
	from = netip.AddrPortFrom(from.Addr().Unmap(), from.Port())
	now := s.cfg.Clock.Now()
	// A reply ends with a line end when the request did (nc).
	nl := protocol.HasLineEnd(data)

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || !s.allow(from, now) {
		return nil
	}
	u := s.byAddr[from]
	req, err := protocol.Parse(data)
	if err != nil {
		var perr *protocol.Error
		if !errors.As(err, &perr) {
			perr = protocol.Refuse(protocol.CodeBadType)
		}
		return s.refuse(from, u, perr.Code, nl, now)
	}
	if req.Kind == protocol.Login {
		return s.login(from, u, req.Name, nl, now)
	}
	if u == nil {
		return s.refuse(from, nil, protocol.CodeNotLoggedIn, nl, now)
	}
	if req.Name != u.name && protocol.Key(req.Name) != u.key {
		s.log.Info("impersonation", "addr", from, "user", u.name, "claimed", req.Name)
		return s.refuse(from, u, protocol.CodeNotYourName, nl, now)
	}
	u.lastSeen = now
	switch req.Kind {
	case protocol.Chat:
		if s.muted[u.key] {
			return s.refuse(from, u, protocol.CodeMuted, nl, now)
		}
		s.emit(Event{Time: now, Kind: EventChat, Name: u.name, Addr: from, Text: req.Text})
		return s.broadcast(protocol.ChatNotice(u.name, req.Text), u)
	case protocol.Quit:
		s.remove(u)
		s.log.Info("left", "user", u.name, "addr", from)
		s.emit(Event{Time: now, Kind: EventLeave, Name: u.name, Addr: from})
		return append(reply(from, protocol.ReplyBye, nl), s.broadcast(protocol.LeaveNotice(u.name), nil)...)
	case protocol.Who:
		return reply(from, protocol.WhoReply(s.names()), nl)
	}
	return nil // a heartbeat: nothing to answer
}

// allow applies the per-address rate limit. s.mu must be held.
func (s *Server) allow(from netip.AddrPort, now time.Time) bool {
	b := s.buckets[from]
	if b == nil {
		if len(s.buckets) < s.cfg.MaxTracked {
			b = newBucket(s.cfg.Burst, now)
			s.buckets[from] = b
		} else {
			b = s.shared
		}
	}
	if b.allow(s.cfg.Burst, s.cfg.Rate, now) {
		return true
	}
	if !b.warned {
		b.warned = true
		s.log.Warn("rate limited", "addr", from)
	}
	return false
}

// login handles "L name" from an address whose user, if any, is u; nl
// tells whether the request ended with a line end. s.mu must be held.
func (s *Server) login(from netip.AddrPort, u *user, name string, nl bool, now time.Time) []delivery {
	key := protocol.Key(name)
	if u != nil {
		if u.key != key {
			return s.refuse(from, u, protocol.CodeLoggedIn, nl, now)
		}
		// The OK was lost and the client tries again.
		u.lastSeen = now
		u.lineEnd = nl
		return reply(from, protocol.ReplyOK, nl)
	}
	_, banned := s.banned[from.Addr()]
	switch {
	case banned:
		return s.refuse(from, nil, protocol.CodeBanned, nl, now)
	case s.byKey[key] != nil:
		return s.refuse(from, nil, protocol.CodeNameTaken, nl, now)
	case len(s.byKey) >= s.cfg.MaxUsers:
		return s.refuse(from, nil, protocol.CodeRoomFull, nl, now)
	case s.perIP[from.Addr()] >= s.cfg.MaxUsersPerIP:
		return s.refuse(from, nil, protocol.CodeIPFull, nl, now)
	}
	u = &user{name: name, key: key, addr: from, joined: now, lastSeen: now, lineEnd: nl}
	s.byKey[key] = u
	s.byAddr[from] = u
	s.perIP[from.Addr()]++
	s.log.Info("joined", "user", name, "addr", from)
	s.emit(Event{Time: now, Kind: EventJoin, Name: name, Addr: from})
	return append(reply(from, protocol.ReplyOK, nl), s.broadcast(protocol.JoinNotice(name), u)...)
}

// refuse answers a bad request with its ERR reply. An address that is not
// logged in (u == nil) is answered only while the shared bucket for such
// answers has tokens. s.mu must be held.
func (s *Server) refuse(from netip.AddrPort, u *user, code protocol.Code, nl bool, now time.Time) []delivery {
	if u == nil && !s.unknown.allow(s.cfg.UnknownBurst, s.cfg.UnknownRate, now) {
		s.log.Debug("rejected, not answered", "addr", from, "code", code)
		return nil
	}
	if u != nil {
		s.log.Info("rejected", "addr", from, "user", u.name, "code", code)
	} else {
		s.log.Info("rejected", "addr", from, "code", code)
	}
	return reply(from, protocol.Refuse(code).Reply(), nl)
}

// remove takes u out of the room. s.mu must be held.
func (s *Server) remove(u *user) {
	delete(s.byKey, u.key)
	delete(s.byAddr, u.addr)
	if s.perIP[u.addr.Addr()]--; s.perIP[u.addr.Addr()] <= 0 {
		delete(s.perIP, u.addr.Addr())
	}
}

// broadcast returns msg addressed to everyone in the room but except: one
// delivery as it is, one with a line end for the users who logged in with
// one. s.mu must be held.
func (s *Server) broadcast(msg string, except *user) []delivery {
	to := make([]netip.AddrPort, 0, len(s.byAddr))
	var toNL []netip.AddrPort
	for addr, u := range s.byAddr {
		switch {
		case u == except:
		case u.lineEnd:
			toNL = append(toNL, addr)
		default:
			to = append(to, addr)
		}
	}
	var ds []delivery
	if len(to) > 0 {
		ds = append(ds, delivery{msg: []byte(msg), to: to})
	}
	if len(toNL) > 0 {
		ds = append(ds, delivery{msg: []byte(msg + protocol.LineEnd), to: toNL})
	}
	return ds
}

// reply returns msg addressed to one address, with a line end if nl.
func reply(to netip.AddrPort, msg string, nl bool) []delivery {
	if nl {
		msg += protocol.LineEnd
	}
	return []delivery{{msg: []byte(msg), to: []netip.AddrPort{to}}}
}

// names returns the names in the room, sorted by key. s.mu must be held.
func (s *Server) names() []string {
	us := make([]*user, 0, len(s.byKey))
	for _, u := range s.byKey {
		us = append(us, u)
	}
	sort.Slice(us, func(i, j int) bool { return us[i].key < us[j].key })
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = u.name
	}
	return names
}

// emit reports e to Config.Events, with the number of users in the room
// now. s.mu must be held, so that events arrive in the order they happened.
func (s *Server) emit(e Event) {
	if s.cfg.Events == nil {
		return
	}
	e.Online = len(s.byKey)
	s.cfg.Events(e)
}

// Announce sends "管理员消息： <text>" to everyone in the room. The text must
// pass protocol.CheckText.
func (s *Server) Announce(text string) error {
	if err := protocol.CheckText(text); err != nil {
		return fmt.Errorf("announcement refused: %w", err)
	}
	s.mu.Lock()
	ds := s.broadcast(protocol.Announcement(text), nil)
	s.emit(Event{Time: s.cfg.Clock.Now(), Kind: EventAnnouncement, Text: text})
	s.mu.Unlock()
	s.log.Info("announcement", "text", text)
	s.send(ds)
	return nil
}

// Sweep drops the users silent for longer than Config.Timeout (or
// Config.LineTimeout for those who logged in with a line end), tells the
// others they left, and forgets the rate limits of quiet addresses. Serve
// calls it every Config.SweepInterval; a test may call it after moving its
// clock.
func (s *Server) Sweep() {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	var gone []*user
	for _, u := range s.byKey {
		if now.Sub(u.lastSeen) > s.timeout(u) {
			gone = append(gone, u)
			s.remove(u)
		}
	}
	var ds []delivery
	for _, u := range gone {
		s.log.Info("expired", "user", u.name, "addr", u.addr, "silent", now.Sub(u.lastSeen).Round(time.Millisecond))
		s.emit(Event{Time: now, Kind: EventExpire, Name: u.name, Addr: u.addr, Idle: now.Sub(u.lastSeen)})
		ds = append(ds, s.broadcast(protocol.LeaveNotice(u.name), nil)...)
	}
	for addr, b := range s.buckets {
		if s.byAddr[addr] == nil && b.full(s.cfg.Burst, s.cfg.Rate, now) {
			delete(s.buckets, addr)
		} else if b.warned && b.full(s.cfg.Burst, s.cfg.Rate, now) {
			b.warned = false
		}
	}
	if s.shared.full(s.cfg.Burst, s.cfg.Rate, now) {
		s.shared.warned = false
	}
	s.mu.Unlock()
	s.send(ds)
}

// shutdown tells everyone the server is closing and empties the room.
func (s *Server) shutdown() {
	s.mu.Lock()
	ds := s.broadcast(protocol.Announcement(protocol.ShutdownText), nil)
	n := len(s.byKey)
	for _, u := range s.byKey {
		s.remove(u)
	}
	s.closed = true
	s.emit(Event{Time: s.cfg.Clock.Now(), Kind: EventShutdown, Text: protocol.ShutdownText})
	s.mu.Unlock()
	s.log.Info("shutdown", "users", n)
	s.send(ds)
}

// Users returns the names of the users in the room, in no particular order.
func (s *Server) Users() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.byKey))
	for _, u := range s.byKey {
		names = append(names, u.name)
	}
	return names
}
