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

// SigChld grades lesson 10: `sigchld TICKS MS...` starts one child per MS
// and ticks every 100 ms while its children end, reaping them as SIGCHLD
// arrives (or letting the kernel reap them, with signal.Ignore).
//
// Both ways the lesson teaches pass: the checks look only at what a
// student can see from outside, the zombies in the process table, sampled
// every 25 ms while the program runs, and the pace of the ticks by the
// checker's clock. The "reaped" lines are not graded, since with
// signal.Ignore the parent never learns about its children's ends.
func SigChld() grade.Suite {
	return grade.Suite{Checks: []grade.Check{
		{
			ID: "children-ran", Title: "starts every child, and each one runs", Points: 2, Timeout: sigChldTimeout,
			Hint: "Call startChild once for every MS argument, before the ticks start; each child prints \"child pid=P ms=M\" itself.",
			Run:  checkSigChldChildren,
		},
		{
			ID: "no-zombies", Title: "no child stays a zombie while the parent works", Points: 3, Timeout: sigChldTimeout,
			Hint: "signal.Notify(ch, syscall.SIGCHLD), and on every signal call Wait4(-1, &ws, syscall.WNOHANG, nil) in a loop until it returns pid 0 or an error. Or let the kernel reap them: signal.Ignore(syscall.SIGCHLD).",
			Run:  checkSigChldNoZombies,
		},
		{
			ID: "ticks-flow", Title: "the parent's ticks never stall", Points: 3, Timeout: sigChldTimeout,
			Hint: "Never call a blocking Wait4 (options 0) or cmd.Wait in the tick loop: select on the ticker and the SIGCHLD channel, and reap with WNOHANG.",
			Run:  checkSigChldTicks,
		},
	}}
}

func init() {
	i18n.Register(map[string]string{
		"starts every child, and each one runs": "每个子进程都启动了，而且都运行了",
		"Call startChild once for every MS argument, before the ticks start; each child prints \"child pid=P ms=M\" itself.": "tick 开始之前，每个 MS 参数调用一次 startChild；`child pid=P ms=M` 由子进程自己打印。",
		"no child stays a zombie while the parent works":                                                                     "父进程工作期间，没有子进程一直是僵尸",
		"signal.Notify(ch, syscall.SIGCHLD), and on every signal call Wait4(-1, &ws, syscall.WNOHANG, nil) in a loop until it returns pid 0 or an error. Or let the kernel reap them: signal.Ignore(syscall.SIGCHLD).": "用 signal.Notify(ch, syscall.SIGCHLD) 接收信号，每收到一个就循环调用 Wait4(-1, &ws, syscall.WNOHANG, nil)，直到它返回进程号 0 或者出错。也可以让内核去回收：signal.Ignore(syscall.SIGCHLD)。",
		"the parent's ticks never stall": "父进程的 tick 从不中断",
		"Never call a blocking Wait4 (options 0) or cmd.Wait in the tick loop: select on the ticker and the SIGCHLD channel, and reap with WNOHANG.": "不要在 tick 循环里调用会阻塞的 Wait4（选项为 0）或 cmd.Wait：用 select 同时等待 ticker 和 SIGCHLD 的通道，回收时用 WNOHANG。",

		"the lifetimes the checker gave, in ms":                                                                        "检查器给出的子进程寿命（毫秒）",
		"no line like %q: each child prints it as soon as it runs":                                                     "没有 %q 这样的行：每个子进程一运行就要打印它",
		"no child said it ran with ms=%d: want %d, got %d":                                                             "没有子进程报告自己以 ms=%[1]d 运行：应有 %[2]d 个，实际 %[3]d 个",
		"%d children said they ran with ms=%d, want %d":                                                                "有 %d 个子进程报告自己以 ms=%d 运行，应为 %d 个",
		"%q: pid %d was never seen in the process table as a child of your program (pid %d)":                           "%q：进程表里从来没有看到 %d 号进程是你的程序（进程号 %d）的子进程",
		"%d children said they ran, but they share %d pids":                                                            "有 %d 个子进程报告自己运行了，但进程号只有 %d 个",
		"pid %d stayed a zombie under your program for at least %s (limit %s): it ended and was not reaped":            "%d 号进程在你的程序下面当了至少 %s的僵尸（上限 %s）：它已经结束，却没有被回收",
		"pid %d was still a zombie under your program at %q":                                                           "到 %[2]q 时，%[1]d 号进程还是你的程序下面的僵尸",
		"zombies seen under your program in samples every 25 ms (pid, for how long)":                                   "每 25 毫秒采样一次，在你的程序下面看到的僵尸（进程号、持续多久）",
		"processes when the zombie was last seen (pid, command, state)":                                                "最后一次看到僵尸时的进程（进程号、命令、状态）",
		"no line like %q: the parent prints one every 100 ms":                                                          "没有 %q 这样的行：父进程每 100 毫秒打印一行",
		"got %d ticks, want %d (n=1 to n=%d)":                                                                          "收到 %d 个 tick，应为 %d 个（n=1 到 n=%d）",
		"tick %d is %q, want %q":                                                                                       "第 %d 个 tick 是 %q，应为 %q",
		"the first tick came %s after your program started (limit %s): the parent was held up before it began to work": "你的程序启动 %s之后才出现第一个 tick（上限 %s）：父进程在开始工作之前被耽搁了",
		"%q came %s after %q (limit %s): the parent stopped working in between, blocked while it waited for a child?":  "%[1]q 在 %[3]q 之后 %[2]s才出现（上限 %[4]s）：父进程在这中间停止了工作，是不是阻塞在等待子进程上了？",
		"the ticks as they arrived (n, seconds after start)":                                                           "tick 到达的时间（n，启动后的秒数）",
		"child pid %d (ms=%d) had ended %s after your program started, by the process table, before its %d ms were up: each child must live until its time, and nobody may end it early": "按进程表，子进程 %d（ms=%d）在你的程序启动 %s 后就已结束，没到它的 %d 毫秒：每个子进程都要活到它的时间，谁也不能提前结束它",
		"%q came %s after your program started, before %s: the parent must tick once every 100 ms while its children come and go, not print its ticks all at once":                       "%q 在你的程序启动 %s 后就出现了，早于 %s：父进程要在子进程来来去去的同时每 100 毫秒打印一次 tick，而不是一下子把 tick 全打印出来",
	})
}

