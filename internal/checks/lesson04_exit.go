package checks

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/proc"
)

// Exit grades lesson 04: `exit CODE BIG` starts five children that end in
// five ways (return, os.Exit(CODE), log.Fatal, os.Exit(BIG), SIGKILL),
// pauses at "checkpoint started" while all five are still in the process
// table, then waits for each and reports how it ended. CODE and BIG are
// chosen at random, so a report can only be right if it comes from the
// child's real status.
func Exit() grade.Suite {
	return grade.Suite{Checks: []grade.Check{
		{
			ID: "real-children", Title: "reports five real children by their pids", Points: 1, Timeout: exitTimeout,
			Hint: "Start all five children before \"checkpoint started\" and wait for them after it; report each one's pid from cmd.Process.Pid.",
			Run:  checkExitChildren,
		},
		{
			ID: "return", Title: "returning from main gives status 0", Points: 1, Timeout: exitTimeout,
			Hint: "Returning from main is the normal end of a Go program: status 0. Report cmd.ProcessState.ExitCode() after cmd.Wait().",
			Run:  exitWay("return"),
		},
		{
			ID: "exit", Title: "os.Exit(CODE) gives status CODE", Points: 2, Timeout: exitTimeout,
			Hint: "The child calls os.Exit(CODE) with the CODE from the arguments; the parent reads it back with cmd.ProcessState.ExitCode().",
			Run:  exitWay("exit"),
		},
		{
			ID: "fatal", Title: "log.Fatal gives a message on stderr and status 1", Points: 1, Timeout: exitTimeout,
			Hint: "log.Fatal(\"giving up\") is Python's sys.exit(\"giving up\"): the message goes to stderr, the status is 1. Give the child os.Stderr.",
			Run:  exitWay("fatal"),
		},
		{
			ID: "low-bits", Title: "only the low 8 bits of os.Exit(BIG) arrive", Points: 2, Timeout: exitTimeout,
			Hint: "Report the status the parent gets, not the number the child passed: the kernel keeps only BIG & 0xFF (os.Exit(300) gives 44).",
			Run:  exitWay("big"),
		},
		{
			ID: "killed", Title: "a SIGKILL death is reported as a signal, not a code", Points: 2, Timeout: exitTimeout,
			Hint: "A process killed by a signal has no exit status: ExitCode() is -1. Look at cmd.ProcessState.Sys().(syscall.WaitStatus): Signaled() and Signal().",
			Run:  exitWay("kill"),
		},
	}}
}

// exitTimeout bounds each lesson-04 check; the run takes well under a second.
const exitTimeout = 15 * time.Second

// exitWays are the children the program starts, in its order.
var exitWays = []string{"return", "exit", "fatal", "big", "kill"}

// exitFatalMessage is what the fatal child must say on stderr.
const exitFatalMessage = "giving up"

