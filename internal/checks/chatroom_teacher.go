package checks

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"forkroom/internal/chatprobe"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// The teacher's checks grade what chatroom/PROTOCOL.md §13 and §14 promise
// the teacher and the students in nc: line ends for a person typing into nc,
// the who-is-here request W, the commands typed on the server's standard
// input (/who, /kick, /mute, /ban, /unban, /help, //text, unknown commands),
// the transcript in the server's window (its standard output), the chat log
// (-log) and the addresses students type. They run like the robustness
// checks: the server on a free port, fake clients, and nothing may arrive
// that the scenario did not expect, until the end of the check.
//
// The window is graded on what it must contain (names, addresses, notices,
// numbers), never on the wording of the server's own messages, which
// depends on its language.

const (
	// windowWait is how long the server may take to show a line in its
	// window after a command or an event.
	windowWait = 3 * time.Second

	// ncTimeout and ncSweep are the -timeout and -sweep of nc-lines.
	ncTimeout = 2 * time.Second
	ncSweep   = 100 * time.Millisecond

	// chatLogName is the -log file of chat-log, in the server's folder.
	chatLogName = "class.log"
)

// Teacher returns the checks of the teacher's tools and of nc users.
func Teacher() []grade.Check {
	return []grade.Check{
		{
			ID: "nc-lines", Title: "ends every reply and notice with \\n for a user who logged in with one (nc), and keeps them past -timeout; others get no line ends", Points: 2, Timeout: robustTimeout,
			Hint: "Remember, per user, whether their L ended with \"\\n\" (or \"\\r\\n\"): append \"\\n\" to everything sent to them, answer any request that ended with one with a reply that does too, and drop such users after -line-timeout instead of -timeout.",
			Run:  inRobustRoom([]string{"-timeout", ncTimeout.String(), "-sweep", ncSweep.String()}, scenarioNCLines),
		},
		{
			ID: "who-request", Title: "answers \"W name\" from its owner with \"WHO count names…\", and refuses it from anyone else", Points: 1, Timeout: robustTimeout,
			Hint: "W is like H: look the sender up by address, check the name, then answer \"WHO \" + the number of users + each name, one space apart, to the sender only.",
			Run:  inRobustRoom(nil, scenarioWhoRequest),
		},
		{
			ID: "teacher-who", Title: "/who shows the teacher every user with their address, and sends nothing", Points: 1, Timeout: robustTimeout,
			Hint: "Read the server's standard input line by line: a line that starts with / is a command. For /who print each user's name, address and idle time to standard output.",
			Run:  inRobustRoom(nil, scenarioTeacherWho),
		},
		{
			ID: "teacher-kick", Title: "/kick NAME reason removes the user, tells them why with ERR kicked, tells the others they left, and lets them come back", Points: 2, Timeout: robustTimeout,
			Hint: "Find the user by the key of the name, remove them as for Q, send them \"ERR kicked …：reason\" and everyone else \"name 退出了聊天室\".",
			Run:  inRobustRoom(nil, scenarioTeacherKick),
		},
		{
			ID: "teacher-mute", Title: "/mute NAME refuses their chats with ERR muted, even after they log in again, until /unmute NAME", Points: 2, Timeout: robustTimeout,
			Hint: "Keep the muted names (by key) in a set of their own, not in the user: a user who quits and logs in again is a new user with the same name.",
			Run:  inRobustRoom(nil, scenarioTeacherMute),
		},
		{
			ID: "teacher-ban", Title: "/ban NAME removes the user and refuses logins from their IP address, any port, until /unban IP", Points: 1, Timeout: robustTimeout,
			Hint: "Ban the IP address (the source address without its port): a banned user only needs a new socket to get a new port. Check the ban before any other rule of L.",
			Run:  inRobustRoom(nil, scenarioTeacherBan),
		},
		{
			ID: "teacher-commands", Title: "never sends an unknown /command (the teacher is told), announces \"//text\" as \"/text\", and shows /help", Points: 2, Timeout: robustTimeout,
			Hint: "A line that starts with \"//\" is an announcement of the rest after one \"/\"; any other line that starts with \"/\" is a command, and an unknown one is explained on standard output, never announced.",
			Run:  inRobustRoom(nil, scenarioTeacherCommands),
		},
		{
			ID: "transcript", Title: "shows the room in the server's window: joins with the address and the number online, chats, leaves", Points: 2, Timeout: robustTimeout,
			Hint: "Report each join, chat and leave to standard output as it happens, one line each starting with the time (15:04:05): the notice the room saw and, for joins and leaves, the address and the number of users online.",
			Run:  inRobustRoom(nil, scenarioTranscript),
		},
		{
			ID: "chat-log", Title: "-log FILE appends one timestamped line per event to FILE, and refuses a symbolic link", Points: 1, Timeout: robustTimeout,
			Hint: "Open the file with os.O_APPEND|os.O_CREATE|os.O_WRONLY and syscall.O_NOFOLLOW (after checking with os.Lstat that it is a regular file); refuse to start otherwise. Write each transcript line with the date and time in front.",
			Run:  inRobustRoomWith(robustOptions{flags: []string{"-log", chatLogName}, before: writeEarlierLog}, scenarioChatLog),
		},
		{
			ID: "lan-addresses", Title: "started on 0.0.0.0, shows the addresses students can type (every one answers), never 0.0.0.0", Points: 1, Timeout: robustTimeout,
			Hint: "List the addresses of the network interfaces that are up (net.Interfaces, Addrs), IPv4 first and loopback last, each with the port, and print them at start.",
			Run:  inRobustRoomWith(robustOptions{host: "0.0.0.0"}, scenarioLANAddresses),
		},
	}
}

