// Command client joins the forkroom chat room: it logs in with a name, then
// sends each line typed while it prints what the others say.
//
// Project forkroom, a Go workbook on Unix processes and a UDP chat room.
// Environment: Go 1.22 or later on Linux, macOS or Windows.
// Technology: UDP sockets and goroutines.
// Author: the forkroom authors.
//
// Usage:
//
//	client [flags]
//
// Without -name the client asks for a name, and asks again when the server
// refuses it (taken, reserved, invalid). A login that gets no answer is sent
// again (-login-tries times, -login-wait apart); then the client says that
// no server answers at that address and exits with status 1.
//
// Once in, the client shows who is in the room (and again on "/who"); every
// other line typed is sent to the others, and their messages, arrivals,
// departures and the administrator's announcements are printed as they
// come. On a terminal the line being typed stays intact below them (Chinese
// included); the keys are Enter, Backspace and Ctrl-U (erase the line).
// "/quit", the end of input (Ctrl-D) or Ctrl-C leaves the room. If the
// teacher removes the user (ERR kicked, ERR banned), the client says why and
// exits with status 1.
//
// The client sends a heartbeat every -heartbeat so the server knows it is
// alive. If the server restarts and no longer knows the client, the client
// logs in again with the same name by itself and says so.
//
// When standard input is not a terminal the client is scriptable: the first
// line is the name if -name is not given (a refused name is followed by the
// next line), no prompt is printed, notices go to standard output one per
// line, and the client's own messages go to standard error. A refused -name
// is then an error (status 1), since nobody can be asked for another.
//
// The flags are:
//
//	-addr host:port
//		the server (default 127.0.0.1:9527)
//	-name name
//		the name to log in with
//	-heartbeat d
//		how often to send a heartbeat (default 10s)
//	-login-tries n, -login-wait d
//		how often and how far apart to send a login (default 3 and 1s)
//
// Examples:
//
//	go run ./chatroom/client
//	go run ./chatroom/client -addr 192.168.1.10:9527 -name 小明
//	printf '小红\n大家好\n' | go run ./chatroom/client
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"forkroom/chatroom/internal/client"
)

func usage() {
	fmt.Fprintln(os.Stderr, "usage: client [flags]\n\nJoins the chat room; type messages, /quit to leave.\n\nFlags:")
	flag.PrintDefaults()
	os.Exit(2)
}

func main() {
	d := client.DefaultConfig()
	cfg := d
	flag.Usage = usage
	flag.StringVar(&cfg.Addr, "addr", d.Addr, "the server's `host:port`")
	flag.StringVar(&cfg.Name, "name", "", "the `name` to log in with (asked when empty)")
	flag.DurationVar(&cfg.Heartbeat, "heartbeat", d.Heartbeat, "how often to send a heartbeat")
	flag.IntVar(&cfg.LoginTries, "login-tries", d.LoginTries, "how many times to send a login")
	flag.DurationVar(&cfg.LoginWait, "login-wait", d.LoginWait, "how long to wait for each login answer")
	flag.Parse()
	if flag.NArg() > 0 {
		usage()
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, cfg)
	stop()
	if err != nil && !errors.Is(err, context.Canceled) { // Ctrl-C before the login ended
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(1)
	}
}

// run picks the UI: a line editor when both ends are a terminal, plain lines
// otherwise.
func run(ctx context.Context, cfg client.Config) error {
	in, out := int(os.Stdin.Fd()), int(os.Stdout.Fd())
	if !term.IsTerminal(in) || !term.IsTerminal(out) {
		return client.Run(ctx, cfg, client.NewPlainUI(os.Stdin, os.Stdout, os.Stderr))
	}
	old, err := term.MakeRaw(in)
	if err != nil {
		return fmt.Errorf("terminal: %w", err)
	}
	defer term.Restore(in, old)
	rw := struct {
		io.Reader
		io.Writer
	}{os.Stdin, os.Stdout}
	return client.Run(ctx, cfg, client.NewTerminalUI(rw, func() int {
		w, _, err := term.GetSize(out)
		if err != nil {
			return 80
		}
		return w
	}))
}
