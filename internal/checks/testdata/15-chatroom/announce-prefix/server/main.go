// A wrong lesson-15 server: its announcements have an ASCII colon, "管理员消息: ", not the full-width "：".
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync"
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

	r := &room{conn: conn, users: map[string]netip.AddrPort{}}

	// Two loops run at once: this goroutine reads what the operator types,
	// main reads the socket. Each blocks in its own read; neither waits for
	// the other. The goroutine ends with the program.
	go r.announce(os.Stdin)

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
		r.handle(from, kind, name, text)
	}
}

// room is the chat room: who is in it, and the socket to reach them.
type room struct {
	conn  *net.UDPConn
	mu    sync.Mutex                // guards users: main and announce both use it
	users map[string]netip.AddrPort // name → the address it logged in from
}

// handle carries out one request from the socket.
func (r *room) handle(from netip.AddrPort, kind, name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch kind {
	case "L":
		r.login(from, name)
	case "C":
		// The source address is the identity: a chat that claims a name
		// must come from the address that logged in with it.
		if r.users[name] != from || text == "" {
			return
		}
		r.broadcast(from, name+" ： "+text)
	case "Q":
		if r.users[name] != from {
			return
		}
		// Delete first: the one leaving is not told about itself, and gets
		// nothing more from now on.
		delete(r.users, name)
		r.broadcast(from, name+" 退出了聊天室")
		log.Printf("%s left (%d in the room)", name, len(r.users))
	}
}

// announce sends every line read from in to everyone, until the end of
// input (after which the server goes on without announcements).
func (r *room) announce(in io.Reader) {
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if line == "" {
			continue
		}
		r.mu.Lock()
		r.broadcast(netip.AddrPort{}, "管理员消息: "+line) // Wrong: ASCII colon
		r.mu.Unlock()
		log.Printf("announced %q", line)
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

// login lets name in if nobody has it, and tells the others. The caller
// holds r.mu.
func (r *room) login(from netip.AddrPort, name string) {
	if name == "" {
		send(r.conn, from, "no name")
		return
	}
	if _, taken := r.users[name]; taken {
		send(r.conn, from, "name taken")
		return
	}
	r.broadcast(from, name+" 进入了聊天室")
	r.users[name] = from
	send(r.conn, from, "OK")
	log.Printf("%s joined from %s (%d in the room)", name, from, len(r.users))
}

// broadcast sends msg to everyone in the room except the address except (the
// zero AddrPort excepts nobody). The caller holds r.mu.
func (r *room) broadcast(except netip.AddrPort, msg string) {
	for _, to := range r.users {
		if to != except {
			send(r.conn, to, msg)
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
