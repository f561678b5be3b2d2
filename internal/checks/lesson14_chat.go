package checks

import (
	"forkroom/internal/chatprobe"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// Chat grades lesson 14: the lesson-13 server, plus `C name text` sent on to
// everyone else as "name ： text" and `Q name`, which takes the name out of
// the room and tells the others "name 退出了聊天室". Lesson 13's checks are
// graded again: the server grows, it must not break.
func Chat() grade.Suite {
	return grade.Suite{Checks: append(loginChecks(), chatChecks()...)}
}

// chatChecks are the checks lesson 14 adds; lesson 15 and chatroom/ grade
// them too.
func chatChecks() []grade.Check {
	return []grade.Check{
		{
			ID: "chat-broadcast", Title: "sends a chat to everyone else in the room as \"name ： text\"", Points: 3, Timeout: chatTimeout,
			Hint: "For \"C NAME TEXT\" the text is everything after the second space, spaces included; send NAME + \" ： \" + TEXT (a full-width colon ： with one space each side) to every address in the map but the sender's.",
			Run:  inRoom(scenarioChatBroadcast),
		},
		{
			ID: "no-echo", Title: "does not send a chat back to its sender", Points: 2, Timeout: chatTimeout,
			Hint: "While you loop over the map, skip the entry whose address is the sender's (or whose name is NAME): the sender already knows what it said.",
			Run:  inRoom(scenarioNoEcho),
		},
		{
			ID: "leave-notice", Title: "tells the others \"name 退出了聊天室\" when someone quits", Points: 2, Timeout: chatTimeout,
			Hint: "For \"Q NAME\", delete NAME from the map, then send \"NAME 退出了聊天室\" to every address left in it.",
			Run:  inRoom(scenarioLeaveNotice),
		},
		{
			ID: "quit-forgets", Title: "forgets a user who quit: no more chats to them, and the name is free again", Points: 2, Timeout: chatTimeout,
			Hint: "delete(users, name) on Q: then nothing is sent to the old address, and a later L NAME finds the name free.",
			Run:  inRoom(scenarioQuitForgets),
		},
	}
}

func scenarioChatBroadcast(r *chatRoom) error {
	cs, err := r.joinAll(r.name(false), r.name(true), r.name(false))
	if err != nil {
		return err
	}
	sender, text := cs[1], r.text()
	if err := sender.Send(chatRequest(sender.Name, text)); err != nil {
		return err
	}
	return r.expectAll([]*chatprobe.Peer{cs[0], cs[2]}, chatNotice(sender.Name, text), isJoinNotice)
}

func scenarioNoEcho(r *chatRoom) error {
	cs, err := r.joinAll(r.name(false), r.name(false))
	if err != nil {
		return err
	}
	sender, other, text := cs[0], cs[1], r.text()
	if err := sender.Send(chatRequest(sender.Name, text)); err != nil {
		return err
	}
	// Once the other has it, an echo would have been sent too.
	if err := r.expect(other, chatNotice(sender.Name, text), isJoinNotice); err != nil {
		return err
	}
	return sender.ExpectNothing(chatQuiet, i18n.M("a chat is not sent back to its sender"), isJoinNotice)
}

func scenarioLeaveNotice(r *chatRoom) error {
	cs, err := r.joinAll(r.name(false), r.name(true), r.name(false))
	if err != nil {
		return err
	}
	leaver := cs[2]
	if err := leaver.Send("Q " + leaver.Name); err != nil {
		return err
	}
	if err := r.expectAll(cs[:2], leaveNotice(leaver.Name), isJoinNotice); err != nil {
		return err
	}
	return leaver.ExpectNothing(chatQuiet, i18n.M("the one who quits is not told about itself"), except(leaveNotice(leaver.Name)))
}

func scenarioQuitForgets(r *chatRoom) error {
	cs, err := r.joinAll(r.name(false), r.name(false))
	if err != nil {
		return err
	}
	stayer, leaver := cs[0], cs[1]
	if err := leaver.Send("Q " + leaver.Name); err != nil {
		return err
	}
	// The leave notice is graded by its own check; here it only tells that
	// the server has handled the Q.
	if _, err := stayer.Quiet(chatQuiet); err != nil {
		return err
	}
	text := r.text()
	if err := stayer.Send(chatRequest(stayer.Name, text)); err != nil {
		return err
	}
	if err := leaver.ExpectNothing(chatQuiet, i18n.M("who has quit gets no more chats"), except(chatNotice(stayer.Name, text))); err != nil {
		return err
	}
	again, err := r.client("new " + leaver.Name)
	if err != nil {
		return err
	}
	if err := again.Send("L " + leaver.Name); err != nil {
		return err
	}
	return r.expect(again, "OK", isJoinNotice)
}

func init() {
	i18n.Register(map[string]string{
		"sends a chat to everyone else in the room as \"name ： text\"": "把聊天消息以 \"名字 ： 内容\" 的形式发给聊天室里的其他每个人",
		"For \"C NAME TEXT\" the text is everything after the second space, spaces included; send NAME + \" ： \" + TEXT (a full-width colon ： with one space each side) to every address in the map but the sender's.": "对于 \"C 名字 内容\"，内容是第二个空格之后的全部（包括其中的空格）；把 名字 + \" ： \" + 内容（全角冒号 ：，两边各一个空格）发给 map 中除发送者之外的每个地址。",
		"does not send a chat back to its sender": "不把聊天消息发回给发送者",
		"While you loop over the map, skip the entry whose address is the sender's (or whose name is NAME): the sender already knows what it said.": "遍历 map 时跳过地址是发送者地址（或名字是 NAME）的那一项：发送者已经知道自己说了什么。",
		"tells the others \"name 退出了聊天室\" when someone quits":                                                                                       "有人退出时告诉其他人 \"名字 退出了聊天室\"",
		"For \"Q NAME\", delete NAME from the map, then send \"NAME 退出了聊天室\" to every address left in it.":                                          "对于 \"Q 名字\"，先从 map 中删除该名字，再向 map 中剩下的每个地址发送 \"名字 退出了聊天室\"。",
		"forgets a user who quit: no more chats to them, and the name is free again":                                                                "忘掉已退出的用户：不再给他发消息，名字也可以再次使用",
		"delete(users, name) on Q: then nothing is sent to the old address, and a later L NAME finds the name free.":                                "收到 Q 时 delete(users, name)：之后不会再向旧地址发送任何东西，以后的 L 名字 会发现名字是空闲的。",
		"a chat is not sent back to its sender":                                                                                                     "聊天消息不应发回给发送者",
		"the one who quits is not told about itself":                                                                                                "退出的人不应收到关于自己的退出通知",
		"who has quit gets no more chats":                                                                                                           "已退出的人不应再收到聊天消息",
	})
}
