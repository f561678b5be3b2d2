package checks

import (
	"regexp"
	"time"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/proc"
)

// Pids grades lesson 03: `pids` starts one copy of itself as a child and both
// report their pid and their parent's. Every check grades one run, and
// compares what the program says with the process table taken while the
// child is paused at "checkpoint child" and the parent is waiting for it.
func Pids() grade.Suite {
	return grade.Suite{Checks: []grade.Check{
		{
			ID: "parent-ids", Title: "the parent reports its own pid and its parent's", Points: 2, Timeout: pidsTimeout,
			Hint: "In the parent, os.Getpid() is the program the checker started and os.Getppid() is the checker itself.",
			Run:  checkPidsParent,
		},
		{
			ID: "child-pid", Title: "the parent reports its child's pid", Points: 2, Timeout: pidsTimeout,
			Hint: "The parent learns its child's pid from the started command: child.Process.Pid. os.Getpid() in the parent is the parent's own.",
			Run:  checkPidsChildPid,
		},
		{
			ID: "child-ids", Title: "the child reports its own pid and its parent's", Points: 2, Timeout: pidsTimeout,
			Hint: "In the child, os.Getpid() is the child and os.Getppid() is the parent that started it; print them in that order.",
			Run:  checkPidsChild,
		},
	}}
}

// pidsTimeout bounds each lesson-03 check; the run takes well under a second.
const pidsTimeout = 15 * time.Second

func init() {
	i18n.Register(map[string]string{
		"the parent reports its own pid and its parent's":                                                                               "父进程报告自己的进程号和父进程号",
		"In the parent, os.Getpid() is the program the checker started and os.Getppid() is the checker itself.":                         "在父进程里，os.Getpid() 是检查器启动的那个程序，os.Getppid() 就是检查器自己。",
		"the parent reports its child's pid":                                                                                            "父进程报告子进程的进程号",
		"The parent learns its child's pid from the started command: child.Process.Pid. os.Getpid() in the parent is the parent's own.": "父进程从它启动的命令那里得知子进程的进程号：child.Process.Pid。父进程里的 os.Getpid() 是父进程自己的。",
		"the child reports its own pid and its parent's":                                                                                "子进程报告自己的进程号和父进程号",
		"In the child, os.Getpid() is the child and os.Getppid() is the parent that started it; print them in that order.":              "在子进程里，os.Getpid() 是子进程自己，os.Getppid() 是启动它的父进程；按这个顺序打印。",

		"no line like %q from the parent":                                                                                                  "父进程没有打印 %q 这样的行",
		"no line like %q from the child":                                                                                                   "子进程没有打印 %q 这样的行",
		"the parent line says pid=%d, but the program the checker started is pid %d":                                                       "父进程那一行写的是 pid=%d，但检查器启动的程序的进程号是 %d",
		"the parent line says ppid=%d, but the parent's parent is the checker, pid %d":                                                     "父进程那一行写的是 ppid=%d，但父进程的父进程是检查器，进程号 %d",
		"your program never printed %q: the child must pause there so the checker can look at the process table":                           "你的程序一直没有打印 %q：子进程必须在那里停下来，让检查器查看进程表",
		"the parent says child=%d, which is its own pid: the child's pid is child.Process.Pid":                                             "父进程写的是 child=%d，这是它自己的进程号：子进程的进程号是 child.Process.Pid",
		"the parent says child=%d, but at the checkpoint the children of your program (pid %d) were: %s":                                   "父进程写的是 child=%d，但在检查点时，你的程序（进程号 %d）的子进程是：%s",
		"none: your program had no child then":                                                                                             "没有：你的程序那时一个子进程也没有",
		"the child line says pid=%d, which is the parent's pid: the child's os.Getpid() is a number of its own":                            "子进程那一行写的是 pid=%d，这是父进程的进程号：子进程的 os.Getpid() 是它自己的号码",
		"the child line says pid=%d, but at the checkpoint the children of your program (pid %d) were: %s":                                 "子进程那一行写的是 pid=%d，但在检查点时，你的程序（进程号 %d）的子进程是：%s",
		"the child line says ppid=%d, but process %d's parent is %d":                                                                       "子进程那一行写的是 ppid=%d，但 %d 号进程的父进程是 %d",
		"process %d runs %s, not your program (%s): the child must be a copy of the program itself, started with fork() (os.Executable())": "%d 号进程运行的是 %s，而不是你的程序（%s）：子进程必须是程序自身的副本，用 fork()（os.Executable()）启动",
	})
}

// The lines of lesson 03, as the checker reads them.
var (
	pidsParentRe = regexp.MustCompile(`^parent\s+pid=(-?\d+)\s+ppid=(-?\d+)\s+child=(-?\d+)\b`)
	pidsChildRe  = regexp.MustCompile(`^child\s+pid=(-?\d+)\s+ppid=(-?\d+)\b`)
)

// pidsRun is one run of the program: its output and the process table at
// the child's checkpoint.
type pidsRun struct {
	prog, self int
	lines      []string
	snaps      []proc.Snapshot // at each "checkpoint child"
	protoErr   error
}