// isLineReply reports whether s is want followed by exactly one "\n".
func isLineReply(s, want string) bool { return s == want+"\n" }

// refusedLine is refused for a request that ends with a line end: the
// reply must be "ERR <code> …\n", with exactly one line end.
func (r *robustRoom) refusedLine(c *chatprobe.Peer, data []byte, code string) error {
	if err := c.SendTo(c.To(), data); err != nil {
		return err
	}
	want := "ERR " + code + " …\\n"
	d, err := c.Recv(chatWait)
	switch {
	case errors.Is(err, chatprobe.ErrNothing):
		return grade.Errorf("%s sent %s and received nothing in %s, want the reply %q", c.Name, chatprobe.Quote(data), fmtDur(chatWait), want)
	case err != nil:
		return err
	case !strings.HasSuffix(d.Text(), "\n") || !isRefusal(strings.TrimSuffix(d.Text(), "\n"), code) || strings.Count(d.Text(), "\n") != 1:
		return grade.Errorf("%s sent %s and received %s, want the reply %q: a request that ends with a line end is answered with one", c.Name, chatprobe.Quote(data), chatprobe.Quote(d.Data), want)
	}
	return nil
}

func scenarioNCLines(r *robustRoom) error {
	plain, err := r.join(r.name(false))
	if err != nil {
		return err
	}
	// nc sends "\n", a Windows nc "\r\n": both log in a person typing.
	var ncs []*chatprobe.Peer
	for _, end := range []string{"\n", "\r\n"} {
		name := r.name(len(ncs) == 1)
		c, err := r.client(name + " (nc)")
		if err != nil {
			return err
		}
		c.Name = name
		if err := c.Send("L " + name + end); err != nil {
			return err
		}
		if err := r.expect(c, "OK\n", nil); err != nil {
			return err
		}
		if err := r.expect(plain, joinNotice(name), nil); err != nil {
			return err
		}
		for _, old := range ncs {
			if err := r.expect(old, joinNotice(name)+"\n", nil); err != nil {
				return err
			}
		}
		ncs = append(ncs, c)
	}
	nc, crlf := ncs[0], ncs[1]

	// A chat from the program reaches the nc users with a line end; a
	// chat from nc reaches the program without one.
	text := r.text()
	if err := plain.Send(chatRequest(plain.Name, text)); err != nil {
		return err
	}
	if err := r.expectAll(ncs, chatNotice(plain.Name, text)+"\n", nil); err != nil {
		return err
	}
	text = r.text()
	if err := nc.Send(chatRequest(nc.Name, text) + "\n"); err != nil {
		return err
	}
	if err := r.expect(plain, chatNotice(nc.Name, text), nil); err != nil {
		return err
	}
	if err := r.expect(crlf, chatNotice(nc.Name, text)+"\n", nil); err != nil {
		return err
	}
	stranger, err := r.client("stranger")
	if err != nil {
		return err
	}
	if err := r.refusedLine(stranger, []byte(chatRequest(nc.Name, "hi")+"\n"), "not-logged-in"); err != nil {
		return err
	}

	// Now everybody is silent. The program, which logged in without a
	// line end, must be dropped after -timeout, and the nc users, silent
	// for as long, must stay: they hear of it, and nothing else.
	gone := leaveNotice(plain.Name) + "\n"
	latest := time.Now().Add(ncTimeout + ncSweep + livenessSlack)
	for _, c := range ncs {
		d, err := c.Recv(time.Until(latest))
		switch {
		case errors.Is(err, chatprobe.ErrNothing):
			return grade.Errorf("%s logged in without a line end and sent nothing for %s; %s waited for %q and did not receive it: a silent user must be dropped after -timeout %s", plain.Name, fmtDur(ncTimeout+ncSweep+livenessSlack), c.Name, gone, fmtDur(ncTimeout))
		case err != nil:
			return err
		case d.Text() != gone:
			return grade.Errorf("%s received %s while everybody was silent, want only %q: a person typing into nc sends no heartbeats, so keep them for -line-timeout, not -timeout %s", c.Name, chatprobe.Quote(d.Data), gone, fmtDur(ncTimeout))
		}
	}
	for _, c := range ncs {
		got, err := c.Quiet(chatQuiet)
		if err != nil {
			return err
		}
		if len(got) > 0 {
			return grade.Errorf("%s received %s while everybody was silent, want only %q: a person typing into nc sends no heartbeats, so keep them for -line-timeout, not -timeout %s", c.Name, chatprobe.Quote(got[0].Data), gone, fmtDur(ncTimeout))
		}
	}
	// Both nc users are still in the room.
	text = r.text()
	if err := nc.Send(chatRequest(nc.Name, text) + "\n"); err != nil {
		return err
	}
	if err := r.expect(crlf, chatNotice(nc.Name, text)+"\n", nil); err != nil {
		return err
	}
	if err := nc.Send("Q " + nc.Name + "\n"); err != nil {
		return err
	}
	if err := r.expect(nc, "BYE\n", nil); err != nil {
		return err
	}
	return r.expect(crlf, leaveNotice(nc.Name)+"\n", nil)
}

