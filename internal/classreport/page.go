package classreport

import (
	"bytes"
	_ "embed" // the page's template, style and script
	"fmt"
	"html/template"
	"io"
	"os"
	"sort"
	"strings"

	"forkroom/internal/i18n"
	"forkroom/internal/similar"
)

var (
	//go:embed page.html.tmpl
	pageTemplate string
	//go:embed page.css
	pageCSS string
	//go:embed page.js
	pageJS string
)

// statusInfo is how the page shows a status: a symbol, a word, a class.
type statusInfo struct {
	Status Status
	Symbol string
	Label  string // English, the catalog key
	Class  string
}

// statuses are the outcomes in the legend's order.
var statuses = []statusInfo{
	{Pass, "✓", "passes", "st-pass"},
	{Partial, "◐", "some checks fail", "st-partial"},
	{CompileError, "✗", "does not compile", "st-compile"},
	{Timeout, "∞", "hangs (a check timed out)", "st-timeout"},
	{Error, "⚠", "checker error: grade again", "st-error"},
	{NotGraded, "–", "not graded", "st-none"},
}

func infoOf(s Status) statusInfo {
	for _, i := range statuses {
		if i.Status == s {
			return i
		}
	}
	return statusInfo{s, "?", string(s), "st-none"}
}

// page is what the template draws, worked out from a Report.
type page struct {
	Lang       string
	Title      string
	Meta       []metaItem
	Incomplete bool
	Legend     []statusInfo
	Lessons    []Lesson
	Rows       []row
	Totals     []lessonTotal
	Items      []item
	AllPassed  int // checks no student failed
	Problems   []problem
	Students   []detail
	Similar    []similarLesson
	SimilarRun bool
	Thresholds similar.Options
	// Graded is false for a page of similarity alone: no grid, no grades.
	Graded bool
}

type metaItem struct{ Label, Value string }

type row struct {
	Anchor    string
	Name      string
	Folder    string // shown when it differs from Name
	StudentID string
	Problem   string
	Late      string
	Cells     []cell
	Points    int
	MaxPoints int
	Percent   int
}

type cell struct {
	statusInfo
	Points, MaxPoints int
	Href              string // the student's failures in this lesson; empty when there are none
}

type lessonTotal struct {
	Passed, Graded int
	Average        string
}

type studentRef struct{ Name, Href string }

type item struct {
	Lesson     Lesson
	Check      Check
	Failed     int
	Ran        int
	Percent    int
	TimedOut   int
	FailedWhom []studentRef
}

type problem struct {
	Student studentRef
	Lesson  Lesson
	statusInfo
	Text string
}

type detail struct {
	Anchor    string
	Name      string
	Folder    string
	StudentID string
	Problem   string
	Late      string
	Points    int
	MaxPoints int
	Passed    []string // lesson IDs at full marks
	Lessons   []lessonDetail
}

type lessonDetail struct {
	Anchor string
	Lesson Lesson
	statusInfo
	Points, MaxPoints int
	Message           string
	BuildOutput       string
	Failed            []CheckResult
}

type similarLesson struct {
	Lesson     Lesson
	Compared   int
	Suspicious []similarPair
	Others     []similarPair
	Empty      []studentRef
}

type similarPair struct {
	Anchor   string
	A, B     studentRef
	Score    int
	Max      int
	Matched  int
	Passages []passage
}

type passage struct {
	Tokens int
	A, B   codeSpan
}

type codeSpan struct {
	File       string
	Start, End int
	Lines      []codeLine
}

type codeLine struct {
	N    int
	Text string
}

// Write writes the class report of r in language lang to w.
func Write(w io.Writer, r Report, lang i18n.Lang) error {
	t := func(en string) string { return i18n.T(lang, en) }
	tmpl, err := template.New("page").Funcs(template.FuncMap{
		"t":      t,
		"css":    func() template.CSS { return template.CSS(pageCSS) },
		"js":     func() template.JS { return template.JS(pageJS) },
		"pct":    func(n int) string { return fmt.Sprintf("%d%%", n) },
		"pct100": func(x float64) int { return int(100*x + 0.5) },
		"frac": func(n, of int) string {
			return fraction(n, of)
		},
		"msg":  func(format string, args ...any) string { return i18n.M(format, args...).In(lang) },
		"join": func(ids []string) string { return strings.Join(ids, ", ") },
	}).Parse(pageTemplate)
	if err != nil {
		return fmt.Errorf("class report: %w", err)
	}
	if err := tmpl.Execute(w, build(r, lang)); err != nil {
		return fmt.Errorf("writing the class report: %w", err)
	}
	return nil
}

