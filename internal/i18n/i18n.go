// Package i18n renders the checker's words in English or Chinese.
//
// English is the source language: a message is written once, in English, where
// it is used (a check's title, a failure message, a table heading). Its Chinese
// form lives in a catalog keyed by that English text, registered with
// [Register] by the package that owns the messages. A test in this repository
// walks the source and fails when an English message has no Chinese entry, so
// the two languages cannot drift apart.
package i18n

import (
	"fmt"
	"os"
	"strings"
	"sync"
)

// Lang is a language the checker speaks.
type Lang int

const (
	// En is English, the source language of every message.
	En Lang = iota
	// Zh is Simplified Chinese.
	Zh
)

// String returns the language's code, "en" or "zh".
func (l Lang) String() string {
	if l == Zh {
		return "zh"
	}
	return "en"
}

// Parse turns a code such as "zh", "zh_CN.UTF-8" or "en" into a Lang.
func Parse(code string) (Lang, error) {
	c := strings.ToLower(strings.TrimSpace(code))
	switch {
	case c == "zh" || strings.HasPrefix(c, "zh_") || strings.HasPrefix(c, "zh-"):
		return Zh, nil
	case c == "en" || strings.HasPrefix(c, "en_") || strings.HasPrefix(c, "en-"):
		return En, nil
	}
	return En, fmt.Errorf("unknown language %q (want zh or en)", code)
}

// FromEnv picks the language from LC_ALL, then LC_MESSAGES, then LANG, the way
// POSIX programs do: the first one that is set decides, and zh_* means Chinese.
// Anything else, or nothing set, means English.
func FromEnv(getenv func(string) string) Lang {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if l, err := Parse(v); err == nil {
				return l
			}
			return En
		}
	}
	return En
}

// Text is a string given in both languages at once, for tables that hold both
// side by side (the lesson list).
type Text struct {
	En, Zh string
}

// In returns the text in l, falling back to English.
func (t Text) In(l Lang) string {
	if l == Zh && t.Zh != "" {
		return t.Zh
	}
	return t.En
}

// Localizer is anything that can render itself in a language.
type Localizer interface {
	In(Lang) string
}

// Plain is text that reads the same in every language: program output, a
// table of numbers.
type Plain string

// In returns the text as it is.
func (p Plain) In(Lang) string { return string(p) }

var (
	mu      sync.RWMutex
	catalog = map[string]string{} // English text → Chinese text; guarded by mu
)

// Register adds English → Chinese pairs to the catalog. Packages call it from
// init with the messages they own. A key registered twice with two different
// translations panics: that is a programming error found at start-up.
func Register(pairs map[string]string) {
	mu.Lock()
	defer mu.Unlock()
	for en, zh := range pairs {
		if old, ok := catalog[en]; ok && old != zh {
			panic(fmt.Sprintf("i18n: %q translated twice: %q and %q", en, old, zh))
		}
		catalog[en] = zh
	}
}

// Has reports whether the catalog holds a Chinese form of the English text en.
func Has(en string) bool {
	mu.RLock()
	defer mu.RUnlock()
	_, ok := catalog[en]
	return ok
}

// Entries returns a copy of the catalog, English → Chinese. Tests read it to
// hold every Chinese message to the glossary (docs/glossary.md).
func Entries() map[string]string {
	mu.RLock()
	defer mu.RUnlock()
	out := make(map[string]string, len(catalog))
	for en, zh := range catalog {
		out[en] = zh
	}
	return out
}

// T returns the English text en in language l: en itself, or its catalog entry.
func T(l Lang, en string) string {
	if l != Zh {
		return en
	}
	mu.RLock()
	defer mu.RUnlock()
	if zh, ok := catalog[en]; ok {
		return zh
	}
	return en
}

// Msg is a message with arguments, rendered late so that it can be shown in
// either language. Its Format is the English format string and the catalog key.
type Msg struct {
	Format string
	Args   []any
}

// M makes a Msg.
func M(format string, args ...any) Msg {
	return Msg{Format: format, Args: args}
}

// In renders the message in l. Arguments that are themselves Localizers are
// rendered in l too.
func (m Msg) In(l Lang) string {
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		if loc, ok := a.(Localizer); ok {
			args[i] = loc.In(l)
		} else {
			args[i] = a
		}
	}
	if len(args) == 0 {
		return T(l, m.Format)
	}
	return fmt.Sprintf(T(l, m.Format), args...)
}

// String renders the message in English.
func (m Msg) String() string { return m.In(En) }
