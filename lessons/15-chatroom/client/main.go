// Command client is the chat room's client of lesson 15: it logs in, then
// prints what the room says while it sends what you type.
//
// Usage:
//
//	client -addr HOST:PORT -name NAME
//
// It sends "L NAME" to the server and waits (3 s at most) for the answer;
// anything but "OK", or no answer at all, is printed and ends the client
// (exit status 1). Then, at the same time, for as long as it runs:
//
//   - every datagram that arrives is printed on stdout as one line
//     ("bob ： hi", "管理员消息： …");
//   - every line typed on stdin is sent as "C NAME LINE", exactly as typed;
//     an empty line is not sent.
//
// "/quit" or the end of input (Ctrl-D) sends "Q NAME", waits a moment (1 s
// at most) for the server's "BYE", and ends the client with exit status 0.
// Its own messages go to stderr.
//
// Check your work with `make lesson-15`.
//
// 第 15 课的客户端（课文：lessons/15-chatroom/README.zh.md）：发送 `L 名字`，最多
// 等 3 秒回复；不是 `OK`，或者没有回复，就打印出来，以退出状态 1 结束。之后同时做
// 两件事，运行多久做多久：收到的每个数据报打印成一行；输入的每一行原样以
// `C 名字 该行` 发出，空行不发。`/quit` 或输入结束时发送 `Q 名字`，最多等一秒
// `BYE`，以退出状态 0 结束。
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9527", "the server's `host:port`")
	name := flag.String("name", "", "the `name` to log in with")
	flag.Parse()
	if *name == "" || strings.ContainsAny(*name, " \t\r\n") {
		fmt.Fprintln(os.Stderr, "usage: client -addr HOST:PORT -name NAME (a name without spaces)")
		os.Exit(2)
	}

	// TODO: Parse *addr with netip.ParseAddrPort and open ONE socket with
	// net.ListenUDP("udp4", nil): the server knows you by its address, so
	// every request must leave from it.
	// 用 `netip.ParseAddrPort` 解析 `*addr`，用 `net.ListenUDP("udp4", nil)` 打开
	// **一个**套接字：服务器靠这个地址认你，所以每个请求都要从它发出。

	// TODO: Log in: send "L " + name with WriteToUDPAddrPort, then read the
	// answer with a 3 s deadline (conn.SetReadDeadline), before anything
	// else. Anything but "OK": print it and os.Exit(1). No answer
	// (errors.Is(err, os.ErrDeadlineExceeded)): say so and os.Exit(1).
	// Clear the deadline afterwards (conn.SetReadDeadline(time.Time{})).
	// 登录：用 `WriteToUDPAddrPort` 发送 `"L " + name`，设 3 秒的截止时间
	// （`conn.SetReadDeadline`）读回复，这件事要最先做。不是 `"OK"`：打印出来，
	// `os.Exit(1)`。没有回复（`errors.Is(err, os.ErrDeadlineExceeded)`）：说出来，
	// `os.Exit(1)`。之后取消截止时间（`conn.SetReadDeadline(time.Time{})`）。

	// TODO: Start a goroutine that reads datagrams for as long as the
	// client runs and prints each as one line with fmt.Println: it must
	// print while main waits for you to type. When "BYE" arrives, tell
	// main (a channel).
	// 启动一个 goroutine，客户端运行多久它就读多久数据报，每个都用 `fmt.Println`
	// 打印成一行：main 等你输入的时候它也要打印。收到 `"BYE"` 时告诉 main（用一个
	// 通道）。

	// TODO: Read os.Stdin line by line (bufio.Scanner). Send each line as
	// "C NAME LINE", exactly as typed; send nothing for an empty line;
	// stop at "/quit" or at the end of input, then send "Q NAME", wait a
	// second at most for the BYE, and return.
	// 用 `bufio.Scanner` 一行一行地读 `os.Stdin`。每一行原样以 `"C 名字 该行"` 发出；
	// 空行什么也不发；遇到 `"/quit"` 或输入结束就停下，发送 `"Q 名字"`，最多等一秒
	// BYE，然后返回。

	fmt.Fprintf(os.Stderr, "client: nothing done yet, would log in to %s as %s / 客户端还没有写\n", *addr, *name)
}
