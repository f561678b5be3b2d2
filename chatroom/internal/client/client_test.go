package client

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/chatroom/internal/server"
)

const wait = 3 * time.Second

// syncBuffer is a bytes.Buffer safe for concurrent use.
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

// eventually waits until cond holds, polling; it fails the test after wait.
func eventually(t *testing.T, cond func() bool, msg string, args ...any) {
	t.Helper()
	require.Eventually(t, cond, wait, 5*time.Millisecond, append([]any{msg}, args...)...)
}

// startServer runs an in-process server on 127.0.0.1 (port 0 for any) until
// the test ends or stop is called.
func startServer(t *testing.T, port int) (addr string, stop func()) {
	t.Helper()
	addr, stop, _ = startServerOf(t, port)
	return addr, stop
}

// startServerOf is startServer that also returns the server, for the
// teacher's tools.
func startServerOf(t *testing.T, port int) (addr string, stop func(), srv *server.Server) {
	t.Helper()
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
	require.NoError(t, err)
	srv = server.New(server.Config{Burst: 1000, Rate: 1000})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ctx, conn)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			<-done
			conn.Close()
		})
	}
	t.Cleanup(stop)
	return conn.LocalAddr().String(), stop, srv
}

// peer is a raw UDP user of the room.
type peer struct {
	t    *testing.T
	conn *net.UDPConn
}

func login(t *testing.T, addr, name string) *peer {
	t.Helper()
	raddr, err := net.ResolveUDPAddr("udp4", addr)
	require.NoError(t, err)
	conn, err := net.DialUDP("udp4", nil, raddr)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	p := &peer{t: t, conn: conn}
	p.send("L " + name)
	p.expect("OK")
	return p
}

func (p *peer) send(s string) {
	_, err := p.conn.Write([]byte(s))
	require.NoError(p.t, err)
}

func (p *peer) expect(want string) {
	p.t.Helper()
	buf := make([]byte, 2048)
	require.NoError(p.t, p.conn.SetReadDeadline(time.Now().Add(wait)))
	n, err := p.conn.Read(buf)
	require.NoError(p.t, err, "waiting for %q", want)
	assert.Equal(p.t, want, string(buf[:n]))
}

// piped runs the client with piped input and returns the writer of its
// input, its stdout and stderr, and a channel with Run's result.
func piped(t *testing.T, cfg Config) (io.WriteCloser, *syncBuffer, *syncBuffer, chan error) {
	t.Helper()
	in, typing := io.Pipe()
	var out, status syncBuffer
	done := make(chan error, 1)
	go func() { done <- Run(context.Background(), cfg, NewPlainUI(in, &out, &status)) }()
	t.Cleanup(func() { typing.Close() })
	return typing, &out, &status, done
}

func result(t *testing.T, done chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(wait):
		t.Fatal("Run did not return")
		return nil
	}
}

