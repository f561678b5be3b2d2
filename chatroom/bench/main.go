// Command bench measures the chat room's fan-out over loopback UDP: the Go
// server in chatroom/server against an ideal sender and against the course's
// original design in Python (baseline.py), all three over the same receivers
// in the same run.
//
// Usage (from the module's root, on Linux):
//
//	go run ./chatroom/bench [flags]
//
// It builds ./chatroom/server into a temporary directory and runs it as a
// separate process on 127.0.0.1 with the flags below; it runs baseline.py
// the same way with python3. The receivers are sockets in this process, each
// with a reader goroutine. It prints its progress on standard error and a
// Markdown report on standard output. docs/benchmarks.md explains the method
// and holds the figures.
//
// # What is measured
//
// For each room size N (-rooms, default 1, 10 and 1000) a fresh room of N
// receivers and one sender "s0" logs in to both servers. Each round then runs
// three phases of -dur over the same receivers, in an order that rotates from
// round to round:
//
//   - ideal: one goroutine writes the payload straight to the N receiver
//     sockets in a plain WriteToUDPAddrPort loop, no server involved;
//   - go, python: the sender writes "C s0 <text>" to the server, which fans
//     "s0 ： <text>" out to the N receivers.
//
// Every payload a receiver gets is the same 64 bytes: "s0 ： " and a text
// carrying a sequence number and the send time. Every sender keeps at most
// -window chats (window × N deliveries) in flight: it sends the next chat
// when the deliveries of the oldest have arrived, and counts everything in
// flight as lost after 250 ms without progress. A phase's rate is the
// deliveries counted by the receivers divided by the time from its first send
// to its last delivery; its loss is chats sent × N − deliveries counted. The
// report gives medians over the rounds of the rates and of the per-round
// ratios (server ÷ ideal, go ÷ python), and the loss summed over the rounds.
// It also gives the server's CPU time per chat: user + system time of the
// server process from /proc/PID/stat (10 ms ticks) over the phase, ÷ chats.
//
// In the largest room the latency phase then sends chats, paced, at half the
// median rate each server reached, for -latency-dur, and reports the median
// and 99th percentile of the delivery times (send to receipt, same clock).
//
// The scale phase (-scale, default 2000; 0 skips it) logs that many
// receivers in to a fresh Go server, reads the server's VmRSS and VmHWM from
// /proc/PID/status, and times single chats to all of them (-rounds times).
// Every login is announced to everyone already in, so logging in N clients
// makes the server send N(N−1)/2 join notices: 2 million for 2000 (about
// 15 s on the reference machine), 50 million for 10 000 (about 6 minutes).
// While logging in, the receivers shrink their buffers and stop reading, so
// the kernel drops the notices and the server has a core to itself. The
// figures for 10 000 clients come from a run of their own:
//
//	go run ./chatroom/bench -rooms '' -scale 10000
//
// Sockets of this process ask for 4 MiB SO_RCVBUF and SO_SNDBUF (-sockbuf);
// the Go server asks for 4 MiB itself, and so does baseline.py.
//
// The Go server keeps all its hardening; these flags only raise its limits
// so that the benchmark's load is admitted: -max-users 20000 -max-per-ip
// 20000 (every client is on 127.0.0.1), -timeout 10m (no heartbeats are sent;
// a run takes less than 5 minutes), -burst 1000 -rate 200000 (one sender
// address sends every chat). The report counts the server's "rate limited"
// log lines, which must be 0.
//
// # Flags
//
//	-rooms list      room sizes N, recipients of each chat (default 1,10,1000)
//	-rounds n        rounds of alternating phases (default 5)
//	-dur d           length of each phase (default 2s)
//	-window n        chats in flight per sender (default 32)
//	-latency-dur d   length of each latency phase (default 3s; 0 skips)
//	-scale n         receivers in the scale phase (default 2000; 0 skips)
//	-python path     python3 for the baseline, or "none" (default python3)
//	-server path     a prebuilt chatroom/server binary (default: go build)
//	-sockbuf bytes   SO_RCVBUF and SO_SNDBUF of this process's sockets (default 4 MiB)
//	-cpuprofile dir  run the Go server as profserver (the same server package
//	                 with a CPU profile) and write dir/go-server-N<n>.pprof
//
// The open-file limit must exceed the largest room or -scale by a few dozen
// (check ulimit -n). A run with the defaults takes about 3 minutes on 2
// cores.
//
// Examples:
//
//	go run ./chatroom/bench
//	go run ./chatroom/bench -rooms 1000 -rounds 5 -scale 0
//	go run ./chatroom/bench -rooms 10 -rounds 1 -dur 1s -scale 0 -python none
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// goFlags are the Go server's flags for the benchmark (see the package doc).
var goFlags = []string{
	"-max-users", "20000", "-max-per-ip", "20000", "-timeout", "10m",
	"-burst", "1000", "-rate", "200000",
}

