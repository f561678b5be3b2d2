package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain lets the test binary act as the server command, so a test can
// run it as a child process and send it a real signal.
func TestMain(m *testing.M) {
	if os.Getenv("FORKROOM_RUN_SERVER") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu  sync.Mutex // protects buf
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

var readyLine = regexp.MustCompile(`level=INFO msg=listening addr=(\S+)`)

// waitReady waits for the ready line in the log and returns its address.
func waitReady(t *testing.T, log func() string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if m := readyLine.FindStringSubmatch(log()); m != nil {
			return m[1]
		}
		time.Sleep(10 * time.Millisecond) // polling a log, not asserting on time
	}
	t.Fatalf("no ready line; log:\n%s", log())
	return ""
}

type client struct {
	t    *testing.T
	conn *net.UDPConn
}

func dial(t *testing.T, addr string) *client {
	t.Helper()
	raddr, err := net.ResolveUDPAddr("udp4", addr)
	require.NoError(t, err)
	conn, err := net.DialUDP("udp4", nil, raddr)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	return &client{t: t, conn: conn}
}

func (c *client) send(s string) {
	_, err := c.conn.Write([]byte(s))
	require.NoError(c.t, err)
}

func (c *client) expect(want string) {
	c.t.Helper()
	buf := make([]byte, 2048)
	require.NoError(c.t, c.conn.SetReadDeadline(time.Now().Add(3*time.Second)))
	n, err := c.conn.Read(buf)
	require.NoError(c.t, err, "waiting for %q", want)
	assert.Equal(c.t, want, string(buf[:n]))
}

