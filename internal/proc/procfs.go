package proc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTicks is USER_HZ, the unit of times in /proc/PID/stat. It is 100 on
// every Linux architecture Go supports.
const clockTicks = 100

// Procfs reads the process table from a proc filesystem.
type Procfs struct {
	// Root is where proc is mounted; empty means "/proc".
	Root string
}

func (f Procfs) root() string {
	if f.Root == "" {
		return "/proc"
	}
	return f.Root
}

// Snapshot reads every /proc/PID/stat. Processes that end while the table is
// being read are left out, not reported as errors.
func (f Procfs) Snapshot() (Snapshot, error) {
	snap := Snapshot{Taken: time.Now(), Procs: map[int]Process{}}
	boot, err := f.bootTime()
	if err != nil {
		return snap, err
	}
	entries, err := os.ReadDir(f.root())
	if err != nil {
		return snap, fmt.Errorf("reading the process table: %w", err)
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		p, err := f.Process(pid)
		if gone(err) {
			continue // it ended while we looked
		}
		if err != nil {
			return snap, err
		}
		p.Start = boot.Add(p.Start.Sub(time.Time{}))
		snap.Procs[pid] = p
	}
	return snap, nil
}

var errGone = errors.New("process is gone")

// gone reports whether err says the process ended while its stat was read:
// the file is missing (ENOENT), or the read found the process already gone
// (ESRCH), or the file was empty.
func gone(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ESRCH) || errors.Is(err, errGone)
}

// Process reads one process. Its Start is relative to boot (a zero time plus
// the uptime at start); Snapshot makes it absolute.
func (f Procfs) Process(pid int) (Process, error) {
	data, err := os.ReadFile(filepath.Join(f.root(), strconv.Itoa(pid), "stat"))
	if err != nil {
		return Process{}, fmt.Errorf("reading /proc/%d/stat: %w", pid, err)
	}
	p, err := parseStat(pid, data)
	if err != nil {
		return p, err
	}
	f.readDetail(&p)
	return p, nil
}

// parseStat parses a /proc/PID/stat line. The command name sits in
// parentheses and may itself hold spaces and ')', so the fields that follow
// are found after the last ')'.
func parseStat(pid int, data []byte) (Process, error) {
	open := bytes.IndexByte(data, '(')
	shut := bytes.LastIndexByte(data, ')')
	if open < 0 || shut < open {
		if len(data) == 0 {
			return Process{}, errGone
		}
		return Process{}, fmt.Errorf("malformed /proc/%d/stat: %q", pid, data)
	}
	fields := strings.Fields(string(data[shut+1:]))
	if len(fields) < 36 {
		return Process{}, fmt.Errorf("short /proc/%d/stat: %d fields", pid, len(fields))
	}
	num := func(i int) int64 {
		n, _ := strconv.ParseInt(fields[i], 10, 64)
		return n
	}
	const tick = time.Second / clockTicks
	// exit_code, field 52, holds a zombie's wait status; readDetail decides
	// whether the kernel let us see it.
	var wait int
	if len(fields) > 49 {
		wait = int(num(49))
	}
	return Process{
		PID:   pid,
		Comm:  string(data[open+1 : shut]),
		State: State(fields[0][0]),
		PPID:  int(num(1)),
		PGID:  int(num(2)),
		CPU:   time.Duration(num(11)+num(12)) * tick,
		Start: time.Time{}.Add(time.Duration(num(19)) * tick),
		// Fields are numbered from 3 (state) here: num_threads is field 20,
		// exit_signal field 38 of proc(5).
		Threads:    int(num(17)),
		ExitSignal: int(num(35)),
		WaitStatus: wait,
		kthread:    num(6)&pfKthread != 0,
	}, nil
}

// bootTime is when the system booted. Start times count from boot in clock
// ticks, and /proc/stat's btime is whole seconds, too coarse to compare a
// start with the checker's clock: where the proc read is this machine's
// (its btime agrees with the clock, the same boot, as for a sandbox's own
// proc), the boot time comes from the clock itself.
func (f Procfs) bootTime() (time.Time, error) {
	btime, err := f.btime()
	if err != nil {
		return btime, err
	}
	if boot, ok := preciseBoot(); ok && boot.Sub(btime).Abs() < 2*time.Second {
		return boot, nil
	}
	return btime, nil
}

// btime reads the boot time, to the second, from the proc's stat.
func (f Procfs) btime() (time.Time, error) {
	file, err := os.Open(filepath.Join(f.root(), "stat"))
	if err != nil {
		return time.Time{}, fmt.Errorf("reading boot time: %w", err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "btime "); ok {
			sec, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if err != nil {
				return time.Time{}, fmt.Errorf("parsing btime %q: %w", v, err)
			}
			return time.Unix(sec, 0), nil
		}
	}
	return time.Time{}, fmt.Errorf("no btime in %s/stat", f.root())
}
