package checks

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"forkroom/internal/chatprobe"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// The robustness checks grade the finished chat room (chatroom/) against the
// hardening rules of chatroom/PROTOCOL.md: identity by source address, name
// and message rules, malformed datagrams, heartbeats and expiry, flood
// control, caps, answers to unknown addresses and the shutdown notice. Each
// starts the server on a free loopback port, with short flags where the rule
// needs them (-timeout 2s, -max-users 3 …), plays fake clients and asserts
// what they receive; a failure shows every fake client's transcript.
//
// Reply codes are matched where PROTOCOL.md §10 fixes them: a refusal must be
// "ERR <code>", optionally followed by a space and an explanation (which is
// not graded). A fake client sends at most 9 datagrams in quick succession,
// under the default per-address burst of 10, except the flooder.
//
// What must not be sent is checked over the whole check, not in a window
// after each step: when the scenario is done every fake client listens for
// robustSettle more, and any datagram that arrived and was never read, at
// any time, fails the check (a refused request that is broadcast 600 ms
// later, an echo that comes late). A scenario names the datagrams it leaves
// unread on purpose (a flood's notices) with robustRoom.allow.

const (
	// robustTimeout bounds one robustness check.
	robustTimeout = 12 * time.Second

	// The documented defaults and the flags the checks pass.
	robustBurst        = 10 // -burst
	robustRate         = 5  // -rate, a second
	robustUnknownBurst = 20 // -unknown-burst
	robustUnknownRate  = 10 // -unknown-rate, a second

	// livenessTimeout and livenessSweep are the -timeout and -sweep of the
	// liveness check; livenessSlack is how late, beyond both, an expiry
	// notice may come on a loaded machine.
	livenessTimeout = 2 * time.Second
	livenessSweep   = 200 * time.Millisecond
	livenessSlack   = 2500 * time.Millisecond

	// floodCount chats are sent as fast as possible; floodPrompt is how
	// soon after it was sent a well-behaved client's message must arrive.
	floodCount  = 2000
	floodPrompt = 500 * time.Millisecond

	// strangers send strangerRequests requests each in the unknown-address
	// check (within their own per-address burst).
	strangers        = 40
	strangerRequests = 5

	// shutdownWait is how long the server may take to exit after SIGTERM.
	shutdownWait = 3 * time.Second
)

// robustSettle is how long every fake client keeps listening after a
// scenario's last step, for a datagram sent late on purpose, in
// nanoseconds. (A variable only so that the tests of known-wrong programs
// whose fault is not lateness can save a second per check; atomic because
// those tests run side by side.)
var robustSettle atomic.Int64

func init() { robustSettle.Store(int64(time.Second)) }

// Robustness returns the robustness checks of the finished chat room.
func Robustness() []grade.Check {
	return []grade.Check{
		{
			ID: "impersonation", Title: "refuses C, Q and H that claim another user's name, and broadcasts nothing", Points: 2, Timeout: robustTimeout,
			Hint: "The source address is the identity: look the sender up by address, and refuse (ERR not-your-name, or ERR not-logged-in for an unknown address) a request whose name is not the one that address logged in with.",
			Run:  inRobustRoom(nil, scenarioImpersonation),
		},
		{
			ID: "repeated-login", Title: "answers a repeated login OK again without a second join notice, and refuses a second name", Points: 1, Timeout: robustTimeout,
			Hint: "Keep a map from address to user too. An L from a logged-in address with the same name is a retry (its OK was lost): answer OK and announce nothing; with another name answer ERR already-logged-in.",
			Run:  inRobustRoom(nil, scenarioRepeatedLogin),
		},
		{
			ID: "name-rules", Title: "refuses bad names (too long, spaces, control characters, reserved, look-alikes of a taken name) and accepts a Chinese name", Points: 2, Timeout: robustTimeout,
			Hint: "Check the name rune by rune (unicode.IsSpace, unicode.IsControl, unicode.Is(unicode.Cf, r)), count runes and bytes, and compare names by a key: NFKC, case folding, NFKC again (golang.org/x/text). Each rule has its own ERR code.",
			Run:  inRobustRoom(nil, scenarioNameRules),
		},
		{
			ID: "message-rules", Title: "refuses over-long, invalid UTF-8, multi-line, empty and control-character messages whole, and delivers the rest exactly as sent", Points: 2, Timeout: robustTimeout,
			Hint: "Read into a buffer larger than any datagram, cut exactly one trailing \"\\n\" or \"\\r\\n\", then check the text: not empty, at most 1024 bytes (never cut it), utf8.Valid, no line breaks (a lone \"\\r\" is one), no control or bidi characters. Keep its spaces. Answer the sender with the ERR code and send nothing to the others.",
			Run:  inRobustRoom(nil, scenarioMessageRules),
		},
		{
			ID: "bad-requests", Title: "answers malformed datagrams (empty, nameless, lower-case, unknown type, BOM, 65507 bytes, a lone \\r, two line ends, words after the name) with ERR and keeps serving", Points: 2, Timeout: robustTimeout,
			Hint: "Check the length before you index the datagram, refuse anything over 1077 bytes as too-long, and require an upper-case type letter followed by a space. Cut exactly one trailing \"\\n\" or \"\\r\\n\" (a lone \"\\r\" stays, and is not allowed in a name), and refuse L and Q with anything after the name: every malformed request gets its ERR reply and the loop reads the next datagram.",
			Run:  inRobustRoom(nil, scenarioBadRequests),
		},
		{
			ID: "liveness", Title: "drops a silent user after -timeout and tells the others, but keeps a user who sends heartbeats", Points: 2, Timeout: robustTimeout,
			Hint: "Remember when each user was last heard from (L, C or H), and every -sweep remove those silent for longer than -timeout, sending \"name 退出了聊天室\" to the rest.",
			Run:  inRobustRoom([]string{"-timeout", livenessTimeout.String(), "-sweep", livenessSweep.String()}, scenarioLiveness),
		},
		{
			ID: "flood", Title: "drops a flooding client's excess and still delivers other users' messages promptly", Points: 2, Timeout: robustTimeout,
			Hint: "Give every source address a token bucket (-burst at once, -rate a second) and drop, without an answer, datagrams beyond it: queueing them would delay everybody.",
			Run:  inRobustRoom([]string{"-burst", fmt.Sprint(robustBurst), "-rate", fmt.Sprint(robustRate)}, scenarioFlood),
		},
		{
			ID: "room-cap", Title: "refuses a login beyond -max-users with ERR room-full", Points: 1, Timeout: robustTimeout,
			Hint: "Before adding a user, compare the number of users with -max-users and answer ERR room-full when the room is full; a quit makes room again.",
			Run:  inRobustRoom([]string{"-max-users", "3"}, scenarioRoomCap),
		},
		{
			ID: "ip-cap", Title: "refuses a login beyond -max-per-ip users from one IP address with ERR ip-full", Points: 1, Timeout: robustTimeout,
			Hint: "Count users per IP address (the address without its port) and answer ERR ip-full when this IP has -max-per-ip users already; a quit frees a place.",
			Run:  inRobustRoom([]string{"-max-per-ip", "2"}, scenarioIPCap),
		},
		{
			ID: "unknown-address", Title: "answers addresses that never logged in only up to -unknown-burst, and never fans their requests out", Points: 2, Timeout: robustTimeout,
			Hint: "A source address can be forged: share one token bucket (-unknown-burst, -unknown-rate) among all answers to addresses that are not logged in, and drop requests silently when it is empty.",
			Run:  inRobustRoom([]string{"-unknown-burst", fmt.Sprint(robustUnknownBurst), "-unknown-rate", fmt.Sprint(robustUnknownRate)}, scenarioUnknownAddress),
		},
		{
			ID: "shutdown", Title: "on SIGTERM tells everyone \"管理员消息： 服务器关闭\" and exits with status 0", Points: 2, Timeout: robustTimeout,
			Hint: "Use signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM); when it is done, unblock the read (SetReadDeadline), send the notice to every user, and return from main.",
			Run:  inRobustRoom(nil, scenarioShutdown),
		},
	}
}