func scenarioWhoRequest(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(false), r.name(true))
	if err != nil {
		return err
	}
	alice, bob, ming := cs[0], cs[1], cs[2]
	want := map[string]bool{alice.Name: true, bob.Name: true, ming.Name: true}
	req := "W " + alice.Name
	if err := alice.Send(req); err != nil {
		return err
	}
	d, err := alice.Recv(chatWait)
	switch {
	case errors.Is(err, chatprobe.ErrNothing):
		return grade.Errorf("%s sent %q and received nothing in %s, want \"WHO 3 …\" with the names of the 3 users", alice.Name, req, fmtDur(chatWait))
	case err != nil:
		return err
	}
	fields := strings.Split(d.Text(), " ")
	ok := len(fields) == 2+len(want) && fields[0] == "WHO" && fields[1] == strconv.Itoa(len(want))
	for _, n := range fields[min(2, len(fields)):] {
		ok = ok && want[n]
		delete(want, n)
	}
	if !ok || len(want) > 0 {
		return grade.Errorf("%s sent %q and received %s, want \"WHO 3\" and the names %s, %s and %s, one space apart", alice.Name, req, chatprobe.Quote(d.Data), alice.Name, bob.Name, ming.Name)
	}
	stranger, err := r.client("stranger")
	if err != nil {
		return err
	}
	if err := r.refused(stranger, []byte(req), "not-logged-in"); err != nil {
		return err
	}
	if err := r.refused(bob, []byte(req), "not-your-name"); err != nil {
		return err
	}
	return r.says(bob, alice, ming)
}

// windowSince returns the server's stdout lines from line number from on.
func (r *robustRoom) windowSince(from int) []string {
	out := r.server.Stdout()
	if from > len(out) {
		return nil
	}
	return out[from:]
}

// window waits until a stdout line from line number from on satisfies
// match, and returns it; ok is false when none did within windowWait.
func (r *robustRoom) window(from int, match func(string) bool) (line string, ok bool, err error) {
	end := time.Now().Add(windowWait)
	for {
		for _, l := range r.windowSince(from) {
			if match(l) {
				return l, true, nil
			}
		}
		if time.Now().After(end) {
			return "", false, nil
		}
		if err := r.t.Sleep(20 * time.Millisecond); err != nil {
			return "", false, err
		}
	}
}

// command types line on the server's standard input and waits until the
// window shows a line, from then on, containing each of wants.
func (r *robustRoom) command(line string, wants ...string) error {
	from := len(r.server.Stdout())
	if err := r.server.Send(line); err != nil {
		return err
	}
	_, ok, err := r.window(from, func(l string) bool {
		for _, w := range wants {
			if !strings.Contains(l, w) {
				return false
			}
		}
		return true
	})
	switch {
	case err != nil:
		return err
	case !ok:
		return grade.Errorf("after %q was typed on your server's standard input, its window (standard output) showed no line with %s within %s: the teacher must see what a command did", line, quoteAll(wants), fmtDur(windowWait))
	}
	return nil
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, " + ")
}

// port is ":<port>" of a fake client, as the window shows its address.
func port(c *chatprobe.Peer) string { return fmt.Sprintf(":%d", c.Addr().Port()) }

func scenarioTeacherWho(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(true))
	if err != nil {
		return err
	}
	// Let the transcript of the joins (which shows names and addresses
	// too) reach the window first: only what /who adds counts.
	last := joinNotice(cs[len(cs)-1].Name)
	if _, _, err := r.window(0, func(l string) bool { return strings.Contains(l, last) }); err != nil {
		return err
	}
	from := len(r.server.Stdout())
	if err := r.server.Send("/who"); err != nil {
		return err
	}
	for _, c := range cs {
		_, ok, err := r.window(from, func(l string) bool { return strings.Contains(l, c.Name) && strings.Contains(l, port(c)) })
		if err != nil {
			return err
		}
		if !ok {
			return grade.Errorf("after /who your server's window showed no line with %s and its address %s within %s", c.Name, c.Addr(), fmtDur(windowWait))
		}
	}
	// Nothing reached the room.
	return r.says(cs[0], cs[1])
}

func scenarioTeacherKick(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(false), r.name(true))
	if err != nil {
		return err
	}
	alice, bob, carol := cs[0], cs[1], cs[2]
	reason := fmt.Sprintf("请安静 #%d", 100+r.t.Rand.Intn(900))
	// The name as the teacher types it, in capitals: compared by key.
	cmd := "/kick " + strings.ToUpper(bob.Name) + " " + reason
	if err := r.server.Send(cmd); err != nil {
		return err
	}
	d, err := bob.Recv(chatWait)
	switch {
	case errors.Is(err, chatprobe.ErrNothing):
		return grade.Errorf("the teacher typed %q and %s received nothing in %s, want %q: the one removed must be told why", cmd, bob.Name, fmtDur(chatWait), "ERR kicked …："+reason)
	case err != nil:
		return err
	case !isRefusal(d.Text(), "kicked") || !strings.Contains(d.Text(), reason):
		return grade.Errorf("the teacher typed %q and %s received %q, want %q: the one removed must be told why", cmd, bob.Name, d.Text(), "ERR kicked …："+reason)
	}
	if err := r.expectAll([]*chatprobe.Peer{alice, carol}, leaveNotice(bob.Name), nil); err != nil {
		return err
	}
	// bob is out: his chat is refused and reaches nobody.
	if err := r.refused(bob, []byte(chatRequest(bob.Name, r.text())), "not-logged-in"); err != nil {
		return err
	}
	if err := r.says(alice, carol); err != nil {
		return err
	}
	// A kick is not a ban: bob may come back.
	if err := bob.Send("L " + bob.Name); err != nil {
		return err
	}
	if err := r.expect(bob, "OK", nil); err != nil {
		return err
	}
	return r.expectAll([]*chatprobe.Peer{alice, carol}, joinNotice(bob.Name), nil)
}

