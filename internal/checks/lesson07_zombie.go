package checks

import (
	"regexp"
	"strconv"
	"time"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/proc"
)

// Zombie grades lesson 07: `zombie CODE` starts a child that exits at once
// with status CODE; the parent pauses at "checkpoint zombie" without
// collecting it, then reaps it, reports CODE, and pauses again at
// "checkpoint reaped". The zombie is seen in the process table, never
// inferred from output.
func Zombie() grade.Suite {
	return grade.Suite{Checks: []grade.Check{
		{
			ID: "zombie-seen", Title: "the exited child stays a zombie while the parent pauses", Points: 3, Timeout: zombieCheckTimeout,
			Hint: "Start the child, print \"parent pid=P child=C\", and call checkpoint(\"zombie\") before any child.Wait(): a child that has exited stays a zombie until its parent waits for it.",
			Run:  checkZombieSeen,
		},
		{
			ID: "exit-code", Title: "the parent reaps the child and reports its exit status", Points: 2, Timeout: zombieCheckTimeout,
			Hint: "The child ends with os.Exit(CODE); after the first checkpoint the parent calls child.Wait() and prints \"reaped pid=C code=N\" with N from child.ProcessState.ExitCode().",
			Run:  checkZombieCode,
		},
		{
			ID: "zombie-gone", Title: "after reaping, the zombie is gone and the parent lives on", Points: 2, Timeout: zombieCheckTimeout,
			Hint: "child.Wait() is what removes the zombie; call checkpoint(\"reaped\") after it, before the parent exits.",
			Run:  checkZombieGone,
		},
	}}
}

