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
	"fmt"
	"log"
	"net"
	"net/netip"
	"os"
	"strings"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("server: ")
	addr := flag.String("addr", "127.0.0.1:9527", "the `host:port` to listen on")
	flag.Parse()

	// Listen on "udp4": an IPv4 socket reports its peers as 127.0.0.1:p,
	// never as [::ffff:127.0.0.1]:p, so one client is one map value.
	ap, err := netip.ParseAddrPort(*addr)
	if err != nil {
		log.Fatalf("bad -addr %q: %v", *addr, err)
	}
	conn, err := net.ListenUDP("udp4", net.UDPAddrFromAddrPort(ap))
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("listening on %s", conn.LocalAddr())

	// users maps each name in the room to the address it logged in from.
	// Only this loop touches it, so it needs no lock.
	users := map[string]netip.AddrPort{}

	// One datagram can be up to 64 KiB: a smaller buffer would cut it.
	buf := make([]byte, 65536)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			log.Printf("read: %v", err)
			continue
		}
		kind, name, ok := parse(string(buf[:n]))
		if !ok {
			continue // not a request: ignore it and read the next one
		}
		switch kind {
		case "L":
			login(conn, users, from, name)
		}
	}
}

// parse splits a request into its type and name. It never indexes past the
// end: an empty datagram, "L" and "L " are simply not requests.
func parse(s string) (kind, name string, ok bool) {
	s = strings.TrimSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\r")
	kind, rest, found := strings.Cut(s, " ")
	if !found || len(kind) != 1 {
		return "", "", false
	}
	// The name ends at the next space (after it, in C, comes the text).
	name, _, _ = strings.Cut(rest, " ")
	return kind, name, true
}

// login lets name in if nobody has it, and tells the others.
func login(conn *net.UDPConn, users map[string]netip.AddrPort, from netip.AddrPort, name string) {
	if name == "" {
		send(conn, from, "no name")
		return
	}
	if _, taken := users[name]; taken {
		send(conn, from, "name taken")
		return
	}
	// Tell the others before the newcomer is in the map: it is not told
	// about itself.
	for _, to := range users {
		send(conn, to, name+" 进入了聊天室")
	}
	users[name] = from
	send(conn, from, "OK")
	log.Printf("%s joined from %s (%d in the room)", name, from, len(users))
}

// send writes one datagram. A failed send is like a lost datagram: UDP
// promises nothing, so it is logged and the server goes on.
func send(conn *net.UDPConn, to netip.AddrPort, msg string) {
	if _, err := conn.WriteToUDPAddrPort([]byte(msg), to); err != nil {
		fmt.Fprintf(os.Stderr, "server: send to %s: %v\n", to, err)
	}
}
