// Package cli is the checker command: it parses the command line, finds the
// workbook, and dispatches to a subcommand. Only package main turns the
// returned code into an exit status.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"forkroom/internal/i18n"
	wb "forkroom/internal/workbook"
)

// Exit codes of the checker.
const (
	ExitOK    = 0 // full marks (or the command did what was asked)
	ExitFail  = 1 // a check failed
	ExitUsage = 2 // the command line was wrong, or the checker could not run
)

// Env is the world the command runs in, so that tests can give it another.
type Env struct {
	Args   []string // without the program name
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Dir is the working directory the workbook is looked for from.
	Dir string
	// Terminal says whether Stdout is a terminal (colour, prompts).
	Terminal bool
	// ErrTerminal says whether Stderr is a terminal (progress lines).
	ErrTerminal bool
	// Ctx is cancelled on Ctrl-C.
	Ctx context.Context
	// GOOS is the operating system to behave as; empty means runtime.GOOS.
	// Tests set it to see what a student on macOS or Windows sees.
	GOOS string
}

// usageError is a mistake on the command line: exit status 2 and the usage.
type usageError struct{ msg i18n.Msg }

func (e *usageError) Error() string { return e.msg.In(i18n.En) }

func usagef(format string, args ...any) error {
	return &usageError{msg: i18n.M(format, args...)}
}

// errFailed says a grade was below full marks; the results are already shown.
var errFailed = errors.New("some checks failed")

// msgError is an error the checker explains in the reader's language: exit
// status 2, without the usage hint.
type msgError struct{ msg i18n.Msg }

func (e *msgError) Error() string { return e.msg.In(i18n.En) }

func errorf(format string, args ...any) error {
	return &msgError{msg: i18n.M(format, args...)}
}

// errNotGraded says a lesson asked for could not be graded on this machine;
// the reason is already shown. Its exit status is 2: the checker could not
// run what was asked.
var errNotGraded = errors.New("not graded on this machine")

// errShown says the command failed and has already said why: exit status 2.
var errShown = errors.New("failed; the reason is shown")

// Main runs the checker with env and returns its exit status.
func Main(env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Ctx == nil {
		env.Ctx = context.Background()
	}
	lang := i18n.FromEnv(env.Getenv)
	args, flagLang, err := takeLang(env.Args, lang)
	if err != nil {
		fmt.Fprintln(env.Stderr, "checker:", err)
		return ExitUsage
	}
	if len(args) != len(env.Args) {
		lang = flagLang // --lang was given: it wins
	} else if l, ok := handoutLang(env.Dir); ok {
		lang = l
	}
	a := &app{env: env, lang: lang}
	if len(args) == 0 {
		a.usage(env.Stderr)
		return ExitUsage
	}
	cmd, rest := args[0], args[1:]
	var run func([]string) error
	switch cmd {
	case "list":
		run = a.list
	case "run":
		run = a.run
	case "hint":
		run = a.hint
	case "reset":
		run = a.reset
	case "watch":
		run = a.watch
	case "similar":
		run = a.similar
	case "grade":
		run = a.gradeClass
	case workerCommand:
		run = a.worker
	case "handout":
		run = a.handout
	case "help", "-h", "-help", "--help":
		a.usage(env.Stdout)
		return ExitOK
	default:
		fmt.Fprintln(env.Stderr, "checker: "+i18n.M("unknown command %q", cmd).In(lang))
		a.usage(env.Stderr)
		return ExitUsage
	}
	err = run(rest)
	var ue *usageError
	var me *msgError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errFailed):
		return ExitFail
	case errors.Is(err, errNotGraded), errors.Is(err, errShown):
		return ExitUsage
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintln(env.Stderr, "checker: "+ue.msg.In(lang))
		fmt.Fprintln(env.Stderr, i18n.T(lang, "Run `checker help` for usage."))
		return ExitUsage
	case errors.As(err, &me):
		fmt.Fprintln(env.Stderr, "checker: "+me.msg.In(lang))
		return ExitUsage
	default:
		var loc i18n.Localizer
		if errors.As(err, &loc) {
			fmt.Fprintln(env.Stderr, "checker: "+loc.In(lang))
			return ExitUsage
		}
		fmt.Fprintln(env.Stderr, "checker:", err)
		return ExitUsage
	}
}

type app struct {
	env  Env
	lang i18n.Lang
	// noteOnce says at most once that grading runs without a sandbox.
	noteOnce sync.Once
}

func (a *app) t(en string) string { return i18n.T(a.lang, en) }

func (a *app) usage(w io.Writer) {
	fmt.Fprint(w, a.t(usageText))
}

