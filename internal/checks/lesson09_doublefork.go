package checks

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/proc"
)

// DoubleFork grades lesson 09: `doublefork MS` starts a child, which starts
// a grandchild and exits at once; the parent reaps the child and pauses at
// "checkpoint orphaned" while the grandchild, adopted by the checker, works
// for MS milliseconds and prints "grandchild done".
//
// One run is graded by every check. The checker samples the process table
// from the start until it lets the parent go on, and keeps the parent at its
// checkpoint for a while to see whether a zombie appears under it.
func DoubleFork() grade.Suite {
	return grade.Suite{Checks: []grade.Check{
		{
			ID: "grandchild-adopted", Title: "the grandchild is an orphan, adopted by another process", Points: 2, Timeout: doubleForkTimeout,
			Hint: "The child must start the grandchild and then exit at once; the grandchild must not be started by the parent itself.",
			Run:  checkDoubleForkAdopted,
		},
		{
			ID: "no-zombie", Title: "leaves no zombie under the parent", Points: 2, Timeout: doubleForkTimeout,
			Hint: "The child exits at once, and stays a zombie until the parent waits for it: call cmd.Wait() on the child before the checkpoint.",
			Run:  checkDoubleForkNoZombie,
		},
		{
			ID: "parent-not-waiting", Title: "the parent does not wait for the grandchild's work", Points: 2, Timeout: doubleForkTimeout,
			Hint: "Only the grandchild works; the child must not wait for it. Give spawn's commands os.Stdout itself: with a buffer or pipe, cmd.Wait also waits for the grandchild to close it.",
			Run:  checkDoubleForkNotWaiting,
		},
		{
			ID: "work-done", Title: "the grandchild finishes its work on its own", Points: 2, Timeout: doubleForkTimeout,
			Hint: "The grandchild prints \"grandchild pid=G ...\" as it starts, sleeps MS milliseconds, then prints \"grandchild done pid=G ...\".",
			Run:  checkDoubleForkWorkDone,
		},
	}}
}

