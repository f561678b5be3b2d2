package classreport

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/i18n"
	"forkroom/internal/similar"
)

func render(t *testing.T, r Report, lang i18n.Lang) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, r, lang))
	return buf.String()
}

func TestEveryWordOfThePageHasChinese(t *testing.T) {
	var missing []string
	for _, m := range regexp.MustCompile(`\{\{-?\s*(?:t|msg) "((?:[^"\\]|\\.)*)"`).FindAllStringSubmatch(pageTemplate, -1) {
		if !i18n.Has(m[1]) {
			missing = append(missing, m[1])
		}
	}
	for _, s := range statuses {
		if !i18n.Has(s.Label) {
			missing = append(missing, s.Label)
		}
	}
	assert.Empty(t, missing, "add them to zh.go")

	page := render(t, sampleReport(t, i18n.Zh), i18n.Zh)
	for _, want := range []string{`<html lang="zh">`, "全班的薄弱点", "文件：列目录、查状态、删除"} {
		assert.True(t, strings.Contains(page, want), "the Chinese page has %q (lesson titles come from the course in the page's language)", want)
	}
	lists := i18n.T(i18n.Zh, "removes the empty regular files, and nothing else")
	assert.True(t, strings.Contains(page, lists), "check titles too: %q", lists)
	assert.Contains(t, render(t, sampleReport(t, i18n.En), i18n.En), `<html lang="en">`)
}

// hostileReport puts script where a student controls the text: the folder
// name, a check's message and output, the compiler's message, and code.
func hostileReport() Report {
	evil := `</pre></td><script>document.title="pwned"</script><img src=x onerror=alert(1)>`
	return Report{
		Title:   evil,
		Lessons: []Lesson{{ID: "01", Title: "Files", MaxPoints: 2, Checks: []Check{{ID: "sizes", Title: "sizes", MaxPoints: 2}}}},
		Students: []Student{
			{Name: evil, Folder: evil, Problem: evil, Lessons: map[string]LessonResult{
				"01": {Status: Partial, MaxPoints: 2, Message: evil, Checks: []CheckResult{{ID: "sizes", Status: "fail", MaxPoints: 2, Message: evil, Output: evil}}},
			}},
			{Name: "b\u202egnp.exe", Folder: "b", Lessons: map[string]LessonResult{"01": {Status: CompileError, MaxPoints: 2, BuildOutput: evil}}},
		},
		Similarity: []similar.LessonResult{{Lesson: "01", Result: similar.Result{
			Own: map[string]int{evil: 100, "b": 100},
			Pairs: []similar.Pair{{A: evil, B: "b", Score: 0.9, Max: 0.9, Matched: 90, Suspicious: true, Passages: []similar.Passage{{
				A: similar.Span{File: evil, Start: 1, End: 1, Code: evil}, B: similar.Span{File: "main.go", Start: 1, End: 1, Code: evil}, Tokens: 90,
			}}}},
		}}},
	}
}

func TestWhatStudentsWroteIsEscaped(t *testing.T) {
	page := render(t, hostileReport(), i18n.En)
	assert.NotContains(t, page, `<script>document.title`, "no script of a student's")
	assert.NotContains(t, page, `<img`, "no element of a student's")
	assert.NotContains(t, page, `</td><script`)
	assert.Contains(t, page, `&lt;script&gt;document.title=&#34;pwned&#34;&lt;/script&gt;`, "shown as text")
	assert.Equal(t, 1, strings.Count(page, "<script>"), "the page's own script only")
}

func TestThePageIsOneFileThatFetchesNothing(t *testing.T) {
	page := render(t, sampleReport(t, i18n.En), i18n.En)
	for _, tc := range []struct{ name, pattern string }{
		{"no stylesheet link", `<link`},
		{"no script file", `<script[^>]+src`},
		{"no image", `<img`},
		{"no frame", `<iframe`},
		{"no url() in the style", `url\(`},
		{"no @import", `@import`},
		{"no address on the network", `https?://`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.NotRegexp(t, tc.pattern, page)
		})
	}
	assert.Contains(t, page, "<style>")
	assert.Contains(t, page, "<script>")
}

