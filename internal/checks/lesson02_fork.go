package checks

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/proc"
)

// Fork grades lesson 02: `fork START DELTA` starts one copy of itself as a
// child; the child adds DELTA to its value, the parent keeps START, and the
// parent waits for the child. Every check grades one run of the program,
// watched at two checkpoints: the child paused ("checkpoint child") and the
// parent paused after it says it reaped the child ("checkpoint reaped").
func Fork() grade.Suite {
	return grade.Suite{Checks: []grade.Check{
		{
			ID: "starts-child", Title: "starts a copy of itself as a child process", Points: 2, Timeout: forkTimeout,
			Hint: "exec.Command on os.Executable() with the same arguments and a marker such as FORKROOM_CHILD=1 added to os.Environ(); give it os.Stdin, os.Stdout and os.Stderr, then Start it. The child sees the marker and prints its own os.Getpid().",
			Run:  checkForkStartsChild,
		},
		{
			ID: "one-child", Title: "starts exactly one child", Points: 1, Timeout: forkTimeout,
			Hint: "Only the parent may start the child: check the marker before you call exec.Command, and call Start once.",
			Run:  checkForkOneChild,
		},
		{
			ID: "own-memory", Title: "the child changes its own copy of the value, not the parent's", Points: 2, Timeout: forkTimeout,
			Hint: "Both processes read START from the arguments; only the child adds DELTA. The parent prints its value after the child has ended: it is still START, because a child process has memory of its own.",
			Run:  checkForkOwnMemory,
		},
		{
			ID: "waits", Title: "the parent waits for its child before it ends", Points: 2, Timeout: forkTimeout,
			Hint: "cmd.Wait() blocks until the child has ended and collects its status; print \"parent reaped child pid=C status=S\" after it, with S from cmd.ProcessState.ExitCode().",
			Run:  checkForkWaits,
		},
	}}
}

// forkTimeout bounds each lesson-02 check; the run itself takes well under a
// second, the rest is room for a loaded machine.
const forkTimeout = 15 * time.Second

