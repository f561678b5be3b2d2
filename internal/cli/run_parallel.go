package cli

import (
	"path/filepath"
	"sync"
	"time"

	"forkroom/internal/course"
	"forkroom/internal/grade"
	"forkroom/internal/report"
)

// runJobs is --jobs of `checker run`, or the default.
func runJobs(n int) int {
	if n <= 0 {
		return defaultJobs()
	}
	return n
}

// runLesson is a lesson of a parallel `checker run`: what its worker has
// sent so far.
type runLesson struct {
	l      course.Lesson
	path   string
	done   bool                         // its outcome is in
	seen   map[string]grade.CheckResult // checks finished so far, by id
	res    *grade.Result                // when its outcome is in
	failed bool                         // it was not handed out (interrupted)
}

// gradeParallel grades lessons in up to jobs workers at a time and shows the
// results in lesson order, each check as soon as it and the checks before it
// are in: the first lesson is shown live while the later ones are graded.
func (a *app) gradeParallel(root string, tree course.Tree, lessons []course.Lesson, f runFlags, jobs int,
	pr *report.Printer, record func(course.Lesson, string, *grade.Result)) []report.Row {
	ctx := a.env.Ctx
	sup := newSupervisor(jobs, isolationForRun(f))
	var mu sync.Mutex
	changed := make(chan struct{}, 1)
	notify := func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	states := make([]*runLesson, len(lessons))
	for i, l := range lessons {
		states[i] = &runLesson{l: l, path: l.Path(root, tree), seen: map[string]grade.CheckResult{}}
	}
	keys := make([]string, len(states))
	for i, st := range states {
		keys[i] = st.l.ID()
	}
	durs := loadDurations()
	defer durs.save()
	order := durs.longestFirst(keys)
	var wg sync.WaitGroup
	go func() {
		for n, i := range order {
			st, key := states[i], keys[i]
			wg.Add(1)
			p := lessonJob{lesson: st.l, dir: st.path, seed: f.seed, onCheck: func(c grade.CheckResult) {
				mu.Lock()
				st.seen[c.ID] = c
				mu.Unlock()
				notify()
			}}
			ok := sup.submit(ctx, p, func(o outcome) {
				defer wg.Done()
				if o.res != nil && !o.failed && !o.interrupted {
					durs.observe(key, o.res.Duration)
				}
				mu.Lock()
				st.done, st.res = true, o.res
				if st.res != nil {
					for _, c := range st.res.Checks {
						if _, ok := st.seen[c.ID]; !ok {
							st.seen[c.ID] = c
						}
					}
				}
				mu.Unlock()
				notify()
			})
			if !ok {
				// Interrupted: the lessons not handed out will not be
				// graded.
				wg.Done()
				mu.Lock()
				for _, j := range order[n:] {
					states[j].failed = true
				}
				mu.Unlock()
				notify()
				return
			}
		}
	}()
	defer wg.Wait()

	text := f.textReport()
	var rows []report.Row
	for _, st := range states {
		if text {
			rel, _ := filepath.Rel(root, st.path)
			pr.LessonHeader(st.l, rel)
		}
		shown := 0
		for {
			mu.Lock()
			var next []grade.CheckResult
			for shown+len(next) < len(st.l.Suite.Checks) {
				c, ok := st.seen[st.l.Suite.Checks[shown+len(next)].ID]
				if !ok {
					break
				}
				next = append(next, c)
			}
			res, failed := st.res, st.failed
			mu.Unlock()
			if text {
				for _, c := range next {
					pr.Check(c)
				}
			}
			shown += len(next)
			if res != nil && shown >= len(res.Checks) {
				break
			}
			if failed || (ctx.Err() != nil && st.allIn(&mu)) {
				break
			}
			select {
			case <-changed:
			case <-ctx.Done():
				// The workers are being stopped: wait for them to report.
				select {
				case <-changed:
				case <-time.After(100 * time.Millisecond):
				}
			}
		}
		mu.Lock()
		res := st.res
		mu.Unlock()
		if res == nil || ctx.Err() != nil {
			break
		}
		if text {
			pr.LessonResult(res)
		}
		rows = append(rows, report.Row{Lesson: st.l, Result: res})
		record(st.l, st.path, res)
	}
	return rows
}

// allIn reports whether the outcome of the lesson has come back.
func (st *runLesson) allIn(mu *sync.Mutex) bool {
	mu.Lock()
	defer mu.Unlock()
	return st.done
}

// isolationForRun is how `checker run` isolates programs: the student's
// own lessons/ in the sandbox where the system allows it, someone else's copy
// (--dir) only in one, unless --unsafe.
func isolationForRun(f runFlags) string {
	if f.isolation() == grade.IsolateRequired {
		return isolateRequired
	}
	return isolateIfPossible
}
