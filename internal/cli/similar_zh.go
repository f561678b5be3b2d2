package cli

import "forkroom/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"similar needs two or more folders, each a student's copy of the workbook": "similar 需要两个或更多目录，每个是一名学生的练习册副本",
		"--threshold is a share between 0 and 1, such as 0.5":                      "--threshold 是 0 到 1 之间的比例，例如 0.5",
		"%d submissions compared": "比较了 %d 份作业",
		"nothing to compare: fewer than two submissions have code of their own": "无可比较：自己写了代码的作业不到两份",
		"wrote the similarity page: %s":                                         "已写入相似度页面：%s",
		"no suspicious pair":                                                    "没有可疑的作业对",
		"%d tokens alike in %d passages; %.0f%% of the smaller one":             "%d 个词法单元相同，共 %d 段；占较小一份的 %.0f%%",
		"the other pairs, for scale:":                                           "其余作业对中最相似的（作为参照）：",
		"not compared, no code of their own: %s":                                "未比较（没有自己写的代码）：%s",
		"A score is the share of the two submissions' own code that is alike token for token; it is a reason to read the passages side by side, not a verdict.": "分数是两份作业各自编写的代码中逐个词法单元相同的部分所占的比例；它提示你把相应片段并排读一读，而不是定论。",
	})
}
