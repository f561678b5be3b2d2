// Package proc reads the process table: who is running, who is whose parent,
// and who is a zombie. It is the checker's ground truth for the process
// lessons, so it never trusts what a program says about itself.
//
// Two sources give the same [Snapshot]: [Procfs] reads /proc (Linux) and [PS]
// runs ps(1) (for systems without /proc, such as macOS). Their agreement is
// tested on Linux.
package proc

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
)

// State is a process's scheduling state, as the one-letter code of ps(1) and
// /proc/PID/stat.
type State byte

// The states a checker cares about.
const (
	Running   State = 'R'
	Sleeping  State = 'S'
	DiskSleep State = 'D'
	Stopped   State = 'T'
	Traced    State = 't'
	Zombie    State = 'Z'
	Dead      State = 'X'
	Idle      State = 'I'
)

// String names the state in a word.
func (s State) String() string {
	switch s {
	case Running:
		return "running"
	case Sleeping, Idle:
		return "sleeping"
	case DiskSleep:
		return "disk-sleep"
	case Stopped, Traced:
		return "stopped"
	case Zombie:
		return "zombie"
	case Dead:
		return "dead"
	}
	return fmt.Sprintf("state-%c", byte(s))
}

// Process is one row of the process table.
type Process struct {
	PID   int
	PPID  int
	PGID  int
	State State
	// Comm is the command name as the kernel keeps it (at most 15 bytes on
	// Linux). A Go program that re-executes itself through /proc/self/exe
	// shows up as "exe".
	Comm string
	// Start is when the process started, to about a second (ps) or a
	// hundredth of a second (/proc).
	Start time.Time
	// CPU is the user plus system CPU time the process has used so far
	// (to a hundredth of a second from /proc, to a second from ps).
	CPU time.Duration
	// Threads is the number of threads (0 when the source does not say).
	Threads int
	// ExitSignal is the signal the parent gets when the process ends:
	// SIGCHLD (17 on Linux) for every ordinary child. The Go runtime's
	// one-off clone(CLONE_PIDFD) probe, made the first time a Go program
	// starts a child, has 0. ps does not show it; PS reports SIGCHLD.
	ExitSignal int

	// The fields below come from /proc only; the PS source leaves them
	// zero (and HasWaitStatus false), so checks that need them are loose
	// where there is no /proc.

	// WaitStatus is, for a zombie, what its parent's wait will return: the
	// raw status, exit code << 8 or the number of the signal that killed
	// it (exit_code, field 52 of /proc/PID/stat, Linux 3.5 and later). It
	// is meaningful only when HasWaitStatus is true: the process is a
	// zombie and the kernel let the reader see the value (it shows 0 to a
	// reader that may not ptrace-read the process).
	WaitStatus    int
	HasWaitStatus bool
	// SigIgn, SigCgt and SigBlk are the signals the process ignores,
	// catches with a handler and blocks, as bit masks: bit n-1 stands for
	// signal n (/proc/PID/status). A zombie's are zero.
	SigIgn, SigCgt, SigBlk uint64
	// Exe identifies the file the process runs (the target of
	// /proc/PID/exe): two processes running the same program have the same
	// Exe. It is zero for a zombie, a kernel thread, or when the reader may
	// not look.
	Exe FileID
	// ExePath is that file's path as the reader's /proc shows it, for
	// messages; "" when unknown.
	ExePath string

	kthread bool // a kernel thread (/proc only): no details are read
}

// FileID identifies a file by its device and inode numbers.
type FileID struct {
	Dev, Ino uint64
}

// IsZero reports whether the file is unknown.
func (f FileID) IsZero() bool { return f == FileID{} }

// SIGCHLD's number on Linux, for Ignores and Catches.
const SIGCHLD = sigchld

// Ignores reports whether the process ignores signal sig (SIG_IGN), as far
// as the source says: with SIGCHLD ignored, the kernel reaps the process's
// children itself and its waits find none.
func (p Process) Ignores(sig int) bool { return sig > 0 && sig <= 64 && p.SigIgn&(1<<(sig-1)) != 0 }

