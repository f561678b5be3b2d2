// Package gradebook is the record of a class run: grades.json, written by
// `checker grade` after every student, and read back by `checker grade
// --resume` and by the HTML class report.
//
// The JSON schema is these types; every field says what it holds. A lesson's
// rows (Test) are the rows of exercism's results.json version 3 that
// `checker run --json` prints (name, check_id, status, message, output,
// task_id, points, max_points), with timed_out added. A reader checks
// Version first and refuses a schema it does not know.
//
// The row of a student holds one LessonResult per graded lesson, in the order
// of Book.Lessons, so that a table of students × lessons can be drawn from
// the two lists without looking anything up.
package gradebook

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Version is the schema version this package writes and reads.
const Version = 1

// Book is grades.json: one class run.
type Book struct {
	// Version is the schema's version, [Version]. A reader refuses another.
	Version int `json:"version"`
	// Checker is the version of the checker that graded: its module
	// version, or the VCS revision it was built from with "+dirty" when
	// the tree had changes ("(devel)" when neither is known).
	Checker string `json:"checker"`
	// Started is when the run began (RFC 3339). A resumed run keeps the
	// first run's start.
	Started time.Time `json:"started"`
	// Updated is when this file was last written; it is written again
	// after every student.
	Updated time.Time `json:"updated"`
	// Complete is true once every student of the run has been graded;
	// false while the run goes on or after it was interrupted (then
	// `checker grade --resume` finishes it).
	Complete bool `json:"complete"`
	// Seed seeded the random choices (arguments, names, sizes) of every
	// lesson of every student; `checker run --seed N` repeats them for one
	// submission. Timing cannot be repeated.
	Seed int64 `json:"seed"`
	// Lang is the language of every message, title and test name in this
	// file: "en" or "zh".
	Lang string `json:"lang"`
	// Isolation says how the students' programs ran: "sandbox" (the
	// checker's own sandbox) or "none" (no sandbox, with --unsafe or where
	// the system has none).
	Isolation string `json:"isolation"`
	// Jobs is how many lessons were graded at the same time.
	Jobs int `json:"jobs"`
	// Before is the deadline given with --before, or null: each submission
	// was graded as of its last commit before it.
	Before *time.Time `json:"before,omitempty"`
	// Lessons are the lessons graded, in course order.
	Lessons []Lesson `json:"lessons"`
	// Students are the rows: the submissions in the order they were given,
	// then the students of the roster who handed in nothing.
	Students []Student `json:"students"`
	// Roster is what joining the rows to --roster found, or null without
	// a roster.
	Roster *Roster `json:"roster,omitempty"`
}

// Lesson describes one graded lesson.
type Lesson struct {
	// ID is the lesson's two-digit number ("05"), or "chatroom".
	ID string `json:"id"`
	// Num is the lesson's number, 0 for the chat room. Every Test of the
	// lesson has it as its task_id.
	Num int `json:"num"`
	// Slug names the topic ("multitask"); the folder is lessons/ID-slug.
	Slug string `json:"slug"`
	// Title is the lesson's title in Book.Lang.
	Title string `json:"title"`
	// MaxPoints is what the lesson is worth.
	MaxPoints int `json:"max_points"`
	// Checks are the lesson's checks in the order they run.
	Checks []Check `json:"checks"`
}

// Check describes one check of a lesson.
type Check struct {
	// ID is the check's short stable id, unique within its lesson
	// ("goroutines-overlap"): the key to join Tests across students.
	ID string `json:"id"`
	// Title says in Book.Lang what a passing program does.
	Title string `json:"title"`
	// MaxPoints is what the check is worth.
	MaxPoints int `json:"max_points"`
}

// StudentStatus says whether a row could be graded at all.
type StudentStatus string

// The states of a student's row.
const (
	// Graded: every lesson has its result (which may be an error).
	Graded StudentStatus = "graded"
	// Failed: the submission could not be graded at all (not a copy of the
	// workbook; no commit before the deadline; the checkout failed). The
	// message says why; every lesson is not-graded.
	Failed StudentStatus = "error"
	// Missing: the student is in the roster but handed in no folder.
	Missing StudentStatus = "missing"
	// Pending: not graded yet (the run was interrupted before it).
	Pending StudentStatus = "pending"
)

// Student is one row: one submission.
type Student struct {
	// Folder is the submission folder's name, the row's key (and the key
	// of the roster).
	Folder string `json:"folder"`
	// Dir is the submission's absolute path, empty for a Missing student.
	Dir string `json:"dir,omitempty"`
	// StudentID, Name and Email come from the roster (empty without one).
	StudentID string `json:"student_id,omitempty"`
	Name      string `json:"name,omitempty"`
	Email     string `json:"email,omitempty"`
	// Status says whether the row could be graded.
	Status StudentStatus `json:"status"`
	// Message says why a row is Failed or Missing, in Book.Lang.
	Message string `json:"message,omitempty"`
	// Lessons holds one result per Book.Lessons entry, in that order.
	Lessons []LessonResult `json:"lessons"`
	// Points is the sum of the lessons' points; MaxPoints the sum of their
	// maximums; Percent is 100 × Points / MaxPoints, rounded to 0.1.
	Points    int     `json:"points"`
	MaxPoints int     `json:"max_points"`
	Percent   float64 `json:"percent"`
	// Late describes the submission's history with --before, else null.
	Late *Lateness `json:"late,omitempty"`
	// Seconds is the wall-clock time spent grading the row.
	Seconds float64 `json:"seconds"`
}

