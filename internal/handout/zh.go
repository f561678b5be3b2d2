package handout

import "forkroom/internal/i18n"

func init() {
	i18n.Register(map[string]string{
		"the known-wrong programs: each is a reference solution with one mistake":                                                                                                    "已知错误的程序：每个都是带一处错误的参考答案",
		"the checks' own tests: they grade solutions/ and the known-wrong programs, and some hold programs inline":                                                                   "检查自身的测试：它们为 solutions/ 和已知错误的程序评分，有些还直接内嵌了程序",
		"the similarity checker's sample submissions: solutions of lessons 01 and 08, some copied on purpose":                                                                        "相似度检查用的样例作业：第 01 课和第 08 课的答案，其中一些是故意抄的",
		"the class-grading scripts: they build a class of submissions from solutions/ and the known-wrong programs":                                                                  "给全班评分用的脚本：它们用 solutions/ 和已知错误的程序拼出一个班的作业",
		"the hostile programs the engine is tested with: a double fork with setsid, zombies and a hundred children are lessons 05-09's mechanisms":                                   "用来测试评分引擎的恶意程序：带 setsid 的二次 fork、僵尸进程和上百个子进程，正是第 05-09 课要写的机制",
		"the Classroom workflow names no checker, so it will fail with a message until you make the handout with --checker-repo OWNER/NAME --checker-rev COMMIT":                     "Classroom 工作流没有指定检查器，在你用 --checker-repo 所有者/仓库名 --checker-rev 提交 重新生成学生版之前，它会报错失败",
		"This lesson's step left no result (it timed out, or the checker could not be built): see the workflow's log.":                                                               "这一课的步骤没有留下结果（超时，或者检查器没能构建）：请查看工作流的日志。",
		"this copy is a handout already: make the handout from the teacher's repository, which has solutions/":                                                                       "这份副本本身就是学生版：请在含有 solutions/ 的教师仓库中生成学生版",
		"%s is inside the repository: choose a folder outside it, such as %s":                                                                                                        "%s 在仓库内部：请选择仓库以外的目录，例如 %s",
		"%s is not empty: the handout goes into a new folder":                                                                                                                        "%s 不是空目录：学生版要写入一个新目录",
		"--checker-repo and --checker-rev go together: the repository the workflow builds the checker from, and the commit":                                                          "--checker-repo 和 --checker-rev 要一起给出：工作流用来构建检查器的仓库，以及它的提交",
		"--checker-repo %q: want OWNER/NAME, a repository on GitHub":                                                                                                                 "--checker-repo %q：应为 所有者/仓库名，即 GitHub 上的一个仓库",
		"--checker-rev %q: want a full commit hash (40 hex digits; `git rev-parse HEAD`), which no one can move the way a branch or tag moves":                                       "--checker-rev %q：应为完整的提交哈希（40 位十六进制；`git rev-parse HEAD`），它不会像分支或标签那样被人移动",
		"internal/course/pristine.tar.gz is missing: run `make pristine`":                                                                                                            "缺少 internal/course/pristine.tar.gz：请运行 `make pristine`",
		"lessons/ is not the stubs that `checker reset` restores:\n  %s\nRun `make pristine` if you changed a stub on purpose, or `bin/checker reset NN` if you worked in a lesson.": "lessons/ 与 `checker reset` 恢复的桩程序不一致：\n  %s\n如果是有意修改了桩程序，请运行 `make pristine`；如果是在某一课里做了练习，请运行 `bin/checker reset NN`。",
		"git is not installed: install it, or make the handout with --no-git":                                                                                                        "没有安装 git：请安装它，或者用 --no-git 生成学生版",
	})
}
