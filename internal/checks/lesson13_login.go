package checks

import (
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// Login grades lesson 13: `server -addr HOST:PORT` answers every login `L
// name` once: exactly "OK" when the name is free (or is already the
// sender's own), a one-line reason otherwise; it tells everyone already in
// the room "name 进入了聊天室", once; one address holds one name; and every
// other datagram is ignored. Each check plays its scenario by the rules
// (chat_rules.go), so every datagram of the kinds it grades is accounted
// for until the end of the check.
func Login() grade.Suite {
	return grade.Suite{Checks: loginChecks(lessonRules), Parallel: chatParallel}
}

// loginChecks are lesson 13's checks; lessons 14, 15 and chatroom/ grade
// them too, since the server grows lesson by lesson.
func loginChecks(rules chatRules) []grade.Check {
	return []grade.Check{
		{
			ID: "login-ok", Title: "answers exactly OK to a login with a free name, once", Points: 2, Timeout: chatTimeout,
			Hint: "Read a datagram with ReadFromUDPAddrPort, split off the type and the name, and answer the sender's address with exactly \"OK\" (no line end) using WriteToUDPAddrPort: one answer per login.",
			Run:  inRoom(rules, kindReply, scenarioLoginOK),
		},
		{
			ID: "unique-names", Title: "refuses a name already in the room with a one-line reason, and tells nobody", Points: 2, Timeout: chatTimeout,
			Hint: "Keep a map from name to address; when the name is already a key, answer the sender with a reason such as \"name taken\", and do not add it or announce it. A refused address is not in the room: it gets no notices.",
			Run:  inRoom(rules, kindReply|kindJoin, scenarioUniqueNames),
		},
		{
			ID: "one-address", Title: "one address holds one name: a repeated login is OK again with no second notice, a second name is refused", Points: 2, Timeout: chatTimeout,
			Hint: "Keep a second map, from address to name. An L from an address already in the room: its own name again means its OK was lost, so answer OK and announce nothing; another name gets a reason (\"already logged in\") and changes nothing.",
			Run:  inRoom(rules, kindReply|kindJoin, scenarioOneAddress),
		},
		{
			ID: "join-notice", Title: "tells everyone already in the room who came in, once, and not the newcomer", Points: 3, Timeout: chatTimeout,
			Hint: "Before adding the newcomer to the map, send \"name 进入了聊天室\" to every address already in it; the newcomer gets only its OK.",
			Run:  inRoom(rules, kindJoin|kindOwnJoin, scenarioJoinNotice),
		},
		{
			ID: "line-ends", Title: "cuts one trailing \\n or \\r\\n, as nc sends, and logs nobody in from a login with another line break", Points: 1, Timeout: chatTimeout,
			Hint: "Cut \"\\r\\n\", or else one \"\\n\", off the end of the datagram before you split it (or use your lesson 12 Parse): otherwise the name becomes \"bob\\r\". A lone \"\\r\" or a second \"\\n\" is a line break: refuse that login.",
			Run:  inRoom(rules, kindReply|kindJoin, scenarioLineEnds),
		},
		{
			ID: "bad-datagrams", Title: "answers a malformed login with a reason, ignores every other malformed datagram, and keeps working", Points: 2, Timeout: chatTimeout,
			Hint: "Never index a datagram before checking its length: an empty datagram has no byte 0, and \"L\" has no name. \"L\", \"L \" and \"L bob smith\" get a reason (every login gets an answer); \"\", \"X\", \"l alice\", a bare \"C\" get nothing at all.",
			Run:  inRoom(rules, kindReply|kindJoin|kindChat|kindLeave|kindAdmin, scenarioBadDatagrams),
		},
	}
}

func scenarioLoginOK(r *chatRoom) error {
	_, err := r.enterAll(r.name(false), r.name(true), r.name(false))
	return err
}

func scenarioUniqueNames(r *chatRoom) error {
	name := r.name(r.t.Rand.Intn(2) == 0)
	if _, err := r.enter(name); err != nil {
		return err
	}
	other, err := r.client(name + " (2)")
	if err != nil {
		return err
	}
	if err := r.send(other, "L "+name); err != nil {
		return err
	}
	// The refused address is not in the room: the next login is not
	// announced to it, and it can still log in under a free name.
	if _, err := r.enter(r.name(false)); err != nil {
		return err
	}
	return r.send(other, "L "+r.name(true))
}

func scenarioOneAddress(r *chatRoom) error {
	carol, second := r.name(false), r.name(r.t.Rand.Intn(2) == 0)
	c, err := r.enter(carol)
	if err != nil {
		return err
	}
	if err := r.send(c, "L "+carol); err != nil {
		return err
	}
	if err := r.send(c, "L "+second); err != nil {
		return err
	}
	// The second name was never taken: another address gets it.
	_, err = r.enter(second)
	return err
}

func scenarioJoinNotice(r *chatRoom) error {
	_, err := r.enterAll(r.name(false), r.name(false), r.name(true), r.name(false))
	return err
}

func scenarioLineEnds(r *chatRoom) error {
	first, second, third, fourth := r.name(false), r.name(true), r.name(false), r.name(false)
	for _, step := range []struct{ name, end string }{
		{first, "\n"}, {second, "\r\n"}, {third, "\r"}, {fourth, "\n\n"},
	} {
		p, err := r.client(step.name)
		if err != nil {
			return err
		}
		if err := r.send(p, "L "+step.name+step.end); err != nil {
			return err
		}
	}
	// "L name\r" and "L name\n\n" logged nobody in: the names are free.
	for _, step := range []struct{ name, end string }{{third, "\r"}, {fourth, "\n\n"}} {
		p, err := r.client(step.name + " (2)")
		if err != nil {
			return err
		}
		note := i18n.M("the name is free: %q earlier must not have logged anyone in", "L "+step.name+step.end)
		if err := r.sendNoted(p, "L "+step.name, note); err != nil {
			return err
		}
	}
	return nil
}

// chatBadDatagrams are sent, one at a time, by a client that never logs in;
// badLogins by another. No fake client sends more than 9 datagrams in a
// row (the chat room's per-address burst is 10).
var (
	chatBadDatagrams = []string{"", "\n", "X", "l alice", "C", "Q", "CQ", "H alice", "\xff\xfe"}
	badLogins        = []string{"L", "L ", "L bob smith", "L  bob"}
)

func scenarioBadDatagrams(r *chatRoom) error {
	if _, err := r.enter(r.name(false)); err != nil {
		return err
	}
	s, err := r.client("stranger")
	if err != nil {
		return err
	}
	for _, d := range chatBadDatagrams {
		if err := r.send(s, d); err != nil {
			return err
		}
		if ex := r.server.Exited(); ex != nil {
			return endedFailure{grade.Errorf("your server ended (%s) right after it received the datagram %q", *ex, d)}
		}
	}
	l, err := r.client("another stranger")
	if err != nil {
		return err
	}
	for _, d := range badLogins {
		if err := r.send(l, d); err != nil {
			return err
		}
		if ex := r.server.Exited(); ex != nil {
			return endedFailure{grade.Errorf("your server ended (%s) right after it received the datagram %q", *ex, d)}
		}
	}
	// Still working: a newcomer gets in, and the room is told.
	_, err = r.enter(r.name(true))
	return err
}

func init() {
	i18n.Register(map[string]string{
		"answers exactly OK to a login with a free name, once": "对名字未被占用的登录请求恰好回复一次 OK",
		"Read a datagram with ReadFromUDPAddrPort, split off the type and the name, and answer the sender's address with exactly \"OK\" (no line end) using WriteToUDPAddrPort: one answer per login.":                                                       "用 ReadFromUDPAddrPort 读一个数据报，拆出类型和名字，再用 WriteToUDPAddrPort 向发送者的地址回复恰好 `OK`（不带换行）：每个登录请求回复一次。",
		"refuses a name already in the room with a one-line reason, and tells nobody":                                                                                                                                                                        "名字已在聊天室里时，回复一行原因拒绝登录，而且不通知任何人",
		"Keep a map from name to address; when the name is already a key, answer the sender with a reason such as \"name taken\", and do not add it or announce it. A refused address is not in the room: it gets no notices.":                               "用一个从名字到地址的 map；名字已经是它的键时，给发送者回复一个原因（例如 `name taken`），不要把它加进去，也不要通知别人。被拒绝的地址不在聊天室里：它收不到任何通知。",
		"one address holds one name: a repeated login is OK again with no second notice, a second name is refused":                                                                                                                                           "一个地址只有一个名字：重复登录再回复 OK 而不再通知，换一个名字登录要拒绝",
		"Keep a second map, from address to name. An L from an address already in the room: its own name again means its OK was lost, so answer OK and announce nothing; another name gets a reason (\"already logged in\") and changes nothing.":            "再用一个从地址到名字的 map。已在聊天室里的地址又发来 L：如果还是它自己的名字，说明它的 OK 丢了，就再回复 OK，不通知任何人；如果是别的名字，回复一个原因（`already logged in`），什么也不改变。",
		"tells everyone already in the room who came in, once, and not the newcomer":                                                                                                                                                                         "告诉已在聊天室里的每个人谁进来了，只说一次，不告诉新来的人自己",
		"Before adding the newcomer to the map, send \"name 进入了聊天室\" to every address already in it; the newcomer gets only its OK.":                                                                                                                         "把新来的人加进 map 之前，向 map 里已有的每个地址发送 `名字 进入了聊天室`；新来的人只收到自己的 OK。",
		"cuts one trailing \\n or \\r\\n, as nc sends, and logs nobody in from a login with another line break":                                                                                                                                              "去掉末尾的一个 \\n 或 \\r\\n（nc 会带上），带有其他换行的登录请求不让任何人登录",
		"Cut \"\\r\\n\", or else one \"\\n\", off the end of the datagram before you split it (or use your lesson 12 Parse): otherwise the name becomes \"bob\\r\". A lone \"\\r\" or a second \"\\n\" is a line break: refuse that login.":                  "拆分之前先从数据报末尾去掉 `\\r\\n`，没有的话去掉一个 `\\n`（也可以用你第 12 课的 Parse）：否则名字会变成 `bob\\r`。单独的 `\\r` 或第二个 `\\n` 是换行：拒绝这样的登录。",
		"answers a malformed login with a reason, ignores every other malformed datagram, and keeps working":                                                                                                                                                 "对格式错误的登录请求回复原因，忽略其他所有格式错误的数据报，并且照常工作",
		"Never index a datagram before checking its length: an empty datagram has no byte 0, and \"L\" has no name. \"L\", \"L \" and \"L bob smith\" get a reason (every login gets an answer); \"\", \"X\", \"l alice\", a bare \"C\" get nothing at all.": "先检查长度再取下标：空数据报没有第 0 个字节，`L` 没有名字。`L`、`L ` 和 `L bob smith` 要回复原因（每个登录请求都有回复）；``、`X`、`l alice`、单独的 `C` 什么也不回复。",
		"the name is free: %q earlier must not have logged anyone in":                                                                                                                                                                                        "这个名字没人用：之前的 %q 不应让任何人登录",
		"your server ended (%s) right after it received the datagram %q":                                                                                                                                                                                     "你的服务器收到数据报 %[2]q 后立即结束了（%[1]s）",
	})
}