// build works out the page from the report.
func build(r Report, lang i18n.Lang) page {
	t := func(en string) string { return i18n.T(lang, en) }
	p := page{Lang: lang.String(), Title: r.Title, Incomplete: r.Incomplete, Lessons: r.Lessons, SimilarRun: r.Similarity != nil,
		Graded: len(r.Students) > 0}
	if p.Title == "" {
		p.Title = t("Class report")
	}
	for _, s := range statuses {
		s.Label = t(s.Label)
		p.Legend = append(p.Legend, s)
	}
	p.Meta = meta(r, t)

	refs := map[string]studentRef{} // folder → student
	for i, s := range r.Students {
		anchor := fmt.Sprintf("s%d", i+1)
		folder := s.Folder
		if folder == "" {
			folder = s.Name
		}
		refs[folder] = studentRef{Name: s.Name, Href: "#" + anchor}
	}

	p.Totals = make([]lessonTotal, len(r.Lessons))
	sums := make([]int, len(r.Lessons))
	itemsByKey := map[[2]string]*item{}
	var order [][2]string
	for _, l := range r.Lessons {
		for _, c := range l.Checks {
			k := [2]string{l.ID, c.ID}
			itemsByKey[k] = &item{Lesson: l, Check: c}
			order = append(order, k)
		}
	}

	for i, s := range r.Students {
		anchor := fmt.Sprintf("s%d", i+1)
		rw := row{Anchor: anchor, Name: s.Name, StudentID: s.StudentID, Problem: s.Problem, Late: s.Late}
		if s.Folder != "" && s.Folder != s.Name {
			rw.Folder = s.Folder
		}
		d := detail{Anchor: anchor, Name: s.Name, Folder: rw.Folder, StudentID: s.StudentID, Problem: s.Problem, Late: s.Late}
		for li, l := range r.Lessons {
			res, graded := s.Lessons[l.ID]
			st := NotGraded
			if graded {
				st = res.status()
			}
			max := res.MaxPoints
			if !graded || max == 0 {
				max = l.MaxPoints
			}
			c := cell{statusInfo: infoOf(st), Points: res.Points, MaxPoints: max}
			c.Label = t(c.Label)
			rw.Points += res.Points
			rw.MaxPoints += max
			if st != NotGraded {
				p.Totals[li].Graded++
				sums[li] += res.Points
			}
			if st == Pass {
				p.Totals[li].Passed++
				d.Passed = append(d.Passed, l.ID)
			}
			ld := lessonDetail{Anchor: anchor + "-" + l.ID, Lesson: l, statusInfo: c.statusInfo, Points: res.Points, MaxPoints: max,
				Message: res.Message, BuildOutput: res.BuildOutput}
			for _, cr := range res.Checks {
				if !cr.failed() || !st.ran() {
					continue // a program that does not build has its compiler's message instead
				}
				if title, ok := checkTitle(l, cr.ID); ok || cr.Title == "" {
					cr.Title = title
				}
				ld.Failed = append(ld.Failed, cr)
			}
			if st != Pass && st != NotGraded || res.Message != "" {
				c.Href = "#" + ld.Anchor
				d.Lessons = append(d.Lessons, ld)
			}
			rw.Cells = append(rw.Cells, c)

			// Item analysis: only programs that built and ran.
			if graded && st.ran() {
				for _, cr := range res.Checks {
					it := itemsByKey[[2]string{l.ID, cr.ID}]
					if it == nil {
						continue
					}
					it.Ran++
					if cr.failed() {
						it.Failed++
						it.FailedWhom = append(it.FailedWhom, studentRef{Name: s.Name, Href: "#" + ld.Anchor})
						if cr.TimedOut {
							it.TimedOut++
						}
					}
				}
			}
			// What did not build, hung, or could not be graded.
			switch st {
			case CompileError:
				p.Problems = append(p.Problems, problem{Student: studentRef{s.Name, "#" + ld.Anchor}, Lesson: l, statusInfo: c.statusInfo, Text: firstLines(res.BuildOutput, 6)})
			case Timeout:
				var hung []string
				for _, cr := range res.Checks {
					if cr.TimedOut {
						hung = append(hung, cr.ID)
					}
				}
				text := res.Message
				if len(hung) > 0 {
					text = i18n.M("timed out: %s", strings.Join(hung, ", ")).In(lang)
				}
				p.Problems = append(p.Problems, problem{Student: studentRef{s.Name, "#" + ld.Anchor}, Lesson: l, statusInfo: c.statusInfo, Text: text})
			case Error:
				p.Problems = append(p.Problems, problem{Student: studentRef{s.Name, "#" + ld.Anchor}, Lesson: l, statusInfo: c.statusInfo, Text: res.Message})
			}
		}
		rw.Percent = percent(rw.Points, rw.MaxPoints)
		d.Points, d.MaxPoints = rw.Points, rw.MaxPoints
		p.Rows = append(p.Rows, rw)
		p.Students = append(p.Students, d)
	}
	for li := range r.Lessons {
		if n := p.Totals[li].Graded; n > 0 {
			p.Totals[li].Average = fmt.Sprintf("%.1f", float64(sums[li])/float64(n))
		}
	}

	for _, k := range order {
		it := itemsByKey[k]
		if it.Failed == 0 {
			if it.Ran > 0 {
				p.AllPassed++
			}
			continue
		}
		it.Percent = percent(it.Failed, it.Ran)
		p.Items = append(p.Items, *it)
	}
	// The most failed first: by share, then by count; ties keep course order.
	sort.SliceStable(p.Items, func(i, j int) bool {
		a, b := p.Items[i], p.Items[j]
		if a.Failed*b.Ran != b.Failed*a.Ran {
			return a.Failed*b.Ran > b.Failed*a.Ran
		}
		return a.Failed > b.Failed
	})

	p.Similar, p.Thresholds = similarity(r, refs)
	return p
}

