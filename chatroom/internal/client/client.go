// Package client is the chat room's client: it logs in, then sends what the
// user types while it shows what the server sends.
//
// Run holds the logic and talks to the user through a UI, so the same code
// serves a terminal (NewTerminalUI), a pipe (NewPlainUI) and the tests.
package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/text/unicode/norm"

	"forkroom/chatroom/internal/protocol"
)

// Config is what Run needs to know. Zero durations and counts take the
// defaults of DefaultConfig.
type Config struct {
	// Addr is the server's host:port.
	Addr string
	// Name is the name to log in with; "" means ask the user.
	Name string
	// Heartbeat is how often to tell the server the client is alive.
	Heartbeat time.Duration
	// LoginTries is how many times to send a login before giving up, and
	// LoginWait how long to wait for an answer each time.
	LoginTries int
	LoginWait  time.Duration
}

// DefaultConfig returns the defaults of the client command.
func DefaultConfig() Config {
	return Config{
		Addr:       "127.0.0.1:9527",
		Heartbeat:  10 * time.Second,
		LoginTries: 3,
		LoginWait:  time.Second,
	}
}

// UI is the user's side of the client.
type UI interface {
	// ReadLine returns the next line typed, without its line end, or
	// io.EOF at the end of input.
	ReadLine() (string, error)
	// SetPrompt sets the prompt shown while a line is typed.
	SetPrompt(prompt string)
	// Show shows a notice from the server.
	Show(notice string)
	// Status shows a message from the client itself.
	Status(msg string)
	// Interactive reports whether a person answers questions (a terminal)
	// rather than a script.
	Interactive() bool
}

// ErrNoServer means that no server answered the login.
var ErrNoServer = errors.New("no server answers")

// ErrRemoved means that the teacher removed the user from the room (ERR
// kicked or ERR banned).
var ErrRemoved = errors.New("removed from the room by the teacher")

// The lines the client does not send as messages.
const (
	QuitCommand = "/quit" // leave the room
	WhoCommand  = "/who"  // show who is in the room
)

// Run logs in and chats until the user quits (QuitCommand or end of input)
// or ctx is cancelled; each of these sends Q. Once in, and again after
// logging in again by itself, it asks who is in the room (W) and shows it,
// as it does on WhoCommand. It returns nil after a quit, an error wrapping
// ErrNoServer when no server answers the login, ErrRemoved when the
// teacher removes the user, or another error when the name is refused and
// nobody can be asked for another.
func Run(ctx context.Context, cfg Config, ui UI) error {
	d := DefaultConfig()
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = d.Heartbeat
	}
	if cfg.LoginTries <= 0 {
		cfg.LoginTries = d.LoginTries
	}
	if cfg.LoginWait <= 0 {
		cfg.LoginWait = d.LoginWait
	}
	raddr, err := net.ResolveUDPAddr("udp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("bad server address: %w", err)
	}
	conn, err := net.DialUDP("udp", nil, raddr)
	if err != nil {
		return fmt.Errorf("dial %s: %w", cfg.Addr, err)
	}

	s := &session{
		cfg:      cfg,
		ui:       ui,
		conn:     conn,
		incoming: make(chan packet, 64),
		lines:    make(chan line),
		done:     make(chan struct{}),
	}
	// The receiver ends when conn is closed; Run waits for it. The line
	// reader ends at the end of input; Run does not wait for it, since a
	// read from a terminal cannot be interrupted.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.receive()
	}()
	go s.readLines()
	defer func() {
		close(s.done)
		conn.Close()
		wg.Wait()
	}()

	name, err := s.login(ctx)
	if err != nil {
		return err
	}
	return s.chat(ctx, name)
}

// packet is what the receiver passes on: a datagram, or the news that the
// server's port is closed.
type packet struct {
	msg     string
	refused bool
}

// line is what the line reader passes on.
type line struct {
	text string
	err  error
}

// session is one run of the client.
type session struct {
	cfg      Config
	ui       UI
	conn     *net.UDPConn
	incoming chan packet   // datagrams from the receiver
	lines    chan line     // lines from the line reader
	done     chan struct{} // closed when Run returns
}

