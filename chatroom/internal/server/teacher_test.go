package server

import (
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLineEnds(t *testing.T) {
	t.Run("a user who logs in with a line end gets every reply and notice with one, the others without", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice := r.login("alice")
		nc := r.dial()
		nc.send("L nc\n")
		nc.expect("OK\n")
		alice.expect("nc 进入了聊天室")

		bob := r.login("bob") // alice hears it without a line end
		nc.expect("bob 进入了聊天室\n")

		alice.send("C alice 你好")
		nc.expect("alice ： 你好\n")
		bob.expect("alice ： 你好")
		nc.send("C nc hello\r\n")
		alice.expect("nc ： hello")
		bob.expect("nc ： hello")
		require.NoError(t, r.srv.Announce("下课了"))
		nc.expect("管理员消息： 下课了\n")
		alice.expect("管理员消息： 下课了")
		bob.expect("管理员消息： 下课了")
		nc.send("C bob 我是 bob\n")
		nc.expect("ERR not-your-name 名字与登录时不同\n")
		nc.send("W nc\n")
		nc.expect("WHO 4 alice bob nc obs\n")
		nc.send("Q nc\n")
		nc.expect("BYE\n")
		alice.expect("nc 退出了聊天室")
		bob.expect("nc 退出了聊天室")
		r.sync()
	})

	t.Run("a stranger's request with a line end is answered with one", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		p := r.dial()
		p.send("C nobody hi\n")
		p.expect("ERR not-logged-in 请先登录\n")
		p.send("C nobody hi")
		p.expect("ERR not-logged-in 请先登录")
	})

	t.Run("a repeated login without the line end switches the user to datagrams without one", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		p := r.dial()
		p.send("L carol\n")
		p.expect("OK\n")
		p.send("L carol")
		p.expect("OK")
		r.members = append(r.members, p)
		r.sync() // carol receives obs's chat without a line end
	})

	t.Run("a user in nc outlives Timeout and is dropped after LineTimeout", func(t *testing.T) {
		cfg := testConfig()
		cfg.Timeout = 30 * time.Second
		cfg.LineTimeout = 10 * time.Minute
		r := startRoom(t, cfg, false)
		alice := r.dial()
		alice.send("L alice")
		alice.expect("OK")
		nc := r.dial()
		nc.send("L nc\n")
		nc.expect("OK\n")
		alice.expect("nc 进入了聊天室")

		for i := 0; i < 10; i++ { // ten minutes: alice sends heartbeats, nc nothing
			r.clock.Advance(time.Minute)
			alice.send("W alice")
			alice.expect("WHO 2 alice nc") // handled before the sweep
			r.srv.Sweep()
		}
		assert.ElementsMatch(t, []string{"alice", "nc"}, r.srv.Users(), "after 10 minutes of silence")

		r.clock.Advance(time.Minute)
		alice.send("W alice")
		alice.expect("WHO 2 alice nc")
		r.srv.Sweep()
		alice.expect("nc 退出了聊天室")
		assert.ElementsMatch(t, []string{"alice"}, r.srv.Users(), "after 11 minutes of silence")
	})
}

func TestWho(t *testing.T) {
	t.Run("W lists everyone in the room, its sender included, sorted by name", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		r.login("小明")
		bob := r.login("Bob")
		alice := r.login("alice")
		alice.send("W alice")
		alice.expect("WHO 4 alice Bob obs 小明")
		r.sync() // nobody else heard of it
		_ = bob
	})

	t.Run("W from a stranger or with another user's name is refused", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice := r.login("alice")
		r.login("bob")
		alice.send("W bob")
		alice.expect("ERR not-your-name 名字与登录时不同")
		p := r.dial()
		p.send("W alice")
		p.expect("ERR not-logged-in 请先登录")
		r.sync()
	})

	t.Run("W counts as a sign of life", func(t *testing.T) {
		cfg := testConfig()
		cfg.Timeout = 30 * time.Second
		r := startRoom(t, cfg, true)
		alice := r.login("alice")
		r.clock.Advance(20 * time.Second)
		alice.send("W alice")
		alice.expect("WHO 2 alice obs")
		r.obs.send("H obs")
		r.sync()
		r.clock.Advance(20 * time.Second)
		r.obs.send("H obs")
		r.sync()
		r.srv.Sweep()
		r.sync() // nobody expired
		assert.ElementsMatch(t, []string{"obs", "alice"}, r.srv.Users())
	})
}