func init() {
	i18n.Register(map[string]string{
		"the grandchild is an orphan, adopted by another process":                                                                        "孙进程成了孤儿，由别的进程收养",
		"The child must start the grandchild and then exit at once; the grandchild must not be started by the parent itself.":            "子进程启动孙进程之后必须马上退出；孙进程不能由父进程自己启动。",
		"leaves no zombie under the parent":                                                                                              "父进程下面不留僵尸",
		"The child exits at once, and stays a zombie until the parent waits for it: call cmd.Wait() on the child before the checkpoint.": "子进程马上就退出了，在父进程等待它之前一直是僵尸：检查点之前要对子进程调用 cmd.Wait()。",
		"the parent does not wait for the grandchild's work":                                                                             "父进程不等孙进程把活干完",
		"Only the grandchild works; the child must not wait for it. Give spawn's commands os.Stdout itself: with a buffer or pipe, cmd.Wait also waits for the grandchild to close it.": "只有孙进程干活；子进程不能等它。spawn 启动的命令要直接用 os.Stdout：换成缓冲区或管道的话，cmd.Wait 还会一直等到孙进程把它关掉。",
		"the grandchild finishes its work on its own": "孙进程独自把工作做完",
		"The grandchild prints \"grandchild pid=G ...\" as it starts, sleeps MS milliseconds, then prints \"grandchild done pid=G ...\".": "孙进程一开始打印 `grandchild pid=G ...`，睡 MS 毫秒，然后打印 `grandchild done pid=G ...`。",

		"no line like %q: the grandchild prints it as soon as it runs":   "没有 %q 这样的行：孙进程一运行就要打印它",
		"%q: the checker never saw pid %d in the process table below it": "%q：检查器在进程表里从来没有在它下面看到过 %d 号进程",
		"%q: pid %d is your program itself, not a grandchild":            "%q：%d 号进程是你的程序自己，不是孙进程",
		"while your program ran, the grandchild (pid %d) was always the child of your program itself (pid %d): a single fork. Its parent must be a child that exits at once":                                                    "你的程序运行期间，孙进程（进程号 %d）一直是你的程序自己（进程号 %d）的子进程：这只 fork 了一次。它的父进程应该是一个马上就退出的子进程",
		"while your program ran, the grandchild (pid %d) always had pid %d as its parent, which did not exit while the grandchild worked: it was never an orphan. The child must exit as soon as it has started the grandchild": "你的程序运行期间，孙进程（进程号 %d）的父进程一直是 %d 号进程，孙进程干活时它并没有退出：孙进程从来没有成为孤儿。子进程启动孙进程之后要马上退出",
		"pid %d was a zombie under your program (pid %d) at %q, for at least %s: the child ended and nobody waited for it":                                                                                                      "到 %[3]q 时，%[1]d 号进程是你的程序（进程号 %[2]d）下面的僵尸，至少持续了 %[4]s：子进程已经结束，却没有人等待它",
		"your program reached %q only after the grandchild had finished its work (%q came first): the parent waited for the work":                                                                                               "孙进程把工作做完之后，你的程序才走到 %q（%q 先出现了）：父进程等了这份工作",
		"at %q the grandchild (pid %d) was no longer working: want it still busy while the parent goes on":                                                                                                                      "到 %[1]q 时，孙进程（进程号 %[2]d）已经不在工作了：父进程接着往下走的时候，孙进程应该还在忙",
		"no line like %q: the grandchild must finish its work and say so, even after its parent has exited":                                                                                                                     "没有 %q 这样的行：就算父进程已经退出，孙进程也要把工作做完，并打印这一行",
		"%q names pid %s, but the grandchild is pid %d":                          "%q 里写的进程号是 %s，但孙进程的进程号是 %d",
		"the grandchild said it was done %s after it started; its work takes %s": "孙进程启动 %s之后就说做完了；它的工作要 %s",
		"processes while your program waited at %q (pid, command, state)":        "你的程序停在 %q 时的进程（进程号、命令、状态）",
		"your program ignores SIGCHLD (signal.Ignore): the kernel reaped the child as soon as it ended, and the parent never did. Leave SIGCHLD alone and call cmd.Wait() on the child before the checkpoint": "你的程序忽略了 SIGCHLD（signal.Ignore）：子进程一结束就被内核回收了，父进程从来没有回收它。不要改动 SIGCHLD，在检查点之前对子进程调用 cmd.Wait()",
		"%q: the grandchild must say who its parent is now, %q with what os.Getppid() returns after the child has exited (the process table showed %s then)":                                                  "%q：孙进程必须说出它现在的父进程是谁，即 %q，N 取子进程退出之后 os.Getppid() 的返回值（进程表当时显示的是 %s）",
		"the grandchild (pid %d) lived only %s by the process table, from its start until it was seen ended; its work takes %s":                                                                               "按进程表，孙进程（进程号 %d）从启动到被看到结束只活了 %s；它的工作需要 %s",
	})
}

// doubleForkTimeout bounds each check: the run takes 2-3 s.
const doubleForkTimeout = 20 * time.Second

// doubleForkHold is the least time the checker keeps the parent at its
// checkpoint, looking for a zombie under it; each run adds up to 0.3 s more.
const doubleForkHold = 400 * time.Millisecond

const doubleForkCheckpoint = "checkpoint orphaned"

var (
	doubleForkGrandRe = regexp.MustCompile(`^grandchild\s+pid=(\d+)`)
	doubleForkDoneRe  = regexp.MustCompile(`^grandchild\s+done\s+pid=(\d+)(?:\s+ppid=(\d+))?`)
)

