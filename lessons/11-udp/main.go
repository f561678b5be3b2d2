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
	"flag"
	"fmt"
	"log"
	"net/netip"
	"os"
)

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
	// TODO: Open the socket with net.ListenUDP("udp4",
	// net.UDPAddrFromAddrPort(addr)). Use "udp4", not "udp": see the
	// lesson's "Common mistakes".

	// TODO: Loop for ever: n, from, err := conn.ReadFromUDPAddrPort(buf)
	// (recvfrom) with a 65536-byte buf; print "echo from=FROM bytes=N";
	// send buf[:n] back to from with conn.WriteToUDPAddrPort (sendto).

	log.Printf("server: nothing done yet for %s (服务器还没有写)", addr)
	return nil
}

// client sends each message and prints the answer.
func client(server netip.AddrPort, messages []string) error {
	// TODO: Open one socket with net.ListenUDP("udp4", nil): the system
	// picks a free port.

	// TODO: For each message: send it with conn.WriteToUDPAddrPort, then
	// set a deadline 2 s from now (conn.SetReadDeadline) and read the
	// answer. Print "reply TEXT"; when the read fails with
	// errors.Is(err, os.ErrDeadlineExceeded), print "no reply to MESSAGE"
	// and go on with the next message.

	log.Printf("client: nothing done yet for %s, %d messages (客户端还没有写)", server, len(messages))
	return nil
}
