// Command server is the exercise of lesson 13: the first part of the chat
// room's server. It lets people into the room under names that are unique.
//
// Usage:
//
//	server -addr HOST:PORT
//
// It reads one request per UDP datagram. A trailing "\n" or "\r\n" is
// ignored, so `nc -u HOST PORT` can talk to it.
//
//	L NAME    log in as NAME
//
// The answer goes to the sender only: exactly "OK" when NAME is free,
// otherwise one line that says why ("name taken", "no name"). Everyone
// already in the room gets "NAME 进入了聊天室"; the newcomer does not.
// Anything it cannot parse is ignored.
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

	// TODO: Make the room: a map from each name to the address it logged
	// in from (map[string]netip.AddrPort). Only this loop will touch it.

	buf := make([]byte, 65536)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			log.Printf("read: %v", err)
			continue
		}

		// TODO: Parse the datagram buf[:n]: cut one trailing "\n", then
		// one "\r"; the type is what comes before the first space, the
		// name what follows it (up to the next space). An empty datagram
		// or "L" without a name is not a request: ignore it, and never
		// index past the end.

		// TODO: For "L NAME": when NAME is empty or already in the map,
		// answer the sender (from) with a one-line reason such as
		// "name taken". Otherwise send "NAME 进入了聊天室" to every
		// address already in the map, add NAME → from, and answer the
		// sender exactly "OK" with conn.WriteToUDPAddrPort.

		log.Printf("ignored %d bytes from %s: nothing done yet", n, from)
	}
}
