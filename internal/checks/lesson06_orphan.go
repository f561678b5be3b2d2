package checks

import (
	"regexp"
	"strconv"
	"time"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/proc"
)

// Orphan grades lesson 06: `orphan` starts a child, pauses at
// "checkpoint parent-exit", and on Enter exits without waiting; the child
// notices its parent change (the checker, a child subreaper, adopts it) and
// finishes its work afterwards. One run is graded by every check, against
// the process table and the checker's clock.
func Orphan() grade.Suite {
	return grade.Suite{Checks: []grade.Check{
		{
			ID: "child-started", Title: "starts a child that reports its parent", Points: 2, Timeout: orphanCheckTimeout,
			Hint: "Start the child with fork() (lesson 02); the parent prints \"parent pid=P child=C\", the child \"child pid=C ppid=P\" from os.Getpid() and os.Getppid(), and the parent then calls checkpoint(\"parent-exit\").",
			Run:  checkOrphanStarted,
		},
		{
			ID: "parent-exits-first", Title: "the parent exits while its child still runs", Points: 2, Timeout: orphanCheckTimeout,
			Hint: "After the checkpoint the parent returns from main at once, without child.Wait(); the child must still have work to do then.",
			Run:  checkOrphanParentFirst,
		},
		{
			ID: "adopted", Title: "the orphan is adopted, and sees its new parent", Points: 2, Timeout: orphanCheckTimeout,
			Hint: "In the child, remember os.Getppid(), poll it until it changes, then print \"orphan pid=C ppid=N\" with the new value.",
			Run:  checkOrphanAdopted,
		},
		{
			ID: "outlives-parent", Title: "the orphan finishes its work after its parent has gone", Points: 2, Timeout: orphanCheckTimeout,
			Hint: "Once adopted, the child works one more second (time.Sleep) and then prints \"orphan done pid=C\".",
			Run:  checkOrphanOutlives,
		},
	}}
}

func init() {
	i18n.Register(map[string]string{
		"starts a child that reports its parent": "启动一个子进程，子进程报告它的父进程",
		"Start the child with fork() (lesson 02); the parent prints \"parent pid=P child=C\", the child \"child pid=C ppid=P\" from os.Getpid() and os.Getppid(), and the parent then calls checkpoint(\"parent-exit\").": "用 fork()（第 02 课）启动子进程；父进程打印 `parent pid=P child=C`，子进程用 os.Getpid() 和 os.Getppid() 打印 `child pid=C ppid=P`，然后父进程调用 `checkpoint(\"parent-exit\")`。",
		"the parent exits while its child still runs": "子进程还在运行时，父进程就退出",
		"After the checkpoint the parent returns from main at once, without child.Wait(); the child must still have work to do then.": "过了检查点，父进程马上从 main 返回，不调用 child.Wait()；这时子进程必须还有活要干。",
		"the orphan is adopted, and sees its new parent":                                                                        "孤儿被收养，并且看到了它的新父进程",
		"In the child, remember os.Getppid(), poll it until it changes, then print \"orphan pid=C ppid=N\" with the new value.": "子进程先记下 os.Getppid()，然后反复查看，直到它变了，再用新的值打印 `orphan pid=C ppid=N`。",
		"the orphan finishes its work after its parent has gone":                                                                "父进程走了之后，孤儿把自己的工作做完",
		"Once adopted, the child works one more second (time.Sleep) and then prints \"orphan done pid=C\".":                     "被收养之后，子进程再工作一秒（time.Sleep），然后打印 `orphan done pid=C`。",

		"your program printed %q, but its pid is %d":                                                                                                  "你的程序打印了 %q，但它的进程号是 %d",
		"no line like %q from the child within %s of the checkpoint":                                                                                  "检查点之后 %[2]s之内，子进程没有打印 %[1]q 这样的行",
		"the child printed %q, but the parent said its child is %d":                                                                                   "子进程打印了 %q，但父进程说它的子进程是 %d",
		"the child says its parent is %d, but the parent is your program, pid %d":                                                                     "子进程说它的父进程是 %d，但它的父进程是你的程序，进程号 %d",
		"process %d, which the parent called its child, is not in the process table":                                                                  "父进程说 %d 号进程是它的子进程，可进程表里没有这个进程",
		"process %d has parent %d in the process table, want your program (pid %d)":                                                                   "进程表里 %d 号进程的父进程是 %d，应该是你的程序（进程号 %d）",
		"your program (the parent) was still running %s after the checkpoint: it must exit without waiting for its child":                             "过了检查点 %s，你的程序（父进程）还在运行：它应该不等子进程就退出",
		"when your program (the parent) ended, its child %d had already ended too: the parent waited for it, so nothing was left to become an orphan": "你的程序（父进程）结束时，它的子进程 %d 也已经结束了：父进程等待了它，于是没有进程成为孤儿",
		"when your program (the parent) ended, its child %d had already exited (a zombie): the child must still be running when the parent exits":     "你的程序（父进程）结束时，它的子进程 %d 已经退出了（是个僵尸）：父进程退出的时候，子进程必须还在运行",
		"the parent never exited, so the child was never an orphan":                                                                                   "父进程一直没有退出，所以子进程从来没有成为孤儿",
		"after the parent exited, the process table shows %d with parent %d, want the checker (pid %d), its adopter":                                  "父进程退出后，进程表里 %d 号进程的父进程是 %d，应该是收养它的检查器（进程号 %d）",
		"your child %d had already ended when the parent exited, so it never ran as an orphan":                                                        "父进程退出时，你的子进程 %d 已经结束了，所以它从来没有作为孤儿运行过",
		"no line like %q from the orphan within %s after the parent exited":                                                                           "父进程退出后 %[2]s之内，孤儿没有打印 %[1]q 这样的行",
		"the orphan printed %q, but its parent is now the checker, pid %d: print os.Getppid() after it has changed":                                   "孤儿打印的是 %q，但它现在的父进程是检查器，进程号 %d：要等 os.Getppid() 变了以后再打印",
		"the child printed %q before its parent exited, want it at least %s after: its work must outlast the parent":                                  "子进程在父进程退出之前就打印了 %q，应该在父进程退出至少 %s之后：它的工作要比父进程持续得久",
		"the child printed %q only %s after its parent exited, want at least %s: it works one more second once adopted":                               "父进程退出后仅 %[2]s，子进程就打印了 %[1]q，至少应为 %[3]s：被收养之后它还要再工作一秒",
		"processes at the checkpoint": "检查点时的进程",
		"the orphan printed %q while its parent was still waiting at its checkpoint, before it could exit: poll os.Getppid() until it changes, then print the new value":                                              "孤儿进程打印 %q 时，它的父进程还停在检查点，根本还没能退出：要反复查看 os.Getppid() 直到它改变，再打印新值",
		"the orphan printed %q only %s after its parent exited (the checker held the parent at its checkpoint for a time of its choosing): poll os.Getppid() every few milliseconds instead of sleeping a fixed time": "孤儿进程在父进程退出 %[2]s 之后才打印 %[1]q（检查器让父进程在检查点停留的时间是它自己选的）：要每隔几毫秒查看一次 os.Getppid()，而不是睡一段固定的时间",
		"processes just after the parent exited": "父进程刚退出时的进程",
	})
}

