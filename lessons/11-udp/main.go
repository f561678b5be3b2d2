// Command udp is the exercise of lesson 11: an echo server and a client,
// both over UDP, in one program with two modes.
//
// Usage:
//
//	udp server -addr HOST:PORT
//	udp client -addr HOST:PORT MESSAGE...
//
// The server sends every datagram it receives back to its sender, unchanged,
// and prints for each one
//
//	echo from=IP:PORT bytes=N
//
// The client sends each MESSAGE as one datagram to the server, waits for the
// answer (2 s at most), and prints
//
//	reply TEXT        the answer, as it came
//	no reply to MSG   when nothing came in time
//
// then ends with exit status 0.
//
// Check your work with `make lesson-11`.
//
// 第 11 课的练习（课文：lessons/11-udp/README.zh.md）：一个程序，两种模式，都走
// UDP。server 把收到的每个数据报原样发回给它的发送者，并为每个数据报打印一行
// echo from=IP:PORT bytes=N。client 把每个 MESSAGE 作为一个数据报发给服务器，最
// 多等 2 秒回复，打印 reply TEXT（收到的回复）或 no reply to MSG（没有按时收到），
// 最后以退出状态 0 结束。
package main

import (
	"flag"
	"fmt"
	"log"
	"net/netip"
	"os"
)

func usage() {
	fmt.Fprintln(os.Stderr, "usage: udp server -addr HOST:PORT\n       udp client -addr HOST:PORT MESSAGE...")
	os.Exit(2)
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("udp: ")
	if len(os.Args) < 2 {
		usage()
	}
	mode := os.Args[1]
	fs := flag.NewFlagSet(mode, flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:9527", "the server's `host:port`")
	_ = fs.Parse(os.Args[2:])
	// netip.ParseAddrPort wants an IP, not a host name: 127.0.0.1:9527.
	ap, err := netip.ParseAddrPort(*addr)
	if err != nil {
		log.Fatalf("bad -addr %q: %v", *addr, err)
	}
	switch mode {
	case "server":
		err = serve(ap)
	case "client":
		err = client(ap, fs.Args())
	default:
		usage()
	}
	if err != nil {
		log.Fatal(err)
	}
}

// serve is the echo server: recvfrom, then sendto the same bytes back.
func serve(addr netip.AddrPort) error {
	// TODO: Open the socket with net.ListenUDP("udp4",
	// net.UDPAddrFromAddrPort(addr)). Use "udp4", not "udp": see the
	// lesson's "Common mistakes".
	// 用 `net.ListenUDP("udp4", net.UDPAddrFromAddrPort(addr))` 打开套接字。
	// 要用 `"udp4"`，不要用 `"udp"`：见课文的“常见错误”。

	// TODO: Loop for ever: n, from, err := conn.ReadFromUDPAddrPort(buf)
	// (recvfrom) with a 65536-byte buf; print "echo from=FROM bytes=N";
	// send buf[:n] back to from with conn.WriteToUDPAddrPort (sendto).
	// 一直循环：用 65536 字节的 buf 调用 `n, from, err :=
	// conn.ReadFromUDPAddrPort(buf)`（recvfrom）；打印 `echo from=FROM
	// bytes=N`；再用 `conn.WriteToUDPAddrPort` 把 `buf[:n]` 发回给 from（sendto）。

	log.Printf("server: nothing done yet for %s / 服务器还没有写", addr)
	return nil
}

// client sends each message and prints the answer.
func client(server netip.AddrPort, messages []string) error {
	// TODO: Open one socket with net.ListenUDP("udp4", nil): the system
	// picks a free port.
	// 用 `net.ListenUDP("udp4", nil)` 打开一个套接字：端口由系统挑一个空闲的。

	// TODO: For each message: send it with conn.WriteToUDPAddrPort, then
	// set a deadline 2 s from now (conn.SetReadDeadline) and read the
	// answer. Print "reply TEXT"; when the read fails with
	// errors.Is(err, os.ErrDeadlineExceeded), print "no reply to MESSAGE"
	// and go on with the next message.
	// 每条消息：用 `conn.WriteToUDPAddrPort` 发出，再把截止时间设为 2 秒之后
	// （`conn.SetReadDeadline`），读回复。打印 `reply TEXT`；读操作失败且
	// `errors.Is(err, os.ErrDeadlineExceeded)` 为真时，打印 `no reply to MESSAGE`，
	// 接着发下一条。

	log.Printf("client: nothing done yet for %s, %d messages / 客户端还没有写", server, len(messages))
	return nil
}
