package checks

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"forkroom/internal/chatprobe"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// Chatroom grades lesson 15, the whole chat room of the course: the server
// (lesson 14's, plus announcements: every line typed on its stdin goes to
// everyone as "管理员消息： line") and the client `client -addr A -name N`,
// which logs in, prints what the room sends while it sends the lines typed
// on its stdin, and leaves with Q on /quit or at the end of input. Both are
// built with the race detector where the platform has it: the server's
// checks are lessons 13 and 14's, the announcement's and a run under
// concurrent load that fails on any data race; the client is graded against
// a fake server that is slow, refuses, stays silent and talks while nobody
// types.
func Chatroom() grade.Suite {
	return grade.Suite{
		Programs: []string{"server", "client"},
		Race:     true,
		Checks:   append(append(chatServerChecks(lessonRules), noRaceCheck()), chatClientChecks(lessonRules)...),
		Parallel: chatParallel,
	}
}

// chatServerChecks are every check of a chat server, in the order of the
// lessons; Complete grades chatroom/server with them.
func chatServerChecks(rules chatRules) []grade.Check {
	checks := append(loginChecks(rules), chatChecks(rules)...)
	return append(checks, grade.Check{
		ID: "announce", Title: "sends every line typed on the server's stdin to everyone as \"管理员消息： line\"", Points: 2, Timeout: chatTimeout,
		Hint: "Read os.Stdin with a bufio.Scanner in a goroutine of its own, and send \"管理员消息： \" + line to every address in the map. Two goroutines now use the map: guard it with a sync.Mutex.",
		Run:  inRoom(rules, kindAdmin, scenarioAnnounce),
	})
}

func noRaceCheck() grade.Check {
	return grade.Check{
		ID: "no-race", Title: "server and client have no data race under load (go build -race)", Points: 2, Timeout: raceTimeout, Slow: true,
		Hint: "Every goroutine that reads or changes the room takes the same sync.Mutex first (main's socket loop and the stdin loop alike), and does not hold it while it waits for input. Run your server with go run -race and see what it says.",
		Run:  checkNoRace,
	}
}

var chatAnnouncements = []string{"下课了，明天见", "the room closes at 6 pm", "请 大家 交作业", "server restarts soon", "作业：第 3 题  明天交"}

func announcement(r *chatRoom) string {
	return fmt.Sprintf("%s #%d", chatAnnouncements[r.t.Rand.Intn(len(chatAnnouncements))], 100+r.t.Rand.Intn(900))
}

func scenarioAnnounce(r *chatRoom) error {
	// The socket and stdin are two ways in: a login is answered before
	// the next line is typed, so that the order is known.
	for _, n := range []string{r.name(false), r.name(true)} {
		if _, err := r.enterGrading(kindReply, n); err != nil {
			return err
		}
	}
	if err := r.announce(announcement(r)); err != nil {
		return err
	}
	// Who comes in later hears the next one too.
	if _, err := r.enterGrading(kindReply, r.name(false)); err != nil {
		return err
	}
	return r.announce(announcement(r))
}

// raceTimeout bounds the race check: a server built with -race is slower.
const raceTimeout = 20 * time.Second

// The load of the race check: raceClients log in at once, each chats
// raceChats times while raceAnnouncements are typed, then all quit.
const (
	raceClients       = 8
	raceChats         = 3
	raceAnnouncements = 6
)

// checkNoRace runs the server, then the client, each built with -race,
// under concurrent load, and fails when the race detector reports a data
// race (its "WARNING: DATA RACE" on stderr; a program that finds one exits
// with status 66) or the runtime stops on a concurrent map access.
func checkNoRace(t *grade.T) error {
	on, why := t.Race()
	if err := raceServer(t); err != nil {
		return err
	}
	if err := raceClient(t); err != nil {
		return err
	}
	if !on {
		t.Attach(i18n.M("the race detector is not available here, so only a crash could be seen"), why)
	}
	return nil
}

