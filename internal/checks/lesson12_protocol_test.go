package checks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"forkroom/internal/grade"
)

func TestProtocolWrongPrograms(t *testing.T) {
	t.Parallel() // graded in sandboxes of their own (grade.Grade runs them side by side)
	for _, tc := range []struct {
		what, patch string
		fail        []string
	}{
		{"a parser that panics on an empty datagram", "12-protocol/index-byte-zero", []string{"bad-requests", "random-datagrams"}},
		{"a parser that splits with strings.Fields", "12-protocol/fields-split", []string{"chat-text", "bad-requests", "random-datagrams"}},
		{"a parser that trims the datagram with strings.TrimSpace", "12-protocol/trimspace", []string{"line-ends", "chat-text", "bad-requests", "random-datagrams"}},
		{"a parser that accepts a lower-case type", "12-protocol/lower-case-type", []string{"bad-requests", "random-datagrams"}},
		{"a parser that cuts every trailing line end with TrimRight", "12-protocol/trim-right-line-ends", []string{"line-ends", "random-datagrams"}},
		{"a parser that takes a lone \\r for a line end", "12-protocol/cuts-lone-cr", []string{"line-ends", "random-datagrams"}},
		{"a parser that accepts a chat with an empty text", "12-protocol/empty-text", []string{"bad-requests", "random-datagrams"}},
		{"notices with an ASCII colon", "12-protocol/ascii-colon", []string{"notices"}},
		{"a package whose Encode is left unwritten", "12-protocol/encode-unwritten", []string{"encode"}},
		{"an Encode that drops a chat's text", "12-protocol/encode-drops-text", []string{"encode"}},
		{"a package without notices, whose main.go prints them itself", "12-protocol/notices-in-main", []string{"notices"}},
	} {
		t.Run(tc.what, func(t *testing.T) {
			gradeWrong(t, Protocol(), tc.patch, tc.fail...)
		})
	}
}

// TestProtocolMainIsTheChecker keeps the lesson's main.go, the solution's
// and the copy the checker builds the same program: a student who tries
// the command runs what the checker runs.
func TestProtocolMainIsTheChecker(t *testing.T) {
	for tree, importPath := range map[string]string{
		"lessons":   "forkroom/lessons/12-protocol",
		"solutions": "forkroom/solutions/12-protocol",
	} {
		data, err := os.ReadFile(filepath.Join(repoRoot, tree, "12-protocol", "main.go"))
		require.NoError(t, err)
		want := strings.ReplaceAll(protocolMain, grade.OverlayImportPath, importPath)
		assert.Equal(t, want, string(data), "%s/12-protocol/main.go is internal/checks/lesson12_protocol_main.txt with its import path", tree)
	}
}
