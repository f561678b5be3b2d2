// Command server is the robustness checks' good server (testdata/robust/good)
// with one protection removed, marked WRONG: a text over 1024 bytes is cut to 1024
// and sent on, not refused.
package main

import (
	"context"
	"flag"
	"log"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

var refusals = map[string]string{
	"empty": "空请求", "too-long": "请求太长", "bad-utf8": "不是有效的 UTF-8", "bad-type": "未知请求类型",
	"no-name": "缺少名字", "name-too-long": "名字太长", "name-space": "名字不能包含空白",
	"name-control": "名字不能包含控制字符", "name-char": "名字字符不允许", "name-reserved": "名字已保留",
	"name-taken": "名字已被占用", "already-logged-in": "此地址已用另一个名字登录", "room-full": "聊天室已满",
	"ip-full": "此 IP 的用户已达上限", "not-logged-in": "请先登录", "not-your-name": "名字与登录时不同",
	"no-text": "缺少消息内容", "text-too-long": "消息太长", "text-newline": "消息不能包含换行",
	"text-control": "消息不能包含控制字符",
}

var reserved = map[string]bool{}

func init() {
	for _, n := range []string{"管理员", "管理员消息", "admin", "administrator", "root", "server", "system", "系统", "服务器", "ok", "bye", "err"} {
		reserved[key(n)] = true
	}
}

func key(name string) string {
	return norm.NFKC.String(cases.Fold().String(norm.NFKC.String(name)))
}

type bucket struct {
	tokens float64
	last   time.Time
}

func (b *bucket) allow(burst int, rate float64, now time.Time) bool {
	if b.last.IsZero() {
		b.tokens = float64(burst)
	} else {
		b.tokens += now.Sub(b.last).Seconds() * rate
		if b.tokens > float64(burst) {
			b.tokens = float64(burst)
		}
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

type user struct {
	name string
	key  string
	addr netip.AddrPort
	seen time.Time
}

type server struct {
	conn                *net.UDPConn
	timeout             time.Duration
	burst, unknownBurst int
	rate, unknownRate   float64
	maxUsers, maxPerIP  int
	mu                  sync.Mutex
	byKey               map[string]*user
	byAddr              map[netip.AddrPort]*user
	buckets             map[netip.AddrPort]*bucket
	unknown             bucket
}

func main() {
	addr := flag.String("addr", "127.0.0.1:9527", "address")
	s := &server{byKey: map[string]*user{}, byAddr: map[netip.AddrPort]*user{}, buckets: map[netip.AddrPort]*bucket{}}
	flag.DurationVar(&s.timeout, "timeout", 35*time.Second, "")
	sweep := flag.Duration("sweep", time.Second, "")
	flag.IntVar(&s.burst, "burst", 10, "")
	flag.Float64Var(&s.rate, "rate", 5, "")
	flag.IntVar(&s.maxUsers, "max-users", 1000, "")
	flag.IntVar(&s.maxPerIP, "max-per-ip", 64, "")
	flag.IntVar(&s.unknownBurst, "unknown-burst", 20, "")
	flag.Float64Var(&s.unknownRate, "unknown-rate", 10, "")
	flag.Parse()
	ua, err := net.ResolveUDPAddr("udp4", *addr)
	if err != nil {
		log.Fatal(err)
	}
	s.conn, err = net.ListenUDP("udp4", ua)
	if err != nil {
		log.Fatal(err)
	}
	_ = s.conn.SetReadBuffer(4 << 20)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		_ = s.conn.SetReadDeadline(time.Unix(1, 0))
	}()
	go func() {
		for range time.Tick(*sweep) {
			s.sweep()
		}
	}()
	buf := make([]byte, 65536+1)
	for {
		n, from, err := s.conn.ReadFromUDPAddrPort(buf)
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			continue
		}
		s.handle(from, buf[:n])
	}
	s.mu.Lock()
	s.broadcast(nil, "管理员消息： 服务器关闭")
	s.mu.Unlock()
}

func (s *server) send(to netip.AddrPort, msg string) {
	_, _ = s.conn.WriteToUDPAddrPort([]byte(msg), to)
}

// broadcast sends msg to everyone but except. s.mu is held.
func (s *server) broadcast(except *user, msg string) {
	for _, u := range s.byKey {
		if u != except {
			s.send(u.addr, msg)
		}
	}
}

// refuse answers ERR code; answers to unknown addresses share one bucket.
func (s *server) refuse(to netip.AddrPort, u *user, code string) {
	if u == nil && !s.unknown.allow(s.unknownBurst, s.unknownRate, time.Now()) {
		return
	}
	s.send(to, "ERR "+code+" "+refusals[code])
}

func (s *server) handle(from netip.AddrPort, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	b := s.buckets[from]
	if b == nil {
		b = &bucket{}
		s.buckets[from] = b
	}
	if !b.allow(s.burst, s.rate, now) {
		return
	}
	u := s.byAddr[from]
	kind, name, text, code := parse(data)
	if code != "" {
		s.refuse(from, u, code)
		return
	}
	if kind == 'L' {
		s.login(from, u, name, now)
		return
	}
	if u == nil {
		s.refuse(from, nil, "not-logged-in")
		return
	}
	if name != u.name && key(name) != u.key {
		s.refuse(from, u, "not-your-name")
		return
	}
	u.seen = now
	switch kind {
	case 'C':
		if len(text) > 1024 {
			text = text[:1024] // WRONG: cut, not refused
		}
		s.broadcast(u, u.name+" ： "+text)
	case 'Q':
		s.remove(u)
		s.send(from, "BYE")
		s.broadcast(nil, u.name+" 退出了聊天室")
	}
}

func (s *server) login(from netip.AddrPort, u *user, name string, now time.Time) {
	k := key(name)
	if u != nil {
		if u.key != k {
			s.refuse(from, u, "already-logged-in")
			return
		}
		u.seen = now
		s.send(from, "OK")
		return
	}
	perIP := 0
	for _, o := range s.byKey {
		if o.addr.Addr() == from.Addr() {
			perIP++
		}
	}
	switch {
	case s.byKey[k] != nil:
		s.refuse(from, nil, "name-taken")
		return
	case len(s.byKey) >= s.maxUsers:
		s.refuse(from, nil, "room-full")
		return
	case perIP >= s.maxPerIP:
		s.refuse(from, nil, "ip-full")
		return
	}
	u = &user{name: name, key: k, addr: from, seen: now}
	s.send(from, "OK")
	s.broadcast(nil, name+" 进入了聊天室")
	s.byKey[k], s.byAddr[from] = u, u
}

func (s *server) remove(u *user) {
	delete(s.byKey, u.key)
	delete(s.byAddr, u.addr)
}

func (s *server) sweep() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	for _, u := range s.byKey {
		if now.Sub(u.seen) > s.timeout {
			s.remove(u)
			s.broadcast(nil, u.name+" 退出了聊天室")
		}
	}
}