func raceServer(t *grade.T) error {
	r := newRoom(t, lessonRules, 0)
	r.race = true
	defer r.attach()
	if err := r.start(); err != nil {
		return err
	}
	peers := make([]*chatprobe.Peer, raceClients)
	for i := range peers {
		p, err := r.client(r.name(i%2 == 1))
		if err != nil {
			return err
		}
		peers[i] = p
	}
	// Everyone at once, and the operator typing meanwhile: the socket
	// loop and the stdin loop use the room at the same time.
	var wg sync.WaitGroup
	for _, p := range peers {
		wg.Add(1)
		go func(p *chatprobe.Peer) {
			defer wg.Done()
			_ = p.Send("L " + p.Name)
			for i := 0; i < raceChats; i++ {
				time.Sleep(5 * time.Millisecond)
				_ = p.Send(chatRequest(p.Name, chatText(r.t.Rand)))
			}
			_ = p.Send("Q " + p.Name)
		}(p)
	}
	for i := 0; i < raceAnnouncements; i++ {
		if err := r.server.Send(fmt.Sprintf("%s #%d", chatAnnouncements[i%len(chatAnnouncements)], i)); err != nil {
			return err
		}
		time.Sleep(3 * time.Millisecond)
	}
	wg.Wait()
	// A goroutine that found a race is busy writing the report: a login
	// answered, then an announcement heard, show that both loops are past
	// it (or that the server no longer answers).
	last, err := r.client(r.name(false))
	if err != nil {
		return err
	}
	while := i18n.M("while %d clients logged in, chatted and quit at once and %d announcements were typed", raceClients, raceAnnouncements)
	text := announcement(r)
	answered := last.Send("L "+last.Name) == nil && heard(last, func(s string) bool { return s == "OK" }, raceSettle)
	if answered && r.server.Send(text) == nil {
		// Announcements are another check's business: whatever form
		// this one takes, or if it never comes, the wait is over.
		heard(last, func(s string) bool { return strings.Contains(s, text) }, chatWait)
	}
	if err := raceReport(t, r.server, i18n.M("your server"), while); err != nil || answered {
		return err
	}
	if ex := r.server.Exited(); ex != nil {
		return grade.Errorf("your server ended (%s) %s", *ex, while)
	}
	return grade.Errorf("your server stopped answering %s: a new login got no answer within %s", while, fmtDur(raceSettle))
}

// raceSettle is how long the race check waits for a server built with
// -race to answer after the load: reporting a race takes a while.
const raceSettle = 5 * time.Second

// heard waits at most within for a datagram at p that match accepts,
// passing over anything else.
func heard(p *chatprobe.Peer, match func(string) bool, within time.Duration) bool {
	end := time.Now().Add(within)
	for {
		d, err := p.Recv(time.Until(end))
		if err != nil {
			return false
		}
		if match(d.Text()) {
			return true
		}
	}
}

func raceClient(t *grade.T) error {
	c := &clientRun{t: t, rules: lessonRules, race: true}
	defer c.attach()
	if err := c.start(true); err != nil {
		return err
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 20; i++ {
			_ = c.fake.SendTo(c.from, []byte(chatNotice("小明", fmt.Sprintf("race %d", i))))
			time.Sleep(2 * time.Millisecond)
		}
	}()
	for i := 0; i < 10; i++ {
		if err := c.p.Send(fmt.Sprintf("line %d", i)); err != nil {
			return err
		}
		time.Sleep(3 * time.Millisecond)
	}
	wg.Wait()
	if err := c.p.Send("/quit"); err != nil {
		return err
	}
	// At its end, a program built with -race gives the goroutines a second
	// to finish their reports, and exits with status 66 if it found one.
	if _, err := c.await("Q "+c.name, clientWait); err == nil {
		_ = c.fake.SendTo(c.from, []byte("BYE"))
	}
	select {
	case <-c.p.Done():
		_, _ = c.p.Wait()
	case <-time.After(raceSettle):
	case <-t.Context().Done():
	}
	return raceReport(t, c.p, i18n.M("your client"), i18n.M("while 20 notices arrived and 10 lines were typed"))
}

// raceReport fails when p's stderr holds a race detector's report or a
// runtime's fatal error about concurrent map use; it attaches the report.
func raceReport(t *grade.T, p *grade.Program, who, while i18n.Msg) error {
	var report []string
	found, fatal := false, ""
	for _, l := range p.Lines() {
		if l.Stream != grade.Stderr {
			continue
		}
		switch {
		case strings.Contains(l.Text, "WARNING: DATA RACE"):
			found = true
		case strings.HasPrefix(l.Text, "fatal error: concurrent map"):
			fatal = l.Text
		}
		if (found || fatal != "") && len(report) < 40 {
			report = append(report, l.Text)
		}
	}
	if len(report) > 0 {
		t.Attach(i18n.M("what the race detector or the runtime said"), strings.Join(report, "\n"))
	}
	switch ex := p.Exited(); {
	case found:
		return grade.Errorf("the race detector found a data race in %s %s: two goroutines used the same memory without a lock (see its report, with both stacks)", who, while)
	case fatal != "":
		return grade.Errorf("%s stopped with %q %s: two goroutines used a map at the same time without a lock", who, fatal, while)
	case ex != nil && ex.Code == 66:
		return grade.Errorf("%s ended with exit status 66, the race detector's: it found a data race %s", who, while)
	}
	return nil
}

