// Package protocol parses the chat room's requests and formats its replies
// and notices.
//
// Everything here is pure: no I/O, no clock, no shared state, so the same
// rules serve the server, the client and the tests. PROTOCOL.md in the
// chatroom directory describes the wire format in prose.
package protocol

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Limits of the protocol. A request over a limit is refused, never cut.
const (
	// MaxNameRunes is the most characters a name may have (after NFC).
	MaxNameRunes = 16
	// MaxNameBytes is the most bytes a name may have in UTF-8 (after NFC).
	MaxNameBytes = 48
	// MaxTextBytes is the most bytes of text a chat message or an
	// announcement may carry.
	MaxTextBytes = 1024
	// MaxRequestBytes is the largest datagram the server accepts: the
	// longest chat request plus a trailing "\r\n".
	MaxRequestBytes = len("C ") + MaxNameBytes + len(" ") + MaxTextBytes + len("\r\n")
	// ReadBufferSize is the size of a receive buffer. It is larger than any
	// UDP payload, so an oversize datagram is seen whole and refused
	// instead of being silently truncated by the read.
	ReadBufferSize = 64<<10 + 1
)

// Kind is the type of a request: its first byte on the wire.
type Kind byte

// The request kinds.
const (
	Login     Kind = 'L' // L <name>
	Chat      Kind = 'C' // C <name> <text>
	Quit      Kind = 'Q' // Q <name>
	Heartbeat Kind = 'H' // H <name>
	Who       Kind = 'W' // W <name>: who is in the room?
)

// Request is one parsed datagram from a client.
type Request struct {
	Kind Kind
	// Name is the name the request claims. For Login it has been checked
	// with CheckName and is in Unicode normal form C; for the other kinds
	// it is as sent, and the server compares it with the sender's name.
	Name string
	// Text is the message of a Chat request, checked with CheckText.
	Text string
}

// Server replies that are not notices.
const (
	ReplyOK  = "OK"  // the reply to a successful L
	ReplyBye = "BYE" // the reply to a Q from a logged-in address
	// ReplyWho begins the reply to W: "WHO <count> <name> <name> …".
	ReplyWho = "WHO"
)

// MaxWhoBytes bounds the reply to W, so that it fits in one Ethernet frame
// (1500 bytes less the IP and UDP headers) and a W costs the server no more
// than that. Names that do not fit are left out; the count says how many
// there are in all.
const MaxWhoBytes = 1472

// LineEnd is what the server appends to every reply and notice for a user
// whose login ended with a line end (nc), so that each shows on a line of
// its own.
const LineEnd = "\n"

// AdminName is the administrator's name, as it appears in announcements.
const AdminName = "管理员"

// Notice texts for the fixed notice forms.
const (
	joinSuffix   = " 进入了聊天室"
	leaveSuffix  = " 退出了聊天室"
	chatSep      = " ： " // full-width colon U+FF1A between two spaces
	adminPrefix  = AdminName + "消息： "
	ShutdownText = "服务器关闭" // the announcement sent when the server stops
)

// JoinNotice returns the notice "<name> 进入了聊天室".
func JoinNotice(name string) string { return name + joinSuffix }

// LeaveNotice returns the notice "<name> 退出了聊天室".
func LeaveNotice(name string) string { return name + leaveSuffix }

// ChatNotice returns the notice "<name> ： <text>".
func ChatNotice(name, text string) string { return name + chatSep + text }

// Announcement returns the notice "管理员消息： <text>".
func Announcement(text string) string { return adminPrefix + text }

// LoginRequest returns the request "L <name>".
func LoginRequest(name string) string { return "L " + name }

// ChatRequest returns the request "C <name> <text>".
func ChatRequest(name, text string) string { return "C " + name + " " + text }

// QuitRequest returns the request "Q <name>".
func QuitRequest(name string) string { return "Q " + name }

// HeartbeatRequest returns the request "H <name>".
func HeartbeatRequest(name string) string { return "H " + name }

// WhoRequest returns the request "W <name>".
func WhoRequest(name string) string { return "W " + name }

// WhoReply returns the reply to W: "WHO <count> <name> <name> …" with the
// names in the order given, as many as fit in MaxWhoBytes; count is
// len(names) even when some are left out.
func WhoReply(names []string) string {
	var b strings.Builder
	b.WriteString(ReplyWho + " " + strconv.Itoa(len(names)))
	for _, n := range names {
		if b.Len()+1+len(n) > MaxWhoBytes {
			break
		}
		b.WriteString(" " + n)
	}
	return b.String()
}

// ParseWho recognises the reply to W and returns the number of users in the
// room and the names it lists (perhaps fewer, see WhoReply).
func ParseWho(reply string) (count int, names []string, ok bool) {
	fields := strings.Split(reply, " ")
	if len(fields) < 2 || fields[0] != ReplyWho {
		return 0, nil, false
	}
	count, err := strconv.Atoi(fields[1])
	if err != nil || count < 0 {
		return 0, nil, false
	}
	return count, fields[2:], true
}

// HasLineEnd reports whether a datagram ends with a line end ("\n" or
// "\r\n"), as a line typed into nc does.
func HasLineEnd(b []byte) bool { return len(b) > 0 && b[len(b)-1] == '\n' }

// cutLineEnd removes one trailing "\r\n" or "\n", and nothing else: a lone
// "\r" stays, and makes the request malformed (it is a control character in
// a name and a line break in a text).
func cutLineEnd(s string) string {
	if t, ok := strings.CutSuffix(s, "\r\n"); ok {
		return t
	}
	return strings.TrimSuffix(s, "\n")
}

