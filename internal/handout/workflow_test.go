package handout

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/course"
	"forkroom/internal/report"
)

var update = flag.Bool("update", false, "rewrite testdata/classroom.yml")

// The golden workflow is what a handout gets for a checker pinned at a
// commit; `make test` runs actionlint on it (the workflow is generated, so
// linting one instance lints the template).
const (
	goldenRepo = "my-course/forkroom-checker"
	goldenRev  = "0123456789abcdef0123456789abcdef01234567"
)

func TestWorkflowGolden(t *testing.T) {
	got, err := Workflow(goldenRepo, goldenRev)
	require.NoError(t, err)
	golden := filepath.Join("testdata", "classroom.yml")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, got, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "the workflow changed: go test ./internal/handout -run TestWorkflowGolden -update, then make test (actionlint)")
}

// TestWorkflowShape checks what GitHub Classroom reads and actionlint does
// not know about: the names, one step per lesson with a plain id, the
// reporter with every step's result, and the checker from the teacher.
func TestWorkflowShape(t *testing.T) {
	wf, err := Workflow(goldenRepo, goldenRev)
	require.NoError(t, err)
	s := string(wf)
	assert.Regexp(t, `(?m)^name: Autograding Tests$`, s, "Classroom reads only this workflow name")
	assert.Regexp(t, `(?m)^jobs:\n  run-autograding-tests:$`, s, "and only this job")
	assert.Equal(t, 1, len(regexp.MustCompile(`(?m)^  [a-z-]+:$`).FindAllString(s[strings.Index(s, "jobs:"):], -1)), "one job")
	assert.Contains(t, s, `CHECKER_REPO: "`+goldenRepo+`"`)
	assert.Contains(t, s, `CHECKER_REV: "`+goldenRev+`"`)
	assert.Contains(t, s, "repository: ${{ env.CHECKER_REPO }}", "the checker is the teacher's")
	assert.Contains(t, s, "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0")
	assert.Contains(t, s, "uses: classroom-resources/autograding-grading-reporter@v1")

	var ids []string
	for _, l := range course.Lessons {
		id := "lesson" + l.ID()
		ids = append(ids, id)
		assert.Regexp(t, `^[a-zA-Z0-9]+$`, id, "a step id the reporter can read")
		assert.True(t, strings.Contains(s, "id: "+id+"\n"), "a step %s", id)
		step := `run: '"$RUNNER_TEMP/checker" run ` + l.ID() + ` --dir work --format classroom --github-output'`
		assert.True(t, strings.Contains(s, step), "the step runs %s", step)
		m := regexp.MustCompile(`(?m)^          ` + strings.ToUpper(id) + `_RESULTS: "\$\{\{ steps\.` + id + `\.outputs\.result \|\| '([A-Za-z0-9+/=]+)' \}\}"$`).FindStringSubmatch(s)
		require.Len(t, m, 2, "the reporter gets %s's result, or a zero", id)
		raw, err := base64.StdEncoding.DecodeString(m[1])
		require.NoError(t, err)
		var res report.ClassroomResult
		require.NoError(t, json.Unmarshal(raw, &res))
		assert.Equal(t, l.MaxPoints(), res.MaxScore, "a lesson with no result is 0 of its points")
		assert.Zero(t, res.Tests[0].Score)
	}
	assert.Contains(t, s, "runners: "+strings.Join(ids, ",")+"\n")
}
