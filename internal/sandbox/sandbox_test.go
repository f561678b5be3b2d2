//go:build linux

package sandbox

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/proc"
)

// helperEnv makes the test binary, started in a sandbox as /proc/self/exe,
// play a small program instead of running the tests.
const helperEnv = "SANDBOX_TEST_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		os.Exit(m.Run())
	case "hold":
		// Play a checker that dies: make a sandbox with a program in it,
		// say PID 1's host pid, and wait to be killed.
		s, err := New(Config{})
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		null, _ := os.Open(os.DevNull)
		if _, err := s.Start(Cmd{Path: "/bin/sleep", Args: []string{"100"}, Dir: "/", Stdin: null, Stdout: null, Stderr: null}); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println(s.HostPID())
		time.Sleep(time.Hour)
	case "udp-send":
		// Send one datagram to $ADDR and say whether the system took it.
		c, err := net.Dial("udp", os.Getenv("ADDR"))
		if err == nil {
			_, err = c.Write([]byte("hello from inside"))
		}
		fmt.Println("sent:", err)
	}
	os.Exit(0)
}

// needSandbox skips a test where the kernel refuses namespaces.
func needSandbox(t *testing.T) {
	t.Helper()
	if err := Available(); err != nil {
		t.Skipf("no sandbox on this machine: %v", err)
	}
}

// world is a sandbox with a writable folder, closed when the test ends.
func world(t *testing.T) (*Sandbox, string) {
	t.Helper()
	needSandbox(t)
	dir := t.TempDir()
	// The sandbox's user must get through to it (nobody, when the tests
	// run as root).
	uid, gid := User()
	require.NoError(t, os.Chown(dir, uid, gid))
	require.NoError(t, os.Chmod(filepath.Dir(dir), 0o711))
	s, err := New(Config{Writable: []string{dir}})
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, dir
}

// run starts a program in s and returns it with its output (both streams)
// once it has ended.
func run(t *testing.T, s *Sandbox, dir, path string, env []string, args ...string) (*Process, string) {
	t.Helper()
	p, out := start(t, s, dir, path, env, args...)
	select {
	case <-p.Done():
	case <-time.After(10 * time.Second):
		t.Fatalf("%s %q did not end", path, args)
	}
	return p, out()
}

func start(t *testing.T, s *Sandbox, dir, path string, env []string, args ...string) (*Process, func() string) {
	t.Helper()
	null, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer null.Close()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	p, err := s.Start(Cmd{Path: path, Args: args, Env: append([]string{"PATH=/usr/bin:/bin"}, env...), Dir: dir,
		Stdin: null, Stdout: w, Stderr: w})
	w.Close()
	require.NoError(t, err)
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() { _, _ = io.Copy(&buf, r); r.Close(); close(done) }()
	return p, func() string {
		select {
		case <-done:
		case <-time.After(5 * time.Second):
		}
		return buf.String()
	}
}

func sh(t *testing.T, s *Sandbox, dir, script string) (*Process, string) {
	t.Helper()
	return run(t, s, dir, "/bin/sh", nil, "-c", script)
}

func TestAvailable(t *testing.T) {
	t.Run("FORKROOM_NO_SANDBOX turns it off, and the reason says so in both languages", func(t *testing.T) {
		t.Setenv(offEnv, "1")
		err := Available()
		require.Error(t, err)
		var ue *UnavailableError
		require.ErrorAs(t, err, &ue)
		assert.Contains(t, err.Error(), offEnv)
		assert.Contains(t, ue.In(1), "沙箱")
	})
	t.Run("the answer here", func(t *testing.T) {
		if err := Available(); err != nil {
			t.Logf("no sandbox on this machine, and the reason given is: %v", err)
			return
		}
		t.Log("sandboxes can be made here")
	})
}