func TestPipedSession(t *testing.T) {
	t.Run("a scripted client logs in with the first line, chats, hears others and quits", func(t *testing.T) {
		addr, _ := startServer(t, 0)
		bob := login(t, addr, "bob")
		typing, out, status, done := piped(t, Config{Addr: addr})

		io.WriteString(typing, "小明\n")
		bob.expect("小明 进入了聊天室")
		io.WriteString(typing, "大家好\r\n")
		bob.expect("小明 ： 大家好")
		bob.send("C bob 你好")
		eventually(t, func() bool { return strings.Contains(out.String(), "bob ： 你好\n") }, "stdout %q", out.String())
		io.WriteString(typing, "/quit\n")
		bob.expect("小明 退出了聊天室")
		require.NoError(t, result(t, done))

		assert.Equal(t, "bob ： 你好\n", out.String(), "stdout has the notices and nothing else")
		assert.Contains(t, status.String(), "已进入聊天室")
	})

	t.Run("on joining the client shows who is in the room, and again on /who, which is not sent as a message", func(t *testing.T) {
		addr, _ := startServer(t, 0)
		bob := login(t, addr, "bob")
		typing, out, status, done := piped(t, Config{Addr: addr, Name: "小明"})
		bob.expect("小明 进入了聊天室")
		eventually(t, func() bool { return strings.Contains(status.String(), "在线 2 人：bob、小明\n") }, "status %q", status.String())
		bob.send("L bob") // a retry: bob is still bob
		bob.expect("OK")
		io.WriteString(typing, "/who\n")
		eventually(t, func() bool { return strings.Count(status.String(), "在线 2 人：bob、小明\n") == 2 }, "status %q", status.String())
		io.WriteString(typing, "/quit\n")
		bob.expect("小明 退出了聊天室") // and no "小明 ： /who" before it
		require.NoError(t, result(t, done))
		assert.Empty(t, out.String())
	})

	t.Run("a client the teacher removes says why and ends", func(t *testing.T) {
		addr, _, srv := startServerOf(t, 0)
		bob := login(t, addr, "bob")
		_, _, status, done := piped(t, Config{Addr: addr, Name: "alice"})
		bob.expect("alice 进入了聊天室")
		eventually(t, func() bool { return strings.Contains(status.String(), "在线 2 人") }, "status %q", status.String())
		_, err := srv.Kick("alice", "请专心听课")
		require.NoError(t, err)
		bob.expect("alice 退出了聊天室")
		err = result(t, done)
		assert.ErrorIs(t, err, ErrRemoved)
		assert.Contains(t, status.String(), "你已被管理员移出聊天室：请专心听课")
		assert.Equal(t, []string{"bob"}, srv.Users(), "the client did not log in again by itself")
	})

	t.Run("a client from a banned address is told at login and ends", func(t *testing.T) {
		addr, _, srv := startServerOf(t, 0)
		login(t, addr, "bob")
		_, err := srv.Ban("bob", "")
		require.NoError(t, err)
		typing, _, status, done := piped(t, Config{Addr: addr})
		io.WriteString(typing, "carol\n")
		err = result(t, done)
		assert.ErrorIs(t, err, ErrRemoved)
		assert.Contains(t, status.String(), "此地址已被管理员禁止进入聊天室")
	})

	t.Run("the end of input sends Q", func(t *testing.T) {
		addr, _ := startServer(t, 0)
		bob := login(t, addr, "bob")
		typing, _, _, done := piped(t, Config{Addr: addr, Name: "alice"})
		bob.expect("alice 进入了聊天室")
		io.WriteString(typing, "bye")
		typing.Close()
		bob.expect("alice ： bye")
		bob.expect("alice 退出了聊天室")
		require.NoError(t, result(t, done))
	})

	t.Run("cancelling the context sends Q", func(t *testing.T) {
		addr, _ := startServer(t, 0)
		bob := login(t, addr, "bob")
		ctx, cancel := context.WithCancel(context.Background())
		in, _ := io.Pipe()
		var status syncBuffer
		done := make(chan error, 1)
		go func() { done <- Run(ctx, Config{Addr: addr, Name: "alice"}, NewPlainUI(in, io.Discard, &status)) }()
		bob.expect("alice 进入了聊天室")
		eventually(t, func() bool { return strings.Contains(status.String(), "已进入聊天室") }, "status %q", status.String())
		cancel()
		bob.expect("alice 退出了聊天室")
		require.NoError(t, result(t, done))
	})

	t.Run("a taken name is asked again", func(t *testing.T) {
		addr, _ := startServer(t, 0)
		bob := login(t, addr, "bob")
		typing, _, status, done := piped(t, Config{Addr: addr})
		io.WriteString(typing, "BOB\n管理员\nbad name\nalice\n")
		bob.expect("alice 进入了聊天室")
		typing.Close()
		bob.expect("alice 退出了聊天室")
		require.NoError(t, result(t, done))
		for _, want := range []string{"名字已被占用", "名字已保留", "名字不能包含空白"} {
			assert.Contains(t, status.String(), want)
		}
	})

	t.Run("a refused -name with piped input is an error", func(t *testing.T) {
		addr, _ := startServer(t, 0)
		login(t, addr, "bob")
		_, _, status, done := piped(t, Config{Addr: addr, Name: "bob"})
		err := result(t, done)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "name-taken")
		assert.Contains(t, status.String(), "名字已被占用")
	})

	t.Run("a message that is too long or has control characters is not sent", func(t *testing.T) {
		addr, _ := startServer(t, 0)
		bob := login(t, addr, "bob")
		typing, _, status, done := piped(t, Config{Addr: addr, Name: "alice"})
		bob.expect("alice 进入了聊天室")
		io.WriteString(typing, strings.Repeat("x", 1025)+"\n\x1b[2J\nok\n")
		bob.expect("alice ： ok")
		typing.Close()
		bob.expect("alice 退出了聊天室")
		require.NoError(t, result(t, done))
		assert.Contains(t, status.String(), "消息最多 1024 字节")
		assert.Contains(t, status.String(), "消息不能包含控制字符")
	})
}

