//go:build !linux

package sandbox

import (
	"errors"
	"net"
	"net/netip"
	"runtime"
	"syscall"

	"forkroom/internal/i18n"
	"forkroom/internal/proc"
)

// Sandbox is not available on this system: New always fails.
type Sandbox struct{}

var errNoSandbox = errors.New("no Linux namespaces on " + runtime.GOOS)

// User returns 0, 0: there is no sandbox user here.
func User() (uid, gid int) { return 0, 0 }

// New fails: sandboxes need Linux.
func New(Config) (*Sandbox, error) { return nil, errNoSandbox }

// Start fails.
func (s *Sandbox) Start(Cmd) (*Process, error) { return nil, errNoSandbox }

// Signal fails.
func (s *Sandbox) Signal(int, syscall.Signal, bool) error { return errNoSandbox }

// ListenUDP fails.
func (s *Sandbox) ListenUDP(netip.AddrPort) (*net.UDPConn, error) { return nil, errNoSandbox }

// Procs is nil.
func (s *Sandbox) Procs() proc.Source { return nil }

// NetDir is empty.
func (s *Sandbox) NetDir() string { return "" }

// HostPID is 0.
func (s *Sandbox) HostPID() int { return 0 }

// Parent is ParentPID.
func (s *Sandbox) Parent() int { return ParentPID }

// Reset fails.
func (s *Sandbox) Reset() error { return errNoSandbox }

// Hide fails.
func (s *Sandbox) Hide(string) error { return errNoSandbox }

// Ended is true.
func (s *Sandbox) Ended() bool { return true }

// NetDirs is empty.
func NetDirs() []string { return nil }

// Close does nothing.
func (s *Sandbox) Close() error { return nil }

func probe() error {
	return &UnavailableError{Cause: errNoSandbox, Msg: i18n.M("the sandbox needs Linux namespaces, which %s does not have: grade inside the course's dev container", runtime.GOOS)}
}
