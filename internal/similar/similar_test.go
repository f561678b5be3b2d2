package similar

import (
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/course"
	"forkroom/internal/workbook"
)

// testdata/NN-slug/NAME/main.go are solutions of lessons 01 and 08 written
// independently, each from the stub as handed out, and one planted copy in
// each lesson: frank is bob's lesson 01 with every name changed, the
// functions in another order and new comments; grace is bob's lesson 08 the
// same way, with the stub's functions moved around too. Every one of them
// gets full marks from the checker.
var planted = map[string][2]string{"01-files": {"bob", "frank"}, "08-wait": {"bob", "grace"}}

// classOf reads the submissions in testdata/lesson and the lesson's stub as
// the checker carries it.
func classOf(t testing.TB, lesson string) ([]File, []Submission) {
	skipInHandout(t)
	t.Helper()
	l, err := course.Find(lesson)
	require.NoError(t, err)
	stub, from, err := stubFiles(l, "")
	require.NoError(t, err)
	require.Equal(t, "pristine", from)
	require.NotEmpty(t, stub)
	dirs, err := os.ReadDir(filepath.Join("testdata", lesson))
	require.NoError(t, err)
	var subs []Submission
	for _, d := range dirs {
		files, err := ReadDir(filepath.Join("testdata", lesson, d.Name()))
		require.NoError(t, err)
		require.NotEmpty(t, files)
		subs = append(subs, Submission{Name: d.Name(), Files: files})
	}
	require.GreaterOrEqual(t, len(subs), 5)
	return stub, subs
}

func TestPlantedCopyStandsOutAmongHonestSolutions(t *testing.T) {
	for _, mode := range []struct {
		name string
		opt  Options
	}{
		{"", Options{}},
		{", with no common code left out", Options{Common: 1}},
	} {
		for _, lesson := range []string{"01-files", "08-wait"} {
			t.Run("lesson "+lesson+mode.name, func(t *testing.T) {
				plantedCopyStandsOut(t, lesson, mode.opt)
			})
		}
	}
}

func plantedCopyStandsOut(t *testing.T, lesson string, opt Options) {
	t.Helper()
	copied := planted[lesson]
	stub, subs := classOf(t, lesson)
	res := Compare(stub, subs, opt)
	require.NotEmpty(t, res.Pairs)
	assert.Empty(t, res.Empty, "every submission has code of its own")

	top := res.Pairs[0]
	assert.Equal(t, copied, [2]string{top.A, top.B}, "the planted pair scores highest")
	assert.True(t, top.Suspicious)
	assert.GreaterOrEqual(t, top.Score, 0.9, "a renamed, reordered copy is still found almost whole")
	t.Logf("planted pair %s-%s: score %.3f, %d of %d/%d compared tokens in %d passages",
		top.A, top.B, top.Score, top.Matched, top.TokensA, top.TokensB, len(top.Passages))
	for _, p := range res.Pairs[1:] {
		assert.False(t, p.Suspicious, "%s and %s wrote their own", p.A, p.B)
		assert.Less(t, p.Score, 0.4, "%s and %s wrote their own", p.A, p.B)
		t.Logf("honest pair %s-%s: score %.3f, %d tokens in %d passages", p.A, p.B, p.Score, p.Matched, len(p.Passages))
	}
	assert.Equal(t, []Pair{top}, res.Suspicious())
}