func TestTeacher(t *testing.T) {
	t.Run("a kicked user is told why, the others hear they left, and they may log in again", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		r.login("alice")
		bob := r.login("bob")
		info, err := r.srv.Kick("BOB", "请安静")
		require.NoError(t, err)
		assert.Equal(t, "bob", info.Name)
		bob.expect("ERR kicked 你已被管理员移出聊天室：请安静")
		r.members[0].expect("bob 退出了聊天室")
		r.leave(bob)
		r.sync()
		assert.ElementsMatch(t, []string{"obs", "alice"}, r.srv.Users())

		bob.send("C bob 我还在吗")
		bob.expect("ERR not-logged-in 请先登录")
		r.sync() // the chat reached nobody
		bob.send("L bob")
		bob.expect("OK")
	})

	t.Run("a kick without a reason sends the bare reply", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		bob := r.login("bob")
		_, err := r.srv.Kick("bob", "")
		require.NoError(t, err)
		bob.expect("ERR kicked 你已被管理员移出聊天室")
	})

	t.Run("kicking a name nobody has, or with a reason on two lines, changes nothing", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		r.login("alice")
		_, err := r.srv.Kick("nobody", "")
		assert.ErrorIs(t, err, ErrNoSuchUser)
		_, err = r.srv.Kick("alice", "a\n管理员消息： 服务器关闭")
		assert.Error(t, err)
		r.sync()
		assert.ElementsMatch(t, []string{"obs", "alice"}, r.srv.Users())
	})

	t.Run("a muted user's chats are refused and reach nobody, even after logging in again, until unmuted", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice := r.login("alice")
		bob := r.login("bob")
		_, err := r.srv.Mute("Bob")
		require.NoError(t, err)
		assert.Equal(t, []string{"bob"}, r.srv.Muted())

		bob.send("C bob 听我说")
		bob.expect("ERR muted 你已被管理员禁言")
		r.sync() // nobody heard it, and bob still hears the others
		bob.send("W bob")
		bob.expect("WHO 3 alice bob obs")

		bob.send("Q bob")
		bob.expect("BYE")
		alice.expect("bob 退出了聊天室")
		bob.send("L bob")
		bob.expect("OK")
		alice.expect("bob 进入了聊天室")
		bob.send("C bob 现在呢")
		bob.expect("ERR muted 你已被管理员禁言")
		r.sync()

		require.NoError(t, r.srv.Unmute("bob"))
		assert.ErrorIs(t, r.srv.Unmute("bob"), ErrNotMuted)
		bob.send("C bob 谢谢")
		alice.expect("bob ： 谢谢")
	})

	t.Run("muting a name nobody has is an error", func(t *testing.T) {
		r := startRoom(t, testConfig(), false)
		_, err := r.srv.Mute("nobody")
		assert.ErrorIs(t, err, ErrNoSuchUser)
		assert.Empty(t, r.srv.Muted())
	})

	t.Run("a banned user is told, the others hear they left, and nobody from that IP may log in until unbanned", func(t *testing.T) {
		r := startRoom(t, testConfig(), true)
		alice := r.login("alice")
		bob := r.login("bob")
		_, err := r.srv.Ban("bob", "")
		require.NoError(t, err)
		bob.expect("ERR banned 此地址已被管理员禁止进入聊天室")
		alice.expect("bob 退出了聊天室")
		r.leave(bob)
		require.Len(t, r.srv.Bans(), 1)
		assert.Equal(t, netip.MustParseAddr("127.0.0.1"), r.srv.Bans()[0].IP)
		assert.Equal(t, "bob", r.srv.Bans()[0].Name)

		bob.send("L bob")
		bob.expect("ERR banned 此地址已被管理员禁止进入聊天室")
		carol := r.dial() // another port on the same IP
		carol.send("L carol")
		carol.expect("ERR banned 此地址已被管理员禁止进入聊天室")
		r.sync() // alice, already in from that IP, still chats and hears

		assert.ErrorIs(t, r.srv.Unban(netip.MustParseAddr("10.0.0.1")), ErrNotBanned)
		require.NoError(t, r.srv.Unban(netip.MustParseAddr("::ffff:127.0.0.1")))
		assert.Empty(t, r.srv.Bans())
		carol.send("L carol")
		carol.expect("OK")
	})

	t.Run("Who describes every user for the teacher", func(t *testing.T) {
		r := startRoom(t, testConfig(), false)
		alice := r.dial()
		alice.send("L alice")
		alice.expect("OK")
		r.clock.Advance(7 * time.Second)
		nc := r.dial()
		nc.send("L nc\n")
		nc.expect("OK\n")
		alice.expect("nc 进入了聊天室")
		_, err := r.srv.Mute("nc")
		require.NoError(t, err)

		who := r.srv.Who()
		require.Len(t, who, 2)
		assert.Equal(t, "alice", who[0].Name)
		assert.Equal(t, alice.conn.LocalAddr().(interface{ String() string }).String(), who[0].Addr.String())
		assert.Equal(t, 7*time.Second, who[0].Idle)
		assert.False(t, who[0].Muted)
		assert.Equal(t, "nc", who[1].Name)
		assert.Zero(t, who[1].Idle)
		assert.True(t, who[1].Muted)
		assert.True(t, who[1].LineEnd)
		assert.Equal(t, 2, r.srv.Online())
	})
}