type doubleForkRun struct {
	work      time.Duration
	self, pid int       // the checker, the program
	grand     int       // the grandchild, from its first line; 0 when none
	grandAt   time.Time // when that line arrived
	grandLine string
	done      *grade.Line // "grandchild done …", if it came
	doneText  string
	donePPID  string        // the ppid the done line names, "" when none
	checkAt   time.Time     // when "checkpoint orphaned" arrived
	atCheck   proc.Snapshot // the table just after the checkpoint
	parents   []int         // the grandchild's parents while the program lived, in order
	adopted   bool          // seen with the checker as its parent while the program lived
	zombies   []tableZombie // under the program, after the checkpoint
	// parentsAtDone are the grandchild's parents in the last sample before
	// its done line arrived and the first after: whom it had as its
	// parent when it printed the line.
	parentsAtDone []int
	// life is what the table showed of the grandchild, from its start
	// until it was seen ended (the checker, its adopter, reaps it only
	// after the check).
	life *procLife
	// ignoresChld says the program ignored SIGCHLD: the kernel, not the
	// program, reaped the child.
	ignoresChld  bool
	noCheckpoint error
}

func runDoubleFork(t *grade.T) (*doubleForkRun, error) {
	return grade.Once(t, "doublefork", func(t *grade.T) (*doubleForkRun, error) {
		r := &doubleForkRun{work: time.Duration(1200+t.Rand.Intn(800)) * time.Millisecond, self: t.Self()}
		table := startTableLog(t, 25*time.Millisecond)
		p, err := t.Start(strconv.Itoa(int(r.work / time.Millisecond)))
		if err != nil {
			table.Stop()
			return nil, err
		}
		r.pid = p.PID()
		line, _, err := p.Expect("^" + doubleForkCheckpoint)
		if err != nil {
			r.noCheckpoint = err
		} else {
			r.checkAt = line.At
			// The grandchild may still be starting: give its first
			// line a moment, then look at the table at once.
			_ = t.Poll(20*time.Millisecond, func() (bool, error) {
				r.readLines(p.Lines())
				return r.grand != 0 || time.Since(r.checkAt) > 5*time.Second, nil
			})
			if r.atCheck, err = tableSnapshot(t); err != nil {
				table.Stop()
				return nil, err
			}
			// Keep the parent at its checkpoint, the table sampled.
			hold := doubleForkHold + time.Duration(t.Rand.Intn(300))*time.Millisecond
			if err := t.Sleep(hold); err != nil {
				table.Stop()
				return nil, err
			}
		}
		// The samples so far show the program alive; those taken later,
		// the grandchild on its own.
		released := time.Now()
		r.readLines(p.Lines())
		if r.noCheckpoint == nil {
			if err := p.Send(""); err != nil {
				table.Stop()
				return nil, err
			}
			if _, err := p.Wait(); err != nil {
				table.Stop()
				return nil, err
			}
		}
		// The grandchild outlives the parent: wait for its last line,
		// and for the table to show it ended.
		if r.grand != 0 {
			until := r.grandAt.Add(r.work + 3*time.Second)
			_ = t.Poll(20*time.Millisecond, func() (bool, error) {
				r.readLines(p.Lines())
				return r.done != nil || time.Now().After(until), nil
			})
			if r.done != nil {
				until = time.Now().Add(time.Second)
				_ = t.Poll(25*time.Millisecond, func() (bool, error) {
					snap, err := tableSnapshot(t)
					if err != nil {
						return false, err
					}
					g, ok := snap.Get(r.grand)
					return !ok || g.State == proc.Zombie || time.Now().After(until), nil
				})
			}
		}
		snaps, err := table.Stop()
		if err != nil {
			return nil, err
		}
		if r.grand != 0 {
			r.life = table.Lives(r.pid, r.grand)[r.grand]
			if r.done != nil {
				r.parentsAtDone = parentsAround(snaps, r.grand, r.done.At)
			}
		}
		r.readTable(table.ReadBefore(released))
		return r, nil
	})
}

