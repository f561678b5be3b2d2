package checks

import (
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"time"

	"forkroom/internal/chatprobe"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// UDP grades lesson 11: `udp server -addr A` sends every datagram back to
// its sender and prints "echo from=IP:PORT bytes=N"; `udp client -addr A
// MESSAGE...` sends each message as one datagram and prints each answer as
// "reply TEXT". Fake clients play against the server; a fake server that
// answers with something the client cannot guess plays against the client.
func UDP() grade.Suite {
	return grade.Suite{Checks: []grade.Check{
		{
			ID: "echo", Title: "the server sends each datagram back to its sender", Points: 2, Timeout: udpTimeout,
			Hint: "net.ListenUDP(\"udp4\", addr), then a loop: n, from, err := conn.ReadFromUDPAddrPort(buf) (recvfrom) and conn.WriteToUDPAddrPort(buf[:n], from) (sendto).",
			Run:  udpEcho,
		},
		{
			ID: "echo-exact", Title: "the server sends back exactly the bytes it got: line ends, spaces, Chinese, 2000 bytes, nothing", Points: 2, Timeout: udpTimeout,
			Hint: "Send buf[:n] back as it is: no strings.TrimSpace, no added \"\\n\", and a buffer big enough for any datagram (65536 bytes), since a datagram longer than the buffer is cut without an error.",
			Run:  udpEchoExact,
		},
		{
			ID: "each-client", Title: "the server answers each client at its own address", Points: 2, Timeout: udpTimeout,
			Hint: "Answer the address that ReadFromUDPAddrPort returned for this very datagram, not one you kept from an earlier one.",
			Run:  udpEachClient,
		},
		{
			ID: "logs-sender", Title: "the server prints the true sender of each datagram: echo from=IP:PORT bytes=N", Points: 1, Timeout: udpTimeout,
			Hint: "Print the address ReadFromUDPAddrPort returned. A socket opened as \"udp\" on a dual-stack host reports an IPv4 peer as [::ffff:127.0.0.1]:p: listen on \"udp4\", or print from.Addr().Unmap().",
			Run:  udpLogsSender,
		},
		{
			ID: "client-sends", Title: "the client sends each MESSAGE as one datagram to -addr, in order, from one socket", Points: 2, Timeout: udpTimeout,
			Hint: "Open one socket with net.ListenUDP(\"udp4\", nil) and send each message with WriteToUDPAddrPort to the parsed -addr, exactly as given: no line end added.",
			Run:  udpClientSends,
		},
		{
			ID: "client-replies", Title: "the client prints each reply it receives as \"reply TEXT\", then ends", Points: 2, Timeout: udpTimeout,
			Hint: "After each send, read one datagram with a deadline (conn.SetReadDeadline) and print \"reply \" + what arrived, not what you sent; return from main after the last message.",
			Run:  udpClientReplies,
		},
	}}
}

const (
	udpTimeout = 8 * time.Second
	udpReady   = 2 * time.Second
)

// udpServer is one check's echo server and the first fake client, which
// also served as the readiness probe.
type udpServer struct {
	t     *grade.T
	p     *grade.Program
	addr  netip.AddrPort
	peers []*chatprobe.Peer
}

// withUDPServer starts `udp server -addr A` on a free port, waits until it
// echoes a probe sent by the first client, runs the scenario and attaches
// every client's transcript.
func withUDPServer(scenario func(s *udpServer, first *chatprobe.Peer) error) func(*grade.T) error {
	return func(t *grade.T) error {
		s := &udpServer{t: t}
		defer func() {
			var blocks []string
			for _, p := range s.peers {
				blocks = append(blocks, p.Transcript())
				p.Close()
			}
			if len(blocks) > 0 {
				t.Attach(i18n.M("what each fake client sent and received (seconds since your program started)"), strings.Join(blocks, "\n\n"))
			}
		}()
		first, err := s.start()
		if err != nil {
			return err
		}
		return scenario(s, first)
	}
}

func (s *udpServer) start() (*chatprobe.Peer, error) {
	addr, err := chatprobe.FreePort()
	if err != nil {
		return nil, err
	}
	s.addr = addr
	s.p, err = s.t.Start("server", "-addr", addr.String())
	if err != nil {
		return nil, err
	}
	first, err := s.client("client A")
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(udpReady)
	for i := 1; ; i++ {
		if ex := s.p.Exited(); ex != nil {
			return nil, grade.Errorf("your server ended (%s) before it echoed anything: `udp server -addr %s` must keep running and answer every datagram", *ex, addr.String())
		}
		ping := fmt.Sprintf("ready? %d", i)
		if err := first.Send(ping); err != nil {
			return nil, err
		}
		_, err := first.Recv(100 * time.Millisecond)
		switch {
		case err == nil:
			// An echo of an earlier probe may follow; expectations pass
			// over them.
			return first, nil
		case !errors.Is(err, chatprobe.ErrNothing):
			return nil, err
		case time.Now().After(deadline):
			return nil, grade.Errorf("your server did not answer the datagrams sent to -addr %s for %s: it must listen there and send each one back", addr.String(), fmtDur(udpReady))
		}
	}
}

func (s *udpServer) client(label string) (*chatprobe.Peer, error) {
	p, err := chatprobe.Listen(s.t.Context(), label, s.addr, s.p.Started)
	if err != nil {
		return nil, err
	}
	s.peers = append(s.peers, p)
	return p, nil
}

func isProbe(b []byte) bool { return strings.HasPrefix(string(b), "ready? ") }

// echoOf sends data from c and expects it back, exactly, from the server's
// address.
func (s *udpServer) echoOf(c *chatprobe.Peer, data []byte) error {
	if err := c.SendTo(s.addr, data); err != nil {
		return err
	}
	end := time.Now().Add(chatWait)
	for {
		d, err := c.Recv(time.Until(end))
		switch {
		case errors.Is(err, chatprobe.ErrNothing):
			return grade.Errorf("%s sent %s and got nothing back within %s", c.Name, chatprobe.Quote(data), fmtDur(chatWait))
		case err != nil:
			return err
		case isProbe(d.Data) && !isProbe(data):
			continue
		case string(d.Data) != string(data):
			return grade.Errorf("%s sent %s and got back %s (%d bytes, want %d)", c.Name, chatprobe.Quote(data), chatprobe.Quote(d.Data), len(d.Data), len(data))
		case d.From != s.addr:
			return grade.Errorf("%s got its echo from %s, want it from the server's address %s", c.Name, d.From.String(), s.addr.String())
		}
		return nil
	}
}

func (s *udpServer) words() string {
	return fmt.Sprintf("%s-%d", chatLatinNames[s.t.Rand.Intn(len(chatLatinNames))], 1000+s.t.Rand.Intn(9000))
}

var udpEcho = withUDPServer(func(s *udpServer, a *chatprobe.Peer) error {
	for i := 0; i < 3; i++ {
		if err := s.echoOf(a, []byte(s.words())); err != nil {
			return err
		}
	}
	return nil
})

var udpEchoExact = withUDPServer(func(s *udpServer, a *chatprobe.Peer) error {
	long := make([]byte, 2000)
	for i := range long {
		long[i] = byte('a' + s.t.Rand.Intn(26))
	}
	for _, data := range [][]byte{
		[]byte(s.words() + "\n"),
		[]byte("  " + s.words() + "  "),
		[]byte(fmt.Sprintf("你好，世界 %d", s.t.Rand.Intn(1000))),
		long,
		{},
	} {
		if err := s.echoOf(a, data); err != nil {
			return err
		}
	}
	return nil
})

var udpEachClient = withUDPServer(func(s *udpServer, a *chatprobe.Peer) error {
	b, err := s.client("client B")
	if err != nil {
		return err
	}
	for _, step := range []*chatprobe.Peer{b, a, b} {
		if err := s.echoOf(step, []byte(s.words())); err != nil {
			return err
		}
	}
	if _, err := a.Quiet(50 * time.Millisecond); err != nil { // late probe echoes
		return err
	}
	if err := b.ExpectNothing(chatQuiet, i18n.M("each datagram is answered once, to its sender"), nil); err != nil {
		return err
	}
	return nil
})

var udpEchoLineRe = regexp.MustCompile(`^echo\s+from=(\S+)\s+bytes=(\d+)`)

var udpLogsSender = withUDPServer(func(s *udpServer, a *chatprobe.Peer) error {
	b, err := s.client("client B")
	if err != nil {
		return err
	}
	// The echo is graded elsewhere: here only the line printed counts.
	data := s.words()
	if err := b.Send(data); err != nil {
		return err
	}
	want := fmt.Sprintf("echo from=%s bytes=%d", b.Addr().String(), len(data))
	// The line may come just after the echo: give it a moment.
	var seen []string
	found := func() bool {
		seen = seen[:0]
		for _, l := range s.p.Stdout() {
			if m := udpEchoLineRe.FindStringSubmatch(l); m != nil {
				if m[1] == b.Addr().String() && m[2] == fmt.Sprint(len(data)) {
					return true
				}
				seen = append(seen, l)
			}
		}
		return false
	}
	for end := time.Now().Add(time.Second); !found(); {
		if time.Now().After(end) || s.p.Exited() != nil {
			break
		}
		if err := s.t.Sleep(20 * time.Millisecond); err != nil {
			return err
		}
	}
	if found() {
		return nil
	}
	if len(seen) == 0 {
		return grade.Errorf("client B (%s) sent %d bytes and your server printed no line like %q", b.Addr().String(), len(data), want)
	}
	return grade.Errorf("client B (%s) sent %d bytes; want the line %q, but your server printed %q", b.Addr().String(), len(data), want, seen[len(seen)-1])
})

// udpClientRun is the one run of the client that both client checks grade.
type udpClientRun struct {
	messages []string
	replies  []string // what the fake server answered to each, in order
	got      []chatprobe.Datagram
	lines    []string
	exit     *grade.Exit
	failure  error // what went wrong on the wire, if anything
}

func runUDPClient(t *grade.T) (*udpClientRun, error) {
	return grade.Once(t, "udp-client", func(t *grade.T) (*udpClientRun, error) {
		fake, err := chatprobe.Listen(t.Context(), "fake server", netip.AddrPort{}, time.Now())
		if err != nil {
			return nil, err
		}
		defer fake.Close()
		r := &udpClientRun{}
		tag := fmt.Sprintf("#%04d", t.Rand.Intn(10000))
		r.messages = []string{
			fmt.Sprintf("hello %d", t.Rand.Intn(1000)),
			fmt.Sprintf("两个 词 %d", t.Rand.Intn(1000)),
			chatLatinNames[t.Rand.Intn(len(chatLatinNames))],
		}
		p, err := t.StartWith(grade.StartOptions{Args: append([]string{"client", "-addr", fake.Addr().String()}, r.messages...)})
		if err != nil {
			return nil, err
		}
		fake.SetEpoch(p.Started)
		defer func() {
			t.Attach(i18n.M("what the fake server sent and received (seconds since your client started)"), fake.Transcript())
		}()
		for i, m := range r.messages {
			d, err := recvFrom(fake, p, 3*time.Second)
			if errors.Is(err, chatprobe.ErrNothing) {
				if ex := p.Exited(); ex != nil {
					r.failure = grade.Errorf("your client ended (%s) without sending message %d, %q, to -addr", *ex, i+1, m)
				} else {
					r.failure = grade.Errorf("your client did not send message %d, %q, to -addr within %s", i+1, m, fmtDur(3*time.Second))
				}
				break
			}
			if err != nil {
				return nil, err
			}
			r.got = append(r.got, d)
			if d.Text() != m {
				r.failure = grade.Errorf("datagram %d from your client was %s, want %q", i+1, chatprobe.Quote(d.Data), m)
				break
			}
			if i > 0 && d.From != r.got[0].From {
				r.failure = grade.Errorf("message %d came from %s, but message 1 from %s: send every message from one socket", i+1, d.From.String(), r.got[0].From.String())
				break
			}
			// An answer the client cannot make up: upper case and a tag.
			reply := strings.ToUpper(m) + " " + tag
			r.replies = append(r.replies, reply)
			if err := fake.SendTo(d.From, []byte(reply)); err != nil {
				return nil, err
			}
		}
		if r.failure == nil {
			select {
			case <-p.Done():
			case <-time.After(3 * time.Second):
			case <-t.Context().Done():
			}
		}
		r.exit = p.Exited()
		r.lines = p.Stdout()
		return r, nil
	})
}

// recvFrom waits for a datagram from the program p, in short slices so that
// a program that has ended is noticed at once.
func recvFrom(fake *chatprobe.Peer, p *grade.Program, within time.Duration) (chatprobe.Datagram, error) {
	end := time.Now().Add(within)
	for {
		ended := p.Exited() != nil
		d, err := fake.Recv(min(time.Until(end), 100*time.Millisecond))
		if !errors.Is(err, chatprobe.ErrNothing) || ended || !time.Now().Before(end) {
			return d, err
		}
	}
}

func udpClientSends(t *grade.T) error {
	r, err := runUDPClient(t)
	if err != nil {
		return err
	}
	return r.failure
}

func udpClientReplies(t *grade.T) error {
	r, err := runUDPClient(t)
	if err != nil {
		return err
	}
	if len(r.replies) == 0 {
		return grade.Errorf("your client sent no message the fake server could answer, so it got no reply to print")
	}
	var printed []string
	for _, l := range r.lines {
		if strings.HasPrefix(l, "reply ") {
			printed = append(printed, l)
		}
	}
	for i, reply := range r.replies {
		want := "reply " + reply
		switch {
		case i >= len(printed):
			return grade.Errorf("the server answered %q to message %d and your client did not print %q", reply, i+1, want)
		case printed[i] != want:
			return grade.Errorf("the server answered %q to message %d; your client printed %q, want %q", reply, i+1, printed[i], want)
		}
	}
	if r.failure != nil {
		return grade.Errorf("your client did not send every message, so not every reply could come: %s", r.failure)
	}
	switch {
	case r.exit == nil:
		return grade.Errorf("your client was still running %s after the last reply: it must end after the last message", fmtDur(3*time.Second))
	case r.exit.Code != 0:
		return grade.Errorf("your client ended with %s, want exit status 0", *r.exit)
	}
	return nil
}

func init() {
	i18n.Register(map[string]string{
		"the server sends each datagram back to its sender": "服务器把每个数据报发回给它的发送者",
		"net.ListenUDP(\"udp4\", addr), then a loop: n, from, err := conn.ReadFromUDPAddrPort(buf) (recvfrom) and conn.WriteToUDPAddrPort(buf[:n], from) (sendto).":                                    "net.ListenUDP(\"udp4\", addr)，然后循环：n, from, err := conn.ReadFromUDPAddrPort(buf)（recvfrom）和 conn.WriteToUDPAddrPort(buf[:n], from)（sendto）。",
		"the server sends back exactly the bytes it got: line ends, spaces, Chinese, 2000 bytes, nothing":                                                                                              "服务器原样发回收到的字节：换行、空格、中文、2000 字节、空数据报",
		"Send buf[:n] back as it is: no strings.TrimSpace, no added \"\\n\", and a buffer big enough for any datagram (65536 bytes), since a datagram longer than the buffer is cut without an error.": "原样发回 buf[:n]：不要 strings.TrimSpace，不要加 \"\\n\"，缓冲区要能装下任何数据报（65536 字节），因为比缓冲区长的数据报会被截断而且不报错。",
		"the server answers each client at its own address":                                                                                                                                               "服务器在每个客户端自己的地址上回答它",
		"Answer the address that ReadFromUDPAddrPort returned for this very datagram, not one you kept from an earlier one.":                                                                              "回答 ReadFromUDPAddrPort 为这一个数据报返回的地址，而不是之前保存的某个地址。",
		"the server prints the true sender of each datagram: echo from=IP:PORT bytes=N":                                                                                                                   "服务器打印每个数据报真实的发送者：echo from=IP:端口 bytes=N",
		"Print the address ReadFromUDPAddrPort returned. A socket opened as \"udp\" on a dual-stack host reports an IPv4 peer as [::ffff:127.0.0.1]:p: listen on \"udp4\", or print from.Addr().Unmap().": "打印 ReadFromUDPAddrPort 返回的地址。在双栈主机上以 \"udp\" 打开的套接字会把 IPv4 对端报告为 [::ffff:127.0.0.1]:p：用 \"udp4\" 监听，或者打印 from.Addr().Unmap()。",
		"the client sends each MESSAGE as one datagram to -addr, in order, from one socket":                                                                                                               "客户端把每个 MESSAGE 作为一个数据报按顺序从同一个套接字发往 -addr",
		"Open one socket with net.ListenUDP(\"udp4\", nil) and send each message with WriteToUDPAddrPort to the parsed -addr, exactly as given: no line end added.":                                       "用 net.ListenUDP(\"udp4\", nil) 打开一个套接字，用 WriteToUDPAddrPort 把每条消息原样发往解析后的 -addr：不要加换行。",
		"the client prints each reply it receives as \"reply TEXT\", then ends":                                                                                                                           "客户端把收到的每个回答打印为 \"reply 内容\"，然后结束",
		"After each send, read one datagram with a deadline (conn.SetReadDeadline) and print \"reply \" + what arrived, not what you sent; return from main after the last message.":                      "每次发送后，带期限（conn.SetReadDeadline）读一个数据报，打印 \"reply \" + 收到的内容，而不是你发出的内容；最后一条消息之后从 main 返回。",
		"your server ended (%s) before it echoed anything: `udp server -addr %s` must keep running and answer every datagram":                                                                             "你的服务器还没有回显任何东西就结束了（%s）：`udp server -addr %s` 必须一直运行并回答每个数据报",
		"your server did not answer the datagrams sent to -addr %s for %s: it must listen there and send each one back":                                                                                   "发往 -addr %s 的数据报在 %s 内没有得到你的服务器的回答：它必须在那里监听，并把每个数据报发回去",
		"%s sent %s and got nothing back within %s":                                                                                                                                                       "%s 发送了 %s，%s 内什么也没有收到",
		"%s sent %s and got back %s (%d bytes, want %d)":                                                                                                                                                  "%s 发送了 %s，收到 %s（%d 字节，应为 %d 字节）",
		"%s got its echo from %s, want it from the server's address %s":                                                                                                                                   "%s 从 %s 收到回显，应来自服务器的地址 %s",
		"each datagram is answered once, to its sender":                                                                                                                                                   "每个数据报只回答一次，回答给它的发送者",
		"client B (%s) sent %d bytes and your server printed no line like %q":                                                                                                                             "客户端 B（%s）发送了 %d 字节，你的服务器没有打印形如 %q 的行",
		"client B (%s) sent %d bytes; want the line %q, but your server printed %q":                                                                                                                       "客户端 B（%s）发送了 %d 字节；应打印 %q，但你的服务器打印的是 %q",
		"your client ended (%s) without sending message %d, %q, to -addr":                                                                                                                                 "你的客户端结束了（%s），没有把第 %d 条消息 %q 发往 -addr",
		"your client did not send message %d, %q, to -addr within %s":                                                                                                                                     "你的客户端在 %[3]s 内没有把第 %[1]d 条消息 %[2]q 发往 -addr",
		"datagram %d from your client was %s, want %q":                                                                                                                                                    "你的客户端发来的第 %d 个数据报是 %s，应为 %q",
		"message %d came from %s, but message 1 from %s: send every message from one socket":                                                                                                              "第 %d 条消息来自 %s，但第 1 条来自 %s：所有消息都要从同一个套接字发送",
		"your client sent no message the fake server could answer, so it got no reply to print":                                                                                                           "你的客户端没有发出模拟服务器能回答的消息，所以没有可打印的回答",
		"the server answered %q to message %d and your client did not print %q":                                                                                                                           "服务器对第 %[2]d 条消息回答了 %[1]q，你的客户端没有打印 %[3]q",
		"the server answered %q to message %d; your client printed %q, want %q":                                                                                                                           "服务器对第 %[2]d 条消息回答了 %[1]q；你的客户端打印了 %[3]q，应为 %[4]q",
		"your client did not send every message, so not every reply could come: %s":                                                                                                                       "你的客户端没有发送全部消息，所以不是每个回答都能到来：%s",
		"your client was still running %s after the last reply: it must end after the last message":                                                                                                       "最后一个回答之后 %s，你的客户端仍在运行：最后一条消息之后它必须结束",
		"your client ended with %s, want exit status 0":                                                                                                                                                   "你的客户端以 %s 结束，应为退出状态 0",
	})
}
