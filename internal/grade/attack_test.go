package grade_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"math/rand"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/workbook"

	"forkroom/internal/checks"
	"forkroom/internal/grade"
	"forkroom/internal/proc"
	"forkroom/internal/sandbox"
)

// The attack suite: known-hostile submissions of lesson 01 (testdata/attack,
// one attack each, on top of the reference solution) graded inside a small
// class, between two honest students, as `checker grade` grades them
// (grade.IsolateRequired). Each attack is judged by what the test finds on
// the host afterwards, not by what the attacker says it did.

// teacher is the machine the class is graded on, as the attackers see it:
// the folders and processes they aim at, and what the test watches.
type teacher struct {
	root, home, class, out, checker string
	secret, marker                  string
	decoy                           *exec.Cmd
	decoyOut                        *syncBuffer
	listeners                       []*listener
	targets                         map[string]string // Go constants for targets.go
}

// syncBuffer is a bytes.Buffer that a goroutine fills.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// listener is a service of the teacher's: it counts what reaches it.
type listener struct {
	name string
	addr string
	mu   sync.Mutex
	got  int
	stop func()
}

func (l *listener) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.got
}

func (l *listener) hit() {
	l.mu.Lock()
	l.got++
	l.mu.Unlock()
}

func listenTCP(t *testing.T, name, host string) *listener {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	require.NoError(t, err)
	l := &listener{name: name, addr: ln.Addr().String(), stop: func() { ln.Close() }}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			l.hit()
			c.Close()
		}
	}()
	return l
}

func listenUDP(t *testing.T, name, host string) *listener {
	c, err := net.ListenPacket("udp", net.JoinHostPort(host, "0"))
	require.NoError(t, err)
	l := &listener{name: name, addr: c.LocalAddr().String(), stop: func() { c.Close() }}
	go func() {
		buf := make([]byte, 2048)
		for {
			if _, _, err := c.ReadFrom(buf); err != nil {
				return
			}
			l.hit()
		}
	}()
	return l
}

// lanAddress is an IPv4 address of this machine that is not loopback, or "".
func lanAddress() string {
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok && ipn.IP.To4() != nil && !ipn.IP.IsLoopback() {
			return ipn.IP.String()
		}
	}
	return ""
}

func newTeacher(t *testing.T) *teacher {
	root := t.TempDir()
	tc := &teacher{
		root: root, home: filepath.Join(root, "home"), class: filepath.Join(root, "class"),
		out: filepath.Join(root, "out"), checker: filepath.Join(root, "bin", "checker"),
		secret: fmt.Sprintf("secret-%x", rand.Int63()), marker: fmt.Sprintf("forkroom-attack-%x", rand.Int63()),
	}
	for _, d := range []string{tc.home, filepath.Join(tc.home, ".config"), tc.class, tc.out, filepath.Dir(tc.checker)} {
		require.NoError(t, os.MkdirAll(d, 0o755))
	}
	require.NoError(t, os.WriteFile(filepath.Join(tc.home, ".bashrc"), []byte("# the teacher's\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(tc.out, "grades.csv"), []byte("name,points\nalice,8\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(tc.out, "grades.json"), []byte(`{"students":[]}`), 0o644))
	require.NoError(t, os.WriteFile(tc.checker, []byte("\x7fELF the checker\n"), 0o755))
	// The grader's own environment holds something the attackers want.
	t.Setenv("FORKROOM_TEACHER_SECRET", tc.secret)

	// A process of the teacher's, standing for the grader in the attacks
	// that name it by pid: it must be neither stopped, killed nor written
	// to.
	tc.decoyOut = &syncBuffer{}
	tc.decoy = exec.Command("sleep", "600")
	tc.decoy.Stdout, tc.decoy.Stderr = tc.decoyOut, tc.decoyOut
	require.NoError(t, tc.decoy.Start())
	t.Cleanup(func() { _ = tc.decoy.Process.Kill(); _ = tc.decoy.Wait() })

	tc.listeners = []*listener{listenTCP(t, "tcp on loopback", "127.0.0.1"), listenUDP(t, "udp on loopback", "127.0.0.1")}
	lanTCP, lanUDP := "", ""
	if lan := lanAddress(); lan != "" {
		tcp, udp := listenTCP(t, "tcp on "+lan, lan), listenUDP(t, "udp on "+lan, lan)
		tc.listeners = append(tc.listeners, tcp, udp)
		lanTCP, lanUDP = tcp.addr, udp.addr
	}
	t.Cleanup(func() {
		for _, l := range tc.listeners {
			l.stop()
		}
	})
	tc.targets = map[string]string{
		"targetClassmate":  strconv.Quote(filepath.Join(tc.class, "alice")),
		"targetOut":        strconv.Quote(tc.out),
		"targetChecker":    strconv.Quote(tc.checker),
		"targetHome":       strconv.Quote(tc.home),
		"targetCheckerPID": strconv.Itoa(os.Getpid()),
		"targetDecoyPID":   strconv.Itoa(tc.decoy.Process.Pid),
		"targetTCP":        strconv.Quote(tc.listeners[0].addr),
		"targetUDP":        strconv.Quote(tc.listeners[1].addr),
		"targetLANTCP":     strconv.Quote(lanTCP),
		"targetLANUDP":     strconv.Quote(lanUDP),
		"marker":           strconv.Quote(tc.marker),
	}
	return tc
}

// submission writes a student's copy of the workbook with lesson 01 made
// of files (name → content), and returns its folder.
func (tc *teacher) submission(t *testing.T, student string, files map[string]string) string {
	dir := filepath.Join(tc.class, student)
	lesson := filepath.Join(dir, "lessons", "01-files")
	require.NoError(t, os.MkdirAll(lesson, 0o755))
	gomod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), gomod, 0o644))
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(lesson, name), []byte(content), 0o644))
	}
	return dir
}

