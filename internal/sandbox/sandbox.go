package sandbox

import (
	"os"
	"sync"
	"syscall"
	"time"

	"forkroom/internal/i18n"
)

// The limits every program in a sandbox runs under (setrlimit, applied to
// each program just before it is executed, and inherited by what it starts).
const (
	// MaxTasks is RLIMIT_NPROC: how many tasks (processes and their
	// threads: Linux counts threads) the sandbox's user may have at once
	// in the sandbox. The busiest lesson (10: a parent and 13 children, Go
	// programs of 5 to 10 threads each) peaks near 100.
	MaxTasks = 256
	// MaxData is RLIMIT_DATA: the private writable memory (heap, Go's
	// arenas) of one process.
	MaxData = 1 << 30
	// MaxFileSize is RLIMIT_FSIZE: the largest file a program may write.
	MaxFileSize = 64 << 20
	// MaxCPU is RLIMIT_CPU, in seconds of CPU time per process: a backstop
	// behind every check's own timeout.
	MaxCPU = 120
)

// ParentPID is the pid the checker's process in a sandbox gets (the parent
// of the programs and the adopter of their orphans) where it can: see
// Sandbox.Parent.
const ParentPID = 100

// Config says which host folders a sandbox shows to its programs, each at
// the same path as on the host, so that a path the checker passes as an
// argument means the same file inside. Everything else of the host is
// hidden except the read-only system folders (/usr, /bin, /lib*, /etc)
// and a few devices.
type Config struct {
	// Writable folders: the check's temporary folder.
	Writable []string
	// ReadOnly folders: the built programs.
	ReadOnly []string
}

// Cmd is a program to start in a sandbox.
type Cmd struct {
	// Path is the executable, as seen inside the sandbox; it is also the
	// program's argv[0].
	Path string
	Args []string
	// Env is the program's whole environment.
	Env []string
	// Dir is its working folder, as seen inside.
	Dir string
	// Stdin, Stdout and Stderr are passed to the program as they are.
	Stdin, Stdout, Stderr *os.File
}

// Exit is how a program started in a sandbox ended, as its parent (the
// checker's process in the sandbox) saw it with wait4.
type Exit struct {
	// Code is the exit status, or -1 when a signal ended the program.
	Code int
	// Signal is the signal that ended it, or 0.
	Signal syscall.Signal
	// At is when PID 1 reaped it, on this process's clock.
	At time.Time
	// CPU is its user plus system time, its reaped children included.
	CPU time.Duration
}

// Process is a program started in a sandbox.
type Process struct {
	// PID is its pid inside the sandbox: the number the program and its
	// relatives see.
	PID int

	done chan struct{}
	exit Exit
}

// Done is closed when the program has ended and PID 1 has reaped it (or
// the sandbox has ended).
func (p *Process) Done() <-chan struct{} { return p.done }

// Exit returns how the program ended; it is valid once Done is closed.
func (p *Process) Exit() Exit {
	<-p.done
	return p.exit
}

// UnavailableError says why the sandbox cannot be made on this machine and
// what fixes it, in either language.
type UnavailableError struct {
	// Msg is the sentence shown to the user.
	Msg i18n.Msg
	// Cause is what the kernel said.
	Cause error
}

func (e *UnavailableError) Error() string { return e.Msg.In(i18n.En) }

// In renders the message in l.
func (e *UnavailableError) In(l i18n.Lang) string { return e.Msg.In(l) }

func (e *UnavailableError) Unwrap() error { return e.Cause }

var available struct {
	once sync.Once
	err  error
}

// Available reports whether sandboxes can be made here: nil when they can,
// otherwise an *UnavailableError whose message says why and how to fix it.
// The answer is worked out once, by making a sandbox and running a program
// in it, and then remembered.
//
// Setting FORKROOM_NO_SANDBOX in the environment makes it say no: to see
// what a machine without namespaces does.
func Available() error {
	if os.Getenv(offEnv) != "" {
		return &UnavailableError{Msg: i18n.M("the sandbox is turned off (%s is set)", offEnv)}
	}
	available.once.Do(func() { available.err = probe() })
	return available.err
}

// offEnv turns sandboxes off.
const offEnv = "FORKROOM_NO_SANDBOX"