func scenarioTeacherMute(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(true))
	if err != nil {
		return err
	}
	alice, bob := cs[0], cs[1]
	if err := r.command("/mute "+bob.Name, bob.Name); err != nil {
		return err
	}
	if err := r.refused(bob, []byte(chatRequest(bob.Name, r.text())), "muted"); err != nil {
		return err
	}
	// bob still hears the room.
	if err := r.says(alice, bob); err != nil {
		return err
	}
	// Quitting and coming back does not lift a mute.
	if err := bob.Send("Q " + bob.Name); err != nil {
		return err
	}
	if err := r.expect(bob, "BYE", nil); err != nil {
		return err
	}
	if err := r.expect(alice, leaveNotice(bob.Name), nil); err != nil {
		return err
	}
	if err := bob.Send("L " + bob.Name); err != nil {
		return err
	}
	if err := r.expect(bob, "OK", nil); err != nil {
		return err
	}
	if err := r.expect(alice, joinNotice(bob.Name), nil); err != nil {
		return err
	}
	if err := r.refused(bob, []byte(chatRequest(bob.Name, r.text())), "muted"); err != nil {
		return err
	}
	if err := r.command("/unmute "+bob.Name, bob.Name); err != nil {
		return err
	}
	return r.says(bob, alice)
}

func scenarioTeacherBan(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(false), r.name(true))
	if err != nil {
		return err
	}
	alice, bob, carol := cs[0], cs[1], cs[2]
	cmd := "/ban " + bob.Name
	if err := r.server.Send(cmd); err != nil {
		return err
	}
	d, err := bob.Recv(chatWait)
	switch {
	case errors.Is(err, chatprobe.ErrNothing):
		return grade.Errorf("the teacher typed %q and %s received nothing in %s, want %q", cmd, bob.Name, fmtDur(chatWait), "ERR banned …")
	case err != nil:
		return err
	case !isRefusal(d.Text(), "banned"):
		return grade.Errorf("the teacher typed %q and %s received %q, want %q", cmd, bob.Name, d.Text(), "ERR banned …")
	}
	if err := r.expectAll([]*chatprobe.Peer{alice, carol}, leaveNotice(bob.Name), nil); err != nil {
		return err
	}
	// Every fake client is on 127.0.0.1: a new port is the same IP.
	late := r.name(false)
	newcomer, err := r.client(late)
	if err != nil {
		return err
	}
	if err := r.refused(newcomer, []byte("L "+late), "banned"); err != nil {
		return err
	}
	if err := r.refused(bob, []byte("L "+bob.Name), "banned"); err != nil {
		return err
	}
	// Those already in from that IP stay.
	if err := r.says(alice, carol); err != nil {
		return err
	}
	ip := r.addr.Addr().String()
	if err := r.command("/unban "+ip, ip); err != nil {
		return err
	}
	if err := newcomer.Send("L " + late); err != nil {
		return err
	}
	if err := r.expect(newcomer, "OK", nil); err != nil {
		return err
	}
	return r.expectAll([]*chatprobe.Peer{alice, carol}, joinNotice(late), nil)
}

func scenarioTeacherCommands(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(true))
	if err != nil {
		return err
	}
	alice, bob := cs[0], cs[1]
	// A mistyped command: never sent, and the teacher is told.
	unknown := fmt.Sprintf("/kcik%d", 10+r.t.Rand.Intn(90))
	if err := r.command(unknown+" "+bob.Name, unknown); err != nil {
		return err
	}
	if err := r.says(alice, bob); err != nil {
		return err
	}
	// "//" announces a line that starts with "/", and does not run it.
	text := fmt.Sprintf("/kick %s #%d", bob.Name, 100+r.t.Rand.Intn(900))
	if err := r.server.Send("/" + text); err != nil {
		return err
	}
	if err := r.expectAll(cs, adminNotice(text), nil); err != nil {
		return err
	}
	if err := r.command("/help", "/kick"); err != nil {
		return err
	}
	return r.says(bob, alice)
}

// onlineAfter reports whether line shows notice and then, after it and
// apart from the address addr, the number n (the number online).
func onlineAfter(line, notice, addr string, n int) bool {
	i := strings.Index(line, notice)
	if i < 0 {
		return false
	}
	rest := strings.Replace(line[i+len(notice):], addr, "", 1)
	for _, m := range numbers.FindAllString(rest, -1) {
		if m == strconv.Itoa(n) {
			return true
		}
	}
	return false
}

var (
	numbers   = regexp.MustCompile(`\d+`)
	clockTime = regexp.MustCompile(`^\d\d:\d\d:\d\d\b`)
)

