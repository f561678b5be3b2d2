package chatprobe

import (
	"bufio"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"

	"forkroom/internal/sandbox"
)

// Bound reports whether some socket on this machine is bound to the IPv4
// UDP address addr (or to 0.0.0.0 and its port), as /proc/net/udp shows:
// the host's network, and the network of every sandbox this process has
// open (a program graded in a sandbox binds there). known is false where
// there is no /proc (macOS): then nothing is known.
func Bound(addr netip.AddrPort) (bound, known bool) {
	for _, dir := range append([]string{"/proc/net"}, sandbox.NetDirs()...) {
		b, k := boundIn(filepath.Join(dir, "udp"), addr)
		known = known || k
		if b {
			return true, true
		}
	}
	return false, known
}

func boundIn(file string, addr netip.AddrPort) (bound, known bool) {
	f, err := os.Open(file)
	if err != nil {
		return false, false
	}
	defer f.Close()
	ip := addr.Addr().As4()
	// /proc shows the address as the 32-bit number in host order (little
	// endian here), in hex, then the port.
	exact := fmt.Sprintf("%02X%02X%02X%02X:%04X", ip[3], ip[2], ip[1], ip[0], addr.Port())
	wildcard := fmt.Sprintf("00000000:%04X", addr.Port())
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 1 && (fields[1] == exact || fields[1] == wildcard) {
			return true, true
		}
	}
	return false, true
}
