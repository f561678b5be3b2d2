package console

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/chatroom/internal/server"
)

// fakeRoom records what the console asks of the server.
type fakeRoom struct {
	mu    sync.Mutex // protects calls
	calls []string
	users []server.UserInfo
	bans  []server.Ban
}

func (f *fakeRoom) record(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
}

func (f *fakeRoom) Announce(text string) error { f.record("announce " + text); return nil }
func (f *fakeRoom) Who() []server.UserInfo     { return f.users }
func (f *fakeRoom) Bans() []server.Ban         { return f.bans }
func (f *fakeRoom) Kick(name, reason string) (server.UserInfo, error) {
	f.record("kick " + name + "|" + reason)
	return server.UserInfo{}, nil
}
func (f *fakeRoom) Ban(name, reason string) (server.UserInfo, error) {
	f.record("ban " + name + "|" + reason)
	return server.UserInfo{}, nil
}
func (f *fakeRoom) Unban(ip netip.Addr) error {
	f.record("unban " + ip.String())
	return server.ErrNotBanned
}
func (f *fakeRoom) Mute(name string) (server.UserInfo, error) {
	f.record("mute " + name)
	return server.UserInfo{}, server.ErrNoSuchUser
}
func (f *fakeRoom) Unmute(name string) error { f.record("unmute " + name); return nil }

// run executes lines on a console over room and returns what the window
// showed.
func run(t *testing.T, room Room, lang Lang, lines ...string) string {
	t.Helper()
	var window bytes.Buffer
	c := New(&window, nil, lang)
	c.SetRoom(room)
	for _, l := range lines {
		c.Exec(l)
	}
	c.Close()
	return window.String()
}

func TestExec(t *testing.T) {
	t.Run("a line that is not a command is an announcement, and // announces a line that starts with /", func(t *testing.T) {
		room := &fakeRoom{}
		out := run(t, room, English, "下课了", "//kick is a command", "", "   ", " /who? is not a command")
		assert.Equal(t, []string{"announce 下课了", "announce /kick is a command", "announce  /who? is not a command"}, room.calls)
		assert.Empty(t, out)
	})

	t.Run("commands reach the room with their arguments", func(t *testing.T) {
		room := &fakeRoom{}
		run(t, room, English, "/kick bob", "/kick  bob   talks too much ", "/ban 小明 刷屏", "/unmute bob", "/unban [::ffff:10.0.0.7]")
		assert.Equal(t, []string{"kick bob|", "kick bob|talks too much", "ban 小明|刷屏", "unmute bob", "unban 10.0.0.7"}, room.calls)
	})

	t.Run("an unknown command, a command without its name, and a failure are explained, and nothing is announced", func(t *testing.T) {
		room := &fakeRoom{}
		out := run(t, room, English, "/kcik bob", "/kick", "/mute", "/mute bob", "/unban bob", "/unban 10.0.0.7")
		assert.Equal(t, []string{"mute bob", "unban 10.0.0.7"}, room.calls)
		assert.Equal(t, strings.Join([]string{
			"unknown command /kcik: nothing was sent. /help lists the commands; to announce a line that starts with /, type // before it.",
			"usage: /kick NAME [reason]",
			"usage: /mute NAME",
			"nobody called bob is in the room (/who lists them)",
			"usage: /unban IP (/who lists the banned addresses)",
			"10.0.0.7 is not banned (/who lists the banned addresses)",
		}, "\n")+"\n", out)
	})

	t.Run("/who lists each user with address, idle time and marks, then the bans, in columns", func(t *testing.T) {
		room := &fakeRoom{
			users: []server.UserInfo{
				{Name: "alice", Addr: netip.MustParseAddrPort("192.168.1.23:50122"), Idle: 3 * time.Second},
				{Name: "小明", Addr: netip.MustParseAddrPort("192.168.1.24:4000"), Idle: 65 * time.Second, Muted: true, LineEnd: true},
			},
			bans: []server.Ban{{IP: netip.MustParseAddr("192.168.1.30"), Name: "mallory"}},
		}
		assert.Equal(t, strings.Join([]string{
			"2 online:",
			"  alice  192.168.1.23:50122     idle 3 s",
			"  小明   192.168.1.24:4000      idle 1 min 5 s  muted  nc (line ends)",
			"  banned: 192.168.1.30 (mallory)",
		}, "\n")+"\n", run(t, room, English, "/who"))
		assert.Contains(t, run(t, room, Chinese, "/who"), "在线 2 人：\n  alice  192.168.1.23:50122     空闲 3 秒\n")
	})

	t.Run("/help lists every command in both languages", func(t *testing.T) {
		for _, lang := range []Lang{English, Chinese} {
			out := run(t, &fakeRoom{}, lang, "/help")
			for _, cmd := range []string{"/who", "/kick", "/ban", "/unban", "/mute", "/unmute", "//", "/help"} {
				assert.Contains(t, out, "  "+cmd, "%s help", lang)
			}
		}
	})
}