func init() {
	i18n.Register(map[string]string{
		"reports five real children by their pids": "报告五个真实的子进程，给出各自的进程号",
		"Start all five children before \"checkpoint started\" and wait for them after it; report each one's pid from cmd.Process.Pid.": "在 `checkpoint started` 之前把五个子进程全部启动，之后再去等待它们；每个子进程的进程号取自 cmd.Process.Pid。",
		"returning from main gives status 0": "从 main 返回，退出状态为 0",
		"Returning from main is the normal end of a Go program: status 0. Report cmd.ProcessState.ExitCode() after cmd.Wait().": "从 main 返回是 Go 程序正常的结束方式，退出状态为 0。在 cmd.Wait() 之后报告 cmd.ProcessState.ExitCode()。",
		"os.Exit(CODE) gives status CODE": "os.Exit(CODE) 的退出状态为 CODE",
		"The child calls os.Exit(CODE) with the CODE from the arguments; the parent reads it back with cmd.ProcessState.ExitCode().":                       "子进程用参数里的 CODE 调用 os.Exit(CODE)，父进程用 cmd.ProcessState.ExitCode() 把它读回来。",
		"log.Fatal gives a message on stderr and status 1":                                                                                                 "log.Fatal 在标准错误上留下消息，退出状态为 1",
		"log.Fatal(\"giving up\") is Python's sys.exit(\"giving up\"): the message goes to stderr, the status is 1. Give the child os.Stderr.":             "`log.Fatal(\"giving up\")` 就相当于 Python 的 `sys.exit(\"giving up\")`：消息写到标准错误，退出状态为 1。记得把 os.Stderr 交给子进程。",
		"only the low 8 bits of os.Exit(BIG) arrive":                                                                                                       "os.Exit(BIG) 只保留低 8 位",
		"Report the status the parent gets, not the number the child passed: the kernel keeps only BIG & 0xFF (os.Exit(300) gives 44).":                    "报告父进程实际拿到的退出状态，而不是子进程传给 os.Exit 的数：内核只保留 BIG & 0xFF（os.Exit(300) 得到 44）。",
		"a SIGKILL death is reported as a signal, not a code":                                                                                              "被 SIGKILL 杀死要报告信号，而不是退出状态",
		"A process killed by a signal has no exit status: ExitCode() is -1. Look at cmd.ProcessState.Sys().(syscall.WaitStatus): Signaled() and Signal().": "被信号杀死的进程没有退出状态，ExitCode() 为 -1。要看 cmd.ProcessState.Sys().(syscall.WaitStatus) 的 Signaled() 和 Signal()。",

		"your program never printed %q: the parent must pause there, after starting its five children, so the checker can look at them": "你的程序一直没有打印 %q：父进程启动五个子进程之后，必须在那里停下来，让检查器查看它们",
		"no line like %q: the parent must report how its %s child ended":                                                                "没有 %q 这样的行：父进程要报告它的 %s 子进程是怎么结束的",
		"the %s child is reported twice, want one line for it":                                                                          "%s 子进程被报告了两次，应该只有一行",
		"the %s child's pid=%d is your program itself: each child is a process of its own":                                              "%s 子进程的 pid=%d 就是你的程序自己：每个子进程都是一个单独的进程",
		"the %s child's pid=%d was not a child of your program (pid %d) at %q; its children then were: %s":                              "%s 子进程的 pid=%d 在 %[4]q 时并不是你的程序（进程号 %[3]d）的子进程；它那时的子进程是：%[5]s",
		"the %s and %s children are both reported as pid=%d: each child has a pid of its own":                                           "%s 子进程和 %s 子进程报告的都是 pid=%d：每个子进程都有自己的进程号",
		"the %s child is reported as killed by signal %s, but it exited: want code=%d":                                                  "%s 子进程被报告为被信号 %s 杀死，但它其实是自己退出的：应为 code=%d",
		"the %s child: code=%d, want %d": "%s 子进程：code=%d，应为 %d",
		"the big child: code=%d, but os.Exit(%d) reaches the parent as %d: only the low 8 bits survive (%d & 0xFF)":                                                                                      "big 子进程：code=%d，但 os.Exit(%d) 到了父进程那里是 %d：只有低 8 位保留下来（%d & 0xFF）",
		"the fatal child exited with code=1, but nothing reached stderr with %q: log.Fatal writes its message to stderr, so give the child os.Stderr":                                                    "fatal 子进程以 code=1 退出，但标准错误上没有出现 %q：log.Fatal 把消息写到标准错误，所以要把 os.Stderr 交给子进程",
		"the kill child is reported as code=-1, but a child killed by a signal has no exit code (-1 is Go's way to say so): report %q":                                                                   "kill 子进程被报告为 code=-1，但被信号杀死的子进程没有退出状态（-1 正是 Go 表示“没有”的方式）：应报告 %q",
		"the kill child is reported as code=%d, the number a shell shows for a signal death (128 + 9), but the child did not exit: report %q":                                                            "kill 子进程被报告为 code=%d，这是 shell 对被信号杀死的进程显示的数（128 + 9），但子进程并不是自己退出的：应报告 %q",
		"the kill child is reported as code=%d, but SIGKILL killed it: report %q":                                                                                                                        "kill 子进程被报告为 code=%d，可它是被 SIGKILL 杀死的：应报告 %q",
		"your program reported %q for the %s child, but the kernel says process %d ended with %s: report the status cmd.Wait() collected, not the number you passed":                                     "你的程序对 %[2]s 子进程报告的是 %[1]q，而内核的记录是 %[3]d 号进程“%[4]s”：要报告 cmd.Wait() 取回的终止状态，而不是你交给子进程的数",
		"the kill child is reported as killed by signal %q, want %q (SIGKILL)":                                                                                                                           "kill 子进程被报告为被信号 %q 杀死，应为 %q（SIGKILL）",
		"your program ignores SIGCHLD (signal.Ignore): the kernel removed each child as it ended, so no wait could tell how it ended, and %q was not read from one. Wait for each child with cmd.Wait()": "你的程序忽略了 SIGCHLD（signal.Ignore）：每个子进程一结束就被内核清除了，任何 wait 都无法得知它是怎样结束的，所以 %q 不是从 wait 读到的。请用 cmd.Wait() 等待每个子进程",
		"the %s child (pid %d) was never reaped: when your program ended the child was still in the process table, and the checker adopted it. Report a child after cmd.Wait() has returned":             "%s 子进程（进程号 %d）从未被回收：你的程序结束时它还在进程表中，被检查器收养了。要在 cmd.Wait() 返回之后再报告子进程",
		"your program printed %q while the %s child (pid %d) was still in the process table, not yet reaped: report a child after cmd.Wait() has returned":                                               "你的程序打印 %q 时，%s 子进程（进程号 %d）还在进程表中，尚未被回收：要在 cmd.Wait() 返回之后再报告子进程",
	})
}

