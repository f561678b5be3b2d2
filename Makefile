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

help: ## list the targets
	@echo "forkroom: start with 'make lesson-01' and read lessons/01-files/README.md"
	@echo
	@echo "  make lesson-NN      grade one lesson: make lesson-01 ... make lesson-15"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_%-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

checker: ## build the checker into bin/checker
	@$(GO) build -o $(CHECKER) ./checker

# A static pattern rule: make does not look for implicit rules to make a
# .PHONY target, so a plain `lesson-%:` rule would silently do nothing.
$(LESSON_TARGETS): lesson-%: checker
	@$(CHECKER) run $*

list: checker ## every lesson and your progress
	@$(CHECKER) list

watch: checker ## grade the current lesson again on every save
	@$(CHECKER) watch

all-lessons: checker ## grade every lesson in lessons/
	@$(CHECKER) run all

solutions: checker ## grade every reference solution (teachers)
	@$(CHECKER) run all --solution

chatroom: checker ## grade the finished chat room in chatroom/
	@$(CHECKER) run chatroom

test: ## run every test: vet, gofmt, unit tests, course self-test, hostile programs, race
	$(GO) vet ./...
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) test -count=1 -timeout 9m ./...
	$(GO) test -count=1 -race -timeout 5m ./chatroom/...
	$(MAKE) --no-print-directory fuzz FUZZTIME=10s
	GOOS=darwin $(GO) vet ./internal/... ./checker ./chatroom/...
	GOOS=windows $(GO) build -o /dev/null ./checker
	$(GO) run $(ACTIONLINT) internal/handout/testdata/classroom.yml

race: ## the chat room's tests under the race detector
	$(GO) test -count=1 -race ./chatroom/...

fuzz: ## fuzz the chat protocol parser and the server's handling of datagrams (FUZZTIME=60s each)
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(or $(FUZZTIME),60s) ./chatroom/internal/protocol
	$(GO) test -run '^$$' -fuzz '^FuzzHandle$$' -fuzztime $(or $(FUZZTIME),60s) ./chatroom/internal/server

bench: ## the chat room's fan-out benchmark against an ideal sender and the Python design (docs/benchmarks.md)
	$(GO) run ./chatroom/bench

pristine: ## refresh the copy of lessons/ that 'checker reset' restores
	$(GO) run ./internal/course/pristinegen -src lessons -out internal/course/pristine.tar.gz

handout: checker ## write the repository to hand out into DIR, without answers (teachers; FLAGS=--vendor ...)
	@test -n "$(DIR)" || { echo "usage: make handout DIR=../forkroom-handout [FLAGS='--lang zh --vendor --checker-repo OWNER/NAME --checker-rev COMMIT']"; exit 2; }
	@$(CHECKER) handout $(FLAGS) $(DIR)

handout-check: ## a vendored handout, offline: its README's commands, reset and make test (1-2 min)
	FORKROOM_HANDOUT_CHECK=1 $(GO) test -count=1 -timeout 15m -run 'TestHandoutWorksOffline' -v ./internal/handout

install: ## put 'checker' on your PATH (go install)
	$(GO) install ./checker

chat-server: ## run the chat server on its default address
	$(GO) run ./chatroom/server

chat-client: ## run a chat client against localhost
	$(GO) run ./chatroom/client
