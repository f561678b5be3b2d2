// Package console is the teacher's side of the chat room's server: the
// commands typed on the server's standard input (/who, /kick, /mute, /ban …,
// and announcements), the transcript of the room shown in the server's
// window, the chat log (-log FILE) and the addresses students must type.
//
// Everything the console writes goes through one goroutine, in order: the
// server reports events with its room locked and must never wait for a
// terminal, so events are queued (and counted, not kept, if the queue is
// full) while command output waits its turn.
package console

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"forkroom/chatroom/internal/protocol"
	"forkroom/chatroom/internal/server"
)

// queueSize is how many lines may wait for the window before events are
// dropped (and counted).
const queueSize = 4096

// Room is what the console needs of the server.
type Room interface {
	Announce(text string) error
	Who() []server.UserInfo
	Bans() []server.Ban
	Kick(name, reason string) (server.UserInfo, error)
	Ban(name, reason string) (server.UserInfo, error)
	Unban(ip netip.Addr) error
	Mute(name string) (server.UserInfo, error)
	Unmute(name string) error
}

// Console writes the room's transcript and answers the teacher's commands.
// Make it with New, give its Event method to server.Config.Events, attach
// the server with SetRoom, feed it the teacher's lines with Run or Exec, and
// Close it when the server has stopped.
type Console struct {
	lang Lang
	room Room

	queue   chan entry    // lines for the writer; never closed
	quit    chan struct{} // closed by Close
	done    chan struct{} // closed when the writer has finished
	once    sync.Once     // closes quit
	dropped atomic.Int64  // events not queued because the queue was full
}

// entry is one line for the window: an event of the room (also written to
// the chat log), or a line of the console's own.
type entry struct {
	event *server.Event
	text  string
}

// New returns a console that writes to window (the teacher's screen) and,
// if chatLog is not nil, appends every event to it with a timestamp. Its
// messages are in lang.
func New(window, chatLog io.Writer, lang Lang) *Console {
	c := &Console{lang: lang, queue: make(chan entry, queueSize), quit: make(chan struct{}), done: make(chan struct{})}
	go c.write(window, chatLog)
	return c
}

// SetRoom attaches the server the commands act on. Call it before Exec.
func (c *Console) SetRoom(r Room) { c.room = r }

// write is the console's one writer: it owns window and chatLog. After
// Close it writes what is queued and returns.
func (c *Console) write(window, chatLog io.Writer) {
	defer close(c.done)
	show := func(e entry) {
		if n := c.dropped.Swap(0); n > 0 {
			fmt.Fprintln(window, c.m("(%d events were not shown: the window could not keep up)", n))
		}
		if e.event == nil {
			fmt.Fprintln(window, e.text)
			return
		}
		text := c.describe(*e.event)
		fmt.Fprintf(window, "%s  %s\n", e.event.Time.Format("15:04:05"), text)
		if chatLog != nil {
			fmt.Fprintf(chatLog, "%s  %s\n", e.event.Time.Format("2006-01-02T15:04:05.000Z07:00"), text)
		}
	}
	for {
		select {
		case e := <-c.queue:
			show(e)
		case <-c.quit:
			for {
				select {
				case e := <-c.queue:
					show(e)
				default:
					return
				}
			}
		}
	}
}

// Event shows one event of the room in the window and writes it to the
// chat log. It never blocks and does little: it is server.Config.Events,
// called with the room locked; the writer formats the line.
func (c *Console) Event(e server.Event) {
	select {
	case <-c.quit:
		return
	default:
	}
	select {
	case c.queue <- entry{event: &e}:
	default:
		c.dropped.Add(1)
	}
}

// Print shows a line in the window (not in the chat log), after everything
// queued before it. It waits for room in the queue: only the console's
// own callers use it, never the server.
func (c *Console) Print(line string) {
	select {
	case c.queue <- entry{text: line}:
	case <-c.quit:
	}
}

// Close writes what is queued and stops the writer. Later events and lines
// are dropped.
func (c *Console) Close() {
	c.once.Do(func() { close(c.quit) })
	<-c.done
}

