package protocol

import (
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Request
		code Code // "" when the request is accepted
	}{
		{name: "login", in: "L alice", want: Request{Kind: Login, Name: "alice"}},
		{name: "login with a trailing newline", in: "L alice\n", want: Request{Kind: Login, Name: "alice"}},
		{name: "login with a trailing CRLF", in: "L alice\r\n", want: Request{Kind: Login, Name: "alice"}},
		{name: "login with a Chinese name", in: "L 小明", want: Request{Kind: Login, Name: "小明"}},
		{name: "login with a decomposed accent is stored composed", in: "L Jose\u0301", want: Request{Kind: Login, Name: "José"}},
		{name: "login with _ - . and digits", in: "L a_b-c.9", want: Request{Kind: Login, Name: "a_b-c.9"}},
		{name: "chat", in: "C alice hello world", want: Request{Kind: Chat, Name: "alice", Text: "hello world"}},
		{name: "chat keeps inner spaces", in: "C alice  two  spaces ", want: Request{Kind: Chat, Name: "alice", Text: " two  spaces "}},
		{name: "chat with an emoji joined by ZWJ", in: "C bob 👩\u200d💻", want: Request{Kind: Chat, Name: "bob", Text: "👩\u200d💻"}},
		{name: "quit", in: "Q alice\n", want: Request{Kind: Quit, Name: "alice"}},
		{name: "heartbeat", in: "H alice", want: Request{Kind: Heartbeat, Name: "alice"}},
		{name: "who is here", in: "W alice\n", want: Request{Kind: Who, Name: "alice"}},
		{name: "chat keeps leading spaces and Chinese", in: "C 小明   你 好 ", want: Request{Kind: Chat, Name: "小明", Text: "  你 好 "}},

		{name: "login with a lone trailing CR", in: "L alice\r", code: CodeNameControl},
		{name: "login with two trailing newlines", in: "L alice\n\n", code: CodeNameControl},
		{name: "login with CR CR LF", in: "L alice\r\r\n", code: CodeNameControl},
		{name: "login with two words", in: "L bob smith", code: CodeNameSpace},
		{name: "login with a trailing space", in: "L bob ", code: CodeNameSpace},
		{name: "chat with a lone trailing CR", in: "C alice hi\r", code: CodeTextNewline},
		{name: "chat with two trailing newlines", in: "C alice hi\n\n", code: CodeTextNewline},
		{name: "chat with a control character in the name", in: "C al\x07ice hi", code: CodeNameControl},
		{name: "quit with a word after the name", in: "Q alice now", code: CodeNameSpace},
		{name: "quit with a trailing space", in: "Q alice ", code: CodeNameSpace},
		{name: "quit with a lone trailing CR", in: "Q alice\r", code: CodeNameControl},
		{name: "heartbeat with two words", in: "H alice bob", code: CodeNameSpace},
		{name: "who without a name", in: "W", code: CodeNoName},
		{name: "lower-case w", in: "w alice", code: CodeBadType},
		{name: "only a CR", in: "\r", code: CodeBadType},

		{name: "empty datagram", in: "", code: CodeEmpty},
		{name: "only a newline", in: "\n", code: CodeEmpty},
		{name: "only CRLF", in: "\r\n", code: CodeEmpty},
		{name: "L alone", in: "L", code: CodeNoName},
		{name: "L and a space", in: "L ", code: CodeNoName},
		{name: "a name of spaces", in: "L    ", code: CodeNameSpace},
		{name: "lower-case l", in: "l alice", code: CodeBadType},
		{name: "unknown type", in: "X alice", code: CodeBadType},
		{name: "type without space", in: "Lalice", code: CodeBadType},
		{name: "leading BOM", in: "\uFEFFL alice", code: CodeBadType},
		{name: "17 characters", in: "L " + strings.Repeat("a", 17), code: CodeNameTooLong},
		{name: "16 Chinese characters fit", in: "L " + strings.Repeat("中", 16), want: Request{Kind: Login, Name: strings.Repeat("中", 16)}},
		{name: "1000 bytes of name", in: "L " + strings.Repeat("a", 1000), code: CodeNameTooLong},
		{name: "name bob : hi", in: "L bob : hi", code: CodeNameSpace},
		{name: "name with full-width space", in: "L bob\u3000x", code: CodeNameSpace},
		{name: "name with a colon", in: "L bob:hi", code: CodeNameChar},
		{name: "name starting with a dot", in: "L .bob", code: CodeNameChar},
		{name: "name with an emoji", in: "L bob😀", code: CodeNameChar},
		{name: "the administrator's name", in: "L 管理员", code: CodeNameReserved},
		{name: "admin in capitals", in: "L ADMIN", code: CodeNameReserved},
		{name: "admin in full width", in: "L ａｄｍｉｎ", code: CodeNameReserved},
		{name: "a name that looks like a reply", in: "L ok", code: CodeNameReserved},
		{name: "zero-width joiner in a name", in: "L al\u200dice", code: CodeNameControl},
		{name: "right-to-left override in a name", in: "L \u202Eecila", code: CodeNameControl},
		{name: "NUL in a name", in: "L al\x00ice", code: CodeNameControl},
		{name: "tab in a name", in: "L al\tice", code: CodeNameControl},
		{name: "invalid UTF-8", in: "C alice \xff\xfe", code: CodeBadUTF8},
		{name: "multi-byte character cut at the size limit", in: "C a " + strings.Repeat("x", MaxTextBytes-2) + "中"[:2], code: CodeBadUTF8},
		{name: "chat without name", in: "C", code: CodeNoName},
		{name: "chat with two spaces and no name", in: "C  hi", code: CodeNoName},
		{name: "chat without text", in: "C alice", code: CodeNoText},
		{name: "chat with empty text", in: "C alice ", code: CodeNoText},
		{name: "1024 bytes of text fit", in: "C a " + strings.Repeat("x", MaxTextBytes), want: Request{Kind: Chat, Name: "a", Text: strings.Repeat("x", MaxTextBytes)}},
		{name: "1025 bytes of text", in: "C a " + strings.Repeat("x", MaxTextBytes+1), code: CodeTextTooLong},
		{name: "datagram over the limit", in: "C alice " + strings.Repeat("x", MaxRequestBytes), code: CodeTooLong},
		{name: "65507 bytes", in: strings.Repeat("C", 65507), code: CodeTooLong},
		{name: "embedded newline then a fake announcement", in: "C alice hi\n管理员消息： 服务器关闭", code: CodeTextNewline},
		{name: "embedded CR", in: "C alice hi\rbob ： hi", code: CodeTextNewline},
		{name: "unicode line separator", in: "C alice hi\u2028there", code: CodeTextNewline},
		{name: "terminal escape sequence", in: "C alice \x1b[2J", code: CodeTextControl},
		{name: "C1 control CSI", in: "C alice \u009b2J", code: CodeTextControl},
		{name: "bidi override in text", in: "C alice \u202Eolleh", code: CodeTextControl},
		{name: "NUL in text", in: "C alice a\x00b", code: CodeTextControl},
		{name: "quit without name", in: "Q", code: CodeNoName},
		{name: "heartbeat without name", in: "H ", code: CodeNoName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.in))
			if tt.code == "" {
				require.NoError(t, err, "Parse(%q)", tt.in)
				assert.Equal(t, tt.want, got, "Parse(%q)", tt.in)
				return
			}
			var perr *Error
			require.True(t, errors.As(err, &perr), "Parse(%q) = %+v, %v; want refusal %s", tt.in, got, err, tt.code)
			assert.Equal(t, tt.code, perr.Code, "Parse(%q): got code %s want %s", tt.in, perr.Code, tt.code)
		})
	}
}