// receive reads datagrams until the socket is closed. A client socket that
// has sent to a closed port gets "connection refused" on its next read; the
// loop reports it and goes on.
func (s *session) receive() {
	buf := make([]byte, protocol.ReadBufferSize)
	for {
		n, err := s.conn.Read(buf)
		var p packet
		switch {
		case err == nil:
			p = packet{msg: string(buf[:n])}
		case errors.Is(err, syscall.ECONNREFUSED):
			p = packet{refused: true}
		case errors.Is(err, net.ErrClosed):
			return
		default:
			continue
		}
		select {
		case s.incoming <- p:
		case <-s.done:
			return
		}
	}
}

// readLines passes the user's lines on until the end of input.
func (s *session) readLines() {
	for {
		text, err := s.ui.ReadLine()
		select {
		case s.lines <- line{text: text, err: err}:
		case <-s.done:
			return
		}
		if err != nil {
			return
		}
	}
}

func (s *session) send(msg string) {
	// A failed send is like a lost datagram: the heartbeat and the retries
	// cover it.
	_, _ = s.conn.Write([]byte(msg))
}

// login asks for names until one is accepted.
func (s *session) login(ctx context.Context) (string, error) {
	name := s.cfg.Name
	fromFlag := name != ""
	for {
		if name == "" {
			s.ui.SetPrompt("请输入名字：")
			select {
			case <-ctx.Done():
				return "", ctx.Err()
			case l := <-s.lines:
				if l.err != nil {
					return "", errors.New("no name given")
				}
				name = strings.TrimSpace(l.text)
			}
			fromFlag = false
			if name == "" {
				continue
			}
		}
		name = norm.NFC.String(name)
		reply := ""
		if err := protocol.CheckName(name); err != nil {
			reply = err.Error()
		} else {
			var err error
			reply, err = s.tryLogin(ctx, name)
			if err != nil {
				return "", err
			}
		}
		if reply == protocol.ReplyOK {
			return name, nil
		}
		if code, _ := protocol.ParseError(reply); code == protocol.CodeBanned {
			// No other name would do: the ban is on the address.
			s.ui.Status(explanation(reply))
			return "", fmt.Errorf("%w: %s", ErrRemoved, reply)
		}
		s.ui.Status(fmt.Sprintf("名字 %q 不能用：%s", name, explanation(reply)))
		if fromFlag && !s.ui.Interactive() {
			return "", fmt.Errorf("name %q refused: %s", name, reply)
		}
		name = ""
	}
}

// tryLogin sends "L name" up to LoginTries times and returns the answer.
func (s *session) tryLogin(ctx context.Context, name string) (string, error) {
	for try := 1; try <= s.cfg.LoginTries; try++ {
		s.send(protocol.LoginRequest(name))
		timer := time.NewTimer(s.cfg.LoginWait)
	wait:
		for {
			select {
			case <-ctx.Done():
				// The server may have taken the login already.
				timer.Stop()
				s.send(protocol.QuitRequest(name))
				return "", ctx.Err()
			case p := <-s.incoming:
				if p.msg == protocol.ReplyOK {
					timer.Stop()
					return p.msg, nil
				}
				if code, ok := protocol.ParseError(p.msg); ok && code != protocol.CodeNotLoggedIn {
					timer.Stop()
					return p.msg, nil
				}
			case <-timer.C:
				break wait
			}
		}
		if try < s.cfg.LoginTries {
			s.ui.Status(fmt.Sprintf("服务器 %s 没有回答，重试（%d/%d）…", s.cfg.Addr, try+1, s.cfg.LoginTries))
		}
	}
	s.ui.Status(fmt.Sprintf("没有服务器在 %s 回答。", s.cfg.Addr))
	return "", fmt.Errorf("%w at %s (%d tries, %v apart)", ErrNoServer, s.cfg.Addr, s.cfg.LoginTries, s.cfg.LoginWait)
}

