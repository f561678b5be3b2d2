package protocol

import (
	"bytes"
	"testing"
)

// FuzzParse feeds Parse random datagrams, starting from the seeds below:
//
//	go test -fuzz FuzzParse ./lessons/12-protocol/protocol
//
// Parse must never panic, and what it accepts must make sense: a known
// type, a name without spaces or line breaks, a text only in a chat, and a
// request that Encode writes back to a datagram Parse reads as the same
// request. A failing input is saved under testdata/fuzz/FuzzParse and tried
// first by every later `go test`.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"L alice", "C alice hello world", "Q alice", "L 小明", "C 小明 你好 世界",
		"L alice\n", "C bob hi\r\n", "C bob  two  spaces ", "",
		"\n", "L", "L ", "Lalice", "l alice", "X alice", "C alice", "L bob smith",
		"C a hi\nb ： fake", "L \xff\xfe", "L alice\r", "L alice\n\n", "C alice ", "\r",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := Parse(data) // a panic here fails the test
		if err != nil {
			return
		}
		if req.Type != 'L' && req.Type != 'C' && req.Type != 'Q' {
			t.Fatalf("Parse(%q) accepted the type %q", data, req.Type)
		}
		if req.Name == "" || bytes.ContainsAny([]byte(req.Name), " \r\n") {
			t.Fatalf("Parse(%q) accepted the name %q", data, req.Name)
		}
		if req.Type != 'C' && req.Text != "" {
			t.Fatalf("Parse(%q) gave a %c request the text %q", data, req.Type, req.Text)
		}
		again, err := Parse(req.Encode())
		if err != nil || again != req {
			t.Fatalf("Parse(%q) = %+v, Encode gives %q, and Parse of that = %+v, %v", data, req, req.Encode(), again, err)
		}
	})
}
