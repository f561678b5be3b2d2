package main

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

//go:embed baseline.py
var baselinePy []byte

// readyLine is the line both servers write to standard error once bound.
var readyLine = regexp.MustCompile(`msg=listening addr=(\S+)`)

// proc is a chat server running as a child process.
type proc struct {
	label string // "go" or "python"
	cmd   *exec.Cmd
	stdin io.WriteCloser // kept open and idle: the Go server reads announcements from it
	addr  netip.AddrPort
	done  chan struct{} // closed when the process has exited

	logLines    atomic.Int64 // lines logged after the ready line
	rateLimited atomic.Int64 // of which `msg="rate limited"`
	lastLog     atomic.Value // string: the last line, for error messages
}

// startProc starts argv and waits for its ready line.
func startProc(label string, argv []string) (*proc, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdout = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s server: %w", label, err)
	}
	p := &proc{label: label, cmd: cmd, stdin: stdin, done: make(chan struct{})}
	p.lastLog.Store("")
	ready := make(chan string, 1)
	go func() {
		// Drain standard error for the whole run: the Go server logs one
		// line per login, and a full pipe would block it.
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		found := false
		for sc.Scan() {
			line := sc.Text()
			if !found {
				if m := readyLine.FindStringSubmatch(line); m != nil {
					found = true
					ready <- m[1]
					continue
				}
			}
			p.logLines.Add(1)
			p.lastLog.Store(line)
			if strings.Contains(line, `msg="rate limited"`) {
				p.rateLimited.Add(1)
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	select {
	case a := <-ready:
		ap, err := netip.ParseAddrPort(a)
		if err != nil {
			p.stop()
			return nil, fmt.Errorf("%s server: bad ready address %q: %w", label, a, err)
		}
		p.addr = ap
		return p, nil
	case <-p.done:
		return nil, fmt.Errorf("%s server exited before it was ready: %s", label, p.lastLog.Load())
	case <-time.After(15 * time.Second):
		p.stop()
		return nil, fmt.Errorf("%s server: no ready line within 15 s", label)
	}
}

// stop sends SIGTERM, waits up to 5 s, then kills.
func (p *proc) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	_ = p.stdin.Close()
}

// memory returns VmRSS and VmHWM of the process in bytes, from
// /proc/PID/status (0 where not available, e.g. not on Linux).
func (p *proc) memory() (rss, hwm int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 || f[2] != "kB" {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = n << 10
		case "VmHWM:":
			hwm = n << 10
		}
	}
	return rss, hwm
}

// cpu returns the CPU time the process has used, user and system, from
// /proc/PID/stat (in clock ticks of 10 ms, USER_HZ = 100 on Linux).
func (p *proc) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The command name, field 2, is in parentheses and may hold spaces.
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		s = s[i+1:]
	}
	f := strings.Fields(s) // f[0] is field 3, the state
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// tools holds what is needed to start the servers.
type tools struct {
	dir       string // temporary directory
	goServer  string // path of the built ./chatroom/server
	profDir   string // -cpuprofile: run profserver instead, profiles here
	profBin   string // path of the built profserver
	python    string // python3 interpreter, resolved past pyenv shims ("" if none)
	baseline  string // path of baseline.py in dir
	pyVersion string
}

// prepare builds the Go server (unless bin is given), writes baseline.py
// and finds python3 (unless python is "none").
func prepare(bin, python, profDir string) (*tools, error) {
	dir, err := os.MkdirTemp("", "chatbench")
	if err != nil {
		return nil, err
	}
	t := &tools{dir: dir, goServer: bin, profDir: profDir}
	if profDir != "" {
		if err := os.MkdirAll(profDir, 0o755); err != nil {
			return nil, err
		}
		t.profBin = filepath.Join(dir, "profserver")
		build := exec.Command("go", "build", "-o", t.profBin, "forkroom/chatroom/bench/profserver")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("go build forkroom/chatroom/bench/profserver: %w", err)
		}
	}
	if t.goServer == "" {
		t.goServer = filepath.Join(dir, "server")
		build := exec.Command("go", "build", "-o", t.goServer, "forkroom/chatroom/server")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("go build forkroom/chatroom/server (run inside the module): %w", err)
		}
	}
	if python == "none" {
		return t, nil
	}
	t.baseline = filepath.Join(dir, "baseline.py")
	if err := os.WriteFile(t.baseline, baselinePy, 0o644); err != nil {
		return nil, err
	}
	// Resolve the real interpreter (pyenv's shim is a shell script), so
	// that the PID we watch is Python's and start-up is quick.
	out, err := exec.Command(python, "-c", "import sys, platform; print(sys.executable); print(platform.python_version())").Output()
	if err != nil {
		return nil, fmt.Errorf("python %q: %w (use -python none to skip the baseline)", python, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		return nil, fmt.Errorf("python %q: unexpected output %q", python, out)
	}
	t.python, t.pyVersion = lines[0], lines[1]
	return t, nil
}

func (t *tools) cleanup() { _ = os.RemoveAll(t.dir) }

// startGo starts the Go server with the given flags on a free loopback port.
// With -cpuprofile it starts profserver instead, which writes
// <profDir>/go-server-<label>.pprof when stopped.
func (t *tools) startGo(flags []string, label string) (*proc, error) {
	if t.profDir != "" {
		prof := filepath.Join(t.profDir, "go-server-"+label+".pprof")
		return startProc("go", append([]string{t.profBin, "-addr", "127.0.0.1:0", "-cpuprofile", prof}, flags...))
	}
	return startProc("go", append([]string{t.goServer, "-addr", "127.0.0.1:0"}, flags...))
}

// startPython starts the baseline on a free loopback port.
func (t *tools) startPython() (*proc, error) {
	if t.python == "" {
		return nil, errors.New("no python")
	}
	return startProc("python", []string{t.python, t.baseline, "-addr", "127.0.0.1:0"})
}