// robustRoom is a chatRoom whose scenario is checked to the end: see
// settle.
type robustRoom struct {
	*chatRoom
	// allowed says, for a fake client, which datagrams it may leave
	// unread at the end of the scenario.
	allowed map[*chatprobe.Peer]func(string) bool
}

// allow lets c leave datagrams that ok accepts unread.
func (r *robustRoom) allow(c *chatprobe.Peer, ok func(string) bool) {
	r.allowed[c] = ok
}

// inRobustRoom is inRoom with server flags: it starts the server with -addr
// and flags, waits until it answers a login, lets the readiness probe quit
// (so it takes no place in the room and never expires), runs the scenario,
// settles it, and attaches every fake client's transcript.
func inRobustRoom(flags []string, scenario func(r *robustRoom) error) func(*grade.T) error {
	return inRobustRoomWith(robustOptions{flags: flags}, scenario)
}

// robustOptions say how inRobustRoomWith starts the server.
type robustOptions struct {
	// host is where the server listens, with the port the checker picked
	// on 127.0.0.1; "" means 127.0.0.1.
	host string
	// flags follow -addr.
	flags []string
	// before, if not nil, runs before the server starts (to make files in
	// its folder).
	before func(t *grade.T) error
}

// inRobustRoomWith is inRobustRoom with more ways to start the server.
func inRobustRoomWith(opts robustOptions, scenario func(r *robustRoom) error) func(*grade.T) error {
	return func(t *grade.T) error {
		r := &robustRoom{
			chatRoom: &chatRoom{t: t, used: map[string]bool{}, epoch: time.Now()},
			allowed:  map[*chatprobe.Peer]func(string) bool{},
		}
		defer r.attach()
		if opts.before != nil {
			if err := opts.before(t); err != nil {
				return err
			}
		}
		if err := robustStart(r, opts.host, opts.flags); err != nil {
			return err
		}
		if err := scenario(r); err != nil {
			return r.explain(err)
		}
		return r.explain(r.settle())
	}
}

// settle listens robustSettle more and then fails if any fake client has a
// datagram it never read and was not allowed to leave: every datagram the
// server sent during the check must be one the scenario expected.
func (r *robustRoom) settle() error {
	// A server that has ended sends nothing more.
	if r.server.Exited() == nil {
		if err := r.t.Sleep(time.Duration(robustSettle.Load())); err != nil {
			return err
		}
	}
	// The readiness probe logged in and quit: it may have "OK" (for a
	// login it repeated) and "BYE" unread, and nothing else.
	r.allowed[r.probe] = func(s string) bool { return s == "OK" || s == "BYE" }
	for _, c := range append(append([]*chatprobe.Peer(nil), r.peers...), r.probe) {
		if c == nil {
			continue
		}
		for {
			d, err := c.Recv(time.Millisecond)
			if errors.Is(err, chatprobe.ErrNothing) {
				break
			}
			if err != nil {
				return err
			}
			if ok := r.allowed[c]; ok != nil && ok(d.Text()) {
				continue
			}
			return grade.Errorf("%s received %q %s after your server started, and nothing in the check called for it: every datagram a fake client receives until the end of the check must be one it expects (a refused request has no effect, however late; a chat is never sent back to its sender)", c.Name, d.Text(), fmtDur(d.At.Sub(r.epoch)))
		}
	}
	return nil
}

