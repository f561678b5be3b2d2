package report

import (
	"encoding/json"
	"fmt"
	"strings"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// Results is exercism's results.json (version 3) with points added: what
// `checker run --json` prints.
type Results struct {
	Version   int     `json:"version"`
	Status    string  `json:"status"`
	Message   *string `json:"message"`
	Tests     []Test  `json:"tests"`
	Points    int     `json:"points"`
	MaxPoints int     `json:"max_points"`
}

// Test is one check in Results.
type Test struct {
	Name string `json:"name"`
	// CheckID is the check's id, the name lesson texts use for it in both
	// languages (an addition to exercism's format, like the points).
	CheckID   string  `json:"check_id"`
	Status    string  `json:"status"`
	Message   *string `json:"message"`
	Output    *string `json:"output,omitempty"`
	TaskID    int     `json:"task_id"`
	Points    int     `json:"points"`
	MaxPoints int     `json:"max_points"`
}

// JSON turns the rows of one or more graded lessons into Results. A lesson's
// number is each of its checks' task_id; the chat room's is 0.
func JSON(rows []Row, lang i18n.Lang) Results {
	res := Results{Version: 3, Status: string(grade.Pass), Tests: []Test{}}
	var messages []string
	for _, r := range rows {
		res.Points += r.Result.Points
		res.MaxPoints += r.Result.MaxPoints
		switch {
		case r.Result.Status == grade.Error:
			res.Status = string(grade.Error)
		case r.Result.Status == grade.Fail && res.Status == string(grade.Pass):
			res.Status = string(grade.Fail)
		}
		if r.Result.Message != nil {
			msg := r.Lesson.ID() + ": " + r.Result.Message.In(lang)
			if r.Result.BuildOutput != "" {
				msg += "\n" + r.Result.BuildOutput
			}
			messages = append(messages, msg)
		}
		for _, c := range r.Result.Checks {
			t := Test{
				Name:      fmt.Sprintf("%s %s: %s", r.Lesson.ID(), r.Lesson.Slug, i18n.T(lang, c.Title)),
				CheckID:   c.ID,
				Status:    string(c.Status),
				TaskID:    r.Lesson.Num,
				Points:    c.Points,
				MaxPoints: c.MaxPoints,
			}
			if c.Message != nil {
				m := c.Message.In(lang)
				t.Message = &m
			}
			if c.Status != grade.Pass {
				var out []string
				for _, o := range c.Outputs {
					// stdout, then stderr: their order between them is not known
					for _, stream := range []grade.Stream{grade.Stdout, grade.Stderr} {
						for _, l := range o.Lines {
							if l.Stream == stream {
								out = append(out, l.Text)
							}
						}
					}
				}
				if len(out) > 0 {
					s := strings.Join(out, "\n")
					if len(s) > 500 { // exercism truncates output at 500 characters
						s = s[len(s)-500:]
					}
					t.Output = &s
				}
			}
			res.Tests = append(res.Tests, t)
		}
	}
	if len(messages) > 0 {
		m := strings.Join(messages, "\n\n")
		res.Message = &m
	}
	return res
}

// Marshal is JSON, indented, with a final newline.
func (r Results) Marshal() []byte {
	b, _ := json.MarshalIndent(r, "", "  ")
	return append(b, '\n')
}
