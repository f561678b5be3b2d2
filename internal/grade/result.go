package grade

import (
	"time"

	"forkroom/internal/i18n"
	"forkroom/internal/proc"
)

// Status is the outcome of a lesson or a check, with the names of the
// exercism results.json format.
type Status string

// The outcomes.
const (
	Pass  Status = "pass"
	Fail  Status = "fail"
	Error Status = "error" // the program could not be built, or the checker could not run it
)

// Result is the outcome of grading one lesson.
type Result struct {
	Status  Status
	Message i18n.Localizer // why the whole lesson failed (build error), else nil
	// BuildOutput is the compiler's message when the program does not compile.
	BuildOutput string
	Checks      []CheckResult
	Points      int
	MaxPoints   int
	Seed        int64
	Build       time.Duration
	Duration    time.Duration
	// Sandboxed says whether the lesson's programs ran in a sandbox.
	Sandboxed bool
}

func (r *Result) fail(s Status, msg i18n.Localizer) {
	r.Status, r.Message = s, msg
}

// notRun records that no check of suite could run, and why: every check is
// listed as an error with no points, so the lesson's total still counts them.
func (r *Result) notRun(suite Suite, why i18n.Msg) {
	r.fail(Error, why)
	for _, c := range suite.Checks {
		r.Checks = append(r.Checks, CheckResult{ID: c.ID, Title: c.Title, Hint: c.Hint, MaxPoints: c.Points,
			Status: Error, Message: i18n.M("not run: %v", why)})
	}
}

// CheckResult is the outcome of one check.
type CheckResult struct {
	ID        string
	Title     string
	Hint      string
	Status    Status
	Points    int
	MaxPoints int
	Message   i18n.Localizer // nil when the check passed
	Details   []Detail
	Outputs   []Output
	Duration  time.Duration
	// Leftovers are the processes found below the checker after the
	// check's programs were stopped; the engine killed and reaped them.
	Leftovers []proc.Process
}

// Output is what one program printed during a check.
type Output struct {
	Title   i18n.Msg
	Lines   []Line
	Flooded bool
}
