package console

import (
	"fmt"
	"strings"
)

// Lang is the language of the teacher's window. The console's messages are
// written in English where they are used; their Chinese is in zh.go. (The
// chat room keeps its own small catalog so that it builds without the
// checker's packages.)
type Lang int

// The languages of the window.
const (
	English Lang = iota
	Chinese
)

// String returns the language's code, "en" or "zh".
func (l Lang) String() string {
	if l == Chinese {
		return "zh"
	}
	return "en"
}

// ParseLang turns "zh", "zh_CN.UTF-8", "en" … into a Lang.
func ParseLang(code string) (Lang, error) {
	c := strings.ToLower(strings.TrimSpace(code))
	switch {
	case c == "zh" || strings.HasPrefix(c, "zh_") || strings.HasPrefix(c, "zh-"):
		return Chinese, nil
	case c == "en" || strings.HasPrefix(c, "en_") || strings.HasPrefix(c, "en-"):
		return English, nil
	}
	return English, fmt.Errorf("unknown language %q (want zh or en)", code)
}

// LangFromEnv picks the language the way POSIX programs do: the first of
// LC_ALL, LC_MESSAGES and LANG that is set decides, and zh_* means Chinese.
func LangFromEnv(getenv func(string) string) Lang {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			l, _ := ParseLang(v)
			return l
		}
	}
	return English
}

// translate returns the English message en in l.
func translate(l Lang, en string) string {
	if l == Chinese {
		if s, ok := zh[en]; ok {
			return s
		}
	}
	return en
}
