// Command server is the exercise of lesson 14: the chat room's server, now
// with chats and goodbyes. It is lesson 13's server with two more requests.
//
// Usage:
//
//	server -addr HOST:PORT
//
// It reads one request per UDP datagram, by the rules of lesson 12 (a
// trailing "\n" or "\r\n" is ignored, so `nc -u HOST PORT` can talk to it):
//
//	L NAME         log in as NAME
//	C NAME TEXT    say TEXT to the others (TEXT is the rest, spaces included)
//	Q NAME         leave the room
//
// Every L gets exactly one answer, to the sender only: exactly "OK" when
// NAME is free (or already this address's own name), otherwise one line
// that says why. Q gets "BYE". The others get the notices
//
//	NAME 进入了聊天室     after a login, to everyone already in the room
//	NAME ： TEXT        after a chat, to everyone but the sender
//	NAME 退出了聊天室     after a quit, to everyone left in the room
//
// C and Q count only from the address that logged in as NAME. Anything
// else (a datagram it cannot parse, C or Q from anyone else) is ignored:
// nothing is sent.
//
// Check your work with `make lesson-14`.
//
// 第 14 课的练习（课文：lessons/14-chat/README.zh.md）：第 13 课的服务器再加两种
// 请求。`C 名字 内容`：把 `名字 ： 内容` 发给除发送者以外的每个人，内容原样保留。
// `Q 名字`：回复 `BYE`，把这个名字从聊天室里去掉，再把 `名字 退出了聊天室` 发给留
// 下的每个人。C 和 Q 只接受以这个名字登录的那个地址发来的；其他一律忽略，什么也不
// 发。第 13 课的一切仍然有效。
package main

import (
	"flag"
	"log"
	"net"
	"net/netip"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("server: ")
	addr := flag.String("addr", "127.0.0.1:9527", "the `host:port` to listen on")
	flag.Parse()

	ap, err := netip.ParseAddrPort(*addr)
	if err != nil {
		log.Fatalf("bad -addr %q: %v", *addr, err)
	}
	conn, err := net.ListenUDP("udp4", net.UDPAddrFromAddrPort(ap))
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("listening on %s", conn.LocalAddr())

	// TODO: Start from your lesson 13 server: the maps (name → address,
	// address → name), the parsing, the answer to every login and the join
	// notice. Every lesson 13 check is graded here again.
	// 从你第 13 课的服务器开始：两个 map（名字 → 地址，地址 → 名字）、解析、对每个
	// 登录请求的回复和进入通知。第 13 课的每一项检查在这里都会再检查一次。

	buf := make([]byte, 65536)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			log.Printf("read: %v", err)
			continue
		}

		// TODO: Parse a third part for C: the name ends at the first
		// space after the type, and the text is everything after it,
		// exactly as sent (strings.Cut twice, or your lesson 12 Parse).
		// "C NAME " and "C NAME" have no text: ignore them.
		// C 要再拆出第三部分：名字到类型后面的第一个空格为止，内容是名字后面那个
		// 空格之后的全部，原样保留（两次 `strings.Cut`，或者你第 12 课的 Parse）。
		// `"C 名字 "` 和 `"C 名字"` 没有内容：忽略它们。

		// TODO: C and Q count only when NAME logged in from this very
		// address (users[NAME] == from); otherwise ignore them.
		// 只有名字正是从这个地址登录的（`users[名字] == from`），C 和 Q 才算数；
		// 否则忽略它们。

		// TODO: For "C NAME TEXT", send "NAME ： TEXT" (full-width colon,
		// one space each side) to every address in the map except the
		// sender's.
		// 对于 `"C 名字 内容"`，把 `"名字 ： 内容"`（全角冒号，两边各一个空格）发给
		// map 中除发送者以外的每个地址。

		// TODO: For "Q NAME", delete NAME from both maps, answer the
		// sender "BYE", then send "NAME 退出了聊天室" to every address
		// left in the room.
		// 对于 `"Q 名字"`，先从两个 map 中删掉它，给发送者回复 `"BYE"`，再向聊天室
		// 里剩下的每个地址发送 `"名字 退出了聊天室"`。

		log.Printf("ignored %d bytes from %s: nothing done yet / 还没有写，忽略了", n, from)
	}
}