// m renders a message in the console's language.
func (c *Console) m(format string, args ...any) string {
	return fmt.Sprintf(translate(c.lang, format), args...)
}

// describe is the transcript line of an event: the notice the room saw,
// then what only the teacher needs to know.
func (c *Console) describe(e server.Event) string {
	online := c.m("%d online", e.Online)
	switch e.Kind {
	case server.EventJoin:
		return fmt.Sprintf("%s  %s", protocol.JoinNotice(e.Name), c.m("(from %s; %s)", e.Addr, online))
	case server.EventLeave:
		return fmt.Sprintf("%s  %s", protocol.LeaveNotice(e.Name), c.m("(quit; %s)", online))
	case server.EventExpire:
		return fmt.Sprintf("%s  %s", protocol.LeaveNotice(e.Name), c.m("(silent for %s; %s)", c.duration(e.Idle), online))
	case server.EventKick:
		why := c.m("(removed by the teacher; %s)", online)
		if e.Text != "" {
			why = c.m("(removed by the teacher: %s; %s)", e.Text, online)
		}
		return fmt.Sprintf("%s  %s", protocol.LeaveNotice(e.Name), why)
	case server.EventBan:
		why := c.m("(removed by the teacher and %s banned; %s)", e.Addr.Addr(), online)
		if e.Text != "" {
			why = c.m("(removed by the teacher and %s banned: %s; %s)", e.Addr.Addr(), e.Text, online)
		}
		return fmt.Sprintf("%s  %s", protocol.LeaveNotice(e.Name), why)
	case server.EventUnban:
		return c.m("* the ban on %s is lifted", e.Addr.Addr())
	case server.EventMute:
		return c.m("* %s is muted: their messages are refused until /unmute %s", e.Name, e.Name)
	case server.EventUnmute:
		return c.m("* %s may speak again", e.Name)
	case server.EventChat:
		return protocol.ChatNotice(e.Name, e.Text)
	case server.EventAnnouncement:
		return protocol.Announcement(e.Text)
	case server.EventShutdown:
		return fmt.Sprintf("%s  %s", protocol.Announcement(e.Text), c.m("(the server stops)"))
	}
	return fmt.Sprintf("%+v", e)
}

// duration shows a duration to the second, "1 min 5 s".
func (c *Console) duration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < time.Minute:
		return c.m("%d s", int(d.Seconds()))
	case d < time.Hour:
		return c.m("%d min %d s", int(d.Minutes()), int(d.Seconds())%60)
	}
	return c.m("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
}

// Run executes every line of in until the end of input, and returns the
// error that ended the input, if it was not its end.
func (c *Console) Run(in io.Reader) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 4096), 64<<10)
	for sc.Scan() {
		c.Exec(sc.Text())
	}
	return sc.Err()
}

// Exec executes one line typed by the teacher: a command if it starts with
// "/", an announcement otherwise ("//text" announces "/text"). An empty
// line does nothing.
func (c *Console) Exec(line string) {
	line = strings.TrimSuffix(line, "\r")
	switch {
	case strings.TrimSpace(line) == "":
		return
	case strings.HasPrefix(line, "//"):
		c.announce(line[1:])
		return
	case !strings.HasPrefix(line, "/"):
		c.announce(line)
		return
	}
	cmd, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	name, reason, _ := strings.Cut(rest, " ")
	reason = strings.TrimSpace(reason)
	switch cmd {
	case "/help", "/?":
		c.Print(c.help())
	case "/who":
		c.Print(c.who())
	case "/kick", "/ban":
		if name == "" {
			c.Print(c.m("usage: %s NAME [reason]", cmd))
			return
		}
		do := c.room.Kick
		if cmd == "/ban" {
			do = c.room.Ban
		}
		if _, err := do(name, reason); err != nil {
			c.Print(c.failure(name, err))
		}
	case "/mute":
		if name == "" || reason != "" {
			c.Print(c.m("usage: %s NAME", cmd))
			return
		}
		if _, err := c.room.Mute(name); err != nil {
			c.Print(c.failure(name, err))
		}
	case "/unmute":
		if name == "" || reason != "" {
			c.Print(c.m("usage: %s NAME", cmd))
			return
		}
		if err := c.room.Unmute(name); err != nil {
			c.Print(c.failure(name, err))
		}
	case "/unban":
		ip, err := netip.ParseAddr(strings.Trim(name, "[]"))
		if err != nil || reason != "" {
			c.Print(c.m("usage: /unban IP (/who lists the banned addresses)"))
			return
		}
		ip = ip.Unmap()
		if err := c.room.Unban(ip); err != nil {
			c.Print(c.m("%s is not banned (/who lists the banned addresses)", ip))
		}
	default:
		c.Print(c.m("unknown command %s: nothing was sent. /help lists the commands; to announce a line that starts with /, type // before it.", cmd))
	}
}

