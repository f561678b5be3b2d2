package classreport

import (
	"forkroom/internal/course"
	"forkroom/internal/gradebook"
	"forkroom/internal/i18n"
	"forkroom/internal/similar"
)

// FromGradebook makes the report of a class run from its grades.json, with
// the similarity results (nil when the code was not compared). Lesson and
// check titles are given in lang from the course when the checker knows the
// lesson, so that a page in Chinese shows Chinese titles whatever language
// the run was graded in; messages stay in the language of the run.
func FromGradebook(b *gradebook.Book, sim []similar.LessonResult, lang i18n.Lang) Report {
	r := Report{
		Checker:    b.Checker,
		Graded:     b.Started,
		Seed:       b.Seed,
		Incomplete: !b.Complete,
		Isolation:  b.Isolation,
		Before:     b.Before,
		Similarity: sim,
	}
	for _, bl := range b.Lessons {
		l := Lesson{ID: bl.ID, Title: bl.Title, MaxPoints: bl.MaxPoints}
		known, err := course.Find(bl.ID)
		if err != nil {
			known = course.Lesson{}
		} else {
			l.Title = known.Title.In(lang)
		}
		for _, bc := range bl.Checks {
			c := Check{ID: bc.ID, Title: bc.Title, MaxPoints: bc.MaxPoints}
			for _, kc := range known.Suite.Checks {
				if kc.ID == bc.ID {
					c.Title = i18n.T(lang, kc.Title)
				}
			}
			l.Checks = append(l.Checks, c)
		}
		r.Lessons = append(r.Lessons, l)
	}
	for _, bs := range b.Students {
		s := Student{Name: bs.Name, Folder: bs.Folder, StudentID: bs.StudentID, Lessons: map[string]LessonResult{}}
		if s.Name == "" {
			s.Name = bs.Folder
		}
		switch bs.Status {
		case gradebook.Graded:
		case gradebook.Missing:
			s.Problem = orDefault(bs.Message, i18n.T(lang, "handed in nothing"))
		case gradebook.Pending:
			s.Problem = orDefault(bs.Message, i18n.T(lang, "waiting to be graded"))
		default:
			s.Problem = orDefault(bs.Message, i18n.T(lang, "could not be graded"))
		}
		if late := bs.Late; late != nil {
			switch {
			case late.Commit == "":
				s.Late = i18n.T(lang, "no commit before the deadline: nothing to grade")
			case late.LateCommits > 0:
				s.Late = i18n.M("%d commits after the deadline, not graded", late.LateCommits).In(lang)
			}
		}
		for _, bl := range bs.Lessons {
			lr := LessonResult{Status: Status(bl.Status), Points: bl.Points, MaxPoints: bl.MaxPoints,
				Message: bl.Message, BuildOutput: bl.BuildOutput}
			for _, t := range bl.Tests {
				cr := CheckResult{ID: t.ID, Title: t.Name, Status: t.Status, Points: t.Points, MaxPoints: t.MaxPoints, TimedOut: t.TimedOut}
				if t.Message != nil {
					cr.Message = *t.Message
				}
				if t.Output != nil {
					cr.Output = *t.Output
				}
				lr.Checks = append(lr.Checks, cr)
			}
			if lr.Status == NotGraded && len(lr.Checks) == 0 && lr.Message == "" {
				continue // the cell says "not graded"; nothing to list
			}
			s.Lessons[bl.Lesson] = lr
		}
		r.Students = append(r.Students, s)
	}
	return r
}

func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
