package checks

import (
	_ "embed" // the command the checker builds (lesson12_protocol_main.txt)
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"forkroom/internal/grade"
	"forkroom/internal/i18n"
)

// Protocol grades lesson 12, the package protocol, through a small command:
// each line of its stdin is a command with Go-quoted arguments (`parse "L
// alice\n"`, `encode "C" "bob" "hi"`, `chat "bob" "hi"`), and it prints one
// line for each: `ok type=L name="alice"`, `error REASON`, `datagram "…"` or
// `notice "…"`. The command is the lesson's main.go, which the student is
// told not to change; the checker builds its own copy of it
// (lesson12_protocol_main.txt), so that every exported function of the
// package is graded whatever main.go has become. Each check runs it once on
// its own table, so a panic on one kind of input fails only that check.
func Protocol() grade.Suite {
	return grade.Suite{
		Overlay: map[string]string{"main.go": protocolMain},
		Checks: []grade.Check{
			{
				ID: "parse-requests", Title: "parses L, C and Q requests into type, name and text", Points: 2, Timeout: protoTimeout,
				Hint: "The type is byte 0, then a space; strings.Cut(s[2:], \" \") splits the name from the text.",
				Run:  protoTable(protoRequests),
			},
			{
				ID: "line-ends", Title: "cuts exactly one trailing \\n or \\r\\n, and refuses any other line end", Points: 1, Timeout: protoTimeout,
				Hint: "Cut \"\\r\\n\" if the datagram ends with it, else one \"\\n\" (strings.CutSuffix). A lone \"\\r\" or a second \"\\n\" is left in place, and refused as a line break.",
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
				Hint: "Check the length before you index: \"\" has no byte 0 and \"L\" has no byte 1. Refuse an unknown or lower-case type, a missing name, a name with a space, a chat without text (\"C alice\" and \"C alice \").",
				Run:  protoTable(protoBad),
			},
			{
				ID: "unsafe-input", Title: "refuses invalid UTF-8 and line breaks inside a request", Points: 1, Timeout: protoTimeout,
				Hint: "utf8.Valid(datagram) first; after the trailing line end is cut, strings.ContainsAny(s, \"\\r\\n\") means someone is trying to print a second line.",
				Run:  protoTable(protoUnsafe),
			},
			{
				ID: "notices", Title: "writes the four notices exactly, with the full-width colon ：", Points: 2, Timeout: protoTimeout,
				Hint: "\"NAME 进入了聊天室\", \"NAME ： TEXT\" (a space, U+FF1A, a space), \"NAME 退出了聊天室\", \"管理员消息： TEXT\" (U+FF1A, then one space). The checker calls your functions Join, Chat, Leave and Admin itself.",
				Run:  protoTable(protoNotices),
			},
			{
				ID: "encode", Title: "Encode writes a request back as the datagram Parse reads", Points: 2, Timeout: protoTimeout,
				Hint: "\"L NAME\", \"C NAME TEXT\" (the text as it is) or \"Q NAME\", without a line end: string(r.Type) + \" \" + r.Name, and for C \" \" + r.Text. The checker calls Encode itself, even if your main.go never does.",
				Run:  protoTable(protoEncode),
			},
			{
				ID: "random-datagrams", Title: "reads 200 datagrams drawn at random exactly as the rules say, without panicking", Points: 2, Timeout: protoTimeout,
				Hint: "Every rule of the lesson, in order: valid UTF-8; one \"\\r\\n\" or \"\\n\" cut; not empty, no other line break; L, C or Q and a space; a name up to the next space, not empty; nothing after it in L and Q; a text in C. Run the fuzzer: go test -fuzz FuzzParse ./lessons/12-protocol/protocol.",
				Run:  protoTable(protoRandom),
			},
		},
	}
}

// protocolMain is the command the checker builds for lesson 12, in place of
// the lesson's main.go.
//
//go:embed lesson12_protocol_main.txt
var protocolMain string

const protoTimeout = 8 * time.Second

// protoRow is one line for the command and the line it must print; a want
// of "error" accepts any "error REASON".
type protoRow struct {
	in, want string
	good     bool     // a good request among bad ones
	why      i18n.Msg // why the rules refuse it, when they do and it is known
}

func protoQ(s string) string { return strconv.Quote(s) }

func protoOK(t byte, name string) string { return fmt.Sprintf("ok type=%c name=%q", t, name) }
func protoOKChat(name, text string) string {
	return fmt.Sprintf("ok type=C name=%q text=%q", name, text)
}