func TestWhatACopierChangesDoesNotHideTheCopy(t *testing.T) {
	const original = `package main

import (
	"fmt"
	"os"
)

// total adds up the sizes.
func total(names []string) int64 {
	var sum int64
	for _, n := range names {
		info, err := os.Stat(n)
		if err != nil {
	fmt.Println("skip", n, err)
	continue
		}
		sum += info.Size()
	}
	return sum
}

func main() {
	if len(os.Args) < 2 {
		fmt.Println("usage: total FILE...")
		os.Exit(2)
	}
	fmt.Println(total(os.Args[1:]), "bytes")
}
`
	for _, tc := range []struct {
		name, copy string
	}{
		{"every name changed", rename(original, "total", "sumSizes", "names", "files", "sum", "acc", "n", "f", "info", "st", "err", "e")},
		{"comments and layout changed", strings.NewReplacer("// total adds up the sizes.\n", "/* a comment of my own */\n\n\n", "\t\tsum += info.Size()\n", "\t\tsum += info.Size() // add it\n\n").Replace(original)},
		{"the functions in the other order", "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\n" + original[strings.Index(original, "func main"):] + "\n" + original[strings.Index(original, "// total"):strings.Index(original, "func main")]},
		{"os imported under another name", strings.NewReplacer("\"os\"", "sys \"os\"", "os.", "sys.").Replace(original)},
		{"other strings and numbers", strings.NewReplacer("\"skip\"", "\"ignoring\"", "< 2", "< 3", "\"bytes\"", "\"B\"").Replace(original)},
		{"padded with as much code again", original + padding},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Compare(nil, []Submission{
				{Name: "original", Files: []File{{Name: "main.go", Src: []byte(original)}}},
				{Name: "copy", Files: []File{{Name: "main.go", Src: []byte(tc.copy)}}},
			}, Options{})
			require.Len(t, res.Pairs, 1)
			p := res.Pairs[0]
			assert.True(t, p.Suspicious, "got %+v", p)
			assert.GreaterOrEqual(t, p.Max, 0.9, "the original is found almost whole in the copy")
			t.Logf("score %.3f, max %.3f", p.Score, p.Max)
		})
	}
}

// padding is code a copier adds to lower the share of copied code.
const padding = `
type cache struct {
	entries map[string][]byte
	hits    int
	misses  int
}

func (c *cache) get(key string) ([]byte, bool) {
	v, ok := c.entries[key]
	if ok {
		c.hits++
	} else {
		c.misses++
	}
	return v, ok
}

func (c *cache) put(key string, v []byte) {
	if c.entries == nil {
		c.entries = make(map[string][]byte)
	}
	c.entries[key] = append([]byte(nil), v...)
}

func (c *cache) ratio() float64 {
	total := c.hits + c.misses
	if total == 0 {
		return 0
	}
	return float64(c.hits) / float64(total)
}

func unused() {
	c := &cache{}
	c.put("a", []byte("b"))
	if v, ok := c.get("a"); ok && len(v) > 0 {
		println(c.ratio())
	}
}
`

// rename replaces whole identifiers: old, new, old, new...
func rename(src string, pairs ...string) string {
	for i := 0; i < len(pairs); i += 2 {
		src = regexp.MustCompile(`\b`+pairs[i]+`\b`).ReplaceAllString(src, pairs[i+1])
	}
	return src
}

func TestTheStubIsNotEvidence(t *testing.T) {
	stub, subs := classOf(t, "08-wait")
	t.Run("two students who handed in the stub as it was have nothing to compare", func(t *testing.T) {
		var untouched []Submission
		for _, name := range []string{"ann", "ben"} {
			untouched = append(untouched, Submission{Name: name, Files: stub})
		}
		res := Compare(stub, untouched, Options{})
		assert.Empty(t, res.Pairs)
		assert.Equal(t, []string{"ann", "ben"}, res.Empty)
		assert.Zero(t, res.Own["ann"])
	})
	t.Run("without the stub, everyone looks alike", func(t *testing.T) {
		res := Compare(nil, subs, Options{Common: 1})
		require.NotEmpty(t, res.Pairs)
		for _, p := range res.Pairs {
			assert.Greater(t, p.Score, 0.5, "%s and %s share the whole stub", p.A, p.B)
		}
	})
	t.Run("with it, only what the students wrote counts", func(t *testing.T) {
		res := Compare(stub, subs, Options{Common: 1})
		for _, p := range res.Pairs {
			for _, ps := range p.Passages {
				assert.NotContains(t, ps.A.Code, "func parseTasks", "the stub's own function is not a passage")
			}
		}
		assert.Less(t, res.Own["alice"], 200, "alice wrote about 20 lines of her own")
		assert.Greater(t, res.Own["alice"], 100)
	})
}

