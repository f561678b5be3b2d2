package checks

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/proc"
)

// Multitask grades lesson 05: `multitask goroutines` and `multitask processes`
// each run task A (3 s) and task B (2 s) at the same time, so that both are
// done in about 3 s instead of 5 s. Each mode is run once; its checks grade
// that run with the checker's clock and, for processes, the process table.
// The two modes run at the same time, each in a sandbox of its own: the
// first check of each mode (Slow) starts its run, and the mode's other
// checks wait for it.
func Multitask() grade.Suite {
	const g, p = "goroutines", "processes"
	return grade.Suite{Parallel: 2, Checks: []grade.Check{
		{
			ID: "goroutines-complete", Title: "goroutines: runs both tasks to the end: A for 3 s, B for 2 s", Points: 2, Timeout: multiCheckTimeout, Slow: true,
			Hint: "Each task prints \"start task=NAME pid=PID\", sleeps its whole duration, then prints \"done task=NAME pid=PID\".",
			Run:  func(t *grade.T) error { return checkMultiComplete(t, g) },
		},
		{
			ID: "goroutines-overlap", Title: "goroutines: runs the two tasks at the same time", Points: 2, Timeout: multiCheckTimeout,
			Hint: "Start both tasks before you wait for either: two go statements, then wg.Wait().",
			Run:  func(t *grade.T) error { return checkMultiOverlap(t, g) },
		},
		{
			ID: "goroutines-wall-time", Title: "goroutines: finishes 3 s + 2 s of tasks in about 3 s", Points: 2, Timeout: multiCheckTimeout,
			Hint: "One after the other the tasks take 3 s + 2 s = 5 s; at the same time, as long as the longer one: 3 s. Time your program with `time`.",
			Run:  func(t *grade.T) error { return checkMultiWallTime(t, g) },
		},
		{
			ID: "goroutines-waits", Title: "goroutines: ends only after both tasks are done", Points: 2, Timeout: multiCheckTimeout,
			Hint: "When main returns, the program ends and its goroutines with it: wg.Add(1) before each go statement, wg.Done() when a task ends, wg.Wait() before main returns.",
			Run:  func(t *grade.T) error { return checkMultiWaits(t, g) },
		},
		{
			ID: "processes-children", Title: "processes: runs each task in a child process of its own", Points: 2, Timeout: multiCheckTimeout, Slow: true,
			Hint: "Start the program again for each task (exec.Command(exe, \"task\", name) with exe from os.Executable()) and let the child print its own os.Getpid().",
			Run:  checkMultiChildren,
		},
		{
			ID: "processes-complete", Title: "processes: runs both tasks to the end: A for 3 s, B for 2 s", Points: 2, Timeout: multiCheckTimeout,
			Hint: "The child runs the task: it prints \"start task=NAME pid=PID\" with its own os.Getpid(), sleeps, prints \"done task=NAME pid=PID\"; give it cmd.Stdout = os.Stdout.",
			Run:  func(t *grade.T) error { return checkMultiComplete(t, p) },
		},
		{
			ID: "processes-overlap", Title: "processes: runs the two tasks at the same time", Points: 2, Timeout: multiCheckTimeout,
			Hint: "Call Start() on both children before you call Wait() on either.",
			Run:  func(t *grade.T) error { return checkMultiOverlap(t, p) },
		},
		{
			ID: "processes-wall-time", Title: "processes: finishes 3 s + 2 s of tasks in about 3 s", Points: 2, Timeout: multiCheckTimeout,
			Hint: "Two children started together run at the same time; cmd.Run() is Start() and Wait() in one, so two Run() calls run one after the other.",
			Run:  func(t *grade.T) error { return checkMultiWallTime(t, p) },
		},
		{
			ID: "processes-waits", Title: "processes: ends only after both tasks are done", Points: 2, Timeout: multiCheckTimeout,
			Hint: "A parent that returns without cmd.Wait() leaves its children running as orphans: Wait for each child before main returns.",
			Run:  func(t *grade.T) error { return checkMultiWaits(t, p) },
		},
	}}
}

