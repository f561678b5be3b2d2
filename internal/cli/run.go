package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"forkroom/internal/course"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/report"
	"forkroom/internal/sandbox"
	wb "forkroom/internal/workbook"
)

// runFlags are the flags of `checker run`, shared by watch.
type runFlags struct {
	solution bool
	dir      string
	json     bool
	format   string // text, json or classroom; --json is --format json
	// githubOutput sends the classroom result to the file named by
	// $GITHUB_OUTPUT, as the step output `result`, and the text report to
	// stdout for the workflow's log.
	githubOutput bool
	verbose      bool
	seed         int64
	// unsafe lets --dir grade another copy without a sandbox where none
	// can be made.
	unsafe bool
	jobs   int
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.solution, "solution", false, "grade solutions/ instead of lessons/")
	fs.StringVar(&f.dir, "dir", "", "grade the lessons in another copy of the workbook")
	fs.BoolVar(&f.json, "json", false, "print the result as JSON")
	fs.StringVar(&f.format, "format", "", "text, json or classroom")
	fs.BoolVar(&f.githubOutput, "github-output", false, "write the classroom result to $GITHUB_OUTPUT")
	fs.BoolVar(&f.verbose, "v", false, "show the programs' whole output")
	fs.Int64Var(&f.seed, "seed", 0, "repeat a run's random choices")
	fs.BoolVar(&f.unsafe, "unsafe", false, "with --dir: grade even where no sandbox can be made")
	fs.IntVar(&f.jobs, "jobs", 0, "lessons graded at the same time")
}

// isolation says how the programs run: the student's own workbook in a
// sandbox where the kernel allows it; someone else's copy (--dir) only in
// one, unless --unsafe.
func (f *runFlags) isolation() grade.Isolation {
	if f.dir != "" && !f.unsafe {
		return grade.IsolateRequired
	}
	return grade.IsolateIfPossible
}

// sandboxNote says once, on stderr, when the programs will not run in a
// sandbox because the kernel refuses to make one, and how to fix that.
func (a *app) sandboxNote(iso grade.Isolation) {
	err := sandbox.Available()
	if err == nil || (iso != grade.IsolateRequired && a.goos() != "linux") {
		return // elsewhere there are no sandboxes to miss
	}
	a.noteOnce.Do(func() {
		var ue *sandbox.UnavailableError
		var why i18n.Localizer = i18n.Plain(err.Error())
		if errors.As(err, &ue) {
			why = ue
		}
		msg := i18n.M("grading without the sandbox: %v", why)
		if iso == grade.IsolateRequired {
			msg = i18n.M("this copy is not graded, because it must run in a sandbox: %v (--unsafe grades it without one)", why)
		}
		fmt.Fprintln(a.env.Stderr, "checker: "+msg.In(a.lang))
	})
}

// Output formats of `checker run`.
const (
	formatText      = "text"
	formatJSON      = "json"      // exercism's results.json v3 with points
	formatClassroom = "classroom" // base64 JSON for GitHub Classroom's reporter
)

// settle checks the output flags and leaves the format in f.format.
func (f *runFlags) settle() error {
	switch {
	case f.format == "" && f.json:
		f.format = formatJSON
	case f.format == "":
		f.format = formatText
	case f.json && f.format != formatJSON:
		return usagef("--json and --format %s disagree: give one of them", f.format)
	}
	switch f.format {
	case formatText, formatJSON, formatClassroom:
	default:
		return usagef("unknown --format %q: text, json or classroom", f.format)
	}
	if f.githubOutput && f.format != formatClassroom {
		return usagef("--github-output writes the classroom result: add --format classroom")
	}
	return nil
}

// textReport says whether results are shown to a person as they come.
func (f *runFlags) textReport() bool { return f.format == formatText || f.githubOutput }

func (a *app) run(args []string) error {
	var f runFlags
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	f.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("run needs one lesson: a number such as 01, all, or chatroom")
	}
	if err := f.settle(); err != nil {
		return err
	}
	if f.githubOutput && a.env.Getenv("GITHUB_OUTPUT") == "" {
		return usagef("--github-output needs GITHUB_OUTPUT, the file GitHub Actions gives each step for its outputs")
	}
	lessons, err := a.select_(pos[0])
	if err != nil {
		return err
	}
	root, err := a.root(f.dir)
	if err != nil {
		return err
	}
	if err := handoutHas(root, lessons, f.solution); err != nil {
		return err
	}
	lessons, blocked := gradable(lessons, a.goos())
	if len(blocked) > 0 {
		fmt.Fprintln(a.env.Stderr, platformNote(blocked, a.goos()).In(a.lang))
	}
	rows, err := a.grade(root, lessons, f)
	if err != nil {
		return err
	}
	if f.githubOutput {
		// The grade is in the result; the step itself succeeds so that
		// the next lesson's step runs.
		return appendGitHubOutput(a.env.Getenv("GITHUB_OUTPUT"), "result", report.Classroom(rows, a.lang).Encode())
	}
	for _, r := range rows {
		if r.Result.Points < r.Result.MaxPoints || r.Result.Status != grade.Pass {
			return errFailed
		}
	}
	if len(blocked) > 0 {
		return errNotGraded
	}
	return nil
}

// appendGitHubOutput adds name=value to the step outputs file of GitHub
// Actions (a base64 value has no newline, so the one-line form is enough).
func appendGitHubOutput(file, name, value string) error {
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("writing the step output: %w", err)
	}
	_, err = fmt.Fprintf(f, "%s=%s\n", name, value)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing the step output: %w", err)
	}
	return nil
}