func readFile(t *testing.T, path string) string {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

// honest is a student's copy with the reference solution of lessons 01
// and 02, and a secret of theirs in a comment.
func (tc *teacher) honest(t *testing.T, student string) string {
	solution := readFile(t, filepath.Join("..", "..", "solutions", "01-files", "main.go"))
	dir := tc.submission(t, student, map[string]string{
		"main.go": solution + "\n// " + student + "'s secret: " + tc.secret + "\n",
	})
	fork := filepath.Join(dir, "lessons", "02-fork")
	require.NoError(t, os.MkdirAll(fork, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(fork, "main.go"), []byte(readFile(t, filepath.Join("..", "..", "solutions", "02-fork", "main.go"))), 0o644))
	return dir
}

// attacker is a copy whose lesson 01 is the reference solution plus one
// attack, told what it has learnt of the teacher's machine.
func (tc *teacher) attacker(t *testing.T, attack string) string {
	var targets strings.Builder
	targets.WriteString("package main\n\n// What the attacker has learnt of the teacher's machine.\nconst (\n")
	for name, value := range tc.targets {
		fmt.Fprintf(&targets, "\t%s = %s\n", name, value)
	}
	dir := filepath.Join(tc.class, "mallory-"+attack)
	fmt.Fprintf(&targets, "\ttargetOwn = %q\n)\n", dir)
	return tc.submission(t, "mallory-"+attack, map[string]string{
		"main.go":    readFile(t, filepath.Join("..", "..", "solutions", "01-files", "main.go")),
		"common.go":  readFile(t, filepath.Join("testdata", "attack", "common.go")),
		"attack.go":  readFile(t, filepath.Join("testdata", "attack", attack+".go")),
		"targets.go": targets.String(),
	})
}

// grade grades lesson 01 of a submission as a class run does.
func (tc *teacher) grade(t *testing.T, dir string) *grade.Result {
	res := grade.Grade(context.Background(), checks.Files(), filepath.Join(dir, "lessons", "01-files"), grade.Options{Isolation: grade.IsolateRequired})
	require.NotEqual(t, grade.Error, res.Status, "%v\n%s", res.Message, res.BuildOutput)
	assert.True(t, res.Sandboxed, "graded in a sandbox")
	assert.Empty(t, hostLeftovers(t), "nothing of the submission is left running on the host")
	return res
}

// output is everything the programs of a result printed.
func output(res *grade.Result) string {
	var b strings.Builder
	for _, c := range res.Checks {
		for _, o := range c.Outputs {
			for _, l := range o.Lines {
				b.WriteString(l.Text + "\n")
			}
		}
	}
	return b.String()
}

// hostLeftovers are the processes below this test process, as the host
// sees them.
func hostLeftovers(t *testing.T) []proc.Process {
	snap, err := proc.Default().Snapshot()
	require.NoError(t, err)
	var out []proc.Process
	for _, p := range snap.Descendants(os.Getpid()) {
		if p.Comm != "sleep" || p.PPID != os.Getpid() { // the decoy
			out = append(out, p)
		}
	}
	return out
}

// fingerprint sums every file and link under root, to tell whether any
// changed.
func fingerprint(t *testing.T, root string) string {
	h := sha256.New()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %v\n", p, d.Type())
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			fmt.Fprintf(h, "-> %s\n", target)
		case d.Type().IsRegular():
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			_, _ = io.Copy(h, f)
			f.Close()
		}
		return nil
	})
	require.NoError(t, err)
	return fmt.Sprintf("%x", h.Sum(nil))
}

