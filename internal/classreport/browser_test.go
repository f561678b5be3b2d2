//go:build unix

package classreport

import (
	"bytes"
	"context"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"forkroom/internal/i18n"
)

// The class report is checked in a real browser: Debian's chromium, run
// headless. The test writes the sample class's page in both languages,
// takes a screenshot of each (kept in $FORKROOM_SCREENSHOTS when it is set,
// for a person to look at), and reads back the page's DOM after its script
// ran. .ci/run installs chromium, so in CI (CI set) a missing browser fails
// the test; elsewhere it is skipped with a message saying so.

// browser finds chromium, or skips (fails in CI) without it.
func browser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed: .ci/run installs it (apt-get install chromium) for the class report's browser test")
	}
	t.Skip("chromium is not installed (apt-get install chromium): the class report was not checked in a browser")
	return ""
}

// headless runs the browser on page with args and returns what it printed.
// Its whole process group is killed if it takes more than a minute.
func headless(t *testing.T, chromium, page string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	all := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
		"--user-data-dir=" + t.TempDir(), "--window-size=1280,900"}, args...)
	cmd := exec.CommandContext(ctx, chromium, append(all, page)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	require.NoError(t, err, "chromium %s failed:\n%s", strings.Join(args, " "), stderr.String())
	return stdout.Bytes()
}

// writePage writes the sample class's page in lang into dir.
func writePage(t *testing.T, dir string, lang i18n.Lang) string {
	t.Helper()
	path := filepath.Join(dir, "report-"+lang.String()+".html")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, Write(f, sampleReport(t, lang), lang))
	require.NoError(t, f.Close())
	return path
}

func fileURL(path, query string) string {
	u := url.URL{Scheme: "file", Path: path, RawQuery: query}
	return u.String()
}

// dom loads the page with query and parses the DOM the browser ended with.
func dom(t *testing.T, chromium, path, query string) *html.Node {
	t.Helper()
	out := headless(t, chromium, fileURL(path, query), "--dump-dom")
	doc, err := html.Parse(bytes.NewReader(out))
	require.NoError(t, err)
	return doc
}