func TestCodeEveryoneWritesIsNotEvidence(t *testing.T) {
	shared := "\tfor i := 0; i < len(os.Args); i++ {\n\t\tfmt.Println(i, os.Args[i], len(os.Args[i]), os.Args[i] == \"\")\n\t}\n"
	pairOnly := "\tm := map[string]int{}\n\tfor _, a := range os.Args {\n\t\tm[a]++\n\t\tif m[a] > 1 {\n\t\t\tfmt.Println(\"again\", a, m[a])\n\t\t}\n\t}\n"
	var subs []Submission
	for i, name := range []string{"a", "b", "c", "d", "e", "f"} {
		body := shared
		if i < 2 {
			body += pairOnly
		} else {
			body += strings.Repeat("\tfmt.Println(\"own\")\n", i) + "\tos.Exit(" + strings.Repeat("1+", i) + "1)\n"
		}
		src := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n" + body + "}\n"
		subs = append(subs, Submission{Name: name, Files: []File{{Name: "main.go", Src: []byte(src)}}})
	}
	res := Compare(nil, subs, Options{})
	require.NotEmpty(t, res.Pairs)
	assert.Equal(t, "a", res.Pairs[0].A)
	assert.Equal(t, "b", res.Pairs[0].B)
	for _, p := range res.Pairs {
		for _, ps := range p.Passages {
			assert.NotContains(t, ps.A.Code, "len(os.Args[i])", "a loop all six wrote is common code")
		}
	}
}

func TestPassagesSayWhereTheCodeIs(t *testing.T) {
	stub, subs := classOf(t, "08-wait")
	res := Compare(stub, subs, Options{})
	top := res.Pairs[0]
	require.Equal(t, "grace", top.B)
	require.NotEmpty(t, top.Passages)
	var tokens int
	for _, ps := range top.Passages {
		tokens += ps.Tokens
		for _, side := range []struct {
			name string
			span Span
		}{{top.A, ps.A}, {top.B, ps.B}} {
			src, err := os.ReadFile(filepath.Join("testdata/08-wait", side.name, side.span.File))
			require.NoError(t, err)
			lines := strings.Split(string(src), "\n")
			require.LessOrEqual(t, side.span.End, len(lines))
			assert.Equal(t, strings.Join(lines[side.span.Start-1:side.span.End], "\n"), side.span.Code)
		}
	}
	assert.Equal(t, top.Matched, tokens)
	assert.Contains(t, top.Passages[len(top.Passages)-1].A.Code, "func describe", "bob's helper, found where grace moved it")
	assert.Contains(t, top.Passages[len(top.Passages)-1].B.Code, "func how")
}

// TestWinnowingFindsEveryLongSharedRun checks the guarantee the package
// doc states: a run of K+W-1 tokens two submissions share always gives
// them a common fingerprint.
func TestWinnowingFindsEveryLongSharedRun(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	const k, w = 12, 8
	random := func(n int) []tok {
		toks := make([]tok, n)
		for i := range toks {
			toks[i] = tok{sym: rng.Intn(50)}
		}
		return toks
	}
	for round := 0; round < 200; round++ {
		run := random(k + w - 1)
		a := &doc{toks: append(append(random(rng.Intn(100)), run...), random(rng.Intn(100))...)}
		b := &doc{toks: append(append(random(rng.Intn(100)), run...), random(rng.Intn(100))...)}
		keep := func(tok) bool { return true }
		a.winnow(k, w, keep)
		b.winnow(k, w, keep)
		inA := map[uint64]bool{}
		for _, fp := range a.fps {
			inA[fp.hash] = true
		}
		found := false
		for _, fp := range b.fps {
			found = found || inA[fp.hash]
		}
		require.True(t, found, "round %d: the shared run left no common fingerprint", round)
	}
}

