package console

import (
	"net"
	"net/netip"
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Address is one address students can type to reach the server.
type Address struct {
	AddrPort netip.AddrPort
	// Interface is the name of the network interface that has it ("eth0"),
	// or "" when the server listens on that one address.
	Interface string
}

// Interface is a network interface and its addresses, as net.Interfaces
// and Addrs report them; a test gives its own.
type Interface struct {
	Name  string
	Up    bool
	Addrs []netip.Prefix
}

// SystemInterfaces returns the machine's network interfaces.
func SystemInterfaces() ([]Interface, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	var out []Interface
	for _, ifc := range ifs {
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		i := Interface{Name: ifc.Name, Up: ifc.Flags&net.FlagUp != 0}
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok {
				if ip, ok := netip.AddrFromSlice(n.IP); ok {
					ones, _ := n.Mask.Size()
					i.Addrs = append(i.Addrs, netip.PrefixFrom(ip.Unmap(), ones))
				}
			}
		}
		out = append(out, i)
	}
	return out, nil
}

// StudentAddresses returns the addresses students must type to reach a
// server listening on bound: bound itself when it is one address, and when
// it is 0.0.0.0 or :: (every interface) the addresses of the interfaces that
// are up: IPv4 first, then global IPv6 (a socket on 0.0.0.0 accepts IPv6 too
// where the system allows it), loopback and link-local addresses last and
// only when there is nothing else, since only this computer, or this
// network segment, can use them.
func StudentAddresses(bound netip.AddrPort, ifs []Interface) []Address {
	if !bound.Addr().IsUnspecified() {
		return []Address{{AddrPort: bound}}
	}
	// Four lists in the order shown: IPv4, global IPv6, then, only if
	// both are empty, IPv4 link-local and loopback.
	var ranked [4][]Address
	for _, ifc := range ifs {
		if !ifc.Up {
			continue
		}
		for _, p := range ifc.Addrs {
			a := p.Addr().Unmap()
			addr := Address{AddrPort: netip.AddrPortFrom(a, bound.Port()), Interface: ifc.Name}
			switch {
			case a.IsLoopback():
				ranked[3] = append(ranked[3], addr)
			case a.Is4() && a.IsLinkLocalUnicast():
				ranked[2] = append(ranked[2], addr)
			case a.Is4():
				ranked[0] = append(ranked[0], addr)
			case a.IsGlobalUnicast():
				ranked[1] = append(ranked[1], addr)
			}
			// IPv6 link-local addresses need a zone students cannot
			// guess: left out.
		}
	}
	if out := append(ranked[0], ranked[1]...); len(out) > 0 {
		return out
	}
	if out := append(ranked[2], ranked[3]...); len(out) > 0 {
		return out
	}
	return []Address{{AddrPort: netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), bound.Port())}}
}

// OnlyLocal reports whether addrs holds only loopback and link-local
// addresses: then students on other computers cannot connect.
func OnlyLocal(addrs []Address) bool {
	for _, a := range addrs {
		if ip := a.AddrPort.Addr(); !ip.IsLoopback() && !ip.IsLinkLocalUnicast() {
			return false
		}
	}
	return true
}

// hostPort shows an address as students type it: "192.168.1.10:9527",
// "[2001:db8::5]:9527".
func hostPort(a netip.AddrPort) string {
	return net.JoinHostPort(a.Addr().String(), strconv.Itoa(int(a.Port())))
}

// displayWidth is the number of terminal columns s takes: two for East
// Asian wide characters.
func displayWidth(s string) int {
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