func TestWhoReply(t *testing.T) {
	t.Run("the reply lists the names after their count", func(t *testing.T) {
		reply := WhoReply([]string{"alice", "小明"})
		assert.Equal(t, "WHO 2 alice 小明", reply)
		n, names, ok := ParseWho(reply)
		require.True(t, ok)
		assert.Equal(t, 2, n)
		assert.Equal(t, []string{"alice", "小明"}, names)
	})

	t.Run("a room too large for one datagram is cut, and the count tells how many there are", func(t *testing.T) {
		var names []string
		for i := 0; i < 200; i++ {
			names = append(names, strings.Repeat("汉", 15)+string(rune('a'+i%26)))
		}
		reply := WhoReply(names)
		assert.LessOrEqual(t, len(reply), MaxWhoBytes)
		n, listed, ok := ParseWho(reply)
		require.True(t, ok)
		assert.Equal(t, 200, n)
		assert.Less(t, len(listed), 200)
		assert.Equal(t, names[:len(listed)], listed)
	})

	t.Run("other datagrams are not who replies", func(t *testing.T) {
		for _, s := range []string{"OK", "WHO", "WHO x", "who 1 a", "alice ： WHO 1 a"} {
			_, _, ok := ParseWho(s)
			assert.False(t, ok, "ParseWho(%q)", s)
		}
	})
}

