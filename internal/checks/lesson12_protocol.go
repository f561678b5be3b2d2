package checks

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// Protocol grades lesson 12, the package protocol, through the lesson's
// small command: each line of its stdin is a command with Go-quoted
// arguments (`parse "L alice\n"`, `chat "bob" "hi"`), and it prints one line
// for each: `ok type=L name="alice"`, `error REASON` or `notice "…"`. Each
// check runs it once on its own table, so a panic on one kind of input
// fails only that check.
func Protocol() grade.Suite {
	return grade.Suite{Checks: []grade.Check{
		{
			ID: "parse-requests", Title: "parses L, C and Q requests into type, name and text", Points: 2, Timeout: protoTimeout,
			Hint: "The type is byte 0, then a space; strings.Cut(s[2:], \" \") splits the name from the text.",
			Run:  protoTable(protoRequests),
		},
		{
			ID: "line-ends", Title: "ignores one trailing \\n or \\r\\n", Points: 1, Timeout: protoTimeout,
			Hint: "strings.TrimSuffix(s, \"\\n\"), then strings.TrimSuffix(s, \"\\r\"), before anything else.",
			Run:  protoTable(protoLineEnds),
		},
		{
			ID: "chinese", Title: "reads names and texts in Chinese (several bytes a character)", Points: 1, Timeout: protoTimeout,
			Hint: "Split at spaces, not at byte counts: a Chinese character is three bytes of UTF-8, and strings.Cut keeps them whole.",
			Run:  protoTable(protoChinese),
		},
		{
			ID: "chat-text", Title: "keeps a chat's text whole: its spaces, colons and all", Points: 2, Timeout: protoTimeout,
			Hint: "The text is everything after the space that ends the name, as it is: no strings.Fields, no TrimSpace.",
			Run:  protoTable(protoChatText),
		},
		{
			ID: "bad-requests", Title: "refuses malformed requests, without panicking", Points: 3, Timeout: protoTimeout,
			Hint: "Check the length before you index: \"\" has no byte 0 and \"L\" has no byte 1. Refuse an unknown or lower-case type, a missing name, a name with a space, a chat without text.",
			Run:  protoTable(protoBad),
		},
		{
			ID: "unsafe-input", Title: "refuses invalid UTF-8 and line breaks inside a request", Points: 1, Timeout: protoTimeout,
			Hint: "utf8.Valid(datagram) first; after the trailing line end is cut, strings.ContainsAny(s, \"\\r\\n\") means someone is trying to print a second line.",
			Run:  protoTable(protoUnsafe),
		},
		{
			ID: "notices", Title: "writes the four notices exactly, with the full-width colon ：", Points: 2, Timeout: protoTimeout,
			Hint: "\"NAME 进入了聊天室\", \"NAME ： TEXT\" (a space, U+FF1A, a space), \"NAME 退出了聊天室\", \"管理员消息： TEXT\" (U+FF1A, then one space).",
			Run:  protoTable(protoNotices),
		},
	}}
}

const protoTimeout = 8 * time.Second

// protoRow is one line for the command and the line it must print; a want
// of "error" accepts any "error REASON".
type protoRow struct {
	in, want string
	good     bool // a good request among bad ones
}

func protoQ(s string) string { return strconv.Quote(s) }

func protoOK(t byte, name string) string { return fmt.Sprintf("ok type=%c name=%q", t, name) }
func protoOKChat(name, text string) string {
	return fmt.Sprintf("ok type=C name=%q text=%q", name, text)
}
func protoParseRow(datagram, want string) protoRow {
	return protoRow{in: "parse " + protoQ(datagram), want: want}
}
func protoGood(datagram, want string) protoRow {
	return protoRow{in: "parse " + protoQ(datagram), want: want, good: true}
}
func protoNoticeRow(in, notice string) protoRow {
	return protoRow{in: in, want: "notice " + protoQ(notice)}
}

func protoName(t *grade.T) string {
	return fmt.Sprintf("%s%d", chatLatinNames[t.Rand.Intn(len(chatLatinNames))], 10+t.Rand.Intn(90))
}

func protoRequests(t *grade.T) []protoRow {
	a, b := protoName(t), protoName(t)
	text := fmt.Sprintf("hello world %d", t.Rand.Intn(1000))
	return []protoRow{
		protoParseRow("L "+a, protoOK('L', a)),
		protoParseRow("C "+a+" "+text, protoOKChat(a, text)),
		protoParseRow("C "+b+" x", protoOKChat(b, "x")),
		protoParseRow("Q "+b, protoOK('Q', b)),
	}
}

