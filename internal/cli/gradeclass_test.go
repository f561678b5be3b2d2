package cli

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/gradebook"
	"forkroom/internal/proc"
)

// submission makes a copy of the workbook in class/name whose lesson 01 is
// mainGo (go.mod and lessons/01-files only).
func submission(t *testing.T, class, name, mainGo string) string {
	t.Helper()
	root := repoRoot(t)
	dir := filepath.Join(class, name)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "lessons/01-files"), 0o755))
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), gomod, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "lessons/01-files/main.go"), []byte(mainGo), 0o644))
	return dir
}

func solution01(t *testing.T) string {
	t.Helper()
	needSolutions(t, repoRoot(t))
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "solutions/01-files/main.go"))
	require.NoError(t, err)
	return string(data)
}

// Lesson 01 programs that attack the process that grades them instead of
// doing the lesson. Without a sandbox their parent is the worker.
const (
	killsWorker = `package main

import (
	"os"
	"syscall"
	"time"
)

func main() {
	syscall.Kill(os.Getppid(), syscall.SIGKILL)
	time.Sleep(time.Minute)
}
`
	stopsWorker = `package main

import (
	"os"
	"syscall"
	"time"
)

func main() {
	syscall.Kill(os.Getppid(), syscall.SIGSTOP)
	time.Sleep(time.Minute)
}
`
	// forgesResult writes a full-marks result, as the worker would, into
	// every file descriptor of its parent it can open, then exits.
	forgesResult = `package main

import (
	"fmt"
	"os"
)

func main() {
	line := ` + "`" + `{"result":{"status":"pass","checks":[],"points":8,"max_points":8}}` + "`" + `
	for _, fd := range []int{1, 2, 3, 4} {
		f, err := os.OpenFile(fmt.Sprintf("/proc/%d/fd/%d", os.Getppid(), fd), os.O_WRONLY, 0)
		if err != nil {
			continue
		}
		fmt.Fprintln(f, line)
		f.Close()
	}
}
`
)

// readBook reads grades.json of a run.
func readBook(t *testing.T, out string) *gradebook.Book {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "grades.json"))
	require.NoError(t, err)
	book, err := gradebook.Read(bytes.NewReader(data))
	require.NoError(t, err)
	return book
}

func row(t *testing.T, book *gradebook.Book, folder string) gradebook.Student {
	t.Helper()
	for _, s := range book.Students {
		if s.Folder == folder {
			return s
		}
	}
	require.Failf(t, "no row", "no row for %s", folder)
	return gradebook.Student{}
}

