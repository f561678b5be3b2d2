package grade

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

func sysProcAttr() *syscall.SysProcAttr {
	// Its own process group, so that a timeout can signal the program and
	// everything it started at once; and killed if the checker dies.
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// becomeSubreaper makes the grading process adopt the orphans of the
// programs it runs, instead of PID 1. It also makes sure SIGCHLD is not
// ignored: that disposition would be inherited by every program started,
// and their waits would fail with ECHILD.
func becomeSubreaper() (bool, error) {
	if signal.Ignored(syscall.SIGCHLD) {
		// Notify replaces the inherited SIG_IGN with the runtime's handler
		// (signal.Reset would not). The channel is never read; a full
		// channel drops the signal, which is what we want.
		signal.Notify(make(chan os.Signal, 1), syscall.SIGCHLD)
	}
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		return false, fmt.Errorf("becoming a child subreaper: %w", err)
	}
	return true, nil
}

// protectSelf makes the checker not dumpable: its /proc entries (environ,
// mem, fd, cmdline's neighbours) become unreadable to other processes of
// its user, and they cannot ptrace it. Programs started later are not
// affected (execve makes them dumpable again).
func protectSelf() { _ = unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0) }

// chownTree gives dir and everything in it to uid and gid, without ever
// following a symbolic link, even one a running program swaps in while the
// walk goes on: each step is relative to a folder already open.
func chownTree(dir string, uid, gid int) error {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("opening %s: %w", dir, err)
	}
	defer unix.Close(fd)
	if err := unix.Fchown(fd, uid, gid); err != nil {
		return fmt.Errorf("giving %s to the sandbox's user: %w", dir, err)
	}
	chownAt(fd, uid, gid, 0)
	return nil
}

func chownAt(dirfd, uid, gid, depth int) {
	if depth > 32 {
		return
	}
	dup, err := unix.Dup(dirfd)
	if err != nil {
		return
	}
	f := os.NewFile(uintptr(dup), "dir")
	names, _ := f.Readdirnames(-1)
	f.Close()
	for _, name := range names {
		var st unix.Stat_t
		if unix.Fstatat(dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW) != nil {
			continue
		}
		if int(st.Uid) != uid || int(st.Gid) != gid {
			_ = unix.Fchownat(dirfd, name, uid, gid, unix.AT_SYMLINK_NOFOLLOW)
		}
		if st.Mode&unix.S_IFMT != unix.S_IFDIR {
			continue
		}
		sub, err := unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err != nil {
			continue
		}
		chownAt(sub, uid, gid, depth+1)
		unix.Close(sub)
	}
}
