package client

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// plainUI reads lines from a reader and writes notices, one per line, to
// out and the client's own messages to status. It shows no prompt, so a
// script reading out sees only notices.
type plainUI struct {
	in *bufio.Reader

	mu     sync.Mutex // protects writes to out and status
	out    io.Writer
	status io.Writer
}

// NewPlainUI returns a UI for piped input: the first line is the name when
// none is given, later lines are messages; notices go to out, the client's
// own messages to status.
func NewPlainUI(in io.Reader, out, status io.Writer) UI {
	return &plainUI{in: bufio.NewReader(in), out: out, status: status}
}

func (u *plainUI) ReadLine() (string, error) {
	s, err := u.in.ReadString('\n')
	if err == io.EOF && s != "" {
		err = nil // the last line has no line end
	}
	return strings.TrimRight(s, "\r\n"), err
}

func (u *plainUI) SetPrompt(string) {}

func (u *plainUI) Show(notice string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	fmt.Fprintln(u.out, notice)
}

func (u *plainUI) Status(msg string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	fmt.Fprintln(u.status, msg)
}

func (u *plainUI) Interactive() bool { return false }

// terminalUI is a small line editor for a terminal in raw mode. A notice
// that arrives while a line is being typed is printed in its place, and the
// prompt and the half-typed line are drawn again below it.
//
// golang.org/x/term's Terminal does the same, but counts one column per
// character, so with Chinese prompts or text it leaves pieces of the old
// line on the screen; this editor counts East Asian wide characters as two
// columns. It keeps the cursor at the end of the line: keys are printable
// characters, Backspace, Ctrl-U (erase the line), Enter, Ctrl-D on an empty
// line and Ctrl-C (both end the input); other keys and escape sequences are
// ignored.
type terminalUI struct {
	in   *bufio.Reader
	cols func() int // the terminal's width in columns

	mu      sync.Mutex // protects everything below and writes to out
	out     io.Writer
	prompt  string
	line    []rune
	editing bool // a ReadLine is in progress: the prompt and line are on screen
}

// NewTerminalUI returns a UI on a terminal. The caller puts the terminal in
// raw mode (term.MakeRaw) first and restores it after Run. cols returns the
// terminal's width (for example from term.GetSize); nil means 80.
func NewTerminalUI(rw io.ReadWriter, cols func() int) UI {
	if cols == nil {
		cols = func() int { return 80 }
	}
	return &terminalUI{in: bufio.NewReader(rw), out: rw, cols: cols}
}

const (
	keyCtrlC     = 3
	keyCtrlD     = 4
	keyBackspace = 8
	keyCtrlU     = 21
	keyEscape    = 27
	keyDelete    = 127
)

func (u *terminalUI) ReadLine() (string, error) {
	u.mu.Lock()
	u.editing = true
	u.line = u.line[:0]
	u.draw()
	u.mu.Unlock()
	for {
		r, _, err := u.in.ReadRune()
		if err != nil {
			u.endLine()
			return "", err
		}
		switch {
		case r == '\r' || r == '\n':
			return u.endLine(), nil
		case r == keyCtrlC:
			u.endLine()
			return "", io.EOF
		case r == keyCtrlD:
			u.mu.Lock()
			empty := len(u.line) == 0
			u.mu.Unlock()
			if empty {
				u.endLine()
				return "", io.EOF
			}
		case r == keyBackspace || r == keyDelete:
			u.edit(func() {
				if len(u.line) > 0 {
					u.line = u.line[:len(u.line)-1]
				}
			})
		case r == keyCtrlU:
			u.edit(func() { u.line = u.line[:0] })
		case r == keyEscape:
			u.skipEscape()
		case r == utf8.RuneError || unicode.IsControl(r):
		default:
			u.mu.Lock()
			u.line = append(u.line, r)
			io.WriteString(u.out, string(r))
			u.mu.Unlock()
		}
	}
}

// endLine finishes the line on screen and returns it.
func (u *terminalUI) endLine() string {
	u.mu.Lock()
	defer u.mu.Unlock()
	s := string(u.line)
	u.line = u.line[:0]
	u.editing = false
	io.WriteString(u.out, "\r\n")
	return s
}

// edit changes the line and redraws it.
func (u *terminalUI) edit(change func()) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.clear()
	change()
	u.draw()
}

// skipEscape reads the rest of an escape sequence: ESC [ params final, or
// ESC O x, or ESC x.
func (u *terminalUI) skipEscape() {
	b, err := u.in.ReadByte()
	if err != nil {
		return
	}
	switch b {
	case '[':
		for {
			c, err := u.in.ReadByte()
			if err != nil || (c >= 0x40 && c <= 0x7e) {
				return
			}
		}
	case 'O':
		u.in.ReadByte()
	}
}

// clear erases the prompt and the line, which may wrap over several rows,
// and leaves the cursor at the start of the first. u.mu must be held.
func (u *terminalUI) clear() {
	if !u.editing {
		return
	}
	cols := u.cols()
	if cols <= 0 {
		cols = 80
	}
	rows := 0
	if w := columns(u.prompt) + columns(string(u.line)); w > 0 {
		rows = (w - 1) / cols
	}
	io.WriteString(u.out, "\r\x1b[K"+strings.Repeat("\x1b[A\x1b[K", rows))
}

// draw writes the prompt and the line. u.mu must be held.
func (u *terminalUI) draw() {
	if u.editing {
		io.WriteString(u.out, u.prompt+string(u.line))
	}
}

// columns returns how many terminal columns s takes.
func columns(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r):
		case width.LookupRune(r).Kind() == width.EastAsianWide || width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

func (u *terminalUI) SetPrompt(prompt string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.clear()
	u.prompt = prompt
	u.draw()
}

// Show prints the notice where the prompt was and draws the prompt and the
// line again below it.
func (u *terminalUI) Show(notice string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.clear()
	io.WriteString(u.out, notice+"\r\n")
	u.draw()
}

func (u *terminalUI) Status(msg string) { u.Show("* " + msg) }

func (u *terminalUI) Interactive() bool { return true }
