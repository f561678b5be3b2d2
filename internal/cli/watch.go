package cli

import (
	"flag"
	"fmt"

	"forkroom/internal/course"
	"forkroom/internal/i18n"
	"forkroom/internal/watch"
)

// watch grades a lesson, waits for a save, grades it again, and moves on to
// the next lesson when it passes.
func (a *app) watch(args []string) error {
	var f runFlags
	fs := flag.NewFlagSet("watch", flag.ContinueOnError)
	f.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("watch takes at most one lesson")
	}
	if err := f.settle(); err != nil {
		return err
	}
	if f.format != formatText {
		return usagef("watch does not print JSON: use run --json")
	}
	root, err := a.root(f.dir)
	if err != nil {
		return err
	}
	i := -1
	if len(pos) == 1 {
		l, err := course.Find(pos[0])
		if err != nil {
			return usagef("%v", err)
		}
		for j, m := range course.Lessons {
			if m.Num == l.Num {
				i = j
			}
		}
		if i < 0 {
			return usagef("watch follows the numbered lessons; use run for the chat room")
		}
	} else {
		prog := course.LoadProgress(root)
		for j, l := range course.Lessons {
			if st, _ := prog.State(l, l.Path(root, course.Student)); l.Ready() && st != course.Passed {
				i = j
				break
			}
		}
		if i < 0 {
			fmt.Fprintln(a.env.Stdout, a.t("Every lesson passes. Well done!"))
			return nil
		}
	}
	ctx := a.env.Ctx
	for i < len(course.Lessons) {
		l := course.Lessons[i]
		if !l.Ready() {
			i++
			continue
		}
		if !l.GradableOn(a.goos()) {
			fmt.Fprintln(a.env.Stderr, platformNote([]course.Lesson{l}, a.goos()).In(a.lang))
			return errNotGraded
		}
		tree := course.Student
		if f.solution {
			tree = course.Solution
		}
		dir := l.Path(root, tree)
		changes := watch.Changes(ctx, dir)
		rows, err := a.grade(root, []course.Lesson{l}, f)
		if err != nil {
			return err
		}
		for len(rows) == 1 && rows[0].Result.Points < rows[0].Result.MaxPoints {
			fmt.Fprintln(a.env.Stdout, i18n.M("Watching %s: save a file to check again (Ctrl-C to stop).", dir).In(a.lang))
			select {
			case <-ctx.Done():
				return nil
			case _, ok := <-changes:
				if !ok {
					return nil
				}
			}
			if rows, err = a.grade(root, []course.Lesson{l}, f); err != nil {
				return err
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		fmt.Fprintln(a.env.Stdout, i18n.M("Lesson %s passes. On to the next one!", l.ID()).In(a.lang))
		i++
	}
	fmt.Fprintln(a.env.Stdout, a.t("Every lesson passes. Well done!"))
	return nil
}