// readLines picks the grandchild's two lines out of the output so far.
func (r *doubleForkRun) readLines(lines []grade.Line) {
	for _, l := range lines {
		if l.Stream != grade.Stdout {
			continue
		}
		if m := doubleForkDoneRe.FindStringSubmatch(l.Text); m != nil {
			if r.done == nil {
				l := l
				r.done, r.doneText, r.donePPID = &l, m[1], m[2]
			}
			continue
		}
		if m := doubleForkGrandRe.FindStringSubmatch(l.Text); m != nil && r.grand == 0 {
			r.grand, _ = strconv.Atoi(m[1])
			r.grandAt, r.grandLine = l.At, l.Text
		}
	}
}

// readTable works out, from the samples taken while the program lived, who
// the grandchild's parents were and which zombies stayed under the program
// after its checkpoint.
func (r *doubleForkRun) readTable(snaps []proc.Snapshot) {
	r.ignoresChld = ignoresSIGCHLD(snaps, r.pid)
	for _, s := range snaps {
		if g, ok := s.Get(r.grand); ok && r.grand != 0 {
			if len(r.parents) == 0 || r.parents[len(r.parents)-1] != g.PPID {
				r.parents = append(r.parents, g.PPID)
			}
			if g.PPID == r.self {
				r.adopted = true
			}
		}
	}
	if r.noCheckpoint != nil {
		return
	}
	var after []proc.Snapshot
	for _, s := range snaps {
		if s.Taken.After(r.checkAt) {
			after = append(after, s)
		}
	}
	r.zombies = tableZombies(after, r.pid)
}

func checkDoubleForkAdopted(t *grade.T) error {
	r, err := runDoubleFork(t)
	if err != nil {
		return err
	}
	if r.grand == 0 {
		return grade.Errorf("no line like %q: the grandchild prints it as soon as it runs", "grandchild pid=G ppid=X")
	}
	if r.grand == r.pid {
		return grade.Errorf("%q: pid %d is your program itself, not a grandchild", r.grandLine, r.grand)
	}
	if r.noCheckpoint != nil {
		return r.noCheckpoint
	}
	if len(r.parents) == 0 {
		return grade.Errorf("%q: the checker never saw pid %d in the process table below it", r.grandLine, r.grand)
	}
	if r.adopted {
		return nil
	}
	t.Attach(i18n.M("processes while your program waited at %q (pid, command, state)", doubleForkCheckpoint), t.Picture(r.atCheck))
	if r.parents[len(r.parents)-1] == r.pid {
		return grade.Errorf("while your program ran, the grandchild (pid %d) was always the child of your program itself (pid %d): a single fork. Its parent must be a child that exits at once", r.grand, r.pid)
	}
	return grade.Errorf("while your program ran, the grandchild (pid %d) always had pid %d as its parent, which did not exit while the grandchild worked: it was never an orphan. The child must exit as soon as it has started the grandchild", r.grand, r.parents[len(r.parents)-1])
}

func checkDoubleForkNoZombie(t *grade.T) error {
	r, err := runDoubleFork(t)
	if err != nil {
		return err
	}
	if r.noCheckpoint != nil {
		return r.noCheckpoint
	}
	if r.ignoresChld {
		return grade.Errorf("your program ignores SIGCHLD (signal.Ignore): the kernel reaped the child as soon as it ended, and the parent never did. Leave SIGCHLD alone and call cmd.Wait() on the child before the checkpoint")
	}
	if len(r.zombies) > 0 {
		z := r.zombies[0]
		t.Attach(i18n.M("processes while your program waited at %q (pid, command, state)", doubleForkCheckpoint), t.Picture(z.Snap))
		return grade.Errorf("pid %d was a zombie under your program (pid %d) at %q, for at least %s: the child ended and nobody waited for it", z.PID, r.pid, doubleForkCheckpoint, waitSeconds(z.Seen()))
	}
	return nil
}