func TestWorld(t *testing.T) {
	s, dir := world(t)

	t.Run("a program is a child of the checker's process, below PID 1, with the pid the table shows", func(t *testing.T) {
		p, out := start(t, s, dir, "/bin/sh", nil, "-c", "echo $$ $PPID; sleep 0.5")
		time.Sleep(200 * time.Millisecond)
		snap, err := s.Procs().Snapshot()
		require.NoError(t, err)
		line := out()
		<-p.Done()
		assert.Equal(t, fmt.Sprintf("%d %d\n", p.PID, s.Parent()), line, "what the program printed: its pid and its parent's")
		assert.NotEqual(t, 1, s.Parent(), "a program that prints ppid=1 without asking is wrong here as outside")
		init, ok := snap.Get(1)
		require.True(t, ok, "PID 1 is in the table")
		assert.Equal(t, initName, init.Comm)
		parent, ok := snap.Get(s.Parent())
		require.True(t, ok, "the checker's process is in the table")
		assert.Equal(t, parentName, parent.Comm)
		assert.Equal(t, 1, parent.PPID)
		me, ok := snap.Get(p.PID)
		require.True(t, ok, "the program is in the table:\n%s", snap.Tree(1, nil))
		assert.Equal(t, s.Parent(), me.PPID)
		assert.Equal(t, p.PID, me.PGID, "it leads a process group of its own")
		assert.Equal(t, 0, p.Exit().Code)
	})

	t.Run("an orphan is adopted by the checker's process, and its zombie stays until the sandbox ends", func(t *testing.T) {
		p, out := sh(t, s, dir, "(sleep 0.2; exit 3) & echo $!")
		var orphan int
		_, err := fmt.Sscan(out, &orphan)
		require.NoError(t, err, "the program printed its child's pid: %q", out)
		assert.Equal(t, 0, p.Exit().Code, "the checker's process reaped the program it started")
		var got proc.Process
		deadline := time.Now().Add(3 * time.Second)
		for time.Now().Before(deadline) {
			snap, err := s.Procs().Snapshot()
			require.NoError(t, err)
			got = snap.Procs[orphan]
			if got.State == proc.Zombie {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		assert.Equal(t, proc.Zombie, got.State, "the orphan, once ended, is a zombie")
		assert.Equal(t, s.Parent(), got.PPID, "its parent is the checker's process, a subreaper")
		time.Sleep(300 * time.Millisecond)
		snap, err := s.Procs().Snapshot()
		require.NoError(t, err)
		assert.Equal(t, proc.Zombie, snap.Procs[orphan].State, "it is left for the checks to see")
	})

	// (When the checker is root, PID 1 and the checker's process are root
	// too and the programs may not even send them signals; otherwise they
	// may, and the two ignore every signal that can be ignored.)
	t.Run("PID 1 and the checker's process shrug off the signals programs send them", func(t *testing.T) {
		script := fmt.Sprintf("for s in TERM INT HUP QUIT USR1 USR2 SEGV ABRT PIPE ALRM CHLD; do kill -s $s 1 %d 2>/dev/null; done; kill -s KILL 1 2>/dev/null; kill -s STOP 1 2>/dev/null; echo sent", s.Parent())
		_, out := sh(t, s, dir, script)
		assert.Equal(t, "sent\n", out)
		time.Sleep(100 * time.Millisecond)
		snap, err := s.Procs().Snapshot()
		require.NoError(t, err)
		for _, pid := range []int{1, s.Parent()} {
			p, ok := snap.Get(pid)
			require.True(t, ok, "%d is still there", pid)
			assert.NotEqual(t, proc.Stopped, p.State, "%d is not stopped", pid)
		}
		p, _ := sh(t, s, dir, "exit 7")
		assert.Equal(t, 7, p.Exit().Code, "and programs still start")
	})

	t.Run("a program has no capabilities, no privileges to gain, and the sandbox's limits", func(t *testing.T) {
		_, out := sh(t, s, dir, "grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs)' /proc/self/status; cat /proc/self/limits")
		for _, set := range []string{"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"} {
			assert.Regexp(t, set+`:\s+0+\n`, out)
		}
		assert.Regexp(t, `NoNewPrivs:\s+1`, out)
		for limit, value := range map[string]int{"processes": MaxTasks, "data size": MaxData, "file size": MaxFileSize, "cpu time": MaxCPU, "core file size": 0} {
			assert.Regexp(t, fmt.Sprintf(`Max %s +%d `, limit, value), out)
		}
	})

	t.Run("the file system is read-only but for the writable folder, and hides the host", func(t *testing.T) {
		_, out := sh(t, s, dir, "for f in /etc/x /tmp/x /usr/x /x "+dir+"/ok; do touch $f 2>/dev/null && echo wrote $f; done; ls / | tr '\\n' ' '")
		assert.Equal(t, "wrote "+dir+"/ok\nbin dev etc lib lib64 proc sbin tmp usr ", strings.ReplaceAll(out, "lib32 ", ""))
		assert.FileExists(t, filepath.Join(dir, "ok"), "the file is in the host's folder")
	})

	t.Run("the network has loopback and the host's interfaces and addresses, all up", func(t *testing.T) {
		want := "lo\n"
		for _, i := range hostInterfaces() {
			want += i.Name + "\n"
		}
		_, out := sh(t, s, dir, "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort -u")
		assert.ElementsMatch(t, strings.Fields(want), strings.Fields(out))
		for _, i := range hostInterfaces() {
			for _, a := range i.Addrs {
				ip := strings.Split(a, "/")[0]
				if strings.Contains(ip, ":") {
					continue // /proc/net/fib_trie lists IPv4 only
				}
				_, out := sh(t, s, dir, "grep -c '"+ip+"' /proc/net/fib_trie")
				assert.NotEqual(t, "0\n", out, "%s is an address of the sandbox", ip)
			}
		}
	})
}

func TestListenUDP(t *testing.T) {
	s, dir := world(t)
	inside, err := s.ListenUDP(netip.MustParseAddrPort("127.0.0.1:0"))
	require.NoError(t, err)
	defer inside.Close()
	outside, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	defer outside.Close()

	t.Run("a program reaches a socket the checker made in the sandbox", func(t *testing.T) {
		_, out := run(t, s, dir, "/proc/self/exe", []string{helperEnv + "=udp-send", "ADDR=" + inside.LocalAddr().String()})
		assert.Equal(t, "sent: <nil>\n", out)
		_ = inside.SetReadDeadline(time.Now().Add(2 * time.Second))
		buf := make([]byte, 100)
		n, from, err := inside.ReadFromUDP(buf)
		require.NoError(t, err, "the datagram arrived")
		assert.Equal(t, "hello from inside", string(buf[:n]))
		assert.Equal(t, "127.0.0.1", from.IP.String())
	})
	t.Run("but not one of the host's, at the same kind of address", func(t *testing.T) {
		_, _ = run(t, s, dir, "/proc/self/exe", []string{helperEnv + "=udp-send", "ADDR=" + outside.LocalAddr().String()})
		_ = outside.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		_, _, err := outside.ReadFromUDP(make([]byte, 100))
		assert.Error(t, err, "nothing arrived on the host")
	})
	t.Run("NetDirs shows where its sockets are listed", func(t *testing.T) {
		assert.Contains(t, NetDirs(), s.NetDir())
		data, err := os.ReadFile(filepath.Join(s.NetDir(), "udp"))
		require.NoError(t, err)
		port := inside.LocalAddr().(*net.UDPAddr).Port
		assert.Contains(t, string(data), fmt.Sprintf("0100007F:%04X", port), "the socket is listed in the sandbox's network")
	})
}

func TestCloseEndsEverything(t *testing.T) {
	needSandbox(t)
	s, dir := world(t)
	p, _ := start(t, s, dir, "/bin/sh", nil, "-c", "sleep 100 & setsid sleep 100 & (trap '' TERM HUP; sleep 100) & wait")
	time.Sleep(300 * time.Millisecond)
	snap, err := s.Procs().Snapshot()
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(snap.Descendants(s.Parent())), 4, "the program and its children run:\n%s", snap.Tree(1, nil))
	host := s.HostPID()
	start := time.Now()
	require.NoError(t, s.Close())
	assert.Less(t, time.Since(start), time.Second, "closing is quick")
	select {
	case <-p.Done():
	default:
		t.Fatal("the program is not reported ended")
	}
	assert.Equal(t, syscall.SIGKILL, p.Exit().Signal)
	_, err = os.Stat(fmt.Sprintf("/proc/%d", host))
	assert.True(t, os.IsNotExist(err), "PID 1 is gone from the host's table")
	hs, err := proc.Default().Snapshot()
	require.NoError(t, err)
	assert.Empty(t, hs.Descendants(os.Getpid()), "nothing is left below the test")
	assert.NotContains(t, NetDirs(), fmt.Sprintf("/proc/%d/net", host))
}

func TestHostAddressesLeadNowhere(t *testing.T) {
	s, dir := world(t)
	for _, i := range hostInterfaces() {
		for _, a := range i.Addrs {
			ip := strings.Split(a, "/")[0]
			if strings.HasPrefix(ip, "fe80:") {
				continue
			}
			t.Run("a datagram to "+ip+" stays in the sandbox", func(t *testing.T) {
				host, err := net.ListenPacket("udp", net.JoinHostPort(ip, "0"))
				require.NoError(t, err)
				defer host.Close()
				inside, err := s.ListenUDP(netip.AddrPortFrom(netip.MustParseAddr(ip), 0))
				require.NoError(t, err, "the sandbox has the address %s", ip)
				defer inside.Close()
				for _, to := range []net.PacketConn{host, inside} {
					_, _ = run(t, s, dir, "/proc/self/exe", []string{helperEnv + "=udp-send", "ADDR=" + to.LocalAddr().String()})
				}
				_ = inside.SetReadDeadline(time.Now().Add(2 * time.Second))
				_, _, err = inside.ReadFrom(make([]byte, 100))
				assert.NoError(t, err, "a socket at the address inside the sandbox gets the datagram")
				_ = host.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
				_, _, err = host.ReadFrom(make([]byte, 100))
				assert.Error(t, err, "the host's socket at the same address gets nothing")
			})
		}
	}
}

// The cost of a sandbox, against plain child processes, side by side:
//
//	go test -run '^$' -bench . -benchtime 200x ./internal/sandbox
//
// "make" is a sandbox made and closed (once per check that runs a program);
// "start" is a program (/bin/true) started and reaped, in a sandbox or as
// an ordinary child.
func BenchmarkSandbox(b *testing.B) {
	if err := Available(); err != nil {
		b.Skipf("no sandbox here: %v", err)
	}
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	require.NoError(b, err)
	defer null.Close()
	b.Run("make", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			s, err := New(Config{})
			require.NoError(b, err)
			require.NoError(b, s.Close())
		}
	})
	b.Run("start/sandbox", func(b *testing.B) {
		s, err := New(Config{})
		require.NoError(b, err)
		defer s.Close()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			p, err := s.Start(Cmd{Path: "/bin/true", Dir: "/", Stdin: null, Stdout: null, Stderr: null})
			require.NoError(b, err)
			<-p.Done()
		}
	})
	b.Run("start/plain", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			cmd := exec.Command("/bin/true")
			cmd.Stdin, cmd.Stdout, cmd.Stderr = null, null, null
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			require.NoError(b, cmd.Run())
		}
	})
}

