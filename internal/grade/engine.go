package grade

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
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
	// Parallel is how many checks may run at the same time, each in a
	// sandbox of its own (its own pids, network and folder); 0 or 1 runs
	// them one after another. It is for checks that do not depend on one
	// another's timing: the chat checks, which each start their own server
	// and wait a second for datagrams that must not come, wait side by
	// side. Every check draws the same random choices whatever runs beside
	// it (its Rand is seeded from the lesson's seed and its ID), and the
	// results are reported in the suite's order. Without a sandbox the
	// checks always run one after another: the clean-up after a check
	// kills everything below the checker.
	Parallel int
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
		seed:      res.Seed,
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

	for _, cr := range run.checks(ctx, suite) {
		res.Checks = append(res.Checks, cr)
		res.Points += cr.Points
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
	work      string // the slots' folders, work/box-N, with the checks' folders in them
	boxMu     sync.Mutex
	slots     []*slot           // every slot made, free or not
	free      []*slot           // the slots no check is using
	exes      map[string]string // program name → built binary
	raceExes  map[string]string // program name → built with -race (Suite.Race)
	first     string            // name of the first program
	onceMu    sync.Mutex
	once      map[string]*onceEntry
	seed      int64
	race      bool   // the programs were built with -race
	noRace    string // why not, when Suite.Race asked for it
}

// slot is a sandbox of the lesson run and the folder its programs may
// write: a check has a slot to itself while it runs, and the next check
// given the slot finds the sandbox swept clean (sweepSandbox). Checks that
// run one after another share one slot, so the pids they compare, Self's
// among them, hold for the whole run.
type slot struct {
	work string           // the folder of its checks' folders, writable in the sandbox
	box  *sandbox.Sandbox // made when first needed (guarded by boxMu)
}

// checkSeed seeds a check's Rand from the lesson's seed and the check's ID,
// so that a check draws the same choices whether it runs alone, after the
// others or beside them.
func checkSeed(seed int64, id string) int64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return seed ^ int64(h.Sum64()&math.MaxInt64)
}

// checks runs every check of suite, at most Suite.Parallel at a time in a
// sandbox each, the slow ones first, and returns their results in the
// suite's order; OnCheck hears of them in that order too, each as soon as
// it and those before it are done.
func (r *lessonRun) checks(ctx context.Context, suite Suite) []CheckResult {
	n := len(suite.Checks)
	results := make([]CheckResult, n)
	workers := suite.Parallel
	if !r.sandboxed || workers < 1 {
		workers = 1
	}
	done := make([]chan struct{}, n)
	for i := range done {
		done[i] = make(chan struct{})
	}
	order := make([]int, 0, n)
	for i, c := range suite.Checks {
		if c.Slow && workers > 1 {
			order = append(order, i)
		}
	}
	for i, c := range suite.Checks {
		if !c.Slow || workers == 1 {
			order = append(order, i)
		}
	}
	go func() {
		sem := make(chan struct{}, workers)
		for _, i := range order {
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				results[i] = r.check(ctx, suite.Checks[i])
				close(done[i])
			}()
		}
	}()
	for i := range results {
		<-done[i]
		if r.opts.OnCheck != nil {
			r.opts.OnCheck(results[i])
		}
	}
	return results
}

// take gives a check a slot: a free one, or a new one with a folder of its
// own.
func (r *lessonRun) take() (*slot, error) {
	r.boxMu.Lock()
	defer r.boxMu.Unlock()
	if k := len(r.free); k > 0 {
		s := r.free[k-1]
		r.free = r.free[:k-1]
		return s, nil
	}
	s := &slot{work: filepath.Join(r.work, fmt.Sprintf("box-%d", len(r.slots)))}
	if err := os.Mkdir(s.work, 0o755); err != nil {
		return nil, err
	}
	if err := r.own(s.work); err != nil {
		return nil, err
	}
	r.slots = append(r.slots, s)
	return s, nil
}

// give hands a slot back once its check has been cleaned up after.
func (r *lessonRun) give(s *slot) {
	r.boxMu.Lock()
	defer r.boxMu.Unlock()
	r.free = append(r.free, s)
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
	s, err := r.take()
	if err != nil {
		cr.Status, cr.Message = Error, i18n.M("the checker could not make a temporary directory: %v", err.Error())
		return cr
	}
	defer r.give(s)
	// The sandbox is made (once a slot) before the check's time starts: its
	// making is not the program's time. A failure shows when the check
	// starts a program.
	_, _ = r.sandbox(s)
	ctx, cancel := context.WithTimeout(parent, c.timeout())
	defer cancel()
	area, err := os.MkdirTemp(s.work, "check-")
	if err == nil {
		err = r.own(area)
	}
	if err != nil {
		cr.Status, cr.Message = Error, i18n.M("the checker could not make a temporary directory: %v", err.Error())
		return cr
	}
	t := &T{run: r, slot: s, timeout: c.timeout(), tmp: area, area: area, onceDirs: map[string]bool{},
		Rand: rand.New(rand.NewSource(checkSeed(r.seed, c.ID)))}
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
		cr.Leftovers = r.sweepSandbox(s, area)
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
func (r *lessonRun) sweepSandbox(s *slot, area string) []proc.Process {
	r.boxMu.Lock()
	box := s.box
	r.boxMu.Unlock()
	if box == nil {
		return nil // the check started nothing
	}
	var first []proc.Process
	if snap, err := box.Procs().Snapshot(); err == nil {
		first = snap.Descendants(box.Parent())
	}
	err := box.Reset()
	if err == nil {
		err = box.Hide(area)
	}
	if err != nil || box.Ended() {
		_ = box.Close()
		r.boxMu.Lock()
		s.box = nil
		r.boxMu.Unlock()
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
