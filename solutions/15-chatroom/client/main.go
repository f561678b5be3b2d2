// Command client is the chat room's client of lesson 15: it logs in, then
// prints what the room says while it sends what you type.
//
// Usage:
//
//	client -addr HOST:PORT -name NAME
//
// It sends "L NAME" to the server and waits (3 s at most) for the answer;
// anything but "OK", or no answer at all, is printed and ends the client
// (exit status 1). Then, at the same time, for as long as it runs:
//
//   - every datagram that arrives is printed on stdout as one line
//     ("bob ： hi", "管理员消息： …");
//   - every line typed on stdin is sent as "C NAME LINE", exactly as typed;
//     an empty line is not sent.
//
// "/quit" or the end of input (Ctrl-D) sends "Q NAME", waits a moment (1 s
// at most) for the server's "BYE", and ends the client with exit status 0.
// Its own messages go to stderr.
//
// Check your work with `make lesson-15`.
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

// loginWait is how long the client waits for the answer to its login;
// byeWait how long for the answer to its quit.
const (
	loginWait = 3 * time.Second
	byeWait   = time.Second
)

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

	// The receiving loop runs in its own goroutine, so that what others say
	// is printed while main waits for the user to type. It ends when main
	// closes the socket (deferred above) or the program exits; it tells
	// main when the server's BYE comes.
	bye := make(chan struct{}, 1)
	go receive(conn, bye)

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
	}
	// /quit or the end of input: say goodbye, and give the answer a moment
	// to come. UDP gives no guarantee that either arrives; the server of
	// lesson 14 just keeps the name until then.
	send(conn, server, "Q "+*name)
	select {
	case <-bye:
	case <-time.After(byeWait):
		log.Printf("no BYE from %s in %v", server, byeWait)
	}
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
		if errors.Is(err, os.ErrDeadlineExceeded) {
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

// receive prints every datagram as one line until the socket is closed;
// the server's BYE is not printed but signalled on bye.
func receive(conn *net.UDPConn, bye chan<- struct{}) {
	buf := make([]byte, 65536)
	for {
		n, _, err := conn.ReadFromUDPAddrPort(buf)
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			log.Printf("receive: %v", err)
			continue
		}
		if string(buf[:n]) == "BYE" {
			select {
			case bye <- struct{}{}:
			default:
			}
			continue
		}
		fmt.Println(string(buf[:n]))
	}
}

func send(conn *net.UDPConn, to netip.AddrPort, msg string) {
	if _, err := conn.WriteToUDPAddrPort([]byte(msg), to); err != nil {
		log.Printf("send: %v", err)
	}
}
