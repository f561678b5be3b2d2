package grade

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"forkroom/internal/i18n"
)

// answerPrefixes are the import paths of the reference code: a lesson that
// imports one of them runs the teacher's answer instead of its own code.
var answerPrefixes = []string{"forkroom/solutions/", "forkroom/chatroom/"}

// RefusedError says the program is not graded, and why, in either language.
type RefusedError struct {
	Msg i18n.Msg
}

func (e *RefusedError) Error() string { return e.Msg.In(i18n.En) }

// refuseAnswers lists the dependencies of the package pkg in dir, the
// build's private copy (what
// `go list -deps` shows, which is what the build compiles in) and refuses
// a program that imports the reference code, unless it is itself part of
// it (grading solutions/ or chatroom/).
func refuseAnswers(ctx context.Context, goCmd, dir, pkg string) error {
	cmd := exec.CommandContext(ctx, goCmd, "list", "-deps", "-f", "{{.ImportPath}}", pkg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), buildEnv...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("listing the dependencies of %s: %w: %s", pkg, err, errOut.String())
	}
	deps := strings.Fields(out.String())
	if len(deps) == 0 {
		return nil
	}
	self := deps[len(deps)-1] // -deps lists the package itself last
	if isAnswer(self) {
		return nil
	}
	for _, d := range deps {
		if isAnswer(d) {
			return &RefusedError{Msg: i18n.M("your program imports %s, the reference code: it would be graded instead of your own. Remove that import and write the code yourself", d)}
		}
	}
	return nil
}

func isAnswer(importPath string) bool {
	for _, p := range answerPrefixes {
		if strings.HasPrefix(importPath, p) {
			return true
		}
	}
	return false
}

func init() {
	i18n.Register(map[string]string{
		"your program imports %s, the reference code: it would be graded instead of your own. Remove that import and write the code yourself": "你的程序导入了参考代码 %s：那样被评分的就是它，而不是你自己的代码。删掉这个导入，自己写",
	})
}
