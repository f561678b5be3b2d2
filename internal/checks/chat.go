package checks

import (
	"errors"
	"fmt"
	"math/rand"
	"net/netip"
	"strings"
	"time"

	"forkroom/internal/chatprobe"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// The chat checks (lessons 13-15 and chatroom/) play fake clients against the
// student's server, each on its own socket, or a fake server against the
// student's client. The wire protocol: `L name`, `C name text`, `Q name`;
// the reply to L is exactly "OK" or a one-line reason; the notices are below.

const (
	// chatReady bounds the readiness probe: how long a server may take to
	// start and answer its first login.
	chatReady = 3 * time.Second
	// chatAnswer is how long a server whose socket is bound may take to
	// answer the probe (where /proc shows the socket).
	chatAnswer = time.Second
	// chatWait is how long a fake client waits for a datagram it expects.
	chatWait = 1500 * time.Millisecond
	// chatQuiet is the window in which a datagram that must not be sent
	// would have arrived: loopback delivers in well under a millisecond.
	chatQuiet = 300 * time.Millisecond
	// chatTimeout bounds one chat check.
	chatTimeout = 8 * time.Second
	// chatParallel is how many chat checks run at the same time, each with
	// its own server in a sandbox of its own (grade.Suite.Parallel): a
	// check spends most of its time waiting for datagrams that must not
	// come, and the waits of four checks overlap.
	chatParallel = 4
)

func joinNotice(name string) string        { return name + " 进入了聊天室" }
func chatNotice(name, text string) string  { return name + " ： " + text }
func leaveNotice(name string) string       { return name + " 退出了聊天室" }
func adminNotice(text string) string       { return "管理员消息： " + text }
func isJoinNotice(s string) bool           { return strings.HasSuffix(s, " 进入了聊天室") }
func except(bad string) func(string) bool  { return func(s string) bool { return s != bad } }
func chatRequest(name, text string) string { return "C " + name + " " + text }

// chatRoom is one check's room: the student's server on a loopback port the
// checker picked, the fake clients talking to it, and, for the checks of
// lessons 13 to 15, the room as the rules say it is (chat_rules.go).
type chatRoom struct {
	t      *grade.T
	server *grade.Program
	addr   netip.AddrPort
	epoch  time.Time
	probe  *chatprobe.Peer
	peers  []*chatprobe.Peer
	used   map[string]bool
	ready  bool // the probe has had an answer

	race     bool // start the server built with the race detector
	rules    chatRules
	graded   chatKind                         // the kinds of datagram this check accounts for
	order    []*chatprobe.Peer                // every fake client, the probe first
	own      map[*chatprobe.Peer]string       // the name each logged in with
	members  map[string]*chatprobe.Peer       // who is in the room now, by name
	left     map[*chatprobe.Peer]bool         // who has quit
	allowed  map[*chatprobe.Peer][]*allowance // what each may receive besides what is due
	forbid   forbidden                        // notices that must not come, and why
	lastSend time.Time                        // when a request (or an announcement) was last sent
}

// inRoom makes a check out of a scenario played by the rules: it starts
// the server, waits until it answers (the probe is then a user of the room
// like any other), runs the scenario, accounts for everything every fake
// client received until chatSettle after the last request, and, whatever
// happens, attaches every fake client's transcript (shown when the check
// fails). graded are the kinds of datagram the check is about.
func inRoom(rules chatRules, graded chatKind, scenario func(r *chatRoom) error) func(*grade.T) error {
	return func(t *grade.T) error {
		r := newRoom(t, rules, graded)
		defer r.attach()
		if err := r.start(); err != nil {
			return err
		}
		if err := scenario(r); err != nil {
			return r.explain(err)
		}
		return r.explain(r.settle())
	}
}

func newRoom(t *grade.T, rules chatRules, graded chatKind) *chatRoom {
	return &chatRoom{
		t: t, used: map[string]bool{}, epoch: time.Now(), rules: rules, graded: graded,
		own: map[*chatprobe.Peer]string{}, members: map[string]*chatprobe.Peer{}, left: map[*chatprobe.Peer]bool{},
		allowed: map[*chatprobe.Peer][]*allowance{}, forbid: forbidden{},
	}
}

// start runs the server with -addr on a free loopback port and probes it
// with a login until it answers (readiness is the one thing retried). The
// probe stays in the room: it is told what everyone is told.
func (r *chatRoom) start() error {
	addr, err := chatprobe.FreePort()
	if err != nil {
		return err
	}
	r.addr = addr
	p, err := r.t.StartWith(grade.StartOptions{Args: []string{"-addr", addr.String()}, Race: r.race})
	if err != nil {
		return err
	}
	r.server, r.epoch = p, p.Started
	r.probe, err = chatprobe.Listen(r.t.Context(), "readiness probe (checker)", addr, r.epoch)
	if err != nil {
		return err
	}
	r.order = append(r.order, r.probe)
	name := r.name(false)
	r.own[r.probe] = name
	login := "L " + name
	deadline := time.Now().Add(chatReady)
	var boundAt time.Time // when the socket was first seen bound, if known
	for sent := 1; ; sent++ {
		if ex := p.Exited(); ex != nil {
			return grade.Errorf("your server ended (%s) before it answered a login: it must keep running and answer %q sent to -addr %s", *ex, login, addr.String())
		}
		if bound, _ := chatprobe.Bound(addr); bound && boundAt.IsZero() {
			boundAt = time.Now()
		}
		if err := r.probe.Send(login); err != nil {
			return err
		}
		r.lastSend = time.Now()
		d, err := r.probe.Recv(25 * time.Millisecond)
		for err == nil && r.kindOf(r.probe, d.Text()) != kindReply {
			// A notice before the answer (its own join notice, say) is
			// another check's business, or this one's.
			if !r.passOver(r.probe, d) {
				r.probe.Mark(d, "unexpected")
				return grade.Errorf("%s got %q before the answer to %q: %s", who(r.probe), d.Text(), login, r.whyNot(r.probe, d.Text()))
			}
			d, err = r.probe.Recv(25 * time.Millisecond)
		}
		switch {
		case err == nil && d.Text() != "OK":
			r.probe.Mark(d, "unexpected")
			return grade.Errorf("your server answered %q to %q, a login with a free name: the answer is exactly OK", d.Text(), login)
		case err == nil:
			r.ready = true
			r.own[r.probe], r.members[name] = name, r.probe
			// The earlier logins may arrive after all: each is answered
			// OK again (R6), or refused by a server that does not know
			// its own user; either way it is no check's business here.
			r.allow(r.probe, sent-1, func(s string) bool { return r.kindOf(r.probe, s) == kindReply })
			return nil
		case !errors.Is(err, chatprobe.ErrNothing):
			return err
		case !boundAt.IsZero() && time.Since(boundAt) > chatAnswer:
			// Listening, but not answering: a server that reads its
			// socket answers a login in microseconds.
			return grade.Errorf("your server listens on -addr %s but did not answer %q within %s: it must read every datagram and answer a login with OK", addr.String(), login, fmtDur(chatAnswer))
		case time.Now().After(deadline):
			return grade.Errorf("your server did not answer %q sent to -addr %s for %s: it must listen on that address and answer every login", login, addr.String(), fmtDur(chatReady))
		}
	}
}

// endedFailure is a failure that already says the server ended.
type endedFailure struct{ error }

func (e endedFailure) Unwrap() error { return e.error }

// explain adds to a failure that the server had died meanwhile, which is
// usually the real story.
func (r *chatRoom) explain(err error) error {
	var told endedFailure
	if err == nil || r.server == nil || !grade.IsFailure(err) || errors.As(err, &told) {
		return err
	}
	if ex := r.server.Exited(); ex != nil {
		return grade.Errorf("%s; meanwhile your server ended (%s)", err, *ex)
	}
	return err
}

// attach shows every fake client's transcript, the probe's last.
func (r *chatRoom) attach() {
	var ps []*chatprobe.Peer
	for _, p := range r.peers {
		ps = append(ps, p)
		p.Close()
	}
	if r.probe != nil {
		// The probe logged in first, to see that the server was up; it
		// stays in the room and hears what everyone hears.
		ps = append(ps, r.probe)
		r.probe.Close()
	}
	if len(ps) > 0 {
		r.t.Attach(i18n.M("what each fake client sent and received (seconds since your program started)"), chatprobe.Logs(ps...))
	}
}

var (
	chatLatinNames   = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor", "walter"}
	chatChineseNames = []string{"小明", "小红", "小刚", "小丽", "阿强", "老王", "张三", "李四", "王芳", "陈静"}
	chatTexts        = []string{"hello everyone", "see you at 3 pm", "大家好", "今天 下午 三点 开会", "who has the notes?", "我 同意 :)", "good night", "明天见"}
	chatChineseTexts = []string{"大家好", "今天 下午 三点 开会", "我 同意 :)", "明天见", "你好，世界", "作业：第 3 题"}
)

// chatText draws an ordinary chat text: a few words, Latin or Chinese, and a
// number, so that nothing can be known in advance.
func chatText(rnd *rand.Rand) string {
	return fmt.Sprintf("%s #%d", chatTexts[rnd.Intn(len(chatTexts))], 100+rnd.Intn(900))
}

// chatEdgeTexts draws one text of each kind the lessons say must be kept
// exactly as sent, in a random order: double spaces, a leading space,
// trailing spaces, Chinese, colons (ASCII, full-width, one that looks like
// an announcement) and the README's own "see  you ".
func chatEdgeTexts(rnd *rand.Rand) []string {
	n := func() int { return 10 + rnd.Intn(90) }
	texts := []string{
		fmt.Sprintf("see  you %d ", n()),
		fmt.Sprintf(" %s %d", chatTexts[rnd.Intn(len(chatTexts))], n()),
		fmt.Sprintf("%s  %d  ", chatChineseTexts[rnd.Intn(len(chatChineseTexts))], n()),
		fmt.Sprintf("a  b   c %d", n()),
		fmt.Sprintf("time: %d:%02d ： ok", 1+rnd.Intn(12), rnd.Intn(60)),
		fmt.Sprintf("管理员消息： not really %d", n()),
	}
	rnd.Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })
	return texts
}