func init() {
	i18n.Register(map[string]string{
		"the exited child stays a zombie while the parent pauses": "父进程停下来的时候，已经退出的子进程一直是僵尸",
		"Start the child, print \"parent pid=P child=C\", and call checkpoint(\"zombie\") before any child.Wait(): a child that has exited stays a zombie until its parent waits for it.": "启动子进程，打印 `parent pid=P child=C`，在调用任何 child.Wait() 之前先调用 `checkpoint(\"zombie\")`：子进程退出之后，在父进程等待它之前，它一直是僵尸。",
		"the parent reaps the child and reports its exit status": "父进程回收子进程，并报告它的退出状态",
		"The child ends with os.Exit(CODE); after the first checkpoint the parent calls child.Wait() and prints \"reaped pid=C code=N\" with N from child.ProcessState.ExitCode().": "子进程用 os.Exit(CODE) 结束；过了第一个检查点，父进程调用 child.Wait()，再打印 `reaped pid=C code=N`，N 取自 child.ProcessState.ExitCode()。",
		"after reaping, the zombie is gone and the parent lives on":                                               "回收之后僵尸消失，父进程继续活着",
		"child.Wait() is what removes the zombie; call checkpoint(\"reaped\") after it, before the parent exits.": "清除僵尸的正是 child.Wait()；在它之后、父进程退出之前调用 `checkpoint(\"reaped\")`。",

		"process %d, which the parent called its child, is not in the process table at checkpoint zombie: it was already reaped (a Wait before the checkpoint?), so no zombie was left to see": "到 checkpoint zombie 时，父进程所说的子进程 %d 已经不在进程表里了：它已经被回收了（是不是在检查点之前调用了 Wait？），所以看不到僵尸",
		"the child %d was still %s %s after checkpoint zombie, want a zombie (state Z): the child should exit at once":                                                                         "过了 checkpoint zombie %[3]s，子进程 %[1]d 的状态仍是“%[2]s”，应该是僵尸（状态 Z）：子进程应该立即退出",
		"no line like %q within %s after checkpoint zombie":                                                                        "checkpoint zombie 之后 %[2]s之内，没有 %[1]q 这样的行",
		"your program reported %q, but its child is %d":                                                                            "你的程序报告的是 %q，但它的子进程是 %d",
		"your program reported code=%d, want %d, the code the checker passed as the argument":                                      "你的程序报告的是 code=%d，应为 %d，也就是检查器作为参数传进去的退出状态",
		"your program reported code=-1, want %d: ExitCode() is -1 until Wait has collected the child (and when a signal ended it)": "你的程序报告的是 code=-1，应为 %d：在 Wait 回收子进程之前（以及子进程被信号结束时），ExitCode() 都是 -1",
		"your program ended (%s) before checkpoint reaped: the parent must still be alive when the checker looks":                  "还没到 checkpoint reaped，你的程序就结束了（%s）：检查器来看的时候，父进程必须还活着",
		"no line like %q within %s after checkpoint zombie: the parent must pause again once it has reaped the child":              "checkpoint zombie 之后 %[2]s之内，没有 %[1]q 这样的行：父进程回收子进程之后，要再停下来一次",
		"at checkpoint reaped the child %d is still a zombie of your program: nothing waited for it":                               "到 checkpoint reaped 时，子进程 %d 还是你的程序的僵尸：没有谁等待过它",
		"at checkpoint reaped the child %d is still %s: it should have exited long ago":                                            "到 checkpoint reaped 时，子进程 %d 的状态仍是“%s”：它早就该退出了",
		"your program (pid %d) had already ended at checkpoint reaped: it must pause there until the checker sends a line":         "到 checkpoint reaped 时，你的程序（进程号 %d）已经结束了：它必须停在那里，等检查器发来一行",
		"processes at checkpoint zombie": "checkpoint zombie 时的进程",
		"process %d, which the parent called its child, is not in the process table at checkpoint zombie: your program ignores SIGCHLD (signal.Ignore), so the kernel removed the child as soon as it ended and it never became a zombie": "在 checkpoint zombie 时，父进程称为子进程的进程 %d 不在进程表中：你的程序忽略了 SIGCHLD（signal.Ignore），所以子进程一结束就被内核清除，从未成为僵尸",
		"the child %d was a zombie at checkpoint zombie, but it was gone a moment later, before the checker answered: the parent must wait at the checkpoint for a line on stdin, not go on by itself":                                    "在 checkpoint zombie 时子进程 %d 是僵尸，但稍后、在检查器回答之前它就不见了：父进程必须在检查点等待标准输入的一行，而不是自己继续往下走",
		"your program printed %q before the checker had answered %q: it did not wait at the first checkpoint for a line on stdin":                                                                                                         "检查器还没回答 %[2]q，你的程序就打印了 %[1]q：它没有在第一个检查点等待标准输入的一行",
		"your program ignores SIGCHLD (signal.Ignore): the kernel removed the child as soon as it ended, so no wait could return its status, and %q was not read from one. Leave SIGCHLD alone and call child.Wait()":                     "你的程序忽略了 SIGCHLD（signal.Ignore）：子进程一结束就被内核清除了，任何 wait 都拿不到它的状态，所以 %q 不是从 wait 读到的。不要改动 SIGCHLD，调用 child.Wait()",
		"your program printed %q while its child (pid %d) was still a zombie, not yet reaped: print the line after child.Wait() has returned":                                                                                             "你的程序打印 %q 时，它的子进程（进程号 %d）还是僵尸，尚未被回收：要在 child.Wait() 返回之后再打印这一行",
		"at checkpoint zombie the kernel kept %s for the child (pid %d), want exit status %d, the CODE the checker passed: the child must end with os.Exit(CODE)":                                                                         "在 checkpoint zombie 时，内核为子进程（进程号 %[2]d）保存的是 %[1]s，应为退出状态 %[3]d，即检查器传入的 CODE：子进程必须以 os.Exit(CODE) 结束",
		"your program reported code=%d, but the kernel kept exit status %d for the child: report what child.Wait() collected (child.ProcessState.ExitCode())":                                                                             "你的程序报告 code=%d，但内核为子进程保存的退出状态是 %d：要报告 child.Wait() 回收时得到的终止状态（child.ProcessState.ExitCode()）",
		"processes at checkpoint reaped":                                     "checkpoint reaped 时的进程",
		"how the checker started your program (the child must exit with %d)": "检查器是怎样启动你的程序的（子进程必须以退出状态 %d 退出）",
	})
}