func init() {
	i18n.Register(map[string]string{
		"starts a copy of itself as a child process": "把自己再启动一份，作为子进程",
		"exec.Command on os.Executable() with the same arguments and a marker such as FORKROOM_CHILD=1 added to os.Environ(); give it os.Stdin, os.Stdout and os.Stderr, then Start it. The child sees the marker and prints its own os.Getpid().": "用 exec.Command 启动 os.Executable()，参数不变，在 os.Environ() 里加一个标记（比如 FORKROOM_CHILD=1）；把 os.Stdin、os.Stdout、os.Stderr 交给它，然后 Start。子进程看到标记，打印它自己的 os.Getpid()。",
		"starts exactly one child": "只启动一个子进程",
		"Only the parent may start the child: check the marker before you call exec.Command, and call Start once.":                                                                                          "只有父进程才能启动子进程：调用 exec.Command 之前先检查标记，Start 只调用一次。",
		"the child changes its own copy of the value, not the parent's":                                                                                                                                     "子进程改的是它自己那份 value，父进程的不受影响",
		"Both processes read START from the arguments; only the child adds DELTA. The parent prints its value after the child has ended: it is still START, because a child process has memory of its own.": "两个进程都从参数里读出 START，只有子进程加上 DELTA。父进程等子进程结束后再打印自己的 value：仍然是 START，因为子进程有它自己的内存。",
		"the parent waits for its child before it ends":                                                                                                                                                     "父进程结束之前等待子进程",
		"cmd.Wait() blocks until the child has ended and collects its status; print \"parent reaped child pid=C status=S\" after it, with S from cmd.ProcessState.ExitCode().":                              "cmd.Wait() 一直阻塞到子进程结束，回收子进程并取得它的退出状态；在它之后打印 `parent reaped child pid=C status=S`，S 取自 cmd.ProcessState.ExitCode()。",

		"no line like %q, and the process table never showed a process started by your program (pid %d): it started no child":                                                                                                                            "没有 %q 这样的行，进程表里也从来没有出现过由你的程序（进程号 %d）启动的进程：它没有启动子进程",
		"your program started a child (pid %d), but no line like %q came from it: give the child the parent's stdout (cmd.Stdout = os.Stdout) and let it print its os.Getpid()":                                                                          "你的程序启动了子进程（进程号 %d），但没有收到它打印的 %q 这样的行：把父进程的标准输出交给子进程（cmd.Stdout = os.Stdout），让它打印自己的 os.Getpid()",
		"the child line says pid=%d, which is your program itself: a goroutine or a function call is not a new process":                                                                                                                                  "子进程那一行写的是 pid=%d，这正是你的程序自己：goroutine 和函数调用都不是新进程",
		"the child printed %q but never %q: it must pause there so the checker can see it alive":                                                                                                                                                         "子进程打印了 %q，却一直没有打印 %q：它必须在那里停下来，让检查器看到它还活着",
		"at %q the process table had no process %d, the pid in the child line: the child must print its own os.Getpid() and then wait at the checkpoint for a line on stdin (cmd.Stdin = os.Stdin)":                                                      "到 %q 时，进程表里没有 %d 号进程（子进程那一行给出的进程号）：子进程要打印它自己的 os.Getpid()，然后在检查点等标准输入送来一行（cmd.Stdin = os.Stdin）",
		"process %d's parent is %d, want your program (pid %d)":                                                                                                                                                                                          "%d 号进程的父进程是 %d，应该是你的程序（进程号 %d）",
		"process %d runs %s, not your program (%s): the child must be a copy of the program itself (os.Executable())":                                                                                                                                    "%d 号进程运行的是 %s，不是你的程序（%s）：子进程必须是程序自己的一个副本（os.Executable()）",
		"your program started no child: the process table never showed a process below it (pid %d)":                                                                                                                                                      "你的程序没有启动子进程：进程表里从来没有出现过它（进程号 %d）下面的进程",
		"the child printed %q, but it had ended before the checker could see it: the process table never showed a process below your program (pid %d). The child must wait at %q for a line on stdin: give it the parent's stdin (cmd.Stdin = os.Stdin)": "子进程打印了 %[1]q，可检查器还没来得及看，它就已经结束了：进程表里从来没有出现过你的程序（进程号 %[2]d）下面的进程。子进程必须停在 %[3]q，等标准输入送来一行：把父进程的标准输入交给它（cmd.Stdin = os.Stdin）",
		"the child never paused at %q, so the checker could not count your program's children while they were alive":                                                                                                                                     "子进程从来没有在 %q 停下来，检查器没法趁子进程还活着的时候数一数你的程序有几个子进程",
		"your program started %d processes (pids %s), want exactly one child":                                                                                                                                                                            "你的程序启动了 %d 个进程（进程号 %s），应该只启动一个子进程",
		"no line like %q: the child must print the value it sees after adding DELTA":                                                                                                                                                                     "没有 %q 这样的行：子进程要打印它加上 DELTA 之后的 value",
		"the child printed value=%d, want %d (START %d + DELTA %d)":                                                                                                                                                                                      "子进程打印的是 value=%d，应为 %d（START %d + DELTA %d）",
		"no line like %q: the parent must print its own value after the child has ended":                                                                                                                                                                 "没有 %q 这样的行：子进程结束以后，父进程要打印它自己的 value",
		"the parent line says pid=%d, but your program (the parent) is pid %d":                                                                                                                                                                           "父进程那一行写的是 pid=%d，但你的程序（父进程）的进程号是 %d",
		"the parent printed value=%d, want %d: the child's change reached the parent, so they share memory. A goroutine shares its program's memory; a child process has its own":                                                                        "父进程打印的是 value=%d，应为 %d：子进程的修改影响到了父进程，说明两者共用内存。goroutine 和它所在的程序共用内存，子进程则有自己的内存",
		"the parent printed value=%d, want %d: START, which the parent never changes":                                                                                                                                                                    "父进程打印的是 value=%d，应为 %d，也就是 START：父进程从来不改它",
		"your program ended while its child (pid %d) was still there (%s): the child was adopted by the checker, so the parent never waited for it":                                                                                                      "你的程序结束时，它的子进程（进程号 %d）还在（%s）：子进程被检查器收养了，可见父进程根本没有等待它",
		"no line like %q: after the child has ended, the parent must wait for it (cmd.Wait) and say so":                                                                                                                                                  "没有 %q 这样的行：子进程结束后，父进程要等待它（cmd.Wait），并打印这一行",
		"the child line's pid=%d is your program itself: there is no child process to wait for":                                                                                                                                                          "子进程那一行的 pid=%d 就是你的程序自己：根本没有子进程可等",
		"the parent says it reaped pid=%d, but the child is pid %d":                                                                                                                                                                                      "父进程说它回收了 pid=%d，但子进程的进程号是 %d",
		"the parent reports status=%d; the child returns from main, so want 0":                                                                                                                                                                           "父进程报告 status=%d；子进程是从 main 返回的，应为 0",
		"no line %q after %q: the parent must pause there so the checker can see that the child is gone":                                                                                                                                                 "%[2]q 之后没有 %[1]q 这一行：父进程必须在那里停下来，让检查器确认子进程已经不在了",
		"at %q the child (pid %d) was still in the process table as a zombie: it had ended but nobody had waited for it. Call cmd.Wait() before you say it was reaped":                                                                                   "到 %q 时，子进程（进程号 %d）还作为僵尸留在进程表里：它已经结束，却还没有人等待它。先调用 cmd.Wait()，再说它已被回收",
		"at %q the child (pid %d) was still running: the parent must wait until the child has ended":                                                                                                                                                     "到 %q 时，子进程（进程号 %d）还在运行：父进程要一直等到子进程结束",
		"your program ignores SIGCHLD (signal.Ignore): the kernel removed the child as soon as it ended, so the parent's wait found nothing to wait for. Leave SIGCHLD alone and call cmd.Wait()":                                                        "你的程序忽略了 SIGCHLD（signal.Ignore）：子进程一结束就被内核清除了，父进程的 wait 什么也等不到。不要改动 SIGCHLD，调用 cmd.Wait()",
		"your program's child (pid %d) printed %q but had ended when the checker looked, a moment later: the child must wait there for a line on stdin. Give it the parent's stdin (cmd.Stdin = os.Stdin)":                                               "你的程序的子进程（进程号 %d）打印了 %q，但检查器稍后查看时它已经结束了：子进程必须在那里等待标准输入的一行。把父进程的标准输入交给它（cmd.Stdin = os.Stdin）",
		"your program had %d processes at once, more than %d, and the checker stopped it: every copy starts a copy of its own. The child must find the marker before it calls fork() again (check os.Getenv first)":                                      "你的程序同时有 %d 个进程，超过了 %d 个，检查器把它停下了：每个副本都又启动了自己的副本。子进程必须在再次调用 fork() 之前发现标记（先检查 os.Getenv）",
		"the checker's run of your program went wrong: %v":                                                                                                                                                                                               "检查器运行你的程序时出了问题：%v",
	})
}

