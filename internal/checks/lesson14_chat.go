package checks

import (
	"forkroom/internal/chatprobe"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// Chat grades lesson 14: the lesson-13 server, plus `C name text` sent on to
// everyone else as "name ： text", the text exactly as sent, and `Q name`,
// answered "BYE", which takes the name out of the room and tells the others
// "name 退出了聊天室"; C and Q count only from the address that logged in
// as name. Lesson 13's checks are graded again: the server grows, it must
// not break.
func Chat() grade.Suite {
	return grade.Suite{Checks: append(loginChecks(lessonRules), chatChecks(lessonRules)...), Parallel: chatParallel}
}

// chatChecks are the checks lesson 14 adds; lesson 15 and chatroom/ grade
// them too.
func chatChecks(rules chatRules) []grade.Check {
	return []grade.Check{
		{
			ID: "chat-broadcast", Title: "sends a chat to everyone else in the room as \"name ： text\", the text exactly as sent, and no chat without text", Points: 3, Timeout: chatTimeout,
			Hint: "For \"C NAME TEXT\" the text is everything after the space that ends the name, spaces included (strings.Cut twice, never strings.Fields or TrimSpace); send NAME + \" ： \" + TEXT (a full-width colon ： with one space each side) to every address in the map but the sender's. \"C NAME \" and \"C NAME\" have no text: ignore them.",
			Run:  inRoom(rules, kindChat, scenarioChatBroadcast),
		},
		{
			ID: "no-echo", Title: "never sends a chat back to its sender", Points: 2, Timeout: chatTimeout,
			Hint: "While you loop over the map, skip the entry whose address is the sender's: the sender already knows what it said. Not now, not later.",
			Run:  inRoom(rules, kindChat|kindOwnChat, scenarioNoEcho),
		},
		{
			ID: "leave-notice", Title: "answers BYE to the one who quits and tells the others \"name 退出了聊天室\"", Points: 2, Timeout: chatTimeout,
			Hint: "For \"Q NAME\", delete NAME from the map, answer the sender \"BYE\", then send \"NAME 退出了聊天室\" to every address left in it.",
			Run:  inRoom(rules, kindReply|kindLeave|kindOwnLeave, scenarioLeaveNotice),
		},
		{
			ID: "quit-forgets", Title: "forgets a user who quit: no more chats to them, and the name is free again", Points: 2, Timeout: chatTimeout,
			Hint: "delete(users, name) on Q (and the address from the second map): then nothing is sent to the old address, and a later L NAME finds the name free.",
			Run:  inRoom(rules, kindChat, scenarioQuitForgets),
		},
		{
			ID: "who-may-speak", Title: "carries out C and Q only from the address that logged in with that name", Points: 2, Timeout: chatTimeout,
			Hint: "The source address is the identity: look the name up (users[NAME] == from) before you broadcast a chat or let someone quit. A C or Q that claims someone else's name, or comes from an address that never logged in, is ignored.",
			Run:  inRoom(rules, kindReply|kindChat|kindLeave|kindOwnLeave, scenarioWhoMaySpeak),
		},
	}
}

func scenarioChatBroadcast(r *chatRoom) error {
	cs, err := r.enterAll(r.name(false), r.name(true), r.name(false))
	if err != nil {
		return err
	}
	texts := chatEdgeTexts(r.t.Rand)
	for i, text := range texts {
		if err := r.say(cs[i%len(cs)], text); err != nil {
			return err
		}
		if i == 2 {
			// No text: nothing goes out, with or without the space.
			if err := r.send(cs[1], "C "+r.own[cs[1]]+" "); err != nil {
				return err
			}
			if err := r.send(cs[0], "C "+r.own[cs[0]]); err != nil {
				return err
			}
		}
	}
	return nil
}

func scenarioNoEcho(r *chatRoom) error {
	cs, err := r.enterAll(r.name(false), r.name(true))
	if err != nil {
		return err
	}
	// The sender's own chat first, then the others': an echo has the
	// whole check, and its settle, to arrive.
	for _, p := range []*chatprobe.Peer{cs[0], cs[1], cs[0]} {
		if err := r.say(p, r.text()); err != nil {
			return err
		}
	}
	return nil
}

func scenarioLeaveNotice(r *chatRoom) error {
	cs, err := r.enterAll(r.name(false), r.name(true), r.name(false))
	if err != nil {
		return err
	}
	if err := r.send(cs[2], "Q "+r.own[cs[2]]); err != nil {
		return err
	}
	return r.send(cs[0], "Q "+r.own[cs[0]])
}

func scenarioQuitForgets(r *chatRoom) error {
	cs, err := r.enterAll(r.name(false), r.name(true))
	if err != nil {
		return err
	}
	stayer, leaver := cs[0], cs[1]
	name := r.own[leaver]
	if err := r.send(leaver, "Q "+name); err != nil {
		return err
	}
	if err := r.say(stayer, r.text()); err != nil {
		return err
	}
	again, err := r.client(name + " (2)")
	if err != nil {
		return err
	}
	// The name is free again: the login is graded here, whatever else is.
	if err := r.step(again, "L "+name, kindReply, i18n.M("%s quit, so the name is free again", name)); err != nil {
		return err
	}
	return r.say(stayer, r.text())
}

func scenarioWhoMaySpeak(r *chatRoom) error {
	cs, err := r.enterAll(r.name(false), r.name(true))
	if err != nil {
		return err
	}
	alice, mallory := cs[0], cs[1]
	stranger, err := r.client("stranger")
	if err != nil {
		return err
	}
	for _, step := range []struct {
		from     *chatprobe.Peer
		datagram string
	}{
		{mallory, chatRequest(r.own[alice], r.text())},
		{stranger, chatRequest(r.own[alice], r.text())},
		{mallory, "Q " + r.own[alice]},
		{stranger, "Q " + r.own[alice]},
		{stranger, chatRequest(r.own[mallory], r.text())},
	} {
		if err := r.send(step.from, step.datagram); err != nil {
			return err
		}
	}
	// alice is still in the room, and both still speak.
	if err := r.say(alice, r.text()); err != nil {
		return err
	}
	return r.say(mallory, r.text())
}

func init() {
	i18n.Register(map[string]string{
		"sends a chat to everyone else in the room as \"name ： text\", the text exactly as sent, and no chat without text": "把聊天消息以 `名字 ： 内容` 的形式群发给聊天室里的其他每个人，内容原样保留；没有内容的聊天不发",
		"For \"C NAME TEXT\" the text is everything after the space that ends the name, spaces included (strings.Cut twice, never strings.Fields or TrimSpace); send NAME + \" ： \" + TEXT (a full-width colon ： with one space each side) to every address in the map but the sender's. \"C NAME \" and \"C NAME\" have no text: ignore them.": "对于 `C 名字 内容`，内容是名字后面那个空格之后的全部，空格也算在内（用两次 strings.Cut，决不能用 strings.Fields 或 TrimSpace）；把 名字 + ` ： ` + 内容（全角冒号 ：，两边各一个空格）发给 map 中除发送者以外的每个地址。`C 名字 ` 和 `C 名字` 没有内容：忽略它们。",
		"%s quit, so the name is free again":    "%s 已经退出，所以这个名字又可以用了",
		"never sends a chat back to its sender": "从不把聊天消息发回给发送者",
		"While you loop over the map, skip the entry whose address is the sender's: the sender already knows what it said. Not now, not later.":                                                                                            "遍历 map 时跳过地址是发送者地址的那一项：发送者已经知道自己说了什么。现在不发，以后也不发。",
		"answers BYE to the one who quits and tells the others \"name 退出了聊天室\"":                                                                                                                                                            "给退出的人回复 BYE，并告诉其他人 `名字 退出了聊天室`",
		"For \"Q NAME\", delete NAME from the map, answer the sender \"BYE\", then send \"NAME 退出了聊天室\" to every address left in it.":                                                                                                      "对于 `Q 名字`，先从 map 中删除这个名字，给发送者回复 `BYE`，再向 map 中剩下的每个地址发送 `名字 退出了聊天室`。",
		"forgets a user who quit: no more chats to them, and the name is free again":                                                                                                                                                       "忘掉已经退出的用户：不再给它发聊天消息，名字也可以再用",
		"delete(users, name) on Q (and the address from the second map): then nothing is sent to the old address, and a later L NAME finds the name free.":                                                                                 "收到 Q 时 delete(users, name)（也从第二个 map 里删掉这个地址）：之后不会再向旧地址发送任何东西，以后的 L 名字 会发现名字没人用。",
		"carries out C and Q only from the address that logged in with that name":                                                                                                                                                          "只执行来自以该名字登录的那个地址的 C 和 Q",
		"The source address is the identity: look the name up (users[NAME] == from) before you broadcast a chat or let someone quit. A C or Q that claims someone else's name, or comes from an address that never logged in, is ignored.": "源地址就是身份：群发聊天消息或让人退出之前，先查一下名字（users[名字] == from）。冒用别人名字的 C 或 Q，或者来自从未登录的地址的，一律忽略。",
	})
}
