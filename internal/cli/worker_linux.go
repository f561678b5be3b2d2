package cli

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

func setPdeathsig(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }

// selfExe is the checker's own binary to run as a worker: /proc/self/exe is
// the file this process was started from even if its path has since been
// replaced (a program that swapped bin/checker for a script is not run).
func selfExe() (string, error) { return "/proc/self/exe", nil }

// workerState reads a worker's state from /proc/PID/stat: stopped by a
// signal (SIGSTOP, SIGTSTP) or a tracer, or ended (a zombie not yet waited
// for, or one already reaped).
func workerState(pid int) (stopped, ended bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false, errors.Is(err, fs.ErrNotExist)
	}
	i := bytes.LastIndexByte(data, ')')
	if i < 0 || i+2 >= len(data) {
		return false, false
	}
	st := data[i+2]
	return st == 'T' || st == 't', st == 'Z' || st == 'X'
}

// hardenProcess makes the checker process non-dumpable: its /proc entries
// (environ, mem, fd, cmdline's neighbours) belong to root, and a program
// running as the same user cannot read them or attach to it with ptrace.
// Programs it starts are dumpable again after exec.
func hardenProcess() { _ = unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0) }

// childPIDs lists this process's children, from the children files of its
// threads (/proc/self/task/TID/children): a handful of small reads where a
// snapshot of the process table reads every process's files. ok is false
// where the kernel does not provide them.
func childPIDs() (pids []int, ok bool) {
	files, err := filepath.Glob("/proc/self/task/*/children")
	if err != nil || len(files) == 0 {
		return nil, false
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue // a thread that has just ended
			}
			return nil, false
		}
		for _, field := range strings.Fields(string(data)) {
			if pid, err := strconv.Atoi(field); err == nil {
				pids = append(pids, pid)
			}
		}
	}
	return pids, true
}
