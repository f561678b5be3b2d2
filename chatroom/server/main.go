// Command server runs the forkroom chat room: a UDP server that keeps a map
// from names to addresses and passes messages between the people logged in.
//
// Project forkroom, a Go workbook on Unix processes and a UDP chat room.
// Environment: Go 1.22 or later on Linux, macOS or Windows.
// Technology: UDP sockets and goroutines.
// Author: the forkroom authors.
//
// Usage:
//
//	server [flags]
//
// The server listens on -addr (default 0.0.0.0:9527, every interface, IPv4
// and, where the system allows, IPv6). When it is ready it logs one line to
// standard error:
//
//	time=… level=INFO msg=listening addr=0.0.0.0:9527
//
// With -addr 127.0.0.1:0 the system picks a free port, and the addr of that
// line says which: wait for "msg=listening" and read addr.
//
// Standard output is the teacher's window. It first shows the addresses
// students must type: with -addr 0.0.0.0 (every interface) those of the
// machine's network interfaces, IPv4 first, never 0.0.0.0. Then it shows
// the room as it happens, one line per event with the time and, on joins
// and leaves, the number online:
//
//	16:15:09  alice 进入了聊天室  (from 192.168.1.23:50122; 3 online)
//	16:15:12  alice ： 你好
//	16:15:40  bob 退出了聊天室  (silent for 35 s; 2 online)
//
// Each line typed on standard input is a teacher's command if it starts
// with "/" (type /help for the list: /who, /kick NAME [reason], /ban NAME
// [reason], /unban IP, /mute NAME, /unmute NAME), and otherwise an
// announcement sent to everyone, "管理员消息： <line>"; "//text" announces
// "/text". An unknown command is never sent. When standard input ends (or
// is not a terminal and has nothing) the server keeps serving without
// announcements. On Ctrl-C or SIGTERM it sends "管理员消息： 服务器关闭" to
// everyone and exits with status 0.
//
// With -log FILE every line of the window's transcript is also appended to
// FILE, with the date and time to the millisecond. FILE is created readable
// by its owner only; a symbolic link or anything but a regular file is
// refused (exit status 1).
//
// The server runs on one CPU (GOMAXPROCS=1: it does its work in one
// goroutine) unless the environment sets GOMAXPROCS.
//
// Joins, leaves, expiries, rejected requests and the teacher's actions are
// also logged to standard error with log/slog, for machines (run the server
// with 2>server.log to keep the window to the chat). The protocol is
// described in chatroom/PROTOCOL.md.
//
// The flags are:
//
//	-addr host:port
//		address to listen on (default 0.0.0.0:9527)
//	-timeout d
//		drop a user silent for this long (default 35s; clients send a
//		heartbeat every 10s)
//	-line-timeout d
//		the same for a user who logged in with a line end, a person
//		typing into nc, who sends no heartbeats (default 30m)
//	-sweep d
//		how often to look for silent users (default 1s)
//	-burst n, -rate r
//		per-address rate limit: n datagrams at once, then r a second;
//		the rest are dropped (default 10 and 5)
//	-max-users n
//		users in the room at most (default 1000)
//	-max-per-ip n
//		users from one IP address at most (default 64)
//	-unknown-burst n, -unknown-rate r
//		answers to addresses that are not logged in, all together: n at
//		once, then r a second (default 20 and 10)
//	-log file
//		append the transcript of the room to file
//	-lang zh|en
//		the language of the teacher's window (default: from LC_ALL,
//		LC_MESSAGES or LANG)
//	-v
//		also log debug messages (dropped datagrams, write errors)
//
// Examples:
//
//	go run ./chatroom/server
//	go run ./chatroom/server -addr 127.0.0.1:9000 -timeout 1m
//	go run ./chatroom/server -log class-2026-11-24.log 2>server.log
//	go run ./chatroom/server < /dev/null &
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"forkroom/chatroom/internal/console"
	"forkroom/chatroom/internal/server"
)

// DefaultAddr is the address the server listens on without -addr.
const DefaultAddr = "0.0.0.0:9527"

