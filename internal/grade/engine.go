package grade

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"forkroom/internal/i18n"
	"forkroom/internal/proc"
	"forkroom/internal/sandbox"
)

// Suite is what grades one lesson: the programs to build and the checks to run.
type Suite struct {
	// Programs are the packages to build, relative to the lesson's folder,
	// in the order a check refers to them; nil means the folder itself.
	// A program is named after the last element of its path ("server"),
	// and "." is the nameless main program.
	Programs []string
	// Checks run in order.
	Checks []Check
	// Race builds each program a second time with the race detector (go
	// build -race), where the platform has it, for the checks that start
	// it with StartOptions.Race; T.Race says whether it could.
	Race bool
	// Overlay replaces files of the lesson with the checker's own when it
	// builds (go build -overlay): a path relative to the lesson's folder
	// ("main.go") maps to the content built instead, in which
	// OverlayImportPath stands for the folder's import path. A driver the
	// student is told not to change is thus the checker's copy.
	Overlay map[string]string
}

// Options tune a grading run.
type Options struct {
	// Seed seeds every check's Rand; zero picks one from the clock.
	Seed int64
	// Procs reads the process table; nil means proc.Default().
	Procs proc.Source
	// Go is the go command; empty means "go" from PATH.
	Go string
	// Grace is how long a program gets between SIGTERM and SIGKILL; zero
	// means one second.
	Grace time.Duration
	// OnCheck, when set, is called as each check finishes, so that results
	// can be shown as they come.
	OnCheck func(CheckResult)
	// Isolation says whether the programs run in a sandbox; the zero value
	// is IsolateIfPossible.
	Isolation Isolation
}

// Isolation says whether a lesson's programs run in a sandbox (package
// sandbox): their own PID, user, mount and network namespaces, a read-only
// file system but for their temporary folder, limits on memory, processes,
// file size and CPU time.
type Isolation int

const (
	// IsolateIfPossible runs the programs in a sandbox where the kernel
	// allows it, and as plain child processes where it does not: for a
	// student's own lessons, which grade the same either way.
	IsolateIfPossible Isolation = iota
	// IsolateRequired is for code the checker's user did not write (a
	// class's submissions, someone else's copy): where no sandbox can be
	// made, nothing runs, and every check is an error that says why and
	// how to fix it.
	IsolateRequired
	// IsolateNever runs the programs as plain child processes of the
	// checker, as before the sandbox existed: for the checker's own tests.
	IsolateNever
)

// StopGrace is the default time between SIGTERM and SIGKILL.
const StopGrace = time.Second

// buildTimeout bounds `go build`; a cold module cache can make the first
// build slow.
const buildTimeout = 3 * time.Minute

// sweepLimit bounds the clean-up after a check.
const sweepLimit = 3 * time.Second

// protectOnce makes the checker undumpable once (protectSelf).
var protectOnce sync.Once

// gradeMu keeps a grading run without a sandbox alone in its process: its
// clean-up kills every descendant of this process, and that must not hit
// another run's programs. Runs in sandboxes clean up only inside their own
// namespaces, so several of them may run at once (read locks); a run without
// one takes the write lock.
var gradeMu sync.RWMutex

var subreaper struct {
	once sync.Once
	ok   bool
	err  error
}

// Subreaper makes this process a child subreaper where the system has them
// (Linux) and reports whether it is one. Grade calls it; tests may call it
// first to know whether orphans can be observed.
func Subreaper() (bool, error) {
	subreaper.once.Do(func() { subreaper.ok, subreaper.err = becomeSubreaper() })
	return subreaper.ok, subreaper.err
}