func TestTranscript(t *testing.T) {
	at := time.Date(2026, 11, 24, 16, 15, 9, 914e6, time.UTC)
	addr := netip.MustParseAddrPort("192.168.1.23:50122")
	events := []server.Event{
		{Time: at, Kind: server.EventJoin, Name: "alice", Addr: addr, Online: 3},
		{Time: at, Kind: server.EventChat, Name: "alice", Text: "你好"},
		{Time: at, Kind: server.EventAnnouncement, Text: "下课了"},
		{Time: at, Kind: server.EventLeave, Name: "alice", Online: 2},
		{Time: at, Kind: server.EventExpire, Name: "bob", Idle: 35200 * time.Millisecond, Online: 1},
		{Time: at, Kind: server.EventKick, Name: "carol", Text: "请安静", Online: 0},
		{Time: at, Kind: server.EventBan, Name: "dave", Addr: addr, Online: 0},
		{Time: at, Kind: server.EventMute, Name: "erin"},
		{Time: at, Kind: server.EventUnmute, Name: "erin"},
		{Time: at, Kind: server.EventUnban, Addr: netip.AddrPortFrom(addr.Addr(), 0)},
		{Time: at, Kind: server.EventShutdown, Text: "服务器关闭"},
	}
	show := func(lang Lang) (window, log string) {
		var w, l bytes.Buffer
		c := New(&w, &l, lang)
		for _, e := range events {
			c.Event(e)
		}
		c.Close()
		c.Event(events[0]) // after Close: ignored
		return w.String(), l.String()
	}

	t.Run("each event is one line in the window with the time, and in the log with the date", func(t *testing.T) {
		window, log := show(English)
		want := []string{
			"alice 进入了聊天室  (from 192.168.1.23:50122; 3 online)",
			"alice ： 你好",
			"管理员消息： 下课了",
			"alice 退出了聊天室  (quit; 2 online)",
			"bob 退出了聊天室  (silent for 35 s; 1 online)",
			"carol 退出了聊天室  (removed by the teacher: 请安静; 0 online)",
			"dave 退出了聊天室  (removed by the teacher and 192.168.1.23 banned; 0 online)",
			"* erin is muted: their messages are refused until /unmute erin",
			"* erin may speak again",
			"* the ban on 192.168.1.23 is lifted",
			"管理员消息： 服务器关闭  (the server stops)",
		}
		var wantWindow, wantLog string
		for _, w := range want {
			wantWindow += "16:15:09  " + w + "\n"
			wantLog += "2026-11-24T16:15:09.914Z  " + w + "\n"
		}
		assert.Equal(t, wantWindow, window)
		assert.Equal(t, wantLog, log)
	})

	t.Run("the window and the log speak Chinese, the room's own lines stay as they were sent", func(t *testing.T) {
		window, _ := show(Chinese)
		assert.Contains(t, window, "16:15:09  alice 进入了聊天室  （来自 192.168.1.23:50122；在线 3 人）\n")
		assert.Contains(t, window, "16:15:09  bob 退出了聊天室  （沉默了 35 秒；在线 1 人）\n")
		assert.Contains(t, window, "16:15:09  alice ： 你好\n")
	})

	t.Run("a window that does not keep up never blocks the server: events are counted and the count shown", func(t *testing.T) {
		w := &blockingWriter{release: make(chan struct{})}
		c := New(w, nil, English)
		done := make(chan struct{})
		go func() {
			for i := 0; i < queueSize+100; i++ {
				c.Event(events[1])
			}
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Event blocked on a window that does not keep up")
		}
		close(w.release)
		c.Event(events[2])
		c.Close()
		assert.Contains(t, w.String(), "events were not shown: the window could not keep up)")
	})
}

// blockingWriter blocks every write until release is closed.
type blockingWriter struct {
	release chan struct{}
	mu      sync.Mutex // protects buf
	buf     bytes.Buffer
}

