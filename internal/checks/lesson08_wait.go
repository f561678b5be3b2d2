package checks

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/proc"
)

// Wait grades lesson 08: `wait MS:RESULT...` starts one child per task,
// reaps each with Wait4(-1) as it finishes, and reports its status.
//
// One run is graded by every check. While it runs the checker samples the
// process table (which pids really were the program's children); at the
// program's "checkpoint reaped", once every child must have ended, it looks
// for children left behind and reads the program's own CPU time.
func Wait() grade.Suite {
	return grade.Suite{Checks: []grade.Check{
		{
			ID: "started", Title: "starts one child per task and reports its real pid", Points: 1, Timeout: waitTimeout,
			Hint: "Call startChild once per task, all before the first wait, and print \"started task=K pid=P\" with the pid it returns.",
			Run:  checkWaitStarted,
		},
		{
			ID: "reaps-each-once", Title: "reaps every child exactly once", Points: 2, Timeout: waitTimeout,
			Hint: "Call syscall.Wait4(-1, &ws, 0, nil) once per child you started, and print \"reaped pid=P ...\" with the pid it returns.",
			Run:  checkWaitReapsEachOnce,
		},
		{
			ID: "completion-order", Title: "reaps the children in the order they finish", Points: 2, Timeout: waitTimeout,
			Hint: "Wait4(-1, ...) returns whichever child ends first; Wait4(pid, ...) in start order makes the parent wait for a slow child while faster ones are already done.",
			Run:  checkWaitOrder,
		},
		{
			ID: "statuses", Title: "reports each child's exit status or signal", Points: 2, Timeout: waitTimeout,
			Hint: "ws.Exited() and ws.ExitStatus() give the exit status (WEXITSTATUS); ws.Signaled() and int(ws.Signal()) the signal that ended it (WTERMSIG).",
			Run:  checkWaitStatuses,
		},
		{
			ID: "no-zombies", Title: "leaves no zombie behind", Points: 2, Timeout: waitTimeout,
			Hint: "Every child that ends stays a zombie until its parent waits for it: one Wait4 per child, before the checkpoint.",
			Run:  checkWaitNoZombies,
		},
		{
			ID: "blocks", Title: "blocks in wait instead of spinning", Points: 1, Timeout: waitTimeout,
			Hint: "Wait4 with options 0 sleeps until a child ends; a loop around Wait4(-1, &ws, syscall.WNOHANG, nil) keeps a CPU busy the whole time.",
			Run:  checkWaitBlocks,
		},
	}}
}

