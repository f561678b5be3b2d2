package server

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/chatroom/internal/protocol"
)

// testLogger logs to stderr, for CHATROOM_TEST_LOG=1 go test -v.
func testLogger(testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func TestRoom(t *testing.T) {
	t.Run("a new name is answered OK and the others hear of it, the newcomer does not", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice := r.login("alice")
		r.login("bob") // login checks that alice heard "bob 进入了聊天室"
		r.sync()       // and alice nothing else; bob did not hear of himself
		_ = alice
	})

	t.Run("a chat message reaches the others but not its sender", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice, bob, carol := r.login("alice"), r.login("bob"), r.login("carol")
		alice.send("C alice 大家好")
		bob.expect("alice ： 大家好")
		carol.expect("alice ： 大家好")
		r.sync() // alice's next datagram is the barrier, not her own message
	})

	t.Run("a chat with a trailing CRLF loses it", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice, bob := r.login("alice"), r.login("bob")
		alice.send("C alice hi\r\n")
		bob.expect("alice ： hi")
		r.sync()
	})

	t.Run("quitting is answered BYE and the others hear of it", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice, bob := r.login("alice"), r.login("bob")
		alice.send("Q alice")
		alice.expect("BYE")
		bob.expect("alice 退出了聊天室")
		r.leave(alice)
		r.sync()
		assert.ElementsMatch(t, []string{"obs", "bob"}, r.srv.Users())

		alice.send("Q alice")
		alice.expect("ERR not-logged-in 请先登录")
		r.sync()
	})

	t.Run("an announcement reaches everyone", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice, bob := r.login("alice"), r.login("bob")
		require.NoError(t, r.srv.Announce("下课了"))
		alice.expect("管理员消息： 下课了")
		bob.expect("管理员消息： 下课了")
		r.sync()
	})

	t.Run("an announcement with a newline is refused", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		r.login("alice")
		assert.Error(t, r.srv.Announce("a\nb"))
		assert.Error(t, r.srv.Announce(""))
		r.sync()
	})

	t.Run("a name taken from another port is refused and nobody hears of it", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		r.login("alice")
		mallory := r.dial()
		mallory.send("L alice")
		mallory.expect("ERR name-taken 名字已被占用")
		r.sync()
	})

	t.Run("look-alike names collide", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		r.login("alice")
		r.login("José")
		for _, name := range []string{"Alice", "ALICE", "ａｌｉｃｅ", "Ａlice", "Jose\u0301", "JOSÉ"} {
			p := r.dial()
			p.send("L " + name)
			p.expect("ERR name-taken 名字已被占用")
		}
		r.sync()
	})

	t.Run("a repeated login from the same address is answered OK again without a second notice", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice := r.login("alice")
		r.login("bob")
		alice.send("L alice")
		alice.expect("OK")
		alice.send("L Alice")
		alice.expect("OK")
		r.sync()
	})

	t.Run("a second name from a logged-in address is refused", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice := r.login("alice")
		r.login("bob")
		alice.send("L alice2")
		alice.expect("ERR already-logged-in 此地址已用另一个名字登录")
		r.sync()
		assert.ElementsMatch(t, []string{"obs", "alice", "bob"}, r.srv.Users())
	})

	t.Run("a chat claiming another user's name is refused and not broadcast", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice, bob := r.login("alice"), r.login("bob")
		bob.send("C alice I owe bob money")
		bob.expect("ERR not-your-name 名字与登录时不同")
		r.sync()
		_ = alice
	})

	t.Run("a quit claiming another user's name is refused and they stay", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		r.login("alice")
		bob := r.login("bob")
		bob.send("Q alice")
		bob.expect("ERR not-your-name 名字与登录时不同")
		r.sync()
		assert.ElementsMatch(t, []string{"obs", "alice", "bob"}, r.srv.Users())
	})

	t.Run("a stranger's chat, quit and heartbeat are answered not-logged-in", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		r.login("alice")
		stranger := r.dial()
		for _, req := range []string{"C alice hi", "Q alice", "H alice", "C nobody hi"} {
			stranger.send(req)
			stranger.expect("ERR not-logged-in 请先登录")
		}
		r.sync()
		assert.ElementsMatch(t, []string{"obs", "alice"}, r.srv.Users())
	})

	t.Run("a chat may name its sender in another case", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice, bob := r.login("Alice"), r.login("bob")
		alice.send("C alice hi")
		bob.expect("Alice ： hi")
		r.sync()
	})

	t.Run("login and quit in a loop leaves a clean room", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		bob := r.login("bob")
		p := r.dial()
		for i := 0; i < 50; i++ {
			p.send("L loop")
			p.expect("OK")
			bob.expect("loop 进入了聊天室")
			p.send("Q loop")
			p.expect("BYE")
			bob.expect("loop 退出了聊天室")
		}
		r.sync()
		assert.ElementsMatch(t, []string{"obs", "bob"}, r.srv.Users())
	})
}

