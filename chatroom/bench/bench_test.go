package main

import (
	"bytes"
	"io"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestHarness runs the whole benchmark on tiny rooms to check that it works:
// servers start, clients log in, every phase delivers and the report is
// written. It asserts no rate: rates depend on the machine.
func TestHarness(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the benchmark reads /proc and is meant for Linux")
	}
	python := "none"
	if _, err := exec.LookPath("python3"); err == nil {
		python = "python3"
	}
	defer func(d time.Duration) { settle = d }(settle)
	settle = 60 * time.Millisecond
	cfg := config{rooms: []int{1, 3}, rounds: 1, dur: 50 * time.Millisecond, window: 4,
		latencyDur: 50 * time.Millisecond, scale: 5, python: python}
	var out bytes.Buffer
	if err := run(cfg, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	report := out.String()
	want := []string{"| 1 | ideal |", "| 3 | go |", "Latency, N = 3", "Scale, Go server, 5 receivers", "(must be 0): N=1: 0, N=3: 0, scale: 0."}
	if python != "none" {
		want = append(want, "| 3 | python |", "go ÷ python")
	}
	for _, w := range want {
		if !strings.Contains(report, w) {
			t.Errorf("report lacks %q:\n%s", w, report)
		}
	}
	if strings.Contains(report, "| 0 | 0 |") {
		t.Errorf("a phase delivered nothing:\n%s", report)
	}
}