func init() {
	i18n.Register(map[string]string{
		"starts one child per task and reports its real pid":                                                                                                           "每个任务启动一个子进程，并报告它真实的进程号",
		"Call startChild once per task, all before the first wait, and print \"started task=K pid=P\" with the pid it returns.":                                        "每个任务调用一次 startChild，全部启动之后才开始等待；用它返回的进程号打印 `started task=K pid=P`。",
		"reaps every child exactly once":                                                                                                                               "每个子进程都回收，而且只回收一次",
		"Call syscall.Wait4(-1, &ws, 0, nil) once per child you started, and print \"reaped pid=P ...\" with the pid it returns.":                                      "启动了几个子进程，就调用几次 syscall.Wait4(-1, &ws, 0, nil)（要在全部启动之后），每次用它返回的进程号打印 `reaped pid=P ...`。",
		"reaps the children in the order they finish":                                                                                                                  "子进程谁先结束就先回收谁",
		"Wait4(-1, ...) returns whichever child ends first; Wait4(pid, ...) in start order makes the parent wait for a slow child while faster ones are already done.": "Wait4(-1, ...) 返回最先结束的那个子进程；按启动顺序调用 Wait4(pid, ...)，父进程会守着一个慢的子进程干等，而快的早就结束了。",
		"reports each child's exit status or signal":                                                                                                                   "报告每个子进程的退出状态或信号",
		"ws.Exited() and ws.ExitStatus() give the exit status (WEXITSTATUS); ws.Signaled() and int(ws.Signal()) the signal that ended it (WTERMSIG).":                  "ws.Exited() 和 ws.ExitStatus() 给出退出状态（WEXITSTATUS）；ws.Signaled() 和 int(ws.Signal()) 给出结束它的信号（WTERMSIG）。",
		"leaves no zombie behind": "不留下僵尸进程",
		"Every child that ends stays a zombie until its parent waits for it: one Wait4 per child, before the checkpoint.": "子进程结束后一直是僵尸，直到父进程等待它：检查点之前，每个子进程都要有一次 Wait4。",
		"blocks in wait instead of spinning": "在 wait 里阻塞，而不是空转",
		"Wait4 with options 0 sleeps until a child ends; a loop around Wait4(-1, &ws, syscall.WNOHANG, nil) keeps a CPU busy the whole time.": "选项为 0 的 Wait4 会一直睡到有子进程结束；反复调用 Wait4(-1, &ws, syscall.WNOHANG, nil) 的循环则自始至终占着一个 CPU。",

		"the tasks the checker gave (task, time, end, pid)":                                                                                      "检查器给出的任务（任务、时长、结束方式、进程号）",
		"no line like %q: print one for each child as you start it":                                                                              "没有 %q 这样的行：每启动一个子进程就打印一行",
		"no line %q for task %d (%s)":                                                                                                            "任务 %[2]d（%[3]s）没有 %[1]q 这一行",
		"task %d is reported started %d times, want once":                                                                                        "任务 %d 被报告启动了 %d 次，应该只有一次",
		"%q: pid %d was never seen in the process table as a child of your program (pid %d)":                                                     "%q：进程表里从来没有看到 %d 号进程是你的程序（进程号 %d）的子进程",
		"your program had a child, pid %d, that no \"started\" line names":                                                                       "你的程序有一个子进程，进程号 %d，但没有哪一行 `started` 提到它",
		"the checker saw no child of your program (pid %d) in the process table: start one per task":                                             "检查器在进程表里没有看到你的程序（进程号 %d）的任何子进程：每个任务要启动一个",
		"%s was never reported reaped: want one line %q":                                                                                         "%s 一直没有报告被回收：应该有一行 %q",
		"%s is reported reaped %d times, want once":                                                                                              "%s 被报告回收了 %d 次，应该只有一次",
		"%q: pid %d was never a child of your program":                                                                                           "%q：%d 号进程从来不是你的程序的子进程",
		"no line like %q: print one for each child as you reap it":                                                                               "没有 %q 这样的行：每回收一个子进程就打印一行",
		"%q: no \"started\" line names pid %d, so the checker cannot tell which task it ran":                                                     "%q：没有哪一行 `started` 提到 %d 号进程，检查器不知道它做的是哪个任务",
		"only %d child reported reaped: the order needs at least two":                                                                            "只有 %d 个子进程报告被回收：要判断顺序，至少需要两个",
		"reaped in the order %s, but task %d had ended while task %d still ran (the process table showed it); want the order they finish in: %s": "回收的顺序是 %[1]s，但任务 %[2]d 结束时任务 %[3]d 还在运行（进程表上看得到）；应该按结束的先后回收：%[4]s",
		"%q: got %q, want %q (task %d: %s)":                                                                                                      "%q：得到的是 %q，应为 %q（任务 %d：%s）",
		"%s is still a zombie under your program at %q: it ended but was never reaped":                                                           "到 %[2]q 时，%[1]s 还是你的程序下面的僵尸：它已经结束，却一直没有被回收",
		"%s is still running under your program at %q, %s after its task should have ended":                                                      "到 %[2]q 时，%[1]s 还在你的程序下面运行，比它的任务应该结束的时间晚了 %[3]s",
		"your program used %s of CPU time while its children slept %s: it spins, polling instead of blocking; want under %s":                     "子进程睡了 %[2]s，你的程序却用了 %[1]s的 CPU 时间：它在空转轮询，而不是阻塞等待；应少于 %[3]s",
		"the checker could not find your program (pid %d) in the process table at its checkpoint":                                                "到检查点时，检查器在进程表里找不到你的程序（进程号 %d）",
		"CPU time your program used by %q":                                                                                                       "到 %q 为止你的程序用掉的 CPU 时间",
		"%d ms, then exit %d":                                                                                                                    "%d 毫秒，然后以退出状态 %d 退出",
		"%d ms, then SIG%s":                                                                                                                      "%d 毫秒，然后给自己发 SIG%s",
		"task %d":                                                                                                                                "任务 %d",
		"pid %s":                                                                                                                                 "进程号 %s",
		"pid %d":                                                                                                                                 "进程号 %d",
		"pid %d (task %d: %s)":                                                                                                                   "进程号 %d（任务 %d：%s）",
		"%s (limit %s)":                                                                                                                          "%s（上限 %s）",
		"processes at %q (pid, command, state)":                                                                                                  "%q 时的进程（进程号、命令、状态）",
		"%s and %s never ran at the same time: the second started only after the first had ended (the process table showed it). Start every child before you wait for any":                                    "%s 和 %s 从未同时运行：进程表显示，后一个直到前一个结束之后才启动。先启动全部子进程，再等待其中任何一个",
		"your program ignores SIGCHLD (signal.Ignore): the kernel removed each child as it ended, so no Wait4 returned it, and %q was not read from one. Reap each child with syscall.Wait4(-1, &ws, 0, nil)": "你的程序忽略了 SIGCHLD（signal.Ignore）：每个子进程一结束就被内核清除了，没有任何 Wait4 返回过它，所以 %q 不是从 Wait4 读到的。请用 syscall.Wait4(-1, &ws, 0, nil) 回收每个子进程",
		"%q reached the checker while %s was still in the process table under your program, not yet reaped: print the line after Wait4 has returned the child":                                                "%q 到达检查器时，%s 还在进程表中你的程序下面，尚未被回收：要在 Wait4 返回这个子进程之后再打印这一行",
		"%q: your program ended without reaping %s, and the checker adopted it":                                                                                                                               "%q：你的程序没有回收 %s 就结束了，检查器收养了它",
	})
}

