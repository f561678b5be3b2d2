// Package handout writes the repository a teacher hands out (`checker
// handout DIR`): the lessons as stubs, the checker's source, the lesson
// texts, a README written for students, a dev container, and a GitHub
// Classroom workflow that grades with the teacher's checker; and no reference
// code of any kind.
//
// The handout is made from an allow-list (files.go), checked before anything
// is written: the lessons must be exactly the stubs `checker reset` restores,
// no handed-out Go file may hold most of a reference solution (leak.go), and
// no text may name a path the handout left out (scan.go). It is a fresh
// folder with a fresh history: one commit, so the teacher's history, which
// holds the solutions, never goes out.
package handout

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"

	"forkroom/internal/course"
	"forkroom/internal/i18n"
	"forkroom/internal/report"
	"forkroom/internal/workbook"
)

//go:embed templates
var templates embed.FS

// Options say what kind of handout to make.
type Options struct {
	// Lang is the language of README.md; the other language's README
	// sits beside it. With Chinese, the checker speaks Chinese by default
	// in the handout too.
	Lang i18n.Lang
	// WithChatroom hands out the finished chat room (chatroom/), which is
	// the answer to lessons 13-15.
	WithChatroom bool
	// Vendor copies the modules into vendor/ so the handout builds with no
	// network (`go mod vendor`, which needs them in the module cache or
	// the network once, here).
	Vendor bool
	// CheckerRepo (OWNER/NAME on GitHub) and CheckerRev (a full commit
	// hash) are where the Classroom workflow builds the checker from.
	CheckerRepo, CheckerRev string
	// NoGit leaves the handout a plain folder: no `git init`, no commit.
	NoGit bool

	// keepDangling writes a handout even when a text names a missing
	// path, for tests that look at the rest.
	keepDangling bool
}

// Result says what Make did.
type Result struct {
	Dir     string
	Files   int                 // files written, less vendor/
	Omitted map[string]i18n.Msg // files of the repository left out, and why
	Commit  string              // the commit made, if any
	// Warnings are things the teacher should know, in the order found.
	Warnings []i18n.Msg
	// Dangling are the texts' paths to missing folders (only with
	// keepDangling; otherwise they make Make fail).
	Dangling []string
}

// Error is a failure the teacher reads, in either language.
type Error struct{ Msg i18n.Msg }

func (e *Error) Error() string { return e.Msg.In(i18n.En) }

// In renders the failure in l.
func (e *Error) In(l i18n.Lang) string { return e.Msg.In(l) }

func errorf(format string, args ...any) error { return &Error{Msg: i18n.M(format, args...)} }

// DanglingError is the failure of a handout whose texts name paths it does
// not have: a student would type a command that cannot work.
type DanglingError struct{ Refs []string }

func (e *DanglingError) Error() string {
	return fmt.Sprintf("%d paths in the texts name folders the handout leaves out:\n  %s", len(e.Refs), strings.Join(e.Refs, "\n  "))
}

// LeakError is the failure of a handout that would hand out reference code.
type LeakError struct{ Leaks []string }

func (e *LeakError) Error() string {
	return fmt.Sprintf("the handout would hold reference code:\n  %s", strings.Join(e.Leaks, "\n  "))
}

var (
	repoPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
	revPattern  = regexp.MustCompile(`^[0-9a-f]{40}$`)
)