// name returns a name nobody in this room has had, Latin or Chinese, with
// digits so that a program cannot know it in advance. Names differ in more
// than case: the chat room compares names without it.
func (r *chatRoom) name(chinese bool) string {
	for {
		list := chatLatinNames
		if chinese {
			list = chatChineseNames
		}
		n := fmt.Sprintf("%s%d", list[r.t.Rand.Intn(len(list))], 10+r.t.Rand.Intn(90))
		if !r.used[strings.ToLower(n)] {
			r.used[strings.ToLower(n)] = true
			return n
		}
	}
}

// text returns a chat text with spaces or Chinese, and a number.
func (r *chatRoom) text() string { return chatText(r.t.Rand) }

// client opens a fake client's socket; label names it in transcripts.
func (r *chatRoom) client(label string) (*chatprobe.Peer, error) {
	p, err := chatprobe.Listen(r.t.Context(), label, r.addr, r.epoch)
	if err != nil {
		return nil, err
	}
	r.peers = append(r.peers, p)
	r.order = append(r.order, p)
	return p, nil
}

// join logs a new fake client in as name and waits for its OK, passing over
// join notices (their own checks grade those).
func (r *chatRoom) join(name string) (*chatprobe.Peer, error) {
	c, err := r.client(name)
	if err != nil {
		return nil, err
	}
	if err := c.Send("L " + name); err != nil {
		return nil, err
	}
	return c, r.expect(c, "OK", isJoinNotice)
}

