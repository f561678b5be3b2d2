package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/grade"
	"forkroom/internal/gradebook"
	"forkroom/internal/i18n"
)

func TestLessonStatus(t *testing.T) {
	check := func(id string, st grade.Status, pts, max int) grade.CheckResult {
		return grade.CheckResult{ID: id, Status: st, Points: pts, MaxPoints: max}
	}
	for _, tc := range []struct {
		name string
		o    outcome
		want gradebook.Status
	}{
		{"full marks is pass", outcome{res: &grade.Result{Status: grade.Pass, Points: 4, MaxPoints: 4,
			Checks: []grade.CheckResult{check("a", grade.Pass, 4, 4)}}}, gradebook.Pass},
		{"a failed check is partial, even with no points (a stub)", outcome{res: &grade.Result{Status: grade.Fail, MaxPoints: 4,
			Checks: []grade.CheckResult{check("a", grade.Fail, 0, 4)}}}, gradebook.Partial},
		{"a check that ran out of time is timeout", outcome{res: &grade.Result{Status: grade.Fail, Points: 2, MaxPoints: 4,
			Checks: []grade.CheckResult{check("a", grade.Pass, 2, 2), check("b", grade.Fail, 0, 2)}}, timedOut: map[string]bool{"b": true}}, gradebook.Timeout},
		{"the compiler's complaint is compile-error", outcome{res: &grade.Result{Status: grade.Error, BuildOutput: "x.go:1: oops", MaxPoints: 4}}, gradebook.CompileError},
		{"a check that could not be carried out is error", outcome{res: &grade.Result{Status: grade.Fail, Points: 2, MaxPoints: 4,
			Checks: []grade.CheckResult{check("a", grade.Pass, 2, 2), check("b", grade.Error, 0, 2)}}}, gradebook.Error},
		{"a worker that failed is error", outcome{res: &grade.Result{Status: grade.Error, MaxPoints: 4}, failed: true}, gradebook.Error},
		{"an interrupted run is not-graded", outcome{interrupted: true}, gradebook.NotGraded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, lessonStatus(tc.o))
		})
	}
}

func TestProgressLine(t *testing.T) {
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	p := &progress{total: 40, done: 10, running: 6, start: start}
	assert.Equal(t, "█████░░░░░░░░░░░░░░░ graded 10/40 · running 6 · left 24 · about 6 min left",
		p.lineLocked(start.Add(2*time.Minute)), "10 students in 2 min: 30 more take about 6 min")
	p.lang = i18n.Zh
	assert.Equal(t, "█████░░░░░░░░░░░░░░░ 已评 10/40 · 进行中 6 · 剩余 24 · 约还需 6 分钟", p.lineLocked(start.Add(2*time.Minute)))
	p = &progress{total: 40, running: 6, start: start}
	assert.NotContains(t, p.lineLocked(start.Add(time.Minute)), "left ·", "no estimate before the first student is done")
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	t.Run("on a pipe, only a line per student", func(t *testing.T) {
		var buf bytes.Buffer
		p := newProgress(&buf, i18n.En, false, 2, 0)
		p.set(1)
		p.finished("alice  8/8  (1.0 s)", 0)
		p.close()
		assert.Equal(t, "alice  8/8  (1.0 s)\n", buf.String())
	})
	t.Run("on a terminal, a progress line kept below the students' lines", func(t *testing.T) {
		var buf bytes.Buffer
		p := newProgress(&buf, i18n.En, true, 2, 0)
		p.set(1)
		p.finished("alice  8/8  (1.0 s)", 1)
		p.close()
		out := buf.String()
		assert.Contains(t, out, "graded 0/2 · running 1 · left 1")
		assert.Contains(t, out, "\r\x1b[Kalice  8/8  (1.0 s)\n", "the progress line is cleared before a student's line")
		assert.Contains(t, out, "graded 1/2 · running 1 · left 0")
		assert.True(t, strings.HasSuffix(out, "\r\x1b[K"), "and cleared at the end")
	})
}

func TestDurations(t *testing.T) {
	t.Setenv(cacheEnv, t.TempDir())
	d := loadDurations()
	keys := []string{"01", "05", "11", "15"}
	assert.Equal(t, []int{0, 1, 2, 3}, d.longestFirst(keys), "a first run keeps the course's order")
	for k, s := range map[string]float64{"01": 0.5, "05": 4.2, "11": 8.5, "15": 4.4} {
		d.observe(k, time.Duration(s*float64(time.Second)))
	}
	d.save()
	d = loadDurations()
	assert.Equal(t, []int{2, 3, 1, 0}, d.longestFirst(keys), "then the longest lessons go first")
	assert.Equal(t, []int{4, 2, 3, 1, 0}, d.longestFirst(append(keys, "16")), "a lesson never seen before goes first")
	d.observe("11", 4500*time.Millisecond)
	assert.InDelta(t, 6.5, d.Seconds["11"], 0.01, "the estimate follows the last runs")

	t.Run("the keys of lesson 05's halves, from older checkers, are dropped", func(t *testing.T) {
		dir := t.TempDir()
		t.Setenv(cacheEnv, dir)
		old := `{"seconds":{"01":0.5,"05/goroutines-complete":3.4,"05/processes-children":3.6,"11":8.5}}`
		require.NoError(t, os.WriteFile(filepath.Join(dir, "durations.json"), []byte(old), 0o644))
		d := loadDurations()
		assert.Equal(t, map[string]float64{"01": 0.5, "11": 8.5}, d.Seconds)
		assert.Equal(t, []int{1, 2, 0}, d.longestFirst([]string{"01", "05", "11"}), "lesson 05, not seen as a whole yet, goes first")
	})
}