func TestRun(t *testing.T) {
	t.Run("stdin lines become announcements, the server outlives stdin, and stops on cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stdin, typing := io.Pipe()
		var stdout, stderr syncBuffer
		done := make(chan error, 1)
		go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, stdin, &stdout, &stderr) }()
		addr := waitReady(t, stderr.String)

		alice, bob := dial(t, addr), dial(t, addr)
		alice.send("L alice")
		alice.expect("OK")
		bob.send("L bob\n")
		bob.expect("OK\n") // bob types into nc: every datagram to him ends with a line end
		alice.expect("bob 进入了聊天室")

		_, err := io.WriteString(typing, "下课了\r\n")
		require.NoError(t, err)
		alice.expect("管理员消息： 下课了")
		bob.expect("管理员消息： 下课了\n")

		require.NoError(t, typing.Close()) // end of input
		alice.send("C alice 还在")
		bob.expect("alice ： 还在\n")

		cancel()
		alice.expect("管理员消息： 服务器关闭")
		bob.expect("管理员消息： 服务器关闭\n")
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(5 * time.Second):
			t.Fatal("run did not return after cancel")
		}
		log := stderr.String()
		for _, want := range []string{"msg=joined user=alice", "msg=announcement", "msg=shutdown", "msg=stopped"} {
			assert.Contains(t, log, want)
		}
	})

	t.Run("a bad flag is a usage error", func(t *testing.T) {
		var stderr syncBuffer
		err := run(context.Background(), []string{"-nope"}, nil, &stderr, &stderr)
		assert.ErrorIs(t, err, errUsage)
		assert.Contains(t, stderr.String(), "usage: server")
	})

	t.Run("the window shows where students connect, the room as it happens, the number online, and /who", func(t *testing.T) {
		s := startServer(t, "-lang", "en")
		assert.Contains(t, s.stdout.String(), "Students connect to:\n    "+s.addr+"\n")

		alice, bob := dial(t, s.addr), dial(t, s.addr)
		alice.send("L alice")
		alice.expect("OK")
		bob.send("L 小明\n")
		bob.expect("OK\n")
		alice.expect("小明 进入了聊天室")
		alice.send("C alice 大家好")
		bob.expect("alice ： 大家好\n")
		s.typeLine("/who")
		s.waitOut(t, "2 online:")
		bob.send("Q 小明\n")
		bob.expect("BYE\n")
		alice.expect("小明 退出了聊天室")
		s.waitOut(t, "小明 退出了聊天室  (quit; 1 online)")

		out := s.stdout.String()
		for _, want := range []*regexp.Regexp{
			regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d  alice 进入了聊天室  \(from 127\.0\.0\.1:\d+; 1 online\)$`),
			regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d  小明 进入了聊天室  \(from 127\.0\.0\.1:\d+; 2 online\)$`),
			regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d  alice ： 大家好$`),
			regexp.MustCompile(`(?m)^  alice  127\.0\.0\.1:\d+ +idle \d+ s$`),
			regexp.MustCompile(`(?m)^  小明   127\.0\.0\.1:\d+ +idle \d+ s  nc \(line ends\)$`),
		} {
			assert.Regexp(t, want, out)
		}
	})

	t.Run("commands are not announced: unknown ones are explained, //text announces /text, /kick and /mute act", func(t *testing.T) {
		s := startServer(t, "-lang", "en")
		alice, bob := dial(t, s.addr), dial(t, s.addr)
		alice.send("L alice")
		alice.expect("OK")
		bob.send("L bob")
		bob.expect("OK")
		alice.expect("bob 进入了聊天室")

		s.typeLine("/kcik bob")
		s.waitOut(t, "unknown command /kcik: nothing was sent.")
		s.typeLine("//kick is a command")
		alice.expect("管理员消息： /kick is a command")
		bob.expect("管理员消息： /kick is a command")
		s.typeLine("/mute bob")
		s.waitOut(t, "* bob is muted")
		bob.send("C bob 我要说话")
		bob.expect("ERR muted 你已被管理员禁言")
		s.typeLine("/kick bob 下课了")
		bob.expect("ERR kicked 你已被管理员移出聊天室：下课了")
		alice.expect("bob 退出了聊天室")
		s.typeLine("/kick bob")
		s.waitOut(t, "nobody called bob is in the room")
		alice.send("C alice 还有人吗")
		s.waitOut(t, "alice ： 还有人吗")
	})

	t.Run("the teacher's window speaks Chinese under LANG=zh_CN.UTF-8", func(t *testing.T) {
		s := startServer(t, "-lang", "zh")
		assert.Contains(t, s.stdout.String(), "学生连接到：")
		alice := dial(t, s.addr)
		alice.send("L alice")
		alice.expect("OK")
		s.waitOut(t, "alice 进入了聊天室  （来自 127.0.0.1:")
		s.typeLine("/nope")
		s.waitOut(t, "未知命令 /nope：没有发送任何内容。")
	})

	t.Run("-log appends one line per event with the date and time, readable by its owner only", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "class.log")
		require.NoError(t, os.WriteFile(path, []byte("an earlier class\n"), 0o600))
		s := startServer(t, "-lang", "en", "-log", path)
		alice, bob := dial(t, s.addr), dial(t, s.addr)
		alice.send("L alice")
		alice.expect("OK")
		bob.send("L bob")
		bob.expect("OK")
		alice.expect("bob 进入了聊天室")
		alice.send("C alice 今天的作业")
		bob.expect("alice ： 今天的作业")
		s.typeLine("下课")
		alice.expect("管理员消息： 下课")
		bob.expect("管理员消息： 下课")
		s.stop(t)

		data, err := os.ReadFile(path)
		require.NoError(t, err)
		lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		stamp := `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)  `
		require.Len(t, lines, 6, "the earlier line and five events:\n%s", data)
		assert.Equal(t, "an earlier class", lines[0])
		assert.Regexp(t, stamp+`alice 进入了聊天室  \(from 127\.0\.0\.1:\d+; 1 online\)$`, lines[1])
		assert.Regexp(t, stamp+`bob 进入了聊天室`, lines[2])
		assert.Regexp(t, stamp+`alice ： 今天的作业$`, lines[3])
		assert.Regexp(t, stamp+`管理员消息： 下课$`, lines[4])
		assert.Regexp(t, stamp+`管理员消息： 服务器关闭  \(the server stops\)$`, lines[5])
		if runtime.GOOS != "windows" {
			fi, err := os.Stat(path)
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
		}
	})

	t.Run("-log refuses a symbolic link and leaves its target alone", func(t *testing.T) {
		dir := t.TempDir()
		target, link := filepath.Join(dir, "notes.txt"), filepath.Join(dir, "class.log")
		require.NoError(t, os.WriteFile(target, []byte("the teacher's notes\n"), 0o644))
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
		var stdout, stderr syncBuffer
		err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-log", link}, strings.NewReader(""), &stdout, &stderr)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "not a regular file")
		data, err := os.ReadFile(target)
		require.NoError(t, err)
		assert.Equal(t, "the teacher's notes\n", string(data))
	})
}

// runningServer is run in a goroutine, with a pipe for the teacher's
// typing and buffers for the window and the log.
type runningServer struct {
	addr           string
	typing         *io.PipeWriter
	stdout, stderr syncBuffer
	cancel         context.CancelFunc
	done           chan error
}

func startServer(t *testing.T, args ...string) *runningServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdin, typing := io.Pipe()
	s := &runningServer{typing: typing, cancel: cancel, done: make(chan error, 1)}
	go func() {
		s.done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), stdin, &s.stdout, &s.stderr)
	}()
	t.Cleanup(func() { s.stop(t) })
	s.addr = waitReady(t, s.stderr.String)
	s.waitOut(t, "/help")
	return s
}

// typeLine types a line on the server's standard input.
func (s *runningServer) typeLine(line string) {
	_, _ = io.WriteString(s.typing, line+"\n")
}

// waitOut waits until the window shows want.
func (s *runningServer) waitOut(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for !strings.Contains(s.stdout.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the window never showed %q; it shows:\n%s", want, s.stdout.String())
		}
		time.Sleep(10 * time.Millisecond) // polling output, not asserting on time
	}
}

// stop cancels the server and waits for run to return.
func (s *runningServer) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	s.typing.Close()
	select {
	case err, ok := <-s.done:
		if ok {
			close(s.done)
			assert.NoError(t, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not return after cancel")
	}
}

func TestSignal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	t.Run("SIGTERM tells everyone and exits 0, with stdin at end of input", func(t *testing.T) {
		cmd := exec.Command(os.Args[0], "-addr", "127.0.0.1:0")
		cmd.Env = append(os.Environ(), "FORKROOM_RUN_SERVER=1")
		cmd.Stdin = nil // /dev/null: end of input at once
		stderr, err := cmd.StderrPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		t.Cleanup(func() { _ = cmd.Process.Kill() })

		var log syncBuffer
		lines := make(chan struct{})
		go func() {
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				log.Write([]byte(sc.Text() + "\n"))
			}
			close(lines)
		}()
		addr := waitReady(t, log.String)

		alice := dial(t, addr)
		alice.send("L alice")
		alice.expect("OK")

		require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
		alice.expect("管理员消息： 服务器关闭")
		<-lines
		assert.NoError(t, cmd.Wait(), "exit status; log:\n%s", log.String())
	})
}