// exitLineRe is a report line: the way, the pid, and either code or signal.
var exitLineRe = regexp.MustCompile(`^child\s+way=(\S+)\s+pid=(-?\d+)\s+(?:code=(-?\d+)|signal=(\S+))`)

// exitReport is what the program said about one child.
type exitReport struct {
	line   string
	at     time.Time // when the line reached the checker
	pid    int
	code   int
	signal string // "" when it reported a code
}

// exitRun is one run of the program.
type exitRun struct {
	code, big int
	prog      int
	reports   map[string][]exitReport // by way
	stderr    []string
	snap      *proc.Snapshot // at "checkpoint started", once the children had ended
	// kernel holds, by pid, how each child that had ended by the
	// checkpoint ended, as the kernel keeps it for its parent (Linux).
	kernel map[int]grade.Exit
	// lives is what the process table showed of each child from the
	// checkpoint until the program had ended: when it was last seen not
	// yet reaped, and whether the checker had to adopt it.
	lives map[int]*procLife
	// ignoresChld says the program ignored SIGCHLD, so that the kernel,
	// not the program, reaped its children.
	ignoresChld bool
	protoErr    error
}

func runExit(t *grade.T) (*exitRun, error) {
	return grade.Once(t, "exit", func(t *grade.T) (*exitRun, error) {
		r := &exitRun{code: 3 + t.Rand.Intn(123), reports: map[string][]exitReport{}}
		low := 3 + t.Rand.Intn(122)
		if low >= r.code {
			low++ // never the same as CODE, so that the two cannot be swapped unseen
		}
		r.big = 256*(1+t.Rand.Intn(3)) + low
		p, err := t.Start(strconv.Itoa(r.code), strconv.Itoa(r.big))
		if err != nil {
			return nil, err
		}
		r.prog = p.PID()
		var table *tableLog
		r.protoErr = answerCheckpoints(t, p, `^checkpoint\s+(started)\b`, func(_ string, snap proc.Snapshot) {
			if r.snap == nil {
				first := snap
				r.snap = &snap
				r.kernel = exitStatuses(t, r.prog, r.snap)
				r.ignoresChld = ignoresSIGCHLD([]proc.Snapshot{first, *r.snap}, r.prog)
				// From now on the parent reaps its children: watch
				// each one leave the table.
				table = startTableLog(t, 10*time.Millisecond)
			}
		})
		if r.protoErr == nil {
			if _, err := p.Wait(); err != nil {
				r.protoErr = err
			}
		}
		if table != nil {
			// Stop takes a last sample: children the program left
			// behind now have the checker as their parent.
			snaps, err := table.Stop()
			if err != nil {
				return nil, err
			}
			r.lives = table.Lives(r.prog)
			r.ignoresChld = r.ignoresChld || ignoresSIGCHLD(snaps, r.prog)
		}
		for _, l := range p.Lines() {
			if l.Stream == grade.Stderr {
				r.stderr = append(r.stderr, l.Text)
				continue
			}
			if m := exitLineRe.FindStringSubmatch(l.Text); m != nil {
				rep := exitReport{line: m[0], at: l.At, pid: forkAtoi(m[2]), signal: m[4]}
				if m[4] == "" {
					rep.code = forkAtoi(m[3])
				}
				r.reports[m[1]] = append(r.reports[m[1]], rep)
			}
		}
		return r, nil
	})
}

