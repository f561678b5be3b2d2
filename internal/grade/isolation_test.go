package grade

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/proc"
	"forkroom/internal/sandbox"
)

// looksAround starts a program that runs until it is stopped and records
// what the check sees of it.
type looksAround struct {
	ran       bool
	self, pid int
	proc      proc.Process
	found     bool
}

func (l *looksAround) suite() Suite {
	return Suite{Checks: []Check{{
		ID: "look", Title: "t", Points: 1, Hint: "h", Timeout: 5 * time.Second,
		Run: func(t *T) error {
			l.ran = true
			p, err := t.Start()
			if err != nil {
				return err
			}
			time.Sleep(200 * time.Millisecond)
			snap, err := t.Snapshot()
			if err != nil {
				return err
			}
			l.self, l.pid = t.Self(), p.PID()
			l.proc, l.found = snap.Get(p.PID())
			return nil
		},
	}}}
}

func TestIsolation(t *testing.T) {
	needHostilePrograms(t) // a handout has neither testdata/ nor solutions/
	loop, err := filepath.Abs(filepath.Join("testdata", "hostile", "loop"))
	require.NoError(t, err)

	t.Run("in the sandbox, Self is the checker's process there, and the pids are those the program sees", func(t *testing.T) {
		if err := sandbox.Available(); err != nil {
			t.Skipf("no sandbox here: %v", err)
		}
		var l looksAround
		res := Grade(context.Background(), l.suite(), loop, Options{})
		require.Equal(t, Pass, res.Status, "%v", res.Checks[0].Message)
		assert.True(t, res.Sandboxed)
		assert.NotEqual(t, 1, l.self, "not PID 1: a program that prints ppid=1 without asking is wrong here too")
		assert.NotEqual(t, os.Getpid(), l.self)
		require.True(t, l.found, "the program is in the snapshot")
		assert.Equal(t, l.self, l.proc.PPID, "its parent is Self")
		assert.Equal(t, l.pid, l.proc.PGID, "it leads its own process group")
	})

	t.Run("without it, Self is the checker, the programs' parent", func(t *testing.T) {
		var l looksAround
		res := Grade(context.Background(), l.suite(), loop, Options{Isolation: IsolateNever})
		require.Equal(t, Pass, res.Status, "%v", res.Checks[0].Message)
		assert.False(t, res.Sandboxed)
		assert.Equal(t, os.Getpid(), l.self)
		require.True(t, l.found, "the program is in the snapshot")
		assert.Equal(t, os.Getpid(), l.proc.PPID)
	})

	t.Run("where no sandbox can be made, untrusted code does not run, and every check says why", func(t *testing.T) {
		t.Setenv("FORKROOM_NO_SANDBOX", "1")
		var l looksAround
		res := Grade(context.Background(), l.suite(), loop, Options{Isolation: IsolateRequired})
		assert.Equal(t, Error, res.Status)
		assert.False(t, l.ran, "the check did not run")
		require.Len(t, res.Checks, 1)
		assert.Equal(t, Error, res.Checks[0].Status)
		assert.Contains(t, res.Checks[0].Message.In(0), "FORKROOM_NO_SANDBOX")
		assert.Contains(t, res.Checks[0].Message.In(1), "沙箱")
	})

	t.Run("a student's own lessons are graded without one there", func(t *testing.T) {
		t.Setenv("FORKROOM_NO_SANDBOX", "1")
		var l looksAround
		res := Grade(context.Background(), l.suite(), loop, Options{})
		assert.Equal(t, Pass, res.Status)
		assert.False(t, res.Sandboxed)
		assert.Equal(t, os.Getpid(), l.self)
	})
}

// tinyWorkbook makes a small module forkroom in a temporary folder: files maps
// slash paths to contents.
func tinyWorkbook(t *testing.T, files map[string]string) string {
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return root
}

const printsDoneMain = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"done\") }\n"