// handoutHas says, in a handout, that the reference code asked for is not
// there because it was never handed out, rather than that a folder is
// missing.
func handoutHas(root string, lessons []course.Lesson, solution bool) error {
	if !wb.IsHandout(root) {
		return nil
	}
	if solution {
		return usagef("this copy is a handout: it has no solutions/ to grade")
	}
	for _, l := range lessons {
		if _, err := os.Stat(l.Path(root, course.Student)); l.Num == 0 && err != nil {
			return usagef("this handout has no chatroom/: the finished chat room is the answer to lessons 13-15, and your teacher kept it")
		}
	}
	return nil
}

// goos is the operating system the checker runs on; tests set another.
func (a *app) goos() string {
	if a.env.GOOS != "" {
		return a.env.GOOS
	}
	return runtime.GOOS
}

// gradable splits lessons into those the checker can grade on goos and
// those it cannot.
func gradable(lessons []course.Lesson, goos string) (ok, blocked []course.Lesson) {
	for _, l := range lessons {
		if l.GradableOn(goos) {
			ok = append(ok, l)
		} else {
			blocked = append(blocked, l)
		}
	}
	return ok, blocked
}

// platformNote is the one line that says why lessons cannot be graded on
// goos and where they can be.
func platformNote(blocked []course.Lesson, goos string) i18n.Msg {
	ids := make([]string, len(blocked))
	for i, l := range blocked {
		ids[i] = l.ID()
	}
	list := strings.Join(ids, ", ")
	switch goos {
	case "windows":
		return i18n.M("Not graded here: lessons %s need Linux (Windows has no fork, zombies or SIGCHLD). Open this folder in its dev container (.devcontainer/, see README.md), or use WSL.", list)
	case "darwin":
		return i18n.M("Not graded here: lessons %s need Linux (the checker reads /proc and adopts orphans as a subreaper; macOS has neither). Open this folder in its dev container (.devcontainer/, see README.md).", list)
	}
	return i18n.M("Not graded here: lessons %s need Linux (/proc and a subreaper). Open this folder in its dev container (.devcontainer/, see README.md).", list)
}

// select_ turns a lesson argument into the lessons it names.
func (a *app) select_(arg string) ([]course.Lesson, error) {
	if arg == "all" {
		var out []course.Lesson
		for _, l := range course.Lessons {
			if l.Ready() {
				out = append(out, l)
			}
		}
		return out, nil
	}
	l, err := course.Find(arg)
	if err != nil {
		return nil, usagef("%v", err)
	}
	if !l.Ready() {
		return nil, usagef("lesson %s has no checks yet", l.ID())
	}
	return []course.Lesson{l}, nil
}

// root is the workbook to grade: --dir, or the one around the working
// directory.
func (a *app) root(dir string) (string, error) {
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", err
		}
		if !isWorkbook(abs) {
			return "", usagef("%s is not a copy of the forkroom workbook (no go.mod of module forkroom with lessons/ beside it)", dir)
		}
		return abs, nil
	}
	return findRoot(a.env.Dir)
}

// grade grades lessons in the workbook at root, printing as it goes (or JSON
// at the end), and records the student's progress.
func (a *app) grade(root string, lessons []course.Lesson, f runFlags) ([]report.Row, error) {
	tree := course.Student
	if f.solution {
		tree = course.Solution
	}
	text := f.textReport()
	pr := &report.Printer{W: a.env.Stdout, Lang: a.lang, Color: text && a.color(false), Verbose: f.verbose}
	prog := course.LoadProgress(root)
	a.sandboxNote(f.isolation())
	var rows []report.Row
	record := func(l course.Lesson, path string, res *grade.Result) {
		if tree == course.Student && f.dir == "" && l.Num > 0 {
			prog.Record(l, path, res)
		}
	}
	if jobs := runJobs(f.jobs); jobs > 1 && workersSupported && len(lessons) > 1 {
		rows = a.gradeParallel(root, tree, lessons, f, jobs, pr, record)
		lessons = nil
	}
	for _, l := range lessons {
		path := l.Path(root, tree)
		if text {
			rel, _ := filepath.Rel(root, path)
			pr.LessonHeader(l, rel)
		}
		opts := grade.Options{Seed: f.seed, Isolation: f.isolation()}
		if text {
			opts.OnCheck = pr.Check
		}
		res := grade.Grade(a.env.Ctx, l.Suite, path, opts)
		if text {
			pr.LessonResult(res)
		}
		rows = append(rows, report.Row{Lesson: l, Result: res})
		record(l, path, res)
		if a.env.Ctx.Err() != nil {
			break
		}
	}
	if err := prog.Save(); err != nil {
		fmt.Fprintln(a.env.Stderr, "checker:", err)
	}
	switch {
	case text && len(rows) > 1:
		pr.Summary(rows)
	case f.format == formatJSON:
		a.env.Stdout.Write(report.JSON(rows, a.lang).Marshal())
	case f.format == formatClassroom && !f.githubOutput:
		fmt.Fprintln(a.env.Stdout, report.Classroom(rows, a.lang).Encode())
	}
	return rows, nil
}

// color says whether to colour: only on a terminal, never under NO_COLOR
// (no-color.org: set and not empty), never for JSON.
func (a *app) color(json bool) bool {
	return !json && a.env.Terminal && a.env.Getenv("NO_COLOR") == "" && a.env.Getenv("TERM") != "dumb"
}
