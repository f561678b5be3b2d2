// A wrong lesson-12 program (the package protocol and its command in one
// file): Parse looks at byte 0 before it knows there is one, and an empty
// datagram makes it panic.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		cmd, rest, _ := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		args, err := quoted(rest)
		if err != nil {
			fmt.Printf("bad-input %v\n", err)
			continue
		}
		switch {
		case cmd == "parse" && len(args) == 1:
			req, err := Parse([]byte(args[0]))
			switch {
			case err != nil:
				fmt.Printf("error %v\n", err)
			case req.Type == 'C':
				fmt.Printf("ok type=%c name=%q text=%q\n", req.Type, req.Name, req.Text)
			default:
				fmt.Printf("ok type=%c name=%q\n", req.Type, req.Name)
			}
		case cmd == "join" && len(args) == 1:
			fmt.Printf("notice %q\n", Join(args[0]))
		case cmd == "chat" && len(args) == 2:
			fmt.Printf("notice %q\n", Chat(args[0], args[1]))
		case cmd == "leave" && len(args) == 1:
			fmt.Printf("notice %q\n", Leave(args[0]))
		case cmd == "admin" && len(args) == 1:
			fmt.Printf("notice %q\n", Admin(args[0]))
		case cmd == "":
		default:
			fmt.Printf("bad-input unknown command %q with %d arguments\n", cmd, len(args))
		}
	}
}

// quoted reads the Go string literals of s, separated by spaces.
func quoted(s string) ([]string, error) {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		lit, err := strconv.QuotedPrefix(s)
		if err != nil {
			return nil, fmt.Errorf("not a Go string literal: %s", s)
		}
		v, err := strconv.Unquote(lit)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		s = s[len(lit):]
	}
	return out, nil
}

// Request is one parsed request.
type Request struct {
	Type byte   // 'L', 'C' or 'Q'
	Name string // never empty, no spaces
	Text string // the chat's text; empty unless Type is 'C'
}

// The reasons Parse refuses a datagram.
var (
	ErrEmpty     = errors.New("empty request")
	ErrUTF8      = errors.New("not valid UTF-8")
	ErrLineBreak = errors.New("line break inside the request")
	ErrType      = errors.New("unknown type: want L, C or Q and a space")
	ErrNoName    = errors.New("no name")
	ErrNameSpace = errors.New("a name cannot contain spaces")
	ErrNoText    = errors.New("a chat needs a text")
)

// Parse reads one datagram. It never panics, whatever the bytes.
func Parse(datagram []byte) (Request, error) {
	if !utf8.Valid(datagram) {
		return Request{}, ErrUTF8
	}
	s := string(datagram)
	s = strings.TrimSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\r")
	// Wrong: s[0] of an empty string panics.
	if s[0] != 'L' && s[0] != 'C' && s[0] != 'Q' {
		return Request{}, ErrType
	}
	if strings.ContainsAny(s, "\r\n") {
		return Request{}, ErrLineBreak
	}
	// s is not empty, so s[0] exists; s[1] only if len(s) >= 2.
	t := s[0]
	if t != 'L' && t != 'C' && t != 'Q' {
		return Request{}, ErrType
	}
	if len(s) == 1 {
		return Request{}, ErrNoName // "L": a type and nothing else
	}
	if s[1] != ' ' {
		return Request{}, ErrType // "Lalice"
	}
	name, text, hasText := strings.Cut(s[2:], " ")
	if name == "" {
		return Request{}, ErrNoName
	}
	switch {
	case t != 'C' && hasText:
		return Request{}, ErrNameSpace // "L bob smith"
	case t == 'C' && text == "":
		return Request{}, ErrNoText
	}
	return Request{Type: t, Name: name, Text: text}, nil
}

// Encode writes the request as a datagram, without a line end: Parse of the
// result is the request again.
func (r Request) Encode() []byte {
	s := string(r.Type) + " " + r.Name
	if r.Type == 'C' {
		s += " " + r.Text
	}
	return []byte(s)
}

// Join is the notice everyone else gets when name logs in.
func Join(name string) string { return name + " 进入了聊天室" }

// Chat is the notice everyone but the sender gets for a chat: the name, a
// space, the full-width colon U+FF1A, a space, the text.
func Chat(name, text string) string { return name + " ： " + text }

// Leave is the notice everyone else gets when name quits.
func Leave(name string) string { return name + " 退出了聊天室" }

// Admin is an announcement from the server's operator: the full-width colon,
// then one space.
func Admin(text string) string { return "管理员消息： " + text }
