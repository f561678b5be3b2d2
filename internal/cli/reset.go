package cli

import (
	"bufio"
	"flag"
	"fmt"
	"strings"

	"forkroom/internal/course"
	"forkroom/internal/i18n"
)

func (a *app) reset(args []string) error {
	fs := flag.NewFlagSet("reset", flag.ContinueOnError)
	yes := fs.Bool("yes", false, "do not ask")
	fs.BoolVar(yes, "y", false, "do not ask")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("reset needs one lesson, such as 01")
	}
	l, err := course.Find(pos[0])
	if err != nil {
		return usagef("%v", err)
	}
	if l.Num == 0 {
		return usagef("the chat room is not an exercise: there is nothing to reset")
	}
	root, err := findRoot(a.env.Dir)
	if err != nil {
		return err
	}
	dir := l.Path(root, course.Student)
	changes, err := course.Reset(l, dir, true)
	if err != nil {
		return err
	}
	w := a.env.Stdout
	if len(changes) == 0 {
		fmt.Fprintln(w, i18n.M("lessons/%s is already as it was handed out.", l.Dir()).In(a.lang))
		return nil
	}
	fmt.Fprintln(w, i18n.M("This puts lessons/%s back as it was handed out. Your changes to these files are lost:", l.Dir()).In(a.lang))
	for _, c := range changes {
		fmt.Fprintln(w, "  "+c)
	}
	if !*yes {
		fmt.Fprint(w, a.t("Reset? [y/N] "))
		answer, _ := bufio.NewReader(a.env.Stdin).ReadString('\n')
		answer = strings.ToLower(strings.TrimSpace(answer))
		if answer != "y" && answer != "yes" && answer != "是" {
			fmt.Fprintln(w, a.t("Nothing changed."))
			return nil
		}
	}
	if _, err := course.Reset(l, dir, false); err != nil {
		return err
	}
	fmt.Fprintln(w, i18n.M("Lesson %s is reset.", l.ID()).In(a.lang))
	return nil
}
