package proc

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// readDetail adds to p what /proc/PID/status and /proc/PID/exe say: the
// signal masks, the executable, and whether the wait status parseStat read
// may be trusted. A file that cannot be read leaves its fields zero: the
// process may have ended meanwhile, or be somebody else's.
func (f Procfs) readDetail(p *Process) {
	if p.kthread {
		return // a kernel thread: no program, nothing a check asks about
	}
	dir := filepath.Join(f.root(), strconv.Itoa(p.PID))
	status, err := os.ReadFile(filepath.Join(dir, "status"))
	mayLook := false
	if err == nil {
		mayLook = parseStatus(p, status)
	}
	// The kernel shows a zombie's exit code only to a reader that may
	// ptrace-read it, and 0 to any other; a 0 counts only when we may look.
	p.HasWaitStatus = p.State == Zombie && (p.WaitStatus != 0 || mayLook)
	if !p.HasWaitStatus {
		p.WaitStatus = 0
	}
	if p.State == Zombie {
		return // a zombie has no executable any more
	}
	exe := filepath.Join(dir, "exe")
	p.Exe = fileID(exe)
	if path, err := os.Readlink(exe); err == nil {
		p.ExePath = path
	}
}

// pfKthread is the flag of a kernel thread in /proc/PID/stat (PF_KTHREAD).
const pfKthread = 0x00200000

// parseStatus reads the signal masks of /proc/PID/status into p and reports
// whether the process runs with the reader's own user and group ids
// throughout (or the reader is root): then the kernel lets the reader see
// its exit code.
func parseStatus(p *Process, data []byte) (mayLook bool) {
	uidOK, gidOK := false, false
	for _, line := range bytes.Split(data, []byte{'\n'}) {
		key, val, ok := strings.Cut(string(line), ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch key {
		case "SigIgn":
			p.SigIgn, _ = strconv.ParseUint(val, 16, 64)
		case "SigCgt":
			p.SigCgt, _ = strconv.ParseUint(val, 16, 64)
		case "SigBlk":
			p.SigBlk, _ = strconv.ParseUint(val, 16, 64)
		case "Uid":
			uidOK = allIDs(val, os.Geteuid())
		case "Gid":
			gidOK = allIDs(val, os.Getegid())
		}
	}
	return os.Geteuid() == 0 || (uidOK && gidOK)
}

// allIDs reports whether every id in the space-separated list is id.
func allIDs(list string, id int) bool {
	fields := strings.Fields(list)
	for _, f := range fields {
		if f != strconv.Itoa(id) {
			return false
		}
	}
	return len(fields) > 0
}
