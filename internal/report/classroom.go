package report

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// ClassroomResult is what a grader step of GitHub Classroom's autograding
// hands to classroom-resources/autograding-grading-reporter: the step writes
// it, base64-encoded, as its `result` output, and the reporter adds up
// tests[].score and max_score over every step to give the student
// "Points X/Y". It is exercism's results.json (version 1) plus max_score and a
// score for each test. Points are whole numbers: Classroom rounds fractions.
type ClassroomResult struct {
	Version  int             `json:"version"`
	Status   string          `json:"status"` // pass, fail or error
	MaxScore int             `json:"max_score"`
	Tests    []ClassroomTest `json:"tests"`
}

// ClassroomTest is one check in ClassroomResult.
type ClassroomTest struct {
	Name     string `json:"name"`
	Status   string `json:"status"`
	Score    int    `json:"score"`
	Message  string `json:"message"`
	TestCode string `json:"test_code"` // the command that repeats the check
	Filename string `json:"filename"`  // the folder graded, from the top of the repository
	LineNo   int    `json:"line_no"`
	Duration int64  `json:"duration"` // milliseconds, as the Classroom graders write it
}

// classroomMessageMax bounds a test's message: the reporter prints it in the
// workflow's log, and a compiler's output can be long.
const classroomMessageMax = 2000

// Classroom turns the rows of one or more graded lessons into a
// ClassroomResult. Each check is a test worth its points; a lesson that does
// not compile lists its checks with no points and the compiler's message.
func Classroom(rows []Row, lang i18n.Lang) ClassroomResult {
	res := ClassroomResult{Version: 1, Status: string(grade.Pass), Tests: []ClassroomTest{}}
	for _, r := range rows {
		res.MaxScore += r.Result.MaxPoints
		switch {
		case r.Result.Status == grade.Error:
			res.Status = string(grade.Error)
		case r.Result.Status == grade.Fail && res.Status == string(grade.Pass):
			res.Status = string(grade.Fail)
		}
		dir := path.Join("lessons", r.Lesson.Dir())
		cmd := "make lesson-" + r.Lesson.ID()
		if r.Lesson.Num == 0 {
			dir, cmd = r.Lesson.Dir(), "bin/checker run "+r.Lesson.ID()
		}
		var lessonMsg string
		if r.Result.Message != nil {
			lessonMsg = r.Result.Message.In(lang)
			if r.Result.BuildOutput != "" {
				lessonMsg += "\n" + r.Result.BuildOutput
			}
		}
		for i, c := range r.Result.Checks {
			t := ClassroomTest{
				Name:     fmt.Sprintf("%s %s · %s", r.Lesson.ID(), c.ID, i18n.T(lang, c.Title)),
				Status:   string(c.Status),
				Score:    c.Points,
				TestCode: cmd,
				Filename: dir,
				Duration: c.Duration.Milliseconds(),
			}
			if c.Status != grade.Pass {
				var parts []string
				if i == 0 && lessonMsg != "" {
					parts = append(parts, lessonMsg)
				}
				if c.Message != nil {
					parts = append(parts, c.Message.In(lang))
				}
				if c.Hint != "" {
					parts = append(parts, i18n.T(lang, "hint:")+" "+i18n.T(lang, c.Hint))
				}
				t.Message = clip(strings.Join(parts, "\n"), classroomMessageMax)
			}
			res.Tests = append(res.Tests, t)
		}
	}
	return res
}

// clip keeps the first max bytes of s, cut at a rune boundary.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && (s[cut]&0xC0) == 0x80 {
		cut--
	}
	return s[:cut] + " …"
}

// Encode is the result as the reporter reads it: JSON, then standard base64.
func (r ClassroomResult) Encode() string {
	b, _ := json.Marshal(r)
	return base64.StdEncoding.EncodeToString(b)
}

// NotGraded is the result of a lesson whose grader step left no result (it
// timed out, or the checker could not be built): its checks are not listed,
// so it is one test worth nothing out of maxPoints. The Classroom workflow
// falls back to it so that the reporter still counts every other lesson.
func NotGraded(lessonID, title string, maxPoints int, message string) ClassroomResult {
	return ClassroomResult{
		Version:  1,
		Status:   string(grade.Error),
		MaxScore: maxPoints,
		Tests: []ClassroomTest{{
			Name:     lessonID + " " + title,
			Status:   string(grade.Error),
			Message:  message,
			TestCode: "make lesson-" + lessonID,
		}},
	}
}
