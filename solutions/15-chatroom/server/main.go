// Command server is the chat room's server of lesson 15: lesson 14's server,
// plus announcements from the person who runs it.
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
//	管理员消息： LINE     for every LINE typed on the server's stdin, to everyone
//
// C and Q count only from the address that logged in as NAME. Anything
// else (a datagram it cannot parse, C or Q from anyone else) is ignored:
// nothing is sent.
//
// Check your work with `make lesson-15`.
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

	r := &room{conn: conn, users: map[string]netip.AddrPort{}, names: map[netip.AddrPort]string{}}

	// Two loops run at once: this goroutine reads what the operator types,
	// main reads the socket. Each blocks in its own read; neither waits for
	// the other. The goroutine ends with the program.
	go r.announce(os.Stdin)

	// One datagram can be up to 64 KiB: a smaller buffer would cut it.
	buf := make([]byte, 65536)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			log.Printf("read: %v", err)
			continue
		}
		r.handle(from, buf[:n])
	}
}

// handle carries out one datagram from the socket.
func (r *room) handle(from netip.AddrPort, datagram []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	req, err := protocol.Parse(datagram)
	switch {
	case err != nil && isLogin(datagram):
		send(r.conn, from, err.Error()) // every L gets an answer: "no name", …
	case err != nil:
		// Not a request: ignore it and read the next one.
	case req.Type == 'L':
		r.login(from, req.Name)
	case r.users[req.Name] != from:
		// The source address is the identity: a chat or a quit that
		// claims a name must come from the address that logged in
		// with it. From anywhere else it is ignored.
	case req.Type == 'C':
		r.broadcast(from, protocol.Chat(req.Name, req.Text))
	case req.Type == 'Q':
		// Delete first: the one leaving is not told about itself,
		// and gets nothing more from now on.
		delete(r.users, req.Name)
		delete(r.names, from)
		send(r.conn, from, "BYE")
		r.broadcast(from, protocol.Leave(req.Name))
		log.Printf("%s left (%d in the room)", req.Name, len(r.users))
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
	mu    sync.Mutex                // guards users and names: main and announce both use them
	users map[string]netip.AddrPort // name → the address it logged in from
	names map[netip.AddrPort]string // address → its name
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
		r.broadcast(netip.AddrPort{}, protocol.Admin(line))
		r.mu.Unlock()
		log.Printf("announced %q", line)
	}
}

// login lets name in if nobody has it, and tells the others. The caller
// holds r.mu.
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
	r.broadcast(from, protocol.Join(name))
	r.users[name], r.names[from] = from, name
	send(r.conn, from, "OK")
	log.Printf("%s joined from %s (%d in the room)", name, from, len(r.users))
}

// broadcast sends msg to everyone in the room except the address except
// (the zero AddrPort excepts nobody). The caller holds r.mu.
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