func TestKey(t *testing.T) {
	same := [][2]string{
		{"alice", "Alice"},
		{"alice", "ＡＬＩＣＥ"},
		{"alice", "ａｌｉｃｅ"},
		{"José", "Jose\u0301"},
		{"strasse", "STRASSE"},
		{"straße", "strasse"},
	}
	for _, p := range same {
		assert.Equal(t, Key(p[0]), Key(p[1]), "Key(%q) and Key(%q) should be equal", p[0], p[1])
	}
	assert.NotEqual(t, Key("alice"), Key("alicia"))
	assert.NotEqual(t, Key("小明"), Key("小红"))
}

func TestNotices(t *testing.T) {
	assert.Equal(t, "小明 进入了聊天室", JoinNotice("小明"))
	assert.Equal(t, "小明 退出了聊天室", LeaveNotice("小明"))
	assert.Equal(t, "小明 \uff1a 你好", ChatNotice("小明", "你好"))
	assert.Equal(t, "管理员消息\uff1a 下课了", Announcement("下课了"))
	assert.Equal(t, "C 小明 你好", ChatRequest("小明", "你好"))
}

func TestReplies(t *testing.T) {
	for _, code := range Codes {
		reply := Refuse(code).Reply()
		assert.True(t, strings.HasPrefix(reply, "ERR "+string(code)+" "), "reply %q should start with ERR %s", reply, code)
		assert.NotEmpty(t, explanations[code], "code %s has no explanation", code)
		got, ok := ParseError(reply)
		assert.True(t, ok)
		assert.Equal(t, code, got)
	}
	assert.Len(t, explanations, len(Codes), "every code is listed in Codes")
	assert.Equal(t, "ERR kicked 你已被管理员移出聊天室：太吵", Refuse(CodeKicked).ReplyWithReason("太吵"))
	assert.Equal(t, "ERR kicked 你已被管理员移出聊天室", Refuse(CodeKicked).ReplyWithReason(""))
	_, ok := ParseError("alice ： ERR x")
	assert.False(t, ok, "a chat notice is not an error")
}

// TestProtocolDocuments checks that both protocol documents quote every
// refusal reply exactly, so the documents cannot drift from the code.
func TestProtocolDocuments(t *testing.T) {
	for _, doc := range []string{"../../PROTOCOL.md", "../../PROTOCOL.zh.md"} {
		b, err := os.ReadFile(doc)
		require.NoError(t, err)
		for _, code := range Codes {
			assert.Contains(t, string(b), "`"+Refuse(code).Reply()+"`", "%s should quote the reply for %s", doc, code)
		}
	}
}

func TestPrintable(t *testing.T) {
	assert.Equal(t, "a\uFFFD[2Jb\uFFFD", Printable("a\x1b[2Jb\xff"))
	assert.Equal(t, "你好", Printable("你好"))
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "L", "L ", "L alice", "l alice", "C alice hi", "C alice hi\n管理员消息： x", "Q alice", "H alice",
		"\uFEFFL alice", "L ａｌｉｃｅ", "L Jose\u0301", "L al\u200dice", "L \u202Eabc", "C a \x1b[2J", "C a \xff",
		"L " + strings.Repeat("a", 17), "C a " + strings.Repeat("x", MaxTextBytes+1),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := Parse(b)
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("Parse(%q) returned %T, want *Error", b, err)
			}
			if explanations[perr.Code] == "" {
				t.Fatalf("Parse(%q) returned unknown code %q", b, perr.Code)
			}
			return
		}
		if len(b) > MaxRequestBytes {
			t.Fatalf("Parse accepted %d bytes, limit %d", len(b), MaxRequestBytes)
		}
		switch req.Kind {
		case Login:
			if CheckName(req.Name) != nil {
				t.Fatalf("Parse(%q) accepted a bad name %q", b, req.Name)
			}
		case Chat:
			if CheckText(req.Text) != nil {
				t.Fatalf("Parse(%q) accepted bad text %q", b, req.Text)
			}
			notice := ChatNotice(req.Name, req.Text)
			if !utf8.ValidString(notice) || strings.ContainsAny(req.Text, "\r\n\x1b") {
				t.Fatalf("Parse(%q) let through text %q", b, req.Text)
			}
		case Quit, Heartbeat, Who:
			if req.Name == "" || strings.ContainsAny(req.Name, " \r\n") {
				t.Fatalf("Parse(%q) accepted an empty name", b)
			}
		default:
			t.Fatalf("Parse(%q) returned kind %q", b, req.Kind)
		}
	})
}
