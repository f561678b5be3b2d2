// Command server is the chat room's server of lesson 15: lesson 14's server,
// plus announcements from the person who runs it.
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
//	管理员消息： LINE     for every LINE typed on the server's stdin, to everyone
//
// C and Q count only from the address that logged in as NAME. Anything
// else (a datagram it cannot parse, C or Q from anyone else) is ignored:
// nothing is sent.
//
// Check your work with `make lesson-15`.
//
// 第 15 课的服务器（课文：lessons/15-chatroom/README.zh.md）：第 14 课的服务器，
// 再加上管理员消息：运行服务器的人在标准输入中输入的每一行，以
// `管理员消息： 该行` 发给聊天室里的每个人。现在有两个 goroutine 使用聊天室，要
// 用 sync.Mutex 保护它。
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

	// TODO: Start from your lesson 14 server: logins, chats, quits, BYE.
	// Every check of lessons 13 and 14 is graded here again.
	// 从你第 14 课的服务器开始：登录、聊天、退出、BYE。第 13、14 课的每一项检查
	// 在这里都会再检查一次。

	// TODO: Start a goroutine that reads os.Stdin line by line with a
	// bufio.Scanner and sends "管理员消息： " + line to every address in
	// the room. From now on two goroutines use the maps: put them in a
	// struct with a sync.Mutex, and hold the lock whenever you read or
	// change them, in both goroutines. Never hold it while you wait for
	// input (sc.Scan() or ReadFromUDPAddrPort). The checker runs your
	// server built with -race, and a data race fails a check.
	// 启动一个 goroutine，用 `bufio.Scanner` 一行一行地读 `os.Stdin`，把
	// `"管理员消息： " + 该行` 发给聊天室里的每个地址。从此有两个 goroutine 使用这
	// 两个 map：把它们放进一个带 `sync.Mutex` 的结构体，两个 goroutine 每次读或改
	// 它们都要先拿锁。等待输入（`sc.Scan()` 或 `ReadFromUDPAddrPort`）时决不能拿着
	// 锁。检查器会运行用 `-race` 编译的服务器，数据竞争会让一项检查失败。

	buf := make([]byte, 65536)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			log.Printf("read: %v", err)
			continue
		}
		log.Printf("ignored %d bytes from %s: nothing done yet / 还没有写，忽略了", n, from)
	}
}