// waitTimeout bounds each check: the run takes about 1.5 s.
const waitTimeout = 20 * time.Second

// waitCPULimit is the most CPU time the parent may use. Blocking in Wait4
// the whole run costs less than the 0.01 s /proc can show; polling with
// WNOHANG for the 0.8-1.4 s the children sleep cost 0.7-1.1 s with the
// other core busy, and still 0.2-0.3 s beside three busy loops (measured).
const waitCPULimit = 150 * time.Millisecond

// waitOrderGap is how long one child must have been collectable while
// another still ran for the order of their "reaped" lines to be graded: a
// parent that a busy machine leaves unscheduled for a moment may find both
// ended and collect either first. Tasks end about 0.25 s apart.
const waitOrderGap = 60 * time.Millisecond

// waitStartSlack allows for start times truncated to the 10 ms clock tick.
const waitStartSlack = 20 * time.Millisecond

// waitTask is one task the checker gives: sleep ms, then exit with code or
// die of sig.
type waitTask struct {
	ms   int
	code int
	sig  syscall.Signal // 0: exits with code
}

func (w waitTask) arg() string {
	switch w.sig {
	case syscall.SIGKILL:
		return fmt.Sprintf("%d:KILL", w.ms)
	case syscall.SIGTERM:
		return fmt.Sprintf("%d:TERM", w.ms)
	}
	return fmt.Sprintf("%d:%d", w.ms, w.code)
}

// want is the status part of the reaped line the task must get.
func (w waitTask) want() string {
	if w.sig != 0 {
		return fmt.Sprintf("signal=%d", int(w.sig))
	}
	return fmt.Sprintf("exit=%d", w.code)
}

// In describes the task for the failure details, in l: "550 ms, then exit 7".
func (w waitTask) In(l i18n.Lang) string {
	if w.sig != 0 {
		return i18n.M("%d ms, then SIG%s", w.ms, strings.TrimPrefix(w.arg(), strconv.Itoa(w.ms)+":")).In(l)
	}
	return i18n.M("%d ms, then exit %d", w.ms, w.code).In(l)
}

// String describes the task in English.
func (w waitTask) String() string { return w.In(i18n.En) }

// waitReaped is one "reaped" line.
type waitReaped struct {
	text  string
	at    time.Time // when the line reached the checker
	pid   int
	kind  string // "exit" or "signal"
	value string
}

