package grade

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/proc"
	"forkroom/internal/sandbox"
	"forkroom/internal/workbook"
)

// needHostilePrograms skips in a handout, which leaves testdata/hostile out
// (a double fork with setsid and a zombie maker are lessons' answers).
func needHostilePrograms(t *testing.T) {
	t.Helper()
	if workbook.IsHandout(filepath.Join("..", "..")) {
		t.Skip("a handout has no testdata/hostile")
	}
}

// printsDone is the suite every hostile program is graded with: print
// "done" and exit 0, within two seconds.
var printsDone = Suite{Checks: []Check{{
	ID: "done", Title: "prints done and exits 0", Points: 1, Timeout: 2 * time.Second,
	Hint: "print done",
	Run: func(t *T) error {
		p, err := t.Start()
		if err != nil {
			return err
		}
		if _, _, err := p.Expect(`^done$`); err != nil {
			return err
		}
		ex, err := p.Wait()
		if err != nil {
			return err
		}
		if ex.Code != 0 {
			return Errorf("exit status %d", ex.Code)
		}
		return nil
	},
}}}

// left returns the processes still below this test process.
func left(t *testing.T) []proc.Process {
	t.Helper()
	snap, err := proc.Default().Snapshot()
	require.NoError(t, err)
	return snap.Descendants(os.Getpid())
}

// peakRSS is this process's peak resident memory (VmHWM), in MiB.
func peakRSS(t *testing.T) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb float64
			_, _ = fmtSscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return kb / 1024
		}
	}
	return 0
}

func TestHostilePrograms(t *testing.T) {
	needHostilePrograms(t)
	ok, err := Subreaper()
	require.NoError(t, err)
	if !ok {
		t.Skip("the hostile programs need a child subreaper (Linux)")
	}
	for _, tc := range []struct {
		name, dir string
		want      Status
		message   string // part of the failure message
	}{
		{"a well-behaved program passes", "good", Pass, ""},
		{"an endless loop times out", "loop", Fail, "timed out after"},
		{"100 MB of output is stopped as a flood", "flood", Fail, "more than 1024 KiB of output"},
		{"200 sleeping children are all stopped", "children", Fail, "timed out"},
		{"a setsid daemon that escaped its group is found and stopped", "setsid", Fail, "without printing a line like"},
		{"zombies left by a program that exited are reaped", "zombies", Fail, "without printing a line like"},
		{"a panic is a failure, not a crash", "panic", Fail, "exit status 2"},
		{"a program that ignores SIGTERM is killed", "ignoreterm", Fail, "timed out"},
		{"a program that does not compile is one clear error", "nocompile", Error, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, err := filepath.Abs(filepath.Join("testdata", "hostile", tc.dir))
			require.NoError(t, err)
			start := time.Now()
			res := Grade(context.Background(), printsDone, dir, Options{})
			elapsed := time.Since(start) - res.Build

			assert.Equal(t, tc.want, res.Status, "status")
			assert.Equal(t, sandbox.Available() == nil, res.Sandboxed, "graded in a sandbox wherever one can be made")
			require.Len(t, res.Checks, 1)
			if tc.message != "" {
				require.NotNil(t, res.Checks[0].Message)
				assert.Contains(t, res.Checks[0].Message.In(0), tc.message)
			}
			if tc.want == Error {
				assert.Contains(t, res.BuildOutput, "undefined: undefinedFunction", "the compiler's message is kept; message: %v", res.Message)
			}
			assert.Less(t, elapsed, printsDone.Checks[0].Timeout+3*time.Second, "graded within the timeout plus 3 s")
			assert.Empty(t, left(t), "no process of the program is left, and no zombie")
			t.Logf("%s: %s in %.2f s (build %.2f s), peak RSS of the grading process %.1f MiB",
				tc.dir, res.Status, elapsed.Seconds(), res.Build.Seconds(), peakRSS(t))
		})
	}
}

func TestExpectWithinAndOutputDone(t *testing.T) {
	needHostilePrograms(t)
	dir, err := filepath.Abs(filepath.Join("testdata", "hostile", "good"))
	require.NoError(t, err)
	suite := Suite{Checks: []Check{{
		ID: "expect", Title: "t", Points: 1, Hint: "h",
		Run: func(t *T) error {
			p, err := t.Start()
			if err != nil {
				return err
			}
			start := time.Now()
			if _, _, err := p.ExpectWithin(300*time.Millisecond, `^never$`); err == nil {
				return Errorf("a line that never comes was found")
			}
			if time.Since(start) > 2*time.Second {
				return Errorf("ExpectWithin waited for the check's deadline, not its own")
			}
			select {
			case <-p.OutputDone():
			case <-time.After(2 * time.Second):
				return Errorf("OutputDone not closed after the program ended")
			}
			return nil
		},
	}}}
	res := Grade(context.Background(), suite, dir, Options{})
	require.Len(t, res.Checks, 1)
	assert.Equal(t, Pass, res.Checks[0].Status, "%v", res.Checks[0].Message)
}
