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
	"fmt"
	"log"
	"net"
	"net/netip"
	"os"

	"forkroom/solutions/12-protocol/protocol"
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

	// The room, both ways: users maps each name to the address it logged
	// in from, names each address to its name. Only this loop touches
	// them, so they need no lock.
	r := &room{conn: conn, users: map[string]netip.AddrPort{}, names: map[netip.AddrPort]string{}}

	// One datagram can be up to 64 KiB: a smaller buffer would cut it.
	buf := make([]byte, 65536)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			log.Printf("read: %v", err)
			continue
		}
		req, err := protocol.Parse(buf[:n])
		switch {
		case err != nil && isLogin(buf[:n]):
			send(conn, from, err.Error()) // every L gets an answer: "no name", …
		case err != nil:
			// Not a request: ignore it and read the next one.
		case req.Type == 'L':
			r.login(from, req.Name)
		}
	}
}

// isLogin says whether a datagram Parse refused is still a login ("L",
// "L ", "L bob smith"): every login gets an answer, the reason why not.
func isLogin(b []byte) bool {
	return len(b) > 0 && b[0] == 'L' && (len(b) == 1 || b[1] == ' ' || b[1] == '\r' || b[1] == '\n')
}

// room is the chat room: who is in it, and the socket to reach them.
type room struct {
	conn  *net.UDPConn
	users map[string]netip.AddrPort // name → the address it logged in from
	names map[netip.AddrPort]string // address → its name
}

// login lets name in if nobody has it, and tells the others.
func (r *room) login(from netip.AddrPort, name string) {
	if own, in := r.names[from]; in {
		if own == name {
			send(r.conn, from, "OK") // its OK was lost: again, with no second notice
		} else {
			send(r.conn, from, "already logged in as "+own)
		}
		return
	}
	if _, taken := r.users[name]; taken {
		send(r.conn, from, "name taken")
		return
	}
	// Tell the others before the newcomer is in the room: it is not told
	// about itself.
	for _, to := range r.users {
		send(r.conn, to, protocol.Join(name))
	}
	r.users[name], r.names[from] = from, name
	send(r.conn, from, "OK")
	log.Printf("%s joined from %s (%d in the room)", name, from, len(r.users))
}

// send writes one datagram. A failed send is like a lost datagram: UDP
// promises nothing, so it is logged and the server goes on.
func send(conn *net.UDPConn, to netip.AddrPort, msg string) {
	if _, err := conn.WriteToUDPAddrPort([]byte(msg), to); err != nil {
		fmt.Fprintf(os.Stderr, "server: send to %s: %v\n", to, err)
	}
}
