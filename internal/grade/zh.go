package grade

import "forkroom/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"could not write %q to your program's stdin: it has closed it or ended (%s)": "无法向你的程序的标准输入写入 %q：它已经关闭了标准输入，或者已经结束（%s）",
		"timed out after %s waiting for a line like %q":                              "等了 %[1]s，还是没有等到 %[2]q 这样的行：超时",
		"timed out after %s waiting for your program to end":                         "等了 %s，你的程序还是没有结束：超时",
		"timed out after %s": "%s后超时",
		"%s s":               "%s 秒",
		"%s ms":              "%s 毫秒",
		"your program ended (%s) without printing a line like %q":         "你的程序已经结束（%s），却没有打印 %q 这样的行",
		"your program printed more than %d KiB of output and was stopped": "你的程序输出超过 %d KiB（刷屏），已被停止",
		"exit status %d":                                          "退出状态 %d",
		"killed by signal %s":                                     "被信号 %s 杀死",
		"not run: %v":                                             "未运行：%v",
		"output of your %s (pid %d, %s)":                          "你的 %s 的输出（进程号 %d，%s）",
		"output of your program (pid %d, %s)":                     "你的程序的输出（进程号 %d，%s）",
		"processes seen (pid, command, state)":                    "看到的进程（进程号、命令、状态）",
		"still running":                                           "仍在运行",
		"the check could not be carried out: %v":                  "这项检查无法进行：%v",
		"the checker could not build your program: %v":            "检查器无法构建你的程序：%v",
		"the checker could not make a temporary directory: %v":    "检查器无法创建临时目录：%v",
		"the checker could not set itself up: %v":                 "检查器无法完成初始化：%v",
		"there is no folder %s to grade":                          "没有要评分的目录 %s",
		"your program does not compile":                           "你的程序无法编译",
		"not graded, because this code must run in a sandbox: %v": "未评分，因为这份代码必须在沙箱中运行：%v",
		// The words of a process-tree picture.
		"checker":                "检查器",
		"your program":           "你的程序",
		"adopted by the checker": "被检查器收养",
		"running":                "运行",
		"sleeping":               "睡眠",
		"disk-sleep":             "不可中断睡眠",
		"stopped":                "已停止",
		"zombie":                 "僵尸",
		"dead":                   "已死亡",
	})
}