func TestBuildFromAPrivateCopy(t *testing.T) {
	t.Run("the course's go.mod is used, not the submission's", func(t *testing.T) {
		// This go.mod needs a module that exists nowhere: built with it,
		// the lesson would not compile.
		root := tinyWorkbook(t, map[string]string{
			"go.mod":                 "module forkroom\n\ngo 1.22\n\nrequire evil.example.com/x v1.0.0\n",
			"lessons/01-x/main.go":   printsDoneMain,
			"lessons/01-x/README.md": "notes",
		})
		res := Grade(context.Background(), printsDone, filepath.Join(root, "lessons", "01-x"), Options{})
		assert.Equal(t, Pass, res.Status, "%v %s", res.Message, res.BuildOutput)
	})

	t.Run("cgo is off", func(t *testing.T) {
		root := tinyWorkbook(t, map[string]string{
			"go.mod":               "module forkroom\n\ngo 1.22\n",
			"lessons/01-x/main.go": "package main\n\n// #include <stdio.h>\nimport \"C\"\n\nfunc main() {}\n",
		})
		res := Grade(context.Background(), printsDone, filepath.Join(root, "lessons", "01-x"), Options{})
		assert.Equal(t, Error, res.Status)
		assert.Contains(t, res.BuildOutput, "build constraints exclude all Go files in "+filepath.Join(root, "lessons", "01-x"),
			"the only file needs cgo, and the message names the student's folder, not the copy")
	})

	t.Run("the copy has the lesson's Go files, the workbook packages it imports, and no link that leaves the folder", func(t *testing.T) {
		outside := filepath.Join(t.TempDir(), "secret.go")
		require.NoError(t, os.WriteFile(outside, []byte("package main // the teacher's"), 0o644))
		root := tinyWorkbook(t, map[string]string{
			"go.mod":                     "module forkroom\n\ngo 1.22\n",
			"lessons/12-x/main.go":       "package main\n\nimport _ \"forkroom/lessons/12-x/proto\"\nimport _ \"forkroom/shared\"\n\nfunc main() {}\n",
			"lessons/12-x/proto/p.go":    "package proto\n",
			"lessons/12-x/data/in.txt":   "data",
			"shared/s.go":                "package shared\n\nimport _ \"forkroom/shared/deeper\"\n",
			"shared/deeper/d.go":         "package deeper\n",
			"unrelated/u.go":             "package unrelated\n",
			"lessons/13-other/main.go":   "package main\n",
			"lessons/12-x/notes/keep.md": "kept",
		})
		lesson := filepath.Join(root, "lessons", "12-x")
		require.NoError(t, os.Symlink(outside, filepath.Join(lesson, "stolen.go")))
		require.NoError(t, os.Symlink(filepath.Join(lesson, "proto", "p.go"), filepath.Join(lesson, "alias.go")))
		dst := filepath.Join(t.TempDir(), "src")
		got, err := privateCopy(lesson, dst)
		require.NoError(t, err)
		assert.Equal(t, filepath.Join(dst, "lessons", "12-x"), got)
		var files []string
		require.NoError(t, filepath.WalkDir(dst, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(dst, p)
				files = append(files, filepath.ToSlash(rel))
			}
			return err
		}))
		assert.ElementsMatch(t, []string{"go.mod", "go.sum", "lessons/12-x/main.go", "lessons/12-x/proto/p.go",
			"lessons/12-x/alias.go", "shared/s.go", "shared/deeper/d.go"}, files, "Go files only, and no link out")
		gomod, err := os.ReadFile(filepath.Join(dst, "go.mod"))
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(string(gomod), "module forkroom"), "the course's go.mod")
	})
}

func TestChownTree(t *testing.T) {
	if os.Getuid() != 0 || runtime.GOOS != "linux" {
		t.Skip("only root on Linux gives files away; other users' sandboxes run as themselves")
	}
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "teachers.txt")
	require.NoError(t, os.WriteFile(outside, nil, 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a", "b", "f"), nil, 0o644))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "a", "link")))
	require.NoError(t, os.Symlink(filepath.Dir(outside), filepath.Join(dir, "dirlink")))

	require.NoError(t, chownTree(dir, 65534, 65534))
	for _, p := range []string{dir, filepath.Join(dir, "a"), filepath.Join(dir, "a", "b"), filepath.Join(dir, "a", "b", "f")} {
		st, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, uint32(65534), st.Sys().(*syscall.Stat_t).Uid, "%s belongs to the sandbox's user", p)
	}
	st, err := os.Stat(outside)
	require.NoError(t, err)
	assert.Equal(t, uint32(0), st.Sys().(*syscall.Stat_t).Uid, "a link is not followed out of the folder")
	st, err = os.Stat(filepath.Dir(outside))
	require.NoError(t, err)
	assert.Equal(t, uint32(0), st.Sys().(*syscall.Stat_t).Uid, "nor a link to a folder")
}
