package chatprobe

import (
	"bufio"
	"fmt"
	"net/netip"
	"os"
	"strings"
)

// Bound reports whether some socket on this machine is bound to the IPv4
// UDP address addr (or to 0.0.0.0 and its port), as /proc/net/udp shows.
// known is false where there is no /proc (macOS): then nothing is known.
func Bound(addr netip.AddrPort) (bound, known bool) {
	f, err := os.Open("/proc/net/udp")
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