// The lines of lesson 02, as the checker reads them.
var (
	forkChildRe  = regexp.MustCompile(`^child\s+pid=(\d+)\s+value=(-?\d+)\b`)
	forkParentRe = regexp.MustCompile(`^parent\s+pid=(\d+)\s+value=(-?\d+)\b`)
	forkReapedRe = regexp.MustCompile(`^parent\s+reaped\s+child\s+pid=(-?\d+)\s+status=(-?\d+)\b`)
)

// forkRun is one run of the program, watched: what it printed and what the
// process table showed while it ran.
type forkRun struct {
	start, delta int
	prog         int // the program's pid: the parent
	self         int // the checker's pid
	lines        []string

	watch      *procWatch
	childSnaps []proc.Snapshot // at each "checkpoint child"
	reapedSnap *proc.Snapshot  // at "checkpoint reaped"
	protoErr   error           // the run went wrong before the program ended (a timeout)
}

// runFork runs the program once and watches it; every lesson-02 check
// grades that run.
func runFork(t *grade.T) (*forkRun, error) {
	return grade.Once(t, "fork", func(t *grade.T) (*forkRun, error) {
		r := &forkRun{start: 100 + t.Rand.Intn(9000), delta: 1 + t.Rand.Intn(999), self: t.Self()}
		p, err := t.Start(strconv.Itoa(r.start), strconv.Itoa(r.delta))
		if err != nil {
			return nil, err
		}
		r.prog = p.PID()
		r.watch = watchProcs(t, r.prog, p.Done())
		r.protoErr = answerCheckpoints(t, p, `^checkpoint\s+(child|reaped)\b`, func(name string, snap proc.Snapshot) {
			r.watch.record(snap)
			if name == "child" {
				r.watch.recordExes(snap)
				r.childSnaps = append(r.childSnaps, snap)
			} else if r.reapedSnap == nil {
				r.reapedSnap = &snap
			}
		})
		if r.protoErr == nil {
			if _, err := p.Wait(); err != nil {
				r.protoErr = err
			}
		}
		// One last look: a child the program left behind is still in the
		// table (the engine reaps nothing before the check ends).
		if snap, err := t.Snapshot(); err == nil {
			r.watch.record(snap)
		}
		r.watch.stop()
		r.lines = p.Stdout()
		return r, nil
	})
}

