package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"forkroom/internal/course"
	"forkroom/internal/gradebook"
	"forkroom/internal/i18n"
	"forkroom/internal/report"
	"forkroom/internal/similar"
)

// defaultJobs is how many lessons `checker grade` and `checker run all`
// grade at the same time by default: three per core, at least two, at most
// twelve. A lesson spends most of its time waiting (its programs sleep 3 s
// tasks, pause at checkpoints, wait for datagrams): `run all --solution`
// takes about 35 s of wall time for 10 s of CPU one lesson at a time. Three
// workers per core keep the cores busy about half the time, which leaves
// the sleeping programs of the timing checks the prompt wake-ups they
// need: on 2 cores with one core kept busy by another program, grades with
// 4 and 6 workers were identical to grades with 1, check by check
// (docs/benchmarks.md, "Class grading").
func defaultJobs() int {
	return min(max(2, 3*runtime.NumCPU()), 12)
}

// classRun is one run of `checker grade`.
type classRun struct {
	a       *app
	lessons []course.Lesson
	sup     *supervisor
	out     *outDir
	ro      *roster
	before  *time.Time
	prog    *progress
	wg      sync.WaitGroup
	started []*studentRun
	durs    *durations // the longest lessons of a submission are handed out first

	mu       sync.Mutex // guards book, running and the files
	book     *gradebook.Book
	running  int
	writeErr error
	code     [][]similar.Submission // lesson index → each graded student's code, for the similarity report
}

// studentRun is one submission being graded.
type studentRun struct {
	row       int    // index in book.Students
	root      string // what is graded: the submission, or a private checkout of it
	checkout  string // the private checkout to remove afterwards
	start     time.Time
	pending   int // lessons not finished
	results   map[int]*gradebook.LessonResult
	stopped   bool // the run was interrupted while grading it
	abandoned bool // and its row was given up
}

