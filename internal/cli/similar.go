package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"forkroom/internal/classreport"
	"forkroom/internal/course"
	"forkroom/internal/i18n"
	"forkroom/internal/similar"
)

// similarFlags are the flags of `checker similar`.
type similarFlags struct {
	lessons   string
	base      string
	solutions bool
	json      bool
	html      string
	verbose   bool
	threshold float64
}

// similar compares, lesson by lesson, the code of several copies of the
// workbook and prints the pairs that are suspiciously alike.
func (a *app) similar(args []string) error {
	var f similarFlags
	fs := flag.NewFlagSet("similar", flag.ContinueOnError)
	fs.StringVar(&f.lessons, "lessons", "", "comma-separated lessons to compare (default: all)")
	fs.StringVar(&f.base, "base", "", "a copy of the workbook as handed out, whose stubs are left out")
	fs.BoolVar(&f.solutions, "solutions", false, "compare with the reference solutions too")
	fs.BoolVar(&f.json, "json", false, "print the comparison as JSON")
	fs.StringVar(&f.html, "html", "", "also write the comparison as an HTML page, the passages side by side")
	fs.BoolVar(&f.verbose, "v", false, "list every pair that shares a passage")
	fs.Float64Var(&f.threshold, "threshold", 0, "the score from which a pair is suspicious (default 0.5)")
	dirs, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(dirs) < 2 {
		return usagef("similar needs two or more folders, each a student's copy of the workbook")
	}
	if f.threshold < 0 || f.threshold > 1 {
		return usagef("--threshold is a share between 0 and 1, such as 0.5")
	}
	lessons, err := a.lessonList(f.lessons)
	if err != nil {
		return err
	}
	opt := similar.ClassOptions{Options: similar.Options{Threshold: f.threshold}}
	if f.base != "" {
		if opt.Base, err = a.root(f.base); err != nil {
			return err
		}
	}
	if f.solutions {
		if opt.Reference, err = findRoot(a.env.Dir); err != nil {
			return err
		}
	}
	var wbs []similar.Workbook
	for _, dir := range dirs {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return err
		}
		if !isWorkbook(abs) {
			fmt.Fprintln(a.env.Stderr, i18n.M("%s is not a copy of the forkroom workbook (no go.mod of module forkroom with lessons/ beside it)", dir).In(a.lang))
			continue
		}
		wbs = append(wbs, similar.Workbook{Name: filepath.Base(abs), Dir: abs})
	}
	results, err := similar.Class(uniqueNames(wbs), lessons, opt)
	if err != nil {
		return err
	}
	if f.html != "" {
		if err := a.writeSimilarHTML(f.html, lessons, results); err != nil {
			return err
		}
	}
	if f.json {
		data, _ := json.MarshalIndent(results, "", "  ")
		fmt.Fprintln(a.env.Stdout, string(data))
		return nil
	}
	a.printSimilar(a.env.Stdout, lessons, results, f.verbose)
	if f.html != "" {
		fmt.Fprintln(a.env.Stderr, i18n.M("wrote the similarity page: %s", f.html).In(a.lang))
	}
	return nil
}

// writeSimilarHTML writes the class report's page with the similarity
// section alone.
func (a *app) writeSimilarHTML(path string, lessons []course.Lesson, results []similar.LessonResult) error {
	r := classreport.Report{Similarity: results}
	for _, l := range lessons {
		r.Lessons = append(r.Lessons, classreport.Lesson{ID: l.ID(), Title: l.Title.In(a.lang), MaxPoints: l.MaxPoints()})
	}
	return classreport.WriteFile(path, r, a.lang)
}

// lessonList turns --lessons (comma-separated, empty for all) into lessons.
func (a *app) lessonList(only string) ([]course.Lesson, error) {
	if strings.TrimSpace(only) == "" {
		return a.select_("all")
	}
	var lessons []course.Lesson
	for _, arg := range strings.Split(only, ",") {
		ls, err := a.select_(strings.TrimSpace(arg))
		if err != nil {
			return nil, err
		}
		lessons = append(lessons, ls...)
	}
	return lessons, nil
}

// uniqueNames makes the workbooks' names unique: two folders of the same
// name (class-a/alice, class-b/alice) are named by their paths.
func uniqueNames(wbs []similar.Workbook) []similar.Workbook {
	count := map[string]int{}
	for _, wb := range wbs {
		count[wb.Name]++
	}
	out := make([]similar.Workbook, len(wbs))
	for i, wb := range wbs {
		if count[wb.Name] > 1 {
			wb.Name = wb.Dir
		}
		out[i] = wb
	}
	return out
}

// printSimilar writes the terminal summary of a comparison: for each lesson
// the suspicious pairs with their passages, then the highest other pair for
// scale; with verbose every pair.
func (a *app) printSimilar(w io.Writer, lessons []course.Lesson, results []similar.LessonResult, verbose bool) {
	titles := map[string]string{}
	for _, l := range lessons {
		titles[l.ID()] = l.Title.In(a.lang)
	}
	for _, r := range results {
		compared := len(r.Own) - len(r.Empty)
		if compared < 2 {
			fmt.Fprintf(w, "%s · %s   %s\n", i18n.M("Lesson %s", r.Lesson).In(a.lang), titles[r.Lesson],
				a.t("nothing to compare: fewer than two submissions have code of their own"))
			continue
		}
		fmt.Fprintf(w, "%s · %s   %s\n", i18n.M("Lesson %s", r.Lesson).In(a.lang), titles[r.Lesson],
			i18n.M("%d submissions compared", compared).In(a.lang))
		suspicious := r.Suspicious()
		if len(suspicious) == 0 {
			fmt.Fprintln(w, "  "+a.t("no suspicious pair"))
		}
		for _, p := range suspicious {
			fmt.Fprintf(w, "  ! %3.0f%%  %s ↔ %s   %s\n", 100*p.Score, terminalSafe(p.A), terminalSafe(p.B),
				i18n.M("%d tokens alike in %d passages; %.0f%% of the smaller one", p.Matched, len(p.Passages), 100*p.Max).In(a.lang))
			for _, ps := range p.Passages {
				fmt.Fprintf(w, "         %s:%d-%d  ↔  %s:%d-%d\n", terminalSafe(ps.A.File), ps.A.Start, ps.A.End, terminalSafe(ps.B.File), ps.B.Start, ps.B.End)
			}
		}
		shown := 0
		for _, p := range r.Pairs {
			if p.Suspicious {
				continue
			}
			if shown == 0 {
				fmt.Fprintln(w, "  "+a.t("the other pairs, for scale:"))
			}
			fmt.Fprintf(w, "    %3.0f%%  %s ↔ %s\n", 100*p.Score, terminalSafe(p.A), terminalSafe(p.B))
			shown++
			if !verbose && shown == 3 {
				break
			}
		}
		if len(r.Empty) > 0 {
			names := make([]string, len(r.Empty))
			for i, n := range r.Empty {
				names[i] = terminalSafe(n)
			}
			fmt.Fprintln(w, "  "+i18n.M("not compared, no code of their own: %s", strings.Join(names, ", ")).In(a.lang))
		}
	}
	fmt.Fprintln(w, a.t("A score is the share of the two submissions' own code that is alike token for token; it is a reason to read the passages side by side, not a verdict."))
}

// terminalSafe keeps a name from a submission (hostile input) from moving
// the cursor, changing colours or reversing the line: one with control or
// format characters is quoted.
func terminalSafe(s string) string {
	for _, r := range s {
		if !unicode.IsGraphic(r) {
			return strconv.QuoteToGraphic(s)
		}
	}
	return s
}
