package proc

import (
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProcfsDetail reads what the lessons about waiting need from /proc: a
// zombie's exit status, a process's ignored signals, and which program a
// process runs.
func TestProcfsDetail(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc is Linux only")
	}
	t.Run("a zombie shows the status its parent's wait will return", func(t *testing.T) {
		exited := exec.Command("sh", "-c", "exit 42")
		require.NoError(t, exited.Start())
		defer func() { _ = exited.Wait() }()
		killed := exec.Command("sleep", "30")
		require.NoError(t, killed.Start())
		defer func() { _ = killed.Wait() }()
		require.NoError(t, killed.Process.Signal(syscall.SIGTERM))
		var a, b Process
		require.Eventually(t, func() bool {
			snap, err := Procfs{}.Snapshot()
			require.NoError(t, err)
			a, b = snap.Procs[exited.Process.Pid], snap.Procs[killed.Process.Pid]
			return a.State == Zombie && b.State == Zombie
		}, 5*time.Second, 10*time.Millisecond)
		code, sig, ok := a.Ended()
		assert.True(t, ok)
		assert.Equal(t, 42, code)
		assert.Zero(t, sig)
		code, sig, ok = b.Ended()
		assert.True(t, ok)
		assert.Equal(t, -1, code)
		assert.Equal(t, int(syscall.SIGTERM), sig)
		assert.True(t, a.Exe.IsZero(), "a zombie runs nothing")
	})
	t.Run("a running process has no wait status", func(t *testing.T) {
		p, err := Procfs{}.Process(os.Getpid())
		require.NoError(t, err)
		_, _, ok := p.Ended()
		assert.False(t, ok)
	})
	t.Run("SIGCHLD ignored shows in SigIgn, and a handler in SigCgt", func(t *testing.T) {
		p, err := Procfs{}.Process(os.Getpid())
		require.NoError(t, err)
		assert.False(t, p.Ignores(SIGCHLD))
		self, err := os.Executable()
		require.NoError(t, err)
		helper := exec.Command(self, "-test.run=^TestHelperIgnoresSIGCHLD$")
		helper.Env = append(os.Environ(), "FORKROOM_PROC_HELPER=1")
		require.NoError(t, helper.Start())
		defer func() { _ = helper.Process.Kill(); _ = helper.Wait() }()
		require.Eventually(t, func() bool {
			p, err := Procfs{}.Process(helper.Process.Pid)
			return err == nil && p.Ignores(SIGCHLD) && p.Catches(int(syscall.SIGUSR1))
		}, 5*time.Second, 10*time.Millisecond)
	})
	t.Run("two processes of one program have the same Exe, another program another", func(t *testing.T) {
		me, err := Procfs{}.Process(os.Getpid())
		require.NoError(t, err)
		self, err := os.Executable()
		require.NoError(t, err)
		sleeper := exec.Command("sleep", "30")
		require.NoError(t, sleeper.Start())
		defer func() { _ = sleeper.Process.Kill(); _ = sleeper.Wait() }()
		other, err := Procfs{}.Process(sleeper.Process.Pid)
		require.NoError(t, err)
		assert.False(t, me.Exe.IsZero())
		assert.Equal(t, self, me.ExePath)
		assert.NotEqual(t, me.Exe, other.Exe)
		st, err := os.Stat(self)
		require.NoError(t, err)
		sys := st.Sys().(*syscall.Stat_t)
		assert.Equal(t, FileID{Dev: uint64(sys.Dev), Ino: sys.Ino}, me.Exe)
	})
	t.Run("a start time is precise enough to compare with the clock", func(t *testing.T) {
		before := time.Now()
		sleeper := exec.Command("sleep", "30")
		require.NoError(t, sleeper.Start())
		defer func() { _ = sleeper.Process.Kill(); _ = sleeper.Wait() }()
		after := time.Now()
		snap, err := Procfs{}.Snapshot()
		require.NoError(t, err)
		p := snap.Procs[sleeper.Process.Pid]
		// Start is truncated to the 10 ms clock tick.
		assert.False(t, p.Start.Before(before.Add(-20*time.Millisecond)), "started %s before the call", before.Sub(p.Start))
		assert.False(t, p.Start.After(after), "started %s after the call returned", p.Start.Sub(after))
	})
}

// TestHelperIgnoresSIGCHLD is not a test: started by TestProcfsDetail, it
// ignores SIGCHLD, catches SIGUSR1 and sleeps until it is killed.
func TestHelperIgnoresSIGCHLD(t *testing.T) {
	if os.Getenv("FORKROOM_PROC_HELPER") != "1" {
		t.Skip("a helper process for TestProcfsDetail")
	}
	signal.Ignore(syscall.SIGCHLD)
	signal.Notify(make(chan os.Signal, 1), syscall.SIGUSR1)
	time.Sleep(time.Minute)
}
