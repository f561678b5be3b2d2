package cli

import (
	"math"
	"runtime/debug"
	"strconv"
	"strings"

	"forkroom/internal/course"
	"forkroom/internal/grade"
	"forkroom/internal/gradebook"
	"forkroom/internal/i18n"
	"forkroom/internal/report"
)

// checkerVersion is the checker's module version, or the VCS revision it was
// built from ("+dirty" when the tree had changes), or "(devel)".
func checkerVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "(devel)"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "+dirty"
	}
	return rev
}

// bookLessons describes the graded lessons for grades.json.
func bookLessons(lessons []course.Lesson, lang i18n.Lang) []gradebook.Lesson {
	var out []gradebook.Lesson
	for _, l := range lessons {
		bl := gradebook.Lesson{ID: l.ID(), Num: l.Num, Slug: l.Slug, Title: l.Title.In(lang), MaxPoints: l.MaxPoints(),
			Checks: []gradebook.Check{}}
		for _, c := range l.Suite.Checks {
			bl.Checks = append(bl.Checks, gradebook.Check{ID: c.ID, Title: i18n.T(lang, c.Title), MaxPoints: c.Points})
		}
		out = append(out, bl)
	}
	return out
}

// lessonStatus is what a lesson's outcome comes to in the gradebook.
func lessonStatus(o outcome) gradebook.Status {
	res := o.res
	switch {
	case o.interrupted || res == nil:
		return gradebook.NotGraded
	case o.failed:
		return gradebook.Error
	case res.Status == grade.Error && res.BuildOutput != "":
		return gradebook.CompileError
	case res.Status == grade.Error:
		return gradebook.Error
	}
	for _, c := range res.Checks {
		if c.Status == grade.Error {
			return gradebook.Error
		}
	}
	switch {
	case res.Status == grade.Pass && res.Points == res.MaxPoints:
		return gradebook.Pass
	case len(o.timedOut) > 0:
		return gradebook.Timeout
	}
	return gradebook.Partial
}

// lessonResult records a lesson's outcome: its status, score, and the
// results.json rows of its checks.
func lessonResult(l course.Lesson, o outcome, lang i18n.Lang) gradebook.LessonResult {
	lr := gradebook.LessonResult{Lesson: l.ID(), Status: lessonStatus(o), MaxPoints: l.MaxPoints(), Tests: []gradebook.Test{}}
	res := o.res
	if res == nil {
		lr.Message = i18n.M("not graded: the run was interrupted").In(lang)
		return lr
	}
	lr.Points = res.Points
	lr.Seconds = round1(res.Duration.Seconds())
	if res.Message != nil {
		lr.Message = res.Message.In(lang)
	}
	lr.BuildOutput = res.BuildOutput
	rows := report.JSON([]report.Row{{Lesson: l, Result: res}}, lang).Tests
	for i, t := range rows {
		bt := gradebook.Test{Name: t.Name, ID: t.CheckID, Status: t.Status, Message: t.Message, Output: t.Output, TaskID: t.TaskID,
			Points: t.Points, MaxPoints: t.MaxPoints}
		if bt.ID == "" && i < len(res.Checks) {
			bt.ID = res.Checks[i].ID
		}
		bt.TimedOut = o.timedOut[bt.ID]
		lr.Tests = append(lr.Tests, bt)
	}
	return lr
}

// notGraded is a lesson that was not graded, and why.
func notGraded(l course.Lesson, why i18n.Msg, lang i18n.Lang) gradebook.LessonResult {
	return gradebook.LessonResult{Lesson: l.ID(), Status: gradebook.NotGraded, MaxPoints: l.MaxPoints(),
		Message: why.In(lang), Tests: []gradebook.Test{}}
}

// total fills a row's points, maximum and percentage from its lessons.
func total(s *gradebook.Student) {
	s.Points, s.MaxPoints = 0, 0
	for _, l := range s.Lessons {
		s.Points += l.Points
		s.MaxPoints += l.MaxPoints
	}
	s.Percent = 0
	if s.MaxPoints > 0 {
		s.Percent = round1(100 * float64(s.Points) / float64(s.MaxPoints))
	}
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// rowHasError reports whether a row needs a teacher's look: it could not be
// graded at all, or a lesson of it could not.
func rowHasError(s gradebook.Student) bool {
	if s.Status == gradebook.Failed {
		return true
	}
	for _, l := range s.Lessons {
		if l.Status == gradebook.Error {
			return true
		}
	}
	return false
}

// statusMarks are the marks after a cell of the class table.
var statusMarks = map[gradebook.Status]string{
	gradebook.CompileError: "!",
	gradebook.Timeout:      "~",
	gradebook.Error:        "?",
}

// cell shows one lesson's score: "8/8", "0/8!" for a build error, "-" when
// not graded.
func cell(l gradebook.LessonResult) string {
	if l.Status == gradebook.NotGraded {
		return "-"
	}
	return strings.TrimSpace(strconv.Itoa(l.Points) + "/" + strconv.Itoa(l.MaxPoints) + statusMarks[l.Status])
}