const (
	zombieCheckTimeout = 20 * time.Second
	// zombieLineWait is how long the checker waits for a line it expects.
	zombieLineWait = 5 * time.Second
	// zombieAppear is how long the checker polls the table for the zombie:
	// a child that exits at once is a zombie within milliseconds.
	zombieAppear = 5 * time.Second
)

var (
	zombieParentRe  = regexp.MustCompile(`^parent\s+pid=(\d+)\b.*\bchild=(\d+)`)
	zombieCheck1Re  = regexp.MustCompile(`^checkpoint\s+zombie\b`)
	zombieReapedRe  = regexp.MustCompile(`^reaped\s+pid=(\d+)\s+code=(-?\d+)`)
	zombieCheck2Re  = regexp.MustCompile(`^checkpoint\s+reaped\b`)
	zombieCodeRange = [2]int{3, 125}
)

// zombieRun is one run of `zombie CODE`.
type zombieRun struct {
	code, pid, child int
	parentLine       watchedLine
	zombie           proc.Process // the child as last seen at checkpoint zombie
	zombieFound      bool
	zombieLeft       bool // seen a zombie, then gone before the checker answered
	reapedLine       watchedLine
	second           bool          // reached checkpoint reaped
	secondAt         time.Time     // when its line arrived
	sentAt           time.Time     // when the checker answered checkpoint zombie
	exitBefore       *grade.Exit   // set when the program ended before checkpoint reaped
	atSecond         proc.Snapshot // the table at checkpoint reaped
	pictures         map[string]i18n.Localizer
	// life is what the table, sampled from checkpoint zombie on, showed of
	// the child: when it was last seen not yet reaped.
	life *procLife
	// ignoresChld says the program ignored SIGCHLD: the kernel reaped the
	// child, and no wait could return its status.
	ignoresChld bool
}

