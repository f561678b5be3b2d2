package cli

// A worker grades one lesson, every check of it, in a process of its own.
// The checker re-executes itself as `checker worker` (a hidden command),
// sends the job as JSON on the worker's stdin, and reads the worker's results
// from a pipe it hands over as file descriptor 3: one JSON line per check as
// it finishes, then one line with the lesson's result. The worker marks that
// descriptor close-on-exec at once, so no program it grades inherits it, and
// its stdout and stderr are not where results are read from: a student's
// program that reaches them writes nowhere that counts.
//
// Messages cross the pipe already rendered in both languages, so the parent
// shows them in its reader's language as if it had graded the lesson itself.

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"forkroom/internal/course"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/proc"
)

// workerCommand is the hidden subcommand a worker runs as.
const workerCommand = "worker"

// resultFD is the worker's end of the result pipe.
const resultFD = 3

// workerJob is what the parent asks a worker to grade.
type workerJob struct {
	// Lesson is the lesson's ID ("05", "chatroom").
	Lesson string `json:"lesson"`
	// Dir is the folder to grade.
	Dir string `json:"dir"`
	// Seed seeds the lesson's random choices.
	Seed int64 `json:"seed"`
	// Isolation is how to run the programs (isolateRequired, ...).
	Isolation string `json:"isolation"`
	// Token is repeated on every line the worker sends back.
	Token string `json:"token"`
}

// workerMsg is one line on the result pipe: a check as it finishes, or the
// lesson's result (the last line).
type workerMsg struct {
	Token  string      `json:"token"`
	Check  *wireCheck  `json:"check,omitempty"`
	Result *wireResult `json:"result,omitempty"`
}

// wireText is a message rendered in both languages.
type wireText struct {
	En string `json:"en"`
	Zh string `json:"zh,omitempty"`
}

func toWireText(l i18n.Localizer) *wireText {
	if l == nil {
		return nil
	}
	t := &wireText{En: l.In(i18n.En), Zh: l.In(i18n.Zh)}
	if t.Zh == t.En {
		t.Zh = ""
	}
	return t
}

func (t *wireText) localizer() i18n.Localizer {
	if t == nil {
		return nil
	}
	return i18n.Text{En: t.En, Zh: t.Zh}
}

// msg turns the text back into an i18n.Msg, for fields of that type.
func (t *wireText) msg() i18n.Msg {
	if t == nil {
		return i18n.M("%v", i18n.Plain(""))
	}
	return i18n.M("%v", i18n.Text{En: t.En, Zh: t.Zh})
}

type wireDetail struct {
	Title *wireText `json:"title"`
	Body  *wireText `json:"body"`
}

type wireOutput struct {
	Title   *wireText    `json:"title"`
	Lines   []grade.Line `json:"lines,omitempty"`
	Flooded bool         `json:"flooded,omitempty"`
}

// wireCheck is a grade.CheckResult on the pipe.
type wireCheck struct {
	ID        string         `json:"id"`
	Title     string         `json:"title"`
	Hint      string         `json:"hint,omitempty"`
	Status    grade.Status   `json:"status"`
	Points    int            `json:"points"`
	MaxPoints int            `json:"max_points"`
	Message   *wireText      `json:"message,omitempty"`
	TimedOut  bool           `json:"timed_out,omitempty"`
	Details   []wireDetail   `json:"details,omitempty"`
	Outputs   []wireOutput   `json:"outputs,omitempty"`
	Duration  time.Duration  `json:"duration"`
	Leftovers []proc.Process `json:"leftovers,omitempty"`
}

// wireResult is a grade.Result on the pipe.
type wireResult struct {
	Status      grade.Status  `json:"status"`
	Message     *wireText     `json:"message,omitempty"`
	BuildOutput string        `json:"build_output,omitempty"`
	Checks      []wireCheck   `json:"checks"`
	Points      int           `json:"points"`
	MaxPoints   int           `json:"max_points"`
	Seed        int64         `json:"seed"`
	Build       time.Duration `json:"build"`
	Duration    time.Duration `json:"duration"`
}

func toWireCheck(c grade.CheckResult) wireCheck {
	w := wireCheck{ID: c.ID, Title: c.Title, Hint: c.Hint, Status: c.Status, Points: c.Points, MaxPoints: c.MaxPoints,
		Message: toWireText(c.Message), TimedOut: timedOut(c.Message), Duration: c.Duration, Leftovers: c.Leftovers}
	for _, d := range c.Details {
		w.Details = append(w.Details, wireDetail{Title: toWireText(d.Title), Body: toWireText(d.Body)})
	}
	for _, o := range c.Outputs {
		w.Outputs = append(w.Outputs, wireOutput{Title: toWireText(o.Title), Lines: o.Lines, Flooded: o.Flooded})
	}
	return w
}