// protoParseRow is a row for parse; a refused datagram is told why from
// the rules.
func protoParseRow(datagram, want string) protoRow {
	row := protoRow{in: "parse " + protoQ(datagram), want: want}
	if want == "error" {
		_, row.why, _ = protoRules(datagram)
	}
	return row
}
func protoGood(datagram, want string) protoRow {
	return protoRow{in: "parse " + protoQ(datagram), want: want, good: true}
}
func protoNoticeRow(in, notice string) protoRow {
	return protoRow{in: in, want: "notice " + protoQ(notice)}
}

// protoName draws a name: Latin or Chinese, with digits.
func protoName(t *grade.T) string {
	if t.Rand.Intn(3) == 0 {
		return fmt.Sprintf("%s%d", chatChineseNames[t.Rand.Intn(len(chatChineseNames))], t.Rand.Intn(100))
	}
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

// protoLineEnds: one "\n" or "\r\n" is cut; a lone "\r", a second "\n",
// "\n\r" are line breaks (R1).
func protoLineEnds(t *grade.T) []protoRow {
	a, b := protoName(t), protoName(t)
	text := chatText(t.Rand)
	return []protoRow{
		protoGood("L "+a+"\n", protoOK('L', a)),
		protoParseRow("L "+a+"\n\n", "error"),
		protoGood("C "+a+" "+text+"\r\n", protoOKChat(a, text)),
		protoParseRow("L "+b+"\r", "error"),
		protoParseRow("C "+a+" "+text+"\r", "error"),
		protoGood("Q "+b+"\r\n", protoOK('Q', b)),
		protoParseRow("Q "+b+"\r\n\r\n", "error"),
		protoParseRow("L "+a+"\n\r", "error"),
		protoParseRow("\r", "error"),
		protoGood("C "+b+" "+text+"\n", protoOKChat(b, text)),
	}
}

func protoChinese(t *grade.T) []protoRow {
	n := fmt.Sprintf("%s%d", chatChineseNames[t.Rand.Intn(len(chatChineseNames))], t.Rand.Intn(100))
	m := chatChineseNames[t.Rand.Intn(len(chatChineseNames))]
	text := chatChineseTexts[t.Rand.Intn(len(chatChineseTexts))]
	return []protoRow{
		protoParseRow("L "+n, protoOK('L', n)),
		protoParseRow("C "+n+" "+text, protoOKChat(n, text)),
		protoParseRow("Q "+m+"\n", protoOK('Q', m)),
	}
}

func protoChatText(t *grade.T) []protoRow {
	var rows []protoRow
	for _, text := range chatEdgeTexts(t.Rand) {
		a := protoName(t)
		rows = append(rows, protoParseRow("C "+a+" "+text, protoOKChat(a, text)))
	}
	t.Rand.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	return rows
}

// protoBad and protoUnsafe start and end with a good request: a parser that
// refuses everything has not learnt what to refuse.
func protoBad(t *grade.T) []protoRow {
	a := protoName(t)
	bad := []string{"", "\n", "\r\n", "X " + a, "l " + a, "H " + a, "L", "L ", "L" + a, "L  " + a, " L " + a,
		"C " + a, "C " + a + " ", "Q", "Q " + a + " x", "L bob smith", "C", "C  hi", "CQ"}
	t.Rand.Shuffle(len(bad), func(i, j int) { bad[i], bad[j] = bad[j], bad[i] })
	rows := []protoRow{protoGood("L "+a, protoOK('L', a))}
	for _, d := range bad {
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
		protoParseRow("C "+a+" 你好\xe4\xbd", "error"),
		protoGood("L "+a+"\r\n", protoOK('L', a)),
	}
}

func protoNotices(t *grade.T) []protoRow {
	a := protoName(t)
	n := chatChineseNames[t.Rand.Intn(len(chatChineseNames))]
	text, admin := chatText(t.Rand), chatText(t.Rand)
	return []protoRow{
		protoNoticeRow("join "+protoQ(a), a+" 进入了聊天室"),
		protoNoticeRow("chat "+protoQ(n)+" "+protoQ(text), n+" ： "+text),
		protoNoticeRow("leave "+protoQ(a), a+" 退出了聊天室"),
		protoNoticeRow("admin "+protoQ(admin), "管理员消息： "+admin),
	}
}

func protoEncodeRow(typ byte, name, text string) protoRow {
	want := string(typ) + " " + name
	if typ == 'C' {
		want += " " + text
	}
	return protoRow{in: fmt.Sprintf("encode %s %s %s", protoQ(string(typ)), protoQ(name), protoQ(text)), want: "datagram " + protoQ(want)}
}

func protoEncode(t *grade.T) []protoRow {
	texts := chatEdgeTexts(t.Rand)
	rows := []protoRow{
		protoEncodeRow('L', protoName(t), ""),
		protoEncodeRow('Q', protoName(t), ""),
	}
	for _, text := range texts[:3] {
		rows = append(rows, protoEncodeRow('C', protoName(t), text))
	}
	t.Rand.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	return rows
}

// protoRandom draws 200 datagrams from the pieces of the protocol, good and
// bad, adds one of each shape a rule is about (as a fuzzer's seeds), and
// wants for each what the rules say (protoRules).
func protoRandom(t *grade.T) []protoRow {
	a, b := protoName(t), protoName(t)
	seeds := []string{"", "\n", "\r", "L", "C", "Q ", "l " + a, "H " + a, " L " + a, "L " + a + "\r", "L " + a + "\n\n",
		"C " + a + " ", "C " + a + "  x ", "L " + a + " " + b, "Q " + a + " ", "L \xff", "C " + a + " 你好\r\n"}
	datagrams := make([]string, 200)
	for i := range datagrams {
		datagrams[i] = randomDatagram(t.Rand)
	}
	datagrams = append(datagrams, seeds...)
	t.Rand.Shuffle(len(datagrams), func(i, j int) { datagrams[i], datagrams[j] = datagrams[j], datagrams[i] })
	rows := make([]protoRow, len(datagrams))
	for i, d := range datagrams {
		r, why, ok := protoRules(d)
		switch {
		case !ok:
			rows[i] = protoParseRow(d, "error")
			rows[i].why = why
		case r.typ == 'C':
			rows[i] = protoGood(d, protoOKChat(r.name, r.text))
		default:
			rows[i] = protoGood(d, protoOK(r.typ, r.name))
		}
	}
	return rows
}

// protoRequest is a request as the checker's own reading of the rules sees it.
type protoRequest struct {
	typ        byte
	name, text string
}

// protoRules reads a datagram by the rules of the lesson (PROTOCOL-RULES
// R1-R4): valid UTF-8; exactly one trailing "\r\n" or "\n" cut; not empty
// and no other line break; L, C or Q then a space; a name up to the next
// space, not empty; nothing after the name in L and Q; in C a text that is
// not empty, kept as it is. When it refuses, why says which rule.
func protoRules(d string) (r protoRequest, why i18n.Msg, ok bool) {
	if !utf8.ValidString(d) {
		return r, i18n.M("not valid UTF-8"), false
	}
	if s, cut := strings.CutSuffix(d, "\r\n"); cut {
		d = s
	} else {
		d = strings.TrimSuffix(d, "\n")
	}
	switch {
	case d == "":
		return r, i18n.M("empty"), false
	case strings.ContainsAny(d, "\r\n"):
		return r, i18n.M("a line break other than one trailing \\n or \\r\\n"), false
	case d[0] != 'L' && d[0] != 'C' && d[0] != 'Q':
		return r, i18n.M("the type is L, C or Q, in upper case"), false
	case len(d) < 2 || d[1] != ' ':
		return r, i18n.M("a space follows the type, then the name"), false
	}
	t := d[0]
	name, text, more := strings.Cut(d[2:], " ")
	switch {
	case name == "":
		return r, i18n.M("no name"), false
	case t != 'C' && more:
		return r, i18n.M("nothing may follow the name in L and Q"), false
	case t == 'C' && text == "":
		return r, i18n.M("a chat needs a text"), false
	}
	return protoRequest{typ: t, name: name, text: text}, i18n.Msg{}, true
}

// randomDatagram puts a datagram together from pieces, each drawn: a type
// (mostly good), a separator, a name, a text, a line end, and now and then
// a byte that is not UTF-8 or a line break in the middle.
func randomDatagram(rnd *rand.Rand) string {
	pick := func(xs ...string) string { return xs[rnd.Intn(len(xs))] }
	var b strings.Builder
	b.WriteString(pick("L", "C", "Q", "L", "C", "Q", "L", "C", "Q", "X", "l", "c", "H", ""))
	b.WriteString(pick(" ", " ", " ", " ", " ", "  ", ""))
	name := pick(chatLatinNames...) + fmt.Sprint(rnd.Intn(100))
	if rnd.Intn(3) == 0 {
		name = pick(chatChineseNames...)
	}
	b.WriteString(pick(name, name, name, name, "", name+" "+pick(chatLatinNames...)))
	if rnd.Intn(4) != 0 {
		b.WriteString(" ")
		b.WriteString(pick("", chatText(rnd), chatText(rnd), " "+chatText(rnd), chatText(rnd)+" ", "a  b", "：", ": x"))
	}
	b.WriteString(pick("", "", "", "\n", "\r\n", "\r", "\n\n", "\r\n\n"))
	s := b.String()
	switch rnd.Intn(12) {
	case 0:
		i := rnd.Intn(len(s) + 1)
		s = s[:i] + pick("\xff", "\xe4\xbd", "\xc3") + s[i:]
	case 1:
		i := rnd.Intn(len(s) + 1)
		s = s[:i] + pick("\n", "\r") + s[i:]
	}
	return s
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
			if strings.HasPrefix(l, "ok ") || strings.HasPrefix(l, "error") || strings.HasPrefix(l, "notice ") || strings.HasPrefix(l, "datagram ") || strings.HasPrefix(l, "bad-input ") {
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
				switch {
				case got == "error" || strings.HasPrefix(got, "error "):
					continue
				case r.why.Format != "":
					return grade.Errorf("%s: got %q, want it refused (a line \"error REASON\"): %s", r.in, got, r.why)
				}
				return grade.Errorf("%s: got %q, want it refused (a line \"error REASON\")", r.in, got)
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
		"The type is byte 0, then a space; strings.Cut(s[2:], \" \") splits the name from the text.":                          "类型是第 0 个字节，后面跟一个空格；strings.Cut(s[2:], ` `) 把名字和内容分开。",
		"ignores one trailing \\n or \\r\\n":                                                                                  "忽略末尾的一个 \\n 或 \\r\\n",
		"strings.TrimSuffix(s, \"\\n\"), then strings.TrimSuffix(s, \"\\r\"), before anything else.":                          "在做任何事之前先 strings.TrimSuffix(s, `\\n`)，再 strings.TrimSuffix(s, `\\r`)。",
		"reads names and texts in Chinese (several bytes a character)":                                                        "能读中文名字和中文内容（一个字符占几个字节）",
		"Split at spaces, not at byte counts: a Chinese character is three bytes of UTF-8, and strings.Cut keeps them whole.": "按空格拆分，不要按字节数：一个汉字在 UTF-8 中占三个字节，strings.Cut 会保持它们完整。",
		"keeps a chat's text whole: its spaces, colons and all":                                                               "完整保留聊天内容：空格、冒号等一概不动",
		"The text is everything after the space that ends the name, as it is: no strings.Fields, no TrimSpace.":               "内容是名字之后那个空格后面的全部，原样保留：不要 strings.Fields，不要 TrimSpace。",
		"refuses malformed requests, without panicking":                                                                       "拒绝格式错误的请求，而且不会 panic",
		"Check the length before you index: \"\" has no byte 0 and \"L\" has no byte 1. Refuse an unknown or lower-case type, a missing name, a name with a space, a chat without text.": "取下标之前先检查长度：`` 没有第 0 个字节，`L` 没有第 1 个字节。拒绝未知或小写的类型、缺少名字、名字含空格、没有内容的聊天。",
		"refuses invalid UTF-8 and line breaks inside a request": "拒绝无效的 UTF-8 和请求中间的换行",
		"utf8.Valid(datagram) first; after the trailing line end is cut, strings.ContainsAny(s, \"\\r\\n\") means someone is trying to print a second line.":                                                                                                                                               "先 utf8.Valid(datagram)；去掉末尾的换行之后，如果 strings.ContainsAny(s, `\\r\\n`) 为真，说明有人想打印出第二行。",
		"writes the four notices exactly, with the full-width colon ：":                                                                                                                                                                                                                                     "准确写出四种通知，使用全角冒号 ：",
		"\"NAME 进入了聊天室\", \"NAME ： TEXT\" (a space, U+FF1A, a space), \"NAME 退出了聊天室\", \"管理员消息： TEXT\" (U+FF1A, then one space).":                                                                                                                                                                          "`名字 进入了聊天室`、`名字 ： 内容`（空格、U+FF1A、空格）、`名字 退出了聊天室`、`管理员消息： 内容`（U+FF1A 后跟一个空格）。",
		"cuts exactly one trailing \\n or \\r\\n, and refuses any other line end":                                                                                                                                                                                                                          "只去掉末尾的一个 \\n 或 \\r\\n，别的行尾一律拒绝",
		"Cut \"\\r\\n\" if the datagram ends with it, else one \"\\n\" (strings.CutSuffix). A lone \"\\r\" or a second \"\\n\" is left in place, and refused as a line break.":                                                                                                                             "数据报以 `\\r\\n` 结尾就去掉它，否则去掉一个 `\\n`（strings.CutSuffix）。单独的 `\\r` 或者第二个 `\\n` 留在原处，作为换行被拒绝。",
		"Check the length before you index: \"\" has no byte 0 and \"L\" has no byte 1. Refuse an unknown or lower-case type, a missing name, a name with a space, a chat without text (\"C alice\" and \"C alice \").":                                                                                    "取下标之前先检查长度：`` 没有第 0 个字节，`L` 没有第 1 个字节。拒绝未知的或小写的类型、缺少的名字、带空格的名字、没有内容的聊天（`C alice` 和 `C alice `）。",
		"\"NAME 进入了聊天室\", \"NAME ： TEXT\" (a space, U+FF1A, a space), \"NAME 退出了聊天室\", \"管理员消息： TEXT\" (U+FF1A, then one space). The checker calls your functions Join, Chat, Leave and Admin itself.":                                                                                                     "`名字 进入了聊天室`、`名字 ： 内容`（空格、U+FF1A、空格）、`名字 退出了聊天室`、`管理员消息： 内容`（U+FF1A 后面一个空格）。检查器会自己调用你的 Join、Chat、Leave 和 Admin。",
		"Encode writes a request back as the datagram Parse reads":                                                                                                                                                                                                                                         "Encode 把请求写回成 Parse 能读的数据报",
		"\"L NAME\", \"C NAME TEXT\" (the text as it is) or \"Q NAME\", without a line end: string(r.Type) + \" \" + r.Name, and for C \" \" + r.Text. The checker calls Encode itself, even if your main.go never does.":                                                                                  "`L 名字`、`C 名字 内容`（内容原样）或 `Q 名字`，不带换行：string(r.Type) + ` ` + r.Name，C 再加上 ` ` + r.Text。即使你的 main.go 从不调用 Encode，检查器也会调用它。",
		"reads 200 datagrams drawn at random exactly as the rules say, without panicking":                                                                                                                                                                                                                  "随机抽取 200 个数据报，每个都完全按规则解析，而且不会 panic",
		"Every rule of the lesson, in order: valid UTF-8; one \"\\r\\n\" or \"\\n\" cut; not empty, no other line break; L, C or Q and a space; a name up to the next space, not empty; nothing after it in L and Q; a text in C. Run the fuzzer: go test -fuzz FuzzParse ./lessons/12-protocol/protocol.": "按顺序执行本课的每条规则：有效的 UTF-8；去掉一个 `\\r\\n` 或 `\\n`；不为空，没有别的换行；L、C 或 Q 后面跟一个空格；名字到下一个空格为止，不为空；L 和 Q 的名字后面不能再有东西；C 要有内容。运行模糊测试：go test -fuzz FuzzParse ./lessons/12-protocol/protocol。",
		"not valid UTF-8": "不是有效的 UTF-8",
		"empty":           "是空的",
		"a line break other than one trailing \\n or \\r\\n": "除了末尾的一个 \\n 或 \\r\\n 之外还有换行",
		"the type is L, C or Q, in upper case":               "类型只能是大写的 L、C 或 Q",
		"a space follows the type, then the name":            "类型后面要跟一个空格，再跟名字",
		"no name":                                "没有名字",
		"nothing may follow the name in L and Q": "L 和 Q 的名字后面不能再有东西",
		"a chat needs a text":                    "聊天要有内容",
		"%s: got %q, want it refused (a line \"error REASON\"): %s":  "%s：得到 %q，应当拒绝（输出一行 `error 原因`）：%s",
		"what the checker typed, one line each":                      "检查器输入的内容，每行一条",
		"your program ended (%s) after %d answers: it stopped at %s": "你的程序在回答了 %[2]d 行之后结束了（%[1]s）：停在 %[3]s",
		"no answer to %s: want %q":                                   "没有回答 %s：应为 %q",
		"%s: got %q, want it refused (a line \"error REASON\")":      "%s：得到 %q，应当拒绝（输出一行 `error 原因`）",
		"%s: got %q, want %q":                                        "%s：得到 %q，应为 %q",
		"%s is a good request: got %q, want %q (a parser that refuses everything has not learnt what to refuse)": "%s 是正确的请求：得到 %q，应为 %q（什么都拒绝的解析器并没有学会该拒绝什么）",
		"your program answered every line but ended with %s, want exit status 0":                                 "你的程序回答了每一行，但以 %s 结束，应为退出状态 0",
	})
}