const (
	orphanCheckTimeout = 20 * time.Second
	// orphanLineWait is how long the checker waits for a line it expects.
	orphanLineWait = 5 * time.Second
	// orphanPauseMin and orphanPauseMax bound how long the checker keeps
	// the parent at its checkpoint before it lets it go on: a time drawn
	// afresh each run, so that a child that sleeps a fixed time instead of
	// polling its parent notices too early or too late. A child that ends
	// at once has ended by then.
	orphanPauseMin = 1200 * time.Millisecond
	orphanPauseMax = 3200 * time.Millisecond
	// orphanNotice is how soon after its parent's exit the orphan must say
	// it has a new parent: polling every few milliseconds, it notices at
	// once (0.00-0.08 s seen at load 7-13 with a core kept busy); the rest
	// is room for a busy machine. A child that sleeps a fixed time instead
	// passes only when the pause happens to end less than this before its
	// sleep does: at most 0.6 s of the 2 s the pause may take.
	orphanNotice = 600 * time.Millisecond
	// orphanMinWork is how long after the parent's exit the orphan's done
	// line must arrive; the orphan works 1 s.
	orphanMinWork = 500 * time.Millisecond
)

var (
	orphanParentRe = regexp.MustCompile(`^parent\s+pid=(\d+)\b.*\bchild=(\d+)`)
	orphanChildRe  = regexp.MustCompile(`^child\s+pid=(\d+)\s+ppid=(\d+)`)
	orphanCheckRe  = regexp.MustCompile(`^checkpoint\s+parent-exit\b`)
	orphanAfterRe  = regexp.MustCompile(`^orphan\s+pid=(\d+)\s+ppid=(\d+)`)
	orphanDoneRe   = regexp.MustCompile(`^orphan\s+done\s+pid=(\d+)`)
)

// orphanRun is one run of `orphan`.
type orphanRun struct {
	pid, child   int // the program and the child it named
	parentLine   watchedLine
	childLine    watchedLine
	atCheckpoint proc.Snapshot
	sentAt       time.Time   // when the checker let the parent go on
	exit         *grade.Exit // nil when the parent did not exit after the checkpoint
	afterExit    proc.Snapshot
	afterLine    watchedLine
	doneLine     watchedLine
	pictures     map[string]i18n.Localizer
}

