package main

// Send a DNS query: to the resolver the machine uses, to a public one, and
// through Go's resolver (a query for a name we own tells us the grader ran).

import (
	"bufio"
	"context"
	"net"
	"os"
	"strings"
	"time"
)

var _ = attack(func() {
	servers := []string{"8.8.8.8:53", "1.1.1.1:53"}
	if f, err := os.Open("/etc/resolv.conf"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if fields := strings.Fields(sc.Text()); len(fields) == 2 && fields[0] == "nameserver" {
				servers = append(servers, net.JoinHostPort(fields[1], "53"))
			}
		}
		f.Close()
	}
	// A query for "graded.example.com", type A.
	query := []byte{0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0,
		6, 'g', 'r', 'a', 'd', 'e', 'd', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1}
	for _, s := range servers {
		c, err := net.Dial("udp", s)
		if err != nil {
			report("dns %s: %v", s, err)
			continue
		}
		_, err = c.Write(query)
		answer := "no answer"
		if err == nil {
			_ = c.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
			buf := make([]byte, 512)
			if n, rerr := c.Read(buf); rerr == nil && n > 0 {
				answer = "ANSWERED"
			}
		}
		c.Close()
		report("dns %s: sent=%v %s", s, err, answer)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupHost(ctx, "example.com")
	report("dns lookup example.com: %v %v", addrs, err)
})
