// Package grade runs an exercise program as a black box and grades it with
// checks.
//
// A [Check] is a Go value written once and run against any tree: the student's
// lessons/, the reference solutions/, a copied submission, or a known-wrong
// program in the checker's own tests. [Grade] builds the program with
// `go build`, runs each check in turn with its own timeout (or, where the
// suite allows it, [Suite.Parallel] checks side by side, each in a sandbox
// of its own), and after every check kills whatever the program left
// running and reaps every zombie, so the next check starts from a clean
// process table.
//
// On Linux the grading process makes itself a child subreaper, so the orphans
// and escaped daemons of the program are adopted by it: checks can watch them
// and the engine can clean them up.
//
// Where the kernel allows it (and unless [Options.Isolation] says not to),
// the programs run in a sandbox (package sandbox), one per lesson run (one
// per check running at once, with Suite.Parallel),
// built from a private copy of the submission. The checks do not change:
// [T.Snapshot], [T.Self] and [Program.PID] speak of the sandbox's pids, the
// ones the programs print; the checker's process in the sandbox plays the
// checker's part (parent of the programs, adopter of their orphans);
// sockets made with [T.ListenUDP] are in the sandbox's network; after each
// check everything the programs left is killed and reaped, and at the end
// of the run the whole sandbox ends, leaving nothing behind.
package grade

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"forkroom/internal/i18n"
	"forkroom/internal/proc"
	"forkroom/internal/sandbox"
)

// DefaultTimeout is a check's time limit when it does not set one.
const DefaultTimeout = 10 * time.Second

// Check is one graded behaviour of an exercise.
type Check struct {
	// ID is a short stable slug, unique within its lesson ("lists-entries").
	ID string
	// Title says in English what a passing program does; it is also the key of
	// its Chinese form in the i18n catalog.
	Title string
	// Points is what the check is worth.
	Points int
	// Timeout bounds the whole check, programs included; zero means
	// DefaultTimeout.
	Timeout time.Duration
	// Hint is shown when the check fails: where to look, not the answer.
	Hint string
	// Slow marks a check that takes seconds whatever the program does (it
	// waits out a program's own time limit, or loads a program built with
	// the race detector): where checks run side by side (Suite.Parallel),
	// the slow ones start first, so that the lesson ends sooner. It
	// changes nothing else.
	Slow bool
	// Run does the check. It returns nil when the program behaved, a
	// [*Failure] (see [Errorf]) describing what was expected and what
	// happened when it did not, and any other error when the check itself
	// could not be carried out.
	Run func(*T) error
}

func (c Check) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

// Failure is a graded failure: the program did not do what the check expects.
// Its message can be shown in either language.
type Failure struct {
	Msg i18n.Msg
}

// Errorf makes a Failure. The format is English and is the catalog key of its
// Chinese form; arguments that are Localizers (another Failure, an i18n.Msg)
// are rendered in the reader's language.
func Errorf(format string, args ...any) error {
	return &Failure{Msg: i18n.M(format, args...)}
}

func (f *Failure) Error() string { return f.Msg.In(i18n.En) }

// In renders the failure in l.
func (f *Failure) In(l i18n.Lang) string { return f.Msg.In(l) }

// Detail is a titled block shown under a failed check: a program's output, a
// picture of the process tree, a table of what was expected and seen.
type Detail struct {
	Title i18n.Msg
	Body  i18n.Localizer
}

// T is what a check works with: its deadline, the built programs, the process
// table, a private temporary directory and a seeded random source.
type T struct {
	ctx      context.Context
	run      *lessonRun
	slot     *slot         // the sandbox the check's programs run in
	timeout  time.Duration // the check's
	tmp      string        // TempDir: the check's folder, or a Once run's
	area     string        // the check's folder, which Once runs' folders are in
	onceDirs map[string]bool
	programs []*Program
	details  []Detail
	// Rand is seeded from the lesson run's seed and the check's ID; the
	// seed is shown with -v so that a failure can be replayed.
	Rand *rand.Rand
}

// Context is cancelled when the check's time is up.
func (t *T) Context() context.Context { return t.ctx }

// TempDir is a private directory for this check, removed afterwards. Programs
// start in it.
func (t *T) TempDir() string { return t.tmp }

// Sandboxed reports whether this check's programs run in a sandbox.
func (t *T) Sandboxed() bool { return t.run.sandboxed }