// Lateness is what --before found in a submission's git history.
type Lateness struct {
	// Commit is the commit graded: the last one before the deadline
	// (empty when there was none).
	Commit string `json:"commit,omitempty"`
	// CommitTime is that commit's committer date.
	CommitTime *time.Time `json:"commit_time,omitempty"`
	// LateCommits counts the commits dated after the deadline (not graded).
	LateCommits int `json:"late_commits"`
	// LastCommitTime is the committer date of the newest commit, late or
	// not.
	LastCommitTime *time.Time `json:"last_commit_time,omitempty"`
}

// Status is the outcome of one lesson of one student.
type Status string

// The outcomes of a lesson.
const (
	// Pass: full marks.
	Pass Status = "pass"
	// Partial: the program built and ran, and some checks failed (it may
	// have no points at all: a stub).
	Partial Status = "partial"
	// CompileError: the program does not compile; BuildOutput has the
	// compiler's message. No points.
	CompileError Status = "compile-error"
	// Timeout: the program hung: a check ran out of time (its points and
	// the other checks' still count).
	Timeout Status = "timeout"
	// Error: the checker could not grade the lesson (its worker was killed,
	// stopped, hung or sent garbage; a check could not be carried out).
	// The points are not a grade: grade it again.
	Error Status = "error"
	// NotGraded: there was nothing to grade (no lesson folder, the row
	// could not be graded, the run stopped before it).
	NotGraded Status = "not-graded"
)

// LessonResult is one lesson of one student.
type LessonResult struct {
	// Lesson is the lesson's ID.
	Lesson string `json:"lesson"`
	// Status is the lesson's outcome.
	Status Status `json:"status"`
	// Points and MaxPoints are the lesson's score.
	Points    int `json:"points"`
	MaxPoints int `json:"max_points"`
	// Message says, in Book.Lang, why the lesson is not graded, did not
	// compile, or could not be graded.
	Message string `json:"message,omitempty"`
	// BuildOutput is the compiler's message for a compile-error.
	BuildOutput string `json:"build_output,omitempty"`
	// Seconds is how long the lesson took to grade, build included.
	Seconds float64 `json:"seconds"`
	// Tests are the lesson's checks in order: results.json v3 rows with
	// points and the check's id. Empty when nothing was graded.
	Tests []Test `json:"tests"`
}

// Test is one check of one student: a row of exercism's results.json
// (version 3) as `checker run --json` prints it (with the check's id and
// points), and whether the check ran out of time.
type Test struct {
	// Name is "NN slug: title", in Book.Lang.
	Name string `json:"name"`
	// ID is the check's stable id (Check.ID), results.json's check_id.
	ID string `json:"check_id"`
	// Status is "pass", "fail" or "error" (the check could not be carried
	// out, or did not run because the program does not compile).
	Status string `json:"status"`
	// Message says what was expected and what happened; null when passed.
	Message *string `json:"message"`
	// Output is the end of what the program printed (at most 500
	// characters), for a check that did not pass; omitted when empty.
	Output *string `json:"output,omitempty"`
	// TaskID is the lesson's number.
	TaskID int `json:"task_id"`
	// Points and MaxPoints are the check's score.
	Points    int `json:"points"`
	MaxPoints int `json:"max_points"`
	// TimedOut is true when the check failed because the program ran out
	// of time.
	TimedOut bool `json:"timed_out,omitempty"`
}

// Roster is what joining the submissions to --roster found.
type Roster struct {
	// File is the roster's path as given.
	File string `json:"file"`
	// Unknown are submission folders that are not in the roster (their rows
	// are graded, with no id, name or email).
	Unknown []string `json:"unknown_folders"`
	// Missing are the roster's folders with no submission (each has a row
	// with status "missing").
	Missing []string `json:"missing"`
}

// Lesson returns the student's result for the lesson with id, or nil.
func (s *Student) Lesson(id string) *LessonResult {
	for i := range s.Lessons {
		if s.Lessons[i].Lesson == id {
			return &s.Lessons[i]
		}
	}
	return nil
}

// Read decodes grades.json, refusing another schema version.
func Read(r io.Reader) (*Book, error) {
	var b Book
	if err := json.NewDecoder(r).Decode(&b); err != nil {
		return nil, fmt.Errorf("reading grades.json: %w", err)
	}
	if b.Version != Version {
		return nil, fmt.Errorf("grades.json has schema version %d; this checker reads version %d", b.Version, Version)
	}
	return &b, nil
}

// Marshal encodes the book as indented JSON with a final newline.
func (b *Book) Marshal() ([]byte, error) {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding grades.json: %w", err)
	}
	return append(data, '\n'), nil
}