// gradeClass is `checker grade DIR...`: it grades every lesson of several
// copies of the workbook in supervised workers, prints a table, and with
// --out writes grades.json, grades.csv (and with --roster the LMS exports)
// after every student.
func (a *app) gradeClass(args []string) error {
	fls := flag.NewFlagSet("grade", flag.ContinueOnError)
	out := fls.String("out", "", "folder to write grades.json, grades.csv (and canvas.csv, moodle.csv) into")
	only := fls.String("lessons", "", "comma-separated lessons to grade (default: all)")
	asJSON := fls.Bool("json", false, "print grades.json to stdout")
	jobs := fls.Int("jobs", 0, "lessons graded at the same time")
	resume := fls.Bool("resume", false, "go on with the interrupted run in --out")
	rosterFile := fls.String("roster", "", "CSV of folder → student id, name, email")
	beforeArg := fls.String("before", "", "grade each submission's last commit before this time")
	unsafe := fls.Bool("unsafe", false, "run without the sandbox where the system has none")
	seed := fls.Int64("seed", 0, "seed of the random choices (default: new)")
	dirs, err := parse(fls, args)
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		return usagef("grade needs one or more folders, each a student's copy of the workbook")
	}
	if *jobs < 0 {
		return usagef("--jobs must be 1 or more")
	}
	if *jobs == 0 {
		*jobs = defaultJobs()
	}
	if *resume && *out == "" {
		return usagef("--resume needs --out: the folder of the run to go on with")
	}
	lessons, err := a.classLessons(*only)
	if err != nil {
		return err
	}
	cr := &classRun{a: a, lessons: lessons}
	if *rosterFile != "" {
		if cr.ro, err = readRoster(*rosterFile); err != nil {
			return err
		}
	}
	if *beforeArg != "" {
		t, err := parseDeadline(*beforeArg)
		if err != nil {
			return err
		}
		cr.before = &t
	}
	isolation := isolateRequired
	if *unsafe {
		isolation = isolateIfPossible
	}
	if err := checkIsolation(isolation); err != nil {
		return err
	}

	book := &gradebook.Book{Version: gradebook.Version, Checker: checkerVersion(), Started: time.Now().UTC().Truncate(time.Second),
		Seed: *seed, Lang: a.lang.String(), Isolation: isolationName(isolation), Jobs: *jobs, Before: cr.before,
		Lessons: bookLessons(lessons, a.lang), Students: []gradebook.Student{}}
	if book.Seed == 0 {
		book.Seed = time.Now().UnixNano() % 1_000_000_000
	}
	if *out != "" {
		if cr.out, err = openOutDir(*out); err != nil {
			return err
		}
		defer cr.out.close()
	}
	kept := map[string]gradebook.Student{}
	if *resume {
		if kept, err = a.resumeFrom(cr.out, book, *seed); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	for _, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			return err
		}
		if seen[abs] {
			continue
		}
		seen[abs] = true
		if k, ok := kept[abs]; ok {
			book.Students = append(book.Students, k)
			continue
		}
		row := gradebook.Student{Folder: filepath.Base(abs), Dir: abs, Status: gradebook.Pending}
		for _, l := range lessons {
			row.Lessons = append(row.Lessons, notGraded(l, i18n.M("not graded yet"), a.lang))
		}
		total(&row)
		book.Students = append(book.Students, row)
	}
	submissions := len(book.Students)
	if cr.ro != nil {
		a.joinRoster(book, cr.ro)
	}
	cr.book = book

	ctx := a.env.Ctx
	cr.sup = newSupervisor(*jobs, isolation)
	cr.durs = loadDurations()
	defer cr.durs.save()
	var todo []int
	for i := 0; i < submissions; i++ {
		if book.Students[i].Status == gradebook.Pending {
			todo = append(todo, i)
		}
	}
	cr.prog = newProgress(a.env.Stderr, a.lang, a.env.ErrTerminal, submissions, submissions-len(todo))
	if len(todo) < submissions {
		cr.prog.say(i18n.M("--resume: %d of %d students already graded in %s", submissions-len(todo), submissions, *out).In(a.lang))
	}
	cr.write()
	for _, i := range todo {
		if ctx.Err() != nil {
			break
		}
		cr.grade(ctx, i)
	}
	cr.wg.Wait()
	cr.prog.close()
	for _, st := range cr.started {
		if st.checkout != "" {
			os.RemoveAll(st.checkout)
		}
	}

	cr.mu.Lock()
	defer cr.mu.Unlock()
	interrupted := ctx.Err() != nil
	book.Complete = !interrupted
	if cr.out != nil {
		cr.writeLocked()
	}
	if interrupted {
		done := 0
		for _, s := range book.Students[:submissions] {
			if s.Status != gradebook.Pending {
				done++
			}
		}
		if cr.out != nil {
			return errorf("interrupted: %d of %d students graded; the same command with --resume goes on", done, submissions)
		}
		return errorf("interrupted: %d of %d students graded", done, submissions)
	}
	if *asJSON {
		data, err := book.Marshal()
		if err != nil {
			return err
		}
		a.env.Stdout.Write(data)
	} else {
		a.printClass(book)
	}
	if cr.writeErr != nil {
		return cr.writeErr
	}
	if cr.out != nil {
		if err := cr.writeReport(book, !*asJSON); err != nil {
			return err
		}
		names := []string{filepath.Join(*out, gradesJSON), filepath.Join(*out, gradesCSV), filepath.Join(*out, reportHTML)}
		if cr.ro != nil {
			names = append(names, filepath.Join(*out, canvasCSV), filepath.Join(*out, moodleCSV))
		}
		fmt.Fprintln(a.env.Stderr, i18n.M("wrote %s", strings.Join(names, ", ")).In(a.lang))
		if cr.ro != nil {
			var left []string
			for _, s := range book.Students {
				if s.Status != gradebook.Missing && !exportable(s) {
					left = append(left, s.Folder)
				}
			}
			if len(left) > 0 {
				fmt.Fprintln(a.env.Stderr, i18n.M("left out of %s and %s (grade them again, or they are not in the roster): %s",
					canvasCSV, moodleCSV, strings.Join(left, ", ")).In(a.lang))
			}
			if _, keys, left := moodleRows(book); len(left) > 0 {
				fmt.Fprintln(a.env.Stderr, i18n.M("left out of %s (no %s, the column Moodle finds the students by): %s",
					moodleCSV, keys[0].header, strings.Join(left, ", ")).In(a.lang))
			}
		}
	}
	for _, s := range book.Students {
		if rowHasError(s) {
			return errFailed
		}
	}
	return nil
}