func TestTheGridShowsEveryStatusWithASymbolAndAWord(t *testing.T) {
	p := build(sampleReport(t, i18n.En), i18n.En)
	rows := map[string]row{}
	for _, r := range p.Rows {
		rows[r.Name] = r
	}
	for _, tc := range []struct {
		name, student string
		lesson        int
		want          Status
		symbol, pts   string
	}{
		{"full marks pass", "alice", 0, Pass, "✓", "8/8"},
		{"some checks failed", "bob", 1, Partial, "◐", "10/18"},
		{"a compile error", "carol", 1, CompileError, "✗", "0/18"},
		{"a hang", "dave", 1, Timeout, "∞", "14/18"},
		{"no folder", "erin", 2, NotGraded, "–", "0/10"},
		{"a checker error", "frank", 2, Error, "⚠", "0/10"},
		{"a student who handed in nothing", "李明", 0, NotGraded, "–", "0/8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, ok := rows[tc.student]
			require.True(t, ok, "a row for %s", tc.student)
			c := r.Cells[tc.lesson]
			assert.Equal(t, tc.want, c.Status)
			assert.Equal(t, tc.symbol, c.Symbol, "colour is not the only signal")
			assert.NotEmpty(t, c.Label, "a word for screen readers")
			assert.Equal(t, tc.pts, fraction(c.Points, c.MaxPoints))
		})
	}
	assert.Empty(t, rows["alice"].Cells[0].Href, "a passed lesson has nothing to show")
	assert.Equal(t, "#s3-05", rows["carol"].Cells[1].Href, "a cell links to the student's lesson")
	assert.Equal(t, "handed in nothing", rows["李明"].Problem)
	assert.Equal(t, "ming", rows["李明"].Folder)
	assert.Equal(t, 7, p.Totals[0].Passed, "seven passed lesson 01")
	assert.Equal(t, 10, p.Totals[0].Graded)
}

func TestItemAnalysisPutsTheMostFailedCheckFirst(t *testing.T) {
	p := build(sampleReport(t, i18n.En), i18n.En)
	require.NotEmpty(t, p.Items)
	var got []string
	for _, it := range p.Items[:3] {
		got = append(got, it.Lesson.ID+" "+it.Check.ID+" "+fraction(it.Failed, it.Ran))
	}
	assert.Equal(t, []string{"08 completion-order 4/8", "05 processes-overlap 4/9", "05 goroutines-overlap 3/9"}, got)
	for i := 1; i < len(p.Items); i++ {
		a, b := p.Items[i-1], p.Items[i]
		assert.GreaterOrEqual(t, a.Failed*b.Ran, b.Failed*a.Ran, "%s before %s", a.Check.ID, b.Check.ID)
	}
	for _, it := range p.Items {
		if it.Lesson.ID == "05" {
			assert.Equal(t, 9, it.Ran, "carol's 05 does not compile: her checks did not run and do not count")
		}
		if it.Check.ID == "processes-waits" {
			assert.Equal(t, 1, it.TimedOut, "dave's program hung there")
		}
	}
	var problems []string
	for _, pr := range p.Problems {
		problems = append(problems, pr.Student.Name+" "+pr.Lesson.ID+" "+string(pr.Status))
	}
	assert.Equal(t, []string{"carol 05 compile-error", "dave 05 timeout", "frank 08 error"}, problems)
}

func TestFromGradebook(t *testing.T) {
	book := sampleBook(t)
	t.Run("titles in the page's language, messages as graded", func(t *testing.T) {
		r := FromGradebook(book, nil, i18n.Zh)
		require.Len(t, r.Lessons, 3)
		assert.Equal(t, "多任务：3 秒 + 2 秒只用 3 秒", r.Lessons[1].Title)
		assert.Equal(t, "your program does not compile", r.Students[2].Lessons["05"].Message)
		assert.Nil(t, r.Similarity, "not compared")
	})
	t.Run("roster names, missing students and lateness", func(t *testing.T) {
		r := FromGradebook(book, nil, i18n.En)
		assert.Equal(t, "张伟", r.Students[9].Name)
		assert.Equal(t, "zhang", r.Students[9].Folder)
		assert.Equal(t, "2026001", r.Students[9].StudentID)
		assert.Equal(t, "handed in nothing", r.Students[10].Problem)
		assert.Equal(t, "2 commits after the deadline, not graded", r.Students[6].Late)
		assert.False(t, r.Incomplete)
		assert.Equal(t, int64(42), r.Seed)
	})
	t.Run("the checks of a lesson keep their results", func(t *testing.T) {
		r := FromGradebook(book, nil, i18n.En)
		dave := r.Students[3].Lessons["05"]
		assert.Equal(t, Timeout, dave.Status)
		require.Len(t, dave.Checks, 9)
		var hung []string
		for _, c := range dave.Checks {
			if c.TimedOut {
				hung = append(hung, c.ID)
			}
		}
		assert.Equal(t, []string{"processes-waits"}, hung)
	})
}

func TestAReportWithNothingInItStillWrites(t *testing.T) {
	page := render(t, Report{}, i18n.En)
	assert.Contains(t, page, "Class report")
	assert.Contains(t, page, "The students&#39; code was not compared.")
	assert.NotContains(t, page, `id="grid"`, "no grades, no grid")
}

func TestAPageOfSimilarityAlone(t *testing.T) {
	r := sampleReport(t, i18n.En)
	r.Students = nil
	page := render(t, r, i18n.En)
	assert.NotContains(t, page, `id="grid"`)
	assert.Contains(t, page, "writes the whole class report")
	assert.Contains(t, page, `id="p01-1"`, "the planted pair of lesson 01")
	assert.NotContains(t, page, `href="#s`, "no student to link to")
}