// answerCheckpoints waits for the program's checkpoint lines (pattern, with
// the checkpoint's name as its first submatch), takes a snapshot of the
// process table at each, hands it to seen, and answers with an empty line,
// until the program and everything holding its output have ended. It
// returns nil when the program ended, the failure when time ran out.
//
// The snapshot is taken a varied moment after the checkpoint line (50 to
// 200 ms, from t.Rand), as a person at a terminal would look: a process
// that does not really wait at its checkpoint (its stdin is /dev/null, or
// it sleeps a fixed time) has gone on by then.
//
// While it waits it counts the program's processes: a program whose every
// copy starts another copy (the marker test forgotten) is stopped as soon as
// it has more than forkBombLimit, instead of filling the machine until the
// check's time is up.
func answerCheckpoints(t *grade.T, p *grade.Program, pattern string, seen func(name string, snap proc.Snapshot)) error {
	for {
		_, m, err := p.ExpectWithin(100*time.Millisecond, pattern)
		if err != nil {
			if p.Exited() != nil && t.Context().Err() == nil {
				return nil // it ended: no more checkpoints
			}
			if p.Exited() == nil && t.Context().Err() == nil && !p.Flooded() {
				// Only the short wait ran out: look for a runaway.
				if n := groupSize(t, p.PID()); n > forkBombLimit {
					return grade.Errorf("your program had %d processes at once, more than %d, and the checker stopped it: every copy starts a copy of its own. The child must find the marker before it calls fork() again (check os.Getenv first)", n, forkBombLimit)
				}
				continue
			}
			return err
		}
		if err := t.Sleep(checkpointLook(t)); err != nil {
			return err
		}
		snap, err := t.Snapshot()
		if err != nil {
			return err
		}
		seen(m[1], snap)
		_ = p.Send("") // one that has ended no longer needs an answer
	}
}

// forkBombLimit is how many processes of one program the checkpoint lessons
// allow at once: they start one to five children.
const forkBombLimit = 20

// groupSize counts the processes of the program's process group (its
// children and theirs), 0 when the table cannot be read.
func groupSize(t *grade.T, prog int) int {
	snap, err := t.Snapshot()
	if err != nil {
		return 0
	}
	n := 0
	for _, p := range snap.Procs {
		if p.PGID == prog && !p.Hidden() {
			n++
		}
	}
	return n
}

// checkpointLook is how long the checker lets a program sit at a checkpoint
// before it looks at the process table: 50 to 200 ms, varied so that no
// fixed sleep can stand in for waiting.
func checkpointLook(t *grade.T) time.Duration {
	return time.Duration(50+t.Rand.Intn(151)) * time.Millisecond
}

// procWatch records every process of a program's group the process table
// shows while the program runs, sampling it every few milliseconds.
type procWatch struct {
	prog, self  int
	mu          sync.Mutex
	kids        map[int]proc.Process // every process of the group but the program, first sighting
	adopted     map[int]proc.Process // those seen with the checker as their parent
	exes        map[int]proc.Process // what each ran, as seen at checkpoints (Linux)
	ignoresChld bool                 // the program was seen ignoring SIGCHLD
	biggest     proc.Snapshot        // the snapshot with the most of them, for pictures
	done        chan struct{}
	stopped     chan struct{}
}