// Grade builds the lesson in dir and runs every check of suite against it.
// It returns when every check has finished and everything the program started
// has been stopped and reaped. Runs in sandboxes may run at the same time;
// a run without a sandbox runs alone in its process.
func Grade(ctx context.Context, suite Suite, dir string, opts Options) *Result {
	if opts.Isolation != IsolateNever && sandbox.Available() == nil {
		gradeMu.RLock()
		defer gradeMu.RUnlock()
	} else {
		gradeMu.Lock()
		defer gradeMu.Unlock()
	}
	start := time.Now()
	res := &Result{Seed: opts.Seed}
	for _, c := range suite.Checks {
		res.MaxPoints += c.Points
	}
	if res.Seed == 0 {
		res.Seed = time.Now().UnixNano() % 1_000_000_000
	}
	defer func() { res.Duration = time.Since(start) }()
	if _, err := Subreaper(); err != nil {
		res.fail(Error, i18n.M("the checker could not set itself up: %v", err.Error()))
		return res
	}
	protectOnce.Do(protectSelf)
	sandboxed := false
	switch opts.Isolation {
	case IsolateIfPossible:
		sandboxed = sandbox.Available() == nil
	case IsolateRequired:
		if err := sandbox.Available(); err != nil {
			res.notRun(suite, i18n.M("not graded, because this code must run in a sandbox: %v", err))
			return res
		}
		sandboxed = true
	}
	res.Sandboxed = sandboxed
	run := &lessonRun{
		sandboxed: sandboxed,
		opts:      opts,
		procs:     opts.Procs,
		once:      map[string]*onceEntry{},
		exes:      map[string]string{},
		raceExes:  map[string]string{},
		rand:      rand.New(rand.NewSource(res.Seed)),
	}
	if run.procs == nil {
		run.procs = proc.Default()
	}
	if run.opts.Grace == 0 {
		run.opts.Grace = StopGrace
	}
	tmp, err := os.MkdirTemp("", "forkroom-")
	if err != nil {
		res.fail(Error, i18n.M("the checker could not make a temporary directory: %v", err.Error()))
		return res
	}
	defer os.RemoveAll(tmp)
	run.tmp = tmp
	run.bin = filepath.Join(tmp, "bin")
	if err := os.Mkdir(run.bin, 0o755); err != nil {
		res.fail(Error, i18n.M("the checker could not make a temporary directory: %v", err.Error()))
		return res
	}
	run.work = filepath.Join(tmp, "work")
	err = os.Mkdir(run.work, 0o755)
	if err == nil {
		err = run.own(run.work)
	}
	if err != nil {
		res.fail(Error, i18n.M("the checker could not make a temporary directory: %v", err.Error()))
		return res
	}
	defer run.closeSandbox()

	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		res.notRun(suite, i18n.M("there is no folder %s to grade", dir))
		return res
	}
	buildStart := time.Now()
	if err := run.build(ctx, suite, dir); err != nil {
		var be *BuildError
		var refused *RefusedError
		if errors.As(err, &refused) {
			res.notRun(suite, refused.Msg)
		} else if errors.As(err, &be) {
			res.BuildOutput = be.Output
			res.notRun(suite, i18n.M("your program does not compile"))
		} else {
			res.notRun(suite, i18n.M("the checker could not build your program: %v", err.Error()))
		}
		return res
	}
	res.Build = time.Since(buildStart)

	for _, c := range suite.Checks {
		cr := run.check(ctx, c)
		res.Checks = append(res.Checks, cr)
		res.Points += cr.Points
		if opts.OnCheck != nil {
			opts.OnCheck(cr)
		}
	}
	res.Status = Pass
	if res.Points < res.MaxPoints {
		res.Status = Fail
	}
	return res
}

// BuildError is a compiler's complaint about the program.
type BuildError struct {
	Output string
}

func (e *BuildError) Error() string { return "does not compile:\n" + e.Output }

// lessonRun is the state shared by the checks of one Grade call.
type lessonRun struct {
	opts      Options
	procs     proc.Source
	sandboxed bool   // the programs run in a sandbox (sandbox())
	tmp       string // everything of this run: src/, bin/, work/
	bin       string // the built programs
	work      string // the checks' folders, work/check-*; the sandbox shows it
	boxMu     sync.Mutex
	box       *sandbox.Sandbox  // made when first needed
	exes      map[string]string // program name → built binary
	raceExes  map[string]string // program name → built with -race (Suite.Race)
	first     string            // name of the first program
	once      map[string]*onceEntry
	rand      *rand.Rand
	timeout   time.Duration // of the check now running
	race      bool          // the programs were built with -race
	noRace    string        // why not, when Suite.Race asked for it
}

// exeName names a lesson's built program so that the process table reads
// well: "zombie" for lessons/07-zombie, "server" for its server program.
func exeName(dir, program string) string {
	if program != "" {
		return program
	}
	name := strings.TrimLeft(filepath.Base(dir), "0123456789-")
	if name == "" || name == "." {
		name = "program"
	}
	return name
}

// cleanBuildOutput drops the "# package" header lines go build prints.
func cleanBuildOutput(s string) string {
	var keep []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if strings.HasPrefix(l, "# ") {
			continue
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, "\n")
}

func (r *lessonRun) exe(name string, race bool) (string, error) {
	if name == "" {
		name = r.first
	}
	exes := r.exes
	if race {
		exes = r.raceExes
	}
	exe, ok := exes[name]
	if !ok {
		return "", fmt.Errorf("%w: %q", errNoProgram, name)
	}
	return exe, nil
}

