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

	// TODO: Log in: send "L " + name with WriteToUDPAddrPort, then read the
	// answer with a 3 s deadline (conn.SetReadDeadline), before anything
	// else. Anything but "OK": print it and os.Exit(1). No answer
	// (errors.Is(err, os.ErrDeadlineExceeded)): say so and os.Exit(1).
	// Clear the deadline afterwards (conn.SetReadDeadline(time.Time{})).

	// TODO: Start a goroutine that reads datagrams for as long as the
	// client runs and prints each as one line with fmt.Println: it must
	// print while main waits for you to type. When "BYE" arrives, tell
	// main (a channel).

	// TODO: Read os.Stdin line by line (bufio.Scanner). Send each line as
	// "C NAME LINE", exactly as typed; send nothing for an empty line;
	// stop at "/quit" or at the end of input, then send "Q NAME", wait a
	// second at most for the BYE, and return.

	fmt.Fprintf(os.Stderr, "client: nothing done yet, would log in to %s as %s (客户端还没有写)\n", *addr, *name)
}