// classLessons are the lessons --lessons names, or all of them.
func (a *app) classLessons(only string) ([]course.Lesson, error) {
	if only == "" {
		return a.select_("all")
	}
	var lessons []course.Lesson
	have := map[string]bool{}
	for _, arg := range strings.Split(only, ",") {
		ls, err := a.select_(strings.TrimSpace(arg))
		if err != nil {
			return nil, err
		}
		for _, l := range ls {
			if !have[l.ID()] {
				have[l.ID()] = true
				lessons = append(lessons, l)
			}
		}
	}
	return lessons, nil
}

// resumeFrom reads the grades.json of an interrupted run and returns the
// rows to keep, by submission path. The run goes on with its seed, start
// and deadline; it must grade the same lessons.
func (a *app) resumeFrom(d *outDir, book *gradebook.Book, seed int64) (map[string]gradebook.Student, error) {
	data, err := d.read(gradesJSON)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usagef("--resume: there is no %s in %s to go on with", gradesJSON, d.path)
	}
	if err != nil {
		return nil, errorf("--resume: %v", err.Error())
	}
	old, err := gradebook.Read(bytes.NewReader(data))
	if err != nil {
		return nil, errorf("--resume: %v", err.Error())
	}
	var was, now []string
	for _, l := range old.Lessons {
		was = append(was, l.ID)
	}
	for _, l := range book.Lessons {
		now = append(now, l.ID)
	}
	if strings.Join(was, ",") != strings.Join(now, ",") {
		return nil, usagef("--resume: the run in %s graded lessons %s; give the same --lessons", d.path, strings.Join(was, ","))
	}
	if seed != 0 && seed != old.Seed {
		return nil, usagef("--resume: the run in %s used --seed %d", d.path, old.Seed)
	}
	if (old.Before == nil) != (book.Before == nil) || (old.Before != nil && !old.Before.Equal(*book.Before)) {
		return nil, usagef("--resume: give the same --before as the run in %s", d.path)
	}
	if old.Checker != book.Checker {
		fmt.Fprintln(a.env.Stderr, i18n.M("--resume: the run in %s was graded by checker %s, this is %s", d.path, old.Checker, book.Checker).In(a.lang))
	}
	book.Seed, book.Started = old.Seed, old.Started
	kept := map[string]gradebook.Student{}
	for _, s := range old.Students {
		if s.Dir != "" && (s.Status == gradebook.Graded || s.Status == gradebook.Failed) {
			kept[s.Dir] = s
		}
	}
	return kept, nil
}

// joinRoster gives each row its student's id, name and email, adds a row
// for each student of the roster with no submission, and reports both kinds
// of mismatch.
func (a *app) joinRoster(book *gradebook.Book, ro *roster) {
	info := &gradebook.Roster{File: ro.file, Unknown: []string{}, Missing: []string{}}
	have := map[string]bool{}
	for i := range book.Students {
		s := &book.Students[i]
		have[s.Folder] = true
		if e := ro.byFolder[s.Folder]; e != nil {
			s.StudentID, s.Name, s.Email = e.ID, e.Name, e.Email
		} else {
			info.Unknown = append(info.Unknown, s.Folder)
		}
	}
	for _, e := range ro.entries {
		if have[e.Folder] {
			continue
		}
		info.Missing = append(info.Missing, e.Folder)
		row := gradebook.Student{Folder: e.Folder, StudentID: e.ID, Name: e.Name, Email: e.Email, Status: gradebook.Missing,
			Message: i18n.M("no submission").In(a.lang)}
		for _, l := range book.Lessons {
			row.Lessons = append(row.Lessons, gradebook.LessonResult{Lesson: l.ID, Status: gradebook.NotGraded, MaxPoints: l.MaxPoints,
				Message: row.Message, Tests: []gradebook.Test{}})
		}
		total(&row)
		book.Students = append(book.Students, row)
	}
	book.Roster = info
	if len(info.Unknown) > 0 {
		fmt.Fprintln(a.env.Stderr, i18n.M("not in the roster %s: %s", ro.file, strings.Join(info.Unknown, ", ")).In(a.lang))
	}
	if len(info.Missing) > 0 {
		fmt.Fprintln(a.env.Stderr, i18n.M("in the roster but no submission: %s", strings.Join(info.Missing, ", ")).In(a.lang))
	}
}

