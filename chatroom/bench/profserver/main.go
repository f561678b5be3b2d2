// Command profserver is chatroom/server with a CPU profile, for
// chatroom/bench -cpuprofile. It runs the same server package with the same
// flags as the real command (only those the benchmark uses, and -addr), and
// writes a pprof CPU profile to -cpuprofile when it gets SIGTERM or Ctrl-C.
// It neither reads announcements nor logs; it is not a server to use.
//
//	go run ./chatroom/bench -cpuprofile /tmp/prof -rooms 1 -scale 0
//	go tool pprof -top /tmp/prof/go-server-N1.pprof
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"forkroom/chatroom/internal/server"
)

func main() {
	cfg := server.DefaultConfig()
	addr := flag.String("addr", "127.0.0.1:0", "host:port to listen on")
	flag.DurationVar(&cfg.Timeout, "timeout", cfg.Timeout, "drop a user silent for this long")
	flag.IntVar(&cfg.Burst, "burst", cfg.Burst, "per-address rate limit: datagrams at once")
	flag.Float64Var(&cfg.Rate, "rate", cfg.Rate, "per-address rate limit: datagrams a second")
	flag.IntVar(&cfg.MaxUsers, "max-users", cfg.MaxUsers, "users in the room at most")
	flag.IntVar(&cfg.MaxUsersPerIP, "max-per-ip", cfg.MaxUsersPerIP, "users from one IP address at most")
	out := flag.String("cpuprofile", "cpu.pprof", "write the CPU profile here")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	udpAddr, err := net.ResolveUDPAddr("udp", *addr)
	if err != nil {
		fail(err)
	}
	conn, err := net.ListenUDP("udp", udpAddr)
	if err != nil {
		fail(err)
	}
	f, err := os.Create(*out)
	if err != nil {
		fail(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "level=INFO msg=listening addr=%s\n", conn.LocalAddr())
	err = server.New(cfg).Serve(ctx, conn)
	pprof.StopCPUProfile()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "profserver:", err)
	os.Exit(1)
}