func TestTheSandboxDiesWithTheChecker(t *testing.T) {
	needSandbox(t)
	checker := exec.Command(os.Args[0], "-test.run=^$")
	checker.Env = append(os.Environ(), helperEnv+"=hold")
	out, err := checker.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, checker.Start())
	var init int
	_, err = fmt.Fscan(out, &init)
	require.NoError(t, err, "the helper made a sandbox")
	require.NoError(t, checker.Process.Kill())
	_ = checker.Wait()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(fmt.Sprintf("/proc/%d", init)); os.IsNotExist(err) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, err = os.Stat(fmt.Sprintf("/proc/%d", init))
	assert.True(t, os.IsNotExist(err), "PID 1 (host pid %d) ended with the checker", init)
}

func TestAStoppedParentEndsItsSandbox(t *testing.T) {
	s, dir := world(t)
	defer func(d time.Duration) { callTimeout = d }(callTimeout)
	callTimeout = 500 * time.Millisecond
	p, _ := start(t, s, dir, "/bin/sleep", nil, "100")
	// Stop the checker's process as a program running as the same user
	// could: PID 1's only child, on the host.
	host, err := proc.Default().Snapshot()
	require.NoError(t, err)
	kids := host.Children(s.HostPID())
	require.Len(t, kids, 1, "PID 1 has one child, the checker's process")
	require.NoError(t, syscall.Kill(kids[0].PID, syscall.SIGSTOP))

	null, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer null.Close()
	start := time.Now()
	_, err = s.Start(Cmd{Path: "/bin/true", Dir: "/", Stdin: null, Stdout: null, Stderr: null})
	assert.Error(t, err, "a request it cannot answer fails")
	t.Log(err)
	assert.Less(t, time.Since(start), 3*time.Second, "within the time a request may take")
	select {
	case <-p.Done():
		assert.Equal(t, syscall.SIGKILL, p.Exit().Signal, "the sandbox was ended, and its programs with it")
	case <-time.After(3 * time.Second):
		t.Fatal("the program is not reported ended")
	}
}