func TestReadDirReadsOnlyTheSubmissionsOwnFiles(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "server"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "server/main.go"), []byte("package main\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte("# notes\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "big.go"), []byte(strings.Repeat("x", maxLessonBytes+10)), 0o644))
	outside := filepath.Join(t.TempDir(), "secret.go")
	require.NoError(t, os.WriteFile(outside, []byte("package secret\n"), 0o644))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "link.go")))

	files, err := ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		if f.Name == "big.go" {
			assert.Len(t, f.Src, maxLessonBytes, "a huge file is read up to the limit")
		}
	}
	assert.Equal(t, []string{"big.go"}, names, "nothing more once the limit is reached")
	require.NoError(t, os.Remove(filepath.Join(dir, "big.go")))
	files, err = ReadDir(dir)
	require.NoError(t, err)
	names = nil
	for _, f := range files {
		names = append(names, f.Name)
	}
	assert.Equal(t, []string{"main.go", "server/main.go"}, names, "Go files only, no link followed out")

	files, err = ReadDir(filepath.Join(dir, "no-such-lesson"))
	require.NoError(t, err)
	assert.Empty(t, files, "a lesson the student does not have is no files, not an error")
}

func TestLexNormalises(t *testing.T) {
	src := "package main\n\nimport (\n\tr \"math/rand/v2\"\n\t\"os\"\n)\n\nfunc f(x int) error { // c\n\treturn os.Remove(\"a\" + string(r.IntN(x)))\n}\n"
	var got []string
	for _, l := range lex([]byte(src)) {
		got = append(got, l.text)
	}
	assert.Equal(t, "func id ( id int ) error { return os.Remove ( STRING + string ( math/rand/v2.IntN ( id ) ) ) ; } ;", strings.Join(got, " "))
}

func TestFloodsOfRepeatedCodeDoNotStallTheComparison(t *testing.T) {
	for _, tc := range []struct{ name, line string }{
		{"one statement half a megabyte long", "\tx = x\n"},
		{"a period of a few statements", "\tx = x + 1\n\ty = y * 2\n\tif x > y {\n\t\tx, y = y, x\n\t}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package main\n\nfunc main() {\n" + strings.Repeat(tc.line, maxLessonBytes/len(tc.line)-10) + "}\n"
			require.LessOrEqual(t, len(src), maxLessonBytes)
			subs := []Submission{
				{Name: "a", Files: []File{{Name: "main.go", Src: []byte(src)}}},
				{Name: "b", Files: []File{{Name: "main.go", Src: []byte(src)}}},
			}
			done := make(chan Result, 1)
			go func() { done <- Compare(nil, subs, Options{}) }()
			select {
			case res := <-done:
				require.Len(t, res.Pairs, 1)
				assert.GreaterOrEqual(t, res.Pairs[0].Score, 0.99, "the two are the same")
			case <-time.After(2 * time.Minute):
				t.Fatal("the comparison of two floods did not end")
			}
		})
	}
}

// BenchmarkCompareAClassOf40 compares 40 submissions of lesson 01: the six
// of testdata, each handed in by six or seven students.
func BenchmarkCompareAClassOf40(b *testing.B) {
	stub, subs := classOf(b, "01-files")
	var class []Submission
	for i := 0; i < 40; i++ {
		s := subs[i%len(subs)]
		class = append(class, Submission{Name: s.Name + strconv.Itoa(i), Files: s.Files})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Compare(stub, class, Options{})
	}
}

// skipInHandout skips a test that reads testdata/ in a handout, which leaves
// it out: the sample submissions are solutions of lessons 01 and 08.
func skipInHandout(t testing.TB) {
	t.Helper()
	if workbook.IsHandout(filepath.Join("..", "..")) {
		t.Skip("a handout has no internal/similar/testdata: its sample submissions are solutions")
	}
}
