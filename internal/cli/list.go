package cli

import (
	"flag"
	"fmt"

	"github.com/fatih/color"

	"forkroom/internal/course"
	"forkroom/internal/i18n"
	"forkroom/internal/report"
)

func (a *app) list(args []string) error {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("list takes no arguments")
	}
	root, err := findRoot(a.env.Dir)
	if err != nil {
		return err
	}
	pr := &report.Printer{W: a.env.Stdout, Lang: a.lang, Color: a.color(false)}
	paint := func(attr color.Attribute, s string) string {
		c := color.New(attr)
		if pr.Color {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c.Sprint(s)
	}
	prog := course.LoadProgress(root)
	passed, ready := 0, 0
	next := ""
	for _, l := range course.Lessons {
		title := l.Title.In(a.lang)
		if !l.Ready() {
			fmt.Fprintf(a.env.Stdout, "  %s  %s%s%s\n", l.ID(), title, padTo(title, 56), paint(color.Faint, a.t("coming soon")))
			continue
		}
		ready++
		st, changed := prog.State(l, l.Path(root, course.Student))
		word := a.t(string(st))
		switch st {
		case course.Passed:
			passed++
			word = paint(color.FgGreen, "✓ "+word)
		case course.Failing:
			if changed {
				word += " " + a.t("(changed since last run)")
			}
			word = paint(color.FgRed, "✗ "+word)
		default:
			word = paint(color.Faint, "· "+word)
		}
		if st != course.Passed && next == "" {
			next = l.ID()
		}
		if !l.GradableOn(a.goos()) {
			word += " " + a.t("(needs Linux: use the dev container)")
		}
		fmt.Fprintf(a.env.Stdout, "  %s  %s%s%s\n", l.ID(), title, padTo(title, 56), word)
	}
	fmt.Fprintf(a.env.Stdout, "\n  %s %d/%d  %s\n", a.t("Progress"), passed, ready, report.Bar(passed, ready, 30))
	if next != "" {
		fmt.Fprintln(a.env.Stdout, "  "+i18n.M("Next: make lesson-%s (or: checker run %s)", next, next).In(a.lang))
	}
	return nil
}

func padTo(s string, width int) string {
	w := report.Width(s)
	if w >= width {
		return " "
	}
	return fmt.Sprintf("%*s", width-w, "")
}
