package cli

import "forkroom/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"grading without the sandbox: %v": "不在沙箱中评分：%v",
		"this copy is not graded, because it must run in a sandbox: %v (--unsafe grades it without one)":            "这份练习册没有评分，因为它必须在沙箱中运行：%v（加 --unsafe 则不用沙箱评分）",
		"the submissions are not graded, because they must run in a sandbox: %v (--unsafe grades them without one)": "作业没有评分，因为它们必须在沙箱中运行：%v（加 --unsafe 则不用沙箱评分）",
		usageText: `checker 给 forkroom 练习册里的练习评分。

用法：
  checker list                   列出每一课、它的状态和你的进度
  checker run 课号 [选项]        评一课：01、1、all 或 chatroom
  checker hint 课号              显示这一课的提示
  checker reset 课号 [--yes]     把这一课的桩程序恢复成刚发下来的样子
  checker watch [课号]           每次保存都重新评分，通过了就进入下一课
  checker grade 目录... [--out D] 给多份作业的每一课评分（教师用）
  checker handout 目录 [选项]    写出发给学生的仓库，不含答案（教师用）
  checker similar 目录...        找出代码相似得可疑的作业（教师用）

run 的选项：
  --solution   评 solutions/，而不是 lessons/
  --dir 目录   评另一份练习册里的课（学生交上来的作业）；
               它的程序只在沙箱（Linux 命名空间）里运行
  --unsafe     与 --dir 一起用：无法建立沙箱时也照样评分
  --json       以 JSON 输出结果（exercism results.json 第 3 版，另加分数）
  --format F   text、json 或 classroom（供 GitHub Classroom 使用的 base64 JSON）；
               加 --github-output 则以 result=... 写入 $GITHUB_OUTPUT
  -v           显示程序的全部输出，通过的检查也显示
  --seed N     重复一次评分的随机选择（参数、名字、大小）；
               运行时的时序无法重复
  --jobs N     同时评分的课数（默认每个 CPU 核 3 个，2 到 12 个）

grade 的选项：
  --out 目录     每评完一名学生就把 grades.json 和 grades.csv 写到这里
  --lessons L    只评部分课：01,02,05
  --jobs N       同时评分的课数，每一课在各自的评分进程中进行
  --roster 文件  目录、学号、姓名、邮箱的 CSV；另外写出 canvas.csv、moodle.csv
  --before 时间  按每个 git 仓库在该时间之前的最后一个 commit 评分
  --resume       继续 --out 中被中断的那次评分
  --unsafe       在无法建立沙箱的机器上也评分（没有保护）
  --json         输出 grades.json；--seed N 与 run 相同
  有作业或某一课无法评分时，退出状态为 1。

handout 的选项：--lang zh（README.md 和检查器用中文）、--with-chatroom、
  --vendor（离线编译）、--checker-repo 所有者/仓库名 和 --checker-rev 提交
  （Classroom 工作流用来评分的检查器）、--no-git。

所有命令都接受 --lang zh|en（默认取自 LANG / LC_ALL）。
退出状态：满分为 0，有检查失败为 1，用法错误为 2。
`,
		"Run `checker help` for usage.":         "运行 `checker help` 查看用法。",
		"(changed since last run)":              "（上次评分后有改动）",
		"(needs Linux or macOS)":                "（需要 Linux 或 macOS）",
		"Every lesson passes. Well done!":       "所有的课都通过了，干得漂亮！",
		"Nothing changed.":                      "没有任何改动。",
		"Progress":                              "进度",
		"Reset? [y/N] ":                         "确定要恢复吗？[y/N] ",
		"coming soon":                           "即将推出",
		"not started":                           "未开始",
		"failing":                               "未通过",
		"passed":                                "已通过",
		"Lesson %s is reset.":                   "第 %s 课已恢复。",
		"Lesson %s passes. On to the next one!": "第 %s 课通过了，接着做下一课吧！",
		"Lesson %s":                             "第 %s 课",
		"Next: make lesson-%s (or: checker run %s)":                                             "下一步：make lesson-%s（或者 checker run %s）",
		"The lesson text: lessons/%s/%s":                                                        "课文：lessons/%s/%s",
		"This puts lessons/%s back as it was handed out. Your changes to these files are lost:": "这会把 lessons/%s 恢复成刚发下来的样子，你对下面这些文件的改动都会丢掉：",
		"Watching %s: save a file to check again (Ctrl-C to stop).":                             "正在盯着 %s：一保存文件就重新评分（按 Ctrl-C 停止）。",
		"lesson %s needs Linux or macOS: Windows has no fork, zombies or SIGCHLD. Use WSL.":     "第 %s 课需要 Linux 或 macOS：Windows 上没有 fork、僵尸进程和 SIGCHLD。请用 WSL。",
		"lessons/%s is already as it was handed out.":                                           "lessons/%s 已经是刚发下来的样子了。",
		"unknown command %q":                "未知命令 %q",
		"flag provided but not defined: %s": "没有这个选项：%s",
		"flag needs an argument: %s":        "选项 %s 后面要跟一个值",
		"%s is not a copy of the forkroom workbook (no go.mod of module forkroom with lessons/ beside it)": "%s 不是 forkroom 练习册（没有 module 为 forkroom 的 go.mod，或者它旁边没有 lessons/）",
		"(needs Linux: use the dev container)": "（需要 Linux：请使用开发容器）",
		"%v":                                   "%v",
		"hint needs one lesson, such as 01":    "hint 需要一个课号，比如 01",
		"lesson %s has no checks yet":          "第 %s 课还没有检查",
		"list takes no arguments":              "list 不接受参数",
		"no forkroom workbook here or above %s: run the checker inside your copy of the repository, or give --dir": "%s 和它上面的各级目录里都没有 forkroom 练习册：请在你的仓库副本里运行检查器，或者用 --dir 指定",
		"reset needs one lesson, such as 01":                                     "reset 需要一个课号，比如 01",
		"run needs one lesson: a number such as 01, all, or chatroom":            "run 需要一个课号：比如 01、all 或 chatroom",
		"the chat room is not an exercise: there is nothing to reset":            "聊天室不是练习：没有什么可恢复的",
		"watch does not print JSON: use run --json":                              "watch 不输出 JSON：请用 run --json",
		"watch follows the numbered lessons; use run for the chat room":          "watch 只管有课号的课；聊天室请用 run",
		"grade needs one or more folders, each a student's copy of the workbook": "grade 需要一个或多个目录，每个目录是一个学生的练习册副本",
		"wrote %s and %s":                        "已写入 %s 和 %s",
		"student":                                "学生",
		"total":                                  "总分",
		"(! = does not compile; - = not graded)": "（! = 编译不通过；- = 没有评分）",
		"watch takes at most one lesson":         "watch 最多接受一个课号",
		"handout needs one folder to write the handout into, such as ../forkroom-handout": "handout 需要一个用来写入的目录，例如 ../forkroom-handout",
		"No handout written: these texts name folders the handout leaves out, so a student would type a command that cannot work. Change the texts (a \"See it for yourself\" command runs the student's own program), or hand out the chat room with --with-chatroom:": "没有写出学生版：下面这些文字提到了学生版不包含的目录，学生照着输入的命令将无法运行。请修改这些文字（“亲眼看看”中的命令应运行学生自己的程序），或者用 --with-chatroom 连聊天室一起发放：",
		"Wrote the handout to %s: %d files.": "学生版已写入 %s：共 %d 个文件。",
		"Left out: solutions/, the teacher's docs, the repository's README and Makefile (the handout has its own), and these files:": "未包含：solutions/、教师文档、仓库自己的 README 和 Makefile（学生版有自己的），以及下列文件：",
		"git: one commit %s on branch main, ready to push to a new repository.":                                                      "git：main 分支上的一个提交 %s，可以推送到一个新仓库。",
		"warning: %s": "注意：%s",
		"this copy is a handout: it has no solutions/ to grade":                                                                                                                                         "这是学生版：没有 solutions/ 可评",
		"this handout has no chatroom/: the finished chat room is the answer to lessons 13-15, and your teacher kept it":                                                                                "这份学生版没有 chatroom/：完整的聊天室是第 13-15 课的答案，老师没有发放",
		"chatroom/, the finished chat room: the answer to lessons 13-15 (--with-chatroom hands it out)":                                                                                                 "chatroom/，完整的聊天室：第 13-15 课的答案（加 --with-chatroom 才会发放）",
		"Not graded here: lessons %s need Linux (Windows has no fork, zombies or SIGCHLD). Open this folder in its dev container (.devcontainer/, see README.md), or use WSL.":                          "这里无法评分：第 %s 课需要 Linux（Windows 没有 fork、僵尸进程和 SIGCHLD）。请在开发容器中打开这个目录（.devcontainer/，见 README.md），或者使用 WSL。",
		"Not graded here: lessons %s need Linux (the checker reads /proc and adopts orphans as a subreaper; macOS has neither). Open this folder in its dev container (.devcontainer/, see README.md).": "这里无法评分：第 %s 课需要 Linux（检查器要读取 /proc，并作为子进程回收者收养孤儿进程；macOS 两者都没有）。请在开发容器中打开这个目录（.devcontainer/，见 README.md）。",
		"Not graded here: lessons %s need Linux (/proc and a subreaper). Open this folder in its dev container (.devcontainer/, see README.md).":                                                        "这里无法评分：第 %s 课需要 Linux（/proc 和子进程回收者）。请在开发容器中打开这个目录（.devcontainer/，见 README.md）。",
		"--json and --format %s disagree: give one of them":                                                                                                                                             "--json 与 --format %s 互相矛盾：只给其中一个",
		"unknown --format %q: text, json or classroom":                                                                                                                                                  "未知的 --format %q：可选 text、json 或 classroom",
		"--github-output writes the classroom result: add --format classroom":                                                                                                                           "--github-output 写出的是 classroom 格式的结果：请加上 --format classroom",
		"--github-output needs GITHUB_OUTPUT, the file GitHub Actions gives each step for its outputs":                                                                                                  "--github-output 需要 GITHUB_OUTPUT，即 GitHub Actions 为每个步骤提供的输出文件",
	})
}
