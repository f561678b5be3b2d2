#!/bin/sh
# mkclass.sh DEST [N]: make a class of N varied submissions of the workbook
# in DEST (default 13, one of each kind below), to measure `checker grade`
# (docs/benchmarks.md, "Class grading"). Run it from anywhere inside the
# repository; it uses the committed files (git archive HEAD).
#
# The kinds, in this order; a class of more than 13 starts again from the
# first, and the folders are then named KIND-1, KIND-2, ...:
#   full-a, full-b, full-c  every lesson solved (copies of solutions/)
#   stubs                   every lesson as handed out
#   half                    lessons 01-08 solved, the rest stubs
#   compile-error           all solved, but 03 does not compile (nor does 12's
#                           main.go, which lesson 12 replaces by its own copy)
#   hang                    all solved, but 01 sleeps forever and 09 spins
#   wrong-proc-a            known-wrong programs in 02, 05, 08
#   wrong-proc-b            known-wrong programs in 03, 06, 07, 10
#   wrong-net               known-wrong programs in 11, 13, 14, 15
#   wrong-mixed             known-wrong programs in 01, 04, 09, 12
#   missing-lessons         all solved, lessons 05 and 14 deleted
#   not-a-workbook          a folder with a README only
#
# A known-wrong program is internal/checks/testdata/wrong/NN-slug/NAME.patch
# against the solution where that exists, else the whole-copy mutant
# internal/checks/testdata/NN-slug/NAME/ laid over the solution; one that is
# in neither place is skipped with a warning.
set -eu

dest=${1:?usage: mkclass.sh DEST [N]}
root=$(git rev-parse --show-toplevel)
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
git -C "$root" archive HEAD go.mod go.sum lessons solutions | tar -x -C "$src"
mkdir -p "$dest"

# new NAME: a submission as handed out, with a private copy of the solutions.
new() {
	d=$dest/$1
	rm -rf "$d"
	mkdir -p "$d"
	cp -R "$src/go.mod" "$src/go.sum" "$src/lessons" "$src/solutions" "$d/"
}

# relink DIR: a solution copied into lessons/ imports its own packages from
# lessons/, as a student's program does.
relink() {
	grep -rl 'forkroom/solutions/' "$1" 2>/dev/null | while read -r f; do
		sed 's#forkroom/solutions/#forkroom/lessons/#g' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
	done
}

# solve NAME NN...: lessons NN are the solutions (all lessons without NN).
solve() {
	d=$dest/$1
	shift
	for s in "$d"/solutions/*/; do
		l=$(basename "$s")
		if [ $# -gt 0 ]; then
			case " $* " in *" ${l%%-*} "*) ;; *) continue ;; esac
		fi
		rm -rf "$d/lessons/$l"
		cp -R "$s" "$d/lessons/$l"
		relink "$d/lessons/$l"
	done
}

# wrong NAME NN-slug MUTANT: lesson NN-slug is the known-wrong program.
wrong() {
	d=$dest/$1
	patch=$root/internal/checks/testdata/wrong/$2/$3.patch
	copy=$root/internal/checks/testdata/$2/$3
	if [ -f "$patch" ]; then
		(cd "$d" && patch -s -p1 <"$patch")
		rm -rf "$d/lessons/$2"
		cp -R "$d/solutions/$2" "$d/lessons/$2"
		relink "$d/lessons/$2"
	elif [ -d "$copy" ]; then
		rm -rf "$d/lessons/$2"
		cp -R "$d/solutions/$2" "$d/lessons/$2"
		cp -R "$copy/." "$d/lessons/$2/"
		relink "$d/lessons/$2"
	else
		echo "mkclass: no known-wrong program $2/$3: skipped" >&2
	fi
}

# lesson NAME NN: the folder of lesson NN in submission NAME.
lesson() { echo "$dest/$1"/lessons/"$2"-*; }

kinds="full-a full-b full-c stubs half compile-error hang wrong-proc-a wrong-proc-b wrong-net wrong-mixed missing-lessons not-a-workbook"

# make KIND NAME: one submission of that kind.
make() {
	n=$2
	case $1 in
	full-*) new "$n"; solve "$n" ;;
	stubs) new "$n" ;;
	half) new "$n"; solve "$n" 01 02 03 04 05 06 07 08 ;;
	compile-error)
		new "$n"; solve "$n"
		printf '\nfunc notDone() { return 1 }\n' >>"$(lesson "$n" 03)/main.go"
		printf '\nvar unfinished = undefinedName\n' >>"$(lesson "$n" 12)/main.go" ;;
	hang)
		new "$n"; solve "$n"
		printf 'package main\n\nimport "time"\n\nfunc main() { time.Sleep(time.Hour) }\n' >"$(lesson "$n" 01)/main.go"
		printf 'package main\n\nfunc main() {\n\tfor {\n\t}\n}\n' >"$(lesson "$n" 09)/main.go" ;;
	wrong-proc-a)
		new "$n"; solve "$n"
		wrong "$n" 02-fork no-wait
		wrong "$n" 05-multitask sequential
		wrong "$n" 08-wait start-order ;;
	wrong-proc-b)
		new "$n"; solve "$n"
		wrong "$n" 03-pids swapped-ids
		wrong "$n" 06-orphan parent-waits
		wrong "$n" 07-zombie never-reaps
		wrong "$n" 10-sigchld one-wait-per-signal ;;
	wrong-net)
		new "$n"; solve "$n"
		wrong "$n" 11-udp trims-echo
		wrong "$n" 13-login duplicate-names
		wrong "$n" 14-chat echo-to-sender
		wrong "$n" 15-chatroom sequential-client ;;
	wrong-mixed)
		new "$n"; solve "$n"
		wrong "$n" 01-files exists-inverted
		wrong "$n" 04-exit signal-as-137
		wrong "$n" 09-doublefork single-fork
		wrong "$n" 12-protocol fields-split ;;
	missing-lessons)
		new "$n"; solve "$n"
		rm -rf "$(lesson "$n" 05)" "$(lesson "$n" 14)" ;;
	not-a-workbook)
		rm -rf "${dest:?}/$n"; mkdir -p "$dest/$n"
		echo "my homework is in another folder" >"$dest/$n/README.md" ;;
	esac
	rm -rf "${dest:?}/$n/solutions"
}

count=${2:-13}
i=0
while [ "$i" -lt "$count" ]; do
	set -- $kinds
	shift $((i % 13))
	kind=$1
	name=$kind
	if [ "$count" -gt 13 ]; then
		name=$kind-$((i / 13 + 1))
	fi
	make "$kind" "$name"
	i=$((i + 1))
done
ls "$dest" | wc -l