// runZombie runs the program once with a random exit code and walks it
// through its two checkpoints, looking at the process table at each.
func runZombie(t *grade.T) (*zombieRun, error) {
	return grade.Once(t, "zombie", func(t *grade.T) (*zombieRun, error) {
		r := &zombieRun{code: zombieCodeRange[0] + t.Rand.Intn(zombieCodeRange[1]-zombieCodeRange[0]+1), pictures: map[string]i18n.Localizer{}}
		p, err := t.Start(strconv.Itoa(r.code))
		if err != nil {
			return nil, err
		}
		r.pid = p.PID()
		t.Attach(i18n.M("how the checker started your program (the child must exit with %d)", r.code), "zombie "+strconv.Itoa(r.code))
		found, err := watchFor(t, p, zombieLineWait, func() bool { return p.Exited() != nil }, zombieParentRe, zombieCheck1Re)
		if err != nil {
			return nil, err
		}
		if !found[0].ok {
			return nil, orphanMissing(p, "parent pid=P child=C")
		}
		if !found[1].ok {
			return nil, orphanMissing(p, "checkpoint zombie")
		}
		r.parentLine = found[0]
		r.child = r.parentLine.num(2)

		// The child exits at once; polling only waits for that to happen.
		var snap proc.Snapshot
		deadline := time.Now().Add(zombieAppear)
		if err := t.Poll(20*time.Millisecond, func() (bool, error) {
			var err error
			if snap, err = t.Snapshot(); err != nil {
				return false, err
			}
			r.zombie, r.zombieFound = snap.Get(r.child)
			return !r.zombieFound || r.zombie.State == proc.Zombie || time.Now().After(deadline), nil
		}); err != nil {
			return nil, err
		}
		// Look again a varied moment later, before answering: a parent
		// that does not really wait at its checkpoint has reaped the
		// zombie by then.
		if r.zombieFound && r.zombie.State == proc.Zombie {
			if err := t.Sleep(checkpointLook(t)); err != nil {
				return nil, err
			}
			later, err := t.Snapshot()
			if err != nil {
				return nil, err
			}
			if z, ok := later.Get(r.child); !ok || z.PPID != r.pid {
				r.zombieLeft = true
			} else {
				r.zombie, snap = z, later
			}
		}
		r.pictures["zombie"] = t.Picture(snap)
		r.ignoresChld = ignoresSIGCHLD([]proc.Snapshot{snap}, r.pid)

		// From now on the parent reaps the child: watch it leave the
		// table, to know whether the reaped line came after.
		table := startTableLog(t, 10*time.Millisecond)
		stop := func() {
			snaps, err := table.Stop()
			if err == nil {
				r.life = table.Lives(r.pid)[r.child]
				r.ignoresChld = r.ignoresChld || ignoresSIGCHLD(snaps, r.pid)
			}
		}
		r.sentAt = time.Now()
		if err := p.Send(""); err != nil {
			stop()
			return nil, err
		}
		found, err = watchFor(t, p, zombieLineWait, func() bool { return p.Exited() != nil }, zombieReapedRe, zombieCheck2Re)
		if err != nil {
			stop()
			return nil, err
		}
		r.reapedLine, r.second, r.secondAt = found[0], found[1].ok, found[1].line.At
		if !r.second {
			stop()
			r.exitBefore = p.Exited()
			return r, nil
		}
		r.atSecond, err = t.Snapshot()
		stop()
		if err != nil {
			return nil, err
		}
		r.pictures["reaped"] = t.Picture(r.atSecond)
		// Let it finish; how it ends is not graded.
		if err := p.Send(""); err == nil {
			deadline := time.Now().Add(2 * time.Second)
			_ = t.Poll(10*time.Millisecond, func() (bool, error) {
				return p.Exited() != nil || time.Now().After(deadline), nil
			})
		}
		return r, nil
	})
}

func (r *zombieRun) show(t *grade.T, which string, err error) error {
	title := map[string]i18n.Msg{
		"zombie": i18n.M("processes at checkpoint zombie"),
		"reaped": i18n.M("processes at checkpoint reaped"),
	}[which]
	if pic := r.pictures[which]; pic != nil {
		t.Attach(title, pic)
	}
	return err
}

func checkZombieSeen(t *grade.T) error {
	r, err := runZombie(t)
	if err != nil {
		return err
	}
	if got := r.parentLine.num(1); got != r.pid {
		return grade.Errorf("your program printed %q, but its pid is %d", r.parentLine.line.Text, r.pid)
	}
	// The picture shows the zombie (with -v, also when the check passes).
	r.show(t, "zombie", nil)
	switch {
	case r.zombieLeft:
		return grade.Errorf("the child %d was a zombie at checkpoint zombie, but it was gone a moment later, before the checker answered: the parent must wait at the checkpoint for a line on stdin, not go on by itself", r.child)
	case !r.zombieFound && r.ignoresChld:
		return grade.Errorf("process %d, which the parent called its child, is not in the process table at checkpoint zombie: your program ignores SIGCHLD (signal.Ignore), so the kernel removed the child as soon as it ended and it never became a zombie", r.child)
	case !r.zombieFound:
		return grade.Errorf("process %d, which the parent called its child, is not in the process table at checkpoint zombie: it was already reaped (a Wait before the checkpoint?), so no zombie was left to see", r.child)
	case r.zombie.PPID != r.pid:
		return grade.Errorf("process %d has parent %d in the process table, want your program (pid %d)", r.child, r.zombie.PPID, r.pid)
	case r.zombie.State != proc.Zombie:
		return grade.Errorf("the child %d was still %s %s after checkpoint zombie, want a zombie (state Z): the child should exit at once", r.child, i18n.M(r.zombie.State.String()), multiSecs(zombieAppear))
	}
	return nil
}