// sigChldTimeout bounds each check: the run takes about 4 s, or 5 s when
// the ticks stall.
const sigChldTimeout = 20 * time.Second

// sigChldZombieLimit is how long a zombie may be seen. Reaping on SIGCHLD
// takes well under a millisecond and the kernel reaps at once under
// signal.Ignore, but on a loaded machine a sample may catch a zombie whose
// parent has not been scheduled yet (seen: 0.15 s at load 8 on 2 cores). A
// program that reaps nothing leaves its zombies for 2.4 s or more.
const sigChldZombieLimit = time.Second

// sigChldTickLimit is the longest gap allowed between two ticks (they come
// every 100 ms), and from the start to the first; at load 10 on 2 cores a
// correct program was seen to miss 0.55 s. The long child lives 2.9-3.2 s;
// the others end by 0.9 s. A parent that reaps one child per tick with a
// blocking wait has reaped the 12-14 others by 1.55 s at most (one at the
// first burst, then one per tick), and then stalls until the long one ends:
// 1.35 s or more.
const sigChldTickLimit = 900 * time.Millisecond

const sigChldCheckpoint = "checkpoint done"

// sigChldTickEvery is the pace of the ticks the lesson asks for.
const sigChldTickEvery = 100 * time.Millisecond

// sigChldClockSlack allows for the process table's start time, truncated to
// the 10 ms clock tick, when a time is measured from the program's start.
const sigChldClockSlack = 20 * time.Millisecond

// sigChldBursts is how many times several children end at once. Measured
// here with a parent that calls Wait4 once per signal, idle: a burst of four
// lost no signal in about 3 runs of 10, a burst of eight in 1 of 20; two
// bursts of six in none of 60. With a core kept busy and other lessons
// graded beside it, the children of a burst no longer always ended within
// one signal's delivery (1 pass in 9 class runs), so the checker now holds
// the parent (SIGSTOP) from just before each burst until its children have
// ended, and lets it go on (SIGCONT): their SIGCHLDs are then one pending
// signal, as they would be for a parent the system did not schedule for a
// moment, and a parent that reaps once per signal leaves zombies every
// time.
const sigChldBursts = 2

