package checks

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"forkroom/internal/chatprobe"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// The chat room's rules as the checker plays them (PROTOCOL-RULES.md R1-R9,
// chatroom/PROTOCOL.md). A check does not only wait for the datagrams it is
// about: for every request a fake client sends, the room works out what
// every fake client must receive, and every datagram any of them receives
// until the end of the check must be one of those. A check ends with a
// quiet period, chatSettle after the last request, that is part of the same
// accounting: a forbidden datagram sent late (an echo 600 ms after the
// chat) fails the check just as one sent at once.
//
// Each check grades some kinds of datagram (chatKind): those it waits for
// and accounts for. Datagrams of other kinds are passed over, marked so in
// the transcripts: another check grades them, so that one mistake costs the
// check named for it, not every check.

// chatRules says by which protocol a room is graded.
type chatRules struct {
	// errReplies: the chat room answers a request the lessons ignore
	// (malformed, from the wrong address, a chat without text) with
	// "ERR <code> …" to its sender. The lessons send nothing.
	errReplies bool
}

var (
	// lessonRules are lessons 13 to 15's.
	lessonRules = chatRules{}
	// chatroomRules are chatroom/PROTOCOL.md's.
	chatroomRules = chatRules{errReplies: true}
)

// chatSettle is how long after the last request a check goes on listening.
const chatSettle = 800 * time.Millisecond

// chatKind is what a datagram is, seen from the fake client that received
// it.
type chatKind int

const (
	kindReply    chatKind = 1 << iota // OK, BYE, a reason, ERR …: anything that is not a notice
	kindJoin                          // someone else's join notice
	kindOwnJoin                       // the receiver's own join notice
	kindChat                          // someone else's chat
	kindOwnChat                       // the receiver's own chat, sent back
	kindLeave                         // someone else's leave notice
	kindOwnLeave                      // the receiver's own leave notice
	kindAdmin                         // an announcement
)

// noticeName splits a notice "NAME<rest>" at the first space: a name has
// none.
func noticeName(s, rest string) (string, bool) {
	i := strings.IndexByte(s, ' ')
	if i <= 0 {
		return "", false
	}
	return s[:i], strings.HasPrefix(s[i:], rest)
}

// kindOf says what s is for the fake client p.
func (r *chatRoom) kindOf(p *chatprobe.Peer, s string) chatKind {
	own := r.own[p]
	pick := func(name string, theirs, mine chatKind) chatKind {
		if own != "" && name == own {
			return mine
		}
		return theirs
	}
	if strings.HasPrefix(s, "管理员消息：") {
		return kindAdmin
	}
	if n, ok := noticeName(s, " ： "); ok {
		return pick(n, kindChat, kindOwnChat)
	}
	if n, ok := noticeName(s, " 进入了聊天室"); ok && s == joinNotice(n) {
		return pick(n, kindJoin, kindOwnJoin)
	}
	if n, ok := noticeName(s, " 退出了聊天室"); ok && s == leaveNotice(n) {
		return pick(n, kindLeave, kindOwnLeave)
	}
	return kindReply
}

// due is one datagram a fake client must receive.
type due struct {
	peer *chatprobe.Peer
	// want is the exact datagram; when reason is set, any one line that
	// is neither "OK" nor a notice will do: a refused login.
	want   string
	reason bool
	kind   chatKind
	// cause says what it answers: `the answer to "L alice"`, `alice
	// sent "C alice hi"`.
	cause i18n.Msg
	// note, when set, says why, for a failure: why the login is refused,
	// why a repeated login is OK.
	note i18n.Msg
}

// allowance is a datagram a fake client may receive, or not: a reply the
// chat room may send, a reply to a repeated probe.
type allowance struct {
	match func(string) bool
	left  int
}

// forbidden explains, for a failure, why a datagram must not come: the
// notice an ignored request would have caused.
type forbidden map[string]i18n.Msg

