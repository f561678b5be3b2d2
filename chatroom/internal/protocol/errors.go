package protocol

import "strings"

// Code is the reason a request is refused: the second word of an ERR reply.
type Code string

// The refusal codes. PROTOCOL.md has a table of them with their replies;
// a test checks that the table and this list agree.
const (
	CodeEmpty        Code = "empty"             // empty datagram (or only a line end)
	CodeTooLong      Code = "too-long"          // datagram over MaxRequestBytes
	CodeBadUTF8      Code = "bad-utf8"          // not valid UTF-8
	CodeBadType      Code = "bad-type"          // first word not L, C, Q, H or W
	CodeNoName       Code = "no-name"           // no name after the type
	CodeNameTooLong  Code = "name-too-long"     // over MaxNameRunes or MaxNameBytes
	CodeNameSpace    Code = "name-space"        // whitespace in a name
	CodeNameControl  Code = "name-control"      // control or invisible formatting character
	CodeNameChar     Code = "name-char"         // another character not allowed in names
	CodeNameReserved Code = "name-reserved"     // the administrator's name and the like
	CodeNameTaken    Code = "name-taken"        // someone else has the name
	CodeLoggedIn     Code = "already-logged-in" // this address has another name
	CodeRoomFull     Code = "room-full"         // the room has its maximum of users
	CodeIPFull       Code = "ip-full"           // this IP has its maximum of users
	CodeNotLoggedIn  Code = "not-logged-in"     // C, Q, H or W from an address without a name
	CodeNotYourName  Code = "not-your-name"     // C, Q, H or W claiming a name this address does not have
	CodeNoText       Code = "no-text"           // C without text
	CodeTextTooLong  Code = "text-too-long"     // text over MaxTextBytes
	CodeTextNewline  Code = "text-newline"      // line break in text
	CodeTextControl  Code = "text-control"      // control character, escape sequence or bidi control in text
	CodeMuted        Code = "muted"             // C from a user the teacher muted
	CodeKicked       Code = "kicked"            // sent unprompted: the teacher removed this user
	CodeBanned       Code = "banned"            // the teacher banned this IP address (also sent unprompted)
)

// Codes lists every refusal code, in the order of PROTOCOL.md's table.
var Codes = []Code{
	CodeEmpty, CodeTooLong, CodeBadUTF8, CodeBadType, CodeNoName,
	CodeNameTooLong, CodeNameSpace, CodeNameControl, CodeNameChar, CodeNameReserved,
	CodeNameTaken, CodeLoggedIn, CodeRoomFull, CodeIPFull,
	CodeNotLoggedIn, CodeNotYourName,
	CodeNoText, CodeTextTooLong, CodeTextNewline, CodeTextControl,
	CodeMuted, CodeKicked, CodeBanned,
}

// explanations holds the human text of each ERR reply, in Chinese like the
// room's notices.
var explanations = map[Code]string{
	CodeEmpty:        "空请求",
	CodeTooLong:      "请求太长",
	CodeBadUTF8:      "不是有效的 UTF-8",
	CodeBadType:      "未知请求类型，应为 L、C、Q、H 或 W",
	CodeNoName:       "缺少名字",
	CodeNameTooLong:  "名字最多 16 个字符",
	CodeNameSpace:    "名字不能包含空白",
	CodeNameControl:  "名字不能包含控制字符或不可见字符",
	CodeNameChar:     "名字只能包含字母、数字、_ - .，且以字母或数字开头",
	CodeNameReserved: "名字已保留",
	CodeNameTaken:    "名字已被占用",
	CodeLoggedIn:     "此地址已用另一个名字登录",
	CodeRoomFull:     "聊天室已满",
	CodeIPFull:       "此 IP 的用户已达上限",
	CodeNotLoggedIn:  "请先登录",
	CodeNotYourName:  "名字与登录时不同",
	CodeNoText:       "缺少消息内容",
	CodeTextTooLong:  "消息最多 1024 字节",
	CodeTextNewline:  "消息不能包含换行",
	CodeTextControl:  "消息不能包含控制字符",
	CodeMuted:        "你已被管理员禁言",
	CodeKicked:       "你已被管理员移出聊天室",
	CodeBanned:       "此地址已被管理员禁止进入聊天室",
}

// Error is a refused request. Its Reply is what the server answers.
type Error struct {
	Code Code
}

// Refuse returns the *Error for code.
func Refuse(code Code) *Error { return &Error{Code: code} }

// Error returns the reply text.
func (e *Error) Error() string { return e.Reply() }

// Reply returns "ERR <code> <explanation>".
func (e *Error) Reply() string {
	return "ERR " + string(e.Code) + " " + explanations[e.Code]
}

// ReplyWithReason returns "ERR <code> <explanation>：<reason>", the form of
// ERR kicked and ERR banned when the teacher gave a reason, or Reply when
// reason is empty.
func (e *Error) ReplyWithReason(reason string) string {
	if reason == "" {
		return e.Reply()
	}
	return e.Reply() + "：" + reason
}

// ParseError recognises an ERR reply and returns its code.
func ParseError(reply string) (Code, bool) {
	rest, ok := strings.CutPrefix(reply, "ERR ")
	if !ok {
		return "", false
	}
	code, _, _ := strings.Cut(rest, " ")
	return Code(code), true
}
