package grade

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lessonModule writes a module with a lesson folder: a package greet and a
// main.go that prints greet.Word(). It returns the lesson's folder.
func lessonModule(t *testing.T, main string) string {
	t.Helper()
	root := t.TempDir()
	lesson := filepath.Join(root, "lessons", "99-demo")
	require.NoError(t, os.MkdirAll(filepath.Join(lesson, "greet"), 0o755))
	files := map[string]string{
		filepath.Join(root, "go.mod"):              "module demo\n\ngo 1.22\n",
		filepath.Join(lesson, "greet", "greet.go"): "package greet\n\nfunc Word() string { return \"hello\" }\n",
		filepath.Join(lesson, "main.go"):           main,
	}
	for name, content := range files {
		require.NoError(t, os.WriteFile(name, []byte(content), 0o644))
	}
	return lesson
}

// printsLine is a suite whose one check passes when the program's first
// line is want.
func printsLine(want string) Suite {
	return Suite{Checks: []Check{{
		ID: "line", Title: "prints the line", Points: 1, Hint: "h",
		Run: func(t *T) error {
			p, err := t.Start()
			if err != nil {
				return err
			}
			if _, _, err := p.Expect("^" + want + "$"); err != nil {
				return err
			}
			_, err = p.Wait()
			return err
		},
	}}}
}

func TestOverlay(t *testing.T) {
	driver := "package main\n\nimport (\n\t\"fmt\"\n\n\t\"" + OverlayImportPath + "/greet\"\n)\n\nfunc main() { fmt.Println(\"driver says \" + greet.Word()) }\n"
	t.Run("the checker's driver replaces a main.go the student changed", func(t *testing.T) {
		lesson := lessonModule(t, "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"driver says hello\") } // hard-coded\n")
		suite := printsLine("driver says hello")
		suite.Overlay = map[string]string{"main.go": driver}
		res := Grade(context.Background(), suite, lesson, Options{})
		require.Equal(t, Pass, res.Status, "%v %s", res.Message, res.BuildOutput)
		b, err := os.ReadFile(filepath.Join(lesson, "main.go"))
		require.NoError(t, err)
		assert.Contains(t, string(b), "hard-coded", "the student's file is left as it was")
	})
	t.Run("a main.go that does not compile is replaced too", func(t *testing.T) {
		lesson := lessonModule(t, "package main\n\nfunc main() { undefinedFunction() }\n")
		suite := printsLine("driver says hello")
		suite.Overlay = map[string]string{"main.go": driver}
		res := Grade(context.Background(), suite, lesson, Options{})
		assert.Equal(t, Pass, res.Status, "%v %s", res.Message, res.BuildOutput)
	})
	t.Run("a package that does not compile is still a build error", func(t *testing.T) {
		lesson := lessonModule(t, "package main\n\nfunc main() {}\n")
		require.NoError(t, os.WriteFile(filepath.Join(lesson, "greet", "greet.go"), []byte("package greet\n\nfunc Word() string { return 1 }\n"), 0o644))
		suite := printsLine("driver says hello")
		suite.Overlay = map[string]string{"main.go": driver}
		res := Grade(context.Background(), suite, lesson, Options{})
		assert.Equal(t, Error, res.Status)
		assert.Contains(t, res.BuildOutput, "greet.go")
	})
}

func TestRace(t *testing.T) {
	if testing.Short() {
		t.Skip("builds with -race")
	}
	racy := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tm := map[int]int{}\n\tdone := make(chan bool)\n\tgo func() { m[1] = 1; done <- true }()\n\tm[2] = 2\n\t<-done\n\tfmt.Println(\"done\")\n}\n"
	lesson := lessonModule(t, racy)
	var on bool
	var why, stderr string
	suite := Suite{Race: true, Checks: []Check{{
		ID: "race", Title: "t", Points: 1, Hint: "h",
		Run: func(t *T) error {
			on, why = t.Race()
			p, err := t.StartWith(StartOptions{Race: true})
			if err != nil {
				return err
			}
			ex, err := p.Wait()
			for _, l := range p.Lines() {
				if l.Stream == Stderr {
					stderr += l.Text + "\n"
				}
			}
			if err == nil && ex.Code != 0 {
				return Errorf("exit status %d", ex.Code)
			}
			return err
		},
	}}}
	res := Grade(context.Background(), suite, lesson, Options{})
	require.NotEqual(t, Error, res.Status, "%v %s", res.Message, res.BuildOutput)
	if !on {
		t.Logf("no race detector here: %s", why)
		assert.NotEmpty(t, why, "when -race could not be used, T.Race says why")
		assert.Equal(t, Pass, res.Status, "the plain build is graded")
		return
	}
	assert.Equal(t, Fail, res.Status, "a program with a data race exits with status 66 under -race")
	assert.True(t, strings.Contains(stderr, "WARNING: DATA RACE"), "the race detector's report is on stderr:\n%s", stderr)
}
