// Package protocol reads the chat room's requests and writes its notices:
// the one place that knows the wire format, so that the server (lessons 13
// to 15) only decides what to do.
//
// A request is one UTF-8 datagram, one of
//
//	L NAME         log in
//	C NAME TEXT    chat: TEXT is everything after the space that ends NAME
//	Q NAME         quit
//
// One trailing "\n" or "\r\n" is ignored (nc sends one); a lone trailing
// "\r", or a second "\n", is not a line end but a line break. The type is one
// upper-case letter followed by one space; a name is not empty and has no
// spaces; a chat has a text. A datagram that is not valid UTF-8, or that has
// a line break anywhere else, is refused: one datagram is one line, and an
// embedded line break could print a line that looks like someone else's.
package protocol

import (
	"errors"
	"strings"
	"unicode/utf8"
)

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
	// Exactly one line end is cut: "\r\n" or "\n". A lone "\r", or a
	// second "\n", stays, and is refused below.
	if t, ok := strings.CutSuffix(s, "\r\n"); ok {
		s = t
	} else {
		s = strings.TrimSuffix(s, "\n")
	}
	if s == "" {
		return Request{}, ErrEmpty
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
