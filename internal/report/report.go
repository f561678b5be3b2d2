// Package report shows grading results: to a person as text (coloured only on
// a terminal and never under NO_COLOR), and to a machine as JSON in the shape
// of exercism's results.json version 3, with points added.
package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"forkroom/internal/course"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// tailLines is how many lines of a program's output a failure shows without -v.
const tailLines = 12

// Printer writes results for a person.
type Printer struct {
	W       io.Writer
	Lang    i18n.Lang
	Color   bool
	Verbose bool

	shown map[string]bool // blocks already shown in this lesson
}

func (p *Printer) paint(attrs ...color.Attribute) func(string) string {
	c := color.New(attrs...)
	if p.Color {
		c.EnableColor()
	} else {
		c.DisableColor()
	}
	return func(s string) string { return c.Sprint(s) }
}

func (p *Printer) t(en string) string { return i18n.T(p.Lang, en) }

func (p *Printer) m(format string, args ...any) string { return i18n.M(format, args...).In(p.Lang) }

// LessonHeader introduces a lesson about to be graded.
func (p *Printer) LessonHeader(l course.Lesson, path string) {
	p.shown = nil
	bold := p.paint(color.Bold)
	name := p.m("Lesson %s", l.ID())
	if l.Num == 0 {
		name = l.ID()
	}
	fmt.Fprintf(p.W, "%s · %s   %s\n", bold(name), bold(l.Title.In(p.Lang)), p.paint(color.Faint)(path))
}

// Check shows one check's result as it finishes.
func (p *Printer) Check(cr grade.CheckResult) {
	green, red, yellow, faint := p.paint(color.FgGreen), p.paint(color.FgRed, color.Bold), p.paint(color.FgYellow), p.paint(color.Faint)
	mark, pts := green("✓"), fmt.Sprintf("%d/%d", cr.Points, cr.MaxPoints)
	if cr.Status != grade.Pass {
		mark, pts = red("✗"), red(pts)
	}
	title := CheckName(cr.ID, p.t(cr.Title))
	fmt.Fprintf(p.W, "  %s %s%s %s\n", mark, title, pad(title, 72), pts)
	if cr.Status == grade.Pass && !p.Verbose {
		return
	}
	if cr.Message != nil {
		p.block(red, cr.Message.In(p.Lang))
	}
	for _, d := range cr.Details {
		p.titled(d.Title.In(p.Lang), d.Body.In(p.Lang))
	}
	for _, o := range cr.Outputs {
		p.titled(o.Title.In(p.Lang), p.transcript(o))
	}
	if len(cr.Leftovers) > 0 && cr.Status != grade.Pass {
		var names []string
		for _, l := range cr.Leftovers {
			names = append(names, fmt.Sprintf("%d %s (%s)", l.PID, l.Comm, l.State))
		}
		fmt.Fprintf(p.W, "      %s\n", faint("── "+p.t("left behind when the check ended (the checker stopped them)")))
		p.block(nil, strings.Join(names, "\n"))
	}
	if cr.Status != grade.Pass && cr.Hint != "" {
		label := p.t("hint:")
		if !strings.HasSuffix(label, "：") { // a full-width colon needs no space after it
			label += " "
		}
		p.block(yellow, label+p.t(cr.Hint))
	}
}