// Catches reports whether the process has a handler for signal sig.
func (p Process) Catches(sig int) bool { return sig > 0 && sig <= 64 && p.SigCgt&(1<<(sig-1)) != 0 }

// Ended says how a zombie ended, as its parent's wait will tell it: its exit
// code, or the signal that killed it (code -1). ok is false when the source
// does not know (not a zombie, ps, or the kernel would not say).
func (p Process) Ended() (code, signal int, ok bool) {
	if !p.HasWaitStatus {
		return 0, 0, false
	}
	if sig := p.WaitStatus & 0x7f; sig != 0 {
		return -1, sig, true
	}
	return (p.WaitStatus >> 8) & 0xff, 0, true
}

// sigchld is SIGCHLD's number on Linux, the exit signal of ordinary children.
const sigchld = 17

// Hidden reports whether the process is one the program did not ask for:
// the Go runtime's short-lived pidfd probe (exit signal 0). Children and
// Descendants leave such processes out.
func (p Process) Hidden() bool { return p.ExitSignal == 0 && p.PPID > 2 }

// Snapshot is the process table at one moment.
type Snapshot struct {
	Taken time.Time
	Procs map[int]Process
}

// Source gives snapshots of the process table.
type Source interface {
	Snapshot() (Snapshot, error)
}

// Default returns the best source on this system: /proc where it exists,
// ps otherwise.
func Default() Source {
	if _, err := os.Stat("/proc/self/stat"); err == nil {
		return Procfs{}
	}
	return PS{}
}

// Get returns the process with the given pid, if it was in the table.
func (s Snapshot) Get(pid int) (Process, bool) {
	p, ok := s.Procs[pid]
	return p, ok
}

// Children returns the processes whose parent is pid, in pid order.
func (s Snapshot) Children(pid int) []Process {
	var out []Process
	for _, p := range s.Procs {
		if p.PPID == pid && p.PID != pid && !p.Hidden() {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PID < out[j].PID })
	return out
}

// Descendants returns every process below pid (children, grandchildren, …),
// parents before their children.
func (s Snapshot) Descendants(pid int) []Process {
	var out []Process
	queue := []int{pid}
	seen := map[int]bool{pid: true}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, c := range s.Children(cur) {
			if seen[c.PID] {
				continue
			}
			seen[c.PID] = true
			out = append(out, c)
			queue = append(queue, c.PID)
		}
	}
	return out
}

// Zombies returns the processes among ps that are zombies.
func Zombies(ps []Process) []Process {
	var out []Process
	for _, p := range ps {
		if p.State == Zombie {
			out = append(out, p)
		}
	}
	return out
}

// Tree draws the processes below root (root included) as a small picture:
//
//	4711 checker  sleeping
//	└── 4712 fork  sleeping     ← your program
//	    └── 4713 exe  zombie
//
// Labels, keyed by pid, are written after a process's state.
func (s Snapshot) Tree(root int, labels map[int]string) string {
	return s.TreeIn(root, labels, func(w string) string { return w })
}

// TreeIn is Tree with the state words passed through word, to show them in
// another language.
func (s Snapshot) TreeIn(root int, labels map[int]string, word func(string) string) string {
	var b strings.Builder
	var walk func(pid int, prefix string, last, top bool)
	walk = func(pid int, prefix string, last, top bool) {
		p, ok := s.Procs[pid]
		line := fmt.Sprintf("%d", pid)
		if ok {
			line = fmt.Sprintf("%d %s  %s", p.PID, p.Comm, word(p.State.String()))
		}
		if l := labels[pid]; l != "" {
			line += "   ← " + l
		}
		branch, childPrefix := "", ""
		if !top {
			branch = "├── "
			childPrefix = prefix + "│   "
			if last {
				branch = "└── "
				childPrefix = prefix + "    "
			}
		}
		b.WriteString(prefix + branch + line + "\n")
		kids := s.Children(pid)
		for i, c := range kids {
			walk(c.PID, childPrefix, i == len(kids)-1, false)
		}
	}
	walk(root, "", true, true)
	return strings.TrimRight(b.String(), "\n")
}
