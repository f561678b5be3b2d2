package cli

import (
	"flag"
	"fmt"
	"path/filepath"
	"runtime"

	"forkroom/internal/course"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/report"
)

// runFlags are the flags of `checker run`, shared by watch.
type runFlags struct {
	solution bool
	dir      string
	json     bool
	verbose  bool
	seed     int64
	jobs     int
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.solution, "solution", false, "grade solutions/ instead of lessons/")
	fs.StringVar(&f.dir, "dir", "", "grade the lessons in another copy of the workbook")
	fs.BoolVar(&f.json, "json", false, "print the result as JSON")
	fs.BoolVar(&f.verbose, "v", false, "show the programs' whole output")
	fs.Int64Var(&f.seed, "seed", 0, "repeat a run's random choices")
	fs.IntVar(&f.jobs, "jobs", 0, "lessons graded at the same time")
}

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
	lessons, err := a.select_(pos[0])
	if err != nil {
		return err
	}
	root, err := a.root(f.dir)
	if err != nil {
		return err
	}
	rows, err := a.grade(root, lessons, f)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.Result.Points < r.Result.MaxPoints || r.Result.Status != grade.Pass {
			return errFailed
		}
	}
	return nil
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
	pr := &report.Printer{W: a.env.Stdout, Lang: a.lang, Color: a.color(f.json), Verbose: f.verbose}
	prog := course.LoadProgress(root)
	var rows []report.Row
	var todo []course.Lesson
	for _, l := range lessons {
		if l.Unix && runtime.GOOS == "windows" {
			fmt.Fprintln(a.env.Stderr, i18n.M("lesson %s needs Linux or macOS: Windows has no fork, zombies or SIGCHLD. Use WSL.", l.ID()).In(a.lang))
			continue
		}
		todo = append(todo, l)
	}
	record := func(l course.Lesson, path string, res *grade.Result) {
		if tree == course.Student && f.dir == "" && l.Num > 0 {
			prog.Record(l, path, res)
		}
	}
	if jobs := runJobs(f.jobs); jobs > 1 && workersSupported && units(todo) > 1 {
		rows = a.gradeParallel(root, tree, todo, f, jobs, pr, record)
		todo = nil
	}
	for _, l := range todo {
		path := l.Path(root, tree)
		if !f.json {
			rel, _ := filepath.Rel(root, path)
			pr.LessonHeader(l, rel)
		}
		opts := grade.Options{Seed: f.seed}
		if !f.json {
			opts.OnCheck = pr.Check
		}
		res := grade.Grade(a.env.Ctx, l.Suite, path, opts)
		if !f.json {
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
	if f.json {
		a.env.Stdout.Write(report.JSON(rows, a.lang).Marshal())
	} else if len(rows) > 1 {
		pr.Summary(rows)
	}
	return rows, nil
}

// color says whether to colour: only on a terminal, never under NO_COLOR
// (no-color.org: set and not empty), never for JSON.
func (a *app) color(json bool) bool {
	return !json && a.env.Terminal && a.env.Getenv("NO_COLOR") == "" && a.env.Getenv("TERM") != "dumb"
}