func init() {
	i18n.Register(map[string]string{
		"processes: runs each task in a child process of its own": "processes：每个任务在它自己的子进程里运行",
		"Start the program again for each task (exec.Command(exe, \"task\", name) with exe from os.Executable()) and let the child print its own os.Getpid().":                "每个任务都把本程序再启动一次（exec.Command(exe, `task`, name)，exe 取自 os.Executable()），让子进程自己打印它的 os.Getpid()。",
		"goroutines: runs both tasks to the end: A for 3 s, B for 2 s":                                                                                                        "goroutines：两个任务都完整地运行完：A 3 秒，B 2 秒",
		"processes: runs both tasks to the end: A for 3 s, B for 2 s":                                                                                                         "processes：两个任务都完整地运行完：A 3 秒，B 2 秒",
		"goroutines: runs the two tasks at the same time":                                                                                                                     "goroutines：两个任务同时运行",
		"processes: runs the two tasks at the same time":                                                                                                                      "processes：两个任务同时运行",
		"goroutines: finishes 3 s + 2 s of tasks in about 3 s":                                                                                                                "goroutines：3 秒 + 2 秒的任务大约 3 秒做完",
		"processes: finishes 3 s + 2 s of tasks in about 3 s":                                                                                                                 "processes：3 秒 + 2 秒的任务大约 3 秒做完",
		"goroutines: ends only after both tasks are done":                                                                                                                     "goroutines：两个任务都做完了才结束",
		"processes: ends only after both tasks are done":                                                                                                                      "processes：两个任务都做完了才结束",
		"Each task prints \"start task=NAME pid=PID\", sleeps its whole duration, then prints \"done task=NAME pid=PID\".":                                                    "每个任务先打印 `start task=名字 pid=进程号`，睡满自己的时长，再打印 `done task=名字 pid=进程号`。",
		"Start both tasks before you wait for either: two go statements, then wg.Wait().":                                                                                     "两个任务都启动之后再等待：先写两条 go 语句，然后 wg.Wait()。",
		"Call Start() on both children before you call Wait() on either.":                                                                                                     "两个子进程都 Start() 之后，再对它们调用 Wait()。",
		"One after the other the tasks take 3 s + 2 s = 5 s; at the same time, as long as the longer one: 3 s. Time your program with `time`.":                                "一个接一个地做要 3 秒 + 2 秒 = 5 秒；同时做只要较长的那个的时间：3 秒。可以用 `time` 给你的程序计时。",
		"When main returns, the program ends and its goroutines with it: wg.Add(1) before each go statement, wg.Done() when a task ends, wg.Wait() before main returns.":      "main 一返回，程序就结束了，goroutine 也跟着结束：每条 go 语句之前 wg.Add(1)，任务结束时 wg.Done()，main 返回之前 wg.Wait()。",
		"The child runs the task: it prints \"start task=NAME pid=PID\" with its own os.Getpid(), sleeps, prints \"done task=NAME pid=PID\"; give it cmd.Stdout = os.Stdout.": "任务由子进程来做：它用自己的 os.Getpid() 打印 `start task=名字 pid=进程号`，睡眠，再打印 `done task=名字 pid=进程号`；记得设置 cmd.Stdout = os.Stdout。",
		"Two children started together run at the same time; cmd.Run() is Start() and Wait() in one, so two Run() calls run one after the other.":                             "一起启动的两个子进程会同时运行；cmd.Run() 等于 Start() 加 Wait()，所以调用两次 Run()，两个子进程是一个接一个运行的。",
		"A parent that returns without cmd.Wait() leaves its children running as orphans: Wait for each child before main returns.":                                           "父进程不调用 cmd.Wait() 就返回，子进程会成为孤儿继续运行：main 返回之前要对每个子进程调用 Wait。",

		"task %s never started: no line like %q":                                                                                              "任务 %s 没有开始：没有 %q 这样的行",
		"task %s started but never finished: no line like %q (your program ended after %s)":                                                   "任务 %s 开始了，但没有做完：没有 %q 这样的行（你的程序运行了 %s就结束了）",
		"task %s started but never finished: no line like %q within %s":                                                                       "任务 %s 开始了，但没有做完：%[3]s之内没有 %[2]q 这样的行",
		"task %s took %s from its start line to its done line, want at least %s: it must sleep its whole %s":                                  "任务 %s 从 start 行到 done 行只用了 %s，至少应为 %s：它必须睡满 %s",
		"the tasks ran one after the other: task %s started at %s, when task %s had already finished at %s (times from your program's start)": "两个任务是一个接一个运行的：任务 %s 在 %s时才开始，而任务 %s 在 %s时就已经做完了（时间从你的程序启动时算起）",
		"your program was still running %s after it started; both tasks together should take about 3 s":                                       "你的程序启动 %s之后还在运行；两个任务一起做，应该只要 3 秒左右",
		"your program ended after %s, before the 3 s task could have finished: want between %s and %s":                                        "你的程序运行了 %s就结束了，那时 3 秒的任务不可能已经做完：应在 %s到 %s之间结束",
		"your program took %s, want less than %s: one after the other, 3 s + 2 s takes 5 s; at the same time about 3 s":                       "你的程序用了 %s，应少于 %s：一个接一个地做，3 秒 + 2 秒要 5 秒；同时做只要 3 秒左右",
		"no task started: no line like %q":   "一个任务都没有开始：没有 %q 这样的行",
		"your program did not end within %s": "你的程序在 %s之内没有结束",
		"your program ended (%s) after %s, but task %s never printed %q: main returned without waiting for it":  "你的程序运行 %[2]s 后结束了（%[1]s），但任务 %[3]s 一直没有打印 %[4]q：main 没有等它就返回了",
		"task %s printed %q %s after your program had ended: main did not wait for it":                          "任务 %s 在你的程序结束 %[3]s之后才打印 %[2]q：main 没有等它",
		"the line %q has no pid=N: each task prints the pid of the process that runs it (os.Getpid())":          "%q 这一行没有 pid=N：每个任务都要打印运行它的那个进程的进程号（os.Getpid()）",
		"task %s ran in your program itself (pid=%d is your program's pid): start a child process for it":       "任务 %s 是在你的程序自己里面运行的（pid=%d 是你的程序的进程号）：要为它启动一个子进程",
		"task %s reported pid=%d, but there was no process %d in the process table when its start line arrived": "任务 %s 报告的是 pid=%d，但它的 start 行到达时，进程表里没有 %d 号进程",
		"process %d (task %s) has parent %d, want your program (pid %d)":                                        "%d 号进程（任务 %s）的父进程是 %d，应该是你的程序（进程号 %d）",
		"tasks A and B both report pid=%d: each task needs a child process of its own":                          "任务 A 和 B 报告的都是 pid=%d：每个任务都要有自己的子进程",
		"processes when task %s started":                                   "任务 %s 开始时的进程",
		"the task lines the checker saw (times from your program's start)": "检查器看到的任务行（时间从你的程序启动时算起）",
		"(your program ended: %s)":                                         "（你的程序结束：%s）",
		"task %s's process (pid %d) lived only %s by the process table, from its start until it was seen ended; its task takes %s: it must sleep the whole time":                                      "按进程表，任务 %s 的进程（进程号 %d）从启动到被看到结束只活了 %s；它的任务需要 %s：它必须睡满整段时间",
		"the processes of tasks %s (pid %d) and %s (pid %d) never ran at the same time, by the process table: the second started after the first had ended":                                           "按进程表，任务 %s（进程号 %d）和任务 %s（进程号 %d）的进程从未同时运行：后一个在前一个结束之后才启动",
		"when your program ended, the process of task %s (pid %d) was still in the process table (%s): your program did not wait for it, and the checker adopted it. Call cmd.Wait() for every child": "你的程序结束时，任务 %s 的进程（进程号 %d）还在进程表中（%s）：你的程序没有等待它，检查器收养了它。要对每个子进程调用 cmd.Wait()",
		"task %s ran in process %d, which runs %s, not your program (%s): each task runs in a copy of your program, exec.Command(exe, \"task\", name) with exe from os.Executable()":                  "任务 %s 在进程 %d 中运行，它运行的是 %s，而不是你的程序（%s）：每个任务都要在你的程序的一个副本中运行，即 exec.Command(exe, `task`, name)，exe 取自 os.Executable()",
	})
}

