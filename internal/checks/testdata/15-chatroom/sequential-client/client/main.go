// A wrong lesson-15 client: one loop reads stdin and then prints what has
// arrived, so nothing is printed while the user types nothing.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"
)

// loginWait is how long the client waits for the answer to its login.
const loginWait = 3 * time.Second

func main() {
	log.SetFlags(0)
	log.SetPrefix("client: ")
	addr := flag.String("addr", "127.0.0.1:9527", "the server's `host:port`")
	name := flag.String("name", "", "the `name` to log in with")
	flag.Parse()
	if *name == "" || strings.ContainsAny(*name, " \t\r\n") {
		fmt.Fprintln(os.Stderr, "usage: client -addr HOST:PORT -name NAME (a name without spaces)")
		os.Exit(2)
	}
	server, err := netip.ParseAddrPort(*addr)
	if err != nil {
		log.Fatalf("bad -addr %q: %v", *addr, err)
	}

	// One socket for everything: the server knows us by its address. An
	// unconnected "udp4" socket, like the server's, with WriteToUDPAddrPort
	// as sendto.
	conn, err := net.ListenUDP("udp4", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	if err := login(conn, server, *name); err != nil {
		log.Print(err)
		os.Exit(1)
	}
	log.Printf("logged in as %s; type messages, /quit to leave", *name)

	// Wrong: one loop does both, so what arrives is printed only after the
	// user has typed a line.
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if line == "/quit" {
			break
		}
		if line == "" {
			continue
		}
		send(conn, server, "C "+*name+" "+line)
		printPending(conn)
	}
	// /quit or the end of input: say goodbye. UDP gives no guarantee that it
	// arrives; the server of lesson 14 just keeps the name until then.
	send(conn, server, "Q "+*name)
}

// login sends "L name" and waits for the server's answer.
func login(conn *net.UDPConn, server netip.AddrPort, name string) error {
	send(conn, server, "L "+name)
	if err := conn.SetReadDeadline(time.Now().Add(loginWait)); err != nil {
		return err
	}
	defer conn.SetReadDeadline(time.Time{}) // later reads wait as long as it takes
	buf := make([]byte, 65536)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return fmt.Errorf("no answer from %s in %v", server, loginWait)
		}
		if err != nil {
			return err
		}
		if from != server {
			continue // not from the server: not its answer
		}
		if reply := string(buf[:n]); reply != "OK" {
			return fmt.Errorf("login refused: %s", reply)
		}
		return nil
	}
}

func send(conn *net.UDPConn, to netip.AddrPort, msg string) {
	if _, err := conn.WriteToUDPAddrPort([]byte(msg), to); err != nil {
		log.Printf("send: %v", err)
	}
}

// printPending prints what has arrived, without waiting for more.
func printPending(conn *net.UDPConn) {
	buf := make([]byte, 65536)
	for {
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
		n, _, err := conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			return
		}
		fmt.Println(string(buf[:n]))
	}
}