// TestBadInput sends each bad input of the course notes and checks the exact
// answer, that the server keeps serving, and that no other user notices.
func TestBadInput(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name     string
		member   bool // sent by the logged-in user "alice" rather than a stranger
		datagram string
		want     string // the exact answer; "" for none
	}{
		{"an empty datagram", false, "", "ERR empty 空请求"},
		{"an empty datagram from a member", true, "", "ERR empty 空请求"},
		{"a lone newline, answered with a line end", true, "\n", "ERR empty 空请求\n"},
		{"a login with a lone trailing CR", false, "L dave\r", "ERR name-control 名字不能包含控制字符或不可见字符"},
		{"a login with two trailing newlines", false, "L dave\n\n", "ERR name-control 名字不能包含控制字符或不可见字符\n"},
		{"a login with two words", false, "L bob smith", "ERR name-space 名字不能包含空白"},
		{"a chat with a lone trailing CR", true, "C alice hi\r", "ERR text-newline 消息不能包含换行"},
		{"a chat with an empty text", true, "C alice ", "ERR no-text 缺少消息内容"},
		{"a quit with a word after the name", true, "Q alice now", "ERR name-space 名字不能包含空白"},
		{"a heartbeat with a lone trailing CR", true, "H alice\r", "ERR name-control 名字不能包含控制字符或不可见字符"},
		{"L alone", false, "L", "ERR no-name 缺少名字"},
		{"L and a space", false, "L ", "ERR no-name 缺少名字"},
		{"a name of spaces", false, "L    ", "ERR name-space 名字不能包含空白"},
		{"lower-case l", false, "l bob", "ERR bad-type 未知请求类型，应为 L、C、Q、H 或 W"},
		{"an unknown type", true, "X alice hi", "ERR bad-type 未知请求类型，应为 L、C、Q、H 或 W"},
		{"a leading BOM", false, "\uFEFFL bob", "ERR bad-type 未知请求类型，应为 L、C、Q、H 或 W"},
		{"a name of 17 characters", false, "L " + strings.Repeat("b", 17), "ERR name-too-long 名字最多 16 个字符"},
		{"a name of 1000 bytes", false, "L " + strings.Repeat("b", 1000), "ERR name-too-long 名字最多 16 个字符"},
		{"the name bob : hi", false, "L bob : hi", "ERR name-space 名字不能包含空白"},
		{"the administrator's name", false, "L 管理员", "ERR name-reserved 名字已保留"},
		{"admin", false, "L Admin", "ERR name-reserved 名字已保留"},
		{"a full-width look-alike of a taken name", false, "L ａｌｉｃｅ", "ERR name-taken 名字已被占用"},
		{"a decomposed accent of a taken name", false, "L Jose\u0301", "ERR name-taken 名字已被占用"},
		{"a zero-width joiner", false, "L bo\u200db", "ERR name-control 名字不能包含控制字符或不可见字符"},
		{"a right-to-left override", false, "L \u202Ebob", "ERR name-control 名字不能包含控制字符或不可见字符"},
		{"a NUL in a name", false, "L bo\x00b", "ERR name-control 名字不能包含控制字符或不可见字符"},
		{"invalid UTF-8", true, "C alice \xff\xfe\xfd", "ERR bad-utf8 不是有效的 UTF-8"},
		{"a multi-byte character cut at the size limit", true, "C alice " + long(protocol.MaxTextBytes-2) + "中"[:2], "ERR bad-utf8 不是有效的 UTF-8"},
		{"an embedded newline then a fake announcement", true, "C alice hi\n管理员消息： 服务器关闭", "ERR text-newline 消息不能包含换行"},
		{"an embedded newline then a fake chat line", true, "C alice hi\r\nbob ： I agree", "ERR text-newline 消息不能包含换行"},
		{"a terminal escape sequence", true, "C alice \x1b[2J", "ERR text-control 消息不能包含控制字符"},
		{"1025 bytes of text", true, "C alice " + long(1025), "ERR text-too-long 消息最多 1024 字节"},
		{"a datagram over the limit", true, "C alice " + long(2000), "ERR too-long 请求太长"},
		{"65507 bytes, the loopback maximum", true, "C alice " + long(65507-8), "ERR too-long 请求太长"},
		{"a chat without text", true, "C alice", "ERR no-text 缺少消息内容"},
		{"a chat from a stranger", false, "C alice hi", "ERR not-logged-in 请先登录"},
		{"a quit from a stranger", false, "Q alice", "ERR not-logged-in 请先登录"},
		{"a chat claiming another name", true, "C bob hi", "ERR not-your-name 名字与登录时不同"},
		{"a heartbeat claiming another name", true, "H bob", "ERR not-your-name 名字与登录时不同"},
		{"a heartbeat", true, "H alice", ""},
	}
	r := startRoom(t, testConfig(), true)
	alice := r.login("alice")
	r.login("José")
	carol := r.login("carol")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := alice
			if !tt.member {
				from = r.dial()
			}
			from.send(tt.datagram)
			if tt.want != "" {
				from.expect(tt.want)
			}
			r.sync()
			// The server still serves: a chat goes through.
			carol.send("C carol still here")
			for _, m := range r.members {
				if m != carol {
					m.expect("carol ： still here")
				}
			}
		})
	}
	assert.ElementsMatch(t, []string{"obs", "alice", "José", "carol"}, r.srv.Users())
}