func (c *Console) announce(text string) {
	if err := c.room.Announce(text); err != nil {
		var perr *protocol.Error
		if errors.As(err, &perr) {
			c.Print(c.m("announcement not sent (%s): %s", perr.Code, text))
			return
		}
		c.Print(c.m("announcement not sent: %v", err))
	}
}

// failure says why a command on name did nothing.
func (c *Console) failure(name string, err error) string {
	switch {
	case errors.Is(err, server.ErrNoSuchUser):
		return c.m("nobody called %s is in the room (/who lists them)", name)
	case errors.Is(err, server.ErrNotMuted):
		return c.m("%s is not muted", name)
	}
	var perr *protocol.Error
	if errors.As(err, &perr) {
		return c.m("the reason cannot be sent (%s): nothing was done", perr.Code)
	}
	return c.m("nothing was done: %v", err)
}

func (c *Console) help() string {
	return strings.Join([]string{
		c.m("Teacher's commands (anything else you type is sent to everyone as an announcement):"),
		c.m("  /who                  who is online: address, idle time, muted; banned addresses"),
		c.m("  /kick NAME [reason]   remove NAME from the room (they may come back)"),
		c.m("  /ban NAME [reason]    remove NAME and refuse logins from their IP address until /unban"),
		c.m("  /unban IP             lift a ban"),
		c.m("  /mute NAME            refuse NAME's messages (they still read the room)"),
		c.m("  /unmute NAME          let NAME speak again"),
		c.m("  //text                announce a line that starts with /"),
		c.m("  /help                 this list"),
	}, "\n")
}

// who is the answer to /who.
func (c *Console) who() string {
	users := c.room.Who()
	lines := []string{c.m("%d online:", len(users))}
	width := 0
	for _, u := range users {
		width = max(width, displayWidth(u.Name))
	}
	for _, u := range users {
		l := fmt.Sprintf("  %s%s  %-21s  %s", u.Name, strings.Repeat(" ", width-displayWidth(u.Name)), u.Addr, c.m("idle %s", c.duration(u.Idle)))
		if u.Muted {
			l += "  " + c.m("muted")
		}
		if u.LineEnd {
			l += "  " + c.m("nc (line ends)")
		}
		lines = append(lines, l)
	}
	for _, b := range c.room.Bans() {
		lines = append(lines, c.m("  banned: %s (%s)", b.IP, b.Name))
	}
	return strings.Join(lines, "\n")
}

// Welcome shows, once the server listens, the addresses students must
// type and how to get help.
func (c *Console) Welcome(addrs []Address) {
	lines := []string{c.m("The chat room is open. Students connect to:")}
	for _, a := range addrs {
		l := "    " + hostPort(a.AddrPort)
		if a.Interface != "" {
			l += "  (" + a.Interface + ")"
		}
		lines = append(lines, l)
	}
	if OnlyLocal(addrs) {
		lines = append(lines, c.m("(only this computer can reach these addresses)"))
	}
	lines = append(lines, c.m("Type /help for the teacher's commands; any other line is sent to everyone."))
	c.Print(strings.Join(lines, "\n"))
}