// robustStart starts the server on host (127.0.0.1 when "") at a free
// port, with flags, and waits until it answers a login sent to 127.0.0.1 at
// that port.
func robustStart(r *robustRoom, host string, flags []string) error {
	addr, err := chatprobe.FreePort()
	if err != nil {
		return err
	}
	r.addr = addr
	listen := addr.String()
	if host != "" {
		listen = net.JoinHostPort(host, fmt.Sprint(addr.Port()))
	}
	p, err := r.t.Start(append([]string{"-addr", listen}, flags...)...)
	if err != nil {
		return err
	}
	r.server, r.epoch = p, p.Started
	r.probe, err = chatprobe.Listen(r.t.Context(), "readiness probe (checker)", addr, r.epoch)
	if err != nil {
		return err
	}
	name := r.name(false)
	login := "L " + name
	args := strings.Join(append([]string{"-addr", listen}, flags...), " ")
	deadline := time.Now().Add(chatReady)
	for {
		if ex := p.Exited(); ex != nil {
			return grade.Errorf("your server, started with %s, ended (%s) before it answered %q", args, *ex, login)
		}
		if err := r.probe.Send(login); err != nil {
			return err
		}
		_, err := r.probe.Recv(100 * time.Millisecond)
		switch {
		case err == nil:
			r.ready = true
			// Leave, so that the probe takes no place in the room; the
			// server handles this before any later login.
			return r.probe.Send("Q " + name)
		case !errors.Is(err, chatprobe.ErrNothing):
			return err
		case time.Now().After(deadline):
			return grade.Errorf("your server, started with %s, did not answer %q for %s", args, login, fmtDur(chatReady))
		}
	}
}

// gather logs in a fresh client for each name and lets each earlier client
// receive the join notices of the later ones, so that all start with
// nothing unread.
func (r *chatRoom) gather(names ...string) ([]*chatprobe.Peer, error) {
	var cs []*chatprobe.Peer
	for _, n := range names {
		c, err := r.join(n)
		if err != nil {
			return nil, err
		}
		for _, old := range cs {
			if err := r.expect(old, joinNotice(n), nil); err != nil {
				return nil, err
			}
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// isRefusal reports whether s is the reply "ERR <code>", with or without an
// explanation after a space.
func isRefusal(s, code string) bool {
	return s == "ERR "+code || strings.HasPrefix(s, "ERR "+code+" ")
}

// refused sends data from c and waits for the reply "ERR <code> …"; nothing
// else may arrive first.
func (r *chatRoom) refused(c *chatprobe.Peer, data []byte, code string) error {
	if err := c.SendTo(c.To(), data); err != nil {
		return err
	}
	want := "ERR " + code
	d, err := c.Recv(chatWait)
	switch {
	case errors.Is(err, chatprobe.ErrNothing):
		return grade.Errorf("%s sent %s and received nothing in %s, want the reply %q", c.Name, chatprobe.Quote(data), fmtDur(chatWait), want)
	case err != nil:
		return err
	case !isRefusal(d.Text(), code):
		return grade.Errorf("%s sent %s and received %q, want the reply %q", c.Name, chatprobe.Quote(data), d.Text(), want)
	}
	return nil
}

// says sends a chat from c and makes it the next datagram each of others
// receives: proof that nothing else reached them before.
func (r *chatRoom) says(c *chatprobe.Peer, others ...*chatprobe.Peer) error {
	text := r.text()
	if err := c.Send(chatRequest(c.Name, text)); err != nil {
		return err
	}
	for _, o := range others {
		if err := r.expect(o, chatNotice(c.Name, text), nil); err != nil {
			return err
		}
	}
	return nil
}

func scenarioImpersonation(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(false), r.name(true))
	if err != nil {
		return err
	}
	alice, bob, carol := cs[0], cs[1], cs[2]
	for _, req := range []string{chatRequest(alice.Name, r.text()), "Q " + alice.Name, "H " + alice.Name} {
		if err := r.refused(bob, []byte(req), "not-your-name"); err != nil {
			return err
		}
	}
	stranger, err := r.client("stranger")
	if err != nil {
		return err
	}
	for _, req := range []string{chatRequest(alice.Name, r.text()), "Q " + alice.Name} {
		if err := r.refused(stranger, []byte(req), "not-logged-in"); err != nil {
			return err
		}
	}
	// alice and carol got no fake chat and no fake leave notice, and alice
	// is still in the room under her name.
	if err := r.says(carol, alice, bob); err != nil {
		return err
	}
	return r.says(alice, carol, bob)
}

func scenarioRepeatedLogin(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(true))
	if err != nil {
		return err
	}
	alice, bob := cs[0], cs[1]
	if err := alice.Send("L " + alice.Name); err != nil {
		return err
	}
	if err := r.expect(alice, "OK", nil); err != nil {
		return err
	}
	other := r.name(false)
	if err := r.refused(alice, []byte("L "+other), "already-logged-in"); err != nil {
		return err
	}
	// No second join notice, and no notice for the refused name.
	if err := r.says(alice, bob); err != nil {
		return err
	}
	// The refused name was not taken.
	c, err := r.join(other)
	if err != nil {
		return err
	}
	if err := r.expect(alice, joinNotice(c.Name), nil); err != nil {
		return err
	}
	return r.expect(bob, joinNotice(c.Name), nil)
}

// fullWidth writes ASCII letters and digits in their full-width forms
// (U+FF01–U+FF5E): "alice42" becomes "ａｌｉｃｅ４２".
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f {
			return r - '!' + '！'
		}
		return r
	}, s)
}