func TestExpiry(t *testing.T) {
	t.Run("a silent user expires and the others hear they left", func(t *testing.T) {
		cfg := testConfig()
		cfg.Timeout = 30 * time.Second
		r := startRoom(t, cfg, true)
		alice, bob := r.login("alice"), r.login("bob")

		r.clock.Advance(20 * time.Second)
		bob.send("H bob")
		r.obs.send("H obs")
		r.sync() // the heartbeats have been handled
		r.srv.Sweep()
		r.sync() // 20 s of silence is allowed: nobody expired

		r.clock.Advance(15 * time.Second) // alice silent 35 s, bob 15 s
		r.srv.Sweep()
		bob.expect("alice 退出了聊天室")
		r.leave(alice)
		r.sync()
		assert.ElementsMatch(t, []string{"obs", "bob"}, r.srv.Users())

		alice.send("H alice")
		alice.expect("ERR not-logged-in 请先登录")
		alice.send("L alice")
		alice.expect("OK")
		bob.expect("alice 进入了聊天室")
	})

	t.Run("a chat message counts as a sign of life", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice, bob := r.login("alice"), r.login("bob")
		r.clock.Advance(25 * time.Second)
		alice.send("C alice still here")
		bob.expect("alice ： still here")
		r.obs.send("H obs")
		r.clock.Advance(10 * time.Second)
		r.sync()
		r.srv.Sweep()
		alice.expect("bob 退出了聊天室")
		assert.ElementsMatch(t, []string{"obs", "alice"}, r.srv.Users())
	})
}

func TestShutdown(t *testing.T) {
	t.Run("stopping the server tells everyone and Serve returns nil", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice, bob := r.login("alice"), r.login("bob")
		require.NoError(t, r.shutdown())
		alice.expect("管理员消息： 服务器关闭")
		bob.expect("管理员消息： 服务器关闭")
		assert.Empty(t, r.srv.Users())
	})

	t.Run("after a restart a client's heartbeat is answered not-logged-in and it can log in again", func(t *testing.T) {
		r := startRoom(t, testConfig(), false)
		alice := r.dial()
		alice.send("L alice")
		alice.expect("OK")
		require.NoError(t, r.shutdown())
		alice.expect("管理员消息： 服务器关闭")
		require.NoError(t, r.conn.Close())

		// A new server on the same port knows nobody.
		conn, err := net.ListenUDP("udp4", r.addr)
		require.NoError(t, err)
		startRoomOn(t, testConfig(), conn, false)
		alice.send("H alice")
		alice.expect("ERR not-logged-in 请先登录")
		alice.send("L alice")
		alice.expect("OK")
	})
}

