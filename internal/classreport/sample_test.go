package classreport

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"forkroom/internal/course"
	"forkroom/internal/gradebook"
	"forkroom/internal/i18n"
	"forkroom/internal/similar"
	"forkroom/internal/workbook"
)

// Hostile names: a student chooses their folder's name, and it reaches the
// page. Neither may run or add anything.
const (
	scriptName = `<script>document.documentElement.setAttribute("data-pwned","script")</script>`
	imgName    = `"><img src=x onerror="document.documentElement.setAttribute('data-pwned','img')">`
)

// sampleBook is a class of ten graded in lessons 01, 05 and 08, with every
// status a lesson can have: alice passes everything; bob misses the
// overlap of lesson 05; carol's 05 does not compile; dave's 05 hangs; erin
// handed in the stub of 05 and no 08; frank's 08 could not be graded; grace
// has a late commit; two students have hostile folder names; zhang is in
// the roster with a Chinese name; and ming handed in nothing.
func sampleBook(t testing.TB) *gradebook.Book {
	t.Helper()
	started := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	before := time.Date(2026, 3, 13, 23, 59, 0, 0, time.UTC)
	b := &gradebook.Book{Version: gradebook.Version, Checker: "v0.9.0-test", Started: started, Updated: started.Add(4 * time.Minute),
		Complete: true, Seed: 42, Lang: "en", Isolation: "sandbox", Jobs: 2, Before: &before}
	var lessons []course.Lesson
	for _, id := range []string{"01", "05", "08"} {
		l, err := course.Find(id)
		require.NoError(t, err)
		lessons = append(lessons, l)
		bl := gradebook.Lesson{ID: l.ID(), Num: l.Num, Slug: l.Slug, Title: l.Title.En, MaxPoints: l.MaxPoints()}
		for _, c := range l.Suite.Checks {
			bl.Checks = append(bl.Checks, gradebook.Check{ID: c.ID, Title: c.Title, MaxPoints: c.Points})
		}
		b.Lessons = append(b.Lessons, bl)
	}

	// lesson grades one lesson: every check passes but those in fail
	// (timed out when in hung).
	lesson := func(l course.Lesson, status gradebook.Status, fail []string, hung ...string) gradebook.LessonResult {
		lr := gradebook.LessonResult{Lesson: l.ID(), Status: status, MaxPoints: l.MaxPoints()}
		for _, c := range l.Suite.Checks {
			tr := gradebook.Test{ID: c.ID, Name: l.ID() + " " + l.Slug + ": " + c.Title, Status: "pass", TaskID: l.Num, MaxPoints: c.Points, Points: c.Points}
			failed := status == gradebook.CompileError || contains(fail, c.ID) || contains(hung, c.ID)
			if failed {
				tr.Status, tr.Points = "fail", 0
				msg := "expected the two tasks to overlap; they ran one after the other (5.02 s)"
				if status == gradebook.CompileError {
					tr.Status, msg = "error", "not run: your program does not compile"
				}
				if contains(hung, c.ID) {
					msg, tr.TimedOut = "the program did not finish within 12 s: it was stopped", true
				}
				out := "task A start\ntask A end\ntask B start\n</pre><script>document.documentElement.setAttribute('data-pwned','output')</script>"
				tr.Message, tr.Output = &msg, &out
			}
			lr.Points += tr.Points
			lr.Tests = append(lr.Tests, tr)
		}
		if status == gradebook.CompileError {
			lr.Message = "your program does not compile"
			lr.BuildOutput = "./main.go:41:2: undefined: wg\n./main.go:57:9: cannot use t (variable of type task) as string value in argument to run"
		}
		return lr
	}
	l01, l05, l08 := lessons[0], lessons[1], lessons[2]
	all05 := []string{}
	for _, c := range l05.Suite.Checks {
		all05 = append(all05, c.ID)
	}
	student := func(folder string, results ...gradebook.LessonResult) gradebook.Student {
		s := gradebook.Student{Folder: folder, Dir: "/class/" + folder, Status: gradebook.Graded, Lessons: results}
		for _, r := range results {
			s.Points += r.Points
			s.MaxPoints += r.MaxPoints
		}
		return s
	}
	notGraded := func(l course.Lesson) gradebook.LessonResult {
		return gradebook.LessonResult{Lesson: l.ID(), Status: gradebook.NotGraded, MaxPoints: l.MaxPoints(), Message: "no folder lessons/" + l.Dir()}
	}
	errored := gradebook.LessonResult{Lesson: "08", Status: gradebook.Error, MaxPoints: l08.MaxPoints(), Message: "the grading worker was killed (signal 9): grade this lesson again"}

	b.Students = []gradebook.Student{
		student("alice", lesson(l01, gradebook.Pass, nil), lesson(l05, gradebook.Pass, nil), lesson(l08, gradebook.Pass, nil)),
		student("bob", lesson(l01, gradebook.Pass, nil), lesson(l05, gradebook.Partial, []string{"goroutines-overlap", "goroutines-wall-time", "processes-overlap", "processes-wall-time"}), lesson(l08, gradebook.Pass, nil)),
		student("carol", lesson(l01, gradebook.Pass, nil), lesson(l05, gradebook.CompileError, nil), lesson(l08, gradebook.Partial, []string{"completion-order"})),
		student("dave", lesson(l01, gradebook.Partial, []string{"removes-empty"}), lesson(l05, gradebook.Timeout, []string{"processes-overlap"}, "processes-waits"), lesson(l08, gradebook.Partial, []string{"completion-order", "no-zombies"})),
		student("erin", lesson(l01, gradebook.Pass, nil), lesson(l05, gradebook.Partial, all05), notGraded(l08)),
		student("frank", lesson(l01, gradebook.Pass, nil), lesson(l05, gradebook.Pass, nil), errored),
		student("grace", lesson(l01, gradebook.Partial, []string{"sizes"}), lesson(l05, gradebook.Partial, []string{"processes-overlap"}), lesson(l08, gradebook.Pass, nil)),
		student(scriptName, lesson(l01, gradebook.Partial, []string{"removes-empty", "exists"}), lesson(l05, gradebook.Pass, nil), lesson(l08, gradebook.Partial, []string{"completion-order"})),
		student(imgName, lesson(l01, gradebook.Pass, nil), lesson(l05, gradebook.Partial, []string{"goroutines-overlap"}), lesson(l08, gradebook.Pass, nil)),
		student("zhang", lesson(l01, gradebook.Pass, nil), lesson(l05, gradebook.Pass, nil), lesson(l08, gradebook.Partial, []string{"completion-order"})),
		{Folder: "ming", Name: "李明", StudentID: "2026002", Status: gradebook.Missing,
			Lessons: []gradebook.LessonResult{notGraded(l01), notGraded(l05), notGraded(l08)}, MaxPoints: l01.MaxPoints() + l05.MaxPoints() + l08.MaxPoints()},
	}
	commit := before.Add(-time.Hour)
	b.Students[6].Late = &gradebook.Lateness{Commit: "3f2a9c1", CommitTime: &commit, LateCommits: 2}
	b.Students[9].Name, b.Students[9].StudentID = "张伟", "2026001"
	return b
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// sampleSimilarity compares the independent solutions and planted copies
// of package similar's testdata, as `checker similar` would.
func sampleSimilarity(t testing.TB) []similar.LessonResult {
	t.Helper()
	if workbook.IsHandout(filepath.Join("..", "..")) {
		t.Skip("a handout has no internal/similar/testdata: its sample submissions are solutions")
	}
	var out []similar.LessonResult
	for _, dir := range []string{"01-files", "08-wait"} {
		l, err := course.Find(dir)
		require.NoError(t, err)
		pristine, err := course.Pristine(l)
		require.NoError(t, err)
		var stub []similar.File
		for name, src := range pristine {
			if strings.HasSuffix(name, ".go") {
				stub = append(stub, similar.File{Name: name, Src: src})
			}
		}
		sort.Slice(stub, func(i, j int) bool { return stub[i].Name < stub[j].Name })
		root := filepath.Join("..", "similar", "testdata", dir)
		var subs []similar.Submission
		for _, name := range []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace"} {
			files, err := similar.ReadDir(filepath.Join(root, name))
			require.NoError(t, err)
			subs = append(subs, similar.Submission{Name: name, Files: files})
		}
		out = append(out, similar.LessonResult{Lesson: l.ID(), Dir: l.Dir(), Stub: "pristine", Result: similar.Compare(stub, subs, similar.Options{})})
	}
	return out
}

// sampleReport is the sample class as the page shows it in lang.
func sampleReport(t testing.TB, lang i18n.Lang) Report {
	t.Helper()
	r := FromGradebook(sampleBook(t), sampleSimilarity(t), lang)
	r.Title = "OS 2026 · forkroom"
	return r
}
