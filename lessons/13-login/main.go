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

		// TODO: A malformed login ("L", "L ", "L bob smith": the datagram
		// is "L" or starts with "L ") gets a one-line reason. Anything
		// else that is not a request is ignored: send nothing.

		// TODO: For "L NAME" from an address already in the room: its
		// own name again, answer "OK" (its OK was lost) and announce
		// nothing; another name, answer a reason. From a new address:
		// when NAME is taken, answer a one-line reason such as "name
		// taken". Otherwise send "NAME 进入了聊天室" to every address
		// already in the room, add NAME ↔ from to both maps, and answer
		// the sender exactly "OK" with conn.WriteToUDPAddrPort.

		log.Printf("ignored %d bytes from %s: nothing done yet (还没有写)", n, from)
	}
}
