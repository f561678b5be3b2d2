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

		// TODO: C and Q count only when NAME logged in from this very
		// address (users[NAME] == from); otherwise ignore them.

		// TODO: For "C NAME TEXT", send "NAME ： TEXT" (full-width colon,
		// one space each side) to every address in the map except the
		// sender's.

		// TODO: For "Q NAME", delete NAME from both maps, answer the
		// sender "BYE", then send "NAME 退出了聊天室" to every address
		// left in the room.

		log.Printf("ignored %d bytes from %s: nothing done yet (还没有写)", n, from)
	}
}
