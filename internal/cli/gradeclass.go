package cli

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"forkroom/internal/course"
	"forkroom/internal/grade"
	"forkroom/internal/i18n"
	"forkroom/internal/report"
)

// Class is the result of `checker grade`: students × lessons.
type Class struct {
	Lessons  []string  `json:"lessons"`
	Students []Student `json:"students"`
}

// Student is one submission's row.
type Student struct {
	Name      string                 `json:"name"`
	Dir       string                 `json:"dir"`
	Lessons   map[string]LessonScore `json:"lessons"`
	Points    int                    `json:"points"`
	MaxPoints int                    `json:"max_points"`
	Error     string                 `json:"error,omitempty"`
}

// LessonScore is one cell of the table.
type LessonScore struct {
	Status    string `json:"status"` // pass, fail, error
	Points    int    `json:"points"`
	MaxPoints int    `json:"max_points"`
}

// gradeClass grades every lesson of several copies of the workbook and
// prints a table; with --out it also writes grades.csv and grades.json.
func (a *app) gradeClass(args []string) error {
	fs := flag.NewFlagSet("grade", flag.ContinueOnError)
	out := fs.String("out", "", "folder to write grades.csv and grades.json into")
	only := fs.String("lessons", "", "comma-separated lessons to grade (default: all)")
	asJSON := fs.Bool("json", false, "print the table as JSON")
	dirs, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		return usagef("grade needs one or more folders, each a student's copy of the workbook")
	}
	var lessons []course.Lesson
	if *only == "" {
		lessons, _ = a.select_("all")
	} else {
		for _, arg := range strings.Split(*only, ",") {
			ls, err := a.select_(strings.TrimSpace(arg))
			if err != nil {
				return err
			}
			lessons = append(lessons, ls...)
		}
	}
	class := Class{}
	for _, l := range lessons {
		class.Lessons = append(class.Lessons, l.ID())
	}
	for _, dir := range dirs {
		abs, _ := filepath.Abs(dir)
		st := Student{Name: filepath.Base(abs), Dir: abs, Lessons: map[string]LessonScore{}}
		for _, l := range lessons {
			st.MaxPoints += l.MaxPoints()
		}
		if !isWorkbook(abs) {
			st.Error = i18n.M("%s is not a copy of the forkroom workbook (no go.mod of module forkroom with lessons/ beside it)", dir).In(a.lang)
			class.Students = append(class.Students, st)
			fmt.Fprintf(a.env.Stderr, "%s: %s\n", st.Name, st.Error)
			continue
		}
		for _, l := range lessons {
			fmt.Fprintf(a.env.Stderr, "%s %s … ", st.Name, l.ID())
			res := grade.Grade(a.env.Ctx, l.Suite, l.Path(abs, course.Student), grade.Options{})
			st.Lessons[l.ID()] = LessonScore{Status: string(res.Status), Points: res.Points, MaxPoints: res.MaxPoints}
			st.Points += res.Points
			fmt.Fprintf(a.env.Stderr, "%d/%d\n", res.Points, res.MaxPoints)
			if a.env.Ctx.Err() != nil {
				return a.env.Ctx.Err()
			}
		}
		class.Students = append(class.Students, st)
	}
	if *asJSON {
		data, _ := json.MarshalIndent(class, "", "  ")
		fmt.Fprintln(a.env.Stdout, string(data))
	} else {
		a.printClass(class)
	}
	if *out != "" {
		if err := writeClass(class, *out); err != nil {
			return err
		}
		fmt.Fprintln(a.env.Stderr, i18n.M("wrote %s and %s", filepath.Join(*out, "grades.csv"), filepath.Join(*out, "grades.json")).In(a.lang))
	}
	return nil
}

// cell shows one lesson's score: "8/8", "0/8 ✗" for a build error.
func cell(s LessonScore, ok bool) string {
	if !ok {
		return "-"
	}
	c := fmt.Sprintf("%d/%d", s.Points, s.MaxPoints)
	if s.Status == string(grade.Error) {
		c += "!"
	}
	return c
}

func (a *app) printClass(class Class) {
	w := a.env.Stdout
	name := 8
	for _, s := range class.Students {
		name = max(name, report.Width(s.Name))
	}
	fmt.Fprintf(w, "%-*s", name+2, a.t("student"))
	for _, l := range class.Lessons {
		fmt.Fprintf(w, "%7s", l)
	}
	fmt.Fprintf(w, "%10s\n", a.t("total"))
	for _, s := range class.Students {
		fmt.Fprintf(w, "%s%s", s.Name, strings.Repeat(" ", name+2-report.Width(s.Name)))
		for _, l := range class.Lessons {
			sc, ok := s.Lessons[l]
			fmt.Fprintf(w, "%7s", cell(sc, ok))
		}
		fmt.Fprintf(w, "%10s", fmt.Sprintf("%d/%d", s.Points, s.MaxPoints))
		if s.Error != "" {
			fmt.Fprintf(w, "  %s", s.Error)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, a.t("(! = does not compile; - = not graded)"))
}

// writeClass writes grades.csv and grades.json into dir.
func writeClass(class Class, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("writing grades: %w", err)
	}
	f, err := os.Create(filepath.Join(dir, "grades.csv"))
	if err != nil {
		return fmt.Errorf("writing grades: %w", err)
	}
	cw := csv.NewWriter(f)
	header := append([]string{"student"}, class.Lessons...)
	_ = cw.Write(append(header, "points", "max_points", "error"))
	for _, s := range class.Students {
		row := []string{s.Name}
		for _, l := range class.Lessons {
			row = append(row, strconv.Itoa(s.Lessons[l].Points))
		}
		_ = cw.Write(append(row, strconv.Itoa(s.Points), strconv.Itoa(s.MaxPoints), s.Error))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		f.Close()
		return fmt.Errorf("writing grades: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing grades: %w", err)
	}
	data, _ := json.MarshalIndent(class, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, "grades.json"), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing grades: %w", err)
	}
	return nil
}
