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
// Each line typed on standard input is sent to everyone as an announcement,
// "管理员消息： <line>". When standard input ends (or is not a terminal and
// has nothing) the server keeps serving without announcements. On Ctrl-C or
// SIGTERM it sends "管理员消息： 服务器关闭" to everyone and exits with status 0.
//
// The server runs on one CPU (GOMAXPROCS=1: it does its work in one
// goroutine) unless the environment sets GOMAXPROCS.
//
// Joins, leaves, expiries and rejected requests are logged to standard error
// with log/slog. The protocol is described in chatroom/PROTOCOL.md.
//
// The flags are:
//
//	-addr host:port
//		address to listen on (default 0.0.0.0:9527)
//	-timeout d
//		drop a user silent for this long (default 35s; clients send a
//		heartbeat every 10s)
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
//	-v
//		also log debug messages (dropped datagrams, write errors)
//
// Examples:
//
//	go run ./chatroom/server
//	go run ./chatroom/server -addr 127.0.0.1:9000 -timeout 1m
//	go run ./chatroom/server < /dev/null &
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"

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
	err := run(ctx, os.Args[1:], os.Stdin, os.Stderr)
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
// from stdin are announcements; logs go to stderr.
func run(ctx context.Context, args []string, stdin io.Reader, stderr io.Writer) error {
	d := server.DefaultConfig()
	cfg := d
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: server [flags]\n\nRuns the chat room server; lines on standard input are announcements.\n\nFlags:")
		fs.PrintDefaults()
	}
	addr := fs.String("addr", DefaultAddr, "`host:port` to listen on")
	fs.DurationVar(&cfg.Timeout, "timeout", d.Timeout, "drop a user silent for this long")
	fs.DurationVar(&cfg.SweepInterval, "sweep", d.SweepInterval, "how often to look for silent users")
	fs.IntVar(&cfg.Burst, "burst", d.Burst, "per-address rate limit: datagrams at once")
	fs.Float64Var(&cfg.Rate, "rate", d.Rate, "per-address rate limit: datagrams a second")
	fs.IntVar(&cfg.MaxUsers, "max-users", d.MaxUsers, "users in the room at most")
	fs.IntVar(&cfg.MaxUsersPerIP, "max-per-ip", d.MaxUsersPerIP, "users from one IP address at most")
	fs.IntVar(&cfg.UnknownBurst, "unknown-burst", d.UnknownBurst, "answers to addresses not logged in: at once")
	fs.Float64Var(&cfg.UnknownRate, "unknown-rate", d.UnknownRate, "answers to addresses not logged in: a second")
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
	conn, err := net.ListenUDP("udp", udpAddr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer conn.Close()

	srv := server.New(cfg)
	log.Info("listening", "addr", listeningAddr(udpAddr, conn))

	// The stdin reader ends at end of input; if stdin stays open it is
	// still blocked in a read when run returns, and ends with the process.
	go func() {
		sc := bufio.NewScanner(stdin)
		for sc.Scan() {
			text := strings.TrimSuffix(sc.Text(), "\r")
			if text == "" {
				continue
			}
			if err := srv.Announce(text); err != nil {
				log.Warn("announcement not sent", "err", err)
			}
		}
		if err := sc.Err(); err != nil {
			log.Warn("standard input failed; serving without announcements", "err", err)
			return
		}
		log.Info("standard input closed; serving without announcements")
	}()

	if err := srv.Serve(ctx, conn); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// listeningAddr returns the address to report as ready: the one asked for,
// with the port the system chose.
func listeningAddr(asked *net.UDPAddr, conn *net.UDPConn) string {
	port := conn.LocalAddr().(*net.UDPAddr).Port
	return (&net.UDPAddr{IP: asked.IP, Port: port, Zone: asked.Zone}).String()
}