func runPids(t *grade.T) (*pidsRun, error) {
	return grade.Once(t, "pids", func(t *grade.T) (*pidsRun, error) {
		p, err := t.Start()
		if err != nil {
			return nil, err
		}
		r := &pidsRun{prog: p.PID(), self: t.Self()}
		r.protoErr = answerCheckpoints(t, p, `^checkpoint\s+(child)\b`, func(_ string, snap proc.Snapshot) {
			r.snaps = append(r.snaps, snap)
		})
		if r.protoErr == nil {
			if _, err := p.Wait(); err != nil {
				r.protoErr = err
			}
		}
		r.lines = p.Stdout()
		return r, nil
	})
}

// broken is the failure of a run that went wrong before the program ended.
func (r *pidsRun) broken() error {
	if r.protoErr == nil {
		return nil
	}
	if grade.IsFailure(r.protoErr) {
		return r.protoErr
	}
	return grade.Errorf("the checker's run of your program went wrong: %v", r.protoErr.Error())
}

// missing says a line is missing, or why the run ended before it came.
func (r *pidsRun) missing(format, example string) error {
	if err := r.broken(); err != nil {
		return err
	}
	return grade.Errorf(format, example)
}

// snapshot is the process table at the child's checkpoint, or a failure
// when the program never paused there.
func (r *pidsRun) snapshot() (proc.Snapshot, error) {
	if len(r.snaps) == 0 {
		if err := r.broken(); err != nil {
			return proc.Snapshot{}, err
		}
		return proc.Snapshot{}, grade.Errorf("your program never printed %q: the child must pause there so the checker can look at the process table", "checkpoint child")
	}
	return r.snaps[0], nil
}

// children lists the program's children at the checkpoint, for messages.
func (r *pidsRun) children(snap proc.Snapshot) any {
	var pids []int
	for _, c := range snap.Children(r.prog) {
		pids = append(pids, c.PID)
	}
	if len(pids) == 0 {
		return i18n.M("none: your program had no child then")
	}
	return forkJoin(pids)
}

// isChild reports whether pid was a child of the program at the checkpoint.
func (r *pidsRun) isChild(snap proc.Snapshot, pid int) bool {
	p, ok := snap.Get(pid)
	return ok && pid != r.prog && p.PPID == r.prog
}

// sameProgram fails when the process table shows that pid runs another
// executable than the program: the lesson's child is a copy of the program
// itself, not a shell or /bin/sleep.
func (r *pidsRun) sameProgram(t *grade.T, snap proc.Snapshot, pid int) error {
	c, _ := snap.Get(pid)
	me, ok := snap.Get(r.prog)
	if !ok || c.Exe.IsZero() || me.Exe.IsZero() || c.Exe == me.Exe {
		return nil
	}
	t.AttachTree(snap)
	return grade.Errorf("process %d runs %s, not your program (%s): the child must be a copy of the program itself, started with fork() (os.Executable())", pid, exeName(c), exeName(me))
}

func checkPidsParent(t *grade.T) error {
	r, err := runPids(t)
	if err != nil {
		return err
	}
	m := forkFind(r.lines, pidsParentRe)
	if m == nil {
		return r.missing("no line like %q from the parent", "parent pid=N ppid=N child=N")
	}
	if pid := forkAtoi(m[1]); pid != r.prog {
		return grade.Errorf("the parent line says pid=%d, but the program the checker started is pid %d", pid, r.prog)
	}
	if ppid := forkAtoi(m[2]); ppid != r.self {
		return grade.Errorf("the parent line says ppid=%d, but the parent's parent is the checker, pid %d", ppid, r.self)
	}
	return nil
}

func checkPidsChildPid(t *grade.T) error {
	r, err := runPids(t)
	if err != nil {
		return err
	}
	m := forkFind(r.lines, pidsParentRe)
	if m == nil {
		return r.missing("no line like %q from the parent", "parent pid=N ppid=N child=N")
	}
	c := forkAtoi(m[3])
	if c == r.prog {
		return grade.Errorf("the parent says child=%d, which is its own pid: the child's pid is child.Process.Pid", c)
	}
	snap, err := r.snapshot()
	if err != nil {
		return err
	}
	if !r.isChild(snap, c) {
		t.AttachTree(snap)
		return grade.Errorf("the parent says child=%d, but at the checkpoint the children of your program (pid %d) were: %s", c, r.prog, r.children(snap))
	}
	return r.sameProgram(t, snap, c)
}

func checkPidsChild(t *grade.T) error {
	r, err := runPids(t)
	if err != nil {
		return err
	}
	m := forkFind(r.lines, pidsChildRe)
	if m == nil {
		return r.missing("no line like %q from the child", "child pid=N ppid=N")
	}
	c, pp := forkAtoi(m[1]), forkAtoi(m[2])
	if c == r.prog {
		return grade.Errorf("the child line says pid=%d, which is the parent's pid: the child's os.Getpid() is a number of its own", c)
	}
	snap, err := r.snapshot()
	if err != nil {
		return err
	}
	if !r.isChild(snap, c) {
		t.AttachTree(snap)
		return grade.Errorf("the child line says pid=%d, but at the checkpoint the children of your program (pid %d) were: %s", c, r.prog, r.children(snap))
	}
	if real, _ := snap.Get(c); pp != real.PPID {
		t.AttachTree(snap)
		return grade.Errorf("the child line says ppid=%d, but process %d's parent is %d", pp, c, real.PPID)
	}
	return r.sameProgram(t, snap, c)
}
