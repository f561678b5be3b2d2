//go:build linux

package cli

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/course"
	"forkroom/internal/grade"
	"forkroom/internal/proc"
)

// fakeWorker is a supervisor whose workers are the shell script body, with
// short bounds, grading a one-check lesson.
func fakeWorker(t *testing.T, body string) (*supervisor, lessonJob) {
	t.Helper()
	script := filepath.Join(t.TempDir(), "worker")
	require.NoError(t, os.WriteFile(script, []byte("#!/bin/sh\n"+body+"\n"), 0o755))
	s := newSupervisor(1, isolateNever)
	s.exe = script
	s.buildBound, s.checkOverhead, s.boundMargin = time.Second, 0, 0
	l := course.Lesson{Num: 1, Slug: "files", Suite: grade.Suite{Checks: []grade.Check{
		{ID: "one", Title: "does one thing", Points: 2, Timeout: 500 * time.Millisecond},
		{ID: "two", Title: "does another", Points: 3, Timeout: 500 * time.Millisecond},
	}}}
	return s, lessonJob{lesson: l, dir: t.TempDir(), seed: 1}
}

// TestSupervisor puts workers that fail in every way a program under grading
// could make them fail in front of the supervisor: each comes back as an
// error saying what happened, within the bound, and leaves nothing running.
func TestSupervisor(t *testing.T) {
	for _, tc := range []struct {
		name, script, want string
	}{
		{"a worker that is killed", "kill -KILL $$", "ended without a result (killed by signal killed)"},
		{"a worker that ends without a word", "exit 3", "ended without a result (exit status 3)"},
		{"a worker that is stopped", "kill -STOP $$", "was stopped"},
		{"a worker that hangs", "exec sleep 60", "did not finish within"},
		{"a worker that writes garbage on its result pipe", "echo 'full marks!' >&3; sleep 60", "not a result"},
		{"a worker whose result has no token", `echo '{"result":{"status":"pass","checks":[],"points":5,"max_points":5}}' >&3; sleep 60`, "not a result"},
		{"a worker that leaves a daemon behind and dies", "setsid sleep 300 & sleep 0.2; kill -KILL $$", "ended without a result"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, p := fakeWorker(t, tc.script)
			start := time.Now()
			o := s.grade(context.Background(), p)
			assert.Less(t, time.Since(start), 10*time.Second, "the supervisor gives up within its bound")
			require.True(t, o.failed)
			require.NotNil(t, o.res)
			assert.Equal(t, grade.Error, o.res.Status)
			assert.Contains(t, o.res.Message.In(0), tc.want)
			assert.Equal(t, 5, o.res.MaxPoints, "the lesson's maximum still counts")
			require.Len(t, o.res.Checks, 2)
			assert.Equal(t, grade.Error, o.res.Checks[1].Status)
			assert.Equal(t, gradebookError, string(lessonStatus(o)))
			snap, err := proc.Default().Snapshot()
			require.NoError(t, err)
			assert.Empty(t, snap.Descendants(os.Getpid()), "the worker and what it started are gone")
		})
	}
	t.Run("a cancelled run stops the worker and says it was interrupted", func(t *testing.T) {
		s, p := fakeWorker(t, "exec sleep 60")
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(200*time.Millisecond, cancel)
		o := s.grade(ctx, p)
		assert.True(t, o.interrupted)
		assert.Equal(t, "not-graded", string(lessonStatus(o)))
	})
}

const gradebookError = "error"

// TestWorkerRoundTrip grades lesson 01's solution in a real worker and
// compares what came over the pipe with grading in this process: the same
// checks, statuses and points.
func TestWorkerRoundTrip(t *testing.T) {
	root := repoRoot(t)
	needSolutions(t, root)
	l, err := course.Find("01")
	require.NoError(t, err)
	dir := l.Path(root, course.Solution)
	s := newSupervisor(1, isolateIfPossible)
	var streamed []string
	o := s.grade(context.Background(), lessonJob{lesson: l, dir: dir, seed: 7, onCheck: func(c grade.CheckResult) {
		streamed = append(streamed, c.ID)
	}})
	require.False(t, o.failed, "%v", o.res.Message)
	local := grade.Grade(context.Background(), l.Suite, dir, grade.Options{Seed: 7})
	require.Len(t, o.res.Checks, len(local.Checks))
	for i, c := range o.res.Checks {
		assert.Equal(t, local.Checks[i].ID, c.ID)
		assert.Equal(t, local.Checks[i].Status, c.Status)
		assert.Equal(t, local.Checks[i].Points, c.Points)
		assert.Equal(t, c.ID, streamed[i], "each check is streamed as it finishes, in order")
	}
	assert.Equal(t, local.Points, o.res.Points)
	assert.Equal(t, int64(7), o.res.Seed)
}