// member reports whether p is in the room, by the room's rules.
func (r *chatRoom) member(p *chatprobe.Peer) bool {
	n, ok := r.own[p]
	return ok && r.members[n] == p
}

// othersThan lists every member but p, the probe included.
func (r *chatRoom) othersThan(p *chatprobe.Peer) []*chatprobe.Peer {
	var out []*chatprobe.Peer
	for _, q := range r.order {
		if q != p && r.member(q) {
			out = append(out, q)
		}
	}
	return out
}

// allow lets p receive up to n datagrams that match.
func (r *chatRoom) allow(p *chatprobe.Peer, n int, match func(string) bool) {
	r.allowed[p] = append(r.allowed[p], &allowance{match: match, left: n})
}

func isERR(s string) bool { return strings.HasPrefix(s, "ERR ") }

// ignored is what a request the lessons ignore may bring its sender: nothing
// in the lessons, "ERR …" from the chat room.
func (r *chatRoom) ignored(p *chatprobe.Peer) {
	if r.rules.errReplies {
		r.allow(p, 1, isERR)
	}
}

// isReason reports whether s can be the one-line reason a login is refused
// with: not OK, not a notice, one line.
func (r *chatRoom) isReason(p *chatprobe.Peer, s string) bool {
	return s != "OK" && r.kindOf(p, s) == kindReply
}

// send sends datagram from p and works out, by the rules, what every fake
// client must receive because of it; then it waits for what this check
// grades.
func (r *chatRoom) send(p *chatprobe.Peer, datagram string) error {
	return r.step(p, datagram, 0, i18n.Msg{})
}

// sendNoted is send; a failure of what p itself must receive adds note,
// why it is due.
func (r *chatRoom) sendNoted(p *chatprobe.Peer, datagram string, note i18n.Msg) error {
	return r.step(p, datagram, 0, note)
}

// step sends datagram from p by the rules, grading the kinds also besides
// the check's own for this request, with note on what p must receive.
func (r *chatRoom) step(p *chatprobe.Peer, datagram string, also chatKind, note i18n.Msg) error {
	graded := r.graded
	r.graded |= also
	defer func() { r.graded = graded }()
	dues := r.rulesFor(p, datagram)
	for i := range dues {
		if dues[i].peer == p && note.Format != "" {
			dues[i].note = note
		}
	}
	r.lastSend = time.Now()
	if err := p.Send(datagram); err != nil {
		return err
	}
	return r.await(dues)
}

// sendGrading is send, with the kinds also graded for this request (and
// what it calls for) besides the check's own.
func (r *chatRoom) sendGrading(also chatKind, p *chatprobe.Peer, datagram string) error {
	return r.step(p, datagram, also, i18n.Msg{})
}

