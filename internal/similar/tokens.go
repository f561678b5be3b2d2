package similar

import (
	"go/scanner"
	"go/token"
	"path"
	"strconv"
	"strings"
)

// lexeme is one normalised token of a source file and the line it is on.
type lexeme struct {
	text string
	line int
}

// predeclared are Go's predeclared identifiers. They are kept as they are:
// renaming them would change what the program means, so they carry
// structure a copier cannot hide.
var predeclared = map[string]bool{
	"bool": true, "byte": true, "complex64": true, "complex128": true, "error": true,
	"float32": true, "float64": true, "int": true, "int8": true, "int16": true,
	"int32": true, "int64": true, "rune": true, "string": true, "uint": true,
	"uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"any": true, "comparable": true,
	"true": true, "false": true, "iota": true, "nil": true,
	"append": true, "cap": true, "clear": true, "close": true, "complex": true,
	"copy": true, "delete": true, "imag": true, "len": true, "make": true,
	"max": true, "min": true, "new": true, "panic": true, "print": true,
	"println": true, "real": true, "recover": true,
}

// lex turns Go source into normalised tokens: comments, the package clause
// and the imports are left out; every identifier the author chose becomes
// "id"; a name qualified by an imported package stays as the import path and
// the name ("os.ReadDir", however os was imported); predeclared identifiers,
// keywords and operators stay as they are; literals become their kind
// ("INT", "STRING"). A file that does not scan (a syntax error) gives the
// tokens the scanner could make of it.
func lex(src []byte) []lexeme {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, func(token.Position, string) {}, 0)
	type raw struct {
		tok  token.Token
		lit  string
		line int
	}
	var toks []raw
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		toks = append(toks, raw{tok, lit, file.Line(pos)})
	}

	i := 0
	skipTo := func(t token.Token) {
		for i < len(toks) && toks[i].tok != t {
			i++
		}
		i++
	}
	if i < len(toks) && toks[i].tok == token.PACKAGE {
		skipTo(token.SEMICOLON)
	}
	imports := map[string]string{} // name in this file → import path
	spec := func() {               // [name] "path" ;
		name := ""
		if i < len(toks) && (toks[i].tok == token.IDENT || toks[i].tok == token.PERIOD) {
			name = toks[i].lit
			i++
		}
		if i < len(toks) && toks[i].tok == token.STRING {
			p, err := strconv.Unquote(toks[i].lit)
			if err == nil {
				if name == "" {
					name = packageName(p)
				}
				imports[name] = p
			}
		}
	}
	for i < len(toks) && toks[i].tok == token.IMPORT {
		i++
		if i < len(toks) && toks[i].tok == token.LPAREN {
			i++
			for i < len(toks) && toks[i].tok != token.RPAREN {
				spec()
				skipTo(token.SEMICOLON)
			}
			i++ // )
			if i < len(toks) && toks[i].tok == token.SEMICOLON {
				i++
			}
			continue
		}
		spec()
		skipTo(token.SEMICOLON)
	}

	var out []lexeme
	for ; i < len(toks); i++ {
		t := toks[i]
		var text string
		switch {
		case t.tok == token.IDENT:
			p, imported := imports[t.lit]
			switch {
			case imported && i+2 < len(toks) && toks[i+1].tok == token.PERIOD && toks[i+2].tok == token.IDENT:
				text = p + "." + toks[i+2].lit
				i += 2
			case predeclared[t.lit]:
				text = t.lit
			default:
				text = "id"
			}
		case t.tok.IsLiteral():
			text = t.tok.String() // INT, FLOAT, IMAG, CHAR, STRING
		case t.tok == token.SEMICOLON:
			text = ";" // an explicit one and one the scanner inserted at a line end
		default:
			text = t.tok.String()
		}
		out = append(out, lexeme{text: text, line: t.line})
	}
	return out
}

// packageName guesses the name an import path's package declares: its last
// element, without a major version suffix ("math/rand/v2" is rand).
func packageName(importPath string) string {
	base := path.Base(importPath)
	if strings.HasPrefix(base, "v") && path.Dir(importPath) != "." {
		if _, err := strconv.Atoi(base[1:]); err == nil {
			base = path.Base(path.Dir(importPath))
		}
	}
	return base
}