// sigChldHoldBefore is how long before a burst the parent is held, and
// sigChldHoldMost the longest it is held: well under the 900 ms a tick
// may be late (sigChldTickLimit).
const (
	sigChldHoldBefore = 40 * time.Millisecond
	sigChldHoldMost   = 300 * time.Millisecond
)

var (
	sigChldChildRe = regexp.MustCompile(`^child\s+pid=(\d+)\s+ms=(\d+)`)
	sigChldTickRe  = regexp.MustCompile(`^tick\s+n=(\d+)`)
)

type sigChldRun struct {
	ticks     int
	lifetimes []int
	pid       int
	started   time.Time
	lines     []grade.Line
	children  map[int]time.Time // seen in the table as the program's children
	zombies   []tableZombie     // under the program while it ran
	end       proc.Snapshot     // the table at its checkpoint
	// begun is when the program started by the process table (a little
	// before the checker's clock says it did, when the table knows).
	begun time.Time
	lives map[int]*procLife // the program's children, by pid
	// noCheckpoint is why the program never reached "checkpoint done".
	noCheckpoint error
}

func runSigChld(t *grade.T) (*sigChldRun, error) {
	return grade.Once(t, "sigchld", func(t *grade.T) (*sigChldRun, error) {
		r := &sigChldRun{}
		// Children end in bursts: twice, six or seven of them end at
		// the same instant (startChild fixes each child's end from the
		// parent's start, to the millisecond), so that their SIGCHLDs
		// arrive as fewer signals than there are children. A parent
		// that calls Wait4 once per signal leaves zombies, and they
		// stay: the last child ends 2 s or more after the last burst,
		// and nothing else signals before. The bursts are 0.45 s apart
		// or more so that a parent that reaps one child per tick, with
		// a blocking wait, never keeps a zombie for 1 s: it must fail
		// on its ticks alone.
		at := 250 + t.Rand.Intn(100)
		var bursts []int
		for b := 0; b < sigChldBursts; b++ {
			bursts = append(bursts, at)
			for i := 0; i < 6+t.Rand.Intn(2); i++ {
				r.lifetimes = append(r.lifetimes, at)
			}
			at += 450 + t.Rand.Intn(100)
		}
		r.lifetimes = append(r.lifetimes, 2900+t.Rand.Intn(300))
		t.Rand.Shuffle(len(r.lifetimes), func(i, j int) { r.lifetimes[i], r.lifetimes[j] = r.lifetimes[j], r.lifetimes[i] })
		longest := 0
		for _, ms := range r.lifetimes {
			longest = max(longest, ms)
		}
		r.ticks = (longest+600)/100 + 1
		args := []string{strconv.Itoa(r.ticks)}
		for _, ms := range r.lifetimes {
			args = append(args, strconv.Itoa(ms))
		}
		t.Attach(i18n.M("the lifetimes the checker gave, in ms"), strings.Join(args[1:], " "))

		table := startTableLog(t, 25*time.Millisecond)
		p, err := t.Start(args...)
		if err != nil {
			table.Stop()
			return nil, err
		}
		r.pid, r.started = p.PID(), p.Started
		held := make(chan struct{})
		go func() {
			defer close(held)
			seen := map[int]bool{}
			for _, ms := range bursts {
				holdThroughBurst(t, p, r.lifetimes, ms, seen)
			}
		}()
		_, _, r.noCheckpoint = p.Expect("^" + sigChldCheckpoint)
		<-held
		snaps, err := table.Stop()
		if err != nil {
			return nil, err
		}
		r.end = snaps[len(snaps)-1]
		r.children = table.children(snaps, r.pid)
		r.lives = table.Lives(r.pid)
		r.begun = r.started
		for _, s := range snaps {
			if me, ok := s.Get(r.pid); ok && !me.Start.IsZero() && me.Start.Before(r.begun) {
				r.begun = me.Start
				break
			}
		}
		r.zombies = tableZombies(snaps, r.pid)
		if r.noCheckpoint == nil {
			if err := p.Send(""); err != nil {
				return nil, err
			}
			if _, err := p.Wait(); err != nil {
				return nil, err
			}
		}
		r.lines = p.Lines()
		return r, nil
	})
}