func TestResetAndHide(t *testing.T) {
	s, dir := world(t)
	// A program that leaves a daemon, an orphan that will be a zombie, and
	// a child of its own still running when it is killed.
	p, _ := start(t, s, dir, "/bin/sh", nil, "-c", "setsid sleep 100 & (exit 3) & sleep 100")
	time.Sleep(300 * time.Millisecond)

	require.NoError(t, s.Reset())
	select {
	case <-p.Done():
		assert.Equal(t, syscall.SIGKILL, p.Exit().Signal, "the program was killed, and its end reported")
	case <-time.After(2 * time.Second):
		t.Fatal("the program's end is not reported")
	}
	snap, err := s.Procs().Snapshot()
	require.NoError(t, err)
	var left []int
	for pid := range snap.Procs {
		left = append(left, pid)
	}
	assert.ElementsMatch(t, []int{1, s.Parent()}, left, "only PID 1 and the checker's process are left:\n%s", snap.Tree(1, nil))

	require.NoError(t, os.WriteFile(filepath.Join(dir, "before"), nil, 0o644))
	require.NoError(t, s.Hide(dir))
	_, out := sh(t, s, dir, "ls -A "+dir+"; touch "+dir+"/after 2>/dev/null || echo read-only")
	assert.Equal(t, "read-only\n", out, "the hidden folder is empty and read-only inside")
	assert.FileExists(t, filepath.Join(dir, "before"), "the checker still sees it")
	assert.NoFileExists(t, filepath.Join(dir, "after"))
}