// chat is the main loop: lines typed go out, datagrams received are shown,
// a heartbeat goes out every Config.Heartbeat.
func (s *session) chat(ctx context.Context, name string) error {
	s.ui.SetPrompt(name + "> ")
	s.ui.Status(fmt.Sprintf("已进入聊天室，名字 %s。输入 %s 查看谁在线，%s 退出。", name, WhoCommand, QuitCommand))
	s.send(protocol.WhoRequest(name))
	heartbeat := time.NewTicker(s.cfg.Heartbeat)
	defer heartbeat.Stop()
	relogging := false // a login was sent after the server forgot us
	unreachable := false
	for {
		select {
		case <-ctx.Done():
			return s.quit(name)
		case l := <-s.lines:
			if l.err != nil {
				return s.quit(name)
			}
			text := strings.TrimRight(l.text, "\r")
			switch {
			case text == "":
				continue
			case text == QuitCommand:
				return s.quit(name)
			case text == WhoCommand:
				s.send(protocol.WhoRequest(name))
				continue
			}
			if err := protocol.CheckText(text); err != nil {
				s.ui.Status("没有发送：" + explanation(err.Error()))
				continue
			}
			s.send(protocol.ChatRequest(name, text))
		case <-heartbeat.C:
			s.send(protocol.HeartbeatRequest(name))
		case p := <-s.incoming:
			if p.refused {
				if !unreachable {
					s.ui.Status(fmt.Sprintf("服务器 %s 无法连接，继续尝试…", s.cfg.Addr))
					unreachable = true
				}
				continue
			}
			unreachable = false
			code, isErr := protocol.ParseError(p.msg)
			count, names, isWho := protocol.ParseWho(p.msg)
			switch {
			case p.msg == protocol.ReplyOK:
				if relogging {
					relogging = false
					s.ui.Status("已重新登录。")
					s.send(protocol.WhoRequest(name))
				}
			case p.msg == protocol.ReplyBye:
			case isWho:
				s.ui.Status(whoLine(count, names))
			case isErr && (code == protocol.CodeKicked || code == protocol.CodeBanned):
				s.ui.Status(explanation(p.msg))
				return fmt.Errorf("%w: %s", ErrRemoved, p.msg)
			case isErr && code == protocol.CodeNotLoggedIn:
				// The server restarted or dropped us: log in again.
				if !relogging {
					s.ui.Status("服务器不认识我们了（可能已重启），正在重新登录…")
				}
				relogging = true
				s.send(protocol.LoginRequest(name))
			case isErr && relogging && code != protocol.CodeNotYourName:
				s.ui.Status("重新登录失败：" + explanation(p.msg))
				return fmt.Errorf("login again as %q refused: %s", name, p.msg)
			case isErr:
				s.ui.Status("服务器拒绝：" + explanation(p.msg))
			default:
				s.ui.Show(protocol.Printable(p.msg))
			}
		}
	}
}

// quit sends "Q name" and waits a moment for the answer, showing what
// arrives meanwhile. A lost Q is harmless: the server expires us.
func (s *session) quit(name string) error {
	s.send(protocol.QuitRequest(name))
	timer := time.NewTimer(s.cfg.LoginWait)
	defer timer.Stop()
	for {
		select {
		case p := <-s.incoming:
			if p.refused || p.msg == protocol.ReplyBye {
				return nil
			}
			if _, isErr := protocol.ParseError(p.msg); isErr {
				return nil
			}
			if _, _, isWho := protocol.ParseWho(p.msg); isWho {
				continue // the answer to a /who typed just before
			}
			s.ui.Show(protocol.Printable(p.msg))
		case <-timer.C:
			return nil
		}
	}
}

// whoLine shows the answer to W: "在线 3 人：alice、bob、小明".
func whoLine(count int, names []string) string {
	for i, n := range names {
		names[i] = protocol.Printable(n)
	}
	line := fmt.Sprintf("在线 %d 人：%s", count, strings.Join(names, "、"))
	if len(names) < count {
		line += fmt.Sprintf("……（另有 %d 人未列出）", count-len(names))
	}
	return line
}

// explanation returns the human part of an ERR reply.
func explanation(reply string) string {
	if _, ok := protocol.ParseError(reply); ok {
		if _, text, ok := strings.Cut(strings.TrimPrefix(reply, "ERR "), " "); ok {
			return protocol.Printable(text)
		}
	}
	return protocol.Printable(reply)
}
