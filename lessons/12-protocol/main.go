// Command protocol lets the checker (or you) try the package protocol of
// lesson 12 line by line. You do not need to change it: the exercise is in
// protocol/protocol.go, and the checker builds its own copy of this file,
// so a change here is not graded.
//
// Usage:
//
//	protocol < commands
//
// Each line of stdin is a command and its arguments as Go string literals,
// so that empty, binary and multi-line datagrams can be written:
//
//	parse "L alice\n"      → ok type=L name="alice"
//	parse "C bob hi there" → ok type=C name="bob" text="hi there"
//	parse ""               → error empty request
//	encode "C" "bob" "hi"  → datagram "C bob hi"
//	join "alice"           → notice "alice 进入了聊天室"
//	chat "bob" "hi"        → notice "bob ： hi"
//	leave "alice"          → notice "alice 退出了聊天室"
//	admin "下课了"          → notice "管理员消息： 下课了"
//
// It prints one line for each line read. Try it:
//
//	go run ./lessons/12-protocol
//
// Check your work with `make lesson-12`.
//
// 第 12 课的命令：让检查器（或者你）一行一行地试用 protocol 包。你不用改它：练习在
// protocol/protocol.go 里，而且检查器编译的是它自己的一份这个文件，改了也不算分。
// 标准输入的每一行是一条命令，参数写成 Go 的带引号字符串（见上面的例子）；每读一
// 行就输出一行结果。
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"forkroom/lessons/12-protocol/protocol"
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
			req, err := protocol.Parse([]byte(args[0]))
			switch {
			case err != nil:
				fmt.Printf("error %v\n", err)
			case req.Type == 'C':
				fmt.Printf("ok type=%c name=%q text=%q\n", req.Type, req.Name, req.Text)
			default:
				fmt.Printf("ok type=%c name=%q\n", req.Type, req.Name)
			}
		case cmd == "encode" && len(args) == 3 && len(args[0]) == 1:
			req := protocol.Request{Type: args[0][0], Name: args[1], Text: args[2]}
			fmt.Printf("datagram %q\n", req.Encode())
		case cmd == "join" && len(args) == 1:
			fmt.Printf("notice %q\n", protocol.Join(args[0]))
		case cmd == "chat" && len(args) == 2:
			fmt.Printf("notice %q\n", protocol.Chat(args[0], args[1]))
		case cmd == "leave" && len(args) == 1:
			fmt.Printf("notice %q\n", protocol.Leave(args[0]))
		case cmd == "admin" && len(args) == 1:
			fmt.Printf("notice %q\n", protocol.Admin(args[0]))
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
