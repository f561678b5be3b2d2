// A wrong lesson-14 server: it forgets a user who quits but tells nobody.
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

	buf := make([]byte, 65536)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			log.Printf("read: %v", err)
			continue
		}
		kind, name, text, ok := parse(string(buf[:n]))
		if !ok {
			continue
		}
		switch kind {
		case "L":
			login(conn, users, from, name)
		case "C":
			// The source address is the identity: a chat that claims a
			// name must come from the address that logged in with it.
			if users[name] != from || text == "" {
				continue
			}
			broadcast(conn, users, from, name+" ： "+text)
		case "Q":
			if users[name] != from {
				continue
			}
			// Delete first: the one leaving is not told about itself,
			// and gets nothing more from now on.
			delete(users, name) // Wrong: and nobody is told.
			log.Printf("%s left (%d in the room)", name, len(users))
		}
	}
}

// parse splits a request into its type, its name and, for C, its text. It
// never indexes past the end: an empty datagram, "L" and "L " are simply not
// requests.
func parse(s string) (kind, name, text string, ok bool) {
	s = strings.TrimSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\r")
	kind, rest, found := strings.Cut(s, " ")
	if !found || len(kind) != 1 {
		return "", "", "", false
	}
	// The name ends at the next space; the text is all the rest, with its
	// own spaces kept.
	name, text, _ = strings.Cut(rest, " ")
	return kind, name, text, true
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
	broadcast(conn, users, from, name+" 进入了聊天室")
	users[name] = from
	send(conn, from, "OK")
	log.Printf("%s joined from %s (%d in the room)", name, from, len(users))
}

// broadcast sends msg to everyone in the room except the address except.
func broadcast(conn *net.UDPConn, users map[string]netip.AddrPort, except netip.AddrPort, msg string) {
	for _, to := range users {
		if to != except {
			send(conn, to, msg)
		}
	}
}

// send writes one datagram. A failed send is like a lost datagram: UDP
// promises nothing, so it is logged and the server goes on.
func send(conn *net.UDPConn, to netip.AddrPort, msg string) {
	if _, err := conn.WriteToUDPAddrPort([]byte(msg), to); err != nil {
		fmt.Fprintf(os.Stderr, "server: send to %s: %v\n", to, err)
	}
}