// clientRun is one check of the client: the client under test and the fake
// server it talks to. Every datagram the fake server receives is accounted
// for: the login (sent again while no answer came, if the client likes),
// a chat for each line typed, the quit, and, from the chat room's client,
// heartbeats.
type clientRun struct {
	t     *grade.T
	rules chatRules
	race  bool // start the client built with the race detector
	fake  *chatprobe.Peer
	p     *grade.Program
	name  string
	from  netip.AddrPort // where the client's login came from
}

// clientWait is how long the fake server waits for the client's datagrams;
// the first one also waits for the client to start.
const clientWait = 3 * time.Second

// chatClientChecks grade the client `client -addr A -name N` against a fake
// server; Complete grades chatroom/client with them.
func chatClientChecks(rules chatRules) []grade.Check {
	return []grade.Check{
		{
			ID: "client-login", Title: "the client logs in with \"L name\" and sends nothing else until the answer comes, a slow one too", Points: 2, Timeout: clientTimeout,
			Hint: "Send \"L \" + name, then read the answer with a deadline of a few seconds (conn.SetReadDeadline) before you start the goroutine that receives and the loop that sends what is typed.",
			Run:  withClient(rules, clientLogin),
		},
		{
			ID: "client-refused", Title: "the client acts on the answer to its login: a refusal, or no answer, is shown and ends it with status 1", Points: 2, Timeout: clientTimeout, Slow: true,
			Hint: "Anything but \"OK\" is a refusal: print it and os.Exit(1). When the read's deadline passes (errors.Is(err, os.ErrDeadlineExceeded)) no server answered: say so and exit 1 too. Never chat as if you were in.",
			Run:  clientRefused(rules),
		},
		{
			ID: "client-prints", Title: "the client prints what the room sends while nobody types, seconds later too", Points: 3, Timeout: clientTimeout, Slow: true,
			Hint: "Receive in a goroutine of its own: a loop that reads a datagram and prints it as one line, for as long as the client runs (no deadline on it). Main meanwhile waits on stdin; neither may wait for the other.",
			Run:  withClient(rules, clientPrints),
		},
		{
			ID: "client-sends", Title: "the client sends each line typed as \"C name line\", exactly, from the address it logged in from, and nothing for an empty line", Points: 3, Timeout: clientTimeout,
			Hint: "Read stdin line by line with a bufio.Scanner and send \"C \" + name + \" \" + line on the same socket you logged in with (the server knows a user by its address). Keep the line as it is, spaces included; skip a line that is empty.",
			Run:  withClient(rules, clientSends),
		},
		{
			ID: "client-quit", Title: "on /quit the client sends \"Q name\", waits for the BYE, and ends", Points: 2, Timeout: clientTimeout,
			Hint: "When the line is \"/quit\", send \"Q \" + name, wait a moment (a second at most) for the server's \"BYE\", then return from main (exit status 0).",
			Run:  withClient(rules, func(c *clientRun) error { return c.quit("/quit", true) }),
		},
		{
			ID: "client-eof", Title: "at the end of input the client sends \"Q name\" and ends, even when no BYE comes", Points: 1, Timeout: clientTimeout,
			Hint: "When the scanner's Scan returns false (Ctrl-D, or the end of a piped file), quit as for /quit. The BYE may be lost: wait for it a second at most.",
			Run:  withClient(rules, func(c *clientRun) error { return c.quit("", false) }),
		},
	}
}

// clientTimeout bounds one client check.
const clientTimeout = 12 * time.Second

// withClient makes a check out of a client scenario: it starts the fake
// server and the client, answers its login OK, runs the scenario, and
// attaches the fake server's transcript.
func withClient(rules chatRules, scenario func(c *clientRun) error) func(*grade.T) error {
	return func(t *grade.T) error {
		c := &clientRun{t: t, rules: rules}
		defer c.attach()
		if err := c.start(true); err != nil {
			return err
		}
		return scenario(c)
	}
}

