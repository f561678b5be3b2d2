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
// MESSAGE...` sends each message as one datagram, waits at most 2 s for the
// answer, and prints "reply TEXT" or "no reply to MESSAGE". Fake clients
// play against the server, and every datagram they receive until the end of
// a check must be the one echo of something they sent. A fake server that
// answers at once, slowly, or not at all, with answers the client cannot
// guess, plays against the client.
func UDP() grade.Suite {
	return grade.Suite{Checks: append(udpServerChecks(), udpClientChecks()...), Parallel: chatParallel}
}

func udpServerChecks() []grade.Check {
	return []grade.Check{
		{
			ID: "echo", Title: "the server sends each datagram back to its sender, once", Points: 2, Timeout: udpTimeout,
			Hint: "net.ListenUDP(\"udp4\", addr), then a loop: n, from, err := conn.ReadFromUDPAddrPort(buf) (recvfrom) and conn.WriteToUDPAddrPort(buf[:n], from) (sendto), once per datagram.",
			Run:  withUDPServer(udpEcho),
		},
		{
			ID: "echo-exact", Title: "the server sends back exactly the bytes it got: line ends, spaces, Chinese, long datagrams, nothing", Points: 2, Timeout: udpTimeout,
			Hint: "Send buf[:n] back as it is: no strings.TrimSpace, no added \"\\n\", and a buffer big enough for any datagram (65536 bytes), since a datagram longer than the buffer is cut without an error.",
			Run:  withUDPServer(udpEchoExact),
		},
		{
			ID: "each-client", Title: "the server answers each client at its own address", Points: 2, Timeout: udpTimeout,
			Hint: "Answer the address that ReadFromUDPAddrPort returned for this very datagram, not one you kept from an earlier one.",
			Run:  withUDPServer(udpEachClient),
		},
		{
			ID: "logs-sender", Title: "the server prints the true sender of each datagram: echo from=IP:PORT bytes=N", Points: 1, Timeout: udpTimeout,
			Hint: "Print the address ReadFromUDPAddrPort returned. A socket opened as \"udp\" on a dual-stack host reports an IPv4 peer as [::ffff:127.0.0.1]:p: listen on \"udp4\", or print from.Addr().Unmap().",
			Run:  withUDPServer(udpLogsSender),
		},
	}
}

func udpClientChecks() []grade.Check {
	return []grade.Check{
		{
			ID: "client-sends", Title: "the client sends each MESSAGE as one datagram to -addr, in order, from one socket, each after the answer to the one before", Points: 2, Timeout: udpClientTimeout, Slow: true,
			Hint: "Open one socket with net.ListenUDP(\"udp4\", nil); for each message, WriteToUDPAddrPort it exactly as given (no line end added), then read its answer before you send the next one.",
			Run:  udpClientSends,
		},
		{
			ID: "client-replies", Title: "the client prints each answer as \"reply TEXT\", a slow one too", Points: 2, Timeout: udpClientTimeout,
			Hint: "After each send, conn.SetReadDeadline(time.Now().Add(2 * time.Second)), read one datagram, and print \"reply \" + what arrived, not what you sent. An answer may take a second: the deadline is 2 s, not less.",
			Run:  udpClientReplies,
		},
		{
			ID: "client-no-reply", Title: "when an answer is lost, the client prints \"no reply to MESSAGE\", goes on with the next, and ends", Points: 2, Timeout: udpClientTimeout,
			Hint: "UDP may lose a datagram, and then no answer ever comes: without a read deadline the client waits for ever. When the read fails with errors.Is(err, os.ErrDeadlineExceeded), print \"no reply to \" + the message and go on; return from main after the last one.",
			Run:  udpClientNoReply,
		},
	}
}

const (
	udpTimeout       = 8 * time.Second
	udpClientTimeout = 12 * time.Second
	udpReady         = 2 * time.Second
	// udpReplyWait is how long the lesson's client waits for an answer;
	// udpGaveUp is the least time a client must have waited before it
	// gives an answer up (the text says 2 s; slack for a slow machine).
	udpReplyWait = 2 * time.Second
	udpGaveUp    = 1500 * time.Millisecond
)