// Parse parses one datagram. Exactly one trailing "\n" or "\r\n" is ignored;
// any other line break (a lone "\r" at the end, a second "\n") makes the
// request malformed. The error, if any, is an *Error whose Reply is the
// answer to send.
func Parse(b []byte) (Request, error) {
	if len(b) == 0 {
		return Request{}, Refuse(CodeEmpty)
	}
	if len(b) > MaxRequestBytes {
		return Request{}, Refuse(CodeTooLong)
	}
	if !utf8.Valid(b) {
		return Request{}, Refuse(CodeBadUTF8)
	}
	s := cutLineEnd(string(b))
	if s == "" {
		return Request{}, Refuse(CodeEmpty)
	}
	if len(s) > 1 && s[1] != ' ' {
		return Request{}, Refuse(CodeBadType)
	}
	kind := Kind(s[0])
	rest := ""
	if len(s) > 2 {
		rest = s[2:]
	}
	switch kind {
	case Login:
		name := norm.NFC.String(rest)
		if err := CheckName(name); err != nil {
			return Request{}, err
		}
		return Request{Kind: Login, Name: name}, nil
	case Chat:
		name, text, _ := strings.Cut(rest, " ")
		if err := checkClaimedName(name); err != nil {
			return Request{}, err
		}
		if err := CheckText(text); err != nil {
			return Request{}, err
		}
		return Request{Kind: Chat, Name: name, Text: text}, nil
	case Quit, Heartbeat, Who:
		// Nothing may follow the name: "Q bob smith" is refused, never
		// read as bob.
		if err := checkClaimedName(rest); err != nil {
			return Request{}, err
		}
		return Request{Kind: kind, Name: rest}, nil
	}
	return Request{}, Refuse(CodeBadType)
}

// checkClaimedName checks the name a C, Q, H or W carries: not empty, no
// whitespace, no control or invisible characters. The server then compares
// it with the name the sender logged in with.
func checkClaimedName(name string) error {
	if name == "" {
		return Refuse(CodeNoName)
	}
	for _, r := range name {
		switch {
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return Refuse(CodeNameControl)
		case unicode.IsSpace(r):
			return Refuse(CodeNameSpace)
		}
	}
	return nil
}

// reserved holds the keys (see Key) of names nobody may take: the
// administrator's, and the words the server itself sends, so that no notice
// can begin like a server reply.
var reserved = map[string]bool{}

func init() {
	for _, name := range []string{
		AdminName, AdminName + "消息", "admin", "administrator", "root",
		"server", "system", "系统", "服务器", "ok", "bye", "err", "who",
	} {
		reserved[Key(name)] = true
	}
}

// Key returns the form of a name used to compare names: NFKC, case folded,
// NFKC again (Unicode's NFKC_Casefold, near enough). "ａｌｉｃｅ", "Alice" and
// "alice" have the same key, and so have a decomposed and a composed accent.
func Key(name string) string {
	// A cases.Caser is stateful, so make one per call.
	return norm.NFKC.String(cases.Fold().String(norm.NFKC.String(name)))
}

// CheckName reports whether name may be taken, as an *Error naming the first
// rule it breaks. The rules: 1 to MaxNameRunes characters and at most
// MaxNameBytes bytes; letters (Chinese included), digits, combining marks
// and "_", "-", "."; it begins with a letter or a digit; no whitespace,
// control or invisible formatting characters (zero-width joiner, bidi
// controls); not a reserved name. CheckName expects the NFC form.
func CheckName(name string) error {
	if name == "" {
		return Refuse(CodeNoName)
	}
	if len(name) > MaxNameBytes || utf8.RuneCountInString(name) > MaxNameRunes {
		return Refuse(CodeNameTooLong)
	}
	for i, r := range name {
		switch {
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return Refuse(CodeNameControl)
		case unicode.IsSpace(r):
			return Refuse(CodeNameSpace)
		case i == 0 && !unicode.IsLetter(r) && !unicode.IsDigit(r):
			return Refuse(CodeNameChar)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		case r == '_' || r == '-' || r == '.':
		default:
			return Refuse(CodeNameChar)
		}
	}
	if reserved[Key(name)] {
		return Refuse(CodeNameReserved)
	}
	return nil
}

// CheckText reports whether text may be sent as a chat message or an
// announcement, as an *Error naming the first rule it breaks: not empty, at
// most MaxTextBytes bytes, no line breaks, no control characters (so no
// terminal escape sequences) and no bidi controls.
func CheckText(text string) error {
	if text == "" {
		return Refuse(CodeNoText)
	}
	if len(text) > MaxTextBytes {
		return Refuse(CodeTextTooLong)
	}
	for _, r := range text {
		switch {
		case r == '\n' || r == '\r' || r == '\u0085' || r == '\u2028' || r == '\u2029':
			return Refuse(CodeTextNewline)
		case unicode.IsControl(r) || isBidiControl(r):
			return Refuse(CodeTextControl)
		}
	}
	return nil
}

// isBidiControl reports whether r changes the direction of the text around it
// (it could make a message display differently from what was sent).
func isBidiControl(r rune) bool {
	switch {
	case r == '\u061C', r == '\u200E', r == '\u200F':
		return true
	case r >= '\u202A' && r <= '\u202E':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// Printable returns s with every control character and bidi control
// replaced by U+FFFD, for a client to show text from the network safely.
func Printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || isBidiControl(r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