const (
	// multiCheckTimeout bounds a check; the first check of a mode runs the
	// program, which a sequential program keeps busy for 5 s.
	multiCheckTimeout = 20 * time.Second
	// multiRunLimit is how long the checker watches one run.
	multiRunLimit = 9 * time.Second
	// multiTolerance is how much shorter than its duration a task may look
	// from its lines, because each line reaches the checker a little late.
	multiTolerance = 300 * time.Millisecond
	// multiLifeTolerance is how much shorter than its task a child process
	// may look in the process table: its start time is truncated to the
	// 10 ms clock tick, and it ends after its task, so it never looks
	// shorter; the margin is for the clocks alone.
	multiLifeTolerance = 50 * time.Millisecond
	// multiMinWall and multiMaxWall bound the run of a correct program:
	// the 3 s task alone takes 3 s (the checker's clock starts a moment after
	// the program does); one after the other takes 5 s or more.
	multiMinWall = 2800 * time.Millisecond
	multiMaxWall = 4200 * time.Millisecond
	// multiExitSlack is how late a done line printed before the program
	// ended may reach the checker.
	multiExitSlack = time.Second
)

// multiTasks are the two tasks, in the order the checks report them.
var multiTasks = []struct {
	name string
	dur  time.Duration
}{{"A", 3 * time.Second}, {"B", 2 * time.Second}}

