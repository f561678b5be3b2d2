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

import "errors"

// Request is one parsed request.
type Request struct {
	Type byte   // 'L', 'C' or 'Q'
	Name string // never empty, no spaces
	Text string // the chat's text; empty unless Type is 'C'
}

// errTODO is what the unwritten Parse answers to everything.
var errTODO = errors.New("Parse is not written yet (Parse 还没有写)")

// Parse reads one datagram. It must never panic, whatever the bytes.
func Parse(datagram []byte) (Request, error) {
	// TODO: Refuse a datagram that is not valid UTF-8 (utf8.Valid).

	// TODO: Cut exactly one line end: "\r\n" if the datagram ends with it,
	// else one "\n" (strings.CutSuffix). A lone "\r", or a second "\n",
	// is not cut. What is left must not be empty and must not contain "\r"
	// or "\n" anywhere.

	// TODO: Byte 0 is the type: 'L', 'C' or 'Q' (upper case). Byte 1 must
	// be a space; "L" alone has no name. Check len(s) before each index.

	// TODO: strings.Cut(s[2:], " ") gives the name and, for C, the text:
	// everything after that space, kept as it is. Refuse an empty name, a
	// name followed by anything in L and Q ("L bob smith"), and a C
	// without text ("C alice" and "C alice ").

	// TODO: Return a different error for each reason (errors.New in a var
	// block), so that a caller can tell them apart with errors.Is.
	return Request{}, errTODO
}

// Encode writes the request as a datagram, without a line end: Parse of the
// result is the request again.
func (r Request) Encode() []byte {
	// TODO: "L NAME", "C NAME TEXT" or "Q NAME".
	return nil
}

// Join is the notice everyone else gets when name logs in.
func Join(name string) string {
	// TODO: "NAME 进入了聊天室".
	return ""
}

// Chat is the notice everyone but the sender gets for a chat: the name, a
// space, the full-width colon U+FF1A, a space, the text.
func Chat(name, text string) string {
	// TODO: "NAME ： TEXT".
	return ""
}

// Leave is the notice everyone else gets when name quits.
func Leave(name string) string {
	// TODO: "NAME 退出了聊天室".
	return ""
}

// Admin is an announcement from the server's operator: the full-width colon,
// then one space.
func Admin(text string) string {
	// TODO: "管理员消息： TEXT".
	return ""
}