func scenarioNameRules(r *robustRoom) error {
	accented := fmt.Sprintf("Zoé%d", 10+r.t.Rand.Intn(90)) // é precomposed (NFC)
	cs, err := r.gather(r.name(false), accented)
	if err != nil {
		return err
	}
	alice, zoe := cs[0], cs[1]
	base := r.name(false)
	cn := r.name(true)
	bad := []struct{ name, code string }{
		{(base + "abcdefghijklmnopq")[:17], "name-too-long"},         // 17 characters
		{strings.Repeat("汉", 15) + "\U00020000", "name-too-long"},    // 16 characters, 49 bytes
		{base + " : hi", "name-space"},                               // a fake chat line
		{base[:2] + "\u3000" + base[2:], "name-space"},               // ideographic space
		{base[:2] + "\x00" + base[2:], "name-control"},               // NUL
		{base[:2] + "\u200d" + base[2:], "name-control"},             // zero-width joiner
		{"\u202e" + base, "name-control"},                            // right-to-left override
		{"管理员", "name-reserved"},                                     // the administrator
		{"Admin", "name-reserved"},                                   // reserved in any case
		{fullWidth(alice.Name), "name-taken"},                        // ａｌｉｃｅ vs alice
		{strings.ToUpper(alice.Name), "name-taken"},                  // ALICE vs alice
		{strings.Replace(accented, "é", "e\u0301", 1), "name-taken"}, // decomposed accent
	}
	for i, b := range bad {
		c, err := r.client(fmt.Sprintf("newcomer %d", i+1))
		if err != nil {
			return err
		}
		if err := r.refused(c, []byte("L "+b.name), b.code); err != nil {
			return err
		}
	}
	// A Chinese name is fine, and its join notice is the first thing the
	// others receive: no refused name was announced.
	c, err := r.join(cn)
	if err != nil {
		return err
	}
	if err := r.expect(alice, joinNotice(c.Name), nil); err != nil {
		return err
	}
	return r.expect(zoe, joinNotice(c.Name), nil)
}

func scenarioMessageRules(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(true))
	if err != nil {
		return err
	}
	alice, bob := cs[0], cs[1]
	prefix := "C " + alice.Name + " "
	bad := []struct{ text, code string }{
		{strings.Repeat("x", 1025), "text-too-long"},
		{"ab\xffcd", "bad-utf8"},
		{"你好\xe5\xa5", "bad-utf8"}, // 好 cut after two of its three bytes
		{"hi\n" + adminNotice("服务器关闭"), "text-newline"},
		{"\x1b[2Jgone", "text-control"},
		{"\u202eevil", "text-control"},
	}
	for _, b := range bad {
		if err := r.refused(alice, []byte(prefix+b.text), b.code); err != nil {
			return err
		}
	}
	// bob's texts: empty, ending in a lone CR (a line break, not a line
	// end), and one with leading, inner and trailing spaces and Chinese,
	// which goes through exactly as sent.
	for _, b := range []struct{ text, code string }{{"", "no-text"}, {r.text() + "\r", "text-newline"}} {
		if err := r.refused(bob, []byte("C "+bob.Name+" "+b.text), b.code); err != nil {
			return err
		}
	}
	spaced := fmt.Sprintf("  见 面  在 %d 号 ", 100+r.t.Rand.Intn(900))
	if err := bob.Send(chatRequest(bob.Name, spaced)); err != nil {
		return err
	}
	if err := r.expect(alice, chatNotice(bob.Name, spaced), nil); err != nil {
		return err
	}
	// Exactly 1024 bytes (with Chinese) go through whole.
	long := strings.Repeat("长", 300) + r.text()
	long += strings.Repeat("y", 1024-len(long))
	if err := alice.Send(prefix + long); err != nil {
		return err
	}
	if err := r.expect(bob, chatNotice(alice.Name, long), nil); err != nil {
		return err
	}
	return r.says(alice, bob)
}