func TestCaps(t *testing.T) {
	t.Run("the room refuses a user beyond MaxUsers", func(t *testing.T) {
		cfg := testConfig()
		cfg.MaxUsers = 3 // obs and two more
		r := startRoom(t, cfg, true)
		r.login("alice")
		r.login("bob")
		p := r.dial()
		p.send("L carol")
		p.expect("ERR room-full 聊天室已满")
		r.sync()
	})

	t.Run("the room refuses a user beyond MaxUsersPerIP", func(t *testing.T) {
		cfg := testConfig()
		cfg.MaxUsersPerIP = 2 // obs and one more, all on 127.0.0.1
		r := startRoom(t, cfg, true)
		r.login("alice")
		p := r.dial()
		p.send("L bob")
		p.expect("ERR ip-full 此 IP 的用户已达上限")
		r.sync()
	})

	t.Run("5000 logins from different ports stop at the cap and the room keeps serving", func(t *testing.T) {
		if testing.Short() {
			t.Skip("opens 5000 sockets")
		}
		cfg := testConfig()
		cfg.MaxUsersPerIP = 50
		cfg.UnknownBurst = 20
		cfg.UnknownRate = 0.001
		r := startRoom(t, cfg, true)
		alice, bob := r.dial(), r.dial()
		alice.send("L alice")
		alice.expect("OK")
		bob.send("L bob")
		bob.expect("OK")
		// barrier makes alice say something and waits until bob hears it,
		// skipping join notices: the server has handled everything before.
		barrier := func(text string) {
			alice.send("C alice " + text)
			for {
				got := bob.next()
				if got == "alice ： "+text {
					return
				}
				require.True(t, strings.HasSuffix(got, " 进入了聊天室"), "bob got %q", got)
			}
		}

		const n = 5000
		peers := make([]*peer, n)
		for i := range peers {
			peers[i] = r.dial()
			peers[i].send(fmt.Sprintf("L u%d", i))
			if i%500 == 499 {
				barrier(fmt.Sprint(i)) // do not overflow the server's socket buffer
			}
		}
		barrier("还在吗")
		assert.Len(t, r.srv.Users(), cfg.MaxUsersPerIP)

		// Count what the 5000 received: 47 OKs, a few refusals, the join
		// notices among the 47, and nothing else.
		var answers atomic.Int64
		var wg sync.WaitGroup
		for _, p := range peers {
			wg.Add(1)
			go func(p *peer) {
				defer wg.Done()
				answers.Add(int64(p.count(100 * time.Millisecond)))
			}(p)
		}
		wg.Wait()
		joined := int64(cfg.MaxUsersPerIP - 3)
		maxWant := joined + joined*(joined-1)/2 + joined*11 /* alice's messages */ + int64(cfg.UnknownBurst) + 1
		assert.LessOrEqual(t, answers.Load(), maxWant, "answers to the 5000")
	})
}

func TestRateLimit(t *testing.T) {
	t.Run("answers to strangers are rate limited", func(t *testing.T) {
		cfg := testConfig()
		cfg.UnknownBurst = 3
		cfg.UnknownRate = 0.001
		r := startRoom(t, cfg, true)
		r.login("alice")
		strangers := []*peer{r.dial(), r.dial()}
		for i := 0; i < 10; i++ {
			for _, s := range strangers {
				s.send("H nobody")
			}
		}
		r.sync() // everything has been handled
		got := 0
		for _, s := range strangers {
			got += s.count(50 * time.Millisecond)
		}
		assert.Equal(t, cfg.UnknownBurst, got, "answers to 20 requests from strangers")
	})

	t.Run("a flood is dropped beyond the burst", func(t *testing.T) {
		cfg := testConfig()
		cfg.Burst = 5
		cfg.Rate = 1
		clock := cfg.Clock.(*fakeClock)
		r := startRoom(t, cfg, false)
		alice, bob := r.dial(), r.dial()
		alice.send("L alice")
		alice.expect("OK")
		bob.send("L bob")
		bob.expect("OK")
		alice.expect("bob 进入了聊天室")
		for i := 0; i < 20; i++ {
			alice.send(fmt.Sprintf("C alice %d", i))
		}
		for i := 0; i < 4; i++ { // the burst of 5, less the login
			bob.expect(fmt.Sprintf("alice ： %d", i))
		}
		bob.send("C bob sync")
		alice.expect("bob ： sync") // the server has handled all 20
		clock.Advance(time.Second) // one more token
		alice.send("C alice later")
		bob.expect("alice ： later")
	})

	t.Run("a well-behaved user's messages arrive promptly during a flood", func(t *testing.T) {
		cfg := testConfig()
		cfg.Clock = nil // real time: this test measures latency
		cfg.Burst = 10
		cfg.Rate = 5
		r := startRoom(t, cfg, false)
		flood, good, recv := r.dial(), r.dial(), r.dial()
		for _, p := range []struct {
			p    *peer
			name string
		}{{flood, "flood"}, {good, "good"}, {recv, "recv"}} {
			p.p.send("L " + p.name)
			p.p.expect("OK")
		}

		ctx, cancel := context.WithCancel(context.Background())
		var floodSent atomic.Int64
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // about 10 000 datagrams a second until cancelled
			defer wg.Done()
			msg := []byte("C flood " + strings.Repeat("F", 64))
			tick := time.NewTicker(10 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
				for i := 0; i < 100; i++ {
					if _, err := flood.conn.Write(msg); err == nil {
						floodSent.Add(1)
					}
				}
			}
		}()

		const n = 8
		sent := make([]time.Time, n)
		var latencies []time.Duration
		floodSeen := 0
		time.Sleep(100 * time.Millisecond) // let the flood build up before measuring
		for i := 0; i < n; i++ {
			sent[i] = time.Now()
			good.send(fmt.Sprintf("C good m%d", i))
			for {
				got := recv.next()
				if strings.HasPrefix(got, "flood ") {
					floodSeen++
					continue
				}
				if got == "good 进入了聊天室" || got == "recv 进入了聊天室" {
					continue
				}
				require.Equal(t, fmt.Sprintf("good ： m%d", i), got)
				latencies = append(latencies, time.Since(sent[i]))
				break
			}
			time.Sleep(100 * time.Millisecond) // a human pace, within good's rate
		}
		cancel()
		wg.Wait()
		t.Logf("flood sent %d datagrams, recv saw %d of them; latencies %v", floodSent.Load(), floodSeen, latencies)
		for i, l := range latencies {
			assert.Less(t, l, 300*time.Millisecond, "latency of message %d", i)
		}
		assert.Greater(t, floodSent.Load(), int64(3000), "the flood should be a flood")
		assert.LessOrEqual(t, floodSeen, 10+5*3, "flood messages passed on (burst 10 then 5/s for about 1.5 s)")
	})
}

