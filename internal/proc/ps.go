package proc

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// PS reads the process table by running ps(1), for systems without /proc.
// It asks for the POSIX columns that Linux (procps) and the BSDs share.
type PS struct {
	// Path is the ps program; empty means "ps" from PATH.
	Path string
}

// Snapshot runs ps once. The ps process itself is left out.
func (p PS) Snapshot() (Snapshot, error) {
	path := p.Path
	if path == "" {
		path = "ps"
	}
	cmd := exec.Command(path, "-A", "-o", "pid=", "-o", "ppid=", "-o", "pgid=",
		"-o", "stat=", "-o", "time=", "-o", "lstart=", "-o", "comm=")
	cmd.Env = append(cmd.Environ(), "LC_ALL=C", "TZ=UTC")
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		return Snapshot{}, fmt.Errorf("running ps: %w", err)
	}
	self := cmd.Process.Pid
	if err := cmd.Wait(); err != nil {
		return Snapshot{}, fmt.Errorf("running ps: %w", err)
	}
	snap := Snapshot{Taken: time.Now(), Procs: map[int]Process{}}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		pr, err := parsePSLine(line)
		if err != nil {
			return snap, err
		}
		if pr.PID != self {
			snap.Procs[pr.PID] = pr
		}
	}
	return snap, nil
}

// parsePSLine parses "pid ppid pgid stat time lstart(5 words) comm…".
func parsePSLine(line string) (Process, error) {
	f := strings.Fields(line)
	if len(f) < 11 {
		return Process{}, fmt.Errorf("unexpected ps line %q", line)
	}
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	start, err := time.ParseInLocation("Mon Jan _2 15:04:05 2006", strings.Join(f[5:10], " "), time.UTC)
	if err != nil {
		return Process{}, fmt.Errorf("parsing ps start time in %q: %w", line, err)
	}
	comm := strings.Join(f[10:], " ")
	comm = strings.TrimSuffix(comm, " <defunct>")
	return Process{
		PID:   atoi(f[0]),
		PPID:  atoi(f[1]),
		PGID:  atoi(f[2]),
		State: State(f[3][0]),
		CPU:   parseCPUTime(f[4]),
		Start: start,
		Comm:  comm,
		// ps cannot show the exit signal: every process counts as ordinary.
		ExitSignal: sigchld,
	}, nil
}

// parseCPUTime parses ps's cumulative CPU time: [[dd-]hh:]mm:ss[.cc].
func parseCPUTime(s string) time.Duration {
	var days int
	if d, rest, ok := strings.Cut(s, "-"); ok {
		days, _ = strconv.Atoi(d)
		s = rest
	}
	parts := strings.Split(s, ":")
	var total float64
	for _, p := range parts {
		v, _ := strconv.ParseFloat(p, 64)
		total = total*60 + v
	}
	return time.Duration(days)*24*time.Hour + time.Duration(total*float64(time.Second))
}