// rulesFor is the room's rules: what every fake client must receive when p
// sends datagram, and the room changed accordingly.
func (r *chatRoom) rulesFor(p *chatprobe.Peer, datagram string) []due {
	answer := i18n.M("the answer to %q", datagram)
	req, _, ok := protoRules(datagram)
	if !ok {
		switch {
		case isLoginShape(datagram) && loginNeedsReason(datagram):
			// R3, R5: every L gets an answer, the reason why not.
			return []due{{peer: p, reason: true, kind: kindReply, cause: answer, note: i18n.M("a malformed login is answered with a reason, never taken as a name")}}
		case isLoginShape(datagram):
			// A login broken by a line end or a byte that is not
			// UTF-8: a reason, or nothing; never OK.
			r.allow(p, 1, func(s string) bool { return r.isReason(p, s) })
		default:
			// R5: ignored.
			r.ignored(p)
			if rest, ok := strings.CutPrefix(strings.TrimRight(datagram, "\r\n"), "C "); ok {
				name, _, _ := strings.Cut(rest, " ")
				r.forbid[chatNotice(name, "")] = i18n.M("%q has no text: a chat without text is ignored", datagram)
			}
		}
		return nil
	}
	switch req.typ {
	case 'L':
		return r.loginRules(p, req.name, datagram, answer)
	case 'C':
		notice := chatNotice(req.name, req.text)
		if r.members[req.name] != p {
			r.ignored(p)
			r.forbid[notice] = i18n.M("%s sent %q, but only the address that logged in as %s speaks for it: it is ignored", who(p), datagram, req.name)
			return nil
		}
		var dues []due
		for _, q := range r.othersThan(p) {
			dues = append(dues, due{peer: q, want: notice, kind: kindChat, cause: i18n.M("%s sent %q", who(p), datagram)})
		}
		return dues
	default: // 'Q'
		notice := leaveNotice(req.name)
		if r.members[req.name] != p {
			r.ignored(p)
			r.forbid[notice] = i18n.M("%s sent %q, but only the address that logged in as %s can make it quit: it is ignored", who(p), datagram, req.name)
			return nil
		}
		// R8: BYE to the one leaving, the notice to everyone else.
		delete(r.members, req.name)
		r.left[p] = true
		dues := []due{{peer: p, want: "BYE", kind: kindReply, cause: answer}}
		for _, q := range r.othersThan(p) {
			dues = append(dues, due{peer: q, want: notice, kind: kindLeave, cause: i18n.M("%s sent %q", who(p), datagram)})
		}
		return dues
	}
}

// loginRules are R6 and R9 for "L name" from p.
func (r *chatRoom) loginRules(p *chatprobe.Peer, name, datagram string, answer i18n.Msg) []due {
	own, in := r.own[p]
	switch {
	case in && r.member(p) && own == name:
		// R6: its OK was lost; OK again, no second join notice.
		return []due{{peer: p, want: "OK", kind: kindReply, cause: answer, note: i18n.M("%s is already logged in as %s from this very address: a login repeated (its OK may have been lost) is answered OK again, and announced to nobody", who(p), name)}}
	case in && r.member(p):
		r.forbid[joinNotice(name)] = i18n.M("%s is logged in as %s, so its %q is refused and announced to nobody", who(p), own, datagram)
		return []due{{peer: p, reason: true, kind: kindReply, cause: answer, note: i18n.M("this address is already logged in as %s: one address holds one name", own)}}
	case r.members[name] != nil:
		r.forbid[joinNotice(name)] = i18n.M("%s is taken, so a second %q is refused and announced to nobody", name, datagram)
		return []due{{peer: p, reason: true, kind: kindReply, cause: answer, note: i18n.M("%s is taken by another address: two users must not share a name", name)}}
	}
	// A free name: the others are told, the newcomer gets OK.
	var dues []due
	for _, q := range r.othersThan(p) {
		dues = append(dues, due{peer: q, want: joinNotice(name), kind: kindJoin, cause: i18n.M("%s sent %q", who(p), datagram)})
	}
	r.members[name], r.own[p] = p, name
	delete(r.left, p)
	return append(dues, due{peer: p, want: "OK", kind: kindReply, cause: answer})
}

// isLoginShape reports whether a malformed datagram is still a login: "L"
// or "L " and anything, after one line end is cut.
func isLoginShape(d string) bool {
	d = strings.TrimSuffix(strings.TrimSuffix(d, "\n"), "\r")
	return d == "L" || strings.HasPrefix(d, "L ")
}

// loginNeedsReason: the malformed logins the rules name (R3, R5) must be
// answered with a reason: no name ("L", "L ", "L  bob"), a name followed by
// more ("L bob smith"). One broken by a line break or bad UTF-8 may be
// answered or ignored.
func loginNeedsReason(d string) bool {
	s, cut := strings.CutSuffix(d, "\r\n")
	if !cut {
		s = strings.TrimSuffix(d, "\n")
	}
	return !strings.ContainsAny(s, "\r\n") && !strings.ContainsFunc(s, func(r rune) bool { return r == 0xFFFD })
}

