// Command server is the exercise of lesson 13: the first part of the chat
// room's server. It lets people into the room under names that are unique.
//
// Usage:
//
//	server -addr HOST:PORT
//
// It reads one request per UDP datagram, by the rules of lesson 12 (a
// trailing "\n" or "\r\n" is ignored, so `nc -u HOST PORT` can talk to it):
//
//	L NAME    log in as NAME
//
// Every L gets exactly one answer, to the sender only: exactly "OK" when
// NAME is free (or already this address's own name: a login repeated
// because its OK was lost), otherwise one line that says why ("name
// taken", "no name", "already logged in as alice"). Everyone already in the
// room gets "NAME 进入了聊天室", once; the newcomer does not. One address
// holds one name. Any other datagram is ignored: nothing is sent.
//
// Check your work with `make lesson-13`.
//
// 第 13 课的练习（课文：lessons/13-login/README.zh.md）：聊天室服务器的第一部分，
// 让大家用唯一的名字进来。每个数据报一个请求，按第 12 课的规则读。每个 L 恰好回复
// 一次，只回复给发送者：名字没人用（或者本来就是这个地址自己的名字：它的 OK 丢了，
// 又登录一次）就回复恰好 `OK`，否则回复一行原因。已在聊天室里的每个人收到一次
// `名字 进入了聊天室`，新来的人收不到。一个地址只有一个名字。其他数据报一律忽略：
// 什么也不发。
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

	// Listen on "udp4": an IPv4 socket reports its peers as 127.0.0.1:p,
	// never as [::ffff:127.0.0.1]:p (lesson 11).
	ap, err := netip.ParseAddrPort(*addr)
	if err != nil {
		log.Fatalf("bad -addr %q: %v", *addr, err)
	}
	conn, err := net.ListenUDP("udp4", net.UDPAddrFromAddrPort(ap))
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("listening on %s", conn.LocalAddr())

	// TODO: Make the room, both ways: a map from each name to the address
	// it logged in from (map[string]netip.AddrPort), and one from each
	// address to its name (map[netip.AddrPort]string). Only this loop
	// will touch them.
	// 建立聊天室，两个方向都要：从名字到登录地址的 map（`map[string]netip.AddrPort`），
	// 和从地址到名字的 map（`map[netip.AddrPort]string`）。只有这个循环会用到它们。

	buf := make([]byte, 65536)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			log.Printf("read: %v", err)
			continue
		}

		// TODO: Parse the datagram buf[:n] by the rules of lesson 12:
		// cut "\r\n", or else one "\n"; the type, a space, the name up
		// to the next space; nothing after the name in L. Never index
		// past the end. You may import your lesson 12 package
		// (forkroom/lessons/12-protocol/protocol) and call protocol.Parse.
		// 按第 12 课的规则解析 `buf[:n]`：去掉 `"\r\n"`，没有的话去掉一个
		// `"\n"`；类型、一个空格、到下一个空格为止的名字；L 的名字后面不能再有东
		// 西。决不能取越界的下标。可以导入你第 12 课的包
		// （`forkroom/lessons/12-protocol/protocol`），调用 `protocol.Parse`。

		// TODO: A malformed login ("L", "L ", "L bob smith": the datagram
		// is "L" or starts with "L ") gets a one-line reason. Anything
		// else that is not a request is ignored: send nothing.
		// 格式错误的登录请求（`"L"`、`"L "`、`"L bob smith"`：数据报是 `"L"` 或者
		// 以 `"L "` 开头）回复一行原因。其他不是请求的数据报一律忽略：什么也不发。

		// TODO: For "L NAME" from an address already in the room: its
		// own name again, answer "OK" (its OK was lost) and announce
		// nothing; another name, answer a reason. From a new address:
		// when NAME is taken, answer a one-line reason such as
		// "name taken". Otherwise send "NAME 进入了聊天室" to every
		// address already in the room, add NAME ↔ from to both maps, and
		// answer the sender exactly "OK" with conn.WriteToUDPAddrPort.
		// 已在聊天室里的地址发来 `"L 名字"`：还是它自己的名字，就回复 `"OK"`（它的 OK
		// 丢了），不通知任何人；是别的名字，就回复原因。新地址发来的：名字已被占用，
		// 就回复一行原因，例如 `"name taken"`；否则向聊天室里已有的每个地址发送
		// `"名字 进入了聊天室"`，把 名字 ↔ from 加进两个 map，再用
		// `conn.WriteToUDPAddrPort` 向发送者回复恰好 `"OK"`。

		log.Printf("ignored %d bytes from %s: nothing done yet / 还没有写，忽略了", n, from)
	}
}