// transcript shows what a program printed: its stdout, then its stderr. The
// two arrive through two pipes, and nothing tells the checker in which order
// the program wrote to them (a program that alternates 20 lines on each was
// shown out of order in 8 of 10 runs when they were mixed by arrival), so
// each stream is shown whole and in its own order, never interleaved.
func (p *Printer) transcript(o grade.Output) string {
	var b strings.Builder
	if len(o.Lines) == 0 {
		b.WriteString(p.t("(no output)"))
		return b.String()
	}
	var stdout, stderr []grade.Line
	for _, l := range o.Lines {
		if l.Stream == grade.Stderr {
			stderr = append(stderr, l)
		} else {
			stdout = append(stdout, l)
		}
	}
	p.stream(&b, stdout, "│ ")
	if len(stderr) > 0 {
		if len(stdout) > 0 {
			b.WriteString(p.t("stderr:") + "\n")
		}
		p.stream(&b, stderr, "┊ ")
	}
	if o.Flooded {
		b.WriteString(p.t("… output stopped: too much of it") + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// stream writes the lines of one stream, each after mark, the last tailLines
// of them unless -v.
func (p *Printer) stream(b *strings.Builder, lines []grade.Line, mark string) {
	if !p.Verbose && len(lines) > tailLines {
		fmt.Fprintln(b, p.m("… %d earlier lines (-v shows all)", len(lines)-tailLines))
		lines = lines[len(lines)-tailLines:]
	}
	for _, l := range lines {
		text := l.Text
		if len(text) > 300 && !p.Verbose {
			text = text[:300] + "…"
		}
		b.WriteString(mark + text + "\n")
	}
}

// titled shows a block under a title, or only its title when the same block
// was shown above (checks that share one run of the program).
func (p *Printer) titled(title, body string) {
	faint := p.paint(color.Faint)
	key := title + "\x00" + body
	if p.shown[key] {
		fmt.Fprintf(p.W, "      %s\n", faint("── "+title+" "+p.t("(as above)")))
		return
	}
	if p.shown == nil {
		p.shown = map[string]bool{}
	}
	p.shown[key] = true
	fmt.Fprintf(p.W, "      %s\n", faint("── "+title))
	p.block(nil, body)
}

func (p *Printer) block(paint func(string) string, text string) {
	for _, line := range strings.Split(text, "\n") {
		if paint != nil {
			line = paint(line)
		}
		fmt.Fprintf(p.W, "      %s\n", line)
	}
}

// LessonResult closes a lesson: a build failure if there was one, and the score.
func (p *Printer) LessonResult(res *grade.Result) {
	red, bold, faint := p.paint(color.FgRed, color.Bold), p.paint(color.Bold), p.paint(color.Faint)
	if res.Status == grade.Error && res.Message != nil {
		msg := res.Message.In(p.Lang)
		fmt.Fprintf(p.W, "  %s %s%s %s\n", red("✗"), msg, pad(msg, 72), red(fmt.Sprintf("0/%d", res.MaxPoints)))
		if res.BuildOutput != "" {
			p.block(nil, res.BuildOutput)
		}
	}
	score := fmt.Sprintf("%d/%d", res.Points, res.MaxPoints)
	if res.Points == res.MaxPoints {
		score = p.paint(color.FgGreen, color.Bold)(score)
	} else {
		score = red(score)
	}
	fmt.Fprintf(p.W, "  %s %s   %s\n\n", bold(p.t("Score")), score,
		faint(p.m("(%.1f s, seed %d)", res.Duration.Seconds(), res.Seed)))
}

// Row is one line of the summary after `checker run all`.
type Row struct {
	Lesson course.Lesson
	Result *grade.Result
}

// Summary prints the table after several lessons.
func (p *Printer) Summary(rows []Row) {
	bold, green, red := p.paint(color.Bold), p.paint(color.FgGreen), p.paint(color.FgRed)
	fmt.Fprintln(p.W, bold(p.t("Summary")))
	total, max := 0, 0
	for _, r := range rows {
		title := r.Lesson.Title.In(p.Lang)
		score := fmt.Sprintf("%3d/%-3d", r.Result.Points, r.Result.MaxPoints)
		mark := green("✓")
		if r.Result.Points < r.Result.MaxPoints {
			mark = red("✗")
		}
		fmt.Fprintf(p.W, "  %s %-8s %s%s %s\n", mark, r.Lesson.ID(), title, pad(title, 52), score)
		total += r.Result.Points
		max += r.Result.MaxPoints
	}
	fmt.Fprintf(p.W, "  %s %d/%d\n", bold(p.t("Total")), total, max)
}

// CheckName is how a check is named to a person: its id, which the lesson
// texts use in both languages, beside its title in the reader's language
// ("completion-order · reaps the children in the order they end").
func CheckName(id, title string) string {
	if id == "" {
		return title
	}
	return id + " · " + title
}

// pad returns the spaces that bring s to width columns, counting a CJK
// character as two columns.
func pad(s string, width int) string {
	w := Width(s)
	if w >= width {
		return " "
	}
	return strings.Repeat(" ", width-w)
}

// Width is the number of terminal columns s takes: wide (CJK, full-width)
// characters count as two.
func Width(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case r >= 0x1100 && (r <= 0x115f || r == 0x2329 || r == 0x232a ||
			(r >= 0x2e80 && r <= 0xa4cf && r != 0x303f) || (r >= 0xac00 && r <= 0xd7a3) ||
			(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) ||
			(r >= 0xff00 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6)):
			w += 2
		default:
			w++
		}
	}
	return w
}

// Bar draws a progress bar of width cells, done of total filled.
func Bar(done, total, width int) string {
	if total == 0 {
		return strings.Repeat("░", width)
	}
	n := done * width / total
	return strings.Repeat("█", n) + strings.Repeat("░", width-n)
}