// announce types text on the server's stdin: every member gets the
// announcement.
func (r *chatRoom) announce(text string) error {
	var dues []due
	for _, q := range r.othersThan(nil) {
		dues = append(dues, due{peer: q, want: adminNotice(text), kind: kindAdmin, cause: i18n.M("the server's stdin got the line %q", text)})
	}
	r.lastSend = time.Now()
	if err := r.server.Send(text); err != nil {
		return err
	}
	return r.await(dues)
}

// await waits for each due datagram this check grades, in order at each
// fake client; what it grades not is passed over when it comes.
func (r *chatRoom) await(dues []due) error {
	for _, d := range dues {
		if r.graded&d.kind == 0 {
			continue
		}
		if err := r.awaitOne(d); err != nil {
			return err
		}
	}
	return nil
}

func (r *chatRoom) awaitOne(d due) error {
	p := d.peer
	end := time.Now().Add(chatWait)
	var passed []string
	for {
		got, err := p.Recv(time.Until(end))
		switch {
		case errors.Is(err, chatprobe.ErrNothing):
			return r.missing(d, passed)
		case err != nil:
			return err
		}
		s := got.Text()
		switch {
		case !d.reason && s == d.want:
			return nil
		case d.reason && r.isReason(p, s) && !strings.ContainsAny(strings.TrimSuffix(s, "\n"), "\r\n"):
			return nil
		case d.reason && s == "OK":
			p.Mark(got, "unexpected")
			return grade.Errorf("%s got %q, %s, want a one-line reason: %s", who(p), s, d.cause, d.note)
		case d.reason && r.isReason(p, s):
			p.Mark(got, "unexpected")
			return grade.Errorf("%s got %q, %s: a reason is one line", who(p), s, d.cause)
		case r.passOver(p, got):
			passed = append(passed, fmt.Sprintf("%q", s))
			continue
		}
		p.Mark(got, "unexpected")
		why := r.whyNot(p, s)
		if wn, _ := noticeName(d.want, " ： "); d.kind == kindChat && r.kindOf(p, s) == kindChat && strings.HasPrefix(s, wn+" ") {
			why = i18n.M("the text is everything after the space that ends the name, exactly as sent: spaces, Chinese and colons kept")
		}
		if strings.ContainsRune(s, '\r') && strings.ReplaceAll(s, "\r", "") == d.want {
			why = i18n.M("a line end is not part of the request: cut \"\\r\\n\", or else one \"\\n\", before you read the name")
		}
		if d.reason {
			return grade.Errorf("%s got %q while it waited for %s, a one-line reason: %s", who(p), s, d.cause, why)
		}
		if d.note.Format != "" && d.kind == kindReply {
			return grade.Errorf("%s got %q, %s, want %q: %s", who(p), s, d.cause, d.want, d.note)
		}
		return grade.Errorf("%s got %q while it waited for %q, %s: %s", who(p), s, d.want, d.cause, why)
	}
}

// missing is the failure for a due datagram that did not come.
func (r *chatRoom) missing(d due, passed []string) error {
	want := i18n.Localizer(i18n.Plain(fmt.Sprintf("%q", d.want)))
	if d.reason {
		want = i18n.M("a one-line reason")
	}
	if len(passed) > 0 {
		return grade.Errorf("%s waited %s for %s, %s, and received only %s", who(d.peer), fmtDur(chatWait), want, d.cause, strings.Join(passed, ", "))
	}
	if d.note.Format != "" {
		return grade.Errorf("%s waited %s for %s, %s, and received nothing: %s", who(d.peer), fmtDur(chatWait), want, d.cause, d.note)
	}
	return grade.Errorf("%s waited %s for %s, %s, and received nothing", who(d.peer), fmtDur(chatWait), want, d.cause)
}