var (
	multiStartRe = regexp.MustCompile(`^start\s+task=(\S+)(?:\s+pid=(\d+))?`)
	multiDoneRe  = regexp.MustCompile(`^done\s+task=(\S+)(?:\s+pid=(\d+))?`)
)

// multiMark is a task's start or done line as it reached the checker.
type multiMark struct {
	at   time.Time
	pid  int // 0 when the line has no pid=
	text string
	exit bool // not a line: the moment the program ended
}

// multiSeen is what the process table said about a task's pid when its start
// line arrived.
type multiSeen struct {
	proc  proc.Process
	found bool
	tree  i18n.Localizer
	// prog is the program itself in the same snapshot, to compare what the
	// two run.
	prog proc.Process
}

// multiRun is one run of `multitask MODE`.
type multiRun struct {
	mode    string
	pid     int
	self    int // the checker's pid, as the program saw it (T.Self of the run)
	started time.Time
	exit    *grade.Exit // nil when it was still running at multiRunLimit
	start   map[string]multiMark
	done    map[string]multiMark
	seen    map[string]multiSeen // processes mode
	// lives is what the process table, sampled every 20 ms, showed of the
	// program's children (processes mode).
	lives map[int]*procLife
}

// runMultitask runs the program once in mode and records, with the
// checker's clock, when each task's lines arrived and when the program ended.
// It watches until both tasks are done and the program has ended, until
// nothing of the program is left that could still print, or until
// multiRunLimit.
func runMultitask(t *grade.T, mode string) (*multiRun, error) {
	return grade.Once(t, "multitask-"+mode, func(t *grade.T) (*multiRun, error) {
		var table *tableLog
		if mode == "processes" {
			table = startTableLog(t, 20*time.Millisecond)
		}
		p, err := t.Start(mode)
		if err != nil {
			if table != nil {
				table.Stop()
			}
			return nil, err
		}
		r := &multiRun{mode: mode, pid: p.PID(), self: t.Self(), started: p.Started,
			start: map[string]multiMark{}, done: map[string]multiMark{}, seen: map[string]multiSeen{}}
		limit := p.Started.Add(multiRunLimit)
		next := 0
		var quietSince, lastLook time.Time
		err = t.Poll(10*time.Millisecond, func() (bool, error) {
			lines := p.Lines()
			for ; next < len(lines); next++ {
				l := lines[next]
				if l.Stream != grade.Stdout {
					continue
				}
				if m := multiStartRe.FindStringSubmatch(l.Text); m != nil && multiKnown(m[1]) {
					if _, dup := r.start[m[1]]; !dup {
						mk := multiMark{at: l.At, pid: multiAtoi(m[2]), text: l.Text}
						r.start[m[1]] = mk
						if mode == "processes" && mk.pid > 0 {
							snap, err := t.Snapshot()
							if err != nil {
								return false, err
							}
							pr, ok := snap.Get(mk.pid)
							me, _ := snap.Get(r.pid)
							r.seen[m[1]] = multiSeen{proc: pr, found: ok, tree: t.Picture(snap), prog: me}
						}
					}
				}
				if m := multiDoneRe.FindStringSubmatch(l.Text); m != nil && multiKnown(m[1]) {
					if _, dup := r.done[m[1]]; !dup {
						r.done[m[1]] = multiMark{at: l.At, pid: multiAtoi(m[2]), text: l.Text}
					}
				}
			}
			now := time.Now()
			ex := p.Exited()
			switch {
			case ex != nil && len(r.done) == len(multiTasks):
				return true, nil
			case now.After(limit):
				return true, nil
			case ex != nil && now.Sub(lastLook) >= 100*time.Millisecond:
				// The program has ended; its children may still print
				// (orphans keep the output pipe). Stop once none is left.
				lastLook = now
				live, err := liveBelowChecker(t)
				if err != nil {
					return false, err
				}
				if live > 0 {
					quietSince = time.Time{}
				} else if quietSince.IsZero() {
					quietSince = now
				} else if now.Sub(quietSince) >= 200*time.Millisecond {
					return true, nil
				}
			}
			return false, nil
		})
		r.exit = p.Exited()
		if table != nil {
			// The last sample shows what the program left behind.
			if _, terr := table.Stop(); terr == nil {
				r.lives = table.Lives(r.pid)
			}
		}
		return r, err
	})
}

