package course

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"forkroom/internal/grade"
	"forkroom/internal/sandbox"
)

// BenchmarkSandboxOverhead grades every lesson's reference solution in a
// sandbox and without one, side by side in one run: for each lesson the
// two runs follow each other, in an order that alternates, so that both
// meet the same machine. It reports, per lesson and for the whole course
// (what `checker run all --solution` does), the grading time (the build
// left out: it is the same private-copy build in both) and the CPU time of
// the checker and everything it started (builds included), and the
// sandbox's overhead in per cent. docs/benchmarks.md has the figures.
//
//	go test -run '^$' -bench SandboxOverhead -benchtime 5x -timeout 60m ./internal/course
func BenchmarkSandboxOverhead(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("sandboxes are Linux only")
	}
	if err := sandbox.Available(); err != nil {
		b.Skipf("no sandbox here: %v", err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		b.Fatal(err)
	}
	type sums struct{ wall, cpu [2]time.Duration }
	per := map[string]*sums{}
	var order []string
	modes := [2]grade.Isolation{grade.IsolateRequired, grade.IsolateNever}
	for i := 0; i < b.N; i++ {
		for n, l := range Lessons {
			if !l.Ready() {
				continue
			}
			s := per[l.Dir()]
			if s == nil {
				s = &sums{}
				per[l.Dir()] = s
				order = append(order, l.Dir())
			}
			for k := 0; k < 2; k++ {
				m := (i + n + k) % 2 // which mode goes first alternates
				cpu0 := cpuTime()
				res := grade.Grade(context.Background(), l.Suite, l.Path(root, Solution), grade.Options{Isolation: modes[m]})
				s.cpu[m] += cpuTime() - cpu0
				s.wall[m] += res.Duration - res.Build
				if res.Points != res.MaxPoints && i == 0 {
					b.Logf("%s (isolation %d) scored %d/%d", l.Dir(), modes[m], res.Points, res.MaxPoints)
				}
			}
		}
	}
	var total sums
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-16s %12s %12s %9s %12s %12s %9s\n", "lesson", "sandbox", "none", "overhead", "cpu sandbox", "cpu none", "overhead")
	pct := func(a, b time.Duration) float64 { return 100 * (a.Seconds() - b.Seconds()) / b.Seconds() }
	line := func(name string, s *sums) {
		n := time.Duration(b.N)
		fmt.Fprintf(&table, "%-16s %11.3fs %11.3fs %8.1f%% %11.3fs %11.3fs %8.1f%%\n", name,
			(s.wall[0] / n).Seconds(), (s.wall[1] / n).Seconds(), pct(s.wall[0], s.wall[1]),
			(s.cpu[0] / n).Seconds(), (s.cpu[1] / n).Seconds(), pct(s.cpu[0], s.cpu[1]))
	}
	sort.Strings(order)
	for _, name := range order {
		s := per[name]
		line(name, s)
		for m := 0; m < 2; m++ {
			total.wall[m] += s.wall[m]
			total.cpu[m] += s.cpu[m]
		}
	}
	line("all (run all)", &total)
	fmt.Print(table.String()) // b.Log would cut it short
	b.ReportMetric(pct(total.wall[0], total.wall[1]), "wall-overhead-%")
	b.ReportMetric(pct(total.cpu[0], total.cpu[1]), "cpu-overhead-%")
}

// cpuTime is the user and system time of this process and of its reaped
// children (their own reaped children included).
func cpuTime() time.Duration {
	var self, kids syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	tv := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return tv(self.Utime) + tv(self.Stime) + tv(kids.Utime) + tv(kids.Stime)
}