// start runs the client against a new fake server and waits for its login;
// ok answers it OK at once.
func (c *clientRun) start(ok bool) error {
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
	c.p, err = c.t.StartWith(grade.StartOptions{Program: "client", Args: []string{"-addr", c.fake.Addr().String(), "-name", c.name}, Race: c.race})
	if err != nil {
		return err
	}
	c.fake.SetEpoch(c.p.Started)
	d, err := c.await("L "+c.name, clientWait)
	if err != nil {
		return err
	}
	c.from = d.From
	if !ok {
		return nil
	}
	return c.fake.SendTo(c.from, []byte("OK"))
}

func (c *clientRun) attach() {
	if c.fake == nil {
		return
	}
	c.t.Attach(i18n.M("what the fake server sent and received (seconds since your client started)"), c.fake.Log())
	c.fake.Close()
}

// passable reports whether a datagram from the client needs no grading
// here: a heartbeat ("H name") or a who-is-here request ("W name") from the
// chat room's client, a login sent again.
func (c *clientRun) passable(text string) bool {
	if c.rules.errReplies && (strings.HasPrefix(text, "H ") || strings.HasPrefix(text, "W ")) {
		return true
	}
	return text == "L "+c.name && c.from.IsValid()
}

// await waits for the client's next datagram, passing over what needs no
// grading, and fails unless it is exactly want. After the login it must
// also come from the login's address.
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
		if d.Text() != want && c.passable(d.Text()) {
			c.fake.Mark(d, "passed over")
			continue
		}
		if d.Text() != want {
			c.fake.Mark(d, "unexpected")
			if strings.TrimRight(d.Text(), "\r\n") == want {
				return d, grade.Errorf("your client sent %q, want %q: no line end", d.Text(), want)
			}
			return d, grade.Errorf("your client sent %q, want %q", d.Text(), want)
		}
		if c.from.IsValid() && d.From != c.from {
			c.fake.Mark(d, "unexpected")
			return d, grade.Errorf("your client sent %q from %s, but it logged in from %s: the server knows a user by its address, so use one socket for everything", d.Text(), d.From.String(), c.from.String())
		}
		return d, nil
	}
}

// quiet fails when the client sends anything that needs grading within
// window: the accounting of what it sends.
func (c *clientRun) quiet(window time.Duration, why i18n.Msg) error {
	end := time.Now().Add(window)
	for {
		d, err := c.fake.Recv(time.Until(end))
		switch {
		case errors.Is(err, chatprobe.ErrNothing):
			return nil
		case err != nil:
			return err
		case c.passable(d.Text()):
			c.fake.Mark(d, "passed over")
			continue
		}
		c.fake.Mark(d, "unexpected")
		return grade.Errorf("your client sent %q: %s", d.Text(), why)
	}
}