func checkZombieCode(t *grade.T) error {
	r, err := runZombie(t)
	if err != nil {
		return err
	}
	if !r.reapedLine.ok {
		return grade.Errorf("no line like %q within %s after checkpoint zombie", "reaped pid=C code=N", multiSecs(zombieLineWait))
	}
	if pid := r.reapedLine.num(1); pid != r.child {
		return grade.Errorf("your program reported %q, but its child is %d", r.reapedLine.line.Text, r.child)
	}
	line := r.reapedLine.line
	if r.ignoresChld {
		return grade.Errorf("your program ignores SIGCHLD (signal.Ignore): the kernel removed the child as soon as it ended, so no wait could return its status, and %q was not read from one. Leave SIGCHLD alone and call child.Wait()", line.Text)
	}
	notReaped := r.life != nil && (line.At.Before(r.life.LastUnder) || r.life.Adopted)
	if c, ok := r.atSecond.Get(r.child); ok && c.PPID == r.pid {
		notReaped = true
	}
	if notReaped {
		return r.show(t, "reaped", grade.Errorf("your program printed %q while its child (pid %d) was still a zombie, not yet reaped: print the line after child.Wait() has returned", line.Text, r.child))
	}
	if code, sig, ok := r.zombie.Ended(); ok && r.zombieFound && r.zombie.State == proc.Zombie {
		if sig != 0 || code != r.code {
			real := grade.Exit{Code: code}
			if sig != 0 {
				real = grade.Exit{Code: -1, Signal: strconv.Itoa(sig)}
			}
			return r.show(t, "zombie", grade.Errorf("at checkpoint zombie the kernel kept %s for the child (pid %d), want exit status %d, the CODE the checker passed: the child must end with os.Exit(CODE)", real, r.child, r.code))
		}
		if got := r.reapedLine.num(2); got != code && got != -1 {
			return grade.Errorf("your program reported code=%d, but the kernel kept exit status %d for the child: report what child.Wait() collected (child.ProcessState.ExitCode())", got, code)
		}
	}
	switch code := r.reapedLine.num(2); {
	case code == -1:
		return grade.Errorf("your program reported code=-1, want %d: ExitCode() is -1 until Wait has collected the child (and when a signal ended it)", r.code)
	case code != r.code:
		return grade.Errorf("your program reported code=%d, want %d, the code the checker passed as the argument", code, r.code)
	}
	return nil
}

func checkZombieGone(t *grade.T) error {
	r, err := runZombie(t)
	if err != nil {
		return err
	}
	if !r.second {
		if r.exitBefore != nil {
			return grade.Errorf("your program ended (%s) before checkpoint reaped: the parent must still be alive when the checker looks", *r.exitBefore)
		}
		return grade.Errorf("no line like %q within %s after checkpoint zombie: the parent must pause again once it has reaped the child", "checkpoint reaped", multiSecs(zombieLineWait))
	}
	if r.secondAt.Before(r.sentAt) {
		return grade.Errorf("your program printed %q before the checker had answered %q: it did not wait at the first checkpoint for a line on stdin", "checkpoint reaped", "checkpoint zombie")
	}
	if c, ok := r.atSecond.Get(r.child); ok && c.PPID == r.pid {
		if c.State == proc.Zombie {
			return r.show(t, "reaped", grade.Errorf("at checkpoint reaped the child %d is still a zombie of your program: nothing waited for it", r.child))
		}
		return r.show(t, "reaped", grade.Errorf("at checkpoint reaped the child %d is still %s: it should have exited long ago", r.child, i18n.M(c.State.String())))
	}
	if pr, ok := r.atSecond.Get(r.pid); !ok || pr.State == proc.Zombie {
		return r.show(t, "reaped", grade.Errorf("your program (pid %d) had already ended at checkpoint reaped: it must pause there until the checker sends a line", r.pid))
	}
	return nil
}