// grade starts grading the submission of row i: it waits for free workers
// as it hands out the submission's lessons, and returns when all are handed
// out (or the run is interrupted).
func (cr *classRun) grade(ctx context.Context, i int) {
	cr.mu.Lock()
	row := cr.book.Students[i]
	cr.running++
	cr.prog.set(cr.running)
	cr.mu.Unlock()
	st := &studentRun{row: i, root: row.Dir, start: time.Now(), results: map[int]*gradebook.LessonResult{}}
	cr.mu.Lock()
	cr.started = append(cr.started, st)
	cr.mu.Unlock()
	lang := cr.a.lang
	var late *gradebook.Lateness
	if cr.before != nil {
		root, l, err := cr.sup.checkoutBefore(ctx, row.Dir, *cr.before)
		late = l
		switch {
		case err != nil:
			cr.failStudent(st, late, errMsg(err))
			return
		case root == "":
			for li, l := range cr.lessons {
				lr := notGraded(l, i18n.M("no commit before the deadline"), lang)
				st.results[li] = &lr
			}
			cr.finishStudent(st, late)
			return
		}
		st.root, st.checkout = root, root
	}
	if !isWorkbook(st.root) {
		cr.failStudent(st, late, i18n.M("%s is not a copy of the forkroom workbook (no go.mod of module forkroom with lessons/ beside it)", row.Dir))
		return
	}
	type job struct {
		li int
		p  lessonJob
	}
	var jobs []job
	for li, l := range cr.lessons {
		path := l.Path(st.root, course.Student)
		if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
			rel, _ := filepath.Rel(st.root, path)
			lr := notGraded(l, i18n.M("there is no folder %s", filepath.ToSlash(rel)), lang)
			st.results[li] = &lr
			continue
		}
		jobs = append(jobs, job{li: li, p: lessonJob{lesson: l, dir: path, seed: cr.book.Seed}})
	}
	st.pending = len(jobs)
	if st.pending == 0 {
		cr.finishStudent(st, late)
		return
	}
	keys := make([]string, len(jobs))
	for i, j := range jobs {
		keys[i] = j.p.lesson.ID()
	}
	for _, i := range cr.durs.longestFirst(keys) {
		j := jobs[i]
		cr.wg.Add(1)
		ok := cr.sup.submit(ctx, j.p, func(o outcome) {
			defer cr.wg.Done()
			if o.res != nil && !o.failed && !o.interrupted {
				cr.durs.observe(j.p.lesson.ID(), o.res.Duration)
			}
			cr.lessonDone(st, j.li, o, late)
		})
		if !ok {
			cr.wg.Done()
			cr.mu.Lock()
			st.stopped = true
			cr.mu.Unlock()
			break
		}
	}
	// A student whose lessons were not all handed out never finishes:
	// its row stays pending, and its checkout goes now or with the last
	// lesson that was handed out.
	cr.mu.Lock()
	defer cr.mu.Unlock()
	if st.stopped {
		cr.abandonLocked(st)
	}
}

func errMsg(err error) i18n.Msg {
	var me *msgError
	if errors.As(err, &me) {
		return me.msg
	}
	return i18n.M("%v", err.Error())
}

// lessonDone records a lesson's outcome; the last lesson completes the
// student.
func (cr *classRun) lessonDone(st *studentRun, li int, o outcome, late *gradebook.Lateness) {
	cr.mu.Lock()
	if o.interrupted {
		st.stopped = true
	}
	lr := lessonResult(cr.lessons[li], o, cr.a.lang)
	st.results[li] = &lr
	st.pending--
	last := st.pending == 0
	cr.mu.Unlock()
	if last {
		cr.finishStudent(st, late)
	}
}