// Make writes the handout of the teacher's repository at src into dst, which
// must not exist yet or be empty, and must not be inside src.
func Make(ctx context.Context, src, dst string, opts Options) (*Result, error) {
	src, err := filepath.Abs(src)
	if err != nil {
		return nil, err
	}
	if dst, err = filepath.Abs(dst); err != nil {
		return nil, err
	}
	if err := checkOptions(src, dst, opts); err != nil {
		return nil, err
	}
	res := &Result{Dir: dst}
	if opts.CheckerRepo == "" {
		res.Warnings = append(res.Warnings, i18n.M("the Classroom workflow names no checker, so it will fail with a message until you make the handout with --checker-repo OWNER/NAME --checker-rev COMMIT"))
	}

	files, omitted, err := selected(src, opts.WithChatroom)
	if err != nil {
		return nil, err
	}
	res.Omitted = omitted
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(f)))
		if err != nil {
			return nil, fmt.Errorf("reading the repository: %w", err)
		}
		out[f] = b
	}
	if err := checkStubs(src, out); err != nil {
		return nil, err
	}
	if leaks := findLeaks(out, referenceCode(src, opts.WithChatroom)); len(leaks) > 0 {
		var s []string
		for _, l := range leaks {
			s = append(s, l.String())
		}
		return nil, &LeakError{Leaks: s}
	}

	stamp := workbook.Stamp{Version: 1, Lang: opts.Lang.String(), WithChatroom: opts.WithChatroom, Vendored: opts.Vendor,
		CheckerRepo: opts.CheckerRepo, CheckerRev: opts.CheckerRev, Source: gitHead(ctx, src)}
	if opts.Lang == i18n.Zh {
		stamp.CheckerLang = "zh"
	}
	generated, err := generate(out, opts)
	if err != nil {
		return nil, err
	}
	for name, body := range generated {
		out[name] = body
	}

	inHandout := func(p string) bool {
		if _, ok := out[p]; ok {
			return true
		}
		for f := range out {
			if strings.HasPrefix(f, p+"/") {
				return true
			}
		}
		return p == "vendor" && opts.Vendor || p == "bin" || strings.HasPrefix(p, "bin/")
	}
	inSource := func(p string) bool {
		_, err := os.Stat(filepath.Join(src, filepath.FromSlash(p)))
		return err == nil
	}
	for _, d := range findDangling(out, inSource, inHandout) {
		res.Dangling = append(res.Dangling, d.String())
	}
	if len(res.Dangling) > 0 && !opts.keepDangling {
		return nil, &DanglingError{Refs: res.Dangling}
	}

	if err := os.MkdirAll(dst, 0o755); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(dst, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, out[n], 0o644); err != nil {
			return nil, fmt.Errorf("writing the handout: %w", err)
		}
	}
	if err := workbook.WriteStamp(dst, stamp); err != nil {
		return nil, err
	}
	res.Files = len(out) + 1
	if opts.Vendor {
		if err := goModVendor(ctx, dst); err != nil {
			return nil, err
		}
	}
	if !opts.NoGit {
		commit, err := gitCommit(ctx, dst)
		if err != nil {
			return nil, err
		}
		res.Commit = commit
	}
	return res, nil
}

func checkOptions(src, dst string, opts Options) error {
	if workbook.IsHandout(src) {
		return errorf("this copy is a handout already: make the handout from the teacher's repository, which has solutions/")
	}
	if rel, err := filepath.Rel(src, dst); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
		return errorf("%s is inside the repository: choose a folder outside it, such as %s", dst, filepath.Join(filepath.Dir(src), "forkroom-handout"))
	}
	if entries, err := os.ReadDir(dst); err == nil && len(entries) > 0 {
		return errorf("%s is not empty: the handout goes into a new folder", dst)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if (opts.CheckerRepo == "") != (opts.CheckerRev == "") {
		return errorf("--checker-repo and --checker-rev go together: the repository the workflow builds the checker from, and the commit")
	}
	if opts.CheckerRepo != "" && !repoPattern.MatchString(opts.CheckerRepo) {
		return errorf("--checker-repo %q: want OWNER/NAME, a repository on GitHub", opts.CheckerRepo)
	}
	if opts.CheckerRev != "" && !revPattern.MatchString(opts.CheckerRev) {
		return errorf("--checker-rev %q: want a full commit hash (40 hex digits; `git rev-parse HEAD`), which no one can move the way a branch or tag moves", opts.CheckerRev)
	}
	return nil
}