// life is what the process table showed of the child that reported task
// name, or nil when it showed nothing of it (goroutines mode, or a pid that
// was not the program's child).
func (r *multiRun) life(name string) *procLife {
	if s, ok := r.start[name]; ok && s.pid != 0 && s.pid != r.pid {
		return r.lives[s.pid]
	}
	return nil
}

// liveBelowChecker counts the processes below the checker that still run
// (zombies print nothing). Lessons 06 and 07 use it too.
func liveBelowChecker(t *grade.T) (int, error) {
	snap, err := t.Snapshot()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range snap.Descendants(t.Self()) {
		if d.State != proc.Zombie {
			n++
		}
	}
	return n, nil
}

func multiKnown(name string) bool {
	for _, k := range multiTasks {
		if k.name == name {
			return true
		}
	}
	return false
}

func multiAtoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// since is a time of the run as seconds from the program's start, "3.01 s".
func (r *multiRun) since(at time.Time) i18n.Msg { return multiSecs(at.Sub(r.started)) }

// multiSecs is a measured duration, "3.01 s" or "3.01 秒".
func multiSecs(d time.Duration) i18n.Msg { return grade.Seconds(fmt.Sprintf("%.2f", d.Seconds())) }

// example is the line a task should print, for messages.
func (r *multiRun) example(kind, name string) string {
	return kind + " task=" + name + " pid=PID"
}

// timeline attaches the task lines seen, in the order they arrived, for a
// failed check.
func (r *multiRun) timeline(t *grade.T) {
	var marks []multiMark
	for _, k := range multiTasks {
		for _, m := range []map[string]multiMark{r.start, r.done} {
			if mk, ok := m[k.name]; ok {
				marks = append(marks, mk)
			}
		}
	}
	if r.exit != nil {
		marks = append(marks, multiMark{at: r.exit.At, exit: true})
	}
	if len(marks) == 0 {
		return
	}
	sort.SliceStable(marks, func(i, j int) bool { return marks[i].at.Before(marks[j].at) })
	t.Attach(i18n.M("the task lines the checker saw (times from your program's start)"), localized(func(l i18n.Lang) string {
		var lines []string
		for _, mk := range marks {
			text := mk.text
			if mk.exit {
				text = i18n.M("(your program ended: %s)", *r.exit).In(l)
			}
			lines = append(lines, fmt.Sprintf("%8s  %s", r.since(mk.at).In(l), text))
		}
		return strings.Join(lines, "\n")
	}))
}

