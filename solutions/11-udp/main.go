// Command udp is the exercise of lesson 11: an echo server and a client,
// both over UDP, in one program with two modes.
//
// Usage:
//
//	udp server -addr HOST:PORT
//	udp client -addr HOST:PORT MESSAGE...
//
// The server sends every datagram it receives back to its sender, unchanged,
// and prints for each one
//
//	echo from=IP:PORT bytes=N
//
// The client sends each MESSAGE as one datagram to the server, waits for the
// answer (2 s at most), and prints
//
//	reply TEXT        the answer, as it came
//	no reply to MSG   when nothing came in time
//
// then ends with exit status 0.
//
// Check your work with `make lesson-11`.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/netip"
	"os"
	"time"
)

// replyWait is how long the client waits for each answer: UDP may lose a
// datagram, and then no answer ever comes.
const replyWait = 2 * time.Second

func usage() {
	fmt.Fprintln(os.Stderr, "usage: udp server -addr HOST:PORT\n       udp client -addr HOST:PORT MESSAGE...")
	os.Exit(2)
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("udp: ")
	if len(os.Args) < 2 {
		usage()
	}
	mode := os.Args[1]
	fs := flag.NewFlagSet(mode, flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:9527", "the server's `host:port`")
	_ = fs.Parse(os.Args[2:])
	// netip.ParseAddrPort wants an IP, not a host name: 127.0.0.1:9527.
	ap, err := netip.ParseAddrPort(*addr)
	if err != nil {
		log.Fatalf("bad -addr %q: %v", *addr, err)
	}
	switch mode {
	case "server":
		err = serve(ap)
	case "client":
		err = client(ap, fs.Args())
	default:
		usage()
	}
	if err != nil {
		log.Fatal(err)
	}
}

// serve is the echo server: recvfrom, then sendto the same bytes back.
func serve(addr netip.AddrPort) error {
	// "udp4", not "udp": an IPv4 socket reports its peers as 127.0.0.1:p.
	// A "udp" socket listening on every address is dual-stack and reports
	// the same peer as [::ffff:127.0.0.1]:p.
	conn, err := net.ListenUDP("udp4", net.UDPAddrFromAddrPort(addr))
	if err != nil {
		return err
	}
	defer conn.Close()
	log.Printf("listening on %s", conn.LocalAddr())

	// The largest UDP datagram is 65507 bytes; a shorter buffer would cut
	// longer datagrams without telling.
	buf := make([]byte, 65536)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf) // recvfrom
		if err != nil {
			return err
		}
		fmt.Printf("echo from=%s bytes=%d\n", from, n)
		// Answer this datagram's sender: each datagram carries its own.
		if _, err := conn.WriteToUDPAddrPort(buf[:n], from); err != nil { // sendto
			log.Printf("send to %s: %v", from, err)
		}
	}
}

// client sends each message and prints the answer.
func client(server netip.AddrPort, messages []string) error {
	// No address: the system picks a free port, as Python's socket does on
	// its first sendto.
	conn, err := net.ListenUDP("udp4", nil)
	if err != nil {
		return err
	}
	defer conn.Close()
	buf := make([]byte, 65536)
	for _, m := range messages {
		if _, err := conn.WriteToUDPAddrPort([]byte(m), server); err != nil {
			return err
		}
		reply, err := receive(conn, server, buf)
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded):
			// The deadline passed: the datagram or its answer was lost.
			fmt.Printf("no reply to %s\n", m)
		case err != nil:
			return err
		default:
			fmt.Printf("reply %s\n", reply)
		}
	}
	return nil
}

// receive waits replyWait for a datagram from server; datagrams from
// anywhere else are not the answer. When the deadline passes, the read
// fails with an error that wraps os.ErrDeadlineExceeded.
func receive(conn *net.UDPConn, server netip.AddrPort, buf []byte) (string, error) {
	if err := conn.SetReadDeadline(time.Now().Add(replyWait)); err != nil {
		return "", err
	}
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			return "", err
		}
		if from == server {
			return string(buf[:n]), nil
		}
	}
}
