package cli

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"forkroom/internal/course"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/proc"
)

// Bounds on a worker. The engine bounds each check by its timeout; these
// catch a worker that is itself stuck, stopped or killed.
const (
	// buildBound is the engine's time limit for `go build` and a margin.
	buildBound = 3*time.Minute + 10*time.Second
	// checkOverhead is what a check may take beyond its timeout: stopping
	// its programs (SIGTERM, the grace period, SIGKILL), waiting for the
	// check to notice, the clean-up sweep.
	checkOverhead = 10 * time.Second
	// boundMargin is added once per worker.
	boundMargin = 15 * time.Second
	// stoppedFor is how long a worker may be seen stopped before it is
	// killed as stopped.
	stoppedFor = 600 * time.Millisecond
	// pollEvery is how often the supervisor looks at a worker's state.
	pollEvery = 200 * time.Millisecond
	// maxResultLine bounds one line on the result pipe: a check's record
	// holds its programs' output, each capped by the engine at 1 MiB.
	maxResultLine = 64 << 20
)

// lessonJob is what one worker grades: a lesson, every check of it.
type lessonJob struct {
	lesson course.Lesson
	dir    string
	seed   int64
	// onCheck, when set, is called with each check as it finishes.
	onCheck func(grade.CheckResult)
}

// outcome is what grading a lesson came to.
type outcome struct {
	res *grade.Result
	// timedOut names the checks that failed because the program ran out
	// of time.
	timedOut map[string]bool
	// failed is true when the worker failed (killed, stopped, hung, sent
	// garbage): res is an error made by the supervisor.
	failed bool
	// interrupted is true when the run was cancelled before the lesson was
	// graded.
	interrupted bool
}

// supervisor starts workers, keeps each within its bounds, and cleans up
// after it. At most jobs workers run at a time.
type supervisor struct {
	exe       string
	isolation string
	jobs      int
	slots     chan struct{}
	procs     proc.Source

	// The bounds on a worker (the constants above; tests shorten them).
	buildBound, checkOverhead, boundMargin time.Duration

	mu   sync.Mutex
	mine map[int]bool // processes this checker started and waits for itself
	// busy counts the lessons being graded now.
	busy int
}

// newSupervisor prepares to run up to jobs workers at a time. Where workers
// are not supported, lessons are graded in this process one at a time.
func newSupervisor(jobs int, isolation string) *supervisor {
	if !workersSupported {
		jobs = 1
	}
	if jobs < 1 {
		jobs = 1
	}
	s := &supervisor{isolation: isolation, jobs: jobs, slots: make(chan struct{}, jobs), procs: proc.Default(),
		mine: map[int]bool{}, buildBound: buildBound, checkOverhead: checkOverhead, boundMargin: boundMargin}
	if workersSupported {
		if exe, err := selfExe(); err == nil {
			s.exe = exe
		}
		// Orphans of a worker that dies are adopted by this process, so
		// that the sweep after it can end them.
		_, _ = grade.Subreaper()
		hardenProcess()
	}
	return s
}

// running is the number of lessons being graded now.
func (s *supervisor) running() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.busy
}

// submit waits for a free slot and grades p in the background, calling done
// with its outcome. It returns false, without calling done, when ctx ends
// before a slot is free.
func (s *supervisor) submit(ctx context.Context, p lessonJob, done func(outcome)) bool {
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	s.mu.Lock()
	s.busy++
	s.mu.Unlock()
	go func() {
		o := s.grade(ctx, p)
		s.mu.Lock()
		s.busy--
		s.mu.Unlock()
		<-s.slots
		done(o)
	}()
	return true
}

// grade grades one lesson and waits for it.
func (s *supervisor) grade(ctx context.Context, p lessonJob) outcome {
	if !workersSupported || s.exe == "" {
		opts := grade.Options{Seed: p.seed, OnCheck: p.onCheck}
		setIsolation(&opts, s.isolation)
		res := grade.Grade(ctx, p.lesson.Suite, p.dir, opts)
		if ctx.Err() != nil {
			return outcome{res: res, interrupted: true}
		}
		o := outcome{res: res, timedOut: map[string]bool{}}
		for _, c := range res.Checks {
			if timedOut(c.Message) {
				o.timedOut[c.ID] = true
			}
		}
		return o
	}
	return s.inWorker(ctx, p)
}