func scenarioBadRequests(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(true))
	if err != nil {
		return err
	}
	alice, bob := cs[0], cs[1]
	huge := make([]byte, 65507)
	copy(huge, "C "+alice.Name+" ")
	for i := len(alice.Name) + 3; i < len(huge); i++ {
		huge[i] = 'x'
	}
	bad := []struct {
		data []byte
		code string
	}{
		{nil, "empty"},
		{[]byte("L"), "no-name"},
		{[]byte("L "), "no-name"},
		{[]byte("l " + r.name(false)), "bad-type"},
		{[]byte("X " + alice.Name), "bad-type"},
		{[]byte("\ufeffL " + r.name(false)), "bad-type"},
		{huge, "too-long"},
	}
	for _, b := range bad {
		if err := r.refused(alice, b.data, b.code); err != nil {
			return err
		}
	}
	// The settled framing (PROTOCOL.md §1, §2): exactly one "\n" or
	// "\r\n" is cut, and nothing may follow the name of L or Q. Sent by
	// bob, within his own burst; none of them is read as a request.
	other := r.name(false)
	framing := []struct {
		data []byte
		code string
	}{
		{[]byte("L " + other + "\r"), "name-control"},    // a lone CR is not a line end
		{[]byte("L " + other + "\n\n"), "name-control"},  // two line ends
		{[]byte("L " + other + " smith"), "name-space"},  // never read as other
		{[]byte("Q " + bob.Name + " now"), "name-space"}, // never read as bob's quit
		{[]byte("Q " + bob.Name + "\r"), "name-control"}, // nor this
	}
	for _, b := range framing {
		if err := r.refused(bob, b.data, b.code); err != nil {
			return err
		}
	}
	// bob is still in the room, and other was never logged in.
	if err := r.says(alice, bob); err != nil {
		return err
	}
	if err := r.says(bob, alice); err != nil {
		return err
	}
	c, err := r.join(other)
	if err != nil {
		return err
	}
	return r.expectAll([]*chatprobe.Peer{alice, bob}, joinNotice(c.Name), nil)
}

func scenarioLiveness(r *robustRoom) error {
	silentSent := time.Now()
	cs, err := r.gather(r.name(false), r.name(false), r.name(true))
	if err != nil {
		return err
	}
	silent, alive, watcher := cs[0], cs[1], cs[2]
	want := leaveNotice(silent.Name)
	latest := silentSent.Add(livenessTimeout + livenessSweep + livenessSlack)
	seen := map[*chatprobe.Peer]time.Time{}
	var stop time.Time // when to stop watching: a while after both saw it
	for {
		now := time.Now()
		if !stop.IsZero() && now.After(stop) {
			break
		}
		if stop.IsZero() && now.After(latest) {
			for _, c := range []*chatprobe.Peer{alive, watcher} {
				if _, ok := seen[c]; !ok {
					return grade.Errorf("%s sent nothing after logging in; %s waited %s for %q and did not receive it: a silent user must be dropped after -timeout %s", silent.Name, c.Name, fmtDur(time.Since(silentSent)), want, fmtDur(livenessTimeout))
				}
			}
		}
		for _, c := range []*chatprobe.Peer{alive, watcher} {
			if err := c.Send("H " + c.Name); err != nil {
				return err
			}
		}
		for _, c := range []*chatprobe.Peer{alive, watcher} {
			got, err := c.Quiet(200 * time.Millisecond)
			if err != nil {
				return err
			}
			for _, d := range got {
				switch {
				case d.Text() != want:
					return grade.Errorf("%s sends \"H %s\" every 0.4 s and received %q, want only %q", c.Name, c.Name, d.Text(), want)
				case !seen[c].IsZero():
					return grade.Errorf("%s received %q twice", c.Name, want)
				case d.At.Sub(silentSent) < livenessTimeout-100*time.Millisecond:
					return grade.Errorf("%s received %q %s after %s's last datagram, want it only after -timeout %s", c.Name, want, fmtDur(d.At.Sub(silentSent)), silent.Name, fmtDur(livenessTimeout))
				}
				seen[c] = d.At
			}
		}
		if stop.IsZero() && len(seen) == 2 {
			stop = time.Now().Add(time.Second)
		}
	}
	// The one who sent heartbeats is still in the room.
	return r.says(watcher, alive)
}

func scenarioFlood(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(false), r.name(true))
	if err != nil {
		return err
	}
	flooder, alice, bob := cs[0], cs[1], cs[2]
	floodText, text := "spam", r.text()
	floodNotice, want := chatNotice(flooder.Name, floodText), chatNotice(alice.Name, text)
	// Nobody reads the flood at alice, nor alice's chat at the flooder.
	r.allow(alice, func(s string) bool { return s == floodNotice })
	r.allow(bob, func(s string) bool { return s == floodNotice })
	r.allow(flooder, func(s string) bool { return s == want })

	// bob reads while the others send, so that his socket buffer never
	// overflows and every flood message that reaches him is counted.
	type result struct {
		floods  int
		arrived time.Time
		other   string
		err     error
	}
	done := make(chan result, 1)
	go func() {
		var res result
		end := time.Now().Add(3 * time.Second)
		for {
			wait := time.Until(end)
			if !res.arrived.IsZero() {
				wait = min(wait, chatQuiet)
			}
			d, err := bob.Recv(wait)
			switch {
			case errors.Is(err, chatprobe.ErrNothing):
				done <- res
				return
			case err != nil:
				res.err = err
				done <- res
				return
			case d.Text() == floodNotice:
				res.floods++
			case d.Text() == want && res.arrived.IsZero():
				res.arrived = d.At
			case res.other == "":
				res.other = d.Text()
			}
		}
	}()
	start := time.Now()
	req := []byte(chatRequest(flooder.Name, floodText))
	for i := 0; i < floodCount; i++ {
		if err := flooder.SendTo(flooder.To(), req); err != nil {
			<-done
			return err
		}
	}
	sent := time.Now()
	if err := alice.Send(chatRequest(alice.Name, text)); err != nil {
		<-done
		return err
	}
	res := <-done
	if res.err != nil {
		return res.err
	}
	switch {
	case res.other != "":
		return grade.Errorf("%s received %q during the flood, want only %q and %q", bob.Name, res.other, floodNotice, want)
	case res.arrived.IsZero():
		return grade.Errorf("%s sent %d chats as fast as it could, then %s sent one; %s received %d of the flood but not %q within 3 s", flooder.Name, floodCount, alice.Name, bob.Name, res.floods, want)
	case res.arrived.Sub(sent) > floodPrompt:
		return grade.Errorf("%s sent %d chats as fast as it could, then %s sent one; %s received it %s later, want within %s: drop a flood, do not queue it", flooder.Name, floodCount, alice.Name, bob.Name, fmtDur(res.arrived.Sub(sent)), fmtDur(floodPrompt))
	}
	limit := robustBurst + int(robustRate*res.arrived.Sub(start).Seconds()) + 2
	if res.floods > limit {
		return grade.Errorf("%s sent %d chats as fast as it could and %s received %d of them, want at most %d (-burst %d, then -rate %d a second): drop what is over the limit", flooder.Name, floodCount, bob.Name, res.floods, limit, robustBurst, robustRate)
	}
	return nil
}