func protoLineEnds(t *grade.T) []protoRow {
	a := protoName(t)
	return []protoRow{
		protoParseRow("L "+a+"\n", protoOK('L', a)),
		protoParseRow("C "+a+" see you\r\n", protoOKChat(a, "see you")),
		protoParseRow("Q "+a+"\r\n", protoOK('Q', a)),
	}
}

func protoChinese(t *grade.T) []protoRow {
	n := fmt.Sprintf("%s%d", chatChineseNames[t.Rand.Intn(len(chatChineseNames))], t.Rand.Intn(100))
	return []protoRow{
		protoParseRow("L "+n, protoOK('L', n)),
		protoParseRow("C "+n+" 你好，世界", protoOKChat(n, "你好，世界")),
		protoParseRow("Q 王芳\n", protoOK('Q', "王芳")),
	}
}

func protoChatText(t *grade.T) []protoRow {
	a := protoName(t)
	return []protoRow{
		protoParseRow("C "+a+" a  b   c", protoOKChat(a, "a  b   c")),
		protoParseRow("C "+a+" 管理员消息： not really : x", protoOKChat(a, "管理员消息： not really : x")),
		protoParseRow("C "+a+" ends with a space ", protoOKChat(a, "ends with a space ")),
		protoParseRow("C "+a+"  starts with a space", protoOKChat(a, " starts with a space")),
	}
}

// protoBad and protoUnsafe start and end with a good request: a parser that
// refuses everything has not learnt what to refuse.
func protoBad(t *grade.T) []protoRow {
	a := protoName(t)
	rows := []protoRow{protoGood("L "+a, protoOK('L', a))}
	for _, d := range []string{"", "\n", "\r\n", "X " + a, "l " + a, "L", "L ", "L" + a, "C " + a, "Q", "L bob smith", "C", "CQ"} {
		rows = append(rows, protoParseRow(d, "error"))
	}
	return append(rows, protoGood("Q "+a, protoOK('Q', a)))
}

func protoUnsafe(t *grade.T) []protoRow {
	a := protoName(t)
	return []protoRow{
		protoGood("C "+a+" café ☕", protoOKChat(a, "café ☕")),
		protoParseRow("L \xff\xfe", "error"),
		protoParseRow("C "+a+" caf\xe9", "error"),
		protoParseRow("C "+a+" hi\n管理员消息： fake", "error"),
		protoParseRow("C "+a+" a\rb", "error"),
		protoGood("L "+a+"\r\n", protoOK('L', a)),
	}
}

func protoNotices(t *grade.T) []protoRow {
	a := protoName(t)
	n := chatChineseNames[t.Rand.Intn(len(chatChineseNames))]
	text := fmt.Sprintf("%s #%d", chatTexts[t.Rand.Intn(len(chatTexts))], 100+t.Rand.Intn(900))
	return []protoRow{
		protoNoticeRow("join "+protoQ(a), a+" 进入了聊天室"),
		protoNoticeRow("chat "+protoQ(n)+" "+protoQ(text), n+" ： "+text),
		protoNoticeRow("leave "+protoQ(a), a+" 退出了聊天室"),
		protoNoticeRow("admin "+protoQ(text), "管理员消息： "+text),
	}
}

// protoTable makes a check that runs the command once on the rows and
// compares its answers line by line.
func protoTable(rows func(*grade.T) []protoRow) func(*grade.T) error {
	return func(t *grade.T) error {
		table := rows(t)
		p, err := t.Start()
		if err != nil {
			return err
		}
		var input strings.Builder
		for _, r := range table {
			input.WriteString(r.in + "\n")
		}
		t.Attach(i18n.M("what the checker typed, one line each"), input.String())
		for _, r := range table {
			if err := p.Send(r.in); err != nil {
				return err
			}
		}
		p.CloseStdin()
		ex, err := p.Wait()
		if err != nil {
			return err
		}
		var answers []string
		for _, l := range p.Stdout() {
			if strings.HasPrefix(l, "ok ") || strings.HasPrefix(l, "error") || strings.HasPrefix(l, "notice ") || strings.HasPrefix(l, "bad-input ") {
				answers = append(answers, l)
			}
		}
		for i, r := range table {
			if i >= len(answers) {
				if ex.Code != 0 {
					return grade.Errorf("your program ended (%s) after %d answers: it stopped at %s", ex, len(answers), r.in)
				}
				return grade.Errorf("no answer to %s: want %q", r.in, r.want)
			}
			got := answers[i]
			if r.want == "error" {
				if got != "error" && !strings.HasPrefix(got, "error ") {
					return grade.Errorf("%s: got %q, want it refused (a line \"error REASON\")", r.in, got)
				}
				continue
			}
			if got != r.want && r.good {
				return grade.Errorf("%s is a good request: got %q, want %q (a parser that refuses everything has not learnt what to refuse)", r.in, got, r.want)
			}
			if got != r.want {
				return grade.Errorf("%s: got %q, want %q", r.in, got, r.want)
			}
		}
		if ex.Code != 0 {
			return grade.Errorf("your program answered every line but ended with %s, want exit status 0", ex)
		}
		return nil
	}
}