func TestTheClassReportInABrowser(t *testing.T) {
	chromium := browser(t)
	dir := os.Getenv("FORKROOM_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else {
		require.NoError(t, os.MkdirAll(dir, 0o755))
	}
	pages := map[i18n.Lang]string{}
	for _, lang := range []i18n.Lang{i18n.En, i18n.Zh} {
		pages[lang] = writePage(t, dir, lang)
	}

	for _, lang := range []i18n.Lang{i18n.En, i18n.Zh} {
		t.Run("a screenshot of the page in "+lang.String(), func(t *testing.T) {
			shot := filepath.Join(dir, "report-"+lang.String()+".png")
			headless(t, chromium, fileURL(pages[lang], ""), "--screenshot="+shot)
			f, err := os.Open(shot)
			require.NoError(t, err)
			defer f.Close()
			img, err := png.Decode(f)
			require.NoError(t, err)
			assert.Equal(t, 1280, img.Bounds().Dx())
			colours := map[uint32]bool{}
			for y := 0; y < img.Bounds().Dy(); y += 7 {
				for x := 0; x < img.Bounds().Dx(); x += 7 {
					r, g, b, _ := img.At(x, y).RGBA()
					colours[r>>12<<8|g>>12<<4|b>>12] = true
				}
			}
			assert.Greater(t, len(colours), 8, "the page is drawn, in colour (a blank page has one)")
			t.Logf("screenshot: %s", shot)
		})
	}

	t.Run("the page as the browser built it", func(t *testing.T) {
		doc := dom(t, chromium, pages[i18n.En], "")
		root := find(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "html" })[0]
		assert.Equal(t, "ready", attr(root, "data-script"), "the page's script ran to the end")
		assert.Equal(t, "en", attr(root, "lang"))
		assert.Empty(t, attr(root, "data-pwned"), "no student's name, message or output ran as script")
		assert.Empty(t, byTag(doc, "img"), "no student's name became an element")

		rows := byTag(byID(doc, "grid-table"), "tbody")[0]
		trs := children(rows, "tr")
		require.Len(t, trs, 11, "a row per student")
		for _, tr := range trs {
			assert.Len(t, byClass(tr, "cell"), 3, "a cell per lesson")
		}
		assert.Equal(t, "✓ 8/8, passes", text(byClass(trs[0], "cell")[0]), "a symbol, the points and a word")
		assert.Equal(t, "✗ 0/18, does not compile", text(byClass(trs[2], "cell")[1]))
		assert.Equal(t, "∞ 14/18, hangs (a check timed out)", text(byClass(trs[3], "cell")[1]))

		ids := map[string]bool{}
		for _, n := range find(doc, func(n *html.Node) bool { return attr(n, "id") != "" }) {
			ids[attr(n, "id")] = true
		}
		links := 0
		for _, a := range byTag(doc, "a") {
			if href := attr(a, "href"); strings.HasPrefix(href, "#") {
				links++
				assert.True(t, ids[href[1:]], "the link to %s leads somewhere", href)
			}
		}
		assert.Greater(t, links, 50)
		carol := byID(doc, "s3-05")
		require.NotNil(t, carol, "carol's lesson 05")
		assert.Contains(t, text(carol), "undefined: wg", "the compiler's message, one click from the grid")

		var order []string
		for _, tr := range children(byTag(byID(doc, "items-table"), "tbody")[0], "tr") {
			order = append(order, attr(tr, "data-lesson")+" "+attr(tr, "data-check"))
		}
		require.GreaterOrEqual(t, len(order), 3)
		assert.Equal(t, []string{"08 completion-order", "05 processes-overlap", "05 goroutines-overlap"}, order[:3], "the most failed check first")

		controls := byID(doc, "controls")
		assert.False(t, hasAttr(controls, "hidden"), "the script shows its controls")
		assert.Len(t, byClass(byID(doc, "grid-table"), "sort"), 5, "a sort button per column")
		assert.Equal(t, "11/11 students shown", text(byID(doc, "shown")))

		pair := byID(doc, "p01-1")
		require.NotNil(t, pair, "the planted pair of lesson 01")
		assert.Contains(t, text(pair), "bob ↔ frank")
		assert.Len(t, byClass(pair, "sbs"), 7, "seven passages side by side")
		assert.Contains(t, text(byID(doc, "p08-1")), "bob ↔ grace")
	})

	t.Run("sorted by the total, highest first", func(t *testing.T) {
		doc := dom(t, chromium, pages[i18n.En], "sort=total&dir=desc")
		names := rowNames(doc)
		assert.Equal(t, "alice", names[0])
		assert.Equal(t, "李明", names[len(names)-1], "who handed in nothing comes last")
		th := find(byID(doc, "grid-table"), func(n *html.Node) bool { return attr(n, "data-key") == "total" })[0]
		assert.Equal(t, "descending", attr(th, "aria-sort"), "the sorted column says so to screen readers")
	})

	t.Run("sorted by a lesson, the weakest first", func(t *testing.T) {
		names := rowNames(dom(t, chromium, pages[i18n.En], "sort=05"))
		assert.Equal(t, []string{"李明", "carol", "erin"}, names[:3], "nothing handed in, then a compile error, then the stub (all 0/18)")
	})

	t.Run("filtered by name", func(t *testing.T) {
		doc := dom(t, chromium, pages[i18n.En], "filter=AL")
		var shown []string
		for _, tr := range children(byTag(byID(doc, "grid-table"), "tbody")[0], "tr") {
			if !hasAttr(tr, "hidden") {
				shown = append(shown, attr(tr, "data-name"))
			}
		}
		assert.Equal(t, []string{"alice"}, shown)
		assert.Equal(t, "1/11 students shown", text(byID(doc, "shown")))
		assert.True(t, hasAttr(byID(doc, "s2"), "hidden"), "bob's failures are hidden too")
	})

	t.Run("the Chinese page", func(t *testing.T) {
		doc := dom(t, chromium, pages[i18n.Zh], "")
		root := find(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "html" })[0]
		assert.Equal(t, "zh", attr(root, "lang"))
		assert.Equal(t, "ready", attr(root, "data-script"))
		assert.Equal(t, "显示 11/11 名学生", text(byID(doc, "shown")))
		assert.Equal(t, "全班的薄弱点", text(byID(doc, "items-h")))
	})
}

// rowNames are the students of the grid in the order shown.
func rowNames(doc *html.Node) []string {
	var names []string
	for _, tr := range children(byTag(byID(doc, "grid-table"), "tbody")[0], "tr") {
		names = append(names, attr(tr, "data-name"))
	}
	return names
}

func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if n != nil {
		walk(n)
	}
	return out
}

func byID(n *html.Node, id string) *html.Node {
	found := find(n, func(n *html.Node) bool { return n.Type == html.ElementNode && attr(n, "id") == id })
	if len(found) == 0 {
		return nil
	}
	return found[0]
}

func byTag(n *html.Node, tag string) []*html.Node {
	return find(n, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == tag })
}

func byClass(n *html.Node, class string) []*html.Node {
	return find(n, func(n *html.Node) bool {
		for _, c := range strings.Fields(attr(n, "class")) {
			if c == class {
				return true
			}
		}
		return false
	})
}

func children(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == tag {
			out = append(out, c)
		}
	}
	return out
}

func attr(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	if n == nil {
		return false
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// text is the node's text with runs of white space made one space.
func text(n *html.Node) string {
	var b strings.Builder
	for _, t := range find(n, func(n *html.Node) bool { return n.Type == html.TextNode }) {
		b.WriteString(t.Data)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