// recorder keeps the events a Server reports.
type recorder struct {
	mu     sync.Mutex // protects events
	events []Event
}

func (rec *recorder) add(e Event) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.events = append(rec.events, e)
}

func (rec *recorder) all() []Event {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]Event(nil), rec.events...)
}

func TestEvents(t *testing.T) {
	t.Run("joins, chats, leaves, expiries and the teacher's actions are reported in order with the number online", func(t *testing.T) {
		var rec recorder
		cfg := testConfig()
		cfg.Events = rec.add
		r := startRoom(t, cfg, true)
		alice := r.login("alice")
		bob := r.login("bob")
		alice.send("C alice hi")
		bob.expect("alice ： hi")
		require.NoError(t, r.srv.Announce("下课了"))
		_, err := r.srv.Mute("bob")
		require.NoError(t, err)
		require.NoError(t, r.srv.Unmute("bob"))
		_, err = r.srv.Kick("bob", "再见")
		require.NoError(t, err)
		alice.send("Q alice")
		alice.expect("管理员消息： 下课了")
		alice.expect("bob 退出了聊天室")
		alice.expect("BYE")
		r.clock.Advance(time.Hour)
		r.srv.Sweep()
		require.NoError(t, r.shutdown())

		type ev struct {
			kind   EventKind
			name   string
			text   string
			online int
		}
		var got []ev
		for _, e := range rec.all() {
			got = append(got, ev{e.Kind, e.Name, e.Text, e.Online})
		}
		assert.Equal(t, []ev{
			{EventJoin, "obs", "", 1},
			{EventJoin, "alice", "", 2},
			{EventJoin, "bob", "", 3},
			{EventChat, "alice", "hi", 3},
			{EventAnnouncement, "", "下课了", 3},
			{EventMute, "bob", "", 3},
			{EventUnmute, "bob", "", 3},
			{EventKick, "bob", "再见", 2},
			{EventLeave, "alice", "", 1},
			{EventExpire, "obs", "", 0},
			{EventShutdown, "", "服务器关闭", 0},
		}, got)
	})
}