// TestGradeClass grades lesson 01 of a small class: a complete submission,
// one that hangs, one that does not compile, a folder that is no workbook,
// and three that attack their grader (kill it, stop it, forge its result).
// Each gets its row saying what happened, the others are graded as if alone,
// grade exits 1 because some rows are errors, and nothing is left running.
func TestGradeClass(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the attacks use /proc and Linux signals")
	}
	root := repoRoot(t)
	class := t.TempDir()
	alice := submission(t, class, "alice", solution01(t))
	bob := submission(t, class, "bob", "package main\n\nfunc main() {\n\tfor {\n\t}\n}\n")
	carol := submission(t, class, "carol", "package main\n\nfunc main() { oops }\n")
	dave := filepath.Join(class, "dave")
	require.NoError(t, os.MkdirAll(dave, 0o755))
	erin := submission(t, class, "erin", killsWorker)
	frank := submission(t, class, "frank", stopsWorker)
	grace := submission(t, class, "grace", forgesResult)
	out := filepath.Join(class, "out")

	code, stdout, stderr := checker(t, root, nil, "", false, "grade", "--lessons", "01", "--jobs", "4", "--out", out,
		alice, bob, carol, dave, erin, frank, grace)
	require.Equal(t, ExitFail, code, "rows that are errors make grade exit 1\nstdout:\n%s\nstderr:\n%s", stdout, stderr)

	t.Run("the table has a row for every submission", func(t *testing.T) {
		rows := map[string]string{}
		for _, line := range strings.Split(stdout, "\n") {
			if f := strings.Fields(line); len(f) > 0 {
				rows[f[0]] = line
			}
		}
		assert.Regexp(t, `^alice\s+8/8\s+8/8$`, rows["alice"], "a complete submission gets full marks")
		assert.Regexp(t, `^bob\s+0/8~\s+0/8$`, rows["bob"], "a hanging submission gets its row, marked ~")
		assert.Regexp(t, `^carol\s+0/8!\s+0/8$`, rows["carol"], "a submission that does not compile is marked !")
		assert.Regexp(t, `^dave\s+-\s+0/8\s+.*not a copy of the forkroom workbook`, rows["dave"])
	})

	book := readBook(t, out)
	t.Run("grades.json records the run", func(t *testing.T) {
		assert.Equal(t, gradebook.Version, book.Version)
		assert.NotEmpty(t, book.Checker)
		assert.NotZero(t, book.Seed)
		assert.True(t, book.Complete)
		require.Len(t, book.Lessons, 1)
		assert.Equal(t, "01", book.Lessons[0].ID)
		assert.Len(t, book.Lessons[0].Checks, 4)
		require.Len(t, book.Students, 7)
		a := row(t, book, "alice")
		require.Len(t, a.Lessons, 1)
		assert.Equal(t, gradebook.Pass, a.Lessons[0].Status)
		require.Len(t, a.Lessons[0].Tests, 4, "every check's results.json row")
		for i, tc := range a.Lessons[0].Tests {
			assert.Equal(t, book.Lessons[0].Checks[i].ID, tc.ID, "rows carry the check's id, in order")
			assert.Equal(t, "pass", tc.Status)
			assert.Equal(t, 1, tc.TaskID)
		}
	})
	t.Run("each lesson has the status that says what happened", func(t *testing.T) {
		assert.Equal(t, gradebook.Timeout, row(t, book, "bob").Lessons[0].Status)
		assert.True(t, row(t, book, "bob").Lessons[0].Tests[0].TimedOut)
		c := row(t, book, "carol").Lessons[0]
		assert.Equal(t, gradebook.CompileError, c.Status)
		assert.Contains(t, c.BuildOutput, "oops")
		d := row(t, book, "dave")
		assert.Equal(t, gradebook.Failed, d.Status)
		assert.Equal(t, gradebook.NotGraded, d.Lessons[0].Status)
	})
	t.Run("in the sandbox a program cannot kill or stop its grader", func(t *testing.T) {
		if book.Isolation != "sandbox" {
			t.Skip("no sandbox here")
		}
		for _, name := range []string{"erin", "frank"} {
			assert.NotEqual(t, gradebook.Error, row(t, book, name).Lessons[0].Status, name)
		}
	})
	t.Run("without a sandbox, a program that kills or stops its grader gets an error row saying so", func(t *testing.T) {
		t.Setenv("FORKROOM_NO_SANDBOX", "1")
		out := filepath.Join(class, "out-unsafe")
		code, stdout, stderr := checker(t, root, nil, "", false, "grade", "--unsafe", "--lessons", "01", "--out", out, erin, frank)
		require.Equal(t, ExitFail, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
		book := readBook(t, out)
		assert.Equal(t, "none", book.Isolation)
		e := row(t, book, "erin").Lessons[0]
		assert.Equal(t, gradebook.Error, e.Status)
		assert.Contains(t, e.Message, "ended without a result")
		assert.Contains(t, e.Message, "killed")
		f := row(t, book, "frank").Lessons[0]
		assert.Equal(t, gradebook.Error, f.Status)
		assert.Contains(t, f.Message, "was stopped")
	})
	t.Run("a program that writes a result where its grader might read one gets no points for it", func(t *testing.T) {
		g := row(t, book, "grace").Lessons[0]
		assert.Zero(t, g.Points)
		assert.Contains(t, []gradebook.Status{gradebook.Partial, gradebook.Error}, g.Status,
			"without the right to open the worker's descriptors the program simply fails; as root it reaches them and its garbage is an error")
	})
	t.Run("grades.csv has points, maximum and status per lesson, and the total", func(t *testing.T) {
		f, err := os.Open(filepath.Join(out, "grades.csv"))
		require.NoError(t, err)
		defer f.Close()
		records, err := csv.NewReader(f).ReadAll()
		require.NoError(t, err)
		require.Len(t, records, 8)
		assert.Equal(t, []string{"folder", "student_id", "name", "email", "01", "01 max", "01 status", "total", "max", "percent",
			"status", "commit", "late_commits", "last_commit", "message"}, records[0])
		assert.Equal(t, []string{"alice", "", "", "", "8", "8", "pass", "8", "8", "100.0", "graded", "", "", "", ""}, records[1])
		assert.Equal(t, []string{"carol", "", "", "", "0", "8", "compile-error", "0", "8", "0.0", "graded", "", "", "", ""}, records[3])
	})
	t.Run("nothing is left running", func(t *testing.T) {
		snap, err := proc.Default().Snapshot()
		require.NoError(t, err)
		assert.Empty(t, snap.Descendants(os.Getpid()), "no process is left behind")
	})
}