func (r *multiRun) fail(t *grade.T, err error) error {
	r.timeline(t)
	return err
}

func checkMultiComplete(t *grade.T, mode string) error {
	r, err := runMultitask(t, mode)
	if err != nil {
		return err
	}
	for _, k := range multiTasks {
		s, ok := r.start[k.name]
		if !ok {
			return r.fail(t, grade.Errorf("task %s never started: no line like %q", k.name, r.example("start", k.name)))
		}
		d, ok := r.done[k.name]
		if !ok {
			if r.exit != nil {
				return r.fail(t, grade.Errorf("task %s started but never finished: no line like %q (your program ended after %s)",
					k.name, r.example("done", k.name), r.since(r.exit.At)))
			}
			return r.fail(t, grade.Errorf("task %s started but never finished: no line like %q within %s",
				k.name, r.example("done", k.name), multiSecs(multiRunLimit)))
		}
		if l := r.life(k.name); l != nil && !l.EndedBy.IsZero() && l.Lasted() < k.dur-multiLifeTolerance {
			return r.fail(t, grade.Errorf("task %s's process (pid %d) lived only %s by the process table, from its start until it was seen ended; its task takes %s: it must sleep the whole time",
				k.name, l.PID, multiSecs(l.Lasted()), multiDur(k.dur)))
		}
		if took := d.at.Sub(s.at); took < k.dur-multiTolerance {
			return r.fail(t, grade.Errorf("task %s took %s from its start line to its done line, want at least %s: it must sleep its whole %s",
				k.name, multiSecs(took), multiSecs(k.dur-multiTolerance), multiDur(k.dur)))
		}
	}
	return nil
}

// multiDur is a set duration, "3 s" or "3 秒".
func multiDur(d time.Duration) i18n.Msg { return grade.Seconds(fmt.Sprintf("%g", d.Seconds())) }

func checkMultiOverlap(t *grade.T, mode string) error {
	r, err := runMultitask(t, mode)
	if err != nil {
		return err
	}
	for _, k := range multiTasks {
		if _, ok := r.start[k.name]; !ok {
			return r.fail(t, grade.Errorf("task %s never started: no line like %q", k.name, r.example("start", k.name)))
		}
	}
	// Each task's interval runs from its start line to its done line; a task
	// that never finished is open-ended. The two must overlap.
	a, b := multiTasks[0].name, multiTasks[1].name
	first, second := a, b
	if r.start[b].at.Before(r.start[a].at) {
		first, second = b, a
	}
	if d, ok := r.done[first]; ok && !r.start[second].at.Before(d.at) {
		return r.fail(t, grade.Errorf("the tasks ran one after the other: task %s started at %s, when task %s had already finished at %s (times from your program's start)",
			second, r.since(r.start[second].at), first, r.since(d.at)))
	}
	// With processes, the table tells when each child ran: one must start
	// before a sample that still shows the other running.
	la, lb := r.life(a), r.life(b)
	if la != nil && lb != nil && !la.LastAlive.IsZero() && !lb.LastAlive.IsZero() &&
		!(lb.First.Start.Before(la.LastAlive) && la.First.Start.Before(lb.LastAlive)) {
		return r.fail(t, grade.Errorf("the processes of tasks %s (pid %d) and %s (pid %d) never ran at the same time, by the process table: the second started after the first had ended",
			a, la.PID, b, lb.PID))
	}
	return nil
}

func checkMultiWallTime(t *grade.T, mode string) error {
	r, err := runMultitask(t, mode)
	if err != nil {
		return err
	}
	if r.exit == nil {
		return r.fail(t, grade.Errorf("your program was still running %s after it started; both tasks together should take about 3 s", multiSecs(multiRunLimit)))
	}
	wall := r.exit.At.Sub(r.started)
	switch {
	case wall < multiMinWall:
		return r.fail(t, grade.Errorf("your program ended after %s, before the 3 s task could have finished: want between %s and %s", multiSecs(wall), multiDur(multiMinWall), multiDur(multiMaxWall)))
	case wall >= multiMaxWall:
		return r.fail(t, grade.Errorf("your program took %s, want less than %s: one after the other, 3 s + 2 s takes 5 s; at the same time about 3 s", multiSecs(wall), multiDur(multiMaxWall)))
	}
	return nil
}