// exitStatuses gives the children of prog, paused at its checkpoint, a
// moment to end on their own (they have nobody to wait for them yet, so they
// stay in the table as zombies), updates snap to show them so, and reads how
// each ended, as the kernel keeps it for the parent's wait. A child that has
// not ended within that moment is left out.
func exitStatuses(t *grade.T, prog int, snap *proc.Snapshot) map[int]grade.Exit {
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		ended := true
		for _, c := range snap.Children(prog) {
			ended = ended && c.State == proc.Zombie
		}
		if ended || t.Sleep(20*time.Millisecond) != nil {
			break
		}
		next, err := t.Snapshot()
		if err != nil {
			break
		}
		*snap = next
	}
	out := map[int]grade.Exit{}
	for _, c := range snap.Children(prog) {
		code, sig, ok := c.Ended()
		switch {
		case !ok:
		case sig != 0:
			out[c.PID] = grade.Exit{Code: -1, Signal: strconv.Itoa(sig)}
		default:
			out[c.PID] = grade.Exit{Code: code}
		}
	}
	return out
}

// reapedFirst fails a report that did not come from the parent's wait: the
// program ignored SIGCHLD (the kernel reaped the children, so no wait could
// say how they ended), the report reached the checker while the child was
// still in the table under the program, or the program ended without
// reaping the child at all.
func (r *exitRun) reapedFirst(way string, rep exitReport) error {
	if r.ignoresChld {
		return grade.Errorf("your program ignores SIGCHLD (signal.Ignore): the kernel removed each child as it ended, so no wait could tell how it ended, and %q was not read from one. Wait for each child with cmd.Wait()", rep.line)
	}
	l := r.lives[rep.pid]
	if l == nil {
		return nil // not its child: real-children says so
	}
	if l.Adopted {
		return grade.Errorf("the %s child (pid %d) was never reaped: when your program ended the child was still in the process table, and the checker adopted it. Report a child after cmd.Wait() has returned", way, rep.pid)
	}
	if rep.at.Before(l.LastUnder) {
		return grade.Errorf("your program printed %q while the %s child (pid %d) was still in the process table, not yet reaped: report a child after cmd.Wait() has returned", rep.line, way, rep.pid)
	}
	return nil
}

// againstKernel fails a report that contradicts how the kernel says the
// child ended.
func (r *exitRun) againstKernel(way string, rep exitReport) error {
	k, ok := r.kernel[rep.pid]
	if !ok {
		return nil
	}
	if (k.Signal != "") == (rep.signal != "") && (k.Signal != "" || k.Code == rep.code) {
		return nil
	}
	return grade.Errorf("your program reported %q for the %s child, but the kernel says process %d ended with %s: report the status cmd.Wait() collected, not the number you passed", rep.line, way, rep.pid, k)
}

func (r *exitRun) broken() error {
	if r.protoErr == nil {
		return nil
	}
	if grade.IsFailure(r.protoErr) {
		return r.protoErr
	}
	return grade.Errorf("the checker's run of your program went wrong: %v", r.protoErr.Error())
}

// report is the one line about the child that ends in way, or a failure.
func (r *exitRun) report(way, example string) (exitReport, error) {
	reps := r.reports[way]
	switch {
	case len(reps) == 0:
		if err := r.broken(); err != nil {
			return exitReport{}, err
		}
		return exitReport{}, grade.Errorf("no line like %q: the parent must report how its %s child ended", example, way)
	case len(reps) > 1:
		return exitReport{}, grade.Errorf("the %s child is reported twice, want one line for it", way)
	}
	return reps[0], nil
}

// exitKilled tells the ways a report may name SIGKILL: its number, as the
// lesson asks, and also Go's name for it (what ws.Signal() prints with %v),
// the C name and the shell's name.
func exitKilled(s string) bool {
	switch strings.ToLower(s) {
	case "killed", "sigkill", "kill", "9":
		return true
	}
	return false
}

