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
//
// 第 12 课的练习（课文：lessons/12-protocol/README.zh.md）：这个包读聊天室的请求、
// 写聊天室的通知，是唯一知道线上格式的地方，服务器（第 13 到 15 课）只管决定做什
// 么。一个请求是一个 UTF-8 数据报：`L 名字` 登录，`C 名字 内容` 聊天，`Q 名字` 退
// 出。末尾恰好一个 `\n` 或 `\r\n` 会被去掉；单独的 `\r` 或第二个 `\n` 不是行尾，
// 而是换行，要拒绝。名字不能为空，不能有空格；聊天要有内容。
package protocol

import "errors"

// Request is one parsed request.
type Request struct {
	Type byte   // 'L', 'C' or 'Q'
	Name string // never empty, no spaces
	Text string // the chat's text; empty unless Type is 'C'
}

// errTODO is what the unwritten Parse answers to everything.
var errTODO = errors.New("Parse is not written yet / Parse 还没有写")

// Parse reads one datagram. It must never panic, whatever the bytes.
func Parse(datagram []byte) (Request, error) {
	// TODO: Refuse a datagram that is not valid UTF-8 (utf8.Valid).
	// 不是有效 UTF-8 的数据报要拒绝（`utf8.Valid`）。

	// TODO: Cut exactly one line end: "\r\n" if the datagram ends with it,
	// else one "\n" (strings.CutSuffix). A lone "\r", or a second "\n",
	// is not cut. What is left must not be empty and must not contain "\r"
	// or "\n" anywhere.
	// 恰好去掉一个行尾：数据报以 `"\r\n"` 结尾就去掉它，否则去掉一个 `"\n"`
	// （`strings.CutSuffix`）。单独的 `"\r"` 或第二个 `"\n"` 不去掉。剩下的部分
	// 不能为空，任何地方都不能有 `"\r"` 或 `"\n"`。

	// TODO: Byte 0 is the type: 'L', 'C' or 'Q' (upper case). Byte 1 must
	// be a space; "L" alone has no name. Check len(s) before each index.
	// 第 0 个字节是类型：大写的 `'L'`、`'C'` 或 `'Q'`。第 1 个字节必须是空格；
	// 单独一个 `"L"` 没有名字。每次取下标之前先检查 `len(s)`。

	// TODO: strings.Cut(s[2:], " ") gives the name and, for C, the text:
	// everything after that space, kept as it is. Refuse an empty name, a
	// name followed by anything in L and Q ("L bob smith"), and a C
	// without text ("C alice" and "C alice ").
	// `strings.Cut(s[2:], " ")` 拆出名字，C 还拆出内容：那个空格之后的全部，原样
	// 保留。名字为空要拒绝；L 和 Q 的名字后面有任何东西（`"L bob smith"`）要拒绝；
	// 没有内容的 C（`"C alice"` 和 `"C alice "`）要拒绝。

	// TODO: Return a different error for each reason (errors.New in a var
	// block), so that a caller can tell them apart with errors.Is.
	// 每种原因返回一个不同的错误（在 var 块里用 `errors.New` 定义），让调用者能用
	// `errors.Is` 分辨。
	return Request{}, errTODO
}

// Encode writes the request as a datagram, without a line end: Parse of the
// result is the request again.
func (r Request) Encode() []byte {
	// TODO: "L NAME", "C NAME TEXT" or "Q NAME".
	// `"L 名字"`、`"C 名字 内容"` 或 `"Q 名字"`。
	return nil
}

// Join is the notice everyone else gets when name logs in.
func Join(name string) string {
	// TODO: "NAME 进入了聊天室".
	// `"名字 进入了聊天室"`。
	return ""
}

// Chat is the notice everyone but the sender gets for a chat: the name, a
// space, the full-width colon U+FF1A, a space, the text.
func Chat(name, text string) string {
	// TODO: "NAME ： TEXT".
	// `"名字 ： 内容"`：空格、全角冒号 U+FF1A、空格。
	return ""
}

// Leave is the notice everyone else gets when name quits.
func Leave(name string) string {
	// TODO: "NAME 退出了聊天室".
	// `"名字 退出了聊天室"`。
	return ""
}

// Admin is an announcement from the server's operator: the full-width colon,
// then one space.
func Admin(text string) string {
	// TODO: "管理员消息： TEXT".
	// `"管理员消息： 内容"`：全角冒号后面一个空格。
	return ""
}
