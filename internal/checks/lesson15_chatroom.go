package checks

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"forkroom/internal/chatprobe"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// Chatroom grades lesson 15, the whole chat room of the course: the server
// (lesson 14's, plus announcements: every line typed on its stdin goes to
// everyone as "管理员消息： line") and the client `client -addr A -name N`,
// which logs in, prints what the room sends while it sends the lines typed
// on its stdin, and leaves with Q on /quit or at the end of input. The
// server's checks are lessons 13 and 14's and the announcement's; the client
// is graded against a fake server.
func Chatroom() grade.Suite {
	return grade.Suite{
		Programs: []string{"server", "client"},
		Checks:   append(chatServerChecks(), chatClientChecks()...),
	}
}

// chatServerChecks are every check of a chat server, in the order of the
// lessons; Complete grades chatroom/server with them.
func chatServerChecks() []grade.Check {
	checks := append(loginChecks(), chatChecks()...)
	return append(checks, grade.Check{
		ID: "announce", Title: "sends every line typed on the server's stdin to everyone as \"管理员消息： line\"", Points: 2, Timeout: chatTimeout,
		Hint: "Read os.Stdin with a bufio.Scanner in a goroutine of its own, and send \"管理员消息： \" + line to every address in the map. Two goroutines now use the map: guard it with a sync.Mutex.",
		Run:  inRoom(scenarioAnnounce),
	})
}

// chatClientChecks grade the client `client -addr A -name N` against a fake
// server; Complete grades chatroom/client with them.
func chatClientChecks() []grade.Check {
	return []grade.Check{
		{
			ID: "client-login", Title: "the client logs in: it sends \"L name\" to -addr", Points: 2, Timeout: chatTimeout,
			Hint: "Parse -addr and -name with the flag package, open one UDP socket, and send \"L \" + name to the server; wait for its answer and stop unless it is \"OK\".",
			Run:  withClient(func(c *clientRun) error { return nil }),
		},
		{
			ID: "client-prints", Title: "the client prints what the room sends while nobody types", Points: 3, Timeout: chatTimeout,
			Hint: "Receive in a goroutine of its own: a loop that reads a datagram and prints it as one line. Main meanwhile waits on stdin; neither may wait for the other.",
			Run:  withClient(clientPrints),
		},
		{
			ID: "client-sends", Title: "the client sends each line typed as \"C name line\", from the address it logged in from", Points: 3, Timeout: chatTimeout,
			Hint: "Read stdin line by line with a bufio.Scanner and send \"C \" + name + \" \" + line on the same socket you logged in with: the server knows a user by its address.",
			Run:  withClient(clientSends),
		},
		{
			ID: "client-quit", Title: "on /quit the client sends \"Q name\" and ends", Points: 2, Timeout: chatTimeout,
			Hint: "When the line is \"/quit\", send \"Q \" + name and return from main (exit status 0).",
			Run:  withClient(func(c *clientRun) error { return c.quit("/quit") }),
		},
		{
			ID: "client-eof", Title: "at the end of input the client sends \"Q name\" and ends", Points: 1, Timeout: chatTimeout,
			Hint: "When the scanner's Scan returns false (Ctrl-D, or the end of a piped file), quit as for /quit.",
			Run:  withClient(func(c *clientRun) error { return c.quit("") }),
		},
	}
}

var chatAnnouncements = []string{"下课了，明天见", "the room closes at 6 pm", "请 大家 交作业", "server restarts soon"}

func scenarioAnnounce(r *chatRoom) error {
	cs, err := r.joinAll(r.name(false), r.name(true))
	if err != nil {
		return err
	}
	text := fmt.Sprintf("%s #%d", chatAnnouncements[r.t.Rand.Intn(len(chatAnnouncements))], 100+r.t.Rand.Intn(900))
	if err := r.server.Send(text); err != nil {
		return err
	}
	return r.expectAll(cs, adminNotice(text), isJoinNotice)
}

// clientRun is one check of the client: the client under test and the fake
// server it talks to.
type clientRun struct {
	t    *grade.T
	fake *chatprobe.Peer
	p    *grade.Program
	name string
	from netip.AddrPort // where the client's login came from
}

// clientWait is how long the fake server waits for the client's datagrams;
// the first one also waits for the client to start.
const clientWait = 3 * time.Second

// withClient makes a check out of a client scenario: it starts the fake
// server and the client, lets the client log in, runs the scenario, and
// attaches the fake server's transcript.
func withClient(scenario func(c *clientRun) error) func(*grade.T) error {
	return func(t *grade.T) error {
		c := &clientRun{t: t}
		defer c.attach()
		if err := c.start(); err != nil {
			return err
		}
		return scenario(c)
	}
}