func (b *blockingWriter) Write(p []byte) (int, error) {
	<-b.release
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *blockingWriter) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestLang(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want Lang
	}{
		{"nothing set means English", nil, English},
		{"LANG zh_CN.UTF-8 means Chinese", map[string]string{"LANG": "zh_CN.UTF-8"}, Chinese},
		{"LC_ALL wins over LANG", map[string]string{"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, English},
		{"LC_MESSAGES wins over LANG", map[string]string{"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, Chinese},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, LangFromEnv(func(k string) string { return tc.env[k] }))
		})
	}
	_, err := ParseLang("fr")
	assert.Error(t, err)
}

func TestStudentAddresses(t *testing.T) {
	ifs := []Interface{
		{Name: "lo", Up: true, Addrs: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/8"), netip.MustParsePrefix("::1/128")}},
		{Name: "eth0", Up: true, Addrs: []netip.Prefix{netip.MustParsePrefix("fe80::1/64"), netip.MustParsePrefix("2001:db8::5/64"), netip.MustParsePrefix("192.168.1.10/24")}},
		{Name: "wlan0", Up: false, Addrs: []netip.Prefix{netip.MustParsePrefix("10.0.0.5/24")}},
		{Name: "docker0", Up: true, Addrs: []netip.Prefix{netip.MustParsePrefix("172.17.0.1/16")}},
	}
	show := func(as []Address) []string {
		var out []string
		for _, a := range as {
			out = append(out, hostPort(a.AddrPort)+" "+a.Interface)
		}
		return out
	}
	t.Run("on 0.0.0.0 the interfaces that are up: IPv4 first, then global IPv6, never loopback, link-local or 0.0.0.0", func(t *testing.T) {
		got := StudentAddresses(netip.MustParseAddrPort("0.0.0.0:9527"), ifs)
		assert.Equal(t, []string{"192.168.1.10:9527 eth0", "172.17.0.1:9527 docker0", "[2001:db8::5]:9527 eth0"}, show(got))
		assert.False(t, OnlyLocal(got))
		assert.Equal(t, show(got), show(StudentAddresses(netip.MustParseAddrPort("[::]:9527"), ifs)))
	})
	t.Run("a machine without a network shows its loopback address, and says so", func(t *testing.T) {
		got := StudentAddresses(netip.MustParseAddrPort("0.0.0.0:9527"), ifs[:1])
		assert.Equal(t, []string{"127.0.0.1:9527 lo", "[::1]:9527 lo"}, show(got))
		assert.True(t, OnlyLocal(got))
		assert.Equal(t, []string{"127.0.0.1:9527 "}, show(StudentAddresses(netip.MustParseAddrPort("0.0.0.0:9527"), nil)))
	})
	t.Run("a server on one address shows that address", func(t *testing.T) {
		assert.Equal(t, []string{"192.168.1.10:9000 "}, show(StudentAddresses(netip.MustParseAddrPort("192.168.1.10:9000"), ifs)))
	})
}

func TestOpenLog(t *testing.T) {
	dir := t.TempDir()
	t.Run("a new log is created readable by its owner only, and an old one is appended to", func(t *testing.T) {
		path := filepath.Join(dir, "new.log")
		f, err := OpenLog(path)
		require.NoError(t, err)
		_, err = f.WriteString("one\n")
		require.NoError(t, err)
		require.NoError(t, f.Close())
		f, err = OpenLog(path)
		require.NoError(t, err)
		_, err = f.WriteString("two\n")
		require.NoError(t, err)
		require.NoError(t, f.Close())
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, "one\ntwo\n", string(data))
	})
	t.Run("a symbolic link or a folder is refused", func(t *testing.T) {
		target, link := filepath.Join(dir, "target"), filepath.Join(dir, "link.log")
		require.NoError(t, os.WriteFile(target, nil, 0o644))
		if err := os.Symlink(target, link); err == nil {
			_, err := OpenLog(link)
			assert.ErrorIs(t, err, ErrNotRegular)
		}
		_, err := OpenLog(dir)
		assert.ErrorIs(t, err, ErrNotRegular)
	})
}

// TestEveryMessageHasChinese reads this package's source for the messages
// the console shows (c.m("…")) and fails for one without a Chinese entry.
func TestEveryMessageHasChinese(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	seen := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "m" {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				msg, err := strconv.Unquote(lit.Value)
				require.NoError(t, err)
				seen++
				_, ok := zh[msg]
				assert.True(t, ok, "%s: %q has no Chinese entry in zh.go", file, msg)
			}
			return true
		})
	}
	assert.Greater(t, seen, 30, "the walk found the console's messages")
}
