package main

// Reach services on the teacher's machine and network: TCP and UDP on its
// loopback, and on its address on the network.

import (
	"net"
	"time"
)

var _ = attack(func() {
	for _, addr := range []string{targetTCP, targetLANTCP} {
		if addr == "" {
			continue
		}
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			_, err = c.Write([]byte(marker + "\n"))
			c.Close()
		}
		report("network tcp %s: %v", addr, err)
	}
	for _, addr := range []string{targetUDP, targetLANUDP} {
		if addr == "" {
			continue
		}
		c, err := net.Dial("udp", addr)
		if err == nil {
			_, err = c.Write([]byte(marker))
			c.Close()
		}
		report("network udp %s: %v", addr, err)
	}
})