func TestDualStack(t *testing.T) {
	t.Run("IPv4 peers of a dual-stack socket are one address each", func(t *testing.T) {
		conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv6unspecified})
		if err != nil {
			t.Skipf("no IPv6 socket: %v", err)
		}
		r := startRoomOn(t, testConfig(), conn, false)
		r.addr = &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: r.addr.Port}
		alice, bob := r.dial(), r.dial()
		alice.send("L alice")
		alice.expect("OK")
		bob.send("L bob")
		bob.expect("OK")
		alice.expect("bob 进入了聊天室")
		alice.send("C alice hi")
		bob.expect("alice ： hi")
		alice.send("L alice") // the same address, even though the socket saw ::ffff:127.0.0.1
		alice.expect("OK")
	})
}

// FuzzHandle feeds arbitrary datagrams from a few addresses to the server's
// handler and checks that it never panics and only ever sends well-formed
// single-line text.
func FuzzHandle(f *testing.F) {
	for _, s := range []string{
		"", "L alice", "C alice hi", "Q alice", "H alice", "L 管理员", "L ａｌｉｃｅ", "C bob hi",
		"C alice hi\n管理员消息： x", "C alice \x1b[2J", "\uFEFFL x", "C alice \xff", "l alice",
	} {
		f.Add(uint8(0), []byte(s))
	}
	addrs := []netip.AddrPort{
		netip.MustParseAddrPort("127.0.0.1:1000"),
		netip.MustParseAddrPort("127.0.0.1:1001"),
		netip.MustParseAddrPort("[::ffff:127.0.0.1]:1000"),
		netip.MustParseAddrPort("10.0.0.1:1000"),
	}
	f.Fuzz(func(t *testing.T, who uint8, data []byte) {
		cfg := testConfig()
		cfg.MaxUsersPerIP = 2
		s := New(cfg)
		s.handle(addrs[0], []byte("L alice"))
		s.handle(addrs[1], []byte("L bob"))
		for _, d := range append(s.handle(addrs[int(who)%len(addrs)], data), s.handle(addrs[int(who/4)%len(addrs)], data)...) {
			// One line, with one line end at most (for a user in nc).
			msg := strings.TrimSuffix(string(d.msg), protocol.LineEnd)
			if !utf8.ValidString(msg) || strings.ContainsAny(msg, "\r\n\x00\x1b") || len(d.msg) > protocol.MaxWhoBytes {
				t.Fatalf("handle(%q) would send %q", data, msg)
			}
		}
		s.Sweep()
		if n := len(s.Users()); n > 3 {
			t.Fatalf("%d users after one request", n)
		}
	})
}
