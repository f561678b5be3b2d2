package sandbox

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// The sandbox's network mirrors the host's addresses: for each network
// interface of the host that is up (lo aside), one of the same name with
// the same addresses, but connected to nothing. A program that lists the
// machine's addresses (the chat room shows the ones students type) sees
// what it would see outside, a datagram sent to one of them arrives inside
// the sandbox, and nothing sent to any other host goes anywhere.

// iface is one of the host's network interfaces, as the sandbox copies it.
type iface struct {
	Name  string   `json:"name"`
	Addrs []string `json:"addrs"` // CIDR: 192.0.2.2/24
}

// hostInterfaces lists the host's interfaces that are up, lo aside.
func hostInterfaces() []iface {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil
	}
	var out []iface
	for _, i := range ifs {
		if i.Flags&net.FlagUp == 0 || i.Flags&net.FlagLoopback != 0 || i.Name == "lo" {
			continue
		}
		addrs, err := i.Addrs()
		if err != nil {
			continue
		}
		m := iface{Name: i.Name}
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok {
				m.Addrs = append(m.Addrs, n.String())
			}
		}
		if len(m.Addrs) > 0 {
			out = append(out, m)
		}
	}
	return out
}

// mirror makes the interfaces in the sandbox's network namespace: a link
// of a kind that has no other end (a bridge with no ports, or a dummy),
// the addresses, up.
func mirror(ifs []iface) error {
	if len(ifs) == 0 {
		return nil
	}
	// No addresses of the kernel's own making (IPv6 link-local): only the
	// host's.
	_ = os.WriteFile("/proc/sys/net/ipv6/conf/default/addr_gen_mode", []byte("1\n"), 0)
	nl, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return fmt.Errorf("opening netlink: %w", err)
	}
	defer unix.Close(nl)
	if err := unix.Bind(nl, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return fmt.Errorf("binding netlink: %w", err)
	}
	for _, i := range ifs {
		var err error
		for _, kind := range []string{"dummy", "bridge"} {
			if err = newLink(nl, i.Name, kind); err == nil {
				break
			}
		}
		if err != nil {
			return fmt.Errorf("making the interface %s: %w", i.Name, err)
		}
		link, err := net.InterfaceByName(i.Name)
		if err != nil {
			return err
		}
		for _, a := range i.Addrs {
			p, err := netip.ParsePrefix(a)
			if err != nil {
				continue
			}
			if err := newAddr(nl, link.Index, p); err != nil && !errors.Is(err, unix.EEXIST) {
				return fmt.Errorf("giving %s the address %s: %w", i.Name, a, err)
			}
		}
		if err := linkUp(i.Name); err != nil {
			return err
		}
	}
	return nil
}

// attr is a netlink attribute: its type and payload (nested attributes
// already encoded).
func attr(typ uint16, data []byte) []byte {
	b := make([]byte, unix.SizeofRtAttr, unix.SizeofRtAttr+len(data)+3)
	binary.NativeEndian.PutUint16(b[0:], uint16(unix.SizeofRtAttr+len(data)))
	binary.NativeEndian.PutUint16(b[2:], typ)
	b = append(b, data...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func cstring(s string) []byte { return append([]byte(s), 0) }

func newLink(nl int, name, kind string) error {
	body := make([]byte, unix.SizeofIfInfomsg) // family AF_UNSPEC, no flags
	body = append(body, attr(unix.IFLA_IFNAME, cstring(name))...)
	body = append(body, attr(unix.IFLA_LINKINFO|unix.NLA_F_NESTED, attr(unix.IFLA_INFO_KIND, []byte(kind)))...)
	return netlinkRequest(nl, unix.RTM_NEWLINK, unix.NLM_F_CREATE|unix.NLM_F_EXCL, body)
}

func newAddr(nl, index int, p netip.Prefix) error {
	addr := p.Addr().Unmap()
	msg := make([]byte, unix.SizeofIfAddrmsg)
	msg[0] = unix.AF_INET
	if addr.Is6() {
		msg[0] = unix.AF_INET6
	}
	msg[1] = byte(p.Bits())
	if addr.IsLinkLocalUnicast() {
		msg[3] = unix.RT_SCOPE_LINK
	}
	binary.NativeEndian.PutUint32(msg[4:], uint32(index))
	raw := addr.AsSlice()
	msg = append(msg, attr(unix.IFA_LOCAL, raw)...)
	msg = append(msg, attr(unix.IFA_ADDRESS, raw)...)
	if addr.Is6() {
		// Usable at once: no duplicate address detection on a link that
		// leads nowhere.
		flags := make([]byte, 4)
		binary.NativeEndian.PutUint32(flags, unix.IFA_F_NODAD)
		msg = append(msg, attr(unix.IFA_FLAGS, flags)...)
	}
	return netlinkRequest(nl, unix.RTM_NEWADDR, unix.NLM_F_CREATE|unix.NLM_F_EXCL, msg)
}

var seq uint32

// netlinkRequest sends one netlink request and waits for its acknowledgement.
func netlinkRequest(nl int, typ uint16, flags uint16, body []byte) error {
	seq++
	msg := make([]byte, unix.SizeofNlMsghdr, unix.SizeofNlMsghdr+len(body))
	binary.NativeEndian.PutUint32(msg[0:], uint32(unix.SizeofNlMsghdr+len(body)))
	binary.NativeEndian.PutUint16(msg[4:], typ)
	binary.NativeEndian.PutUint16(msg[6:], flags|unix.NLM_F_REQUEST|unix.NLM_F_ACK)
	binary.NativeEndian.PutUint32(msg[8:], seq)
	msg = append(msg, body...)
	if err := unix.Sendto(nl, msg, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return err
	}
	buf := make([]byte, 8192)
	for {
		n, _, err := unix.Recvfrom(nl, buf, 0)
		if err != nil {
			return err
		}
		msgs, err := syscall.ParseNetlinkMessage(buf[:n])
		if err != nil {
			return err
		}
		for _, m := range msgs {
			if m.Header.Seq != seq || m.Header.Type != unix.NLMSG_ERROR || len(m.Data) < 4 {
				continue
			}
			if errno := -int32(binary.NativeEndian.Uint32(m.Data[:4])); errno != 0 {
				return syscall.Errno(errno)
			}
			return nil
		}
	}
}
