package checks

import (
	"errors"
	"strings"
	"time"

	"forkroom/internal/chatprobe"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// Login grades lesson 13: `server -addr HOST:PORT` answers a login `L name`
// with exactly "OK" when the name is free, with a one-line reason when it is
// taken, and tells everyone already in the room "name 进入了聊天室".
func Login() grade.Suite {
	return grade.Suite{Checks: loginChecks()}
}

// loginChecks are lesson 13's checks; lessons 14, 15 and chatroom/ grade
// them too, since the server grows lesson by lesson.
func loginChecks() []grade.Check {
	return []grade.Check{
		{
			ID: "login-ok", Title: "answers OK to a login with a free name", Points: 2, Timeout: chatTimeout,
			Hint: "Read a datagram with ReadFromUDPAddrPort, split off the type and the name, and answer the sender's address with exactly \"OK\" (no line end) using WriteToUDPAddrPort.",
			Run:  inRoom(scenarioLoginOK),
		},
		{
			ID: "unique-names", Title: "refuses a name already in the room with a one-line reason, and tells nobody", Points: 2, Timeout: chatTimeout,
			Hint: "Keep a map from name to address; when the name is already a key, answer the sender with a reason such as \"name taken\" and do not add it or announce it.",
			Run:  inRoom(scenarioUniqueNames),
		},
		{
			ID: "join-notice", Title: "tells everyone already in the room who came in, and not the newcomer", Points: 3, Timeout: chatTimeout,
			Hint: "Before adding the newcomer to the map, send \"name 进入了聊天室\" to every address already in it; the newcomer gets only its OK.",
			Run:  inRoom(scenarioJoinNotice),
		},
		{
			ID: "line-ends", Title: "ignores one trailing \\n or \\r\\n, as nc sends", Points: 1, Timeout: chatTimeout,
			Hint: "Cut one \"\\n\" and then one \"\\r\" off the end of the datagram before you split it, or the name becomes \"bob\\r\".",
			Run:  inRoom(scenarioLineEnds),
		},
		{
			ID: "bad-datagrams", Title: "keeps working after an empty or malformed datagram", Points: 2, Timeout: chatTimeout,
			Hint: "Never index a datagram before checking its length: an empty datagram has no byte 0, and \"L\" has no name. Ignore (or answer) what you cannot parse and read the next one.",
			Run:  inRoom(scenarioBadDatagrams),
		},
	}
}

func scenarioLoginOK(r *chatRoom) error {
	name := r.name(false)
	c, err := r.client(name)
	if err != nil {
		return err
	}
	if err := c.Send("L " + name); err != nil {
		return err
	}
	return r.expect(c, "OK", isJoinNotice)
}

func scenarioUniqueNames(r *chatRoom) error {
	name := r.name(false)
	owner, err := r.join(name)
	if err != nil {
		return err
	}
	other, err := r.client("second " + name)
	if err != nil {
		return err
	}
	if err := other.Send("L " + name); err != nil {
		return err
	}
	d, err := other.Recv(chatWait)
	switch {
	case errors.Is(err, chatprobe.ErrNothing):
		return grade.Errorf("a second client sent %q while %s was in the room and got no answer in %s: a refused login must be answered with a one-line reason", "L "+name, name, fmtDur(chatWait))
	case err != nil:
		return err
	case d.Text() == "OK":
		return grade.Errorf("a second client sent %q while %s was in the room and got %q: two users must not share a name", "L "+name, name, "OK")
	case strings.TrimSpace(d.Text()) == "":
		return grade.Errorf("a second client sent %q while %s was in the room and got %q: the reason must say why, e.g. %q", "L "+name, name, d.Text(), "name taken")
	case strings.ContainsAny(strings.TrimRight(d.Text(), "\r\n"), "\r\n"):
		return grade.Errorf("a second client sent %q while %s was in the room and got %q: the reason must be one line", "L "+name, name, d.Text())
	}
	return owner.ExpectNothing(chatQuiet, i18n.M("a refused login is announced to nobody"), nil)
}

func scenarioJoinNotice(r *chatRoom) error {
	first, second, third := r.name(false), r.name(false), r.name(true)
	a, err := r.join(first)
	if err != nil {
		return err
	}
	b, err := r.client(second)
	if err != nil {
		return err
	}
	if err := b.Send("L " + second); err != nil {
		return err
	}
	if _, err := b.Expect("OK", chatWait); err != nil {
		return err
	}
	if _, err := a.Expect(joinNotice(second), chatWait); err != nil {
		return err
	}
	c, err := r.client(third)
	if err != nil {
		return err
	}
	if err := c.Send("L " + third); err != nil {
		return err
	}
	if _, err := c.Expect("OK", chatWait); err != nil {
		return err
	}
	if _, err := a.Expect(joinNotice(third), chatWait); err != nil {
		return err
	}
	if _, err := b.Expect(joinNotice(third), chatWait); err != nil {
		return err
	}
	return c.ExpectNothing(chatQuiet, i18n.M("the newcomer gets only its OK, not its own join notice"), nil)
}

func scenarioLineEnds(r *chatRoom) error {
	first, second := r.name(false), r.name(false)
	a, err := r.client(first)
	if err != nil {
		return err
	}
	if err := a.Send("L " + first + "\n"); err != nil {
		return err
	}
	if err := r.expect(a, "OK", isJoinNotice); err != nil {
		return err
	}
	b, err := r.client(second)
	if err != nil {
		return err
	}
	if err := b.Send("L " + second + "\r\n"); err != nil {
		return err
	}
	if err := r.expect(b, "OK", isJoinNotice); err != nil {
		return err
	}
	return r.expect(a, joinNotice(second), nil)
}

// chatBadDatagrams are sent, one at a time, by a client that never logs in.
var chatBadDatagrams = []string{"", "\n", "X", "l alice", "L", "C", "Q", "CQ"}

func scenarioBadDatagrams(r *chatRoom) error {
	a, err := r.join(r.name(false))
	if err != nil {
		return err
	}
	s, err := r.client("stranger")
	if err != nil {
		return err
	}
	for _, d := range chatBadDatagrams {
		if err := s.Send(d); err != nil {
			return err
		}
		// Whatever it answers is its choice; it must go on running.
		if _, err := s.Quiet(60 * time.Millisecond); err != nil {
			return err
		}
		if ex := r.server.Exited(); ex != nil {
			return endedFailure{grade.Errorf("your server ended (%s) right after it received the datagram %q", *ex, d)}
		}
	}
	next := r.name(true)
	if _, err := r.join(next); err != nil {
		return err
	}
	return r.expect(a, joinNotice(next), isJoinNotice)
}

func init() {
	i18n.Register(map[string]string{
		"answers OK to a login with a free name": "对使用未被占用名字的登录回答 OK",
		"Read a datagram with ReadFromUDPAddrPort, split off the type and the name, and answer the sender's address with exactly \"OK\" (no line end) using WriteToUDPAddrPort.":     "用 ReadFromUDPAddrPort 读一个数据报，拆出类型和名字，再用 WriteToUDPAddrPort 向发送者的地址回答恰好 \"OK\"（不带换行）。",
		"refuses a name already in the room with a one-line reason, and tells nobody":                                                                                                "拒绝聊天室里已有的名字，回答一行原因，并且不通知任何人",
		"Keep a map from name to address; when the name is already a key, answer the sender with a reason such as \"name taken\" and do not add it or announce it.":                  "用一个从名字到地址的 map；名字已经是键时，向发送者回答一个原因（例如 \"name taken\"），不要加入也不要通知。",
		"tells everyone already in the room who came in, and not the newcomer":                                                                                                       "告诉已在聊天室里的每个人谁进来了，但不告诉新来的人自己",
		"Before adding the newcomer to the map, send \"name 进入了聊天室\" to every address already in it; the newcomer gets only its OK.":                                                 "把新人加入 map 之前，向 map 中已有的每个地址发送 \"名字 进入了聊天室\"；新人只收到自己的 OK。",
		"ignores one trailing \\n or \\r\\n, as nc sends":                                                                                                                            "忽略末尾的一个 \\n 或 \\r\\n（nc 会发送它们）",
		"Cut one \"\\n\" and then one \"\\r\" off the end of the datagram before you split it, or the name becomes \"bob\\r\".":                                                      "拆分之前先去掉数据报末尾的一个 \"\\n\"，再去掉一个 \"\\r\"，否则名字会变成 \"bob\\r\"。",
		"keeps working after an empty or malformed datagram":                                                                                                                         "收到空的或格式错误的数据报后仍能正常工作",
		"Never index a datagram before checking its length: an empty datagram has no byte 0, and \"L\" has no name. Ignore (or answer) what you cannot parse and read the next one.": "先检查长度再取下标：空数据报没有第 0 个字节，\"L\" 没有名字。无法解析的数据报就忽略（或回答），然后读下一个。",
		"a second client sent %q while %s was in the room and got no answer in %s: a refused login must be answered with a one-line reason":                                          "%[2]s 在聊天室里时，第二个客户端发送 %[1]q，%[3]s 内没有得到回答：被拒绝的登录必须得到一行原因",
		"a second client sent %q while %s was in the room and got %q: two users must not share a name":                                                                               "%[2]s 在聊天室里时，第二个客户端发送 %[1]q，得到 %[3]q：两个用户不能用同一个名字",
		"a second client sent %q while %s was in the room and got %q: the reason must say why, e.g. %q":                                                                              "%[2]s 在聊天室里时，第二个客户端发送 %[1]q，得到 %[3]q：原因要说明为什么，例如 %[4]q",
		"a second client sent %q while %s was in the room and got %q: the reason must be one line":                                                                                   "%[2]s 在聊天室里时，第二个客户端发送 %[1]q，得到 %[3]q：原因必须只有一行",
		"a refused login is announced to nobody":                         "被拒绝的登录不应通知任何人",
		"the newcomer gets only its OK, not its own join notice":         "新人只应收到自己的 OK，而不是自己的进入通知",
		"your server ended (%s) right after it received the datagram %q": "你的服务器收到数据报 %[2]q 后立即结束了（%[1]s）",
	})
}