// checkTitle is the title of lesson l's check id; the id when l has no
// such check.
func checkTitle(l Lesson, id string) (string, bool) {
	for _, c := range l.Checks {
		if c.ID == id {
			return c.Title, true
		}
	}
	return id, false
}

// meta is the line of facts under the title.
func meta(r Report, t func(string) string) []metaItem {
	var out []metaItem
	if !r.Graded.IsZero() {
		out = append(out, metaItem{t("graded"), r.Graded.Format("2006-01-02 15:04 MST")})
	}
	if r.Before != nil {
		out = append(out, metaItem{t("deadline"), r.Before.Format("2006-01-02 15:04 MST")})
	}
	out = append(out, metaItem{t("students"), fmt.Sprint(len(r.Students))})
	if r.Checker != "" {
		out = append(out, metaItem{t("checker version"), r.Checker})
	}
	if r.Seed != 0 {
		out = append(out, metaItem{t("seed"), fmt.Sprint(r.Seed)})
	}
	if r.Isolation != "" {
		out = append(out, metaItem{t("isolation"), r.Isolation})
	}
	return out
}

// firstLines keeps the first n lines of s, saying how many more there were.
func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) <= n {
		return strings.Join(lines, "\n")
	}
	return strings.Join(lines[:n], "\n") + fmt.Sprintf("\n… (+%d)", len(lines)-n)
}

// similarity works out the similarity section.
func similarity(r Report, refs map[string]studentRef) ([]similarLesson, similar.Options) {
	ref := func(folder string) studentRef {
		if s, ok := refs[folder]; ok {
			return s
		}
		return studentRef{Name: folder}
	}
	lessons := map[string]Lesson{}
	for _, l := range r.Lessons {
		lessons[l.ID] = l
	}
	var out []similarLesson
	var opt similar.Options
	for _, lr := range r.Similarity {
		opt = lr.Options
		l, ok := lessons[lr.Lesson]
		if !ok {
			l = Lesson{ID: lr.Lesson, Title: lr.Dir}
		}
		sl := similarLesson{Lesson: l, Compared: len(lr.Own) - len(lr.Empty)}
		for _, e := range lr.Empty {
			sl.Empty = append(sl.Empty, ref(e))
		}
		for i, pr := range lr.Pairs {
			sp := similarPair{Anchor: fmt.Sprintf("p%s-%d", lr.Lesson, i+1), A: ref(pr.A), B: ref(pr.B),
				Score: int(100*pr.Score + 0.5), Max: int(100*pr.Max + 0.5), Matched: pr.Matched}
			if pr.Suspicious {
				for _, ps := range pr.Passages {
					sp.Passages = append(sp.Passages, passage{Tokens: ps.Tokens, A: spanOf(ps.A), B: spanOf(ps.B)})
				}
				sl.Suspicious = append(sl.Suspicious, sp)
			} else if len(sl.Others) < 3 {
				sl.Others = append(sl.Others, sp)
			}
		}
		if sl.Compared >= 2 {
			out = append(out, sl)
		}
	}
	return out, opt
}

func spanOf(s similar.Span) codeSpan {
	cs := codeSpan{File: s.File, Start: s.Start, End: s.End}
	for i, line := range strings.Split(s.Code, "\n") {
		cs.Lines = append(cs.Lines, codeLine{N: s.Start + i, Text: line})
	}
	return cs
}

// WriteFile writes the class report of r in language lang to the file at
// path (checker grade --out DIR writes DIR/report.html).
func WriteFile(path string, r Report, lang i18n.Lang) error {
	var buf bytes.Buffer
	if err := Write(&buf, r, lang); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the class report: %w", err)
	}
	return nil
}