type config struct {
	rooms      []int
	rounds     int
	dur        time.Duration
	window     int
	latencyDur time.Duration
	scale      int
	python     string
	server     string
	cpuprofile string
}

func main() {
	var cfg config
	var rooms string
	flag.StringVar(&rooms, "rooms", "1,10,1000", "room sizes N (recipients of each chat), comma-separated")
	flag.IntVar(&cfg.rounds, "rounds", 5, "rounds of alternating phases")
	flag.DurationVar(&cfg.dur, "dur", 2*time.Second, "length of each phase")
	flag.IntVar(&cfg.window, "window", 32, "chats in flight per sender")
	flag.DurationVar(&cfg.latencyDur, "latency-dur", 3*time.Second, "length of each latency phase (0 skips)")
	flag.IntVar(&cfg.scale, "scale", 2000, "receivers in the scale phase (0 skips)")
	flag.StringVar(&cfg.python, "python", "python3", `python3 interpreter for the baseline, or "none"`)
	flag.StringVar(&cfg.server, "server", "", "a prebuilt chatroom/server binary (default: build it)")
	flag.StringVar(&cfg.cpuprofile, "cpuprofile", "", "run the Go server with a CPU profile, written to this directory (see profserver)")
	flag.IntVar(&socketBuf, "sockbuf", socketBuf, "SO_RCVBUF and SO_SNDBUF of the benchmark's sockets, bytes")
	flag.Parse()
	for _, f := range strings.Split(rooms, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "bench: bad room size %q\n", f)
			os.Exit(2)
		}
		cfg.rooms = append(cfg.rooms, n)
	}
	if cfg.rounds < 1 || cfg.window < 1 || cfg.dur <= 0 {
		fmt.Fprintln(os.Stderr, "bench: -rounds, -window and -dur must be positive")
		os.Exit(2)
	}
	if err := run(cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// roomReport is what one room size measured.
type roomReport struct {
	n        int
	targets  []string            // "ideal", "go", "python"
	res      map[string][]result // by target, one per round
	login    map[string]time.Duration
	mem      map[string][2]int64 // VmRSS, VmHWM after the room's phases
	limited  map[string]int64    // "rate limited" log lines
	rcvbuf   int
	lat      map[string]latency
	logLines map[string]int64
}

type latency struct {
	rate          float64 // chats a second
	samples       int
	p50, p99, max time.Duration
	loss          int64
}

type scaleReport struct {
	n              int
	login          time.Duration
	rss, hwm       int64
	rssAfter       int64
	times          []time.Duration
	loss           int64
	limited        int64
	fds, openFiles int
}

func run(cfg config, out, progress io.Writer) error {
	logf := func(format string, args ...any) { fmt.Fprintf(progress, format+"\n", args...) }
	t, err := prepare(cfg.server, cfg.python, cfg.cpuprofile)
	if err != nil {
		return err
	}
	defer t.cleanup()
	started := time.Now()

	var reports []*roomReport
	for i, n := range cfg.rooms {
		largest := i == len(cfg.rooms)-1 || n == slices.Max(cfg.rooms)
		rep, err := measureRoom(cfg, t, n, largest && cfg.latencyDur > 0, logf)
		if err != nil {
			return err
		}
		reports = append(reports, rep)
	}
	var sc *scaleReport
	if cfg.scale > 0 {
		if sc, err = measureScale(cfg, t, logf); err != nil {
			return err
		}
	}
	report(out, cfg, t, reports, sc, time.Since(started))
	return nil
}

func measureRoom(cfg config, t *tools, n int, withLatency bool, logf func(string, ...any)) (*roomReport, error) {
	rep := &roomReport{n: n, res: map[string][]result{}, login: map[string]time.Duration{},
		mem: map[string][2]int64{}, limited: map[string]int64{}, lat: map[string]latency{}, logLines: map[string]int64{}}
	r, err := newRoom(n)
	if err != nil {
		return nil, err
	}
	defer r.close()
	rep.rcvbuf = r.rcvbuf()

	procs := map[string]*proc{}
	idx := map[string]target{"ideal": idealSender}
	rep.targets = []string{"ideal"}
	gp, err := t.startGo(goFlags, fmt.Sprintf("N%d", n))
	if err != nil {
		return nil, err
	}
	defer gp.stop()
	procs["go"] = gp
	var pp *proc
	if t.python != "" {
		if pp, err = t.startPython(); err != nil {
			return nil, err
		}
		defer pp.stop()
		procs["python"] = pp
	}
	for _, name := range []string{"go", "python"} {
		p := procs[name]
		if p == nil {
			continue
		}
		took, err := r.addServer(p.addr)
		if err != nil {
			return nil, fmt.Errorf("%s server: %w", name, err)
		}
		idx[name] = target(len(*r.servers.Load()) - 1)
		rep.targets = append(rep.targets, name)
		rep.login[name] = took
		logf("room N=%d: %d clients logged in to the %s server in %v", n, n+1, name, took.Round(time.Millisecond))
	}

	for round := 0; round < cfg.rounds; round++ {
		for k := range rep.targets {
			name := rep.targets[(k+round)%len(rep.targets)]
			var cpu0 time.Duration
			if p := procs[name]; p != nil {
				cpu0 = p.cpu()
			}
			res := r.phase(idx[name], cfg.dur, cfg.window, 0)
			if p := procs[name]; p != nil {
				res.cpu = p.cpu() - cpu0
			}
			rep.res[name] = append(rep.res[name], res)
			logf("room N=%d round %d %-6s: %8.0f deliveries/s %8.0f chats/s, %d chats, loss %d of %d, server CPU %v (%.1f µs/chat)",
				n, round+1, name, res.rate(), res.rate()/float64(n), res.chats, res.loss(), res.expected,
				res.cpu, float64(res.cpuPerChat())/1e3)
		}
	}
	if withLatency {
		for _, name := range rep.targets[1:] {
			rate := median(rates(rep.res[name])) / float64(n) / 2
			r.latencies()
			r.latOn.Store(true)
			res := r.phase(idx[name], cfg.latencyDur, cfg.window, rate)
			r.latOn.Store(false)
			l := r.latencies()
			lt := latency{rate: rate, samples: len(l), loss: res.loss()}
			if len(l) > 0 {
				lt.p50 = time.Duration(l[len(l)/2]) * time.Microsecond
				lt.p99 = time.Duration(l[len(l)*99/100]) * time.Microsecond
				lt.max = time.Duration(l[len(l)-1]) * time.Microsecond
			}
			rep.lat[name] = lt
			logf("room N=%d latency %-6s at %.0f chats/s: median %v, p99 %v, loss %d of %d",
				n, name, rate, lt.p50, lt.p99, res.loss(), res.expected)
		}
	}
	for name, p := range procs {
		rss, hwm := p.memory()
		rep.mem[name] = [2]int64{rss, hwm}
		rep.limited[name] = p.rateLimited.Load()
		rep.logLines[name] = p.logLines.Load()
	}
	return rep, nil
}

func measureScale(cfg config, t *tools, logf func(string, ...any)) (*scaleReport, error) {
	sc := &scaleReport{n: cfg.scale}
	r, err := newRoom(cfg.scale)
	if err != nil {
		return nil, err
	}
	defer r.close()
	gp, err := t.startGo(goFlags, "scale")
	if err != nil {
		return nil, err
	}
	defer gp.stop()
	logf("scale: logging %d clients in to the go server (each login is announced to everyone already in)", cfg.scale+1)
	if sc.login, err = r.addServerQuietly(gp.addr); err != nil {
		return nil, err
	}
	sc.rss, sc.hwm = gp.memory()
	logf("scale: logged in in %v; server VmRSS %.1f MB, VmHWM %.1f MB", sc.login.Round(time.Millisecond), mb(sc.rss), mb(sc.hwm))
	for i := 0; i < cfg.rounds; i++ {
		d, lost := r.one(0)
		sc.times = append(sc.times, d)
		sc.loss += lost
		logf("scale: one chat to %d receivers in %v, %d lost", cfg.scale, d.Round(time.Microsecond), lost)
	}
	sc.rssAfter, sc.hwm = gp.memory()
	sc.limited = gp.rateLimited.Load()
	return sc, nil
}

func rates(rs []result) []float64 {
	var v []float64
	for _, x := range rs {
		v = append(v, x.rate())
	}
	return v
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// ratios returns a[i].rate() / b[i].rate() for each round.
func ratios(a, b []result) []float64 {
	var v []float64
	for i := range a {
		if i < len(b) && b[i].rate() > 0 {
			v = append(v, a[i].rate()/b[i].rate())
		}
	}
	return v
}

func mb(b int64) float64 { return float64(b) / 1e6 }

func report(w io.Writer, cfg config, t *tools, reps []*roomReport, sc *scaleReport, took time.Duration) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	goVer := runtime.Version()
	if out, err := exec.Command("go", "version").Output(); err == nil {
		goVer = strings.TrimSpace(string(out))
	}
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	py := t.pyVersion
	if py == "" {
		py = "(not run)"
	}
	p("## chatroom/bench, %s", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	p("")
	p("%d CPUs, Linux %s, %s, Python %s; -rounds %d -dur %v -window %d; run took %v.",
		runtime.NumCPU(), strings.TrimSpace(string(kernel)), goVer, py, cfg.rounds, cfg.dur, cfg.window, took.Round(time.Second))
	if len(reps) > 0 {
		p("Receiver SO_RCVBUF asked %d, kernel reports %d. Go server flags: %s.", socketBuf, reps[0].rcvbuf, strings.Join(goFlags, " "))
	}
	p("")
	if len(reps) > 0 {
		p("| N | sender | deliveries/s (median) | chats/s (median) | ÷ ideal (median, range) | loss (deliveries) | server CPU µs/chat (median) | login | VmRSS / VmHWM |")
		p("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
	}
	for _, rep := range reps {
		for _, name := range rep.targets {
			rs := rep.res[name]
			var lost, exp int64
			for _, x := range rs {
				lost += x.loss()
				exp += x.expected
			}
			ratio, login, mem, cpu := "—", "—", "—", "—"
			if name != "ideal" {
				var c []float64
				for _, x := range rs {
					c = append(c, float64(x.cpuPerChat())/1e3)
				}
				cpu = fmt.Sprintf("%.1f", median(c))
				q := ratios(rs, rep.res["ideal"])
				ratio = fmt.Sprintf("%.2f (%.2f–%.2f)", median(q), slices.Min(q), slices.Max(q))
				login = rep.login[name].Round(time.Millisecond).String()
				m := rep.mem[name]
				mem = fmt.Sprintf("%.1f / %.1f MB", mb(m[0]), mb(m[1]))
			}
			p("| %d | %s | %.0f | %.0f | %s | %d of %d | %s | %s | %s |", rep.n, name, median(rates(rs)), median(rates(rs))/float64(rep.n),
				ratio, lost, exp, cpu, login, mem)
		}
	}
	if len(reps) > 0 && len(reps[0].res["python"]) > 0 {
		p("")
		p("| N | go ÷ python (median of per-round ratios, range) |")
		p("|---:|---:|")
		for _, rep := range reps {
			q := ratios(rep.res["go"], rep.res["python"])
			p("| %d | %.2f (%.2f–%.2f) |", rep.n, median(q), slices.Min(q), slices.Max(q))
		}
	}
	for _, rep := range reps {
		if len(rep.lat) == 0 {
			continue
		}
		p("")
		p("Latency, N = %d, chats paced at half the median rate:", rep.n)
		p("")
		p("| server | chats/s | deliveries | median | 99th percentile | max | loss |")
		p("|---|---:|---:|---:|---:|---:|---:|")
		for _, name := range rep.targets[1:] {
			l := rep.lat[name]
			p("| %s | %.0f | %d | %v | %v | %v | %d |", name, l.rate, l.samples, l.p50, l.p99, l.max, l.loss)
		}
	}
	if sc != nil {
		p("")
		p("Scale, Go server, %d receivers + 1 sender logged in:", sc.n)
		p("")
		p("| logins took | VmRSS after logins | VmRSS at end | VmHWM | one chat to all (median, range) | loss |")
		p("|---:|---:|---:|---:|---:|---:|")
		s := make([]float64, len(sc.times))
		for i, d := range sc.times {
			s[i] = float64(d)
		}
		p("| %v | %.1f MB | %.1f MB | %.1f MB | %v (%v–%v) | %d of %d |", sc.login.Round(time.Millisecond), mb(sc.rss), mb(sc.rssAfter), mb(sc.hwm),
			time.Duration(median(s)).Round(time.Microsecond), time.Duration(slices.Min(s)).Round(time.Microsecond),
			time.Duration(slices.Max(s)).Round(time.Microsecond), sc.loss, int64(sc.n)*int64(len(sc.times)))
	}
	p("")
	var lim []string
	for _, rep := range reps {
		lim = append(lim, fmt.Sprintf("N=%d: %d", rep.n, rep.limited["go"]))
	}
	if sc != nil {
		lim = append(lim, fmt.Sprintf("scale: %d", sc.limited))
	}
	p("Go server \"rate limited\" log lines (must be 0): %s.", strings.Join(lim, ", "))
}