func (c *clientRun) start() error {
	var err error
	c.fake, err = chatprobe.Listen(c.t.Context(), "fake server", netip.AddrPort{}, time.Now())
	if err != nil {
		return err
	}
	names := chatLatinNames
	if c.t.Rand.Intn(2) == 0 {
		names = chatChineseNames
	}
	c.name = fmt.Sprintf("%s%d", names[c.t.Rand.Intn(len(names))], 10+c.t.Rand.Intn(90))
	c.p, err = c.t.StartWith(grade.StartOptions{Program: "client", Args: []string{"-addr", c.fake.Addr().String(), "-name", c.name}})
	if err != nil {
		return err
	}
	c.fake.SetEpoch(c.p.Started)
	d, err := c.await("L "+c.name, clientWait)
	if err != nil {
		return err
	}
	c.from = d.From
	return c.fake.SendTo(c.from, []byte("OK"))
}

func (c *clientRun) attach() {
	if c.fake == nil {
		return
	}
	c.t.Attach(i18n.M("what the fake server sent and received (seconds since your client started)"), c.fake.Transcript())
	c.fake.Close()
}

// await waits for the client's next datagram, passing over heartbeats
// ("H name") and who-is-here requests ("W name"), which chatroom/client
// sends, and fails unless it is want,
// give or take one trailing line end. After the login it must also come
// from the login's address.
func (c *clientRun) await(want string, within time.Duration) (chatprobe.Datagram, error) {
	end := time.Now().Add(within)
	for {
		// Read in short slices, so that a client that has ended is
		// reported at once rather than at the deadline.
		ended := c.p.Exited()
		d, err := c.fake.Recv(min(time.Until(end), 100*time.Millisecond))
		switch {
		case errors.Is(err, chatprobe.ErrNothing) && ended != nil:
			return d, grade.Errorf("your client ended (%s) without sending %q to -addr %s", *ended, want, c.fake.Addr().String())
		case errors.Is(err, chatprobe.ErrNothing) && time.Now().Before(end):
			continue
		case errors.Is(err, chatprobe.ErrNothing):
			return d, grade.Errorf("your client sent nothing to -addr %s in %s, want %q", c.fake.Addr().String(), fmtDur(within), want)
		case err != nil:
			return d, err
		}
		got := strings.TrimSuffix(strings.TrimSuffix(d.Text(), "\n"), "\r")
		if strings.HasPrefix(got, "H ") || strings.HasPrefix(got, "W ") {
			continue
		}
		if got != want {
			return d, grade.Errorf("your client sent %q, want %q", d.Text(), want)
		}
		if c.from.IsValid() && d.From != c.from {
			return d, grade.Errorf("your client sent %q from %s, but it logged in from %s: the server knows a user by its address, so use one socket for everything", d.Text(), d.From.String(), c.from.String())
		}
		return d, nil
	}
}

// printed waits until the client has printed a line that contains s.
func (c *clientRun) printed(s string, within time.Duration) (bool, error) {
	end := time.Now().Add(within)
	for {
		for _, l := range c.p.Stdout() {
			if strings.Contains(l, s) {
				return true, nil
			}
		}
		if time.Now().After(end) || c.p.Exited() != nil {
			return false, nil
		}
		if err := c.t.Sleep(20 * time.Millisecond); err != nil {
			return false, err
		}
	}
}

func clientPrints(c *clientRun) error {
	other := fmt.Sprintf("%s%d", chatChineseNames[c.t.Rand.Intn(len(chatChineseNames))], 10+c.t.Rand.Intn(90))
	text := fmt.Sprintf("%s #%d", chatTexts[c.t.Rand.Intn(len(chatTexts))], 100+c.t.Rand.Intn(900))
	notices := []string{joinNotice(other), chatNotice(other, text), adminNotice(text), leaveNotice(other)}
	for _, n := range notices {
		if err := c.fake.SendTo(c.from, []byte(n)); err != nil {
			return err
		}
		ok, err := c.printed(n, 2*time.Second)
		if err != nil {
			return err
		}
		if ex := c.p.Exited(); !ok && ex != nil {
			return grade.Errorf("the server sent %q and your client ended (%s) instead of printing it", n, *ex)
		}
		if !ok {
			return grade.Errorf("the server sent %q and your client did not print it within %s while nothing was typed: it must print what arrives without waiting for a line of input", n, fmtDur(2*time.Second))
		}
	}
	return nil
}

func clientSends(c *clientRun) error {
	for i := 0; i < 2; i++ {
		text := fmt.Sprintf("%s #%d", chatTexts[c.t.Rand.Intn(len(chatTexts))], 100+c.t.Rand.Intn(900))
		if err := c.p.Send(text); err != nil {
			return err
		}
		if _, err := c.await(chatRequest(c.name, text), 2*time.Second); err != nil {
			return err
		}
	}
	return nil
}