// passOver accounts for a datagram no check waits for here: one allowed,
// or one of a kind this check does not grade.
func (r *chatRoom) passOver(p *chatprobe.Peer, d chatprobe.Datagram) bool {
	s := d.Text()
	for _, a := range r.allowed[p] {
		if a.left > 0 && a.match(s) {
			a.left--
			p.Mark(d, "passed over")
			return true
		}
	}
	if r.graded&r.kindOf(p, s) == 0 {
		p.Mark(d, "passed over")
		return true
	}
	return false
}

// whyNot says why s must not reach p.
func (r *chatRoom) whyNot(p *chatprobe.Peer, s string) i18n.Msg {
	if why, ok := r.forbid[s]; ok {
		return why
	}
	switch r.kindOf(p, s) {
	case kindOwnChat:
		return i18n.M("a chat is not sent back to its sender")
	case kindOwnJoin:
		return i18n.M("the newcomer gets only its OK, not its own join notice")
	case kindOwnLeave:
		return i18n.M("the one who quits gets BYE, not its own leave notice")
	}
	switch {
	case r.left[p]:
		return i18n.M("who has quit gets nothing more")
	case !r.member(p) && r.kindOf(p, s) != kindReply:
		return i18n.M("only users in the room get notices, and this address is not in it")
	case r.kindOf(p, s) == kindReply:
		return i18n.M("nothing this client sent calls for that answer: every L gets one answer, Q gets BYE, and nothing else is answered")
	case r.kindOf(p, s) == kindJoin:
		return i18n.M("each login is announced once, to everyone already in the room")
	}
	return i18n.M("nothing the fake clients did calls for it")
}

// settle ends a check: it listens until chatSettle after the last request
// and accounts for everything that arrived meanwhile.
func (r *chatRoom) settle() error {
	if err := r.t.Sleep(time.Until(r.lastSend.Add(chatSettle))); err != nil {
		return err
	}
	for _, p := range r.order {
		for {
			d, ok := p.TryRecv()
			if !ok {
				break
			}
			if r.passOver(p, d) {
				continue
			}
			p.Mark(d, "unexpected")
			return grade.Errorf("%s got %q, %s after your server started and %s after the last request: %s", who(p), d.Text(), fmtSecs(p.Since(d.At)), fmtSecs(max(d.At.Sub(r.lastSend), 0)), r.whyNot(p, d.Text()))
		}
	}
	return nil
}

// enter opens a new fake client named after name and logs it in.
func (r *chatRoom) enter(name string) (*chatprobe.Peer, error) {
	p, err := r.client(name)
	if err != nil {
		return nil, err
	}
	return p, r.send(p, "L "+name)
}

// enterGrading is enter, with the kinds also graded for the login.
func (r *chatRoom) enterGrading(also chatKind, name string) (*chatprobe.Peer, error) {
	p, err := r.client(name)
	if err != nil {
		return nil, err
	}
	return p, r.sendGrading(also, p, "L "+name)
}