// joinAll logs in a fresh client for each name, in order.
func (r *chatRoom) joinAll(names ...string) ([]*chatprobe.Peer, error) {
	var cs []*chatprobe.Peer
	for _, n := range names {
		c, err := r.join(n)
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// expect waits for want at c, passing over datagrams skip accepts (nil
// skips nothing); anything else first is a failure.
func (r *chatRoom) expect(c *chatprobe.Peer, want string, skip func(string) bool) error {
	end := time.Now().Add(chatWait)
	var skipped []string
	for {
		d, err := c.Recv(time.Until(end))
		switch {
		case errors.Is(err, chatprobe.ErrNothing) && len(skipped) > 0:
			return grade.Errorf("%s waited %s for %q and received only %s", c.Name, fmtDur(chatWait), want, strings.Join(skipped, ", "))
		case errors.Is(err, chatprobe.ErrNothing):
			return grade.Errorf("%s waited %s for %q and received nothing", c.Name, fmtDur(chatWait), want)
		case err != nil:
			return err
		case d.Text() == want:
			return nil
		case skip != nil && skip(d.Text()):
			skipped = append(skipped, fmt.Sprintf("%q", d.Text()))
		default:
			return grade.Errorf("%s received %q, want %q", c.Name, d.Text(), want)
		}
	}
}

// expectAll waits for want at each client in turn.
func (r *chatRoom) expectAll(cs []*chatprobe.Peer, want string, skip func(string) bool) error {
	for _, c := range cs {
		if err := r.expect(c, want, skip); err != nil {
			return err
		}
	}
	return nil
}

// who names a fake peer in a message, in the reader's language when its
// name is a word of the catalog ("fake server").
func who(p *chatprobe.Peer) i18n.Localizer { return peerName(p.Name) }

type peerName string

func (n peerName) In(l i18n.Lang) string { return i18n.T(l, string(n)) }

// fmtDur shows a duration to a tenth of a second in the reader's language:
// "1.5 s", "1.5 秒".
func fmtDur(d time.Duration) i18n.Localizer {
	return seconds{strings.TrimSuffix(fmt.Sprintf("%.1f", d.Seconds()), ".0")}
}

// fmtSecs shows a duration to the millisecond: "0.012 s", "0.012 秒".
func fmtSecs(d time.Duration) i18n.Localizer { return seconds{fmt.Sprintf("%.3f", d.Seconds())} }

// seconds is a number of seconds, with its unit in the reader's language.
type seconds struct{ n string }

func (s seconds) In(l i18n.Lang) string {
	if l == i18n.Zh {
		return s.n + " 秒"
	}
	return s.n + " s"
}

func (s seconds) String() string { return s.In(i18n.En) }

func init() {
	i18n.Register(map[string]string{
		"%s got %q before the answer to %q: %s": "%[1]s 在收到对 %[3]q 的回复之前先收到了 %[2]q：%[4]s",
		"your server ended (%s) before it answered a login: it must keep running and answer %q sent to -addr %s":                  "你的服务器在回答登录之前就结束了（%s）：它必须一直运行，并回答发到 -addr %[3]s 的 %[2]q",
		"your server did not answer %q sent to -addr %s for %s: it must listen on that address and answer every login":            "发到 -addr %[2]s 的 %[1]q 在 %[3]s 内没有得到你的服务器的回答：它必须在这个地址上监听，并回答每一个登录请求",
		"your server listens on -addr %s but did not answer %q within %s: it must read every datagram and answer a login with OK": "你的服务器在 -addr %s 上监听，但 %[3]s 内没有回答 %[2]q：它必须读取每个数据报，并对登录回答 OK",
		"%s; meanwhile your server ended (%s)":                                              "%s；此时你的服务器已经结束（%s）",
		"what each fake client sent and received (seconds since your program started)":      "每个模拟客户端发送和收到的数据报（从你的程序启动起的秒数）",
		"%s waited %s for %q and received only %s":                                          "%s 等了 %s，没有收到 %q，只收到 %s",
		"your server answered %q to %q, a login with a free name: the answer is exactly OK": "对名字未被占用的登录请求 %[2]q，你的服务器回复了 %[1]q：回复应当恰好是 OK",
		"readiness probe (checker)":                                                         "就绪探测（检查器）",
		"stranger":                                                                          "陌生人",
		"another stranger":                                                                  "另一个陌生人",
	})
}