// quit ends the client with line ("/quit") or, when line is "", by closing
// its stdin, and expects "Q name" and the client's end.
func (c *clientRun) quit(line string) error {
	if line != "" {
		if err := c.p.Send(line); err != nil {
			return err
		}
	} else {
		c.p.CloseStdin()
	}
	if _, err := c.await("Q "+c.name, 2*time.Second); err != nil {
		return err
	}
	select {
	case <-c.p.Done():
	case <-time.After(clientWait):
		return grade.Errorf("your client sent %q but was still running %s later: it must end after it quits", "Q "+c.name, fmtDur(clientWait))
	case <-c.t.Context().Done():
		return grade.Errorf("your client sent %q but was still running %s later: it must end after it quits", "Q "+c.name, fmtDur(clientWait))
	}
	if ex := c.p.Exited(); ex.Code != 0 {
		return grade.Errorf("your client ended with %s after it quit, want exit status 0", *ex)
	}
	return nil
}

func init() {
	i18n.Register(map[string]string{
		"sends every line typed on the server's stdin to everyone as \"管理员消息： line\"":                                                                                                        "把在服务器标准输入中输入的每一行以 \"管理员消息： 该行\" 的形式发给每个人",
		"Read os.Stdin with a bufio.Scanner in a goroutine of its own, and send \"管理员消息： \" + line to every address in the map. Two goroutines now use the map: guard it with a sync.Mutex.": "在单独的 goroutine 里用 bufio.Scanner 读 os.Stdin，把 \"管理员消息： \" + 该行 发给 map 中的每个地址。现在有两个 goroutine 使用这个 map：用 sync.Mutex 保护它。",
		"the client logs in: it sends \"L name\" to -addr": "客户端登录：向 -addr 发送 \"L 名字\"",
		"Parse -addr and -name with the flag package, open one UDP socket, and send \"L \" + name to the server; wait for its answer and stop unless it is \"OK\".": "用 flag 包解析 -addr 和 -name，打开一个 UDP 套接字，向服务器发送 \"L \" + 名字；等待回答，不是 \"OK\" 就结束。",
		"the client prints what the room sends while nobody types": "没有人输入时，客户端也会打印聊天室发来的消息",
		"Receive in a goroutine of its own: a loop that reads a datagram and prints it as one line. Main meanwhile waits on stdin; neither may wait for the other.":         "在单独的 goroutine 里接收：循环读取数据报，每个打印成一行。与此同时 main 等待标准输入；两者都不能等对方。",
		"the client sends each line typed as \"C name line\", from the address it logged in from":                                                                           "客户端把输入的每一行以 \"C 名字 该行\" 发送，并且从登录时的地址发出",
		"Read stdin line by line with a bufio.Scanner and send \"C \" + name + \" \" + line on the same socket you logged in with: the server knows a user by its address.": "用 bufio.Scanner 逐行读标准输入，在登录用的同一个套接字上发送 \"C \" + 名字 + \" \" + 该行：服务器靠地址认人。",
		"on /quit the client sends \"Q name\" and ends":                                                                                                         "输入 /quit 时客户端发送 \"Q 名字\" 并结束",
		"When the line is \"/quit\", send \"Q \" + name and return from main (exit status 0).":                                                                  "输入的行是 \"/quit\" 时，发送 \"Q \" + 名字，然后从 main 返回（退出状态 0）。",
		"at the end of input the client sends \"Q name\" and ends":                                                                                              "输入结束时客户端发送 \"Q 名字\" 并结束",
		"When the scanner's Scan returns false (Ctrl-D, or the end of a piped file), quit as for /quit.":                                                        "scanner 的 Scan 返回 false 时（Ctrl-D，或管道输入结束），像 /quit 一样退出。",
		"what the fake server sent and received (seconds since your client started)":                                                                            "模拟服务器发送和收到的数据报（从你的客户端启动起的秒数）",
		"your client ended (%s) without sending %q to -addr %s":                                                                                                 "你的客户端结束了（%s），没有向 -addr %[3]s 发送 %[2]q",
		"your client sent nothing to -addr %s in %s, want %q":                                                                                                   "你的客户端在 %[2]s 内没有向 -addr %[1]s 发送任何东西，应发送 %[3]q",
		"your client sent %q, want %q":                                                                                                                          "你的客户端发送了 %q，应为 %q",
		"your client sent %q from %s, but it logged in from %s: the server knows a user by its address, so use one socket for everything":                       "你的客户端从 %[2]s 发送了 %[1]q，但它是从 %[3]s 登录的：服务器靠地址认人，所以所有请求都要用同一个套接字",
		"the server sent %q and your client ended (%s) instead of printing it":                                                                                  "服务器发来 %q，你的客户端没有打印它，而是结束了（%s）",
		"the server sent %q and your client did not print it within %s while nothing was typed: it must print what arrives without waiting for a line of input": "服务器发来 %q，在没有输入的情况下你的客户端 %s 内没有打印它：收到的消息必须立即打印，不能等输入一行之后",
		"your client sent %q but was still running %s later: it must end after it quits":                                                                        "你的客户端发送了 %q，但 %s 之后仍在运行：退出后它必须结束",
		"your client ended with %s after it quit, want exit status 0":                                                                                           "你的客户端退出后以 %s 结束，应为退出状态 0",
	})
}