// enterAll logs in a new fake client for each name, in order.
func (r *chatRoom) enterAll(names ...string) ([]*chatprobe.Peer, error) {
	var ps []*chatprobe.Peer
	for _, n := range names {
		p, err := r.enter(n)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// say sends "C name text" from p, where name is p's own.
func (r *chatRoom) say(p *chatprobe.Peer, text string) error {
	return r.send(p, chatRequest(r.own[p], text))
}

func init() {
	i18n.Register(map[string]string{
		"the answer to %q": "对 %q 的回复",
		"%s sent %q":       "%s 发送了 %q",
		"a malformed login is answered with a reason, never taken as a name":                                                                               "格式错误的登录请求要回复一个原因，决不能当作名字接受",
		"%s sent %q, but only the address that logged in as %s speaks for it: it is ignored":                                                               "%s 发送了 %q，但只有以 %s 登录的那个地址才能以它的名义说话：这个请求应被忽略",
		"%s sent %q, but only the address that logged in as %s can make it quit: it is ignored":                                                            "%s 发送了 %q，但只有以 %s 登录的那个地址才能让它退出：这个请求应被忽略",
		"%s is already logged in as %s from this very address: a login repeated (its OK may have been lost) is answered OK again, and announced to nobody": "%s 已经从这个地址以 %s 登录：同一地址重复登录（可能是 OK 丢了）要再回复 OK，而且不通知任何人",
		"%s is logged in as %s, so its %q is refused and announced to nobody":                                                                              "%s 已经以 %s 登录，所以它的 %q 应被拒绝，而且不通知任何人",
		"this address is already logged in as %s: one address holds one name":                                                                              "这个地址已经以 %s 登录：一个地址只能有一个名字",
		"%s is taken, so a second %q is refused and announced to nobody":                                                                                   "%s 已被占用，所以第二个 %q 应被拒绝，而且不通知任何人",
		"%s is taken by another address: two users must not share a name":                                                                                  "%s 已被另一个地址占用：两个用户不能用同一个名字",
		"the server's stdin got the line %q":                                                                                                               "服务器的标准输入收到一行 %q",
		"%s got %q, %s, want a one-line reason: %s":                                                                                                        "%s 收到 %q（%s），应为一行原因：%s",
		"%s got %q, %s: a reason is one line":                                                                                                              "%s 收到 %q（%s）：原因只能有一行",
		"%s got %q while it waited for %s, a one-line reason: %s":                                                                                          "%[1]s 在等%[3]s（一行原因）时收到 %[2]q：%[4]s",
		"%s got %q, %s, want %q: %s":                                                                                                                       "%s 收到 %q（%s），应为 %q：%s",
		"%s got %q while it waited for %q, %s: %s":                                                                                                         "%[1]s 在等 %[3]q（%[4]s）时收到 %[2]q：%[5]s",
		"a one-line reason":                                 "一行原因",
		"%s waited %s for %s, %s, and received only %s":     "%s 等了 %s，没有收到 %s（%s），只收到 %s",
		"%s waited %s for %s, %s, and received nothing: %s": "%s 等了 %s，没有收到 %s（%s），什么也没收到：%s",
		"%s waited %s for %s, %s, and received nothing":     "%s 等了 %s，没有收到 %s（%s），什么也没收到",
		"the text is everything after the space that ends the name, exactly as sent: spaces, Chinese and colons kept":       "内容是名字后面那个空格之后的全部，原样保留：空格、中文、冒号都不能动",
		"%q has no text: a chat without text is ignored":                                                                    "%q 没有内容：没有内容的聊天应当忽略",
		"a line end is not part of the request: cut \"\\r\\n\", or else one \"\\n\", before you read the name":              "行尾不属于请求：读名字之前先去掉 `\\r\\n`，没有的话去掉一个 `\\n`",
		"a chat is not sent back to its sender":                                                                             "聊天消息不发回给发送者",
		"the newcomer gets only its OK, not its own join notice":                                                            "新来的人只收到自己的 OK，不收到自己的进入通知",
		"the one who quits gets BYE, not its own leave notice":                                                              "退出的人收到 BYE，不收到自己的退出通知",
		"who has quit gets nothing more":                                                                                    "已经退出的人不再收到任何东西",
		"only users in the room get notices, and this address is not in it":                                                 "只有聊天室里的用户才收到通知，而这个地址不在聊天室里",
		"nothing this client sent calls for that answer: every L gets one answer, Q gets BYE, and nothing else is answered": "这个客户端发出的请求都不需要这个回复：每个 L 回复一次，Q 回复 BYE，其余的一概不回复",
		"each login is announced once, to everyone already in the room":                                                     "每次登录只通知一次，通知已经在聊天室里的每个人",
		"nothing the fake clients did calls for it":                                                                         "模拟客户端做的事都不需要它",
		"%s got %q, %s after your server started and %s after the last request: %s":                                         "%s 收到 %q（你的服务器启动后 %s，最后一个请求之后 %s）：%s",
	})
}