func TestNoServer(t *testing.T) {
	t.Run("a login nobody answers is tried again, then the client says no server answers", func(t *testing.T) {
		// A bound socket that never answers stands for a server that is
		// down or filtered.
		silent, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		require.NoError(t, err)
		defer silent.Close()
		_, _, status, done := piped(t, Config{Addr: silent.LocalAddr().String(), Name: "alice", LoginTries: 3, LoginWait: 50 * time.Millisecond})
		err = result(t, done)
		require.ErrorIs(t, err, ErrNoServer)
		assert.Contains(t, status.String(), "重试（3/3）")
		assert.Contains(t, status.String(), "没有服务器在 "+silent.LocalAddr().String()+" 回答")

		buf := make([]byte, 100)
		n := 0
		for i := 0; i < 3; i++ {
			require.NoError(t, silent.SetReadDeadline(time.Now().Add(wait)))
			n, _, err = silent.ReadFromUDP(buf)
			require.NoError(t, err)
			assert.Equal(t, "L alice", string(buf[:n]), "login %d", i+1)
		}
	})

	t.Run("a lost login answer is retried", func(t *testing.T) {
		lossy, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		require.NoError(t, err)
		defer lossy.Close()
		typing, _, status, done := piped(t, Config{Addr: lossy.LocalAddr().String(), Name: "alice", LoginWait: 50 * time.Millisecond})
		buf := make([]byte, 100)
		for try := 1; try <= 2; try++ {
			require.NoError(t, lossy.SetReadDeadline(time.Now().Add(wait)))
			n, from, err := lossy.ReadFromUDP(buf)
			require.NoError(t, err)
			require.Equal(t, "L alice", string(buf[:n]), "login %d", try)
			if try == 2 { // the first answer is "lost"
				lossy.WriteToUDP([]byte("OK"), from)
			}
		}
		eventually(t, func() bool { return strings.Contains(status.String(), "已进入聊天室") }, "status %q", status.String())
		assert.Contains(t, status.String(), "重试（2/3）")
		typing.Close()
		require.NoError(t, result(t, done))
	})

	t.Run("a closed port does not break the receive loop", func(t *testing.T) {
		closed, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		require.NoError(t, err)
		addr := closed.LocalAddr().String()
		closed.Close()
		_, _, _, done := piped(t, Config{Addr: addr, Name: "alice", LoginTries: 2, LoginWait: 50 * time.Millisecond})
		require.ErrorIs(t, result(t, done), ErrNoServer)
	})
}

func TestRestart(t *testing.T) {
	t.Run("after a server restart, with connection refused meanwhile, the client logs in again by itself", func(t *testing.T) {
		addr, stop := startServer(t, 0)
		typing, out, status, done := piped(t, Config{Addr: addr, Name: "alice", Heartbeat: 20 * time.Millisecond})
		eventually(t, func() bool { return strings.Contains(status.String(), "已进入聊天室") }, "status %q", status.String())

		stop()
		eventually(t, func() bool { return strings.Contains(out.String(), "管理员消息： 服务器关闭") }, "stdout %q", out.String())
		// Heartbeats to the closed port come back as "connection refused"
		// on the client's next read; the receive loop must survive that.
		eventually(t, func() bool { return strings.Contains(status.String(), "无法连接") }, "status %q", status.String())
		port := mustPort(t, addr)
		startServer(t, port)

		eventually(t, func() bool { return strings.Contains(status.String(), "已重新登录") }, "status %q", status.String())
		assert.Contains(t, status.String(), "正在重新登录")
		bob := login(t, addr, "bob")
		io.WriteString(typing, "我回来了\n")
		bob.expect("alice ： 我回来了")
		typing.Close()
		bob.expect("alice 退出了聊天室")
		require.NoError(t, result(t, done))
	})
}

