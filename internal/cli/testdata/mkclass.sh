#!/bin/sh
# mkclass.sh DEST [COPIES]: make a class of varied submissions of the
# workbook in DEST, to measure `checker grade` (docs/benchmarks.md, "Class
# grading"). Run it from anywhere inside the repository; it uses the
# committed files (git archive HEAD).
#
# The class, 13 folders (COPIES > 1 makes that many of each, for a class of
# 13 × COPIES):
#   full-a, full-b, full-c  every lesson solved (copies of solutions/)
#   stubs                   every lesson as handed out
#   half                    lessons 01-08 solved, the rest stubs
#   compile-error           all solved, but 03 and 12 do not compile
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

dest=${1:?usage: mkclass.sh DEST [COPIES]}
copies=${2:-1}
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

make_class() {
	sfx=$1
	for n in full-a full-b full-c; do new $n$sfx; solve $n$sfx; done
	new stubs$sfx
	new half$sfx; solve half$sfx 01 02 03 04 05 06 07 08
	new compile-error$sfx; solve compile-error$sfx
	printf '\nfunc notDone() { return 1 }\n' >>"$(lesson compile-error$sfx 03)/main.go"
	printf '\nvar unfinished = undefinedName\n' >>"$(lesson compile-error$sfx 12)/main.go"
	new hang$sfx; solve hang$sfx
	printf 'package main\n\nimport "time"\n\nfunc main() { time.Sleep(time.Hour) }\n' >"$(lesson hang$sfx 01)/main.go"
	printf 'package main\n\nfunc main() {\n\tfor {\n\t}\n}\n' >"$(lesson hang$sfx 09)/main.go"
	new wrong-proc-a$sfx; solve wrong-proc-a$sfx
	wrong wrong-proc-a$sfx 02-fork no-wait
	wrong wrong-proc-a$sfx 05-multitask sequential
	wrong wrong-proc-a$sfx 08-wait start-order
	new wrong-proc-b$sfx; solve wrong-proc-b$sfx
	wrong wrong-proc-b$sfx 03-pids swapped-ids
	wrong wrong-proc-b$sfx 06-orphan parent-waits
	wrong wrong-proc-b$sfx 07-zombie never-reaps
	wrong wrong-proc-b$sfx 10-sigchld one-wait-per-signal
	new wrong-net$sfx; solve wrong-net$sfx
	wrong wrong-net$sfx 11-udp trims-echo
	wrong wrong-net$sfx 13-login duplicate-names
	wrong wrong-net$sfx 14-chat echo-to-sender
	wrong wrong-net$sfx 15-chatroom sequential-client
	new wrong-mixed$sfx; solve wrong-mixed$sfx
	wrong wrong-mixed$sfx 01-files exists-inverted
	wrong wrong-mixed$sfx 04-exit signal-as-137
	wrong wrong-mixed$sfx 09-doublefork single-fork
	wrong wrong-mixed$sfx 12-protocol fields-split
	new missing-lessons$sfx; solve missing-lessons$sfx
	rm -rf "$(lesson missing-lessons$sfx 05)" "$(lesson missing-lessons$sfx 14)"
	rm -rf "$dest/not-a-workbook$sfx"; mkdir -p "$dest/not-a-workbook$sfx"
	echo "my homework is in another folder" >"$dest/not-a-workbook$sfx/README.md"
	for d in "$dest"/*$sfx; do rm -rf "$d/solutions"; done
}

if [ "$copies" -le 1 ]; then
	make_class ""
else
	i=1
	while [ "$i" -le "$copies" ]; do
		make_class "-$i"
		i=$((i + 1))
	done
fi
ls "$dest"