type waitRun struct {
	tasks    []waitTask
	pid      int            // the program
	taskOf   map[int]int    // child pid → task index, from the "started" lines
	started  map[int][]int  // task index → pids reported for it
	children map[int]bool   // pids seen in the table as the program's children
	reaped   []waitReaped   // in the order printed
	end      proc.Snapshot  // the table at the checkpoint, every child due
	cpu      time.Duration  // the program's own CPU time at the checkpoint
	late     time.Duration  // how long after the longest task the end snapshot was taken
	layout   i18n.Localizer // the tasks, for failure messages
	alive    map[int]int    // child pid → index of the last sample that showed it running
	ended    map[int]int    // child pid → index of the first later sample that showed it ended
	snapAt   []time.Time    // when each sample was taken
	lives    map[int]*procLife
	// ignoresChld says the program ignored SIGCHLD: the kernel reaped its
	// children, and no wait of its own returned them.
	ignoresChld bool
	// noCheckpoint is why the program never reached "checkpoint reaped";
	// the checks that need the checkpoint fail with it.
	noCheckpoint error
}

var (
	waitStartedRe = regexp.MustCompile(`^started\s+task=(\d+)\s+pid=(\d+)\b`)
	waitReapedRe  = regexp.MustCompile(`^reaped\s+pid=(\d+)\s+(exit|signal)=(\S+)`)
)

const waitCheckpoint = "checkpoint reaped"