// Self is the pid, as the programs see it, of the process that starts them
// and adopts their orphans: the checker itself (a child subreaper, on
// Linux), or in the check's sandbox the checker's process there
// (usually pid 100), which behaves the same way: it reaps the programs it
// started and leaves the orphans it adopted, zombies included, for the
// checks to see. It is never 1.
func (t *T) Self() int {
	if !t.run.sandboxed {
		return os.Getpid()
	}
	box, err := t.run.sandbox(t.slot)
	if err != nil {
		return 0 // no process: starting one fails too, and says why
	}
	return box.Parent()
}

// Snapshot reads the process table now: the processes of the programs'
// world, with the pids they see (package proc explains the fields).
func (t *T) Snapshot() (proc.Snapshot, error) {
	box, err := t.run.sandbox(t.slot)
	if err != nil {
		return proc.Snapshot{}, err
	}
	if box != nil {
		return box.Procs().Snapshot()
	}
	return t.run.procs.Snapshot()
}

// sandbox returns the slot's sandbox, made on first use (and made again if
// a program ended it), or nil when the lesson does not run in one. The
// checks given the slot share it, one after the other: between two checks
// everything in it is killed and reaped (sweepSandbox), so the pids the
// checks compare, Self's among them, hold for the whole run. Its programs
// may write in the slot's folder only.
func (r *lessonRun) sandbox(s *slot) (*sandbox.Sandbox, error) {
	if !r.sandboxed {
		return nil, nil
	}
	r.boxMu.Lock()
	defer r.boxMu.Unlock()
	if s.box != nil && s.box.Ended() {
		_ = s.box.Close()
		s.box = nil
	}
	if s.box == nil {
		box, err := sandbox.New(sandbox.Config{Writable: []string{s.work}, ReadOnly: []string{r.bin}})
		if err != nil {
			return nil, fmt.Errorf("making the sandbox: %w", err)
		}
		s.box = box
	}
	return s.box, nil
}

// closeSandbox ends the run's sandboxes and everything in them.
func (r *lessonRun) closeSandbox() {
	r.boxMu.Lock()
	defer r.boxMu.Unlock()
	for _, s := range r.slots {
		if s.box != nil {
			_ = s.box.Close()
			s.box = nil
		}
	}
}

// cleanArea removes the check's folder, except the folders of Once runs,
// which later checks look at.
func (t *T) cleanArea() {
	if len(t.onceDirs) == 0 {
		os.RemoveAll(t.area)
		return
	}
	entries, _ := os.ReadDir(t.area)
	for _, e := range entries {
		if !t.onceDirs[e.Name()] {
			os.RemoveAll(filepath.Join(t.area, e.Name()))
		}
	}
}

// ListenUDP opens a UDP socket at laddr (port 0: one the system picks)
// where the check's programs can reach it: in the sandbox's network when
// they run in one. The check's fake peers talk through such sockets.
func (t *T) ListenUDP(laddr netip.AddrPort) (*net.UDPConn, error) {
	box, err := t.run.sandbox(t.slot)
	if err != nil {
		return nil, err
	}
	if box != nil {
		return box.ListenUDP(laddr)
	}
	return net.ListenUDP("udp", net.UDPAddrFromAddrPort(laddr))
}

// checkKey finds the check's T in its context.
type checkKey struct{}

// ListenUDP is T.ListenUDP for code that has only the check's context
// (T.Context), such as package chatprobe; with any other context it opens
// an ordinary socket.
func ListenUDP(ctx context.Context, laddr netip.AddrPort) (*net.UDPConn, error) {
	if t, ok := ctx.Value(checkKey{}).(*T); ok {
		return t.ListenUDP(laddr)
	}
	return net.ListenUDP("udp", net.UDPAddrFromAddrPort(laddr))
}

// Attach adds a titled block to what is shown if the check fails (or always,
// with -v). The body is a string shown as it is, or an i18n.Localizer (such
// as a Picture) shown in the reader's language.
func (t *T) Attach(title i18n.Msg, body any) {
	var b i18n.Localizer
	switch v := body.(type) {
	case i18n.Localizer:
		b = v
	case string:
		b = i18n.Plain(v)
	default:
		b = i18n.Plain(fmt.Sprint(v))
	}
	t.details = append(t.details, Detail{Title: title, Body: b})
}

// AttachTree attaches a picture of every process below the checker in snap,
// with the programs this check started labelled.
func (t *T) AttachTree(snap proc.Snapshot) {
	t.Attach(i18n.M("processes seen (pid, command, state)"), t.Picture(snap))
}