// watchedLine is the first stdout line that matched a pattern, if any.
type watchedLine struct {
	ok   bool
	line grade.Line
	m    []string
}

func (w watchedLine) num(i int) int {
	n, _ := strconv.Atoi(w.m[i])
	return n
}

// watchFor polls p's stdout, from its first line, until each pattern in
// want has a matching line, until stop reports true, or until limit passes.
// It returns what it found for each pattern. Output that arrives while it
// polls keeps the checker's arrival times.
func watchFor(t *grade.T, p *grade.Program, limit time.Duration, stop func() bool, want ...*regexp.Regexp) ([]watchedLine, error) {
	found := make([]watchedLine, len(want))
	deadline := time.Now().Add(limit)
	err := t.Poll(10*time.Millisecond, func() (bool, error) {
		all := true
		for i, re := range want {
			if found[i].ok {
				continue
			}
			for _, l := range p.Lines() {
				if l.Stream != grade.Stdout {
					continue
				}
				if m := re.FindStringSubmatch(l.Text); m != nil {
					found[i] = watchedLine{ok: true, line: l, m: m}
					break
				}
			}
			all = all && found[i].ok
		}
		return all || (stop != nil && stop()) || time.Now().After(deadline), nil
	})
	return found, err
}

// quietAfterExit reports whether p has ended and nothing it started still
// runs below the checker, so that no more output can come.
func quietAfterExit(t *grade.T, p *grade.Program) func() bool {
	var since time.Time
	return func() bool {
		if p.Exited() == nil {
			return false
		}
		n, err := liveBelowChecker(t)
		if err != nil || n > 0 {
			since = time.Time{}
			return false
		}
		if since.IsZero() {
			since = time.Now()
		}
		return time.Since(since) >= 200*time.Millisecond
	}
}

// runOrphan runs the program once: it waits for the checkpoint, looks at the
// process table, lets the parent go on, looks again as soon as the parent has
// exited, and collects the orphan's lines.
func runOrphan(t *grade.T) (*orphanRun, error) {
	return grade.Once(t, "orphan", func(t *grade.T) (*orphanRun, error) {
		p, err := t.Start()
		if err != nil {
			return nil, err
		}
		r := &orphanRun{pid: p.PID(), pictures: map[string]i18n.Localizer{}}
		found, err := watchFor(t, p, orphanLineWait, quietAfterExit(t, p), orphanParentRe, orphanCheckRe)
		if err != nil {
			return nil, err
		}
		r.parentLine = found[0]
		if !found[0].ok {
			return nil, orphanMissing(p, "parent pid=P child=C")
		}
		if !found[1].ok {
			return nil, orphanMissing(p, "checkpoint parent-exit")
		}
		r.child = r.parentLine.num(2)
		// The child prints its line as soon as it runs; give it time.
		found, err = watchFor(t, p, orphanLineWait, nil, orphanChildRe)
		if err != nil {
			return nil, err
		}
		r.childLine = found[0]
		pause := orphanPauseMin + time.Duration(t.Rand.Int63n(int64(orphanPauseMax-orphanPauseMin)))
		if err := t.Sleep(pause); err != nil {
			return nil, err
		}
		if r.atCheckpoint, err = t.Snapshot(); err != nil {
			return nil, err
		}
		r.pictures["checkpoint"] = t.Picture(r.atCheckpoint)

		r.sentAt = time.Now()
		if err := p.Send(""); err != nil {
			return nil, err
		}
		deadline := time.Now().Add(orphanLineWait)
		if err := t.Poll(5*time.Millisecond, func() (bool, error) {
			return p.Exited() != nil || time.Now().After(deadline), nil
		}); err != nil {
			return nil, err
		}
		r.exit = p.Exited()
		if r.exit == nil {
			return r, nil
		}
		if r.afterExit, err = t.Snapshot(); err != nil {
			return nil, err
		}
		r.pictures["exit"] = t.Picture(r.afterExit)
		found, err = watchFor(t, p, orphanLineWait, quietAfterExit(t, p), orphanAfterRe, orphanDoneRe)
		if err != nil {
			return nil, err
		}
		r.afterLine, r.doneLine = found[0], found[1]
		return r, nil
	})
}

func orphanMissing(p *grade.Program, example string) error {
	if ex := p.Exited(); ex != nil {
		return grade.Errorf("your program ended (%s) without printing a line like %q", *ex, example)
	}
	return grade.Errorf("timed out after %s waiting for a line like %q", multiSecs(orphanLineWait), example)
}

func (r *orphanRun) show(t *grade.T, which string, err error) error {
	title := map[string]i18n.Msg{
		"checkpoint": i18n.M("processes at the checkpoint"),
		"exit":       i18n.M("processes just after the parent exited"),
	}[which]
	if pic := r.pictures[which]; pic != nil {
		t.Attach(title, pic)
	}
	return err
}