// scenarioCap fills the room to its cap, checks that one more login is
// refused with code and announced to nobody, then lets one user quit and
// the newcomer in.
func scenarioCap(r *robustRoom, users int, code string) error {
	var names []string
	for i := 0; i < users; i++ {
		names = append(names, r.name(i%2 == 1))
	}
	cs, err := r.gather(names...)
	if err != nil {
		return err
	}
	late := r.name(false)
	c, err := r.client(late)
	if err != nil {
		return err
	}
	if err := r.refused(c, []byte("L "+late), code); err != nil {
		return err
	}
	leaver := cs[len(cs)-1]
	if err := leaver.Send("Q " + leaver.Name); err != nil {
		return err
	}
	if err := r.expect(leaver, "BYE", nil); err != nil {
		return err
	}
	// The leave notice is the next thing the others receive: the refused
	// login was announced to nobody.
	stay := cs[:len(cs)-1]
	if err := r.expectAll(stay, leaveNotice(leaver.Name), nil); err != nil {
		return err
	}
	if err := c.Send("L " + late); err != nil {
		return err
	}
	if err := r.expect(c, "OK", nil); err != nil {
		return err
	}
	return r.expectAll(stay, joinNotice(late), nil)
}

func scenarioRoomCap(r *robustRoom) error { return scenarioCap(r, 3, "room-full") }
func scenarioIPCap(r *robustRoom) error   { return scenarioCap(r, 2, "ip-full") }

func scenarioUnknownAddress(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(true))
	if err != nil {
		return err
	}
	alice, bob := cs[0], cs[1]
	start := time.Now()
	first, err := r.client("stranger 0")
	if err != nil {
		return err
	}
	// The first answer lets a client find out that the server restarted.
	if err := r.refused(first, []byte(chatRequest(alice.Name, r.text())), "not-logged-in"); err != nil {
		return err
	}
	reqs := []string{chatRequest(alice.Name, r.text()), "Q " + bob.Name, "H " + alice.Name, chatRequest("x", "hi"), "C"}
	var ss []*chatprobe.Peer
	for i := 1; i <= strangers; i++ {
		s, err := r.client(fmt.Sprintf("stranger %d", i))
		if err != nil {
			return err
		}
		ss = append(ss, s)
	}
	for _, s := range ss {
		for _, q := range reqs[:strangerRequests] {
			if err := s.Send(q); err != nil {
				return err
			}
		}
	}
	if err := r.t.Sleep(chatQuiet); err != nil {
		return err
	}
	// The server handled every request it answered between start and the
	// last answer's arrival: its bucket refilled for that long at most.
	answers, last := 1, start
	for _, s := range ss {
		got, err := s.Quiet(5 * time.Millisecond)
		if err != nil {
			return err
		}
		for _, d := range got {
			if !strings.HasPrefix(d.Text(), "ERR ") {
				return grade.Errorf("%s never logged in and received %q, want at most an ERR reply", s.Name, d.Text())
			}
			answers++
			if d.At.After(last) {
				last = d.At
			}
		}
	}
	elapsed := last.Sub(start)
	limit := robustUnknownBurst + int(robustUnknownRate*elapsed.Seconds()) + 1
	if answers > limit {
		return grade.Errorf("%d addresses that never logged in sent %d requests in all and received %d answers in %s, want at most %d (-unknown-burst %d, then -unknown-rate %d a second)", strangers+1, strangers*strangerRequests+1, answers, fmtDur(elapsed), limit, robustUnknownBurst, robustUnknownRate)
	}
	// Nothing the strangers sent reached the room.
	if err := r.says(alice, bob); err != nil {
		return err
	}
	return r.says(bob, alice)
}

func scenarioShutdown(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(true))
	if err != nil {
		return err
	}
	if err := r.server.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	want := adminNotice("服务器关闭")
	for _, c := range cs {
		if err := r.expect(c, want, nil); err != nil {
			return err
		}
	}
	select {
	case <-r.server.Done():
	case <-time.After(shutdownWait):
		return grade.Errorf("your server was still running %s after SIGTERM, want it to exit with status 0", fmtDur(shutdownWait))
	case <-r.t.Context().Done():
		return r.t.Context().Err()
	}
	if ex := r.server.Exited(); ex.Signal != "" || ex.Code != 0 {
		return grade.Errorf("after SIGTERM your server ended (%s), want exit status 0", *ex)
	}
	return nil
}