// udpServer is one check's echo server and its fake clients. Every
// datagram a fake client receives must be the echo of one it sent, once:
// udpServer keeps what each has sent and not yet had back.
type udpServer struct {
	t       *grade.T
	p       *grade.Program
	addr    netip.AddrPort
	peers   []*chatprobe.Peer
	owed    map[*chatprobe.Peer][]string // sent and not yet echoed, oldest first
	echoed  map[*chatprobe.Peer]map[string]bool
	lastOut time.Time // when a fake client last sent something
}

// withUDPServer starts `udp server -addr A` on a free port, waits until it
// echoes a probe sent by the first client, runs the scenario, then watches
// every fake client for udpSettle more: whatever arrives that is not an
// owed echo fails the check. Every client's transcript is attached.
func withUDPServer(scenario func(s *udpServer, first *chatprobe.Peer) error) func(*grade.T) error {
	return func(t *grade.T) error {
		s := &udpServer{t: t, owed: map[*chatprobe.Peer][]string{}, echoed: map[*chatprobe.Peer]map[string]bool{}}
		defer func() {
			for _, p := range s.peers {
				p.Close()
			}
			if len(s.peers) > 0 {
				t.Attach(i18n.M("what each fake client sent and received (seconds since your program started)"), chatprobe.Logs(s.peers...))
			}
		}()
		first, err := s.start()
		if err != nil {
			return err
		}
		if err := scenario(s, first); err != nil {
			return err
		}
		return s.settle()
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
		if err := s.send(first, []byte(fmt.Sprintf("ready? %d", i))); err != nil {
			return nil, err
		}
		d, err := first.Recv(50 * time.Millisecond)
		switch {
		case err == nil:
			// Any echo of a probe will do; a late echo of another
			// probe is owed too, and accounted for when it comes.
			return first, s.take(first, d)
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

// send sends data from c to the server and owes c its echo.
func (s *udpServer) send(c *chatprobe.Peer, data []byte) error {
	s.owed[c] = append(s.owed[c], string(data))
	s.lastOut = time.Now()
	return c.SendTo(s.addr, data)
}

// take accounts for a datagram c received: it must come from the server and
// be the echo of something c sent and has not had back yet.
func (s *udpServer) take(c *chatprobe.Peer, d chatprobe.Datagram) error {
	if d.From != s.addr {
		c.Mark(d, "unexpected")
		return grade.Errorf("%s got %s from %s, want answers only from the server's address %s", who(c), chatprobe.Quote(d.Data), d.From.String(), s.addr.String())
	}
	for i, o := range s.owed[c] {
		if o == string(d.Data) {
			s.owed[c] = append(s.owed[c][:i:i], s.owed[c][i+1:]...)
			if s.echoed[c] == nil {
				s.echoed[c] = map[string]bool{}
			}
			s.echoed[c][o] = true
			return nil
		}
	}
	c.Mark(d, "unexpected")
	if s.echoed[c][string(d.Data)] {
		return grade.Errorf("%s got %s back a second time, %s after your server started: each datagram is answered once", who(c), chatprobe.Quote(d.Data), fmtSecs(c.Since(d.At)))
	}
	return grade.Errorf("%s got %s, which is not the echo of anything it sent (%d bytes): send back exactly the bytes that came, to their sender", who(c), chatprobe.Quote(d.Data), len(d.Data))
}

// echoOf sends data from c and expects it back, exactly, from the server's
// address; late echoes of readiness probes are passed over.
func (s *udpServer) echoOf(c *chatprobe.Peer, data []byte) error {
	if err := s.send(c, data); err != nil {
		return err
	}
	end := time.Now().Add(chatWait)
	for {
		d, err := c.Recv(time.Until(end))
		switch {
		case errors.Is(err, chatprobe.ErrNothing):
			return grade.Errorf("%s sent %s and got nothing back within %s", who(c), chatprobe.Quote(data), fmtDur(chatWait))
		case err != nil:
			return err
		case isProbe(d.Data) && !isProbe(data):
			if err := s.take(c, d); err != nil {
				return err
			}
			continue
		case string(d.Data) != string(data):
			c.Mark(d, "unexpected")
			return grade.Errorf("%s sent %s and got back %s (%d bytes, want %d)", who(c), chatprobe.Quote(data), chatprobe.Quote(d.Data), len(d.Data), len(data))
		}
		return s.take(c, d)
	}
}

// settle watches every fake client until udpSettle after the last datagram
// was sent: what arrives must still be an owed echo (of a probe). Quiet
// windows end with the check, not before.
func (s *udpServer) settle() error {
	if err := s.t.Sleep(time.Until(s.lastOut.Add(udpSettle))); err != nil {
		return err
	}
	for _, c := range s.peers {
		for {
			d, ok := c.TryRecv()
			if !ok {
				break
			}
			if err := s.take(c, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// udpSettle is how long after its last datagram a check keeps listening.
const udpSettle = time.Second

func isProbe(b []byte) bool { return strings.HasPrefix(string(b), "ready? ") }

func (s *udpServer) words() string {
	return fmt.Sprintf("%s-%d", chatLatinNames[s.t.Rand.Intn(len(chatLatinNames))], 1000+s.t.Rand.Intn(9000))
}

func udpEcho(s *udpServer, a *chatprobe.Peer) error {
	for i := 0; i < 3; i++ {
		if err := s.echoOf(a, []byte(s.words())); err != nil {
			return err
		}
	}
	return nil
}

// udpExactInputs are the datagrams echo-exact sends, drawn afresh: a line
// end, spaces at both ends, Chinese, bytes that are not text, one datagram
// longer than 1024 bytes and one longer than 4096, and the empty datagram,
// in a random order.
func udpExactInputs(s *udpServer) [][]byte {
	rnd := s.t.Rand
	letters := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + rnd.Intn(26))
		}
		return b
	}
	lineEnd := []string{"\n", "\r\n"}[rnd.Intn(2)]
	pad := func() string { return strings.Repeat(" ", 1+rnd.Intn(3)) }
	binary := []byte{0, '\r', 0xff, '\n', byte(rnd.Intn(256)), 0xfe, ' ', byte(rnd.Intn(256))}
	inputs := [][]byte{
		[]byte(s.words() + lineEnd),
		[]byte(pad() + s.words() + "  " + s.words() + pad()),
		[]byte(fmt.Sprintf("%s，%s %d", chatChineseNames[rnd.Intn(len(chatChineseNames))], chatTexts[2+rnd.Intn(2)], rnd.Intn(1000))),
		binary,
		letters(1025 + rnd.Intn(3000)),
		letters(4097 + rnd.Intn(60000)),
		{},
	}
	rnd.Shuffle(len(inputs), func(i, j int) { inputs[i], inputs[j] = inputs[j], inputs[i] })
	return inputs
}

func udpEchoExact(s *udpServer, a *chatprobe.Peer) error {
	for _, data := range udpExactInputs(s) {
		if err := s.echoOf(a, data); err != nil {
			return err
		}
	}
	return nil
}

func udpEachClient(s *udpServer, a *chatprobe.Peer) error {
	b, err := s.client("client B")
	if err != nil {
		return err
	}
	c, err := s.client("client C")
	if err != nil {
		return err
	}
	for _, step := range []*chatprobe.Peer{b, a, c, b, c} {
		if err := s.echoOf(step, []byte(s.words())); err != nil {
			return err
		}
	}
	return nil
}

var udpEchoLineRe = regexp.MustCompile(`^echo\s+from=(\S+)\s+bytes=(\d+)`)

func udpLogsSender(s *udpServer, a *chatprobe.Peer) error {
	b, err := s.client("client B")
	if err != nil {
		return err
	}
	// The echo is graded elsewhere (and accounted for by settle): here
	// only the line printed counts.
	data := s.words()
	if err := s.send(b, []byte(data)); err != nil {
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
}

// How the fake server treats each message of the client run.
type udpAnswer int

const (
	answerAtOnce udpAnswer = iota
	answerSlowly           // after udpSlow: within the client's 2 s
	answerNever            // lost: the client must give up and go on
)

// udpSlow bounds the delay of a slow answer: well within the 2 s a client
// waits, well beyond a deadline of a few hundred milliseconds.
const (
	udpSlowMin = 900 * time.Millisecond
	udpSlowMax = 1200 * time.Millisecond
)

// udpClientRun is the one run of the client that the client checks grade:
// four messages, the first answered slowly, one of the others never, the
// rest at once.
type udpClientRun struct {
	messages []string
	plan     []udpAnswer
	replies  []string    // what the fake server answered to each ("" for none)
	arrived  []time.Time // when each message arrived
	answered []time.Time // when its answer was sent
	lines    []string
	exit     *grade.Exit
	// sendFailure is what went wrong with the messages themselves;
	// stuck is set when the client stopped sending after a lost answer.
	sendFailure error
	stuck       int // 1-based index of the message whose lost answer it waited on for ever, or 0
	// cutShort is set when the client sent the next message while the
	// fake server was still to answer message cutShort (1-based) slowly.
	cutShort         int
	cutAfter, cutDue time.Duration
}

func runUDPClient(t *grade.T) (*udpClientRun, error) {
	return grade.Once(t, "udp-client", func(t *grade.T) (*udpClientRun, error) {
		fake, err := chatprobe.Listen(t.Context(), "fake server", netip.AddrPort{}, time.Now())
		if err != nil {
			return nil, err
		}
		defer fake.Close()
		r := &udpClientRun{}
		rnd := t.Rand
		tag := fmt.Sprintf("#%04d", rnd.Intn(10000))
		r.messages = []string{
			fmt.Sprintf("hello %d", rnd.Intn(1000)),
			fmt.Sprintf("两个  词 %d", rnd.Intn(1000)),
			fmt.Sprintf(" %s see  you ", chatLatinNames[rnd.Intn(len(chatLatinNames))]),
			fmt.Sprintf("%s：%d", chatChineseNames[rnd.Intn(len(chatChineseNames))], rnd.Intn(1000)),
		}
		r.plan = []udpAnswer{answerSlowly, answerAtOnce, answerAtOnce, answerAtOnce}
		r.plan[1+rnd.Intn(3)] = answerNever
		p, err := t.StartWith(grade.StartOptions{Args: append([]string{"client", "-addr", fake.Addr().String()}, r.messages...)})
		if err != nil {
			return nil, err
		}
		fake.SetEpoch(p.Started)
		defer func() {
			t.Attach(i18n.M("what the fake server sent and received (seconds since your client started)"), fake.Log())
		}()
		var from netip.AddrPort
		// The first thing the client gets wrong ends the run: what the
		// client does after it is not graded.
	run:
		for i, m := range r.messages {
			within := 3 * time.Second
			if i > 0 && r.plan[i-1] == answerNever {
				within = udpReplyWait + 2*time.Second
			}
			d, err := recvFrom(fake, p, within)
			if errors.Is(err, chatprobe.ErrNothing) {
				switch ex := p.Exited(); {
				case ex != nil:
					r.sendFailure = grade.Errorf("your client ended (%s) without sending message %d, %q, to -addr", *ex, i+1, m)
				case i > 0 && r.plan[i-1] == answerNever:
					r.stuck = i
				default:
					r.sendFailure = grade.Errorf("your client did not send message %d, %q, to -addr within %s", i+1, m, fmtDur(within))
				}
				break
			}
			if err != nil {
				return nil, err
			}
			r.arrived = append(r.arrived, d.At)
			switch {
			case d.Text() != m:
				r.sendFailure = grade.Errorf("datagram %d from your client was %s, want %q", i+1, chatprobe.Quote(d.Data), m)
			case i == 0:
				from = d.From
			case d.From != from:
				r.sendFailure = grade.Errorf("message %d came from %s, but message 1 from %s: send every message from one socket", i+1, d.From.String(), from.String())
			default:
				r.sendFailure = r.early(i)
			}
			if r.sendFailure != nil {
				break
			}
			// An answer the client cannot make up: upper case and a tag.
			reply := strings.ToUpper(strings.TrimSpace(m)) + " " + tag
			switch r.plan[i] {
			case answerNever:
				reply = ""
			case answerSlowly:
				delay := udpSlowMin + time.Duration(rnd.Int63n(int64(udpSlowMax-udpSlowMin)))
				next, err := fake.Recv(time.Until(d.At.Add(delay)))
				if err == nil {
					// The client did not wait: it has given the answer
					// up, or never meant to read it.
					r.arrived = append(r.arrived, next.At)
					r.cutShort, r.cutAfter, r.cutDue = i+1, next.At.Sub(d.At), delay
					r.sendFailure = grade.Errorf("message %d came %s after message %d, %q, before the server had answered it (it was going to, %s after): wait for each answer, up to 2 s, before you send the next message", i+2, fmtSecs(next.At.Sub(d.At)), i+1, m, fmtSecs(delay))
					break run
				}
				if !errors.Is(err, chatprobe.ErrNothing) {
					return nil, err
				}
			}
			r.replies = append(r.replies, reply)
			r.answered = append(r.answered, time.Now())
			if reply != "" {
				if err := fake.SendTo(d.From, []byte(reply)); err != nil {
					return nil, err
				}
			}
		}
		if r.sendFailure == nil && r.stuck == 0 {
			// Anything more the client sends is a failure too.
			extra, err := recvFrom(fake, p, udpReplyWait+time.Second)
			if err == nil {
				r.sendFailure = grade.Errorf("your client sent %s after its %d messages: send each MESSAGE once, and nothing else", chatprobe.Quote(extra.Data), len(r.messages))
			}
		}
		select {
		case <-p.Done():
			if _, err := p.Wait(); err != nil { // lets the last lines arrive
				return nil, err
			}
		case <-time.After(time.Second):
		case <-t.Context().Done():
		}
		r.exit = p.Exited()
		r.lines = p.Stdout()
		return r, nil
	})
}

// early says whether message i (0-based) came before the client could know
// the fate of message i-1: before its answer was sent, or, when it had none,
// before the client can have waited for it.
func (r *udpClientRun) early(i int) error {
	prev, gap := r.messages[i-1], r.arrived[i].Sub(r.arrived[i-1])
	if r.plan[i-1] == answerNever {
		if gap < udpGaveUp {
			return grade.Errorf("message %d came %s after message %d, %q, which got no answer: wait about 2 s for an answer before you give it up", i+1, fmtSecs(gap), i, prev)
		}
		return nil
	}
	if r.arrived[i].Before(r.answered[i-1]) {
		return grade.Errorf("message %d came %s after message %d, %q, before the server had answered it (%s after): wait for each answer before you send the next message", i+1, fmtSecs(gap), i, prev, fmtSecs(r.answered[i-1].Sub(r.arrived[i-1])))
	}
	return nil
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
	return r.sendFailure
}

// printedReplies are the client's lines that answer a message.
func (r *udpClientRun) printedReplies() []string {
	var printed []string
	for _, l := range r.lines {
		if strings.HasPrefix(l, "reply ") || strings.HasPrefix(l, "no reply to ") {
			printed = append(printed, l)
		}
	}
	return printed
}

func udpClientReplies(t *grade.T) error {
	r, err := runUDPClient(t)
	if err != nil {
		return err
	}
	printed := r.printedReplies()
	if r.cutShort > 0 {
		return grade.Errorf("your client sent message %d %s after message %d, and the server was going to answer message %d after %s: wait up to 2 s for each answer", r.cutShort+1, fmtSecs(r.cutAfter), r.cutShort, r.cutShort, fmtSecs(r.cutDue))
	}
	graded := 0
	for i, reply := range r.replies {
		if reply == "" {
			continue
		}
		graded++
		want := "reply " + reply
		isSlow := r.plan[i] == answerSlowly
		slow := fmtSecs(r.answered[i].Sub(r.arrived[i]))
		switch {
		case i >= len(printed) && isSlow:
			return grade.Errorf("the server answered %q to message %d after %s, and your client did not print %q", reply, i+1, slow, want)
		case i >= len(printed):
			return grade.Errorf("the server answered %q to message %d and your client did not print %q", reply, i+1, want)
		case printed[i] != want && isSlow:
			return grade.Errorf("the server answered %q to message %d after %s, within the 2 s a client waits; your client printed %q, want %q", reply, i+1, slow, printed[i], want)
		case printed[i] != want:
			return grade.Errorf("the server answered %q to message %d; your client printed %q, want %q", reply, i+1, printed[i], want)
		}
	}
	if graded == 0 && r.sendFailure != nil {
		return grade.Errorf("the fake server sent no answer, since your client went wrong first: %s", r.sendFailure)
	}
	if graded == 0 {
		return grade.Errorf("your client sent no message the fake server could answer, so it got no reply to print")
	}
	return nil
}

func udpClientNoReply(t *grade.T) error {
	r, err := runUDPClient(t)
	if err != nil {
		return err
	}
	lost := -1
	for i, p := range r.plan {
		if p == answerNever {
			lost = i
		}
	}
	m := r.messages[lost]
	switch {
	case r.stuck != 0:
		return grade.Errorf("message %d, %q, got no answer, and your client was still waiting for it %s later instead of going on with message %d: set a read deadline", lost+1, m, fmtDur(udpReplyWait+2*time.Second), lost+2)
	case len(r.replies) <= lost && r.sendFailure != nil:
		return grade.Errorf("your client went wrong before message %d, whose answer is lost, so what it does then could not be seen: %s", lost+1, r.sendFailure)
	case len(r.replies) <= lost:
		return grade.Errorf("your client did not send message %d, %q, so the lost answer could not be seen", lost+1, m)
	}
	printed := r.printedReplies()
	want := "no reply to " + m
	switch {
	case lost >= len(printed) && r.exit == nil:
		return grade.Errorf("message %d, %q, got no answer, and your client was still waiting for it %s later: set a read deadline", lost+1, m, fmtDur(udpReplyWait+2*time.Second))
	case lost >= len(printed):
		return grade.Errorf("message %d, %q, got no answer and your client did not print %q", lost+1, m, want)
	case printed[lost] != want:
		return grade.Errorf("message %d, %q, got no answer; your client printed %q, want %q", lost+1, m, printed[lost], want)
	case r.exit == nil:
		return grade.Errorf("your client was still running %s after its last message: it must end after the last one", fmtDur(udpReplyWait+2*time.Second))
	case r.exit.Code != 0:
		return grade.Errorf("your client ended with %s, want exit status 0", *r.exit)
	}
	return nil
}

func init() {
	i18n.Register(map[string]string{
		"client A":    "客户端 A",
		"client B":    "客户端 B",
		"client C":    "客户端 C",
		"fake server": "模拟服务器",
		"the server sends each datagram back to its sender, once": "服务器把每个数据报发回给它的发送者，只发一次",
		"net.ListenUDP(\"udp4\", addr), then a loop: n, from, err := conn.ReadFromUDPAddrPort(buf) (recvfrom) and conn.WriteToUDPAddrPort(buf[:n], from) (sendto), once per datagram.":                 "net.ListenUDP(`udp4`, addr)，然后循环：n, from, err := conn.ReadFromUDPAddrPort(buf)（recvfrom），再 conn.WriteToUDPAddrPort(buf[:n], from)（sendto），每个数据报发一次。",
		"the server sends back exactly the bytes it got: line ends, spaces, Chinese, long datagrams, nothing":                                                                                          "服务器原样发回收到的字节：换行、空格、中文、很长的数据报、空数据报",
		"Send buf[:n] back as it is: no strings.TrimSpace, no added \"\\n\", and a buffer big enough for any datagram (65536 bytes), since a datagram longer than the buffer is cut without an error.": "原样发回 buf[:n]：不要 strings.TrimSpace，不要加 `\\n`；缓冲区要装得下任何数据报（65536 字节），因为比缓冲区长的数据报会被截断，而且不报错。",
		"the server answers each client at its own address":                                                                                                                                                                                                                "服务器回复每个客户端时发到它自己的地址",
		"Answer the address that ReadFromUDPAddrPort returned for this very datagram, not one you kept from an earlier one.":                                                                                                                                               "发往 ReadFromUDPAddrPort 为这个数据报返回的地址，而不是之前存下的某个地址。",
		"the server prints the true sender of each datagram: echo from=IP:PORT bytes=N":                                                                                                                                                                                    "服务器打印每个数据报真正的发送者：echo from=IP:端口 bytes=N",
		"Print the address ReadFromUDPAddrPort returned. A socket opened as \"udp\" on a dual-stack host reports an IPv4 peer as [::ffff:127.0.0.1]:p: listen on \"udp4\", or print from.Addr().Unmap().":                                                                  "打印 ReadFromUDPAddrPort 返回的地址。在双栈主机上以 `udp` 打开的套接字会把 IPv4 对端报告成 [::ffff:127.0.0.1]:p：用 `udp4` 监听，或者打印 from.Addr().Unmap()。",
		"the client sends each MESSAGE as one datagram to -addr, in order, from one socket, each after the answer to the one before":                                                                                                                                       "客户端把每个 MESSAGE 作为一个数据报，按顺序、从同一个套接字发往 -addr，而且要等上一条的回复之后才发下一条",
		"Open one socket with net.ListenUDP(\"udp4\", nil); for each message, WriteToUDPAddrPort it exactly as given (no line end added), then read its answer before you send the next one.":                                                                              "用 net.ListenUDP(`udp4`, nil) 打开一个套接字；每条消息用 WriteToUDPAddrPort 原样发出（不加换行），读到它的回复之后再发下一条。",
		"the client prints each answer as \"reply TEXT\", a slow one too":                                                                                                                                                                                                  "客户端把每个回复打印成 `reply 内容`，来得慢的回复也不例外",
		"After each send, conn.SetReadDeadline(time.Now().Add(2 * time.Second)), read one datagram, and print \"reply \" + what arrived, not what you sent. An answer may take a second: the deadline is 2 s, not less.":                                                   "每次发送之后，conn.SetReadDeadline(time.Now().Add(2 * time.Second))，读一个数据报，打印 `reply ` 加上收到的内容，而不是你发出的内容。回复可能要一秒才到：期限是 2 秒，不能更短。",
		"when an answer is lost, the client prints \"no reply to MESSAGE\", goes on with the next, and ends":                                                                                                                                                               "回复丢失时，客户端打印 `no reply to 消息`，接着发下一条，最后结束",
		"UDP may lose a datagram, and then no answer ever comes: without a read deadline the client waits for ever. When the read fails with errors.Is(err, os.ErrDeadlineExceeded), print \"no reply to \" + the message and go on; return from main after the last one.": "UDP 可能丢失数据报，那样回复永远不会来：没有读超时，客户端就会一直等下去。读取失败且 errors.Is(err, os.ErrDeadlineExceeded) 为真时，打印 `no reply to ` 加上这条消息，然后继续；最后一条之后从 main 返回。",
		"your server ended (%s) before it echoed anything: `udp server -addr %s` must keep running and answer every datagram":                                                                                                                                              "你的服务器还没有回显任何东西就结束了（%s）：`udp server -addr %s` 必须一直运行，回复每个数据报",
		"your server did not answer the datagrams sent to -addr %s for %s: it must listen there and send each one back":                                                                                                                                                    "发往 -addr %s 的数据报 %s内都没有得到你的服务器的回复：它必须在那里监听，并把每个数据报发回去",
		"%s got %s from %s, want answers only from the server's address %s":                                                                                                                                                                                                "%s 从 %[3]s 收到 %[2]s，回复应当只来自服务器的地址 %[4]s",
		"%s got %s back a second time, %s after your server started: each datagram is answered once":                                                                                                                                                                       "%s 第二次收到 %s（你的服务器启动后 %s）：每个数据报只回复一次",
		"%s got %s, which is not the echo of anything it sent (%d bytes): send back exactly the bytes that came, to their sender":                                                                                                                                          "%s 收到 %s，这不是它发出的任何数据报的回显（%d 字节）：把收到的字节原样发回给它的发送者",
		"%s sent %s and got nothing back within %s":                                                                                                                                 "%s 发送了 %s，%s内什么也没有收到",
		"%s sent %s and got back %s (%d bytes, want %d)":                                                                                                                            "%s 发送了 %s，收到的是 %s（%d 字节，应为 %d 字节）",
		"each datagram is answered once, to its sender":                                                                                                                             "每个数据报只回复一次，回复给它的发送者",
		"client B (%s) sent %d bytes and your server printed no line like %q":                                                                                                       "客户端 B（%s）发送了 %d 字节，你的服务器没有打印形如 %q 的行",
		"client B (%s) sent %d bytes; want the line %q, but your server printed %q":                                                                                                 "客户端 B（%s）发送了 %d 字节；应打印 %q，但你的服务器打印的是 %q",
		"your client ended (%s) without sending message %d, %q, to -addr":                                                                                                           "你的客户端结束了（%s），没有把第 %d 条消息 %q 发往 -addr",
		"your client did not send message %d, %q, to -addr within %s":                                                                                                               "你的客户端 %[3]s内没有把第 %[1]d 条消息 %[2]q 发往 -addr",
		"datagram %d from your client was %s, want %q":                                                                                                                              "你的客户端发来的第 %d 个数据报是 %s，应为 %q",
		"message %d came from %s, but message 1 from %s: send every message from one socket":                                                                                        "第 %d 条消息来自 %s，但第 1 条来自 %s：所有消息都要从同一个套接字发出",
		"your client sent %s after its %d messages: send each MESSAGE once, and nothing else":                                                                                       "你的客户端在 %[2]d 条消息之后又发送了 %[1]s：每个 MESSAGE 只发一次，别的什么也不要发",
		"message %d came %s after message %d, %q, which got no answer: wait about 2 s for an answer before you give it up":                                                          "第 %d 条消息在第 %[3]d 条消息 %[4]q 之后 %[2]s就来了，而第 %[3]d 条没有得到回复：放弃一个回复之前要等大约 2 秒",
		"message %d came %s after message %d, %q, before the server had answered it (%s after): wait for each answer before you send the next message":                              "第 %d 条消息在第 %[3]d 条消息 %[4]q 之后 %[2]s就来了，那时服务器还没有回复它（%[5]s之后才回复）：等到每个回复之后再发下一条消息",
		"your client sent no message the fake server could answer, so it got no reply to print":                                                                                     "你的客户端没有发出模拟服务器能回复的消息，所以没有回复可以打印",
		"the server answered %q to message %d after %s, and your client did not print %q":                                                                                           "服务器在 %[3]s之后对第 %[2]d 条消息回复了 %[1]q，你的客户端没有打印 %[4]q",
		"the server answered %q to message %d and your client did not print %q":                                                                                                     "服务器对第 %[2]d 条消息回复了 %[1]q，你的客户端没有打印 %[3]q",
		"the server answered %q to message %d after %s, within the 2 s a client waits; your client printed %q, want %q":                                                             "服务器在 %[3]s之后对第 %[2]d 条消息回复了 %[1]q，没有超过客户端等待的 2 秒；你的客户端打印了 %[4]q，应为 %[5]q",
		"the server answered %q to message %d; your client printed %q, want %q":                                                                                                     "服务器对第 %[2]d 条消息回复了 %[1]q；你的客户端打印了 %[3]q，应为 %[4]q",
		"message %d, %q, got no answer, and your client was still waiting for it %s later instead of going on with message %d: set a read deadline":                                 "第 %d 条消息 %q 没有得到回复，%s之后你的客户端仍在等它，而没有接着发第 %d 条：请设置读超时",
		"your client did not send every message, so the lost answer could not be seen: %s":                                                                                          "你的客户端没有发出全部消息，所以看不到它怎样对待丢失的回复：%s",
		"your client did not send message %d, %q, so the lost answer could not be seen":                                                                                             "你的客户端没有发出第 %d 条消息 %q，所以看不到它怎样对待丢失的回复",
		"message %d, %q, got no answer, and your client was still waiting for it %s later: set a read deadline":                                                                     "第 %d 条消息 %q 没有得到回复，%s之后你的客户端仍在等它：请设置读超时",
		"message %d, %q, got no answer and your client did not print %q":                                                                                                            "第 %d 条消息 %q 没有得到回复，你的客户端没有打印 %q",
		"message %d, %q, got no answer; your client printed %q, want %q":                                                                                                            "第 %d 条消息 %q 没有得到回复；你的客户端打印了 %q，应为 %q",
		"your client was still running %s after its last message: it must end after the last one":                                                                                   "最后一条消息之后 %s，你的客户端仍在运行：最后一条之后它必须结束",
		"message %d came %s after message %d, %q, before the server had answered it (it was going to, %s after): wait for each answer, up to 2 s, before you send the next message": "第 %d 条消息在第 %[3]d 条消息 %[4]q 之后 %[2]s就来了，那时服务器还没有回复它（本来会在 %[5]s之后回复）：每个回复最多等 2 秒，等到了再发下一条消息",
		"your client sent message %d %s after message %d, and the server was going to answer message %d after %s: wait up to 2 s for each answer":                                   "你的客户端在第 %[3]d 条消息之后 %[2]s就发出了第 %[1]d 条，而服务器本来会在 %[5]s之后回复第 %[4]d 条：每个回复最多要等 2 秒",
		"the fake server sent no answer, since your client went wrong first: %s":                                                                                                    "模拟服务器没有发出任何回复，因为你的客户端先出了错：%s",
		"your client went wrong before message %d, whose answer is lost, so what it does then could not be seen: %s":                                                                "你的客户端在第 %d 条消息（它的回复会丢失）之前就出了错，所以看不到它在那时会怎样做：%s",
		"your client ended with %s, want exit status 0":                                                                                                                             "你的客户端以 %s 结束，应为退出状态 0",
	})
}
