// Command server is the exercise of lesson 14: the chat room's server, now
// with chats and goodbyes. It is lesson 13's server with two more requests.
//
// Usage:
//
//	server -addr HOST:PORT
//
// It reads one request per UDP datagram. A trailing "\n" or "\r\n" is
// ignored, so `nc -u HOST PORT` can talk to it.
//
//	L NAME         log in as NAME
//	C NAME TEXT    say TEXT to the others (TEXT is the rest, spaces included)
//	Q NAME         leave the room
//
// The answer to L goes to the sender only: exactly "OK" when NAME is free,
// otherwise one line that says why. The others get the notices
//
//	NAME 进入了聊天室     after a login, to everyone already in the room
//	NAME ： TEXT        after a chat, to everyone but the sender
//	NAME 退出了聊天室     after a quit, to everyone left in the room
//
// Anything it cannot parse, and C or Q from an address that did not log in
// with that name, is ignored.
//
// Check your work with `make lesson-14`.
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

	// TODO: Start from your lesson 13 server: the map of names to
	// addresses, the parsing, and the login with its join notice. Every
	// lesson 13 check is graded here again.

	buf := make([]byte, 65536)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			log.Printf("read: %v", err)
			continue
		}

		// TODO: Parse a third part for C: the name ends at the first
		// space after the type, and the text is everything after it,
		// spaces included (strings.Cut twice).

		// TODO: For "C NAME TEXT" from the address NAME logged in from,
		// send "NAME ： TEXT" (full-width colon, one space each side) to
		// every address in the map except the sender's.

		// TODO: For "Q NAME" from the address NAME logged in from,
		// delete NAME from the map, then send "NAME 退出了聊天室" to every
		// address left in it.

		log.Printf("ignored %d bytes from %s: nothing done yet", n, from)
	}
}