func checkOrphanStarted(t *grade.T) error {
	r, err := runOrphan(t)
	if err != nil {
		return err
	}
	if got := r.parentLine.num(1); got != r.pid {
		return grade.Errorf("your program printed %q, but its pid is %d", r.parentLine.line.Text, r.pid)
	}
	c, ok := r.atCheckpoint.Get(r.child)
	switch {
	case !ok:
		return r.show(t, "checkpoint", grade.Errorf("process %d, which the parent called its child, is not in the process table", r.child))
	case c.PPID != r.pid:
		return r.show(t, "checkpoint", grade.Errorf("process %d has parent %d in the process table, want your program (pid %d)", r.child, c.PPID, r.pid))
	}
	if !r.childLine.ok {
		return grade.Errorf("no line like %q from the child within %s of the checkpoint", "child pid=C ppid=P", multiSecs(orphanLineWait))
	}
	if r.childLine.num(1) != r.child {
		return grade.Errorf("the child printed %q, but the parent said its child is %d", r.childLine.line.Text, r.child)
	}
	if pp := r.childLine.num(2); pp != r.pid {
		return grade.Errorf("the child says its parent is %d, but the parent is your program, pid %d", pp, r.pid)
	}
	return nil
}

func checkOrphanParentFirst(t *grade.T) error {
	r, err := runOrphan(t)
	if err != nil {
		return err
	}
	if r.exit == nil {
		return r.show(t, "checkpoint", grade.Errorf("your program (the parent) was still running %s after the checkpoint: it must exit without waiting for its child", multiSecs(orphanLineWait)))
	}
	c, ok := r.afterExit.Get(r.child)
	switch {
	case !ok:
		return r.show(t, "exit", grade.Errorf("when your program (the parent) ended, its child %d had already ended too: the parent waited for it, so nothing was left to become an orphan", r.child))
	case c.State == proc.Zombie:
		return r.show(t, "exit", grade.Errorf("when your program (the parent) ended, its child %d had already exited (a zombie): the child must still be running when the parent exits", r.child))
	}
	return nil
}

func checkOrphanAdopted(t *grade.T) error {
	r, err := runOrphan(t)
	if err != nil {
		return err
	}
	if r.exit == nil {
		return grade.Errorf("the parent never exited, so the child was never an orphan")
	}
	// The picture shows the adoption (with -v, also when the check passes).
	r.show(t, "exit", nil)
	c, ok := r.afterExit.Get(r.child)
	if !ok || c.State == proc.Zombie {
		return grade.Errorf("your child %d had already ended when the parent exited, so it never ran as an orphan", r.child)
	}
	if c.PPID != t.Self() {
		return grade.Errorf("after the parent exited, the process table shows %d with parent %d, want the checker (pid %d), its adopter", r.child, c.PPID, t.Self())
	}
	if !r.afterLine.ok {
		return grade.Errorf("no line like %q from the orphan within %s after the parent exited", "orphan pid=C ppid=N", multiSecs(orphanLineWait))
	}
	if r.afterLine.line.At.Before(r.sentAt) {
		return grade.Errorf("the orphan printed %q while its parent was still waiting at its checkpoint, before it could exit: poll os.Getppid() until it changes, then print the new value", r.afterLine.line.Text)
	}
	if got := r.afterLine.num(2); got != t.Self() {
		return grade.Errorf("the orphan printed %q, but its parent is now the checker, pid %d: print os.Getppid() after it has changed", r.afterLine.line.Text, t.Self())
	}
	if late := r.afterLine.line.At.Sub(r.exit.At); late > orphanNotice {
		return grade.Errorf("the orphan printed %q only %s after its parent exited (the checker held the parent at its checkpoint for a time of its choosing): poll os.Getppid() every few milliseconds instead of sleeping a fixed time", r.afterLine.line.Text, multiSecs(late))
	}
	return nil
}

func checkOrphanOutlives(t *grade.T) error {
	r, err := runOrphan(t)
	if err != nil {
		return err
	}
	if r.exit == nil {
		return grade.Errorf("the parent never exited, so the child was never an orphan")
	}
	if !r.doneLine.ok {
		return grade.Errorf("no line like %q from the orphan within %s after the parent exited", "orphan done pid=C", multiSecs(orphanLineWait))
	}
	after := r.doneLine.line.At.Sub(r.exit.At)
	switch {
	case after < 0:
		return grade.Errorf("the child printed %q before its parent exited, want it at least %s after: its work must outlast the parent",
			r.doneLine.line.Text, multiSecs(orphanMinWork))
	case after < orphanMinWork:
		return grade.Errorf("the child printed %q only %s after its parent exited, want at least %s: it works one more second once adopted",
			r.doneLine.line.Text, multiSecs(after), multiSecs(orphanMinWork))
	}
	return nil
}
