package course

import "forkroom/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"no lesson %q: lessons are numbered 01 to %02d":            "没有 %q 这一课：课号是 01 到 %02d",
		"no lesson %q: try a number such as 01, or `checker list`": "没有 %q 这一课：请用课号，比如 01，或者先运行 `checker list` 看看",
	})
}