func mustPort(t *testing.T, addr string) int {
	t.Helper()
	a, err := net.ResolveUDPAddr("udp4", addr)
	require.NoError(t, err)
	return a.Port
}

func TestUntrustedServer(t *testing.T) {
	t.Run("control characters from the network are not printed", func(t *testing.T) {
		fake, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		require.NoError(t, err)
		defer fake.Close()
		typing, out, _, done := piped(t, Config{Addr: fake.LocalAddr().String(), Name: "alice"})

		buf := make([]byte, 100)
		require.NoError(t, fake.SetReadDeadline(time.Now().Add(wait)))
		_, from, err := fake.ReadFromUDP(buf)
		require.NoError(t, err)
		fake.WriteToUDP([]byte("OK"), from)
		fake.WriteToUDP([]byte("evil ： \x1b[2Jgone\nfake"), from)
		eventually(t, func() bool { return strings.Contains(out.String(), "evil") }, "stdout %q", out.String())
		assert.Equal(t, "evil ： \uFFFD[2Jgone\uFFFDfake\n", out.String())
		typing.Close()
		require.NoError(t, result(t, done))
	})
}

func TestTerminalUI(t *testing.T) {
	t.Run("a notice arriving while a line is typed is printed above the redrawn line", func(t *testing.T) {
		var screen syncBuffer
		keys, typing := io.Pipe()
		ui := NewTerminalUI(struct {
			io.Reader
			io.Writer
		}{keys, &screen}, nil)
		ui.SetPrompt("alice> ")
		lines := make(chan string, 1)
		go func() {
			l, err := ui.ReadLine()
			if err != nil {
				l = "error: " + err.Error()
			}
			lines <- l
		}()
		io.WriteString(typing, "hel")
		eventually(t, func() bool { return strings.HasSuffix(screen.String(), "alice> hel") }, "screen %q", screen.String())
		ui.Show("bob ： hi")
		eventually(t, func() bool { return strings.HasSuffix(screen.String(), "bob ： hi\r\nalice> hel") }, "screen %q", screen.String())
		io.WriteString(typing, "lo\r")
		select {
		case l := <-lines:
			assert.Equal(t, "hello", l)
		case <-time.After(wait):
			t.Fatal("ReadLine did not return")
		}
		typing.Close()
	})

	t.Run("a wrapped line of wide characters is erased row by row", func(t *testing.T) {
		var screen syncBuffer
		keys, typing := io.Pipe()
		defer typing.Close()
		ui := NewTerminalUI(struct {
			io.Reader
			io.Writer
		}{keys, &screen}, func() int { return 10 })
		ui.SetPrompt("小明> ") // 6 columns
		go ui.ReadLine()
		io.WriteString(typing, "你好世界") // 8 columns: 14 in all, two rows of 10
		eventually(t, func() bool { return strings.HasSuffix(screen.String(), "世界") }, "screen %q", screen.String())
		ui.Show("bob ： hi")
		want := "\r\x1b[K\x1b[A\x1b[Kbob ： hi\r\n小明> 你好世界"
		eventually(t, func() bool { return strings.HasSuffix(screen.String(), want) }, "screen %q want suffix %q", screen.String(), want)
	})

	t.Run("backspace removes a whole character and escape sequences are ignored", func(t *testing.T) {
		keys, typing := io.Pipe()
		defer typing.Close()
		ui := NewTerminalUI(struct {
			io.Reader
			io.Writer
		}{keys, io.Discard}, nil)
		go io.WriteString(typing, "你好吗\x7f\x1b[D!\r")
		got, err := ui.ReadLine()
		require.NoError(t, err)
		assert.Equal(t, "你好!", got)
	})

	t.Run("Ctrl-C ends the input", func(t *testing.T) {
		keys, typing := io.Pipe()
		ui := NewTerminalUI(struct {
			io.Reader
			io.Writer
		}{keys, io.Discard}, nil)
		go io.WriteString(typing, "\x03")
		_, err := ui.ReadLine()
		assert.True(t, errors.Is(err, io.EOF), "got %v want io.EOF", err)
	})
}