// Picture draws the processes below the checker in snap, labelling the
// checker, the programs this check started and the orphans it adopted. The
// picture is drawn when it is shown, in the reader's language.
func (t *T) Picture(snap proc.Snapshot) i18n.Localizer {
	labels := map[int]string{t.Self(): "checker"}
	started := map[int]bool{}
	for _, p := range t.programs {
		labels[p.PID()] = "your program"
		started[p.PID()] = true
	}
	for _, c := range snap.Children(t.Self()) {
		if !started[c.PID] {
			labels[c.PID] = "adopted by the checker"
		}
	}
	return picture{snap: snap, root: t.Self(), labels: labels}
}

// picture is a process tree drawn late, so that its words can be translated.
type picture struct {
	snap   proc.Snapshot
	root   int
	labels map[int]string
}

func (p picture) In(l i18n.Lang) string {
	labels := map[int]string{}
	for pid, label := range p.labels {
		labels[pid] = i18n.T(l, label)
	}
	return p.snap.TreeIn(p.root, labels, func(w string) string { return i18n.T(l, w) })
}

// Sleep waits for d or until the check's time is up.
func (t *T) Sleep(d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-t.ctx.Done():
		return t.timeoutFailure()
	}
}

// Poll calls fn every interval until it reports done, returns an error, or the
// check's time is up (which is a timeout failure).
func (t *T) Poll(interval time.Duration, fn func() (done bool, err error)) error {
	for {
		done, err := fn()
		if err != nil || done {
			return err
		}
		if err := t.Sleep(interval); err != nil {
			return err
		}
	}
}

func (t *T) timeoutFailure() error {
	return Errorf("timed out after %s", fmtSeconds(t.timeout))
}

// Once runs fn the first time a check of this lesson run asks for key and
// hands every later caller the same result. It lets several checks grade one
// run of a slow program (a 3 s task, a paused zombie) instead of running it
// again for each. Output and details recorded while fn ran are shown under
// every check that uses the result. A check that asks while another check
// running beside it (Suite.Parallel) runs fn waits for that result; fn runs
// in the first caller's sandbox, so pids in the result are that sandbox's.
func Once[V any](t *T, key string, fn func(*T) (V, error)) (V, error) {
	var zero V
	t.run.onceMu.Lock()
	e, ok := t.run.once[key]
	if !ok {
		e = &onceEntry{ready: make(chan struct{})}
		t.run.once[key] = e
	}
	t.run.onceMu.Unlock()
	if ok {
		// Another check runs it, or has run it: wait for its result.
		select {
		case <-e.ready:
		case <-t.ctx.Done():
			return zero, t.timeoutFailure()
		}
		t.programs = append(t.programs, e.programs...)
		t.details = append(t.details, e.details...)
	} else {
		defer close(e.ready)
		// What a waiting check gets if fn never returns (it panicked).
		e.err = fmt.Errorf("the shared run %q did not finish", key)
		before, beforeDetails := len(t.programs), len(t.details)
		// The shared run gets a directory that lives as long as the lesson
		// run, so that later checks can look at what the program left there.
		// It is in the check's folder, which the sandbox shows while the
		// check runs.
		checkTmp := t.tmp
		dir, err := os.MkdirTemp(t.area, "once-")
		if err == nil {
			err = t.run.own(dir)
		}
		if err != nil {
			e.err = err
			return zero, err
		}
		t.onceDirs[filepath.Base(dir)] = true
		t.tmp = dir
		v, err := fn(t)
		t.tmp = checkTmp
		e.val, e.err = v, err
		// Stop what fn started before handing out its result, so that every
		// check that uses it sees the same finished run.
		t.run.stopPrograms(t.programs[before:])
		e.programs = append(e.programs, t.programs[before:]...)
		e.details = append(e.details, t.details[beforeDetails:]...)
	}
	if e.err != nil {
		return zero, e.err
	}
	return e.val.(V), nil
}

type onceEntry struct {
	ready    chan struct{} // closed when the first caller's fn has returned
	val      any
	err      error
	programs []*Program
	details  []Detail
}

// IsFailure reports whether err is (or wraps) a graded Failure rather than
// a fault of the checker.
func IsFailure(err error) bool {
	var f *Failure
	return errors.As(err, &f)
}

func fmtSeconds(d time.Duration) i18n.Msg {
	s := fmt.Sprintf("%.1f", d.Seconds())
	s = strings.TrimSuffix(s, ".0")
	return Seconds(s)
}

// Seconds is a number of seconds written for a person: "2.5 s" in English,
// "2.5 秒" in Chinese. The number is formatted by the caller.
func Seconds(number string) i18n.Msg { return i18n.M("%s s", number) }

// Milliseconds is a number of milliseconds written for a person: "150 ms",
// "150 毫秒".
func Milliseconds(number string) i18n.Msg { return i18n.M("%s ms", number) }
