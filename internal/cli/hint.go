package cli

import (
	"flag"
	"fmt"

	"forkroom/internal/course"
	"forkroom/internal/i18n"
	"forkroom/internal/report"
)

func (a *app) hint(args []string) error {
	fs := flag.NewFlagSet("hint", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("hint needs one lesson, such as 01")
	}
	l, err := course.Find(pos[0])
	if err != nil {
		return usagef("%v", err)
	}
	w := a.env.Stdout
	fmt.Fprintf(w, "%s · %s\n\n  %s\n", i18n.M("Lesson %s", l.ID()).In(a.lang), l.Title.In(a.lang), l.Hint.In(a.lang))
	for _, c := range l.Suite.Checks {
		if c.Hint == "" {
			continue
		}
		fmt.Fprintf(w, "\n  • %s\n    %s\n", report.CheckName(c.ID, a.t(c.Title)), a.t(c.Hint))
	}
	readme := "README.md"
	if a.lang == i18n.Zh {
		readme = "README.zh.md"
	}
	fmt.Fprintf(w, "\n  %s\n", i18n.M("The lesson text: lessons/%s/%s", l.Dir(), readme).In(a.lang))
	return nil
}