// checkStubs makes sure lessons/ is exactly what `checker reset` restores
// (the archive internal/course/pristine.tar.gz of the repository, which the
// handout's checker embeds): a teacher who tried a lesson in their own copy
// does not hand out their answer, and reset in the handout restores what was
// handed out.
func checkStubs(src string, files map[string][]byte) error {
	data, ok := files["internal/course/pristine.tar.gz"]
	if !ok {
		return errorf("internal/course/pristine.tar.gz is missing: run `make pristine`")
	}
	archive, err := course.ReadArchive(data)
	if err != nil {
		return err
	}
	var diffs []string
	want := map[string]bool{}
	for lesson, lf := range archive {
		for rel, body := range lf {
			p := path.Join("lessons", lesson, rel)
			want[p] = true
			if got, ok := files[p]; !ok {
				diffs = append(diffs, p+" (missing)")
			} else if !bytes.Equal(got, body) {
				diffs = append(diffs, p+" (changed)")
			}
		}
	}
	for p := range files {
		if strings.HasPrefix(p, "lessons/") && !want[p] {
			diffs = append(diffs, p+" (not a stub)")
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		return errorf("lessons/ is not the stubs that `checker reset` restores:\n  %s\nRun `make pristine` if you changed a stub on purpose, or `bin/checker reset NN` if you worked in a lesson.", strings.Join(diffs, "\n  "))
	}
	return nil
}

// referenceCode is every piece of reference code in the repository at src
// that a handout must not hold: the solutions, the known-wrong programs, and
// the chat room unless it is handed out.
func referenceCode(src string, withChatroom bool) map[string][]byte {
	out := map[string][]byte{}
	dirs := []string{"solutions", "internal/checks/testdata"}
	if !withChatroom {
		dirs = append(dirs, "chatroom")
	}
	for _, d := range dirs {
		_ = filepath.WalkDir(filepath.Join(src, d), func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			b, err := os.ReadFile(p)
			if err == nil {
				rel, _ := filepath.Rel(src, p)
				out[filepath.ToSlash(rel)] = b
			}
			return nil
		})
	}
	return out
}

// lessonRow is a lesson as the templates show it.
type lessonRow struct {
	ID, Slug, Dir, Title string
	// StepID and EnvName name its step in the Classroom workflow, and the
	// variable that hands the step's result to the reporter.
	StepID, EnvName string
	// Fallback is the result the reporter counts when the step left none.
	Fallback string
}

// readmeData fills a README template.
type readmeData struct {
	Lang           i18n.Lang
	Other          string // the other language's README
	Text           string // the lesson texts' file name in this language
	Protocol       string // the chat protocol's file name in this language
	GoVersion      string
	Lessons        []lessonRow
	WithChatroom   bool
	Vendored       bool
	HasGlossary    bool
	ChineseDefault bool
}

// T picks the text in the handout's language, for the Makefile.
func (d readmeData) T(en, zh string) string {
	if d.Lang == i18n.Zh {
		return zh
	}
	return en
}

// generate writes the files the handout has of its own: the READMEs, the
// Makefile and the Classroom workflow.
func generate(files map[string][]byte, opts Options) (map[string][]byte, error) {
	var rows []lessonRow
	for _, l := range course.Lessons {
		if !l.Ready() {
			continue
		}
		r := lessonRow{ID: l.ID(), Slug: l.Slug, Dir: l.Dir(), StepID: "lesson" + l.ID(), EnvName: "LESSON" + l.ID() + "_RESULTS"}
		r.Fallback = report.NotGraded(l.ID(), l.Slug, l.MaxPoints(),
			"This lesson's step left no result (it timed out, or the checker could not be built): see the workflow's log.").Encode()
		rows = append(rows, r)
	}
	_, glossary := files["docs/glossary.md"]
	base := readmeData{
		GoVersion: goVersion(files["go.mod"]), WithChatroom: opts.WithChatroom, Vendored: opts.Vendor,
		HasGlossary: glossary, ChineseDefault: opts.Lang == i18n.Zh,
	}
	en, zh := base, base
	en.Lang, en.Text, en.Protocol = i18n.En, "README.md", "PROTOCOL.md"
	zh.Lang, zh.Text, zh.Protocol = i18n.Zh, "README.zh.md", "PROTOCOL.zh.md"
	enName, zhName := "README.md", "README.zh.md"
	if opts.Lang == i18n.Zh {
		enName, zhName = "README.en.md", "README.md"
	}
	en.Other, zh.Other = zhName, enName
	en.Lessons, zh.Lessons = titled(rows, i18n.En), titled(rows, i18n.Zh)
	makefile := en
	if opts.Lang == i18n.Zh {
		makefile = zh
	}

	out := map[string][]byte{}
	for _, g := range []struct {
		name, tmpl string
		data       any
		delims     [2]string
	}{
		{enName, "templates/README.en.md", en, [2]string{"{{", "}}"}},
		{zhName, "templates/README.zh.md", zh, [2]string{"{{", "}}"}},
		{"Makefile", "templates/Makefile.tmpl", makefile, [2]string{"{{", "}}"}},
		{".github/workflows/classroom.yml", "templates/classroom.yml.tmpl", workflowData{
			CheckerRepo: opts.CheckerRepo, CheckerRev: opts.CheckerRev, Lessons: rows,
		}, [2]string{"[[", "]]"}},
	} {
		body, err := render(g.tmpl, g.delims, g.data)
		if err != nil {
			return nil, err
		}
		out[g.name] = body
	}
	return out, nil
}