func checkSigChldChildren(t *grade.T) error {
	r, err := runSigChld(t)
	if err != nil {
		return err
	}
	got := map[int]int{} // ms → children that said so
	pids := map[int]bool{}
	var said []grade.Line
	for _, l := range r.lines {
		if m := sigChldChildRe.FindStringSubmatch(l.Text); m != nil && l.Stream == grade.Stdout {
			ms, _ := strconv.Atoi(m[2])
			pid, _ := strconv.Atoi(m[1])
			got[ms]++
			pids[pid] = true
			said = append(said, l)
		}
	}
	if len(said) == 0 {
		return grade.Errorf("no line like %q: each child prints it as soon as it runs", "child pid=P ms=M")
	}
	want := map[int]int{}
	for _, ms := range r.lifetimes {
		want[ms]++
	}
	mss := make([]int, 0, len(want))
	for ms := range want {
		mss = append(mss, ms)
	}
	sort.Ints(mss)
	for _, ms := range mss {
		switch {
		case got[ms] == 0:
			return grade.Errorf("no child said it ran with ms=%d: want %d, got %d", ms, want[ms], 0)
		case got[ms] != want[ms]:
			return grade.Errorf("%d children said they ran with ms=%d, want %d", got[ms], ms, want[ms])
		}
	}
	if len(pids) != len(said) {
		return grade.Errorf("%d children said they ran, but they share %d pids", len(said), len(pids))
	}
	for _, l := range said {
		m := sigChldChildRe.FindStringSubmatch(l.Text)
		pid, _ := strconv.Atoi(m[1])
		ms, _ := strconv.Atoi(m[2])
		if _, ok := r.children[pid]; !ok {
			return grade.Errorf("%q: pid %d was never seen in the process table as a child of your program (pid %d)", l.Text, pid, r.pid)
		}
		// Each child ends MS after the program started, not before: the
		// table shows when it was gone.
		if life := r.lives[pid]; life != nil && !life.EndedBy.IsZero() {
			if ended := life.EndedBy.Sub(r.begun); ended < time.Duration(ms)*time.Millisecond-sigChldClockSlack {
				return grade.Errorf("child pid %d (ms=%d) had ended %s after your program started, by the process table, before its %d ms were up: each child must live until its time, and nobody may end it early", pid, ms, waitSeconds(ended), ms)
			}
		}
	}
	return r.noCheckpoint
}

func checkSigChldNoZombies(t *grade.T) error {
	r, err := runSigChld(t)
	if err != nil {
		return err
	}
	if r.noCheckpoint != nil {
		return r.noCheckpoint
	}
	seen := localized(func(l i18n.Lang) string {
		if len(r.zombies) == 0 {
			return "-"
		}
		var b strings.Builder
		for _, z := range r.zombies {
			fmt.Fprintf(&b, "%s  %s\n", i18n.M("pid %d", z.PID).In(l), waitSeconds(z.Seen()).In(l))
		}
		return strings.TrimRight(b.String(), "\n")
	})
	t.Attach(i18n.M("zombies seen under your program in samples every 25 ms (pid, for how long)"), seen)
	for _, z := range r.zombies {
		if z.Seen() > sigChldZombieLimit {
			t.Attach(i18n.M("processes when the zombie was last seen (pid, command, state)"), t.Picture(z.Snap))
			return grade.Errorf("pid %d stayed a zombie under your program for at least %s (limit %s): it ended and was not reaped", z.PID, waitSeconds(z.Seen()), waitSeconds(sigChldZombieLimit))
		}
	}
	// A zombie still there at the end, however new, was never reaped:
	// every child ended long before the last tick.
	for _, c := range r.end.Children(r.pid) {
		if c.State == proc.Zombie {
			t.Attach(i18n.M("processes when the zombie was last seen (pid, command, state)"), t.Picture(r.end))
			return grade.Errorf("pid %d was still a zombie under your program at %q", c.PID, sigChldCheckpoint)
		}
	}
	return nil
}