func init() {
	i18n.Register(map[string]string{
		"parses L, C and Q requests into type, name and text":                                                                 "把 L、C、Q 请求解析成类型、名字和内容",
		"The type is byte 0, then a space; strings.Cut(s[2:], \" \") splits the name from the text.":                          "类型是第 0 个字节，后面跟一个空格；strings.Cut(s[2:], \" \") 把名字和内容分开。",
		"ignores one trailing \\n or \\r\\n":                                                                                  "忽略末尾的一个 \\n 或 \\r\\n",
		"strings.TrimSuffix(s, \"\\n\"), then strings.TrimSuffix(s, \"\\r\"), before anything else.":                          "在做任何事之前先 strings.TrimSuffix(s, \"\\n\")，再 strings.TrimSuffix(s, \"\\r\")。",
		"reads names and texts in Chinese (several bytes a character)":                                                        "能读中文名字和中文内容（一个字符占几个字节）",
		"Split at spaces, not at byte counts: a Chinese character is three bytes of UTF-8, and strings.Cut keeps them whole.": "按空格拆分，不要按字节数：一个汉字在 UTF-8 中占三个字节，strings.Cut 会保持它们完整。",
		"keeps a chat's text whole: its spaces, colons and all":                                                               "完整保留聊天内容：空格、冒号等一概不动",
		"The text is everything after the space that ends the name, as it is: no strings.Fields, no TrimSpace.":               "内容是名字之后那个空格后面的全部，原样保留：不要 strings.Fields，不要 TrimSpace。",
		"refuses malformed requests, without panicking":                                                                       "拒绝格式错误的请求，而且不会 panic",
		"Check the length before you index: \"\" has no byte 0 and \"L\" has no byte 1. Refuse an unknown or lower-case type, a missing name, a name with a space, a chat without text.": "取下标之前先检查长度：\"\" 没有第 0 个字节，\"L\" 没有第 1 个字节。拒绝未知或小写的类型、缺少名字、名字含空格、没有内容的聊天。",
		"refuses invalid UTF-8 and line breaks inside a request": "拒绝无效的 UTF-8 和请求中间的换行",
		"utf8.Valid(datagram) first; after the trailing line end is cut, strings.ContainsAny(s, \"\\r\\n\") means someone is trying to print a second line.": "先 utf8.Valid(datagram)；去掉末尾的换行之后，如果 strings.ContainsAny(s, \"\\r\\n\") 为真，说明有人想打印出第二行。",
		"writes the four notices exactly, with the full-width colon ：":                                                                                       "准确写出四种通知，使用全角冒号 ：",
		"\"NAME 进入了聊天室\", \"NAME ： TEXT\" (a space, U+FF1A, a space), \"NAME 退出了聊天室\", \"管理员消息： TEXT\" (U+FF1A, then one space).":                            "\"名字 进入了聊天室\"、\"名字 ： 内容\"（空格、U+FF1A、空格）、\"名字 退出了聊天室\"、\"管理员消息： 内容\"（U+FF1A 后跟一个空格）。",
		"what the checker typed, one line each":                      "检查器输入的内容，每行一条",
		"your program ended (%s) after %d answers: it stopped at %s": "你的程序在回答了 %[2]d 行之后结束了（%[1]s）：停在 %[3]s",
		"no answer to %s: want %q":                                   "没有回答 %s：应为 %q",
		"%s: got %q, want it refused (a line \"error REASON\")":      "%s：得到 %q，应当拒绝（输出一行 \"error 原因\"）",
		"%s: got %q, want %q":                                        "%s：得到 %q，应为 %q",
		"%s is a good request: got %q, want %q (a parser that refuses everything has not learnt what to refuse)": "%s 是正确的请求：得到 %q，应为 %q（什么都拒绝的解析器并没有学会该拒绝什么）",
		"your program answered every line but ended with %s, want exit status 0":                                 "你的程序回答了每一行，但以 %s 结束，应为退出状态 0",
	})
}
