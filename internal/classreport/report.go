// Package classreport writes the class report: one self-contained HTML page
// (its style and script inline, nothing fetched, opens from disk) that shows
// a teacher the whole class at once.
//
// The page has five parts: a grid of students × lessons coloured by status
// with points in each cell; the item analysis, every check with how many
// students failed it, the most failed first, so that the teacher sees what
// to teach again; the programs that do not compile or hang; each student's
// failed checks with their messages; and the pairs of submissions whose code
// is suspiciously alike (package similar), their passages side by side.
//
// Everything a student wrote or named (folder names, messages, program
// output, code) is hostile input: the page is made with html/template, which
// escapes it for where it stands. Status is never told by colour alone:
// every cell has a symbol and a word for screen readers, and the page prints
// legibly (colours kept, details opened, controls hidden).
package classreport

import (
	"fmt"
	"time"

	"forkroom/internal/similar"
)

// Report is everything the class report shows. Fill it with FromGradebook,
// or by hand: the zero value of every field is shown sensibly.
type Report struct {
	// Title names the class or the assignment; empty for none.
	Title string
	// Checker is the version of the checker that graded.
	Checker string
	// Graded is when the class was graded; zero when unknown.
	Graded time.Time
	// Seed seeded the random choices of the run (0: unknown).
	Seed int64
	// Incomplete says that the run stopped before every student was
	// graded (`checker grade --resume` finishes it).
	Incomplete bool
	// Isolation says how the programs ran ("sandbox", "none"); empty when
	// unknown.
	Isolation string
	// Before is the deadline submissions were graded as of, or nil.
	Before *time.Time
	// Lessons are the columns, in course order.
	Lessons []Lesson
	// Students are the rows, in the order to show them. Without any, the
	// page shows the similarity of the code alone.
	Students []Student
	// Similarity is the comparison of the students' code, lesson by
	// lesson; nil when it was not run. Its submission names are
	// Student.Folder.
	Similarity []similar.LessonResult
}

// Lesson is one column of the grid.
type Lesson struct {
	// ID is the lesson's number as the course writes it ("05").
	ID string
	// Title is the lesson's title in the report's language.
	Title     string
	MaxPoints int
	// Checks are the lesson's checks in the order they run.
	Checks []Check
}

// Check is one check of a lesson.
type Check struct {
	// ID is the check's short stable id ("goroutines-overlap").
	ID string
	// Title says what a passing program does, in the report's language.
	Title     string
	MaxPoints int
}

// Student is one row of the grid.
type Student struct {
	// Name is how the student is shown: the roster's name, or the
	// submission's folder name.
	Name string
	// Folder is the submission's folder name (the key of similarity pairs).
	Folder string
	// StudentID is the roster's id, empty without a roster.
	StudentID string
	// Problem says why the row could not be graded at all (not a copy of
	// the workbook, nothing handed in, not graded yet); empty when it was.
	Problem string
	// Late says how the submission stood against the deadline ("3 commits
	// after the deadline not graded"); empty when on time or without one.
	Late string
	// Lessons holds the student's result for each of Report.Lessons, by
	// lesson ID; a lesson missing here is not graded.
	Lessons map[string]LessonResult
}

// Status is the outcome of one lesson of one student.
type Status string

// The outcomes of a lesson, as grades.csv writes them.
const (
	Pass         Status = "pass"
	Partial      Status = "partial"       // built and ran, some checks failed
	CompileError Status = "compile-error" // does not compile
	Timeout      Status = "timeout"       // a check ran out of time: the program hung
	Error        Status = "error"         // the checker could not grade it: grade again
	NotGraded    Status = "not-graded"    // nothing to grade
)

// LessonResult is one cell of the grid.
type LessonResult struct {
	// Status is the outcome; empty means Pass at full marks and Partial
	// below them.
	Status    Status
	Points    int
	MaxPoints int
	// Message says why the lesson as a whole failed or was not graded.
	Message string
	// BuildOutput is the compiler's message when it does not compile.
	BuildOutput string
	// Checks are the lesson's checks in order.
	Checks []CheckResult
}

// CheckResult is one check of one student.
type CheckResult struct {
	// ID is the check's id (Check.ID).
	ID string
	// Title is shown when the lesson has no Check of this ID.
	Title string
	// Status is "pass", "fail" or "error" (as results.json has it).
	Status    string
	Points    int
	MaxPoints int
	// Message says what was expected and what happened; empty when passed.
	Message string
	// Output is the end of what the program printed, for a failed check.
	Output string
	// TimedOut says the check failed because the program ran out of time.
	TimedOut bool
}

// status returns the result's status, filling in an empty one.
func (r LessonResult) status() Status {
	switch {
	case r.Status != "":
		return r.Status
	case r.Points >= r.MaxPoints && r.MaxPoints > 0:
		return Pass
	default:
		return Partial
	}
}

// ran says whether the student's program built and its checks ran, so that
// its checks count in the item analysis.
func (s Status) ran() bool { return s == Pass || s == Partial || s == Timeout }

// failed says whether a check did not pass.
func (c CheckResult) failed() bool { return c.Status != "pass" }

func percent(n, of int) int {
	if of == 0 {
		return 0
	}
	return (100*n + of/2) / of
}

func fraction(n, of int) string { return fmt.Sprintf("%d/%d", n, of) }
