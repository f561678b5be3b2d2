package grade

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"forkroom/internal/i18n"
	"forkroom/internal/sandbox"
)

// Stream says where a line of output came from.
type Stream int

// The program's two output streams.
const (
	Stdout Stream = iota
	Stderr
)

// Line is one line of a program's output, stamped with the checker's clock
// when it arrived.
type Line struct {
	At     time.Time
	Stream Stream
	Text   string
}

// Exit is how a program ended.
type Exit struct {
	// Code is the exit status, or -1 when a signal ended the program.
	Code int
	// Signal is the signal that ended it, or "" when it exited.
	Signal string
	// At is when the checker saw it end.
	At time.Time
	// CPU is the user plus system time the process used (its reaped
	// children included, as wait4 reports it).
	CPU time.Duration
}

// In says how it ended, "exit status 3" or "killed by signal killed", in l.
func (e Exit) In(l i18n.Lang) string {
	if e.Signal != "" {
		return i18n.M("killed by signal %s", e.Signal).In(l)
	}
	return i18n.M("exit status %d", e.Code).In(l)
}

// String says how it ended, in English.
func (e Exit) String() string { return e.In(i18n.En) }

// DefaultOutputCap is how much output a program may print before it is
// stopped as a flood.
const DefaultOutputCap = 1 << 20

// StartOptions start a program in a particular way.
type StartOptions struct {
	// Program names which of the lesson's programs to run; empty means the
	// first.
	Program string
	// Args are the command-line arguments.
	Args []string
	// Env is added to the program's small, clean environment.
	Env []string
	// OutputCap overrides DefaultOutputCap.
	OutputCap int
	// Race runs the program built with the race detector (Suite.Race);
	// where there is none, the plain build (T.Race says so).
	Race bool
}

// Program is a running exercise program: its own process group, its stdin
// connected to the check, its stdout and stderr recorded line by line.
type Program struct {
	Name    string
	Started time.Time

	pid    int                                   // in the programs' world
	signal func(sig os.Signal, group bool) error // to the program, or its group
	stdin  io.WriteCloser
	ctx    context.Context
	cap    int

	mu      sync.Mutex
	lines   []Line
	bytes   int
	flooded bool
	cursor  int           // next stdout line Expect looks at
	changed chan struct{} // closed and replaced whenever lines, eof or exit change
	eofs    int           // streams that reached end of file
	exit    *Exit

	done       chan struct{} // closed when the process has been waited for
	outputDone chan struct{} // closed when both streams reached end of file
	readers    sync.WaitGroup
}

// Start runs the lesson's (first) program with args.
func (t *T) Start(args ...string) (*Program, error) {
	return t.StartWith(StartOptions{Args: args})
}

// StartWith runs one of the lesson's programs as opts says.
func (t *T) StartWith(opts StartOptions) (*Program, error) {
	exe, err := t.run.exe(opts.Program, opts.Race)
	if err != nil {
		return nil, err
	}
	env := append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + t.tmp,
		"TMPDIR=" + t.tmp,
		"LANG=C.UTF-8",
	}, opts.Env...)
	box, err := t.run.sandbox(t.slot)
	if err != nil {
		return nil, err
	}
	if box != nil {
		// The teacher's PATH names their own folders, which the sandbox
		// does not show (and should not tell about).
		env[0] = "PATH=" + sandboxPath
		// What the checker made in the folder must be the program's to
		// change, as it would be outside the sandbox.
		if err := t.run.own(t.area); err != nil {
			return nil, fmt.Errorf("handing the check's folder to the sandbox: %w", err)
		}
	}

	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("making stdin pipe: %w", err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("making stdout pipe: %w", err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("making stderr pipe: %w", err)
	}
	p := &Program{
		Name:       opts.Program,
		stdin:      stdinW,
		ctx:        t.ctx,
		cap:        opts.OutputCap,
		changed:    make(chan struct{}),
		done:       make(chan struct{}),
		outputDone: make(chan struct{}),
	}
	if p.cap == 0 {
		p.cap = DefaultOutputCap
	}
	var wait func() Exit
	if box != nil {
		var sp *sandbox.Process
		sp, err = box.Start(sandbox.Cmd{Path: exe, Args: opts.Args, Env: env, Dir: t.tmp,
			Stdin: stdinR, Stdout: outW, Stderr: errW})
		if err == nil {
			p.pid = sp.PID
			p.signal = func(sig os.Signal, group bool) error {
				s, ok := sig.(syscall.Signal)
				if !ok {
					return fmt.Errorf("cannot send %v", sig)
				}
				return box.Signal(sp.PID, s, group)
			}
			wait = func() Exit {
				ex := sp.Exit()
				e := Exit{Code: ex.Code, At: ex.At, CPU: ex.CPU}
				if ex.Signal != 0 {
					e.Signal = ex.Signal.String()
				}
				return e
			}
		}
	} else {
		cmd := exec.Command(exe, opts.Args...)
		cmd.Dir = t.tmp
		cmd.Env = env
		cmd.SysProcAttr = sysProcAttr()
		cmd.Stdin, cmd.Stdout, cmd.Stderr = stdinR, outW, errW
		err = cmd.Start()
		if err == nil {
			p.pid = cmd.Process.Pid
			p.signal = func(sig os.Signal, group bool) error {
				if group {
					return signalGroup(cmd.Process.Pid, sig)
				}
				return cmd.Process.Signal(sig)
			}
			wait = func() Exit {
				_ = cmd.Wait() // the status is in ProcessState; a non-zero exit is not our error
				return exitOf(cmd.ProcessState)
			}
		}
	}
	stdinR.Close()
	outW.Close()
	errW.Close()
	if err != nil {
		stdinW.Close()
		outR.Close()
		errR.Close()
		return nil, fmt.Errorf("starting %s: %w", exe, err)
	}
	p.Started = time.Now()
	t.programs = append(t.programs, p)
	p.readers.Add(2)
	go p.read(outR, Stdout)
	go p.read(errR, Stderr)
	go func() {
		ex := wait()
		p.mu.Lock()
		p.exit = &ex
		p.notifyLocked()
		p.mu.Unlock()
		close(p.done)
	}()
	return p, nil
}