// inWorker grades p in a worker process.
func (s *supervisor) inWorker(ctx context.Context, p lessonJob) outcome {
	suite := p.lesson.Suite
	token := newToken()
	job, _ := json.Marshal(workerJob{Lesson: p.lesson.ID(), Dir: p.dir, Seed: p.seed, Isolation: s.isolation, Token: token})
	r, w, err := os.Pipe()
	if err != nil {
		return s.failure(p, nil, i18n.M("the checker could not start a worker: %v", err.Error()))
	}
	cmd := exec.Command(s.exe, workerCommand)
	cmd.Stdin = bytes.NewReader(job)
	stderr := &headBuffer{max: 8 << 10}
	cmd.Stderr = stderr
	cmd.ExtraFiles = []*os.File{w}
	cmd.SysProcAttr = workerAttr()
	// A process the worker left behind may hold its stderr open: Wait
	// does not wait for that.
	cmd.WaitDelay = time.Second
	s.mu.Lock()
	err = cmd.Start()
	if err == nil {
		s.mine[cmd.Process.Pid] = true
	}
	s.mu.Unlock()
	w.Close()
	if err != nil {
		r.Close()
		return s.failure(p, nil, i18n.M("the checker could not start a worker: %v", err.Error()))
	}
	pid := cmd.Process.Pid
	exited := make(chan struct{})
	defer func() {
		// The worker's group goes (the worker and its go build), unless
		// the worker has ended and been waited for: its pid may then be
		// another process's. Then what its programs left behind goes.
		select {
		case <-exited:
		default:
			killGroup(pid)
		}
		<-exited
		s.mu.Lock()
		delete(s.mine, pid)
		s.mu.Unlock()
		s.sweep()
	}()
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()

	msgs := make(chan workerMsg)
	readDone := make(chan error, 1)
	quit := make(chan struct{})
	defer close(quit)
	go readResults(r, token, msgs, readDone, quit)

	var (
		checks    []grade.CheckResult
		result    *wireResult
		ended     = exited
		drained   <-chan time.Time
		start     = time.Now()
		deadline  = start.Add(s.buildBound + s.checksBound(suite.Checks))
		stoppedAt time.Time
		ticker    = time.NewTicker(pollEvery)
		fail      = func(why i18n.Msg) outcome { return s.failure(p, checks, why) }
		remaining = suite.Checks
	)
	defer ticker.Stop()
	for {
		select {
		case m := <-msgs:
			if m.Check != nil {
				c := m.Check.result()
				checks = append(checks, c)
				if len(remaining) > 0 {
					remaining = remaining[1:]
				}
				if d := time.Now().Add(s.checksBound(remaining)); d.Before(deadline) {
					deadline = d
				}
				if p.onCheck != nil {
					p.onCheck(c)
				}
			}
			if m.Result != nil {
				result = m.Result
			}
		case err := <-readDone:
			if err != nil {
				return fail(i18n.M("the worker grading this lesson sent something that is not a result"))
			}
			if result == nil {
				// It ended (or closed the pipe) without a result: wait a
				// moment for its exit status, to say how it ended.
				select {
				case <-exited:
					return fail(i18n.M("the worker grading this lesson ended without a result (%v)%v", exitOf(cmd.ProcessState), stderr.tail()))
				case <-time.After(2 * time.Second):
					return fail(i18n.M("the worker grading this lesson closed its result pipe without a result"))
				case <-ctx.Done():
					return outcome{interrupted: true}
				}
			}
			res, timeouts := result.result()
			if !sameChecks(res, suite) {
				return fail(i18n.M("the worker grading this lesson sent something that is not a result"))
			}
			return outcome{res: res, timedOut: timeouts}
		case <-ended:
			// The worker has ended. What it wrote is read first; a pipe
			// still open after that is held by something it left behind.
			ended = nil
			drained = time.After(time.Second)
		case <-drained:
			if result == nil {
				st := waitExit(exited, cmd)
				return fail(i18n.M("the worker grading this lesson ended without a result (%v)%v", exitOf(st), stderr.tail()))
			}
			res, timeouts := result.result()
			if !sameChecks(res, suite) {
				return fail(i18n.M("the worker grading this lesson sent something that is not a result"))
			}
			return outcome{res: res, timedOut: timeouts}
		case <-ctx.Done():
			return outcome{interrupted: true}
		case now := <-ticker.C:
			if now.After(deadline) {
				return fail(i18n.M("the worker grading this lesson did not finish within %v and was killed", fmtDuration(now.Sub(start))))
			}
			stopped, gone := workerState(pid)
			if gone && ended != nil {
				ended = nil
				drained = time.After(time.Second)
			}
			if stopped {
				if stoppedAt.IsZero() {
					stoppedAt = now
				} else if now.Sub(stoppedAt) >= stoppedFor {
					return fail(i18n.M("the worker grading this lesson was stopped (SIGSTOP, or a debugger) and was killed"))
				}
			} else {
				stoppedAt = time.Time{}
			}
		}
	}
}

// waitExit waits a moment for a worker that has ended (or is ending) to be
// waited for, and returns how it ended (nil if it has not yet).
func waitExit(exited <-chan struct{}, cmd *exec.Cmd) *os.ProcessState {
	select {
	case <-exited:
		return cmd.ProcessState
	case <-time.After(2 * time.Second):
		return nil
	}
}