// runWait runs the program once over random tasks and records what every
// lesson-08 check grades.
func runWait(t *grade.T) (*waitRun, error) {
	return grade.Once(t, "wait", func(t *grade.T) (*waitRun, error) {
		r := &waitRun{taskOf: map[int]int{}, started: map[int][]int{}, children: map[int]bool{}}
		n := 3 + t.Rand.Intn(3)
		// Durations 250 ms apart (less a little jitter), so that the order
		// they finish in is the order of their durations even on a busy
		// machine; shuffled so that start order is never finish order.
		ms := make([]int, n)
		for i := range ms {
			ms[i] = 300 + 250*i + t.Rand.Intn(50)
		}
		for sort.IntsAreSorted(ms) {
			t.Rand.Shuffle(n, func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
		}
		codes := t.Rand.Perm(100)
		killed := t.Rand.Intn(n)
		args := make([]string, n)
		for i := range ms {
			w := waitTask{ms: ms[i], code: codes[i]}
			if i == killed {
				w.sig = syscall.SIGKILL
				if t.Rand.Intn(2) == 0 {
					w.sig = syscall.SIGTERM
				}
			}
			r.tasks = append(r.tasks, w)
			args[i] = w.arg()
		}
		longest := time.Duration(300+250*(n-1)+50) * time.Millisecond

		table := startTableLog(t, 20*time.Millisecond)
		p, err := t.Start(args...)
		if err != nil {
			table.Stop()
			return nil, err
		}
		r.pid = p.PID()
		defer func() {
			r.layout = localized(r.describe)
			t.Attach(i18n.M("the tasks the checker gave (task, time, end, pid)"), r.layout)
		}()
		if _, _, err := p.Expect("^" + waitCheckpoint); err != nil {
			// Grade what the program did print; the checks that need
			// the checkpoint fail with this error.
			snaps, terr := table.Stop()
			if terr != nil {
				return nil, terr
			}
			r.noCheckpoint = err
			r.record(table, snaps, p.Lines())
			return r, nil
		}
		// Every child is due by now, or soon: give stragglers time, then
		// look at what is left under the program.
		due := p.Started.Add(longest + 700*time.Millisecond)
		if d := time.Until(due); d > 0 {
			if err := t.Sleep(d); err != nil {
				table.Stop()
				return nil, err
			}
		}
		snaps, err := table.Stop()
		if err != nil {
			return nil, err
		}
		r.end = snaps[len(snaps)-1]
		r.late = r.end.Taken.Sub(p.Started) - longest
		me, ok := r.end.Get(r.pid)
		if !ok {
			return nil, grade.Errorf("the checker could not find your program (pid %d) in the process table at its checkpoint", r.pid)
		}
		r.cpu = me.CPU
		if err := p.Send(""); err != nil {
			return nil, err
		}
		if _, err := p.Wait(); err != nil {
			return nil, err
		}
		r.record(table, snaps, p.Lines())
		return r, nil
	})
}

// record reads the table samples and the program's output.
func (r *waitRun) record(table *tableLog, snaps []proc.Snapshot, lines []grade.Line) {
	for pid := range table.children(snaps, r.pid) {
		r.children[pid] = true
	}
	r.lives = table.Lives(r.pid)
	r.ignoresChld = ignoresSIGCHLD(snaps, r.pid)
	// When each child ended, as the samples saw it: the last sample that
	// showed it not yet collectable (running, or still exiting), and the
	// first after that showed it a zombie a wait could collect, or gone.
	r.snapAt = nil
	r.alive, r.ended = map[int]int{}, map[int]int{}
	for i, s := range snaps {
		r.snapAt = append(r.snapAt, s.Taken)
		for pid := range r.children {
			if c, ok := s.Get(pid); ok && !table.Waitable(i, c) {
				r.alive[pid] = i
				continue
			}
			_, seen := r.alive[pid]
			_, done := r.ended[pid]
			if seen && !done {
				r.ended[pid] = i
			}
		}
	}
	n := len(r.tasks)
	for _, l := range lines {
		if l.Stream != grade.Stdout {
			continue
		}
		line := l.Text
		if m := waitStartedRe.FindStringSubmatch(line); m != nil {
			k, _ := strconv.Atoi(m[1])
			pid, _ := strconv.Atoi(m[2])
			r.started[k-1] = append(r.started[k-1], pid)
			if k >= 1 && k <= n {
				r.taskOf[pid] = k - 1
			}
		}
		if m := waitReapedRe.FindStringSubmatch(line); m != nil {
			pid, _ := strconv.Atoi(m[1])
			r.reaped = append(r.reaped, waitReaped{text: strings.TrimSpace(line), at: l.At, pid: pid, kind: m[2], value: m[3]})
		}
	}
}

// describe draws the tasks the checker gave, in l.
func (r *waitRun) describe(l i18n.Lang) string {
	width := 0
	for _, w := range r.tasks {
		width = max(width, textWidth(w.In(l)))
	}
	var b strings.Builder
	for i, w := range r.tasks {
		pid := "?"
		if pids := r.started[i]; len(pids) > 0 {
			pid = strconv.Itoa(pids[0])
		}
		desc := w.In(l)
		fmt.Fprintf(&b, "%s  %s%s  %s\n", i18n.M("task %d", i+1).In(l), desc,
			strings.Repeat(" ", width-textWidth(desc)), i18n.M("pid %s", pid).In(l))
	}
	return strings.TrimRight(b.String(), "\n")
}

// who names a child for a message: "pid 4712 (task 2: 550 ms, then exit 7)".
func (r *waitRun) who(pid int) i18n.Msg {
	if k, ok := r.taskOf[pid]; ok {
		return i18n.M("pid %d (task %d: %s)", pid, k+1, r.tasks[k])
	}
	return i18n.M("pid %d", pid)
}

func waitPIDs(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for pid := range m {
		out = append(out, pid)
	}
	sort.Ints(out)
	return out
}

func checkWaitStarted(t *grade.T) error {
	r, err := runWait(t)
	if err != nil {
		return err
	}
	if len(r.started) == 0 {
		return grade.Errorf("no line like %q: print one for each child as you start it", "started task=1 pid=…")
	}
	for i, w := range r.tasks {
		pids := r.started[i]
		switch {
		case len(pids) == 0:
			return grade.Errorf("no line %q for task %d (%s)", fmt.Sprintf("started task=%d pid=…", i+1), i+1, w)
		case len(pids) > 1:
			return grade.Errorf("task %d is reported started %d times, want once", i+1, len(pids))
		case !r.children[pids[0]]:
			return grade.Errorf("%q: pid %d was never seen in the process table as a child of your program (pid %d)", fmt.Sprintf("started task=%d pid=%d", i+1, pids[0]), pids[0], r.pid)
		}
	}
	for _, pid := range waitPIDs(r.children) {
		if _, ok := r.taskOf[pid]; !ok {
			return grade.Errorf("your program had a child, pid %d, that no \"started\" line names", pid)
		}
	}
	if err := r.together(); err != nil {
		return err
	}
	return r.noCheckpoint
}

// together fails when the process table shows two children that did not
// run at the same time: the second started no earlier than the first one's
// task could have ended (start times are precise to 10 ms), and no sample
// showed the first still running after the second had started. Children
// started together start within tens of milliseconds of each other, and
// every task lasts 0.3 s or more, so a busy machine that samples slowly
// cannot make a right program look sequential.
func (r *waitRun) together() error {
	pids := waitPIDs(r.children)
	for _, a := range pids {
		for _, b := range pids {
			la, lb := r.lives[a], r.lives[b]
			k, ok := r.taskOf[a]
			if a == b || la == nil || lb == nil || !ok || !la.First.Start.Before(lb.First.Start) {
				continue
			}
			due := la.First.Start.Add(time.Duration(r.tasks[k].ms)*time.Millisecond - waitStartSlack)
			if lb.First.Start.Before(due) || lb.First.Start.Before(la.LastAlive) {
				continue
			}
			return grade.Errorf("%s and %s never ran at the same time: the second started only after the first had ended (the process table showed it). Start every child before you wait for any", r.who(a), r.who(b))
		}
	}
	return nil
}

// fromWait fails a reaped line that no wait of the program returned: the
// program ignored SIGCHLD (the kernel reaped the children), the line reached
// the checker while its child was still in the table under the program, or
// the program ended without reaping the child.
func (r *waitRun) fromWait(l waitReaped) error {
	if r.ignoresChld {
		return grade.Errorf("your program ignores SIGCHLD (signal.Ignore): the kernel removed each child as it ended, so no Wait4 returned it, and %q was not read from one. Reap each child with syscall.Wait4(-1, &ws, 0, nil)", l.text)
	}
	life := r.lives[l.pid]
	if life == nil {
		return nil
	}
	if l.at.Before(life.LastUnder) {
		return grade.Errorf("%q reached the checker while %s was still in the process table under your program, not yet reaped: print the line after Wait4 has returned the child", l.text, r.who(l.pid))
	}
	if life.Adopted {
		return grade.Errorf("%q: your program ended without reaping %s, and the checker adopted it", l.text, r.who(l.pid))
	}
	return nil
}

func checkWaitReapsEachOnce(t *grade.T) error {
	r, err := runWait(t)
	if err != nil {
		return err
	}
	if len(r.children) == 0 {
		return grade.Errorf("the checker saw no child of your program (pid %d) in the process table: start one per task", r.pid)
	}
	count := map[int]int{}
	for _, l := range r.reaped {
		if !r.children[l.pid] {
			return grade.Errorf("%q: pid %d was never a child of your program", l.text, l.pid)
		}
		if err := r.fromWait(l); err != nil {
			return err
		}
		count[l.pid]++
	}
	for _, pid := range waitPIDs(r.children) {
		switch n := count[pid]; {
		case n == 0:
			return grade.Errorf("%s was never reported reaped: want one line %q", r.who(pid), fmt.Sprintf("reaped pid=%d …", pid))
		case n > 1:
			return grade.Errorf("%s is reported reaped %d times, want once", r.who(pid), n)
		}
	}
	return r.noCheckpoint
}

// reapedTasks maps the reaped lines to tasks, in the order printed, each
// child once.
func (r *waitRun) reapedTasks() ([]int, error) {
	if len(r.reaped) == 0 {
		return nil, grade.Errorf("no line like %q: print one for each child as you reap it", "reaped pid=P exit=N")
	}
	var order []int
	seen := map[int]bool{}
	for _, l := range r.reaped {
		if !r.children[l.pid] || seen[l.pid] {
			continue // graded by reaps-each-once
		}
		seen[l.pid] = true
		k, ok := r.taskOf[l.pid]
		if !ok {
			return nil, grade.Errorf("%q: no \"started\" line names pid %d, so the checker cannot tell which task it ran", l.text, l.pid)
		}
		order = append(order, k)
	}
	return order, nil
}

func checkWaitOrder(t *grade.T) error {
	r, err := runWait(t)
	if err != nil {
		return err
	}
	got, err := r.reapedTasks()
	if err != nil {
		return err
	}
	if len(got) < 2 {
		return grade.Errorf("only %d child reported reaped: the order needs at least two", len(got))
	}
	// The order to match is the order the children really ended in, as
	// the table showed it; on a quiet machine it is the order of their
	// times, which the message offers as the expected one.
	want := append([]int(nil), got...)
	sort.Slice(want, func(i, j int) bool { return r.tasks[want[i]].ms < r.tasks[want[j]].ms })
	pidOf := map[int]int{}
	for pid, k := range r.taskOf {
		pidOf[k] = pid
	}
	for i := range got {
		for j := i + 1; j < len(got); j++ {
			early, late := pidOf[got[j]], pidOf[got[i]]
			e, ok1 := r.ended[early]
			a, ok2 := r.alive[late]
			// Sample e showed the early one ended, and sample a,
			// taken at least waitOrderGap later, still showed the
			// late one running: a parent waiting in Wait4(-1) had
			// that long to collect the early one first.
			if ok1 && ok2 && e < a && r.snapAt[a].Sub(r.snapAt[e]) >= waitOrderGap {
				return grade.Errorf("reaped in the order %s, but task %d had ended while task %d still ran (the process table showed it); want the order they finish in: %s",
					r.taskList(got), got[j]+1, got[i]+1, r.taskList(want))
			}
		}
	}
	return r.noCheckpoint
}

func (r *waitRun) taskList(ks []int) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		parts[i] = fmt.Sprintf("task %d (%d ms)", k+1, r.tasks[k].ms)
	}
	return strings.Join(parts, ", ")
}