func watchProcs(t *grade.T, prog int, progDone <-chan struct{}) *procWatch {
	w := &procWatch{prog: prog, self: t.Self(), kids: map[int]proc.Process{}, adopted: map[int]proc.Process{},
		exes: map[int]proc.Process{}, done: make(chan struct{}), stopped: make(chan struct{})}
	go func() {
		defer close(w.stopped)
		tick := time.NewTicker(15 * time.Millisecond)
		defer tick.Stop()
		for {
			if snap, err := t.Snapshot(); err == nil {
				w.record(snap)
			}
			select {
			case <-w.done:
				return
			case <-t.Context().Done():
				return
			case <-tick.C:
			}
		}
	}()
	return w
}

// record adds what snap shows of the program's group.
func (w *procWatch) record(snap proc.Snapshot) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if me, ok := snap.Get(w.prog); ok && me.Ignores(proc.SIGCHLD) {
		w.ignoresChld = true
	}
	n := 0
	for _, p := range snap.Procs {
		if p.PID == w.prog || p.Hidden() || (p.PGID != w.prog && p.PPID != w.prog) {
			continue
		}
		n++
		if _, ok := w.kids[p.PID]; !ok {
			w.kids[p.PID] = p
		}
		if p.PPID == w.self {
			if _, ok := w.adopted[p.PID]; !ok {
				w.adopted[p.PID] = p
			}
		}
	}
	if w.biggest.Procs == nil || n > w.count(w.biggest) {
		w.biggest = snap
	}
}

func (w *procWatch) count(snap proc.Snapshot) int {
	n := 0
	for _, p := range snap.Procs {
		if p.PID != w.prog && !p.Hidden() && (p.PGID == w.prog || p.PPID == w.prog) {
			n++
		}
	}
	return n
}

// recordExes notes what the program and its group's processes run, where
// the process table says (Linux); elsewhere it notes nothing.
func (w *procWatch) recordExes(snap proc.Snapshot) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range snap.Procs {
		if p.PID != w.prog && p.PGID != w.prog && p.PPID != w.prog {
			continue
		}
		if _, ok := w.exes[p.PID]; ok || p.Exe.IsZero() {
			continue
		}
		w.exes[p.PID] = p
	}
}

func (w *procWatch) stop() {
	close(w.done)
	<-w.stopped
}

// pids lists the processes seen, in order.
func (w *procWatch) pids() []int {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]int, 0, len(w.kids))
	for pid := range w.kids {
		out = append(out, pid)
	}
	sort.Ints(out)
	return out
}

// forkFind returns the submatches of the first line matching re, or nil.
func forkFind(lines []string, re *regexp.Regexp) []string {
	for _, l := range lines {
		if m := re.FindStringSubmatch(l); m != nil {
			return m
		}
	}
	return nil
}

// forkAtoi reads a number the line pattern has already checked.
func forkAtoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func forkJoin(pids []int) string {
	s := make([]string, len(pids))
	for i, p := range pids {
		s[i] = strconv.Itoa(p)
	}
	return strings.Join(s, ", ")
}

// broken turns a run that went wrong before the program ended into the
// check's failure.
func (r *forkRun) broken() error {
	if r.protoErr == nil {
		return nil
	}
	if grade.IsFailure(r.protoErr) {
		return r.protoErr
	}
	return grade.Errorf("the checker's run of your program went wrong: %v", r.protoErr.Error())
}