func checkSigChldTicks(t *grade.T) error {
	r, err := runSigChld(t)
	if err != nil {
		return err
	}
	var ticks []grade.Line
	for _, l := range r.lines {
		if l.Stream == grade.Stdout && sigChldTickRe.MatchString(l.Text) {
			ticks = append(ticks, l)
		}
	}
	if len(ticks) == 0 {
		return grade.Errorf("no line like %q: the parent prints one every 100 ms", "tick n=1")
	}
	t.Attach(i18n.M("the ticks as they arrived (n, seconds after start)"), localized(func(lang i18n.Lang) string {
		var b strings.Builder
		for _, l := range ticks {
			fmt.Fprintf(&b, "%s  %s\n", l.Text, waitSeconds(l.At.Sub(r.started)).In(lang))
		}
		return strings.TrimRight(b.String(), "\n")
	}))
	for i, l := range ticks {
		want := fmt.Sprintf("tick n=%d", i+1)
		if m := sigChldTickRe.FindStringSubmatch(l.Text); m[1] != strconv.Itoa(i+1) {
			return grade.Errorf("tick %d is %q, want %q", i+1, l.Text, want)
		}
		// Tick n cannot come before n × 100 ms have passed: a program that
		// prints its ticks all at once is not working between them.
		if early := time.Duration(i+1)*sigChldTickEvery - sigChldClockSlack; l.At.Sub(r.begun) < early {
			return grade.Errorf("%q came %s after your program started, before %s: the parent must tick once every 100 ms while its children come and go, not print its ticks all at once", l.Text, waitSeconds(l.At.Sub(r.begun)), waitSeconds(early+sigChldClockSlack))
		}
		if i == 0 {
			if gap := l.At.Sub(r.started); gap > sigChldTickLimit {
				return grade.Errorf("the first tick came %s after your program started (limit %s): the parent was held up before it began to work", waitSeconds(gap), waitSeconds(sigChldTickLimit))
			}
			continue
		}
		if gap := l.At.Sub(ticks[i-1].At); gap > sigChldTickLimit {
			return grade.Errorf("%q came %s after %q (limit %s): the parent stopped working in between, blocked while it waited for a child?", l.Text, waitSeconds(gap), ticks[i-1].Text, waitSeconds(sigChldTickLimit))
		}
	}
	if len(ticks) != r.ticks {
		return grade.Errorf("got %d ticks, want %d (n=1 to n=%d)", len(ticks), r.ticks, r.ticks)
	}
	return r.noCheckpoint
}

// holdThroughBurst holds the program from just before its children of
// lifetime ms end until they have (by the process table: only the children
// with longer lifetimes still run) or sigChldHoldMost has passed, and then
// lets it go on. It always lets it go on. It holds the program only once
// every child has been seen in the table (seen collects them): a parent
// held before it has started a child would start it after its end time,
// and the child would end at once, too soon to be seen running. A parent
// that slow is not held, and the burst may send it a signal per child, as
// before the hold.
func holdThroughBurst(t *grade.T, p *grade.Program, lifetimes []int, ms int, seen map[int]bool) {
	if sigChldHold == nil {
		return
	}
	start := p.Started.Add(time.Duration(ms)*time.Millisecond - sigChldHoldBefore)
	children := func() (live int, ok bool) {
		snap, err := t.Snapshot()
		if err != nil {
			return 0, false
		}
		for _, c := range snap.Children(p.PID()) {
			seen[c.PID] = true
			if c.State != proc.Zombie {
				live++
			}
		}
		return live, true
	}
	for len(seen) < len(lifetimes) {
		if time.Now().After(start) || p.Exited() != nil {
			return
		}
		children()
		if t.Sleep(5*time.Millisecond) != nil {
			return
		}
	}
	if t.Sleep(time.Until(start)) != nil || p.Exited() != nil {
		return
	}
	longer := 0
	for _, l := range lifetimes {
		if l > ms {
			longer++
		}
	}
	if p.Signal(sigChldHold) != nil {
		return
	}
	defer p.Signal(sigChldRelease)
	deadline := time.Now().Add(sigChldHoldBefore + sigChldHoldMost)
	for time.Now().Before(deadline) {
		if t.Sleep(5*time.Millisecond) != nil {
			return
		}
		if live, ok := children(); ok && live <= longer {
			return
		}
	}
}