// sandboxPath is PATH inside a sandbox: the system's folders, which it
// shows read-only.
const sandboxPath = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin"

// PID is the program's process id, as the program itself sees it (in a
// sandbox, its pid there).
func (p *Program) PID() int { return p.pid }

func (p *Program) read(r *os.File, s Stream) {
	defer p.readers.Done()
	defer r.Close()
	buf := make([]byte, 32*1024)
	var partial []byte
	for {
		n, err := r.Read(buf)
		if n > 0 {
			now := time.Now()
			chunk := buf[:n]
			p.mu.Lock()
			p.bytes += n
			if p.bytes > p.cap && !p.flooded {
				p.flooded = true
				p.notifyLocked()
				p.mu.Unlock()
				p.killGroup(true)
				p.mu.Lock()
			}
			if !p.flooded {
				for {
					i := bytes.IndexByte(chunk, '\n')
					if i < 0 {
						partial = append(partial, chunk...)
						break
					}
					text := string(append(partial, chunk[:i]...))
					partial = partial[:0]
					chunk = chunk[i+1:]
					p.lines = append(p.lines, Line{At: now, Stream: s, Text: strings.TrimSuffix(text, "\r")})
				}
				p.notifyLocked()
			}
			p.mu.Unlock()
		}
		if err != nil {
			p.mu.Lock()
			if len(partial) > 0 && !p.flooded {
				p.lines = append(p.lines, Line{At: time.Now(), Stream: s, Text: string(partial)})
			}
			p.eofs++
			if p.eofs == 2 {
				close(p.outputDone)
			}
			p.notifyLocked()
			p.mu.Unlock()
			return
		}
	}
}

func (p *Program) notifyLocked() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// Send writes one line to the program's stdin: the way a check tells a
// program paused at a checkpoint to go on.
func (p *Program) Send(line string) error {
	if _, err := io.WriteString(p.stdin, line+"\n"); err != nil {
		return Errorf("could not write %q to your program's stdin: it has closed it or ended (%s)", line, p.state())
	}
	return nil
}

// CloseStdin closes the program's stdin, as end of input.
func (p *Program) CloseStdin() { p.stdin.Close() }

func (p *Program) state() i18n.Localizer {
	if e := p.Exited(); e != nil {
		return *e
	}
	return i18n.M("still running")
}

// Lines returns every line the program has printed so far, both streams.
func (p *Program) Lines() []Line {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Line(nil), p.lines...)
}

// Stdout returns the text of every stdout line so far.
func (p *Program) Stdout() []string {
	var out []string
	for _, l := range p.Lines() {
		if l.Stream == Stdout {
			out = append(out, l.Text)
		}
	}
	return out
}

// Flooded reports whether the program printed more than its output cap and
// was stopped for it.
func (p *Program) Flooded() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.flooded
}

// Exited returns how the program ended, or nil while it runs.
func (p *Program) Exited() *Exit {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.exit == nil {
		return nil
	}
	e := *p.exit
	return &e
}

// Expect waits for the next stdout line that matches the regular expression
// pattern and returns its submatches (the whole line first). Lines before it
// are skipped; a later Expect starts after it. It fails when the program ends
// its output without such a line, floods, or the check's time runs out.
func (p *Program) Expect(pattern string) (Line, []string, error) {
	return p.expect(p.ctx, pattern)
}

