package grade

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/sandbox"
)

// waitingSuite is n checks that each wait for d, note what their Rand
// draws first and when they ran, and start the program once, in the
// check's own folder.
func waitingSuite(n, parallel int, d time.Duration, slow string, note func(id string, first int64, start, end time.Time, self int)) Suite {
	s := Suite{Parallel: parallel}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("check-%d", i)
		s.Checks = append(s.Checks, Check{
			ID: id, Title: id, Points: 1, Timeout: 5 * time.Second, Slow: id == slow,
			Run: func(t *T) error {
				start := time.Now()
				first := t.Rand.Int63()
				p, err := t.Start()
				if err != nil {
					return err
				}
				if _, err := p.Wait(); err != nil {
					return err
				}
				if err := t.Sleep(d); err != nil {
					return err
				}
				note(id, first, start, time.Now(), t.Self())
				return nil
			},
		})
	}
	return s
}

type checkRun struct {
	first      int64
	start, end time.Time
	self       int
}

func gradeWaiting(t *testing.T, n, parallel int, d time.Duration, slow string, seed int64) (*Result, map[string]checkRun, []string) {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "hostile", "good"))
	require.NoError(t, err)
	var mu sync.Mutex
	runs := map[string]checkRun{}
	var heard []string
	suite := waitingSuite(n, parallel, d, slow, func(id string, first int64, start, end time.Time, self int) {
		mu.Lock()
		defer mu.Unlock()
		runs[id] = checkRun{first, start, end, self}
	})
	res := Grade(context.Background(), suite, dir, Options{Seed: seed, OnCheck: func(c CheckResult) {
		mu.Lock()
		defer mu.Unlock()
		heard = append(heard, c.ID)
	}})
	return res, runs, heard
}

func TestParallelChecks(t *testing.T) {
	needHostilePrograms(t)
	if err := sandbox.Available(); err != nil {
		t.Skipf("checks run side by side only in sandboxes: %v", err)
	}
	const n, wait = 6, 400 * time.Millisecond
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("check-%d", i)
	}

	one, oneRuns, oneHeard := gradeWaiting(t, n, 0, wait, "", 2026)
	three, threeRuns, threeHeard := gradeWaiting(t, n, 3, wait, "", 2026)
	require.Equal(t, Pass, one.Status, "one at a time: %+v", one.Checks)
	require.Equal(t, Pass, three.Status, "three at a time: %+v", three.Checks)

	t.Run("results and OnCheck come in the suite's order", func(t *testing.T) {
		var got []string
		for _, c := range three.Checks {
			got = append(got, c.ID)
		}
		assert.Equal(t, ids, got, "results")
		assert.Equal(t, ids, threeHeard, "OnCheck")
		assert.Equal(t, ids, oneHeard, "OnCheck, one at a time")
	})
	t.Run("each check draws the same choices whatever runs beside it", func(t *testing.T) {
		for _, id := range ids {
			assert.Equal(t, oneRuns[id].first, threeRuns[id].first, "%s: first number of its Rand", id)
		}
		assert.NotEqual(t, oneRuns["check-0"].first, oneRuns["check-1"].first, "two checks draw different numbers")
	})
	t.Run("three at a time overlap, one at a time do not", func(t *testing.T) {
		// overlaps is the most checks running at one moment: at some
		// check's start.
		overlaps := func(runs map[string]checkRun) int {
			most := 0
			for _, a := range runs {
				k := 0
				for _, b := range runs {
					if !b.start.After(a.start) && a.start.Before(b.end) {
						k++
					}
				}
				most = max(most, k)
			}
			return most
		}
		assert.Equal(t, 1, overlaps(oneRuns), "checks running at once, Parallel 0")
		assert.Equal(t, 3, overlaps(threeRuns), "checks running at once, Parallel 3")
	})
	t.Run("every check has a sandbox to itself, with the checker at the same pid", func(t *testing.T) {
		for _, id := range ids {
			assert.Equal(t, sandbox.ParentPID, threeRuns[id].self, "%s: T.Self", id)
		}
	})
	assert.Empty(t, left(t), "no process is left, and no zombie")
}

func TestSlowChecksStartFirst(t *testing.T) {
	needHostilePrograms(t)
	if err := sandbox.Available(); err != nil {
		t.Skipf("checks run side by side only in sandboxes: %v", err)
	}
	res, runs, heard := gradeWaiting(t, 5, 2, 200*time.Millisecond, "check-4", 7)
	require.Equal(t, Pass, res.Status, "%+v", res.Checks)
	for _, id := range []string{"check-1", "check-2", "check-3"} {
		assert.True(t, runs["check-4"].start.Before(runs[id].start), "the slow check-4 started before %s", id)
	}
	assert.Equal(t, []string{"check-0", "check-1", "check-2", "check-3", "check-4"}, heard, "still reported in the suite's order")
}

func TestOnceSharedBySideBySideChecks(t *testing.T) {
	needHostilePrograms(t)
	if err := sandbox.Available(); err != nil {
		t.Skipf("checks run side by side only in sandboxes: %v", err)
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "hostile", "good"))
	require.NoError(t, err)
	var runs atomic.Int32
	shared := func(t *T) error {
		v, err := Once(t, "slow run", func(t *T) (int, error) {
			runs.Add(1)
			if err := t.Sleep(300 * time.Millisecond); err != nil {
				return 0, err
			}
			return 42, nil
		})
		if err != nil {
			return err
		}
		if v != 42 {
			return Errorf("got %d, want 42", v)
		}
		return nil
	}
	suite := Suite{Parallel: 4}
	for i := 0; i < 4; i++ {
		suite.Checks = append(suite.Checks, Check{ID: fmt.Sprintf("uses-%d", i), Title: "t", Points: 1, Run: shared})
	}
	res := Grade(context.Background(), suite, dir, Options{})
	assert.Equal(t, Pass, res.Status, "%+v", res.Checks)
	assert.Equal(t, int32(1), runs.Load(), "the shared run ran once for four checks at the same time")
}

func TestOnceThatPanicsLeavesAClearError(t *testing.T) {
	needHostilePrograms(t)
	if err := sandbox.Available(); err != nil {
		t.Skipf("checks run side by side only in sandboxes: %v", err)
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "hostile", "good"))
	require.NoError(t, err)
	shared := func(t *T) error {
		_, err := Once(t, "broken run", func(t *T) (int, error) {
			if err := t.Sleep(200 * time.Millisecond); err != nil {
				return 0, err
			}
			panic("a bug in the check")
		})
		return err
	}
	suite := Suite{Parallel: 2, Checks: []Check{
		{ID: "runs-it", Title: "t", Points: 1, Run: shared},
		{ID: "waits-for-it", Title: "t", Points: 1, Run: shared},
	}}
	res := Grade(context.Background(), suite, dir, Options{})
	require.Len(t, res.Checks, 2)
	for _, c := range res.Checks {
		assert.Equal(t, Error, c.Status, "%s: a checker fault, not the program's", c.ID)
		require.NotNil(t, c.Message, c.ID)
	}
	// Either check may be the one that runs it: they start together.
	got := []string{res.Checks[0].Message.In(0), res.Checks[1].Message.In(0)}
	ran, waited := got[0], got[1]
	if strings.Contains(waited, "panicked") {
		ran, waited = waited, ran
	}
	assert.Contains(t, ran, "the check panicked", "the check that ran it")
	assert.Contains(t, waited, `the shared run "broken run" did not finish`, "the check that waited for it")
}
