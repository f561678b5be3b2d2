package report

import "forkroom/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"(%.1f s, seed %d)":                 "（%.1f 秒，随机种子 %d）",
		"Lesson %s":                         "第 %s 课",
		"… %d earlier lines (-v shows all)": "……前面还有 %d 行（加 -v 显示全部）",
		"(as above)":                        "（同上）",
		"(no output)":                       "（没有输出）",
		"stderr:":                           "标准错误输出：",
		"Score":                             "得分",
		"Summary":                           "汇总",
		"Total":                             "总分",
		"hint:":                             "提示：",
		"left behind when the check ended (the checker stopped them)": "检查结束时还留着的进程（检查器已经把它们结束了）",
		"… output stopped: too much of it":                            "……输出太多，后面的不再记录",
	})
}
