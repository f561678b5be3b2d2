package proc

import (
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseStat(t *testing.T) {
	t.Run("a command name with spaces and parentheses is split at the last )", func(t *testing.T) {
		line := "4712 (my (odd) prog) Z 4711 4711 4711 0 -1 4194560 0 0 0 0 7 3 0 0 20 0 1 0 123456 0 0 " +
			"18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0"
		p, err := parseStat(4712, []byte(line))
		require.NoError(t, err)
		assert.Equal(t, "my (odd) prog", p.Comm)
		assert.Equal(t, Zombie, p.State)
		assert.Equal(t, 4711, p.PPID)
		assert.Equal(t, 4711, p.PGID)
		assert.Equal(t, 100*time.Millisecond, p.CPU, "utime 7 + stime 3 ticks")
		assert.Equal(t, 1, p.Threads)
		assert.Equal(t, 17, p.ExitSignal, "an ordinary child ends with SIGCHLD")
		assert.False(t, p.Hidden())
	})
	t.Run("an empty stat is a process that is gone", func(t *testing.T) {
		_, err := parseStat(1, nil)
		assert.ErrorIs(t, err, errGone)
	})
}

func TestParsePSLine(t *testing.T) {
	p, err := parsePSLine("  4712  4711  4711 Z    00:00:01 Tue Nov 24 16:03:16 2026 exe <defunct>")
	require.NoError(t, err)
	assert.Equal(t, Process{PID: 4712, PPID: 4711, PGID: 4711, State: Zombie, CPU: time.Second,
		Start: time.Date(2026, 11, 24, 16, 3, 16, 0, time.UTC), Comm: "exe", ExitSignal: 17}, p)
}

// TestProcfsAndPSAgree starts a sleeping child and a zombie and reads the
// table both ways: the two sources must tell the same story.
func TestProcfsAndPSAgree(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc is Linux only")
	}
	if _, err := exec.LookPath("ps"); err != nil {
		t.Skip("no ps on this machine")
	}
	sleeper := exec.Command("sleep", "30")
	require.NoError(t, sleeper.Start())
	defer func() { _ = sleeper.Process.Kill(); _ = sleeper.Wait() }()
	zombie := exec.Command("true")
	require.NoError(t, zombie.Start())
	defer func() { _ = zombie.Wait() }()

	// Wait until the zombie is one and the sleeper sleeps.
	require.Eventually(t, func() bool {
		snap, err := Procfs{}.Snapshot()
		require.NoError(t, err)
		z, ok1 := snap.Get(zombie.Process.Pid)
		s, ok2 := snap.Get(sleeper.Process.Pid)
		return ok1 && ok2 && z.State == Zombie && s.State == Sleeping
	}, 5*time.Second, 10*time.Millisecond)

	fromProc, err := Procfs{}.Snapshot()
	require.NoError(t, err)
	fromPS, err := PS{}.Snapshot()
	require.NoError(t, err)

	for _, pid := range []int{os.Getpid(), sleeper.Process.Pid, zombie.Process.Pid} {
		a, ok := fromProc.Get(pid)
		require.True(t, ok, "pid %d in /proc", pid)
		b, ok := fromPS.Get(pid)
		require.True(t, ok, "pid %d in ps", pid)
		assert.Equal(t, a.PPID, b.PPID, "ppid of %d", pid)
		assert.Equal(t, a.PGID, b.PGID, "pgid of %d", pid)
		assert.Equal(t, a.Comm, b.Comm, "comm of %d", pid)
		assert.WithinDuration(t, a.Start, b.Start, 2*time.Second, "start of %d", pid)
		if pid != os.Getpid() { // the test itself may be running or sleeping
			assert.Equal(t, a.State, b.State, "state of %d", pid)
		}
	}
	assert.Equal(t, Zombie, fromPS.Procs[zombie.Process.Pid].State, "ps sees the zombie")

	kidsA, kidsB := fromProc.Children(os.Getpid()), fromPS.Children(os.Getpid())
	pids := func(ps []Process) (out []int) {
		for _, p := range ps {
			out = append(out, p.PID)
		}
		return out
	}
	assert.Equal(t, pids(kidsA), pids(kidsB), "the same children")
	assert.Len(t, Zombies(fromProc.Descendants(os.Getpid())), 1, "one zombie below the test")
}

func TestTreePicture(t *testing.T) {
	snap := Snapshot{Procs: map[int]Process{
		10: {PID: 10, PPID: 1, State: Sleeping, Comm: "checker", ExitSignal: 17},
		11: {PID: 11, PPID: 10, State: Sleeping, Comm: "zombie", ExitSignal: 17},
		12: {PID: 12, PPID: 11, State: Zombie, Comm: "exe", ExitSignal: 17},
		13: {PID: 13, PPID: 11, State: Running, Comm: "exe", ExitSignal: 17},
		14: {PID: 14, PPID: 10, State: Sleeping, Comm: "exe", ExitSignal: 17},
		15: {PID: 15, PPID: 11, State: Running, Comm: "zombie"}, // the Go runtime's pidfd probe
	}}
	want := "" +
		"10 checker  sleeping   ← checker\n" +
		"├── 11 zombie  sleeping   ← your program\n" +
		"│   ├── 12 exe  zombie\n" +
		"│   └── 13 exe  running\n" +
		"└── 14 exe  sleeping   ← adopted"
	got := snap.Tree(10, map[int]string{10: "checker", 11: "your program", 14: "adopted"})
	assert.Equal(t, want, got)
	assert.Equal(t, []int{11, 14, 12, 13}, func() (out []int) {
		for _, p := range snap.Descendants(10) {
			out = append(out, p.PID)
		}
		return out
	}(), "descendants come parents first")
}

// TestSnapshotWhileProcessesComeAndGo reads the table many times while
// short-lived processes start and end: a process that ends mid-read is left
// out, never an error.
func TestSnapshotWhileProcessesComeAndGo(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc is Linux only")
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
				_ = exec.Command("true").Run()
			}
		}
	}()
	defer func() { close(stop); <-done }()
	for i := 0; i < 200; i++ {
		_, err := Procfs{}.Snapshot()
		require.NoError(t, err, "snapshot %d", i)
	}
}