func checkForkStartsChild(t *grade.T) error {
	r, err := runFork(t)
	if err != nil {
		return err
	}
	m := forkFind(r.lines, forkChildRe)
	if m == nil {
		if err := r.broken(); err != nil {
			return err
		}
		if pids := r.watch.pids(); len(pids) > 0 {
			return grade.Errorf("your program started a child (pid %d), but no line like %q came from it: give the child the parent's stdout (cmd.Stdout = os.Stdout) and let it print its os.Getpid()", pids[0], "child pid=N value=N")
		}
		return grade.Errorf("no line like %q, and the process table never showed a process started by your program (pid %d): it started no child", "child pid=N value=N", r.prog)
	}
	c := forkAtoi(m[1])
	if c == r.prog {
		return grade.Errorf("the child line says pid=%d, which is your program itself: a goroutine or a function call is not a new process", c)
	}
	if len(r.childSnaps) == 0 {
		if err := r.broken(); err != nil {
			return err
		}
		return grade.Errorf("the child printed %q but never %q: it must pause there so the checker can see it alive", m[0], "checkpoint child")
	}
	var pr proc.Process
	var snap proc.Snapshot
	found := false
	for _, s := range r.childSnaps {
		if p, ok := s.Get(c); ok {
			pr, snap, found = p, s, true
			break
		}
	}
	if !found {
		t.AttachTree(r.childSnaps[0])
		return grade.Errorf("at %q the process table had no process %d, the pid in the child line: the child must print its own os.Getpid() and then wait at the checkpoint for a line on stdin (cmd.Stdin = os.Stdin)", "checkpoint child", c)
	}
	// Its parent is the program or, if the program has already ended
	// without waiting, the checker, which adopted it (the waits check
	// grades that); the process group says it came from the program.
	if pr.PPID != r.prog && !(pr.PPID == r.self && pr.PGID == r.prog) {
		t.AttachTree(snap)
		return grade.Errorf("process %d's parent is %d, want your program (pid %d)", c, pr.PPID, r.prog)
	}
	r.watch.mu.Lock()
	progExe, ok1 := r.watch.exes[r.prog]
	childExe, ok2 := r.watch.exes[c]
	r.watch.mu.Unlock()
	if ok1 && ok2 && progExe.Exe != childExe.Exe {
		return grade.Errorf("process %d runs %s, not your program (%s): the child must be a copy of the program itself (os.Executable())", c, exeName(childExe), exeName(progExe))
	}
	return nil
}

func checkForkOneChild(t *grade.T) error {
	r, err := runFork(t)
	if err != nil {
		return err
	}
	pids := r.watch.pids()
	if len(r.childSnaps) == 0 {
		// Without the child paused at its checkpoint the count rests on
		// chance sightings: fail, and say why.
		if err := r.broken(); err != nil {
			return err
		}
		if len(pids) == 0 && forkFind(r.lines, forkChildRe) == nil {
			return grade.Errorf("your program started no child: the process table never showed a process below it (pid %d)", r.prog)
		}
		return grade.Errorf("the child never paused at %q, so the checker could not count your program's children while they were alive", "checkpoint child")
	}
	switch len(pids) {
	case 1:
		for _, s := range r.childSnaps {
			if c, ok := s.Get(pids[0]); ok && c.State != proc.Zombie {
				return nil
			}
		}
		// The watch caught it, but it no longer waited at its checkpoint
		// when the checker looked.
		return grade.Errorf("your program's child (pid %d) printed %q but had ended when the checker looked, a moment later: the child must wait there for a line on stdin. Give it the parent's stdin (cmd.Stdin = os.Stdin)", pids[0], "checkpoint child")
	case 0:
		if m := forkFind(r.lines, forkChildRe); m != nil {
			// It printed its line and its checkpoint, and was gone
			// before the checker looked: it did not wait for stdin.
			return grade.Errorf("the child printed %q, but it had ended before the checker could see it: the process table never showed a process below your program (pid %d). The child must wait at %q for a line on stdin: give it the parent's stdin (cmd.Stdin = os.Stdin)", m[0], r.prog, "checkpoint child")
		}
		return grade.Errorf("your program started no child: the process table never showed a process below it (pid %d)", r.prog)
	}
	r.watch.mu.Lock()
	snap := r.watch.biggest
	r.watch.mu.Unlock()
	t.AttachTree(snap)
	return grade.Errorf("your program started %d processes (pids %s), want exactly one child", len(pids), forkJoin(pids))
}