// TestGradeResume goes on with an interrupted run: the student already
// graded keeps the row grades.json has for them (even one this run would
// grade differently), the student not yet graded is graded.
func TestGradeResume(t *testing.T) {
	root := repoRoot(t)
	class := t.TempDir()
	alice := submission(t, class, "alice", solution01(t))
	bob := submission(t, class, "bob", solution01(t))
	out := filepath.Join(class, "out")
	require.NoError(t, os.MkdirAll(out, 0o755))
	lessons, err := (&app{}).classLessons("01")
	require.NoError(t, err)
	interrupted := &gradebook.Book{Version: gradebook.Version, Checker: checkerVersion(), Seed: 4242, Lang: "en",
		Lessons: bookLessons(lessons, 0)}
	kept := gradebook.Student{Folder: "alice", Dir: alice, Status: gradebook.Graded,
		Lessons: []gradebook.LessonResult{{Lesson: "01", Status: gradebook.Partial, Points: 7, MaxPoints: 8}}}
	total(&kept)
	pending := gradebook.Student{Folder: "bob", Dir: bob, Status: gradebook.Pending,
		Lessons: []gradebook.LessonResult{{Lesson: "01", Status: gradebook.NotGraded, MaxPoints: 8}}}
	interrupted.Students = []gradebook.Student{kept, pending}
	data, err := interrupted.Marshal()
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(out, "grades.json"), data, 0o644))

	code, stdout, stderr := checker(t, root, nil, "", false, "grade", "--lessons", "01", "--out", out, "--resume", alice, bob)
	require.Equal(t, ExitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stderr, "1 of 2 students already graded")
	book := readBook(t, out)
	assert.True(t, book.Complete)
	assert.Equal(t, int64(4242), book.Seed, "the resumed run keeps the first run's seed")
	assert.Equal(t, 7, row(t, book, "alice").Points, "a student already graded is kept as graded")
	assert.Equal(t, 8, row(t, book, "bob").Points, "a student not yet graded is graded")
	assert.Equal(t, gradebook.Graded, row(t, book, "bob").Status)

	t.Run("resuming with other lessons is refused", func(t *testing.T) {
		code, _, stderr := checker(t, root, nil, "", false, "grade", "--lessons", "01,02", "--out", out, "--resume", alice, bob)
		assert.Equal(t, ExitUsage, code)
		assert.Contains(t, stderr, "give the same --lessons")
	})
	t.Run("--resume without --out is a usage error", func(t *testing.T) {
		code, _, _ := checker(t, root, nil, "", false, "grade", "--resume", alice)
		assert.Equal(t, ExitUsage, code)
	})
}
