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
		"processes at checkpoint zombie":                                     "checkpoint zombie 时的进程",
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
	reapedLine       watchedLine
	second           bool          // reached checkpoint reaped
	exitBefore       *grade.Exit   // set when the program ended before checkpoint reaped
	atSecond         proc.Snapshot // the table at checkpoint reaped
	pictures         map[string]i18n.Localizer
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
		r.pictures["zombie"] = t.Picture(snap)

		if err := p.Send(""); err != nil {
			return nil, err
		}
		found, err = watchFor(t, p, zombieLineWait, func() bool { return p.Exited() != nil }, zombieReapedRe, zombieCheck2Re)
		if err != nil {
			return nil, err
		}
		r.reapedLine, r.second = found[0], found[1].ok
		if !r.second {
			r.exitBefore = p.Exited()
			return r, nil
		}
		if r.atSecond, err = t.Snapshot(); err != nil {
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
