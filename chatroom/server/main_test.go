package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"regexp"
	"runtime"
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
		var stderr syncBuffer
		done := make(chan error, 1)
		go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, stdin, &stderr) }()
		addr := waitReady(t, stderr.String)

		alice, bob := dial(t, addr), dial(t, addr)
		alice.send("L alice")
		alice.expect("OK")
		bob.send("L bob\n")
		bob.expect("OK")
		alice.expect("bob 进入了聊天室")

		_, err := io.WriteString(typing, "下课了\r\n")
		require.NoError(t, err)
		alice.expect("管理员消息： 下课了")
		bob.expect("管理员消息： 下课了")

		require.NoError(t, typing.Close()) // end of input
		alice.send("C alice 还在")
		bob.expect("alice ： 还在")

		cancel()
		alice.expect("管理员消息： 服务器关闭")
		bob.expect("管理员消息： 服务器关闭")
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
		err := run(context.Background(), []string{"-nope"}, nil, &stderr)
		assert.ErrorIs(t, err, errUsage)
		assert.Contains(t, stderr.String(), "usage: server")
	})
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
