package i18n_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	_ "forkroom/internal/cli" // registers the catalogs of everything the checker says
	"forkroom/internal/i18n"
)

// messageFuncs are the calls whose first string argument is an English
// message the checker shows: grade.Errorf, i18n.M, i18n.T, usagef, errorf, and the
// printers' t and m shorthands.
var messageFuncs = map[string]bool{"Errorf": true, "M": true, "T": true, "usagef": true, "errorf": true, "t": true, "m": true}

// TestEveryMessageHasChinese walks the checker's source and fails for any
// message, check title or hint that exists in English only.
func TestEveryMessageHasChinese(t *testing.T) {
	var missing []string
	var seen int
	for _, root := range []string{"../../internal", "../../checker"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			require.NoError(t, err)
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			for _, msg := range messagesIn(t, path) {
				seen++
				if !i18n.Has(msg.text) {
					missing = append(missing, msg.pos+": "+strconv.Quote(msg.text))
				}
			}
			return nil
		})
		require.NoError(t, err)
	}
	assert.Greater(t, seen, 50, "the walk found the checker's messages")
	assert.Empty(t, missing, "messages without a Chinese entry (add them to the i18n.Register call of their package)")
}

type message struct{ pos, text string }

// messagesIn finds the English messages in one file.
func messagesIn(t *testing.T, path string) []message {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	require.NoError(t, err)
	var out []message
	add := func(e ast.Expr) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return
		}
		s, err := strconv.Unquote(lit.Value)
		require.NoError(t, err)
		if s != "" {
			out = append(out, message{pos: fset.Position(lit.Pos()).String(), text: s})
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			name := ""
			switch fn := n.Fun.(type) {
			case *ast.Ident:
				name = fn.Name
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && (x.Name == "fmt" || x.Name == "t" && fn.Sel.Name == "Errorf") {
					return true // fmt.Errorf and testing's t.Errorf are not shown to students
				}
				name = fn.Sel.Name
			}
			if !messageFuncs[name] {
				return true
			}
			for _, a := range n.Args {
				if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					add(a)
					break
				}
			}
		case *ast.KeyValueExpr:
			if k, ok := n.Key.(*ast.Ident); ok && (k.Name == "Title" || k.Name == "Hint") {
				add(n.Value)
			}
		}
		return true
	})
	return out
}

func TestMsgRendersInEitherLanguage(t *testing.T) {
	i18n.Register(map[string]string{"%d apples and %s": "%d 个苹果和%s", "a pear": "一个梨"})
	m := i18n.M("%d apples and %s", 3, i18n.M("a pear"))
	assert.Equal(t, "3 apples and a pear", m.In(i18n.En))
	assert.Equal(t, "3 个苹果和一个梨", m.In(i18n.Zh), "arguments that are messages are translated too")
	assert.Equal(t, "no such entry", i18n.T(i18n.Zh, "no such entry"), "a missing entry falls back to English")
}

func TestLanguageFromEnvironment(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want i18n.Lang
	}{
		{"nothing set means English", nil, i18n.En},
		{"LANG zh_CN.UTF-8 means Chinese", map[string]string{"LANG": "zh_CN.UTF-8"}, i18n.Zh},
		{"LC_ALL wins over LANG", map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, i18n.En},
		{"zh_TW is Chinese too", map[string]string{"LANG": "zh_TW"}, i18n.Zh},
		{"C means English", map[string]string{"LANG": "C.UTF-8"}, i18n.En},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := i18n.FromEnv(func(k string) string { return tc.env[k] })
			assert.Equal(t, tc.want, got)
		})
	}
}