func main() {
	// The server does its work in one goroutine (Serve's read loop, which
	// also sends the fan-outs). A second P only lets the scheduler move
	// that goroutine and poll the network between its sends, and costs a
	// thread hand-off per blocking system call: on 2 CPUs GOMAXPROCS=1 cut
	// the CPU per 1000-recipient chat by 10-15 % (docs/benchmarks.md,
	// "Batched sends"). A GOMAXPROCS set in the environment still wins.
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

// run is the whole command: it serves until ctx is cancelled. Lines read
// from stdin are the teacher's commands and announcements; stdout is the
// teacher's window; logs go to stderr.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	d := server.DefaultConfig()
	cfg := d
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: server [flags]\n\nRuns the chat room server; type /help on standard input for the teacher's commands,\nany other line is an announcement.\n\nFlags:")
		fs.PrintDefaults()
	}
	addr := fs.String("addr", DefaultAddr, "`host:port` to listen on")
	fs.DurationVar(&cfg.Timeout, "timeout", d.Timeout, "drop a user silent for this long")
	fs.DurationVar(&cfg.LineTimeout, "line-timeout", d.LineTimeout, "drop a user who logged in with a line end (nc) silent for this long")
	fs.DurationVar(&cfg.SweepInterval, "sweep", d.SweepInterval, "how often to look for silent users")
	fs.IntVar(&cfg.Burst, "burst", d.Burst, "per-address rate limit: datagrams at once")
	fs.Float64Var(&cfg.Rate, "rate", d.Rate, "per-address rate limit: datagrams a second")
	fs.IntVar(&cfg.MaxUsers, "max-users", d.MaxUsers, "users in the room at most")
	fs.IntVar(&cfg.MaxUsersPerIP, "max-per-ip", d.MaxUsersPerIP, "users from one IP address at most")
	fs.IntVar(&cfg.UnknownBurst, "unknown-burst", d.UnknownBurst, "answers to addresses not logged in: at once")
	fs.Float64Var(&cfg.UnknownRate, "unknown-rate", d.UnknownRate, "answers to addresses not logged in: a second")
	logPath := fs.String("log", "", "append the transcript of the room to `file`")
	langCode := fs.String("lang", "", "the language of the teacher's window, `zh or en` (default: from LANG)")
	verbose := fs.Bool("v", false, "log debug messages too")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "server: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	lang := console.LangFromEnv(os.Getenv)
	if *langCode != "" {
		var err error
		if lang, err = console.ParseLang(*langCode); err != nil {
			fmt.Fprintf(stderr, "server: -lang: %v\n", err)
			return errUsage
		}
	}

	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	cfg.Logger = log

	udpAddr, err := net.ResolveUDPAddr("udp", *addr)
	if err != nil {
		return fmt.Errorf("bad -addr: %w", err)
	}
	var chatLog io.Writer
	if *logPath != "" {
		f, err := console.OpenLog(*logPath)
		if err != nil {
			return err
		}
		defer f.Close()
		chatLog = f
	}
	conn, err := net.ListenUDP("udp", udpAddr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer conn.Close()

	con := console.New(stdout, chatLog, lang)
	defer con.Close() // before the log file is closed: defers run last first
	cfg.Events = con.Event
	srv := server.New(cfg)
	con.SetRoom(srv)
	log.Info("listening", "addr", listeningAddr(udpAddr, conn))
	ifs, err := console.SystemInterfaces()
	if err != nil {
		log.Warn("cannot list the network interfaces", "err", err)
	}
	con.Welcome(console.StudentAddresses(boundAddr(udpAddr, conn), ifs))

	// The console ends at end of input; if stdin stays open it is still
	// blocked in a read when run returns, and ends with the process.
	go func() {
		if err := con.Run(stdin); err != nil {
			log.Warn("standard input failed; serving without commands", "err", err)
			return
		}
		log.Info("standard input closed; serving without commands")
	}()

	if err := srv.Serve(ctx, conn); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// boundAddr is the address the server listens on, as asked (0.0.0.0 for
// every interface) with the port the system chose.
func boundAddr(asked *net.UDPAddr, conn *net.UDPConn) netip.AddrPort {
	port := uint16(conn.LocalAddr().(*net.UDPAddr).Port)
	ip, ok := netip.AddrFromSlice(asked.IP)
	if !ok {
		ip = netip.IPv4Unspecified() // "-addr :9527"
	}
	return netip.AddrPortFrom(ip.Unmap(), port)
}

// listeningAddr returns the address to report as ready: the one asked for,
// with the port the system chose.
func listeningAddr(asked *net.UDPAddr, conn *net.UDPConn) string {
	port := conn.LocalAddr().(*net.UDPAddr).Port
	return (&net.UDPAddr{IP: asked.IP, Port: port, Zone: asked.Zone}).String()
}