// ExpectWithin is Expect with a deadline of its own, d from now (the check's
// deadline still applies).
func (p *Program) ExpectWithin(d time.Duration, pattern string) (Line, []string, error) {
	ctx, cancel := context.WithTimeout(p.ctx, d)
	defer cancel()
	return p.expect(ctx, pattern)
}

// OutputDone is closed when both output streams have reached end of file:
// the program and every process that shared its stdout and stderr (orphans
// included) have ended or closed them.
func (p *Program) OutputDone() <-chan struct{} { return p.outputDone }

func (p *Program) expect(ctx context.Context, pattern string) (Line, []string, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return Line{}, nil, fmt.Errorf("bad pattern %q: %w", pattern, err)
	}
	for {
		p.mu.Lock()
		for i := p.cursor; i < len(p.lines); i++ {
			l := p.lines[i]
			if l.Stream != Stdout {
				continue
			}
			if m := re.FindStringSubmatch(l.Text); m != nil {
				p.cursor = i + 1
				p.mu.Unlock()
				return l, m, nil
			}
		}
		p.cursor = len(p.lines)
		flooded, eof, changed := p.flooded, p.eofs == 2, p.changed
		p.mu.Unlock()
		switch {
		case flooded:
			return Line{}, nil, p.floodFailure()
		case eof:
			<-p.done
			return Line{}, nil, Errorf("your program ended (%s) without printing a line like %q", *p.Exited(), describe(pattern))
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return Line{}, nil, Errorf("timed out after %s waiting for a line like %q", fmtSeconds(time.Since(p.Started)), describe(pattern))
		}
	}
}

func (p *Program) floodFailure() error {
	return Errorf("your program printed more than %d KiB of output and was stopped", p.cap/1024)
}

// Wait waits for the program to end and returns how it ended. It fails when
// the check's time runs out first.
func (p *Program) Wait() (Exit, error) {
	select {
	case <-p.done:
	case <-p.ctx.Done():
		return Exit{}, Errorf("timed out after %s waiting for your program to end", fmtSeconds(time.Since(p.Started)))
	}
	// What it printed just before it ended may still be in the pipe: give
	// the readers a moment to reach end of file. (An orphan that keeps the
	// pipe open goes on being recorded after Wait returns.)
	p.waitReaders(drainTime)
	if p.Flooded() {
		return *p.Exited(), p.floodFailure()
	}
	return *p.Exited(), nil
}

// drainTime is how long Wait lets output written before exit arrive.
const drainTime = 100 * time.Millisecond

// Signal sends sig to the program's main process (not its group): the way a
// check plays Ctrl-C or `kill`. Off Unix only os.Kill can be sent.
func (p *Program) Signal(sig os.Signal) error {
	if err := p.signal(sig, false); err != nil {
		return fmt.Errorf("sending %v to pid %d: %w", sig, p.PID(), err)
	}
	return nil
}

// Done is closed when the program has ended.
func (p *Program) Done() <-chan struct{} { return p.done }

// stop ends the program's process group: SIGTERM, then SIGKILL after grace.
func (p *Program) stop(grace time.Duration) {
	select {
	case <-p.done:
	default:
		p.killGroup(false)
		select {
		case <-p.done:
		case <-time.After(grace):
		}
	}
	// Whatever else is left in its group goes now.
	p.killGroup(true)
	<-p.done
	p.stdin.Close()
}

// killGroup signals the program's process group: SIGTERM, or SIGKILL when
// hard. A group that is already gone is not an error.
func (p *Program) killGroup(hard bool) {
	var sig os.Signal = syscall.SIGTERM
	if hard {
		sig = syscall.SIGKILL
	}
	_ = p.signal(sig, true)
}

// waitReaders gives the output readers a moment to reach end of file; a
// reader held open by a process that escaped the sweep is abandoned.
func (p *Program) waitReaders(d time.Duration) {
	ch := make(chan struct{})
	go func() { p.readers.Wait(); close(ch) }()
	select {
	case <-ch:
	case <-time.After(d):
	}
}

// describe turns a line pattern into something a student can read: the
// anchors go, the rest stays.
func describe(pattern string) string {
	s := strings.TrimPrefix(pattern, "^")
	s = strings.TrimSuffix(s, "$")
	return s
}

func exitOf(st *os.ProcessState) Exit {
	e := Exit{Code: st.ExitCode(), At: time.Now(), CPU: st.UserTime() + st.SystemTime()}
	if sig := signalOf(st); sig != "" {
		e.Signal = sig
		e.Code = -1
	}
	return e
}

var errNoProgram = errors.New("no such program in this lesson")

func outputTitle(p *Program) i18n.Msg {
	ex := p.state()
	if p.Name == "" {
		return i18n.M("output of your program (pid %d, %s)", p.PID(), ex)
	}
	return i18n.M("output of your %s (pid %d, %s)", p.Name, p.PID(), ex)
}
