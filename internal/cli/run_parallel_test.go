package cli

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/course"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/report"
)

// TestRunParallel grades the solutions of lessons 01 and 05 in two workers
// at once, as `checker run all` does. Each lesson is one worker's job (lesson
// 05's two modes run side by side within it): its checks, every one of them,
// are shown in the lesson's order, as with one worker, every verdict is the
// same, and the durations cache learns each lesson by its ID.
func TestRunParallel(t *testing.T) {
	root := repoRoot(t)
	needSolutions(t, root)
	cache := t.TempDir()
	t.Setenv(cacheEnv, cache)
	var lessons []course.Lesson
	for _, id := range []string{"01", "05"} {
		l, err := course.Find(id)
		require.NoError(t, err)
		lessons = append(lessons, l)
	}
	var out bytes.Buffer
	a := &app{env: Env{Stdout: &out, Stderr: io.Discard, Getenv: func(string) string { return "" }, Ctx: context.Background()}}
	pr := &report.Printer{W: &out, Lang: i18n.En}
	var recorded []string
	rows := a.gradeParallel(root, course.Solution, lessons, runFlags{solution: true, format: formatText}, 2, pr,
		func(l course.Lesson, _ string, _ *grade.Result) { recorded = append(recorded, l.ID()) })
	require.Len(t, rows, 2, out.String())
	assert.Equal(t, []string{"01", "05"}, recorded, "the lessons are recorded in their order")

	var titles, want []string
	for _, line := range strings.Split(out.String(), "\n") {
		if m := regexp.MustCompile(`^  ✓ (.*?)\s+\d+/\d+$`).FindStringSubmatch(line); m != nil {
			titles = append(titles, m[1])
		}
	}
	for i, l := range lessons {
		var ids []string
		for _, c := range l.Suite.Checks {
			want = append(want, c.ID+" · "+i18n.T(i18n.En, c.Title))
			ids = append(ids, c.ID)
		}
		res := rows[i].Result
		require.NotNil(t, res, l.ID())
		var got []string
		for _, c := range res.Checks {
			got = append(got, c.ID)
		}
		assert.Equal(t, ids, got, "lesson %s: every check, in the lesson's order", l.ID())
		assert.Equal(t, res.MaxPoints, res.Points, "lesson %s: full marks", l.ID())
	}
	assert.Equal(t, want, titles, "every check passes, shown in the lessons' order")
	assert.Contains(t, out.String(), "Score 18/18")

	d := loadDurations()
	assert.ElementsMatch(t, []string{"01", "05"}, keysOf(d.Seconds), "one duration per lesson, by its ID")
}

func keysOf(m map[string]float64) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