func scenarioTranscript(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(true), r.name(false))
	if err != nil {
		return err
	}
	// The probe joined and quit before: the room held 1, 2, then 3.
	for i, c := range cs {
		notice := joinNotice(c.Name)
		l, ok, err := r.window(0, func(l string) bool { return strings.Contains(l, notice) })
		if err != nil {
			return err
		}
		switch {
		case !ok:
			return grade.Errorf("%s logged in and your server's window (standard output) showed no line with %q within %s", c.Name, notice, fmtDur(windowWait))
		case !clockTime.MatchString(l) || !strings.Contains(l, port(c)) || !onlineAfter(l, notice, c.Addr().String(), i+1):
			return grade.Errorf("your server's window showed %q, want the time first (15:04:05), then %q, %s's address %s and the number online, %d", l, notice, c.Name, c.Addr(), i+1)
		}
	}
	bob, carol := cs[1], cs[2]
	text := r.text()
	if err := bob.Send(chatRequest(bob.Name, text)); err != nil {
		return err
	}
	if err := r.expectAll([]*chatprobe.Peer{cs[0], carol}, chatNotice(bob.Name, text), nil); err != nil {
		return err
	}
	notice := chatNotice(bob.Name, text)
	if _, ok, err := r.window(0, func(l string) bool { return strings.Contains(l, notice) && clockTime.MatchString(l) }); err != nil || !ok {
		if err != nil {
			return err
		}
		return grade.Errorf("%s sent a chat and your server's window showed no line with the time and %q within %s", bob.Name, notice, fmtDur(windowWait))
	}
	if err := carol.Send("Q " + carol.Name); err != nil {
		return err
	}
	if err := r.expect(carol, "BYE", nil); err != nil {
		return err
	}
	if err := r.expectAll(cs[:2], leaveNotice(carol.Name), nil); err != nil {
		return err
	}
	notice = leaveNotice(carol.Name)
	l, ok, err := r.window(0, func(l string) bool { return strings.Contains(l, notice) })
	switch {
	case err != nil:
		return err
	case !ok:
		return grade.Errorf("%s quit and your server's window showed no line with %q within %s", carol.Name, notice, fmtDur(windowWait))
	case !clockTime.MatchString(l) || !onlineAfter(l, notice, carol.Addr().String(), 2):
		return grade.Errorf("your server's window showed %q, want the time first (15:04:05), then %q and the number online, %d", l, notice, 2)
	}
	return nil
}

// writeEarlierLog writes the line a chat log holds before the server starts.
func writeEarlierLog(t *grade.T) error {
	return os.WriteFile(filepath.Join(t.TempDir(), chatLogName), []byte(earlierLog+"\n"), 0o600)
}

const earlierLog = "the log of an earlier class"

