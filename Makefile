# forkroom: a Go workbook on Unix processes and a UDP chat room.
# `make help` lists the targets. Students: `make lesson-01` to start.

GO      ?= go
CHECKER := bin/checker
LESSONS := 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15
# actionlint checks the Classroom workflow a handout gets. It is run with
# `go run pkg@version` (it needs a newer Go than the module's, so it is no
# dependency of the module and adds nothing to go.mod).
ACTIONLINT := github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

.DEFAULT_GOAL := help
LESSON_TARGETS := $(addprefix lesson-,$(LESSONS))

.PHONY: help checker list watch all-lessons solutions chatroom test race fuzz bench pristine install chat-server chat-client handout handout-check $(LESSON_TARGETS)

help: ## list the targets ## 列出所有目标
	@# The language comes from LC_ALL, then LC_MESSAGES, then LANG, as the
	@# checker does: zh_* is Chinese. A target's description is "## English"
	@# or '## English ## 中文'.
	@case "$${LC_ALL:-$${LC_MESSAGES:-$$LANG}}" in zh*) lang=zh;; *) lang=en;; esac; \
	if [ $$lang = zh ]; then \
		echo "forkroom：从 make lesson-01 开始，先读 lessons/01-files/README.zh.md"; echo; \
		echo "  make lesson-NN      评一课：make lesson-01 …… make lesson-15"; \
	else \
		echo "forkroom: start with 'make lesson-01' and read lessons/01-files/README.md"; echo; \
		echo "  make lesson-NN      grade one lesson: make lesson-01 ... make lesson-15"; \
	fi; \
	awk -v lang=$$lang '/^[a-zA-Z0-9_%-]+:.*## / { \
		name = substr($$0, 1, index($$0, ":") - 1); desc = substr($$0, index($$0, "## ") + 3); \
		zh = index(desc, " ## "); \
		if (zh > 0) { desc = (lang == "zh") ? substr(desc, zh + 4) : substr(desc, 1, zh - 1) } \
		printf "  make %-14s %s\n", name, desc }' $(MAKEFILE_LIST)

checker: ## build the checker into bin/checker ## 把检查器构建到 bin/checker
	@$(GO) build -o $(CHECKER) ./checker

# A static pattern rule: make does not look for implicit rules to make a
# .PHONY target, so a plain `lesson-%:` rule would silently do nothing.
$(LESSON_TARGETS): lesson-%: checker
	@$(CHECKER) run $*

list: checker ## every lesson and your progress ## 每一课的状态和你的进度
	@$(CHECKER) list

watch: checker ## grade the current lesson again on every save ## 每次保存都重新评当前这一课
	@$(CHECKER) watch

all-lessons: checker ## grade every lesson in lessons/ ## 评 lessons/ 里的每一课
	@$(CHECKER) run all

solutions: checker ## grade every reference solution (teachers) ## 评每一课的参考答案（教师用）
	@$(CHECKER) run all --solution

chatroom: checker ## grade the finished chat room in chatroom/ ## 评 chatroom/ 里完整的聊天室
	@$(CHECKER) run chatroom

test: ## run every test: vet, gofmt, unit tests, course self-test, hostile programs, race ## 运行全部测试：vet、gofmt、单元测试、课程自检、恶意程序、竞态检测
	$(GO) vet ./...
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) test -count=1 -timeout 14m ./...
	$(GO) test -count=1 -race -timeout 5m ./chatroom/...
	$(MAKE) --no-print-directory fuzz FUZZTIME=10s
	GOOS=darwin $(GO) vet ./internal/... ./checker ./chatroom/...
	GOOS=windows $(GO) build -o /dev/null ./checker
	$(GO) run $(ACTIONLINT) internal/handout/testdata/classroom.yml

race: ## the chat room's tests under the race detector ## 在竞态检测器下运行聊天室的测试
	$(GO) test -count=1 -race ./chatroom/...

fuzz: ## fuzz the chat protocol parser and the server's handling of datagrams (FUZZTIME=60s each) ## 对聊天协议的解析和服务器处理数据报的代码做模糊测试（FUZZTIME，默认各 60 秒）
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(or $(FUZZTIME),60s) ./chatroom/internal/protocol
	$(GO) test -run '^$$' -fuzz '^FuzzHandle$$' -fuzztime $(or $(FUZZTIME),60s) ./chatroom/internal/server

bench: ## the chat room's fan-out benchmark against an ideal sender and the Python design (docs/benchmarks.md) ## 聊天室群发的基准测试，与理想发送者和 Python 的设计对比（docs/benchmarks.md）
	$(GO) run ./chatroom/bench

pristine: ## refresh the copy of lessons/ that 'checker reset' restores ## 更新 checker reset 用来恢复 lessons/ 的那份副本
	$(GO) run ./internal/course/pristinegen -src lessons -out internal/course/pristine.tar.gz

handout: checker ## write the repository to hand out into DIR, without answers (teachers; FLAGS=--vendor ...) ## 把学生版仓库写到 DIR，不含答案（教师用；FLAGS=--vendor ……）
	@test -n "$(DIR)" || { echo "usage: make handout DIR=../forkroom-handout [FLAGS='--lang zh --vendor --checker-repo OWNER/NAME --checker-rev COMMIT']"; exit 2; }
	@$(CHECKER) handout $(FLAGS) $(DIR)

handout-check: ## a vendored handout, offline: its README's commands, reset and make test (1-2 min) ## 离线检查一份带 vendor 的学生版：README 里的命令、reset 和 make test（1-2 分钟）
	FORKROOM_HANDOUT_CHECK=1 $(GO) test -count=1 -timeout 15m -run 'TestHandoutWorksOffline' -v ./internal/handout

install: ## put 'checker' on your PATH (go install) ## 把 checker 安装到你的 PATH 里（go install）
	$(GO) install ./checker

chat-server: ## run the chat server on its default address ## 在默认地址上运行聊天服务器
	$(GO) run ./chatroom/server

chat-client: ## run a chat client against localhost ## 运行一个连到本机的聊天客户端
	$(GO) run ./chatroom/client