func init() {
	i18n.Register(map[string]string{
		"refuses C, Q and H that claim another user's name, and broadcasts nothing": "拒绝冒用他人名字的 C、Q 和 H，并且不群发任何内容",
		"The source address is the identity: look the sender up by address, and refuse (ERR not-your-name, or ERR not-logged-in for an unknown address) a request whose name is not the one that address logged in with.":                                                                                                                                                                                "源地址就是身份：按地址查找发送者；请求里的名字不是这个地址登录时用的名字时，拒绝它（ERR not-your-name；未登录的地址则是 ERR not-logged-in）。",
		"answers a repeated login OK again without a second join notice, and refuses a second name":                                                                                                                                                                                                                                                                                                      "对重复的登录再次回答 OK 而不再发进入通知，并拒绝同一地址的第二个名字",
		"Keep a map from address to user too. An L from a logged-in address with the same name is a retry (its OK was lost): answer OK and announce nothing; with another name answer ERR already-logged-in.":                                                                                                                                                                                            "再用一个从地址到用户的 map。已登录地址用同一个名字发来的 L 是重试（它的 OK 丢了）：回答 OK，不通知任何人；换了名字则回答 ERR already-logged-in。",
		"refuses bad names (too long, spaces, control characters, reserved, look-alikes of a taken name) and accepts a Chinese name":                                                                                                                                                                                                                                                                     "拒绝不合规的名字（太长、含空白、含控制字符、保留名、与已占用名字形似），并接受中文名字",
		"Check the name rune by rune (unicode.IsSpace, unicode.IsControl, unicode.Is(unicode.Cf, r)), count runes and bytes, and compare names by a key: NFKC, case folding, NFKC again (golang.org/x/text). Each rule has its own ERR code.":                                                                                                                                                            "逐个字符检查名字（unicode.IsSpace、unicode.IsControl、unicode.Is(unicode.Cf, r)），数字符数和字节数，并按键比较名字：NFKC、大小写折叠、再 NFKC（golang.org/x/text）。每条规则都有自己的 ERR 代码。",
		"refuses over-long, invalid UTF-8, multi-line, empty and control-character messages whole, and delivers the rest exactly as sent":                                                                                                                                                                                                                                                                "整条拒绝过长、无效 UTF-8、多行和含控制字符的消息，其余消息完整送达、不截断",
		"Read into a buffer larger than any datagram, cut exactly one trailing \"\\n\" or \"\\r\\n\", then check the text: not empty, at most 1024 bytes (never cut it), utf8.Valid, no line breaks (a lone \"\\r\" is one), no control or bidi characters. Keep its spaces. Answer the sender with the ERR code and send nothing to the others.":                                                        "用比任何数据报都大的缓冲区读取，恰好去掉末尾的一个 `\\n` 或 `\\r\\n`，然后检查文本：不能为空、最多 1024 字节（绝不截断）、utf8.Valid、没有换行（单独的 `\\r` 也算换行）、没有控制字符或双向控制字符。文本中的空格要保留。向发送者回答 ERR 代码，不给其他人发任何东西。",
		"answers malformed datagrams (empty, nameless, lower-case, unknown type, BOM, 65507 bytes, a lone \\r, two line ends, words after the name) with ERR and keeps serving":                                                                                                                                                                                                                          "对格式错误的数据报（空的、缺名字的、小写的、未知类型的、以 BOM 开头的、65507 字节的、末尾单独一个 \\r 的、带两个行尾的、名字后面还有内容的）回答 ERR，并继续服务",
		"Check the length before you index the datagram, refuse anything over 1077 bytes as too-long, and require an upper-case type letter followed by a space. Cut exactly one trailing \"\\n\" or \"\\r\\n\" (a lone \"\\r\" stays, and is not allowed in a name), and refuse L and Q with anything after the name: every malformed request gets its ERR reply and the loop reads the next datagram.": "取下标之前先检查长度，超过 1077 字节的一律按 too-long 拒绝，并要求类型是一个大写字母后跟一个空格。恰好去掉末尾的一个 `\\n` 或 `\\r\\n`（单独的 `\\r` 保留，而名字里不允许有它），名字后面还有内容的 L 和 Q 要拒绝：每个格式错误的请求都得到它的 ERR 回答，循环接着读下一个数据报。",
		"drops a silent user after -timeout and tells the others, but keeps a user who sends heartbeats":                                                                                                                                                                                                                                                                                                 "在 -timeout 之后移除沉默的用户并通知其他人，但保留发送心跳的用户",
		"Remember when each user was last heard from (L, C or H), and every -sweep remove those silent for longer than -timeout, sending \"name 退出了聊天室\" to the rest.":                                                                                                                                                                                                                                   "记住每个用户最后一次发来请求（L、C 或 H）的时间，每隔 -sweep 移除沉默超过 -timeout 的用户，并向其余的人发送 `名字 退出了聊天室`。",
		"drops a flooding client's excess and still delivers other users' messages promptly":                                                                                                                                                                                                                                                                                                             "丢弃刷屏客户端超出限额的消息，其他用户的消息仍能及时送达",
		"Give every source address a token bucket (-burst at once, -rate a second) and drop, without an answer, datagrams beyond it: queueing them would delay everybody.":                                                                                                                                                                                                                               "给每个源地址一个令牌桶（一次 -burst 个，每秒 -rate 个），超出的数据报直接丢弃、不回答：把它们排队会拖慢所有人。",
		"refuses a login beyond -max-users with ERR room-full": "超过 -max-users 的登录用 ERR room-full 拒绝",
		"Before adding a user, compare the number of users with -max-users and answer ERR room-full when the room is full; a quit makes room again.":                                                 "加入用户之前，把用户数与 -max-users 比较，满了就回答 ERR room-full；有人退出后又有空位。",
		"refuses a login beyond -max-per-ip users from one IP address with ERR ip-full":                                                                                                              "同一 IP 地址的用户超过 -max-per-ip 时，用 ERR ip-full 拒绝登录",
		"Count users per IP address (the address without its port) and answer ERR ip-full when this IP has -max-per-ip users already; a quit frees a place.":                                         "按 IP 地址（不含端口）统计用户数，这个 IP 已有 -max-per-ip 个用户时回答 ERR ip-full；有人退出就空出一个位置。",
		"answers addresses that never logged in only up to -unknown-burst, and never fans their requests out":                                                                                        "对从未登录的地址最多只回答 -unknown-burst 次，并且从不转发它们的请求",
		"A source address can be forged: share one token bucket (-unknown-burst, -unknown-rate) among all answers to addresses that are not logged in, and drop requests silently when it is empty.": "源地址可以伪造：所有发给未登录地址的回答共用一个令牌桶（-unknown-burst、-unknown-rate），桶空时默默丢弃请求。",
		"on SIGTERM tells everyone \"管理员消息： 服务器关闭\" and exits with status 0":                                                                                                                         "收到 SIGTERM 时告诉所有人 `管理员消息： 服务器关闭`，并以状态 0 退出",
		"Use signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM); when it is done, unblock the read (SetReadDeadline), send the notice to every user, and return from main.":                    "用 signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)；它结束时解除读取的阻塞（SetReadDeadline），向每个用户发送通知，然后从 main 返回。",

		"your server, started with %s, ended (%s) before it answered %q": "你的服务器（启动参数 %s）在回答 %[3]q 之前就结束了（%[2]s）",
		"your server, started with %s, did not answer %q for %s":         "你的服务器（启动参数 %s）在 %[3]s 内没有回答 %[2]q",
		"%s sent %s and received nothing in %s, want the reply %q":       "%s 发送了 %s，%s 内什么也没收到，应收到回答 %q",
		"%s sent %s and received %q, want the reply %q":                  "%s 发送了 %s，收到 %q，应收到回答 %q",
		"%s received %q, want nothing: %s":                               "%s 收到 %q，此时不应收到任何数据报：%s",
		"%s sent nothing after logging in; %s waited %s for %q and did not receive it: a silent user must be dropped after -timeout %s": "%s 登录后什么也没发；%s 等了 %s，没有收到 %q：沉默的用户必须在 -timeout %s 之后被移除",
		"%s sends \"H %s\" every 0.4 s and received %q, want only %q":                                                                   "%s 每 0.4 秒发送一次 `H %s`，收到 %q，应只收到 %q",
		"%s received %q twice": "%s 收到了两次 %q",
		"%s received %q %s after %s's last datagram, want it only after -timeout %s":                                                                                   "%s 在 %[4]s 最后一个数据报之后 %[3]s 就收到了 %[2]q，应在 -timeout %[5]s 之后才收到",
		"%s received %q during the flood, want only %q and %q":                                                                                                         "%s 在刷屏期间收到 %q，应只收到 %q 和 %q",
		"%s sent %d chats as fast as it could, then %s sent one; %s received %d of the flood but not %q within 3 s":                                                    "%s 以最快速度发送了 %d 条聊天，然后 %s 发送了一条；%s 收到了 %d 条刷屏消息，但 3 秒内没有收到 %q",
		"%s sent %d chats as fast as it could, then %s sent one; %s received it %s later, want within %s: drop a flood, do not queue it":                               "%s 以最快速度发送了 %d 条聊天，然后 %s 发送了一条；%s 在 %s 之后才收到，应在 %s 之内：刷屏要丢弃，不要排队",
		"%s sent %d chats as fast as it could and %s received %d of them, want at most %d (-burst %d, then -rate %d a second): drop what is over the limit":            "%s 以最快速度发送了 %d 条聊天，%s 收到其中 %d 条，应最多 %d 条（-burst %d，之后每秒 -rate %d 条）：超出限额的要丢弃",
		"%s never logged in and received %q, want at most an ERR reply":                                                                                                "%s 从未登录，却收到 %q，最多只应收到 ERR 回答",
		"%d addresses that never logged in sent %d requests in all and received %d answers in %s, want at most %d (-unknown-burst %d, then -unknown-rate %d a second)": "%[1]d 个从未登录的地址共发送 %[2]d 个请求，在 %[4]s 内收到 %[3]d 个回答，应最多 %[5]d 个（-unknown-burst %[6]d，之后每秒 -unknown-rate %[7]d 个）",
		"%s received %q %s after your server started, and nothing in the check called for it: every datagram a fake client receives until the end of the check must be one it expects (a refused request has no effect, however late; a chat is never sent back to its sender)": "%s 在你的服务器启动后 %[3]s 收到了 %[2]q，而检查中没有任何操作会引起它：直到检查结束，模拟客户端收到的每个数据报都必须是预期之中的（被拒绝的请求无论多久之后都不能产生效果；聊天消息绝不发回给发送者）",
		"your server was still running %s after SIGTERM, want it to exit with status 0": "收到 SIGTERM %s 之后你的服务器仍在运行，应以状态 0 退出",
		"after SIGTERM your server ended (%s), want exit status 0":                      "收到 SIGTERM 之后你的服务器结束了（%s），应以状态 0 退出",
	})
}