// check runs one check and cleans up after it.
func (r *lessonRun) check(parent context.Context, c Check) CheckResult {
	cr := CheckResult{ID: c.ID, Title: c.Title, Hint: c.Hint, MaxPoints: c.Points}
	// The sandbox is made (once a run) before the check's time starts: its
	// making is not the program's time. A failure shows when the check
	// starts a program.
	_, _ = r.sandbox()
	r.timeout = c.timeout()
	ctx, cancel := context.WithTimeout(parent, r.timeout)
	defer cancel()
	area, err := os.MkdirTemp(r.work, "check-")
	if err == nil {
		err = r.own(area)
	}
	if err != nil {
		cr.Status, cr.Message = Error, i18n.M("the checker could not make a temporary directory: %v", err.Error())
		return cr
	}
	t := &T{run: r, tmp: area, area: area, onceDirs: map[string]bool{}, Rand: rand.New(rand.NewSource(r.rand.Int63()))}
	t.ctx = context.WithValue(ctx, checkKey{}, t)
	defer t.cleanArea()

	start := time.Now()
	errc := make(chan error, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				errc <- fmt.Errorf("the check panicked: %v", p)
			}
		}()
		errc <- c.Run(t)
	}()
	select {
	case err = <-errc:
	case <-ctx.Done():
		// The check did not notice its deadline; stopping its programs
		// unblocks whatever it waits for.
		r.stopPrograms(t.programs)
		select {
		case err = <-errc:
		case <-time.After(2 * time.Second):
			err = nil
		}
		if err == nil || !IsFailure(err) {
			err = t.timeoutFailure()
		}
	}
	cr.Duration = time.Since(start)
	r.stopPrograms(t.programs)
	if r.sandboxed {
		cr.Leftovers = r.sweepSandbox(area)
	} else {
		cr.Leftovers = r.sweep()
	}

	switch {
	case err == nil:
		cr.Status, cr.Points = Pass, c.Points
	case IsFailure(err):
		cr.Status = Fail
		var f *Failure
		errors.As(err, &f)
		cr.Message = f
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil:
		cr.Status, cr.Message = Fail, t.timeoutFailure().(*Failure)
	default:
		cr.Status, cr.Message = Error, i18n.M("the check could not be carried out: %v", err.Error())
	}
	for _, p := range t.programs {
		cr.Outputs = append(cr.Outputs, Output{Title: outputTitle(p), Lines: p.Lines(), Flooded: p.Flooded()})
	}
	cr.Details = t.details
	return cr
}

// stopPrograms ends every program that is still running, waits for it, and
// lets its output drain.
func (r *lessonRun) stopPrograms(ps []*Program) {
	var wg sync.WaitGroup
	for _, p := range ps {
		wg.Add(1)
		go func(p *Program) {
			defer wg.Done()
			p.stop(r.opts.Grace)
		}(p)
	}
	wg.Wait()
	// Orphans may still hold the output pipes; the sweep ends them, and
	// then the readers finish.
}

// own gives a folder the programs must be able to change to the sandbox's
// user, when that is not the checker's own (the checker runs as root).
func (r *lessonRun) own(dir string) error {
	if !r.sandboxed {
		return nil
	}
	uid, gid := sandbox.User()
	if uid == os.Getuid() {
		return nil
	}
	return chownTree(dir, uid, gid)
}

// sweepSandbox cleans the sandbox up after a check: it kills and reaps
// every process in it but PID 1 and the checker's process (the programs'
// leftovers, zombies, daemons that left their group, a zombie leader whose
// threads still run: they all die), and hides the check's folder from the
// programs of later checks. It returns what was left below the checker's
// process once the check's programs had been stopped. A sandbox that does
// not clean up is ended, and the next check gets a new one.
func (r *lessonRun) sweepSandbox(area string) []proc.Process {
	r.boxMu.Lock()
	defer r.boxMu.Unlock()
	if r.box == nil {
		return nil // the check started nothing
	}
	var first []proc.Process
	if snap, err := r.box.Procs().Snapshot(); err == nil {
		first = snap.Descendants(r.box.Parent())
	}
	err := r.box.Reset()
	if err == nil {
		err = r.box.Hide(area)
	}
	if err != nil || r.box.Ended() {
		_ = r.box.Close()
		r.box = nil
	}
	return first
}

// sweep kills every process still below the checker and reaps every zombie
// it was left, until nothing is left or sweepLimit passes. It returns what it
// found the first time it looked.
func (r *lessonRun) sweep() []proc.Process {
	self := os.Getpid()
	deadline := time.Now().Add(sweepLimit)
	var first []proc.Process
	for round := 0; time.Now().Before(deadline); round++ {
		snap, err := r.procs.Snapshot()
		if err != nil {
			time.Sleep(10 * time.Millisecond) // a passing fault: look again
			continue
		}
		left := snap.Descendants(self)
		if round == 0 {
			first = left
		}
		if len(left) == 0 {
			return first
		}
		for _, p := range left {
			if p.State == proc.Zombie {
				if p.PPID == self {
					reap(p.PID)
				}
				continue
			}
			killPID(p.PID)
		}
		time.Sleep(time.Duration(min(round+1, 10)) * 5 * time.Millisecond)
	}
	return first
}