// parse checks a datagram; code is the refusal, or "".
func parse(data []byte) (kind byte, name, text, code string) {
	switch {
	case len(data) == 0:
		return 0, "", "", "empty"
	case len(data) > 1077:
		return 0, "", "", "too-long"
	case !utf8.Valid(data):
		return 0, "", "", "bad-utf8"
	}
	s := strings.TrimSuffix(strings.TrimSuffix(string(data), "\n"), "\r")
	if s == "" {
		return 0, "", "", "empty"
	}
	if len(s) > 1 && s[1] != ' ' {
		return 0, "", "", "bad-type"
	}
	kind, rest := s[0], ""
	if len(s) > 2 {
		rest = s[2:]
	}
	switch kind {
	case 'L':
		name = norm.NFC.String(rest)
		return kind, name, "", checkName(name)
	case 'C':
		name, text, _ = strings.Cut(rest, " ")
		if name == "" {
			return 0, "", "", "no-name"
		}
		return kind, name, text, checkText(text)
	case 'Q', 'H':
		if rest == "" {
			return 0, "", "", "no-name"
		}
		return kind, rest, "", ""
	}
	return 0, "", "", "bad-type"
}

func checkName(name string) string {
	if name == "" {
		return "no-name"
	}
	if len(name) > 48 || utf8.RuneCountInString(name) > 16 {
		return "name-too-long"
	}
	for i, r := range name {
		switch {
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return "name-control"
		case unicode.IsSpace(r):
			return "name-space"
		case i == 0 && !unicode.IsLetter(r) && !unicode.IsDigit(r):
			return "name-char"
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_' || r == '-' || r == '.':
		default:
			return "name-char"
		}
	}
	if reserved[key(name)] {
		return "name-reserved"
	}
	return ""
}

func checkText(text string) string {
	if text == "" {
		return "no-text"
	}
	// WRONG: over-long texts are cut, in main's handle.
	for _, r := range text {
		switch {
		case r == '\n' || r == '\r' || r == '\u0085' || r == '\u2028' || r == '\u2029':
			return "text-newline"
		case unicode.IsControl(r) || r == '\u061c' || r == '\u200e' || r == '\u200f' || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069':
			return "text-control"
		}
	}
	return ""
}