var logStamp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d`)

func scenarioChatLog(r *robustRoom) error {
	cs, err := r.gather(r.name(false), r.name(true))
	if err != nil {
		return err
	}
	alice, bob := cs[0], cs[1]
	text := r.text()
	if err := bob.Send(chatRequest(bob.Name, text)); err != nil {
		return err
	}
	if err := r.expect(alice, chatNotice(bob.Name, text), nil); err != nil {
		return err
	}
	if err := alice.Send("Q " + alice.Name); err != nil {
		return err
	}
	if err := r.expect(alice, "BYE", nil); err != nil {
		return err
	}
	if err := r.expect(bob, leaveNotice(alice.Name), nil); err != nil {
		return err
	}
	// Stop the server, so that the log is complete.
	if err := r.server.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	if err := r.expect(bob, adminNotice("服务器关闭"), nil); err != nil {
		return err
	}
	select {
	case <-r.server.Done():
	case <-time.After(shutdownWait):
		return grade.Errorf("your server was still running %s after SIGTERM, want it to exit with status 0", fmtDur(shutdownWait))
	case <-r.t.Context().Done():
		return r.t.Context().Err()
	}
	data, err := os.ReadFile(filepath.Join(r.t.TempDir(), chatLogName))
	if err != nil {
		return grade.Errorf("your server was started with -log %s and the file cannot be read afterwards: %v", chatLogName, err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if lines[0] != earlierLog {
		return grade.Errorf("-log %s held %q before your server started and begins with %q after: the log must be appended to, never overwritten", chatLogName, earlierLog, lines[0])
	}
	// Each event, in order, on a line that starts with the date and time.
	wants := []string{joinNotice(alice.Name), joinNotice(bob.Name), chatNotice(bob.Name, text), leaveNotice(alice.Name)}
	next := 0
	for _, l := range lines[1:] {
		if !logStamp.MatchString(l) {
			return grade.Errorf("-log %s has the line %q, want every line to start with the date and time (2006-01-02T15:04:05…)", chatLogName, l)
		}
		if next < len(wants) && strings.Contains(l, wants[next]) {
			next++
		}
	}
	if next < len(wants) {
		return grade.Errorf("-log %s has no line with %q (after the lines of the events before it); it holds:\n%s", chatLogName, wants[next], string(data))
	}
	return symlinkLogRefused(r)
}

// symlinkLogRefused starts a second server with -log on a symbolic link to
// another file and expects it to refuse to start and leave the file alone.
func symlinkLogRefused(r *robustRoom) error {
	dir := r.t.TempDir()
	target, link := filepath.Join(dir, "notes.txt"), "notes.log"
	notes := fmt.Sprintf("the teacher's notes #%d\n", 100+r.t.Rand.Intn(900))
	if err := os.WriteFile(target, []byte(notes), 0o644); err != nil {
		return err
	}
	if err := os.Symlink("notes.txt", filepath.Join(dir, link)); err != nil {
		return err
	}
	addr, err := chatprobe.FreePort()
	if err != nil {
		return err
	}
	p, err := r.t.Start("-addr", addr.String(), "-log", link)
	if err != nil {
		return err
	}
	select {
	case <-p.Done():
	case <-time.After(shutdownWait):
		return grade.Errorf("your server was started with -log %s, a symbolic link to notes.txt, and was still running %s later: it must refuse to write through a link it did not create, and exit", link, fmtDur(shutdownWait))
	case <-r.t.Context().Done():
		return r.t.Context().Err()
	}
	if ex := p.Exited(); ex.Code == 0 && ex.Signal == "" {
		return grade.Errorf("your server was started with -log %s, a symbolic link to notes.txt, and ended with exit status 0, want it to refuse with a non-zero status", link)
	}
	data, err := os.ReadFile(target)
	if err != nil {
		return err
	}
	if string(data) != notes {
		return grade.Errorf("your server was started with -log %s, a symbolic link to notes.txt, and notes.txt changed to %q: never write through a symbolic link", link, string(data))
	}
	return nil
}

// shownAddr matches an address with the port shown in the window.
var shownAddr = regexp.MustCompile(`(\[[0-9A-Fa-f:.]+\]|\d{1,3}(?:\.\d{1,3}){3}):(\d+)\b`)

func scenarioLANAddresses(r *robustRoom) error {
	want := strconv.Itoa(int(r.addr.Port()))
	listen := "0.0.0.0:" + want
	// The addresses shown in the window, in order.
	var shown []netip.AddrPort
	_, ok, err := r.window(0, func(string) bool {
		shown = shown[:0]
		for _, l := range r.server.Stdout() {
			for _, m := range shownAddr.FindAllStringSubmatch(l, -1) {
				if a, err := netip.ParseAddrPort(m[0]); err == nil && m[2] == want {
					shown = append(shown, a)
				}
			}
		}
		return len(shown) > 0
	})
	switch {
	case err != nil:
		return err
	case !ok:
		return grade.Errorf("your server was started with -addr %s and its window (standard output) showed no address with the port %s within %s: show the addresses students type", listen, want, fmtDur(windowWait))
	}
	isShown := map[netip.Addr]bool{}
	for _, a := range shown {
		if a.Addr().IsUnspecified() {
			return grade.Errorf("your server was started with -addr %s and its window shows %s, which students cannot type: show the addresses of the machine's network interfaces", listen, a)
		}
		isShown[a.Addr().Unmap()] = true
	}
	// Every IPv4 address shown answers a login.
	for _, a := range shown {
		if !a.Addr().Is4() {
			continue
		}
		if answered, err := r.answersAt(a); err != nil {
			return err
		} else if !answered {
			return grade.Errorf("your server's window shows %s, but a login sent there got no answer in %s", a, fmtDur(chatWait))
		}
	}
	// An address of this machine where the server answers must be shown,
	// and a network address before any loopback one.
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil // nothing to compare with
	}
	for _, ia := range addrs {
		n, ok := ia.(*net.IPNet)
		if !ok {
			continue
		}
		ip, ok := netip.AddrFromSlice(n.IP)
		if !ok || !ip.Unmap().Is4() || ip.IsLoopback() || ip.IsLinkLocalUnicast() || isShown[ip.Unmap()] {
			continue
		}
		at := netip.AddrPortFrom(ip.Unmap(), r.addr.Port())
		answered, err := r.answersAt(at)
		if err != nil {
			return err
		}
		if answered {
			return grade.Errorf("your server answers a login sent to %s, an address of this machine, but its window does not show it: students on other computers need it", at)
		}
	}
	if len(shown) > 1 && shown[0].Addr().IsLoopback() {
		for _, a := range shown[1:] {
			if !a.Addr().IsLoopback() {
				return grade.Errorf("your server's window shows %s first and %s after it: show the network addresses first, loopback addresses only this computer can use last", shown[0], a)
			}
		}
	}
	return nil
}

// answersAt logs a new fake client in at addr and out again, and reports
// whether the server answered.
func (r *robustRoom) answersAt(addr netip.AddrPort) (bool, error) {
	name := r.name(false)
	c, err := r.client(name + " at " + addr.String())
	if err != nil {
		return false, err
	}
	if err := c.SendTo(addr, []byte("L "+name)); err != nil {
		return false, err
	}
	d, err := c.Recv(chatWait)
	switch {
	case errors.Is(err, chatprobe.ErrNothing):
		return false, nil
	case err != nil:
		return false, err
	case d.Text() != "OK":
		return false, grade.Errorf("%s sent %q to %s and received %q, want %q", c.Name, "L "+name, addr, d.Text(), "OK")
	}
	if err := c.SendTo(addr, []byte("Q "+name)); err != nil {
		return false, err
	}
	if err := r.expect(c, "BYE", nil); err != nil {
		return false, err
	}
	return true, nil
}

func init() {
	i18n.Register(map[string]string{
		"ends every reply and notice with \\n for a user who logged in with one (nc), and keeps them past -timeout; others get no line ends":                                                                                                                 "对登录时带 \\n 的用户（nc），每个回复和通知末尾都加 \\n，并在 -timeout 之后仍保留他们；其他人收不到行尾",
		"Remember, per user, whether their L ended with \"\\n\" (or \"\\r\\n\"): append \"\\n\" to everything sent to them, answer any request that ended with one with a reply that does too, and drop such users after -line-timeout instead of -timeout.": "为每个用户记住他的 L 是否以 `\\n`（或 `\\r\\n`）结尾：发给他的所有内容末尾都加 `\\n`，以行尾结尾的请求，回复也以行尾结尾；这样的用户在 -line-timeout 而不是 -timeout 之后才移除。",
		"answers \"W name\" from its owner with \"WHO count names…\", and refuses it from anyone else":                                                                                                                                                       "对名字主人发来的 `W 名字` 回答 `WHO 人数 名字…`，其他人发来的则拒绝",
		"W is like H: look the sender up by address, check the name, then answer \"WHO \" + the number of users + each name, one space apart, to the sender only.":                                                                                           "W 和 H 一样：按地址查找发送者并核对名字，然后只向发送者回答 `WHO ` + 用户数 + 每个名字，用一个空格隔开。",
		"/who shows the teacher every user with their address, and sends nothing":                                                                                                                                                                            "/who 向老师显示每个用户及其地址，不发送任何东西",
		"Read the server's standard input line by line: a line that starts with / is a command. For /who print each user's name, address and idle time to standard output.":                                                                                  "逐行读服务器的标准输入：以 / 开头的一行是命令。收到 /who 时，把每个用户的名字、地址和空闲时间打印到标准输出。",
		"/kick NAME reason removes the user, tells them why with ERR kicked, tells the others they left, and lets them come back":                                                                                                                            "/kick 名字 理由：移出此人，用 ERR kicked 告诉他原因，告诉其他人他已离开，并允许他重新进入",
		"Find the user by the key of the name, remove them as for Q, send them \"ERR kicked …：reason\" and everyone else \"name 退出了聊天室\".":                                                                                                                   "按名字的键找到用户，像处理 Q 一样移除他，向他发送 `ERR kicked …：理由`，向其他所有人发送 `名字 退出了聊天室`。",
		"/mute NAME refuses their chats with ERR muted, even after they log in again, until /unmute NAME":                                                                                                                                                    "/mute 名字：用 ERR muted 拒绝此人的聊天消息，重新登录后也一样，直到 /unmute 名字",
		"Keep the muted names (by key) in a set of their own, not in the user: a user who quits and logs in again is a new user with the same name.":                                                                                                         "把被禁言的名字（按键）单独存在一个集合里，不要存在用户身上：退出后重新登录的用户是一个同名的新用户。",
		"/ban NAME removes the user and refuses logins from their IP address, any port, until /unban IP":                                                                                                                                                     "/ban 名字：移出此人，并拒绝来自他的 IP 地址（任何端口）的登录，直到 /unban IP",
		"Ban the IP address (the source address without its port): a banned user only needs a new socket to get a new port. Check the ban before any other rule of L.":                                                                                       "封禁的是 IP 地址（不含端口的源地址）：被封禁的用户只要换一个套接字就有新端口。在 L 的其他规则之前先检查封禁。",
		"never sends an unknown /command (the teacher is told), announces \"//text\" as \"/text\", and shows /help":                                                                                                                                          "绝不发送未知的 /命令（并告诉老师），把 `//文本` 作为 `/文本` 发布，并显示 /help",
		"A line that starts with \"//\" is an announcement of the rest after one \"/\"; any other line that starts with \"/\" is a command, and an unknown one is explained on standard output, never announced.":                                            "以 `//` 开头的一行，去掉一个 `/` 之后作为管理员消息发布；其他以 `/` 开头的行都是命令，未知命令在标准输出上说明，绝不发布。",
		"shows the room in the server's window: joins with the address and the number online, chats, leaves":                                                                                                                                                 "在服务器窗口中显示聊天室：进入（带地址和在线人数）、聊天、离开",
		"Report each join, chat and leave to standard output as it happens, one line each starting with the time (15:04:05): the notice the room saw and, for joins and leaves, the address and the number of users online.":                                 "每次进入、聊天和离开都立即在标准输出上报告，每件事一行，以时间（15:04:05）开头：聊天室看到的通知，进入和离开还要有地址和在线人数。",
		"-log FILE appends one timestamped line per event to FILE, and refuses a symbolic link":                                                                                                                                                              "-log 文件：每个事件向文件追加一行带时间戳的记录，并拒绝符号链接",
		"Open the file with os.O_APPEND|os.O_CREATE|os.O_WRONLY and syscall.O_NOFOLLOW (after checking with os.Lstat that it is a regular file); refuse to start otherwise. Write each transcript line with the date and time in front.":                     "用 os.O_APPEND|os.O_CREATE|os.O_WRONLY 和 syscall.O_NOFOLLOW 打开文件（之前先用 os.Lstat 确认它是普通文件）；否则拒绝启动。每行记录前面写上日期和时间。",
		"started on 0.0.0.0, shows the addresses students can type (every one answers), never 0.0.0.0":                                                                                                                                                       "在 0.0.0.0 上启动时，显示学生可以输入的地址（每个都能应答），绝不显示 0.0.0.0",
		"List the addresses of the network interfaces that are up (net.Interfaces, Addrs), IPv4 first and loopback last, each with the port, and print them at start.":                                                                                       "列出处于启用状态的网络接口的地址（net.Interfaces、Addrs），IPv4 在前，回环地址在后，每个都带上端口，启动时打印出来。",

		"%s sent %s and received %s, want the reply %q: a request that ends with a line end is answered with one":                                                                "%s 发送了 %s，收到 %s，应收到回答 %q：以行尾结尾的请求，回答也要以行尾结尾",
		"%s received %s while everybody was silent, want only %q: a person typing into nc sends no heartbeats, so keep them for -line-timeout, not -timeout %s":                  "所有人都沉默时 %s 收到了 %s，应只收到 %q：在 nc 里打字的人不会发心跳，所以要按 -line-timeout 保留他们，而不是 -timeout %s",
		"%s logged in without a line end and sent nothing for %s; %s waited for %q and did not receive it: a silent user must be dropped after -timeout %s":                      "%s 登录时不带行尾，%s 内什么也没发；%s 等待 %q 但没有收到：沉默的用户必须在 -timeout %s 之后被移除",
		"%s sent %q and received nothing in %s, want \"WHO 3 …\" with the names of the 3 users":                                                                                  "%s 发送了 %q，%s 内什么也没收到，应收到带 3 个用户名字的 `WHO 3 …`",
		"%s sent %q and received %s, want \"WHO 3\" and the names %s, %s and %s, one space apart":                                                                                "%s 发送了 %q，收到 %s，应为 `WHO 3` 和名字 %s、%s、%s，用一个空格隔开",
		"after %q was typed on your server's standard input, its window (standard output) showed no line with %s within %s: the teacher must see what a command did":             "在你的服务器的标准输入中输入 %q 之后，%[3]s 内它的窗口（标准输出）没有显示含 %[2]s 的行：老师必须看到命令的结果",
		"after /who your server's window showed no line with %s and its address %s within %s":                                                                                    "输入 /who 之后，%[3]s 内你的服务器窗口没有显示含 %[1]s 及其地址 %[2]s 的行",
		"the teacher typed %q and %s received nothing in %s, want %q: the one removed must be told why":                                                                          "老师输入了 %q，%s 在 %s 内什么也没收到，应收到 %q：被移出的人必须知道原因",
		"the teacher typed %q and %s received %q, want %q: the one removed must be told why":                                                                                     "老师输入了 %q，%s 收到 %q，应为 %q：被移出的人必须知道原因",
		"the teacher typed %q and %s received nothing in %s, want %q":                                                                                                            "老师输入了 %q，%s 在 %s 内什么也没收到，应收到 %q",
		"the teacher typed %q and %s received %q, want %q":                                                                                                                       "老师输入了 %q，%s 收到 %q，应为 %q",
		"%s logged in and your server's window (standard output) showed no line with %q within %s":                                                                               "%s 登录了，%[3]s 内你的服务器窗口（标准输出）没有显示含 %[2]q 的行",
		"your server's window showed %q, want the time first (15:04:05), then %q, %s's address %s and the number online, %d":                                                     "你的服务器窗口显示 %q，应先是时间（15:04:05），然后是 %q、%s 的地址 %s 和在线人数 %d",
		"%s sent a chat and your server's window showed no line with the time and %q within %s":                                                                                  "%s 发送了一条聊天消息，%[3]s 内你的服务器窗口没有显示带时间和 %[2]q 的行",
		"%s quit and your server's window showed no line with %q within %s":                                                                                                      "%s 退出了，%[3]s 内你的服务器窗口没有显示含 %[2]q 的行",
		"your server's window showed %q, want the time first (15:04:05), then %q and the number online, %d":                                                                      "你的服务器窗口显示 %q，应先是时间（15:04:05），然后是 %q 和在线人数 %d",
		"your server was started with -log %s and the file cannot be read afterwards: %v":                                                                                        "你的服务器以 -log %s 启动，之后这个文件无法读取：%v",
		"-log %s held %q before your server started and begins with %q after: the log must be appended to, never overwritten":                                                    "你的服务器启动之前 -log %s 里是 %q，之后开头变成了 %q：日志只能追加，绝不能覆盖",
		"-log %s has the line %q, want every line to start with the date and time (2006-01-02T15:04:05…)":                                                                        "-log %s 中有一行 %q，每一行都应以日期和时间开头（2006-01-02T15:04:05…）",
		"-log %s has no line with %q (after the lines of the events before it); it holds:\n%s":                                                                                   "-log %s 中（在它之前那些事件的行之后）没有含 %q 的行；文件内容是：\n%s",
		"your server was started with -log %s, a symbolic link to notes.txt, and was still running %s later: it must refuse to write through a link it did not create, and exit": "你的服务器以 -log %s 启动，它是指向 notes.txt 的符号链接，%s 之后服务器仍在运行：它必须拒绝通过不是自己创建的链接写入，并退出",
		"your server was started with -log %s, a symbolic link to notes.txt, and ended with exit status 0, want it to refuse with a non-zero status":                             "你的服务器以 -log %s 启动，它是指向 notes.txt 的符号链接，服务器以退出状态 0 结束，应以非零状态拒绝",
		"your server was started with -log %s, a symbolic link to notes.txt, and notes.txt changed to %q: never write through a symbolic link":                                   "你的服务器以 -log %s 启动，它是指向 notes.txt 的符号链接，而 notes.txt 变成了 %q：绝不能通过符号链接写入",
		"your server was started with -addr %s and its window (standard output) showed no address with the port %s within %s: show the addresses students type":                  "你的服务器以 -addr %s 启动，%[3]s 内它的窗口（标准输出）没有显示任何带端口 %[2]s 的地址：要显示学生应输入的地址",
		"your server was started with -addr %s and its window shows %s, which students cannot type: show the addresses of the machine's network interfaces":                      "你的服务器以 -addr %s 启动，窗口中显示 %s，学生无法使用这个地址：要显示本机网络接口的地址",
		"%s sent %q to %s and received %q, want %q":                                                                                                                              "%[1]s 向 %[3]s 发送了 %[2]q，收到 %[4]q，应为 %[5]q",
		"your server's window shows %s, but a login sent there got no answer in %s":                                                                                              "你的服务器窗口显示 %s，但发到那里的登录在 %s 内没有得到回答",
		"your server answers a login sent to %s, an address of this machine, but its window does not show it: students on other computers need it":                               "你的服务器会回答发到 %s（本机的一个地址）的登录，但窗口中没有显示它：其他电脑上的学生需要这个地址",
		"your server's window shows %s first and %s after it: show the network addresses first, loopback addresses only this computer can use last":                              "你的服务器窗口先显示 %s，后显示 %s：应先显示网络地址，只有本机能用的回环地址放在最后",
	})
}