func checkWaitStatuses(t *grade.T) error {
	r, err := runWait(t)
	if err != nil {
		return err
	}
	if _, err := r.reapedTasks(); err != nil {
		return err
	}
	for _, l := range r.reaped {
		k, ok := r.taskOf[l.pid]
		if !ok {
			continue
		}
		if err := r.fromWait(l); err != nil {
			return err
		}
		w := r.tasks[k]
		got := l.kind + "=" + l.value
		if l.kind == "signal" {
			got = "signal=" + waitSignalNumber(l.value)
		}
		if got != w.want() {
			return grade.Errorf("%q: got %q, want %q (task %d: %s)", l.text, l.kind+"="+l.value, w.want(), k+1, w)
		}
	}
	return r.noCheckpoint
}

// waitSignalNumber turns the ways a signal may be printed (9, KILL, SIGKILL,
// killed) into its number.
func waitSignalNumber(s string) string {
	switch strings.ToUpper(strings.TrimPrefix(strings.ToUpper(s), "SIG")) {
	case "KILL", "KILLED":
		return strconv.Itoa(int(syscall.SIGKILL))
	case "TERM", "TERMINATED":
		return strconv.Itoa(int(syscall.SIGTERM))
	}
	return s
}

func checkWaitNoZombies(t *grade.T) error {
	r, err := runWait(t)
	if err != nil {
		return err
	}
	if r.noCheckpoint != nil {
		return r.noCheckpoint
	}
	for _, c := range r.end.Children(r.pid) {
		t.Attach(i18n.M("processes at %q (pid, command, state)", waitCheckpoint), t.Picture(r.end))
		if c.State == proc.Zombie {
			return grade.Errorf("%s is still a zombie under your program at %q: it ended but was never reaped", r.who(c.PID), waitCheckpoint)
		}
		return grade.Errorf("%s is still running under your program at %q, %s after its task should have ended", r.who(c.PID), waitCheckpoint, waitSeconds(r.late))
	}
	return nil
}

func checkWaitBlocks(t *grade.T) error {
	r, err := runWait(t)
	if err != nil {
		return err
	}
	if r.noCheckpoint != nil {
		return r.noCheckpoint
	}
	t.Attach(i18n.M("CPU time your program used by %q", waitCheckpoint), i18n.M("%s (limit %s)", waitSeconds(r.cpu), waitSeconds(waitCPULimit)))
	if r.cpu >= waitCPULimit {
		longest := 0
		for _, w := range r.tasks {
			longest = max(longest, w.ms)
		}
		return grade.Errorf("your program used %s of CPU time while its children slept %s: it spins, polling instead of blocking; want under %s",
			waitSeconds(r.cpu), waitSeconds(time.Duration(longest)*time.Millisecond), waitSeconds(waitCPULimit))
	}
	return nil
}

// waitSeconds writes d in seconds to two places, "0.35 s" or "0.35 秒".
func waitSeconds(d time.Duration) i18n.Msg {
	return grade.Seconds(fmt.Sprintf("%.2f", d.Seconds()))
}
