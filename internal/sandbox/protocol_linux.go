package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// The checker and its process in the sandbox (the parent) talk over a SOCK_SEQPACKET socket pair: one
// JSON object per message, file descriptors (a program's stdin, stdout and
// stderr; a socket made inside) attached as SCM_RIGHTS.

// The operations.
const (
	opSetup = "setup" // checker → parent, first: what to show inside
	opReady = "ready" // parent → checker: set up (Err says what failed)
	opStart = "start" // checker → parent, with 3 fds: start a program
	opKill  = "kill"  // checker → parent: signal a pid (negative: a group)
	opUDP   = "udp"   // checker → parent: a UDP socket bound inside, as an fd
	opReset = "reset" // checker → parent: kill and reap every process below it
	opHide  = "hide"  // checker → parent: cover a folder (Path) with an empty one
	opReply = "reply" // parent → checker: the answer to the request ID
	opExit  = "exit"  // parent → checker: a program it started has ended
)

// maxMessage bounds one message (a program's arguments and environment).
const maxMessage = 1 << 20

type message struct {
	Op string `json:"op"`
	ID int    `json:"id,omitempty"`

	// setup
	Root     string   `json:"root,omitempty"`
	Writable []string `json:"writable,omitempty"`
	ReadOnly []string `json:"readonly,omitempty"`
	Ifaces   []iface  `json:"ifaces,omitempty"`
	// The ids the programs run as, when they are not PID 1's own (the
	// checker is root): PID 1 sets them on each.
	UID int `json:"uid,omitempty"`
	GID int `json:"gid,omitempty"`

	// start
	Path string   `json:"path,omitempty"`
	Args []string `json:"args,omitempty"`
	Env  []string `json:"env,omitempty"`
	Dir  string   `json:"dir,omitempty"`

	// kill, and the pid of a reply to start or of an exit
	PID int `json:"pid,omitempty"`
	Sig int `json:"sig,omitempty"`

	// udp
	Addr string `json:"addr,omitempty"`

	// replies
	Err string `json:"err,omitempty"`

	// exit
	Code int   `json:"code,omitempty"`
	CPU  int64 `json:"cpu,omitempty"`  // nanoseconds
	Mono int64 `json:"mono,omitempty"` // CLOCK_MONOTONIC when reaped, nanoseconds
}

func send(c *net.UnixConn, m message, fds ...int) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if len(data) > maxMessage {
		return fmt.Errorf("message %s of %d bytes is too long", m.Op, len(data))
	}
	var oob []byte
	if len(fds) > 0 {
		oob = unix.UnixRights(fds...)
	}
	if _, _, err := c.WriteMsgUnix(data, oob, nil); err != nil {
		return fmt.Errorf("sending %s: %w", m.Op, err)
	}
	return nil
}

// recv reads one message and the descriptors that came with it, which it
// marks close-on-exec at once.
func recv(c *net.UnixConn) (message, []*os.File, error) {
	buf := make([]byte, maxMessage)
	oob := make([]byte, unix.CmsgSpace(4*8))
	n, oobn, flags, _, err := c.ReadMsgUnix(buf, oob)
	if errors.Is(err, io.EOF) {
		return message{}, nil, errEOF
	}
	if err != nil {
		return message{}, nil, err
	}
	var files []*os.File
	if oobn > 0 {
		cmsgs, err := unix.ParseSocketControlMessage(oob[:oobn])
		if err != nil {
			return message{}, nil, fmt.Errorf("parsing control message: %w", err)
		}
		for _, cm := range cmsgs {
			fds, err := unix.ParseUnixRights(&cm)
			if err != nil {
				continue
			}
			for _, fd := range fds {
				syscall.CloseOnExec(fd)
				files = append(files, os.NewFile(uintptr(fd), "passed"))
			}
		}
	}
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	if n == 0 && oobn == 0 {
		return message{}, nil, errEOF
	}
	if flags&(unix.MSG_TRUNC|unix.MSG_CTRUNC) != 0 {
		closeAll()
		return message{}, nil, errors.New("message truncated")
	}
	var m message
	if err := json.Unmarshal(buf[:n], &m); err != nil {
		closeAll()
		return message{}, nil, fmt.Errorf("decoding message: %w", err)
	}
	return m, files, nil
}

// errEOF is the end of the conversation: the other side has closed its
// end (SOCK_SEQPACKET reads zero bytes).
var errEOF = errors.New("connection closed")

// fileConn turns a socket descriptor into a *net.UnixConn served by Go's
// poller, and closes the descriptor (the conn holds a duplicate).
func fileConn(f *os.File) (*net.UnixConn, error) {
	defer f.Close()
	c, err := net.FileConn(f)
	if err != nil {
		return nil, err
	}
	uc, ok := c.(*net.UnixConn)
	if !ok {
		c.Close()
		return nil, fmt.Errorf("descriptor %d is not a unix socket", f.Fd())
	}
	return uc, nil
}

// monotonic is CLOCK_MONOTONIC in nanoseconds: the clock the parent stamps
// exits with, shared by every process of the machine.
func monotonic() int64 {
	var ts unix.Timespec
	_ = unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	return ts.Nano()
}