func processState(pid int) proc.State {
	p, err := proc.Procfs{}.Process(pid)
	if err != nil {
		return proc.Dead
	}
	return p.State
}

func TestAttacks(t *testing.T) {
	if workbook.IsHandout(filepath.Join("..", "..")) {
		t.Skip("a handout has neither testdata/attack nor solutions/")
	}
	if err := sandbox.Available(); err != nil {
		t.Skipf("the kernel gives no sandbox here, so untrusted code is not graded at all and the attacks are not tried: %v", err)
	}
	tc := newTeacher(t)
	alice := tc.honest(t, "alice")
	bob := tc.honest(t, "bob")
	testBinary, _ := os.Executable()
	fingerprints := func() map[string]string {
		return map[string]string{"alice": fingerprint(t, alice), "bob": fingerprint(t, bob),
			"results": fingerprint(t, tc.out), "checker": fingerprint(t, filepath.Dir(tc.checker)),
			"home": fingerprint(t, tc.home)}
	}
	before := fingerprints()

	t.Run("an honest student graded first gets full marks", func(t *testing.T) {
		res := tc.grade(t, alice)
		assert.Equal(t, res.MaxPoints, res.Points, "alice's points")
	})

	for _, a := range []struct {
		attack, name string
		blocked      func(t *testing.T, res *grade.Result, out string)
	}{
		{"detect", "finding the grader and learning what it knows from /proc", func(t *testing.T, res *grade.Result, out string) {
			for what, s := range map[string]string{"the teacher's secret": tc.secret, "the class folder": tc.class,
				"the results folder": tc.out, "the checker's path": tc.checker, "the grader's binary": testBinary} {
				assert.NotContains(t, out, s, "the program learnt %s", what)
			}
		}},
		{"procspy", "reading the grader's environment and memory", func(t *testing.T, res *grade.Result, out string) {
			assert.NotContains(t, out, tc.secret, "the teacher's secret leaked")
			assert.NotRegexp(t, regexp.MustCompile(`procspy \d+ read [1-9]\d* bytes`), out, "memory of another process was read")
		}},
		{"litter", "leaving files in the teacher's home and /tmp", func(t *testing.T, res *grade.Result, out string) {
			for _, dir := range []string{tc.home, filepath.Join(tc.home, ".config"), "/tmp", "/var/tmp", "/dev/shm", "/", "/etc", "/usr/local/bin", tc.class} {
				assert.NoFileExists(t, filepath.Join(dir, tc.marker), "a file was left in %s", dir)
			}
		}},
		{"classmate", "reading and spoiling a classmate's lesson", func(t *testing.T, res *grade.Result, out string) {
			assert.NotContains(t, out, tc.secret, "alice's secret was read")
			assert.Equal(t, before["alice"], fingerprint(t, alice), "alice's folder changed")
		}},
		{"copycat", "copying a classmate's lessons into its own folder", func(t *testing.T, res *grade.Result, out string) {
			own := filepath.Join(tc.class, "mallory-copycat")
			assert.NoDirExists(t, filepath.Join(own, "lessons", "02-fork"), "a lesson was written into the submission")
			entries, err := os.ReadDir(filepath.Join(own, "lessons"))
			require.NoError(t, err)
			assert.Len(t, entries, 1, "the submission holds only its lesson 01")
		}},
		{"results", "replacing the results, now and after the checker is done", func(t *testing.T, res *grade.Result, out string) {
			time.Sleep(1500 * time.Millisecond) // its helper meant to strike 1 s later
			assert.Equal(t, before["results"], fingerprint(t, tc.out), "the results folder changed")
			assert.Equal(t, before["home"], fingerprint(t, tc.home), "the teacher's home changed")
		}},
		{"binary", "replacing the checker's binary", func(t *testing.T, res *grade.Result, out string) {
			assert.Equal(t, before["checker"], fingerprint(t, filepath.Dir(tc.checker)), "the checker's folder changed")
		}},
		{"killer", "killing or stopping the grader", func(t *testing.T, res *grade.Result, out string) {
			assert.Contains(t, []proc.State{proc.Sleeping, proc.Running}, processState(tc.decoy.Process.Pid), "the teacher's process named by pid was stopped or killed")
			assert.Less(t, res.Duration, 20*time.Second, "grading went on")
		}},
		{"stdout", "writing full marks into the grader's output", func(t *testing.T, res *grade.Result, out string) {
			assert.Empty(t, tc.decoyOut.String(), "something was written to the output of a process of the teacher's")
		}},
		{"rawexit", "a process whose main thread exits while its threads live on", func(t *testing.T, res *grade.Result, out string) {
			assert.Less(t, res.Duration-res.Build, 3*time.Second, "the clean-up did not wait for the live zombie")
			var zombie bool
			for _, c := range res.Checks {
				for _, p := range c.Leftovers {
					zombie = zombie || p.State == proc.Zombie
				}
			}
			assert.True(t, zombie, "the attack made its zombie with live threads (the engine saw it as a leftover)")
		}},
		{"memory", "taking 2 GiB of memory", func(t *testing.T, res *grade.Result, out string) {
			assert.NotContains(t, out, "memory allocated", "2 GiB were allocated")
			assert.Contains(t, out, "memory child: exit status", "the child that tried ended in failure")
		}},
		{"forkbomb", "starting 511 processes", func(t *testing.T, res *grade.Result, out string) {
			m := regexp.MustCompile(`forkbomb started (\d+) of 511`).FindStringSubmatch(out)
			require.NotNil(t, m, "the attack reports how many it started")
			started, _ := strconv.Atoi(m[1])
			assert.Less(t, started, 511, "every process was started")
			assert.Greater(t, started, 0, "the limit still lets a program start processes")
			left := 0
			for _, c := range res.Checks {
				left = max(left, len(c.Leftovers))
			}
			assert.Less(t, left, sandbox.MaxTasks, "processes the engine found left in the sandbox")
			t.Logf("started %d sleeping processes; the engine found %d left", started, left)
		}},
		{"network", "reaching TCP and UDP services of the teacher's machine", func(t *testing.T, res *grade.Result, out string) {
			time.Sleep(100 * time.Millisecond) // a datagram in flight
			for _, l := range tc.listeners {
				assert.Zero(t, l.count(), "%s at %s was reached", l.name, l.addr)
			}
		}},
		{"dns", "sending a DNS query", func(t *testing.T, res *grade.Result, out string) {
			assert.NotContains(t, out, "ANSWERED", "a DNS server answered")
			assert.Regexp(t, `dns lookup example.com: \[\] `, out, "the name was resolved")
		}},
	} {
		t.Run(a.name, func(t *testing.T) {
			dir := tc.attacker(t, a.attack)
			own := fingerprint(t, dir)
			res := tc.grade(t, dir)
			out := output(res)
			require.Contains(t, out, "ATTACK", "the attack ran")
			a.blocked(t, res, out)
			assert.Equal(t, own, fingerprint(t, dir), "the attacker's own submission changed")
			if t.Failed() || os.Getenv("ATTACK_SHOW") != "" {
				t.Logf("what the attacker printed:\n%s", out)
			}
		})
	}

	t.Run("an honest student graded last gets full marks", func(t *testing.T) {
		res := tc.grade(t, bob)
		assert.Equal(t, res.MaxPoints, res.Points, "bob's points")
	})
	t.Run("nothing of the teacher's changed", func(t *testing.T) {
		assert.Equal(t, before, fingerprints())
	})
}
