package course

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/grade"
	"forkroom/internal/sandbox"
	"forkroom/internal/workbook"
)

// repoRoot is the workbook this test runs in.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	require.FileExists(t, filepath.Join(root, "go.mod"))
	return root
}

// TestCourse is the course's self-test: every lesson's reference solution
// gets full marks, and its stub, as handed out, fails every graded check.
// A check the stub passes could not tell a student anything.
//
// A handout has no solutions, and its lessons/ is the student's work, so
// there the test has nothing to grade.
//
// The chat room, the teacher's own program, is graded once, in the
// sandbox where there is one (40 s a run).
func TestCourse(t *testing.T) {
	root := repoRoot(t)
	if workbook.IsHandout(root) {
		t.Skip("a handout has no reference solutions, and its lessons/ is the student's work")
	}
	// Every verdict is the same in a sandbox (where the kernel allows
	// one) and without: the lessons are graded both ways.
	modes := []struct {
		name string
		iso  grade.Isolation
	}{{" (in the sandbox)", grade.IsolateRequired}, {" (without the sandbox)", grade.IsolateNever}}
	if err := sandbox.Available(); err != nil {
		t.Logf("no sandbox on this machine, so the course is graded without one only: %v", err)
		modes = modes[1:]
	}
	for _, mode := range modes {
		opts := grade.Options{Isolation: mode.iso}
		for _, l := range Lessons {
			if !l.Ready() {
				continue
			}
			if l.Unix && runtime.GOOS == "windows" {
				continue
			}
			t.Run(l.Dir()+" solution gets full marks"+mode.name, func(t *testing.T) {
				res := grade.Grade(context.Background(), l.Suite, l.Path(root, Solution), opts)
				require.NotEqual(t, grade.Error, res.Status, "%v\n%s", res.Message, res.BuildOutput)
				for _, c := range res.Checks {
					assert.Equal(t, grade.Pass, c.Status, "check %s: %v", c.ID, c.Message)
				}
				assert.Equal(t, res.MaxPoints, res.Points)
			})
			t.Run(l.Dir()+" stub fails every check"+mode.name, func(t *testing.T) {
				res := grade.Grade(context.Background(), l.Suite, l.Path(root, Student), opts)
				require.NotEqual(t, grade.Error, res.Status, "the stub must compile: %v\n%s", res.Message, res.BuildOutput)
				for _, c := range res.Checks {
					assert.Equal(t, grade.Fail, c.Status, "check %s passes on the stub", c.ID)
					assert.NotNil(t, c.Message, "check %s fails without a message", c.ID)
				}
				assert.Zero(t, res.Points)
			})
		}
	}
	t.Run("the chat room gets full marks", func(t *testing.T) {
		if !Chatroom.Ready() {
			t.Skip("no chat-room checks yet")
		}
		res := grade.Grade(context.Background(), Chatroom.Suite, Chatroom.Path(root, Student), grade.Options{})
		require.NotEqual(t, grade.Error, res.Status, "%v\n%s", res.Message, res.BuildOutput)
		for _, c := range res.Checks {
			assert.Equal(t, grade.Pass, c.Status, "check %s: %v", c.ID, c.Message)
		}
	})
}

func TestLessonTable(t *testing.T) {
	root := repoRoot(t)
	seen := map[string]bool{}
	for i, l := range Lessons {
		assert.Equal(t, i+1, l.Num, "lessons are numbered in order")
		assert.NotEmpty(t, l.Title.En, "lesson %s has an English title", l.ID())
		assert.NotEmpty(t, l.Title.Zh, "lesson %s has a Chinese title", l.ID())
		assert.NotEmpty(t, l.Hint.En, "lesson %s has an English hint", l.ID())
		assert.NotEmpty(t, l.Hint.Zh, "lesson %s has a Chinese hint", l.ID())
		if !l.Ready() {
			continue
		}
		trees := []Tree{Student, Solution}
		if workbook.IsHandout(root) {
			trees = []Tree{Student} // no solutions/ in a handout
		}
		for _, tree := range trees {
			dir := l.Path(root, tree)
			assert.DirExists(t, dir)
			for _, readme := range []string{"README.md", "README.zh.md"} {
				if tree == Student {
					assert.FileExists(t, filepath.Join(dir, readme))
				}
			}
		}
		for _, c := range l.Suite.Checks {
			assert.False(t, seen[l.ID()+"/"+c.ID], "check id %s/%s is unique", l.ID(), c.ID)
			seen[l.ID()+"/"+c.ID] = true
			assert.Positive(t, c.Points, "check %s/%s is worth points", l.ID(), c.ID)
			assert.NotEmpty(t, c.Hint, "check %s/%s has a hint", l.ID(), c.ID)
		}
	}
}

func TestFind(t *testing.T) {
	for _, tc := range []struct{ arg, want string }{
		{"01", "01"}, {"1", "01"}, {"5", "05"}, {"05-multitask", "05"}, {"multitask", "05"},
		{"lessons/05-multitask/", "05"}, {"chatroom", "chatroom"}, {"chat", "14"}, {"15-chatroom", "15"},
	} {
		l, err := Find(tc.arg)
		if assert.NoError(t, err, tc.arg) {
			assert.Equal(t, tc.want, l.ID(), "Find(%q)", tc.arg)
		}
	}
	for _, bad := range []string{"0", "16", "x", ""} {
		_, err := Find(bad)
		assert.Error(t, err, "Find(%q)", bad)
	}
}

// TestPristineArchiveMatchesLessons keeps the copy that `checker reset`
// restores in step with lessons/. After changing a stub, run `make pristine`.
func TestPristineArchiveMatchesLessons(t *testing.T) {
	root := repoRoot(t)
	if workbook.IsHandout(root) {
		t.Skip("a handout's lessons/ is the student's work; the handout was checked against the archive when it was made")
	}
	embedded, err := ReadArchive(pristineArchive)
	require.NoError(t, err)
	fresh, err := WriteArchive(filepath.Join(root, "lessons"))
	require.NoError(t, err)
	onDisk, err := ReadArchive(fresh)
	require.NoError(t, err)
	assert.Equal(t, onDisk, embedded, "internal/course/pristine.tar.gz is out of date: run `make pristine`")
}

func TestResetRestoresTheStub(t *testing.T) {
	l := Lessons[0]
	dir := t.TempDir()
	// A student's copy: the stub changed, a file added.
	changed, err := Reset(l, dir, false)
	require.NoError(t, err)
	require.NotEmpty(t, changed)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "extra.go"), []byte("package main\n"), 0o644))

	would, err := Reset(l, dir, true)
	require.NoError(t, err)
	assert.Equal(t, []string{"extra.go", "main.go"}, would, "a dry run names the files it would change")
	assert.FileExists(t, filepath.Join(dir, "extra.go"), "a dry run changes nothing")

	_, err = Reset(l, dir, false)
	require.NoError(t, err)
	assert.NoFileExists(t, filepath.Join(dir, "extra.go"))
	h, err := HashDir(dir)
	require.NoError(t, err)
	want, ok := PristineHash(l)
	require.True(t, ok)
	assert.Equal(t, want, h, "the folder is as handed out")
}