// printed waits until the client has printed a line (on either stream) that
// contains s.
func (c *clientRun) printed(s string, within time.Duration) (bool, error) {
	end := time.Now().Add(within)
	for {
		for _, l := range c.p.Lines() {
			if strings.Contains(l.Text, s) {
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

// clientSlowLogin: the answer comes after this long; a line is typed
// meanwhile.
const (
	clientSlowMin = 600 * time.Millisecond
	clientSlowMax = 900 * time.Millisecond
)

func clientLogin(c *clientRun) error {
	// withClient has answered OK at once; this check starts its own run.
	c.p.CloseStdin()
	c.attach()
	*c = clientRun{t: c.t, rules: c.rules}
	if err := c.start(false); err != nil {
		return err
	}
	line := chatText(c.t.Rand)
	if err := c.p.Send(line); err != nil {
		return err
	}
	delay := clientSlowMin + time.Duration(c.t.Rand.Int63n(int64(clientSlowMax-clientSlowMin)))
	if err := c.quiet(delay, i18n.M("no answer to its login had come yet (the server answers after %s): wait for it before anything else", fmtSecs(delay))); err != nil {
		return err
	}
	if err := c.fake.SendTo(c.from, []byte("OK")); err != nil {
		return err
	}
	if _, err := c.await(chatRequest(c.name, line), 2*time.Second); err != nil {
		return grade.Errorf("after the OK (which came %s after the login), the line typed meanwhile must go out: %s", fmtSecs(delay), err)
	}
	return nil
}

// clientRefused runs the client twice: against a server that refuses the
// login, and against one that never answers.
func clientRefused(rules chatRules) func(*grade.T) error {
	return func(t *grade.T) error {
		reason := fmt.Sprintf("name taken #%d", 100+t.Rand.Intn(900))
		shown := reason
		if rules.errReplies {
			reason, shown = "ERR name-taken 名字已被占用", "名字已被占用"
		}
		c := &clientRun{t: t, rules: rules}
		if err := c.start(false); err != nil {
			c.attach()
			return err
		}
		err := c.refusedBy(reason, shown)
		c.attach()
		if err != nil {
			return err
		}
		c = &clientRun{t: t, rules: rules}
		defer c.attach()
		if err := c.start(false); err != nil {
			return err
		}
		return c.refusedBy("", "")
	}
}

// refusedBy answers the login with reason ("": with silence) and expects
// the client to show it and end with status 1, sending nothing more.
func (c *clientRun) refusedBy(reason, shown string) error {
	line := chatText(c.t.Rand)
	if err := c.p.Send(line); err != nil {
		return err
	}
	within := time.Second + 500*time.Millisecond
	if reason != "" {
		if err := c.fake.SendTo(c.from, []byte(reason)); err != nil {
			return err
		}
	} else {
		// The lesson's client waits 3 s; the chat room's tries 3 times,
		// a second apart.
		within = 5 * time.Second
	}
	why := i18n.M("the login was refused with %q: a refused client is not in the room", reason)
	if reason == "" {
		why = i18n.M("no server answered its login: a client that is not logged in sends no chats")
	}
	end := time.Now().Add(within)
	for c.p.Exited() == nil && time.Now().Before(end) {
		if err := c.quiet(50*time.Millisecond, why); err != nil {
			return err
		}
	}
	ex := c.p.Exited()
	switch {
	case ex == nil && reason != "":
		return grade.Errorf("the server refused the login with %q, and your client was still running %s later: print the reason and exit with status 1", reason, fmtDur(within))
	case ex == nil:
		return grade.Errorf("no server answered the login, and your client was still running %s later: give up after a few seconds and exit with status 1", fmtDur(within))
	case ex.Code != 1 && reason != "":
		return grade.Errorf("the server refused the login with %q, and your client ended with %s, want exit status 1", reason, *ex)
	case ex.Code != 1:
		return grade.Errorf("no server answered the login, and your client ended with %s, want exit status 1", *ex)
	}
	if reason != "" {
		if _, err := c.p.Wait(); err != nil {
			return err
		}
		if ok, err := c.printed(shown, 0); err != nil || !ok {
			return grade.Errorf("the server refused the login with %q, and your client ended without showing it: print the reason, so that the user knows why", reason)
		}
	}
	return nil
}

// clientIdle are the moments after the login at which the fake server
// sends a notice while nothing is typed: soon, and seconds later.
var clientIdle = []time.Duration{200 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second}

func clientPrints(c *clientRun) error {
	other := fmt.Sprintf("%s%d", chatChineseNames[c.t.Rand.Intn(len(chatChineseNames))], 10+c.t.Rand.Intn(90))
	texts := chatEdgeTexts(c.t.Rand)
	notices := []string{joinNotice(other), chatNotice(other, texts[0]), adminNotice(chatText(c.t.Rand)), leaveNotice(other)}
	start := time.Now()
	for i, n := range notices {
		at := clientIdle[min(i, len(clientIdle)-1)]
		if i == len(notices)-1 {
			at += 100 * time.Millisecond
		}
		if err := c.t.Sleep(time.Until(start.Add(at))); err != nil {
			return err
		}
		if err := c.fake.SendTo(c.from, []byte(n)); err != nil {
			return err
		}
		ok, err := c.printed(n, time.Second)
		if err != nil {
			return err
		}
		if ex := c.p.Exited(); !ok && ex != nil {
			return grade.Errorf("the server sent %q and your client ended (%s) instead of printing it", n, *ex)
		}
		if !ok {
			return grade.Errorf("the server sent %q %s after the login, while nothing was typed, and your client did not print it within %s: it must print what arrives for as long as it runs, without waiting for a line of input", n, fmtSecs(at), fmtDur(time.Second))
		}
	}
	return c.quiet(200*time.Millisecond, i18n.M("nothing was typed, so it has nothing to send"))
}

func clientSends(c *clientRun) error {
	texts := chatEdgeTexts(c.t.Rand)[:4]
	empty := c.t.Rand.Intn(len(texts))
	for i, text := range texts {
		if i == empty {
			if err := c.p.Send(""); err != nil {
				return err
			}
		}
		if err := c.p.Send(text); err != nil {
			return err
		}
		d, err := c.await(chatRequest(c.name, text), 2*time.Second)
		if err != nil {
			if i == empty && d.Text() == "C "+c.name+" " {
				return grade.Errorf("an empty line was typed and your client sent %q: send nothing for an empty line (a chat has a text)", d.Text())
			}
			return err
		}
	}
	return c.quiet(300*time.Millisecond, i18n.M("each line typed is sent once, and nothing else"))
}

// quit ends the client with line ("/quit") or, when line is "", by closing
// its stdin, and expects "Q name" and the client's end. With bye, the fake
// server answers BYE a moment later, and the client must still be there to
// get it; without, no BYE comes, and the client must end all the same.
func (c *clientRun) quit(line string, bye bool) error {
	if line != "" {
		if err := c.p.Send(line); err != nil {
			return err
		}
	} else {
		c.p.CloseStdin()
	}
	d, err := c.await("Q "+c.name, 2*time.Second)
	if err != nil {
		return err
	}
	limit := 3 * time.Second
	if bye {
		delay := 300*time.Millisecond + time.Duration(c.t.Rand.Int63n(int64(200*time.Millisecond)))
		if err := c.t.Sleep(time.Until(d.At.Add(delay))); err != nil {
			return err
		}
		if ex := c.p.Exited(); ex != nil {
			return grade.Errorf("your client sent %q and ended (%s) before the server's BYE came, %s later: wait a moment (a second at most) for it", "Q "+c.name, *ex, fmtSecs(delay))
		}
		if err := c.fake.SendTo(c.from, []byte("BYE")); err != nil {
			return err
		}
		limit = 2 * time.Second
	}
	select {
	case <-c.p.Done():
	case <-time.After(limit):
		return grade.Errorf("your client sent %q but was still running %s later: it must end after it quits", "Q "+c.name, fmtDur(limit))
	case <-c.t.Context().Done():
		return grade.Errorf("your client sent %q but was still running %s later: it must end after it quits", "Q "+c.name, fmtDur(limit))
	}
	if ex := c.p.Exited(); ex.Code != 0 {
		return grade.Errorf("your client ended with %s after it quit, want exit status 0", *ex)
	}
	return c.quiet(0, i18n.M("it quit"))
}

func init() {
	i18n.Register(map[string]string{
		"sends every line typed on the server's stdin to everyone as \"管理员消息： line\"":                                                                                                                                                          "把服务器标准输入中的每一行以 `管理员消息： 该行` 的形式发给每个人",
		"Read os.Stdin with a bufio.Scanner in a goroutine of its own, and send \"管理员消息： \" + line to every address in the map. Two goroutines now use the map: guard it with a sync.Mutex.":                                                   "在单独的 goroutine 里用 bufio.Scanner 读 os.Stdin，把 `管理员消息： ` + 该行 发给 map 中的每个地址。现在有两个 goroutine 使用这个 map：用 sync.Mutex 保护它。",
		"server and client have no data race under load (go build -race)":                                                                                                                                                                      "服务器和客户端在并发负载下没有数据竞争（go build -race）",
		"Every goroutine that reads or changes the room takes the same sync.Mutex first (main's socket loop and the stdin loop alike), and does not hold it while it waits for input. Run your server with go run -race and see what it says.": "每个读取或修改聊天室的 goroutine 都要先拿到同一个 sync.Mutex（main 里读套接字的循环和读标准输入的循环都一样），而且等待输入时不要拿着它。用 go run -race 运行你的服务器，看看它说什么。",
		"the race detector is not available here, so only a crash could be seen":                                                                                                                                                               "这里没有竞争检测器，所以只能看到程序崩溃",
		"your server": "你的服务器",
		"your client": "你的客户端",
		"while %d clients logged in, chatted and quit at once and %d announcements were typed": "（%d 个客户端同时登录、聊天、退出，同时输入了 %d 条管理员消息）",
		"your server ended (%s) %s": "你的服务器结束了（%s）%s",
		"your server stopped answering %s: a new login got no answer within %s":                                                                                                                                                                  "你的服务器不再回复了%s：之后一个新的登录请求 %s内没有得到回复",
		"while 20 notices arrived and 10 lines were typed":                                                                                                                                                                                       "（收到 20 条通知的同时输入了 10 行）",
		"what the race detector or the runtime said":                                                                                                                                                                                             "竞争检测器或运行时的报告",
		"the race detector found a data race in %s %s: two goroutines used the same memory without a lock (see its report, with both stacks)":                                                                                                    "竞争检测器在%s里发现了数据竞争%s：两个 goroutine 没有加锁就使用了同一块内存（看它的报告，里面有两边的调用栈）",
		"%s stopped with %q %s: two goroutines used a map at the same time without a lock":                                                                                                                                                       "%s因 %q 而停止%s：两个 goroutine 没有加锁就同时使用了一个 map",
		"%s ended with exit status 66, the race detector's: it found a data race %s":                                                                                                                                                             "%s以退出状态 66 结束，这是竞争检测器的退出状态：它发现了数据竞争%s",
		"the client logs in with \"L name\" and sends nothing else until the answer comes, a slow one too":                                                                                                                                       "客户端用 `L 名字` 登录，在回复到来之前不发送别的东西，回复来得慢也一样",
		"Send \"L \" + name, then read the answer with a deadline of a few seconds (conn.SetReadDeadline) before you start the goroutine that receives and the loop that sends what is typed.":                                                   "发送 `L ` + 名字，然后设几秒钟的截止时间（conn.SetReadDeadline）读回复，读到之后再启动接收的 goroutine 和发送输入内容的循环。",
		"the client acts on the answer to its login: a refusal, or no answer, is shown and ends it with status 1":                                                                                                                                "客户端根据登录的回复行事：被拒绝或者没有回复，都要显示出来，并以退出状态 1 结束",
		"Anything but \"OK\" is a refusal: print it and os.Exit(1). When the read's deadline passes (errors.Is(err, os.ErrDeadlineExceeded)) no server answered: say so and exit 1 too. Never chat as if you were in.":                           "除了 `OK` 之外都是拒绝：把它打印出来，然后 os.Exit(1)。读超时（errors.Is(err, os.ErrDeadlineExceeded)）说明没有服务器回复：也要说出来，并以 1 退出。决不能当作自己已经进了聊天室。",
		"the client prints what the room sends while nobody types, seconds later too":                                                                                                                                                            "没有人输入时，客户端也打印聊天室发来的消息，几秒钟之后发来的也一样",
		"Receive in a goroutine of its own: a loop that reads a datagram and prints it as one line, for as long as the client runs (no deadline on it). Main meanwhile waits on stdin; neither may wait for the other.":                          "在单独的 goroutine 里接收：循环读数据报，每个打印成一行，客户端运行多久它就收多久（不要给它设截止时间）。与此同时 main 等待标准输入；两者谁也不等谁。",
		"the client sends each line typed as \"C name line\", exactly, from the address it logged in from, and nothing for an empty line":                                                                                                        "客户端把输入的每一行原样以 `C 名字 该行` 发出，从登录时的地址发出；空行什么也不发",
		"Read stdin line by line with a bufio.Scanner and send \"C \" + name + \" \" + line on the same socket you logged in with (the server knows a user by its address). Keep the line as it is, spaces included; skip a line that is empty.": "用 bufio.Scanner 逐行读标准输入，在登录用的同一个套接字上发送 `C ` + 名字 + ` ` + 该行（服务器靠地址认人）。该行保持原样，空格也不动；空行跳过。",
		"on /quit the client sends \"Q name\", waits for the BYE, and ends":                                                                                                                                                                      "输入 /quit 时，客户端发送 `Q 名字`，等到 BYE，然后结束",
		"When the line is \"/quit\", send \"Q \" + name, wait a moment (a second at most) for the server's \"BYE\", then return from main (exit status 0).":                                                                                      "输入的行是 `/quit` 时，发送 `Q ` + 名字，稍等服务器的 `BYE`（最多一秒），然后从 main 返回（退出状态 0）。",
		"at the end of input the client sends \"Q name\" and ends, even when no BYE comes":                                                                                                                                                       "输入结束时，客户端发送 `Q 名字` 并结束，即使 BYE 没有来",
		"When the scanner's Scan returns false (Ctrl-D, or the end of a piped file), quit as for /quit. The BYE may be lost: wait for it a second at most.":                                                                                      "scanner 的 Scan 返回 false 时（按了 Ctrl-D，或者管道输入结束了），像 /quit 一样退出。BYE 可能会丢：最多等它一秒。",
		"what the fake server sent and received (seconds since your client started)":                                                                                                                                                             "模拟服务器发送和收到的数据报（从你的客户端启动起的秒数）",
		"your client ended (%s) without sending %q to -addr %s":                                                                                                                                                                                  "你的客户端结束了（%s），没有向 -addr %[3]s 发送 %[2]q",
		"your client sent nothing to -addr %s in %s, want %q":                                                                                                                                                                                    "你的客户端 %[2]s内没有向 -addr %[1]s 发送任何东西，应发送 %[3]q",
		"your client sent %q, want %q: no line end":                                                                                                                                                                                              "你的客户端发送了 %q，应为 %q：不要带换行",
		"your client sent %q, want %q": "你的客户端发送了 %q，应为 %q",
		"your client sent %q from %s, but it logged in from %s: the server knows a user by its address, so use one socket for everything": "你的客户端从 %[2]s 发送了 %[1]q，但它是从 %[3]s 登录的：服务器靠地址认人，所以所有请求都要用同一个套接字",
		"your client sent %q: %s": "你的客户端发送了 %q：%s",
		"no answer to its login had come yet (the server answers after %s): wait for it before anything else":                                                                                                "那时它的登录还没有得到回复（服务器 %s之后才回复）：先等到回复，再做别的事",
		"after the OK (which came %s after the login), the line typed meanwhile must go out: %s":                                                                                                             "收到 OK 之后（OK 在登录 %s之后才来），这段时间里输入的那一行应当发出去：%s",
		"the login was refused with %q: a refused client is not in the room":                                                                                                                                 "登录被拒绝了（%q）：被拒绝的客户端不在聊天室里",
		"no server answered its login: a client that is not logged in sends no chats":                                                                                                                        "没有服务器回复它的登录：没有登录的客户端不发聊天消息",
		"the server refused the login with %q, and your client was still running %s later: print the reason and exit with status 1":                                                                          "服务器以 %q 拒绝了登录，%s之后你的客户端还在运行：应打印原因并以退出状态 1 结束",
		"no server answered the login, and your client was still running %s later: give up after a few seconds and exit with status 1":                                                                       "没有服务器回复登录，%s之后你的客户端还在运行：应在几秒钟后放弃，并以退出状态 1 结束",
		"the server refused the login with %q, and your client ended with %s, want exit status 1":                                                                                                            "服务器以 %q 拒绝了登录，你的客户端以 %s 结束，应为退出状态 1",
		"no server answered the login, and your client ended with %s, want exit status 1":                                                                                                                    "没有服务器回复登录，你的客户端以 %s 结束，应为退出状态 1",
		"the server refused the login with %q, and your client ended without showing it: print the reason, so that the user knows why":                                                                       "服务器以 %q 拒绝了登录，你的客户端没有显示出来就结束了：应把原因打印出来，让用户知道为什么",
		"the server sent %q and your client ended (%s) instead of printing it":                                                                                                                               "服务器发来 %q，你的客户端没有打印，而是结束了（%s）",
		"the server sent %q %s after the login, while nothing was typed, and your client did not print it within %s: it must print what arrives for as long as it runs, without waiting for a line of input": "服务器在登录 %[2]s之后发来 %[1]q，那时没有任何输入，你的客户端 %[3]s内没有打印它：客户端运行多久，就要把收到的东西打印多久，不能等输入一行之后才打印",
		"nothing was typed, so it has nothing to send":                                                                                                                                                       "没有任何输入，所以它没有东西要发",
		"an empty line was typed and your client sent %q: send nothing for an empty line (a chat has a text)":                                                                                                "输入了一个空行，你的客户端发送了 %q：空行什么也不发（聊天要有内容）",
		"each line typed is sent once, and nothing else":                                                                                                                                                     "输入的每一行只发一次，别的什么也不发",
		"your client sent %q and ended (%s) before the server's BYE came, %s later: wait a moment (a second at most) for it":                                                                                 "你的客户端发送了 %q 后，在服务器的 BYE 到来之前就结束了（%s），BYE 在 %s之后才来：稍等一下（最多一秒）",
		"your client sent %q but was still running %s later: it must end after it quits":                                                                                                                     "你的客户端发送了 %q，但 %s之后仍在运行：退出后它必须结束",
		"your client ended with %s after it quit, want exit status 0":                                                                                                                                        "你的客户端退出后以 %s 结束，应为退出状态 0",
		"it quit": "它已经退出了",
	})
}
