package server

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"time"

	"forkroom/chatroom/internal/protocol"
)

// The teacher's tools: what the server's console calls when the teacher
// types /who, /kick, /mute, /unmute, /ban or /unban.

// Errors of the teacher's tools.
var (
	ErrNoSuchUser = errors.New("nobody of that name is in the room")
	ErrNotMuted   = errors.New("that name is not muted")
	ErrNotBanned  = errors.New("that address is not banned")
)

// UserInfo describes one user for the teacher.
type UserInfo struct {
	Name   string
	Addr   netip.AddrPort
	Joined time.Time
	// Idle is how long the user has been silent (no request at all).
	Idle time.Duration
	// Muted is set when the teacher muted the user's name.
	Muted bool
	// LineEnd is set when the user logged in with a line end (nc).
	LineEnd bool
}

// Ban is one banned IP address.
type Ban struct {
	IP     netip.Addr
	Name   string // the user whose ban it was
	Reason string
	At     time.Time
}

// ban is what the server remembers of a Ban.
type ban struct {
	name, reason string
	at           time.Time
}

// Who returns the users in the room, sorted by name (by key).
func (s *Server) Who() []UserInfo {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	us := make([]*user, 0, len(s.byKey))
	for _, u := range s.byKey {
		us = append(us, u)
	}
	sort.Slice(us, func(i, j int) bool { return us[i].key < us[j].key })
	out := make([]UserInfo, len(us))
	for i, u := range us {
		out[i] = UserInfo{Name: u.name, Addr: u.addr, Joined: u.joined, Idle: now.Sub(u.lastSeen), Muted: s.muted[u.key], LineEnd: u.lineEnd}
	}
	return out
}

// Muted returns the names (as keys) the teacher muted, sorted.
func (s *Server) Muted() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.muted))
	for k := range s.muted {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Bans returns the banned IP addresses, in the order of their bans.
func (s *Server) Bans() []Ban {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Ban, 0, len(s.banned))
	for ip, b := range s.banned {
		out = append(out, Ban{IP: ip, Name: b.name, Reason: b.reason, At: b.at})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// checkReason checks the reason the teacher gives for a kick or a ban: it is
// sent to the user inside the ERR reply, so it follows the rules of a chat
// text; empty is allowed.
func checkReason(reason string) error {
	if reason == "" {
		return nil
	}
	if err := protocol.CheckText(reason); err != nil {
		return fmt.Errorf("reason refused: %w", err)
	}
	return nil
}

// Kick removes the user called name (compared by key) from the room: they
// receive "ERR kicked 你已被管理员移出聊天室" (with "：reason" when reason is
// not empty) and everyone else "<name> 退出了聊天室". They may log in again.
// It returns the user removed, or ErrNoSuchUser.
func (s *Server) Kick(name, reason string) (UserInfo, error) {
	return s.removeByTeacher(name, reason, protocol.CodeKicked, EventKick, "kicked")
}

// Ban is Kick with "ERR banned …", and from then on every login from the
// user's IP address (any port) is refused with ERR banned until Unban.
// Users already in the room from that IP stay. It returns the user removed,
// or ErrNoSuchUser.
func (s *Server) Ban(name, reason string) (UserInfo, error) {
	return s.removeByTeacher(name, reason, protocol.CodeBanned, EventBan, "banned")
}

// removeByTeacher is Kick and Ban: code is the reply the user gets, kind
// the event and logMsg the log message.
func (s *Server) removeByTeacher(name, reason string, code protocol.Code, kind EventKind, logMsg string) (UserInfo, error) {
	if err := checkReason(reason); err != nil {
		return UserInfo{}, err
	}
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	u := s.byKey[protocol.Key(name)]
	if u == nil || s.closed {
		s.mu.Unlock()
		return UserInfo{}, ErrNoSuchUser
	}
	info := UserInfo{Name: u.name, Addr: u.addr, Joined: u.joined, Idle: now.Sub(u.lastSeen), Muted: s.muted[u.key], LineEnd: u.lineEnd}
	s.remove(u)
	if code == protocol.CodeBanned {
		s.banned[u.addr.Addr()] = ban{name: u.name, reason: reason, at: now}
	}
	ds := reply(u.addr, protocol.Refuse(code).ReplyWithReason(reason), u.lineEnd)
	ds = append(ds, s.broadcast(protocol.LeaveNotice(u.name), nil)...)
	s.emit(Event{Time: now, Kind: kind, Name: u.name, Addr: u.addr, Text: reason})
	s.mu.Unlock()
	s.log.Info(logMsg, "user", u.name, "addr", u.addr, "reason", reason)
	s.send(ds)
	return info, nil
}

// Unban lifts the ban on ip, or returns ErrNotBanned.
func (s *Server) Unban(ip netip.Addr) error {
	ip = ip.Unmap()
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.banned[ip]; !ok {
		return ErrNotBanned
	}
	delete(s.banned, ip)
	s.emit(Event{Time: s.cfg.Clock.Now(), Kind: EventUnban, Addr: netip.AddrPortFrom(ip, 0)})
	s.log.Info("unbanned", "ip", ip)
	return nil
}

// Mute stops the user called name (compared by key) from chatting: their C
// is refused with ERR muted, for as long as the server runs or until
// Unmute, even if they quit and log in again. They still receive everything
// and may send H, W and Q. It returns the user, or ErrNoSuchUser when
// nobody of that name is in the room.
func (s *Server) Mute(name string) (UserInfo, error) {
	now := s.cfg.Clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.byKey[protocol.Key(name)]
	if u == nil {
		return UserInfo{}, ErrNoSuchUser
	}
	s.muted[u.key] = true
	s.emit(Event{Time: now, Kind: EventMute, Name: u.name, Addr: u.addr})
	s.log.Info("muted", "user", u.name, "addr", u.addr)
	return UserInfo{Name: u.name, Addr: u.addr, Joined: u.joined, Idle: now.Sub(u.lastSeen), Muted: true, LineEnd: u.lineEnd}, nil
}

// Unmute lets name (compared by key) chat again, or returns ErrNotMuted.
func (s *Server) Unmute(name string) error {
	key := protocol.Key(name)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.muted[key] {
		return ErrNotMuted
	}
	delete(s.muted, key)
	e := Event{Time: s.cfg.Clock.Now(), Kind: EventUnmute, Name: name}
	if u := s.byKey[key]; u != nil {
		e.Name, e.Addr = u.name, u.addr
	}
	s.emit(e)
	s.log.Info("unmuted", "user", e.Name)
	return nil
}

// Online returns the number of users in the room.
func (s *Server) Online() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byKey)
}
