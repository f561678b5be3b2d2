package report

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/course"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

func TestWidth(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"files", 5}, {"僵尸进程", 8}, {"fork：一个", 10}, {"ａｌｉｃｅ", 10}, {"", 0},
	} {
		assert.Equal(t, tc.want, Width(tc.s), "Width(%q)", tc.s)
	}
}

func TestBar(t *testing.T) {
	assert.Equal(t, "█████░░░░░", Bar(1, 2, 10))
	assert.Equal(t, "░░░░", Bar(0, 0, 4), "no lessons is an empty bar, not a division by zero")
}

func TestJSONOfABuildError(t *testing.T) {
	l := course.Lessons[0]
	res := &grade.Result{Status: grade.Error, Message: i18n.M("your program does not compile"),
		BuildOutput: "./main.go:3:1: syntax error", MaxPoints: 8}
	for _, c := range l.Suite.Checks {
		res.Checks = append(res.Checks, grade.CheckResult{ID: c.ID, Title: c.Title, Status: grade.Error,
			MaxPoints: c.Points, Message: i18n.M("not run: your program does not compile")})
	}
	got := JSON([]Row{{Lesson: l, Result: res}}, i18n.En)
	assert.Equal(t, "error", got.Status)
	require.NotNil(t, got.Message)
	assert.Contains(t, *got.Message, "syntax error", "the compiler's message")
	assert.Equal(t, 0, got.Points)
	assert.Equal(t, 8, got.MaxPoints)
	require.Len(t, got.Tests, len(l.Suite.Checks))
	assert.Equal(t, "01 files: lists every entry of the folder, each as file or dir", got.Tests[0].Name)
	assert.Equal(t, l.Suite.Checks[0].ID, got.Tests[0].CheckID, "the check's id, as the lesson texts name it")
}

func TestFailedCheckShowsMessageOutputAndHint(t *testing.T) {
	var b bytes.Buffer
	p := &Printer{W: &b}
	cr := grade.CheckResult{
		ID: "prints-done", Title: "prints done", Hint: "print it", Status: grade.Fail, MaxPoints: 2,
		Message: i18n.M("expected done, got %q", "nothing"),
		Outputs: []grade.Output{{Title: i18n.M("output"), Lines: []grade.Line{{Text: "hello"}, {Text: "oops", Stream: grade.Stderr}}}},
	}
	p.Check(cr)
	p.Check(cr)
	out := b.String()
	assert.Contains(t, out, "✗ prints-done · prints done", "the check's id beside its title")
	assert.Contains(t, out, `expected done, got "nothing"`)
	assert.Contains(t, out, "│ hello")
	assert.Contains(t, out, "┊ oops", "stderr lines are marked apart")
	assert.Contains(t, out, "hint: print it")
	assert.Contains(t, out, "── output (as above)", "the same output is not shown twice")
	assert.NotContains(t, out, "\x1b[", "no colour unless asked")
}

func TestOutputShowsStdoutThenStderr(t *testing.T) {
	var b bytes.Buffer
	p := &Printer{W: &b}
	p.Check(grade.CheckResult{
		ID: "x", Title: "t", Status: grade.Fail, MaxPoints: 1, Message: i18n.M("m"),
		Outputs: []grade.Output{{Title: i18n.M("output"), Lines: []grade.Line{
			{Text: "err 1", Stream: grade.Stderr}, {Text: "out 1"}, {Text: "out 2"}, {Text: "err 2", Stream: grade.Stderr},
		}}},
	})
	assert.Contains(t, b.String(), "│ out 1\n      │ out 2\n      stderr:\n      ┊ err 1\n      ┊ err 2\n",
		"the two pipes carry no order between them, so each stream is shown whole")
}