const usageText = `checker grades the exercises of the forkroom workbook.

Usage:
  checker list                   every lesson, its state, and your progress
  checker run LESSON [flags]     grade a lesson: 01, 1, all, or chatroom
  checker hint LESSON            the lesson's hints
  checker reset LESSON [--yes]   put the lesson's stub back as it was
  checker watch [LESSON]         grade again on every save, then move on
  checker grade DIR... [--out D] grade every lesson of several submissions (teachers)
  checker handout DIR [flags]    write the repository to hand out, without answers (teachers)
  checker similar DIR...         find submissions whose code is suspiciously alike

Flags of run:
  --solution   grade solutions/ instead of lessons/
  --dir DIR    grade the lessons in another copy of the workbook (a submission);
               its programs run only in a sandbox (Linux namespaces)
  --unsafe     with --dir: grade even where no sandbox can be made
  --json       print the result as JSON (exercism results.json v3 + points)
  --format F   text, json, or classroom (base64 JSON for GitHub Classroom);
               --github-output writes it to $GITHUB_OUTPUT as result=...
  -v           show the programs' whole output, also for passing checks
  --seed N     repeat a run's random choices (arguments, names, sizes);
               the timing of a run cannot be repeated
  --jobs N     lessons graded at the same time (default: 3 per core, 2 to 12)

Flags of grade:
  --out DIR      write grades.json and grades.csv there after every student
  --lessons L    grade some lessons only: 01,02,05
  --jobs N       lessons graded at the same time, each in its own worker
  --roster FILE  CSV of folder, id, name, email; adds canvas.csv, moodle.csv
  --before TIME  grade each git repository as of its last commit before TIME
  --resume       go on with the interrupted run in --out
  --unsafe       grade even where no sandbox can be made (unprotected)
  --json         print grades.json; --seed N as for run
  Exit status 1 when a submission or lesson could not be graded.

Flags of handout: --lang zh (README.md and the checker in Chinese),
  --with-chatroom, --vendor (build offline), --checker-repo OWNER/NAME and
  --checker-rev COMMIT (what the Classroom workflow grades with), --no-git.

Every command takes --lang zh|en (default: from LANG / LC_ALL).
Exit status: 0 at full marks, 1 when a check failed, 2 for a usage error.
`

// takeLang removes --lang from anywhere in args.
func takeLang(args []string, lang i18n.Lang) ([]string, i18n.Lang, error) {
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		var val string
		switch {
		case a == "--lang" || a == "-lang":
			if i+1 >= len(args) {
				return nil, lang, fmt.Errorf("--lang needs a value: zh or en")
			}
			val = args[i+1]
			i++
		case strings.HasPrefix(a, "--lang=") || strings.HasPrefix(a, "-lang="):
			val = a[strings.Index(a, "=")+1:]
		default:
			rest = append(rest, a)
			continue
		}
		l, err := i18n.Parse(val)
		if err != nil {
			return nil, lang, err
		}
		lang = l
	}
	return rest, lang, nil
}

// parse parses flags that may stand before, between or after the positional
// arguments (`checker run 05 --solution` and `checker run --solution 05`).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%v", flagError(err))
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// findRoot walks up from dir to the folder that holds the workbook: a go.mod
// of module forkroom with a lessons/ folder beside it.
func findRoot(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if isWorkbook(d) {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", usagef("no forkroom workbook here or above %s: run the checker inside your copy of the repository, or give --dir", dir)
		}
		d = parent
	}
}

// handoutLang is the checker's language that the handout around dir was
// made with (`checker handout --lang zh`), if any: the teacher's choice
// for the class comes before LANG, and --lang before both.
func handoutLang(dir string) (i18n.Lang, bool) {
	if dir == "" {
		return i18n.En, false
	}
	root, err := findRoot(dir)
	if err != nil {
		return i18n.En, false
	}
	stamp, ok, err := wb.ReadStamp(root)
	if err != nil || !ok || stamp.CheckerLang == "" {
		return i18n.En, false
	}
	l, err := i18n.Parse(stamp.CheckerLang)
	return l, err == nil
}

func isWorkbook(d string) bool {
	mod, err := os.ReadFile(filepath.Join(d, "go.mod"))
	if err != nil {
		return false
	}
	st, err := os.Stat(filepath.Join(d, "lessons"))
	return err == nil && st.IsDir() && strings.Contains(string(mod), "module forkroom")
}

// flagError renders the flag package's commonest errors in the reader's
// language; any other one stays as the flag package wrote it.
func flagError(err error) i18n.Localizer {
	msg := err.Error()
	for _, en := range []string{"flag provided but not defined: %s", "flag needs an argument: %s"} {
		if rest, ok := strings.CutPrefix(msg, strings.TrimSuffix(en, "%s")); ok {
			return i18n.M(en, rest)
		}
	}
	return i18n.Plain(msg)
}