func checkExitChildren(t *grade.T) error {
	r, err := runExit(t)
	if err != nil {
		return err
	}
	byPid := map[int]string{}
	for _, way := range exitWays {
		rep, err := r.report(way, fmt.Sprintf("child way=%s pid=N ...", way))
		if err != nil {
			return err
		}
		if rep.pid == r.prog {
			return grade.Errorf("the %s child's pid=%d is your program itself: each child is a process of its own", way, rep.pid)
		}
		if other, ok := byPid[rep.pid]; ok {
			return grade.Errorf("the %s and %s children are both reported as pid=%d: each child has a pid of its own", other, way, rep.pid)
		}
		byPid[rep.pid] = way
	}
	if r.snap == nil {
		if err := r.broken(); err != nil {
			return err
		}
		return grade.Errorf("your program never printed %q: the parent must pause there, after starting its five children, so the checker can look at them", "checkpoint started")
	}
	for _, way := range exitWays {
		rep := r.reports[way][0]
		if p, ok := r.snap.Get(rep.pid); !ok || p.PPID != r.prog {
			t.AttachTree(*r.snap)
			var kids []int
			for _, c := range r.snap.Children(r.prog) {
				kids = append(kids, c.PID)
			}
			var list any = forkJoin(kids)
			if len(kids) == 0 {
				list = i18n.M("none: your program had no child then")
			}
			return grade.Errorf("the %s child's pid=%d was not a child of your program (pid %d) at %q; its children then were: %s", way, rep.pid, r.prog, "checkpoint started", list)
		}
	}
	return nil
}

// exitWay grades the report on one way's child against what that child's
// status must be.
func exitWay(way string) func(*grade.T) error {
	return func(t *grade.T) error {
		r, err := runExit(t)
		if err != nil {
			return err
		}
		var want int
		switch way {
		case "return":
			want = 0
		case "exit":
			want = r.code
		case "fatal":
			want = 1
		case "big":
			want = r.big & 0xFF
		}
		example := fmt.Sprintf("child way=%s pid=N code=%d", way, want)
		if way == "kill" {
			example = "child way=kill pid=N signal=9"
		}
		rep, err := r.report(way, example)
		if err != nil {
			return err
		}
		if err := r.reapedFirst(way, rep); err != nil {
			return err
		}
		if way == "kill" {
			if err := exitCheckKilled(rep); err != nil {
				return err
			}
			return r.againstKernel(way, rep)
		}
		if rep.signal != "" {
			return grade.Errorf("the %s child is reported as killed by signal %s, but it exited: want code=%d", way, rep.signal, want)
		}
		if rep.code != want {
			if way == "big" {
				return grade.Errorf("the big child: code=%d, but os.Exit(%d) reaches the parent as %d: only the low 8 bits survive (%d & 0xFF)", rep.code, r.big, want, r.big)
			}
			return grade.Errorf("the %s child: code=%d, want %d", way, rep.code, want)
		}
		if err := r.againstKernel(way, rep); err != nil {
			return err
		}
		if way == "fatal" {
			for _, l := range r.stderr {
				if strings.Contains(l, exitFatalMessage) {
					return nil
				}
			}
			return grade.Errorf("the fatal child exited with code=1, but nothing reached stderr with %q: log.Fatal writes its message to stderr, so give the child os.Stderr", exitFatalMessage)
		}
		return nil
	}
}

func exitCheckKilled(rep exitReport) error {
	const want = "signal=9"
	if rep.signal != "" {
		if exitKilled(rep.signal) {
			return nil
		}
		return grade.Errorf("the kill child is reported as killed by signal %q, want %q (SIGKILL)", rep.signal, "9")
	}
	switch rep.code {
	case -1:
		return grade.Errorf("the kill child is reported as code=-1, but a child killed by a signal has no exit code (-1 is Go's way to say so): report %q", want)
	case 128 + 9:
		return grade.Errorf("the kill child is reported as code=%d, the number a shell shows for a signal death (128 + 9), but the child did not exit: report %q", rep.code, want)
	}
	return grade.Errorf("the kill child is reported as code=%d, but SIGKILL killed it: report %q", rep.code, want)
}