// readResults decodes the lines of the result pipe and hands them over until
// end of file (nil on done) or garbage (an error on done).
func readResults(r *os.File, token string, msgs chan<- workerMsg, done chan<- error, quit <-chan struct{}) {
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxResultLine)
	for sc.Scan() {
		var m workerMsg
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&m); err != nil || m.Token != token || (m.Check == nil) == (m.Result == nil) {
			done <- fmt.Errorf("not a result: %q", truncate(sc.Text(), 80))
			return
		}
		select {
		case msgs <- m:
		case <-quit:
			return
		}
	}
	done <- sc.Err()
}

// sameChecks reports whether a worker's result is one of the suite: the same
// checks in the same order, points within their maximums.
func sameChecks(res *grade.Result, suite grade.Suite) bool {
	if len(res.Checks) != len(suite.Checks) {
		return false
	}
	sum, max := 0, 0
	for i, c := range res.Checks {
		want := suite.Checks[i]
		if c.ID != want.ID || c.MaxPoints != want.Points || c.Points < 0 || c.Points > c.MaxPoints {
			return false
		}
		sum += c.Points
		max += c.MaxPoints
	}
	return sum == res.Points && max == res.MaxPoints
}

// failure is the outcome of a lesson whose worker failed: the checks it
// finished keep their results, the others are errors saying why.
func (s *supervisor) failure(p lessonJob, done []grade.CheckResult, why i18n.Msg) outcome {
	res := &grade.Result{Status: grade.Error, Message: why, Seed: p.seed}
	finished := map[string]grade.CheckResult{}
	for _, c := range done {
		finished[c.ID] = c
	}
	for _, c := range p.lesson.Suite.Checks {
		res.MaxPoints += c.Points
		if cr, ok := finished[c.ID]; ok {
			res.Checks = append(res.Checks, cr)
			res.Points += cr.Points
			continue
		}
		res.Checks = append(res.Checks, grade.CheckResult{ID: c.ID, Title: c.Title, Hint: c.Hint, MaxPoints: c.Points,
			Status: grade.Error, Message: i18n.M("not graded: %v", why)})
	}
	return outcome{res: res, failed: true, timedOut: map[string]bool{}}
}

// sweep ends what dead workers left behind: processes adopted by this
// checker that it did not start itself (and what they started), and reaps
// them. It gives up after a few seconds.
func (s *supervisor) sweep() {
	self := os.Getpid()
	if kids, ok := childPIDs(); ok {
		s.mu.Lock()
		stray := false
		for _, pid := range kids {
			stray = stray || !s.mine[pid]
		}
		s.mu.Unlock()
		if !stray {
			return // nothing was left behind: no need to read the process table
		}
	}
	deadline := time.Now().Add(3 * time.Second)
	for round := 0; time.Now().Before(deadline); round++ {
		s.mu.Lock()
		snap, err := s.procs.Snapshot()
		if err != nil {
			s.mu.Unlock()
			time.Sleep(10 * time.Millisecond)
			continue
		}
		var stray []proc.Process
		for _, c := range snap.Children(self) {
			if s.mine[c.PID] {
				continue
			}
			stray = append(stray, c)
			stray = append(stray, snap.Descendants(c.PID)...)
		}
		for _, p := range stray {
			if p.State == proc.Zombie {
				if p.PPID == self {
					reapChild(p.PID)
				}
				continue
			}
			killProcess(p.PID)
		}
		s.mu.Unlock()
		if len(stray) == 0 {
			return
		}
		time.Sleep(time.Duration(min(round+1, 10)) * 5 * time.Millisecond)
	}
}

// checksBound is how long a worker may take for checks, once built: their
// timeouts, the clean-up after each, and a margin.
func (s *supervisor) checksBound(cs []grade.Check) time.Duration {
	d := s.boundMargin
	for _, c := range cs {
		t := c.Timeout
		if t <= 0 {
			t = grade.DefaultTimeout
		}
		d += t + s.checkOverhead
	}
	return d
}

// newToken is a random string a worker repeats on every line it sends: a
// line without it did not come from the worker.
func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// headBuffer keeps the first max bytes written to it.
type headBuffer struct {
	mu  sync.Mutex
	max int
	buf bytes.Buffer
}

func (b *headBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := b.max - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// tail is what the worker printed, as a block to append to a message: its
// first lines (a Go panic says what went wrong there), or nothing.
func (b *headBuffer) tail() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := strings.TrimSpace(b.buf.String())
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > 8 {
		lines = lines[:8]
	}
	return ":\n" + strings.Join(lines, "\n")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// fmtDuration shows a duration to a tenth of a second: "12.3 s".
func fmtDuration(d time.Duration) string {
	return fmt.Sprintf("%.1f s", d.Seconds())
}