func (w wireCheck) result() grade.CheckResult {
	c := grade.CheckResult{ID: w.ID, Title: w.Title, Hint: w.Hint, Status: w.Status, Points: w.Points, MaxPoints: w.MaxPoints,
		Message: w.Message.localizer(), Duration: w.Duration, Leftovers: w.Leftovers}
	for _, d := range w.Details {
		c.Details = append(c.Details, grade.Detail{Title: d.Title.msg(), Body: d.Body.localizer()})
	}
	for _, o := range w.Outputs {
		c.Outputs = append(c.Outputs, grade.Output{Title: o.Title.msg(), Lines: o.Lines, Flooded: o.Flooded})
	}
	return c
}

func toWireResult(r *grade.Result) *wireResult {
	w := &wireResult{Status: r.Status, Message: toWireText(r.Message), BuildOutput: r.BuildOutput, Points: r.Points,
		MaxPoints: r.MaxPoints, Seed: r.Seed, Build: r.Build, Duration: r.Duration, Checks: []wireCheck{}}
	for _, c := range r.Checks {
		w.Checks = append(w.Checks, toWireCheck(c))
	}
	return w
}

// result turns the wire form back into a grade.Result, and says which
// checks ran out of time.
func (w *wireResult) result() (*grade.Result, map[string]bool) {
	r := &grade.Result{Status: w.Status, Message: w.Message.localizer(), BuildOutput: w.BuildOutput, Points: w.Points,
		MaxPoints: w.MaxPoints, Seed: w.Seed, Build: w.Build, Duration: w.Duration}
	timeouts := map[string]bool{}
	for _, c := range w.Checks {
		r.Checks = append(r.Checks, c.result())
		if c.TimedOut {
			timeouts[c.ID] = true
		}
	}
	return r, timeouts
}

// timedOut reports whether a check's failure is that the program ran out of
// time: the engine's and the program helpers' timeout failures, also when a
// check wraps one in a message of its own.
func timedOut(l i18n.Localizer) bool {
	var f *grade.Failure
	switch v := l.(type) {
	case nil:
		return false
	case *grade.Failure:
		f = v
	default:
		return false
	}
	return msgTimedOut(f.Msg, 0)
}

func msgTimedOut(m i18n.Msg, depth int) bool {
	if strings.HasPrefix(m.Format, "timed out") {
		return true
	}
	if depth > 4 {
		return false
	}
	for _, a := range m.Args {
		switch v := a.(type) {
		case *grade.Failure:
			if msgTimedOut(v.Msg, depth+1) {
				return true
			}
		case i18n.Msg:
			if msgTimedOut(v, depth+1) {
				return true
			}
		}
	}
	return false
}

// worker is `checker worker`: it grades the job on stdin and writes the
// results to file descriptor 3. Its exit status says only whether it could
// do so; the grade is on the pipe.
func (a *app) worker(args []string) error {
	if len(args) != 0 {
		return usagef("%v", "worker takes no arguments")
	}
	out, err := resultPipe()
	if err != nil {
		return err
	}
	defer out.Close()
	hardenProcess()
	var job workerJob
	if err := json.NewDecoder(io.LimitReader(a.env.Stdin, 1<<20)).Decode(&job); err != nil {
		return fmt.Errorf("worker: reading the job: %w", err)
	}
	l, err := course.Find(job.Lesson)
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	var werr error
	send := func(m workerMsg) {
		m.Token = job.Token
		if werr == nil {
			werr = enc.Encode(m)
		}
		if werr == nil {
			werr = w.Flush()
		}
	}
	opts := grade.Options{Seed: job.Seed, OnCheck: func(c grade.CheckResult) {
		wc := toWireCheck(c)
		send(workerMsg{Check: &wc})
	}}
	setIsolation(&opts, job.Isolation)
	res := grade.Grade(a.env.Ctx, l.Suite, job.Dir, opts)
	send(workerMsg{Result: toWireResult(res)})
	if werr != nil {
		return fmt.Errorf("worker: writing the result: %w", werr)
	}
	return nil
}

// errNoWorkers says this system cannot run workers (no file descriptors to
// hand over): lessons are graded in the checker's own process, one at a time.
var errNoWorkers = errors.New("workers are not supported on this system")

// resultPipe is the worker's end of the result pipe, made close-on-exec.
func resultPipe() (*os.File, error) {
	if !workersSupported {
		return nil, errNoWorkers
	}
	f := os.NewFile(resultFD, "result")
	if f == nil {
		return nil, fmt.Errorf("worker: no result pipe on file descriptor %d", resultFD)
	}
	if err := closeOnExec(f); err != nil {
		return nil, fmt.Errorf("worker: result pipe: %w", err)
	}
	if _, err := f.Stat(); err != nil {
		return nil, fmt.Errorf("worker: no result pipe on file descriptor %d: %w", resultFD, err)
	}
	return f, nil
}