func checkMultiWaits(t *grade.T, mode string) error {
	r, err := runMultitask(t, mode)
	if err != nil {
		return err
	}
	if len(r.start) == 0 {
		return r.fail(t, grade.Errorf("no task started: no line like %q", r.example("start", "A")))
	}
	if r.exit == nil {
		return r.fail(t, grade.Errorf("your program did not end within %s", multiSecs(multiRunLimit)))
	}
	for _, k := range multiTasks {
		if l := r.life(k.name); l != nil && l.Adopted {
			state := i18n.M("running")
			if l.AdoptedZombie {
				state = i18n.M("zombie")
			}
			return r.fail(t, grade.Errorf("when your program ended, the process of task %s (pid %d) was still in the process table (%s): your program did not wait for it, and the checker adopted it. Call cmd.Wait() for every child",
				k.name, l.PID, state))
		}
	}
	for _, k := range multiTasks {
		if _, started := r.start[k.name]; !started {
			continue // a task that never started is graded by the -complete check
		}
		d, ok := r.done[k.name]
		if !ok {
			return r.fail(t, grade.Errorf("your program ended (%s) after %s, but task %s never printed %q: main returned without waiting for it",
				*r.exit, r.since(r.exit.At), k.name, r.example("done", k.name)))
		}
		if late := d.at.Sub(r.exit.At); late > multiExitSlack {
			return r.fail(t, grade.Errorf("task %s printed %q %s after your program had ended: main did not wait for it",
				k.name, d.text, multiSecs(late)))
		}
	}
	return nil
}

func checkMultiChildren(t *grade.T) error {
	r, err := runMultitask(t, "processes")
	if err != nil {
		return err
	}
	if len(r.start) == 0 {
		return r.fail(t, grade.Errorf("no task started: no line like %q", r.example("start", "A")))
	}
	pids := map[int]bool{}
	for _, k := range multiTasks {
		s, ok := r.start[k.name]
		if !ok {
			continue // graded by processes-complete
		}
		seen := r.seen[k.name]
		switch {
		case s.pid == 0:
			return r.fail(t, grade.Errorf("the line %q has no pid=N: each task prints the pid of the process that runs it (os.Getpid())", s.text))
		case s.pid == r.pid:
			return r.fail(t, grade.Errorf("task %s ran in your program itself (pid=%d is your program's pid): start a child process for it", k.name, s.pid))
		case pids[s.pid]:
			return r.fail(t, grade.Errorf("tasks A and B both report pid=%d: each task needs a child process of its own", s.pid))
		case !seen.found:
			t.Attach(i18n.M("processes when task %s started", k.name), seen.tree)
			return r.fail(t, grade.Errorf("task %s reported pid=%d, but there was no process %d in the process table when its start line arrived", k.name, s.pid, s.pid))
		case seen.proc.PPID != r.pid && seen.proc.PPID != r.self:
			// A child whose parent has already ended (a program that did
			// not wait) is adopted by the checker; it is still a child
			// process, and -waits grades the missing wait.
			t.Attach(i18n.M("processes when task %s started", k.name), seen.tree)
			return r.fail(t, grade.Errorf("process %d (task %s) has parent %d, want your program (pid %d)", s.pid, k.name, seen.proc.PPID, r.pid))
		case !seen.proc.Exe.IsZero() && !seen.prog.Exe.IsZero() && seen.proc.Exe != seen.prog.Exe:
			t.Attach(i18n.M("processes when task %s started", k.name), seen.tree)
			return r.fail(t, grade.Errorf("task %s ran in process %d, which runs %s, not your program (%s): each task runs in a copy of your program, exec.Command(exe, \"task\", name) with exe from os.Executable()",
				k.name, s.pid, exeName(seen.proc), exeName(seen.prog)))
		}
		pids[s.pid] = true
	}
	return nil
}

// exeName names what a process runs, for messages: the executable's path
// where the process table says, else its command name.
func exeName(p proc.Process) string {
	if p.ExePath != "" {
		return p.ExePath
	}
	return p.Comm
}