// failStudent records a submission that could not be graded at all.
func (cr *classRun) failStudent(st *studentRun, late *gradebook.Lateness, why i18n.Msg) {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	row := &cr.book.Students[st.row]
	row.Status, row.Message, row.Late = gradebook.Failed, why.In(cr.a.lang), late
	row.Lessons = nil
	for _, l := range cr.lessons {
		row.Lessons = append(row.Lessons, notGraded(l, why, cr.a.lang))
	}
	total(row)
	row.Seconds = round1(time.Since(st.start).Seconds())
	cr.running--
	cr.writeLocked()
	cr.prog.finished(fmt.Sprintf("%s  %s", row.Folder, row.Message), cr.running)
}

// finishStudent records a submission whose lessons are all graded (or could
// not be), writes the files, and removes its checkout.
func (cr *classRun) finishStudent(st *studentRun, late *gradebook.Lateness) {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	if st.stopped {
		cr.abandonLocked(st)
		return
	}
	row := &cr.book.Students[st.row]
	row.Lessons = nil
	for li := range cr.lessons {
		row.Lessons = append(row.Lessons, *st.results[li])
	}
	row.Status, row.Late = gradebook.Graded, late
	total(row)
	row.Seconds = round1(time.Since(st.start).Seconds())
	if cr.out != nil {
		cr.keepCode(row.Folder, st.root)
	}
	if st.checkout != "" {
		os.RemoveAll(st.checkout)
		st.checkout = ""
	}
	cr.running--
	cr.writeLocked()
	line := fmt.Sprintf("%s  %d/%d  (%.1f s)", row.Folder, row.Points, row.MaxPoints, row.Seconds)
	if row.Late != nil && row.Late.LateCommits > 0 {
		line += "  " + i18n.M("%d commits after the deadline", row.Late.LateCommits).In(cr.a.lang)
	}
	cr.prog.finished(line, cr.running)
}

// abandonLocked gives up on a student the interrupted run did not finish:
// its row stays pending (its checkout is removed at the end of the run).
func (cr *classRun) abandonLocked(st *studentRun) {
	if st.abandoned {
		return
	}
	st.abandoned = true
	cr.running--
	cr.prog.set(cr.running)
}

// write writes the result files, if there is an --out.
func (cr *classRun) write() {
	cr.mu.Lock()
	defer cr.mu.Unlock()
	cr.writeLocked()
}

func (cr *classRun) writeLocked() {
	if cr.out == nil {
		return
	}
	if err := writeBook(cr.out, cr.book, cr.ro); err != nil && cr.writeErr == nil {
		cr.writeErr = err
		cr.prog.say("checker: " + err.Error())
	}
}

// printClass prints the class table: students × lessons and the total.
func (a *app) printClass(book *gradebook.Book) {
	w := a.env.Stdout
	name := report.Width(a.t("student"))
	for _, s := range book.Students {
		name = max(name, report.Width(s.Folder))
	}
	fmt.Fprintf(w, "%s%s", a.t("student"), strings.Repeat(" ", name+2-report.Width(a.t("student"))))
	for _, l := range book.Lessons {
		fmt.Fprintf(w, "%7s", l.ID)
	}
	fmt.Fprintf(w, "%10s\n", a.t("total"))
	for _, s := range book.Students {
		fmt.Fprintf(w, "%s%s", s.Folder, strings.Repeat(" ", name+2-report.Width(s.Folder)))
		for _, l := range s.Lessons {
			fmt.Fprintf(w, "%7s", cell(l))
		}
		fmt.Fprintf(w, "%10s", fmt.Sprintf("%d/%d", s.Points, s.MaxPoints))
		if s.Message != "" {
			fmt.Fprintf(w, "  %s", s.Message)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, a.t("(! = does not compile; ~ = a check timed out; ? = could not be graded: grade it again; - = not graded)"))
}
