package client

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"golang.org/x/term"
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

// terminalUI is a line editor on a terminal in raw mode: a notice that
// arrives while a line is being typed is printed above it, and the prompt
// and the half-typed line are drawn again below.
type terminalUI struct {
	t *term.Terminal
}

// NewTerminalUI returns a UI on a terminal. The caller puts the terminal in
// raw mode (term.MakeRaw) first and restores it after Run. Ctrl-C and Ctrl-D
// on an empty line end the input.
func NewTerminalUI(rw io.ReadWriter) UI {
	return &terminalUI{t: term.NewTerminal(rw, "")}
}

func (u *terminalUI) ReadLine() (string, error) {
	s, err := u.t.ReadLine()
	if errors.Is(err, term.ErrPasteIndicator) {
		err = nil // a pasted line is a line
	}
	return s, err
}

func (u *terminalUI) SetPrompt(prompt string) { u.t.SetPrompt(prompt) }

// Show and Status go through term.Terminal.Write, which clears the line
// being typed, prints, and draws the prompt and the line again.
func (u *terminalUI) Show(notice string) { fmt.Fprintln(u.t, notice) }

func (u *terminalUI) Status(msg string) { fmt.Fprintln(u.t, "* "+msg) }

func (u *terminalUI) Interactive() bool { return true }