// workflowData fills the Classroom workflow.
type workflowData struct {
	CheckerRepo, CheckerRev string
	Lessons                 []lessonRow
}

// Runners is the reporter's list of step ids.
func (w workflowData) Runners() string {
	ids := make([]string, len(w.Lessons))
	for i, l := range w.Lessons {
		ids[i] = l.StepID
	}
	return strings.Join(ids, ",")
}

// Workflow is the Classroom workflow a handout gets for the checker at
// repo and rev (both may be empty: the workflow then fails with a message).
func Workflow(repo, rev string) ([]byte, error) {
	files, err := generate(map[string][]byte{}, Options{CheckerRepo: repo, CheckerRev: rev})
	if err != nil {
		return nil, err
	}
	return files[".github/workflows/classroom.yml"], nil
}

func titled(rows []lessonRow, lang i18n.Lang) []lessonRow {
	out := make([]lessonRow, len(rows))
	for i, r := range rows {
		l, _ := course.Find(r.ID)
		r.Title = l.Title.In(lang)
		out[i] = r
	}
	return out
}

func render(name string, delims [2]string, data any) ([]byte, error) {
	src, err := templates.ReadFile(name)
	if err != nil {
		return nil, err
	}
	t, err := template.New(path.Base(name)).Delims(delims[0], delims[1]).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// goVersion is the go directive of a go.mod.
func goVersion(gomod []byte) string {
	for _, l := range strings.Split(string(gomod), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "go "); ok {
			return strings.TrimSpace(v)
		}
	}
	return "1.22"
}

// gitHead is the commit the repository at dir is at, or "" when it is not a
// git repository or git is missing.
func gitHead(ctx context.Context, dir string) string {
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// goModVendor vendors the handout's modules.
func goModVendor(ctx context.Context, dir string) error {
	cmd := exec.CommandContext(ctx, "go", "mod", "vendor")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go mod vendor: %w\n%s", err, out)
	}
	return nil
}

// gitCommit makes the handout a git repository with one commit on branch
// main. It uses the teacher's git identity, or a neutral one when none is
// configured.
func gitCommit(ctx context.Context, dir string) (string, error) {
	run := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("git %s: %w\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out)), nil
	}
	if _, err := exec.LookPath("git"); err != nil {
		return "", errorf("git is not installed: install it, or make the handout with --no-git")
	}
	if _, err := run("init", "-q"); err != nil {
		return "", err
	}
	if _, err := run("symbolic-ref", "HEAD", "refs/heads/main"); err != nil {
		return "", err
	}
	if _, err := run("add", "-A"); err != nil {
		return "", err
	}
	ident := []string{}
	if name, _ := run("config", "user.name"); name == "" {
		ident = append(ident, "-c", "user.name=forkroom handout")
	}
	if email, _ := run("config", "user.email"); email == "" {
		ident = append(ident, "-c", "user.email=handout@forkroom.invalid")
	}
	if _, err := run(append(ident, "commit", "-q", "--no-verify", "-m", "forkroom: the course as handed out")...); err != nil {
		return "", err
	}
	return run("rev-parse", "HEAD")
}