func checkForkOwnMemory(t *grade.T) error {
	r, err := runFork(t)
	if err != nil {
		return err
	}
	want := r.start + r.delta
	m := forkFind(r.lines, forkChildRe)
	if m == nil {
		if err := r.broken(); err != nil {
			return err
		}
		return grade.Errorf("no line like %q: the child must print the value it sees after adding DELTA", fmt.Sprintf("child pid=N value=%d", want))
	}
	if v := forkAtoi(m[2]); v != want {
		return grade.Errorf("the child printed value=%d, want %d (START %d + DELTA %d)", v, want, r.start, r.delta)
	}
	pm := forkFind(r.lines, forkParentRe)
	if pm == nil {
		if err := r.broken(); err != nil {
			return err
		}
		return grade.Errorf("no line like %q: the parent must print its own value after the child has ended", fmt.Sprintf("parent pid=%d value=%d", r.prog, r.start))
	}
	if pid := forkAtoi(pm[1]); pid != r.prog {
		return grade.Errorf("the parent line says pid=%d, but your program (the parent) is pid %d", pid, r.prog)
	}
	switch v := forkAtoi(pm[2]); {
	case v == r.start:
		return nil
	case v == want:
		return grade.Errorf("the parent printed value=%d, want %d: the child's change reached the parent, so they share memory. A goroutine shares its program's memory; a child process has its own", v, r.start)
	default:
		return grade.Errorf("the parent printed value=%d, want %d: START, which the parent never changes", v, r.start)
	}
}

func checkForkWaits(t *grade.T) error {
	r, err := runFork(t)
	if err != nil {
		return err
	}
	// Ground truth first: a child the checker had to adopt was not waited
	// for, whatever the program printed.
	r.watch.mu.Lock()
	adopted := make([]proc.Process, 0, len(r.watch.adopted))
	for _, p := range r.watch.adopted {
		adopted = append(adopted, p)
	}
	ignores := r.watch.ignoresChld
	r.watch.mu.Unlock()
	if ignores {
		return grade.Errorf("your program ignores SIGCHLD (signal.Ignore): the kernel removed the child as soon as it ended, so the parent's wait found nothing to wait for. Leave SIGCHLD alone and call cmd.Wait()")
	}
	if len(adopted) > 0 {
		sort.Slice(adopted, func(i, j int) bool { return adopted[i].PID < adopted[j].PID })
		return grade.Errorf("your program ended while its child (pid %d) was still there (%s): the child was adopted by the checker, so the parent never waited for it", adopted[0].PID, i18n.M(adopted[0].State.String()))
	}
	var c int
	if m := forkFind(r.lines, forkChildRe); m != nil {
		c = forkAtoi(m[1])
		if c == r.prog {
			return grade.Errorf("the child line's pid=%d is your program itself: there is no child process to wait for", c)
		}
	}
	// With more than one child (a wrong program), the reaped lines may come
	// in any order: look for the one about the child the first child line
	// names.
	var rm []string
	for _, l := range r.lines {
		if m := forkReapedRe.FindStringSubmatch(l); m != nil && (rm == nil || c != 0 && forkAtoi(m[1]) == c) {
			rm = m
		}
	}
	if rm == nil {
		if err := r.broken(); err != nil {
			return err
		}
		return grade.Errorf("no line like %q: after the child has ended, the parent must wait for it (cmd.Wait) and say so", "parent reaped child pid=N status=0")
	}
	reaped := forkAtoi(rm[1])
	if c != 0 && reaped != c {
		return grade.Errorf("the parent says it reaped pid=%d, but the child is pid %d", reaped, c)
	}
	if st := forkAtoi(rm[2]); st != 0 {
		return grade.Errorf("the parent reports status=%d; the child returns from main, so want 0", st)
	}
	if r.reapedSnap == nil {
		if err := r.broken(); err != nil {
			return err
		}
		return grade.Errorf("no line %q after %q: the parent must pause there so the checker can see that the child is gone", "checkpoint reaped", rm[0])
	}
	if p, ok := r.reapedSnap.Get(reaped); ok && reaped != r.prog {
		t.AttachTree(*r.reapedSnap)
		if p.State == proc.Zombie {
			return grade.Errorf("at %q the child (pid %d) was still in the process table as a zombie: it had ended but nobody had waited for it. Call cmd.Wait() before you say it was reaped", "checkpoint reaped", reaped)
		}
		return grade.Errorf("at %q the child (pid %d) was still running: the parent must wait until the child has ended", "checkpoint reaped", reaped)
	}
	return nil
}