func checkDoubleForkNotWaiting(t *grade.T) error {
	r, err := runDoubleFork(t)
	if err != nil {
		return err
	}
	if r.grand == 0 {
		return grade.Errorf("no line like %q: the grandchild prints it as soon as it runs", "grandchild pid=G ppid=X")
	}
	if r.noCheckpoint != nil {
		return r.noCheckpoint
	}
	if r.done != nil && !r.done.At.After(r.checkAt) {
		return grade.Errorf("your program reached %q only after the grandchild had finished its work (%q came first): the parent waited for the work", doubleForkCheckpoint, r.done.Text)
	}
	if g, ok := r.atCheck.Get(r.grand); !ok || g.State == proc.Zombie {
		t.Attach(i18n.M("processes while your program waited at %q (pid, command, state)", doubleForkCheckpoint), t.Picture(r.atCheck))
		return grade.Errorf("at %q the grandchild (pid %d) was no longer working: want it still busy while the parent goes on", doubleForkCheckpoint, r.grand)
	}
	return nil
}

func checkDoubleForkWorkDone(t *grade.T) error {
	r, err := runDoubleFork(t)
	if err != nil {
		return err
	}
	if r.grand == 0 {
		return grade.Errorf("no line like %q: the grandchild prints it as soon as it runs", "grandchild pid=G ppid=X")
	}
	if r.done == nil {
		return grade.Errorf("no line like %q: the grandchild must finish its work and say so, even after its parent has exited", fmt.Sprintf("grandchild done pid=%d", r.grand))
	}
	if r.doneText != strconv.Itoa(r.grand) {
		return grade.Errorf("%q names pid %s, but the grandchild is pid %d", r.done.Text, r.doneText, r.grand)
	}
	if r.life != nil {
		if pp := r.donePPID; pp == "" || !doubleForkParentWas(r.parentsAtDone, pp) {
			return grade.Errorf("%q: the grandchild must say who its parent is now, %q with what os.Getppid() returns after the child has exited (the process table showed %s then)", r.done.Text, "ppid=N", forkJoin(r.parentsAtDone))
		}
		// Its lifetime comes from the table: it started before its
		// work and ended after it.
		if !r.life.EndedBy.IsZero() && r.life.Lasted() < r.work-doubleForkLifeTolerance {
			return grade.Errorf("the grandchild (pid %d) lived only %s by the process table, from its start until it was seen ended; its work takes %s", r.grand, waitSeconds(r.life.Lasted()), waitSeconds(r.work))
		}
		return r.noCheckpoint
	}
	// Never seen in the table (grandchild-adopted says so): half the work
	// by its lines.
	if took := r.done.At.Sub(r.grandAt); took < r.work/2 {
		return grade.Errorf("the grandchild said it was done %s after it started; its work takes %s", waitSeconds(took), waitSeconds(r.work))
	}
	return r.noCheckpoint
}

// doubleForkLifeTolerance is how much shorter than its work the grandchild
// may look in the table: its start time is truncated to the 10 ms clock
// tick, and it ends after its work, so only the clocks need a margin.
const doubleForkLifeTolerance = 50 * time.Millisecond

// parentsAround returns pid's parent in the last sample taken before at
// and in the first taken at or after it, each once.
func parentsAround(snaps []proc.Snapshot, pid int, at time.Time) []int {
	var before, after *proc.Process
	for _, s := range snaps {
		p, ok := s.Get(pid)
		if !ok {
			continue
		}
		if s.Taken.Before(at) {
			before = &p
		} else if after == nil {
			after = &p
		}
	}
	var out []int
	for _, p := range []*proc.Process{before, after} {
		if p != nil && (len(out) == 0 || out[0] != p.PPID) {
			out = append(out, p.PPID)
		}
	}
	return out
}

// doubleForkParentWas reports whether ppid (a number as the program
// printed it) is among parents.
func doubleForkParentWas(parents []int, ppid string) bool {
	n, err := strconv.Atoi(ppid)
	if err != nil {
		return false
	}
	for _, p := range parents {
		if p == n {
			return true
		}
	}
	return false
}
