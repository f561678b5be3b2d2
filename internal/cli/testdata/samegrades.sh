#!/bin/sh
# samegrades.sh CHECKER CLASS OUT JOBS RUNS: grade the class in CLASS with
# --jobs 1 and --jobs JOBS, RUNS times each (alternating), with one core kept
# busy by a spinning shell, and compare every verdict of every run
# (docs/benchmarks.md, "Class grading"). Make the class with mkclass.sh.
# GRADE_FLAGS adds flags to every run (--unsafe, with FORKROOM_NO_SANDBOX=1
# in the environment to grade without the sandbox).
set -u
checker=${1:?usage: samegrades.sh CHECKER CLASS OUT JOBS RUNS}
class=$2
out=$3
jobs=${4:-4}
runs=${5:-3}
root=$(git rev-parse --show-toplevel)
mkdir -p "$out"
sh -c 'while :; do :; done' &
busy=$!
trap 'kill $busy' EXIT
i=1
while [ "$i" -le "$runs" ]; do
	for j in 1 "$jobs"; do
		d=$out/jobs$j-run$i
		rm -rf "$d"
		start=$(date +%s)
		# shellcheck disable=SC2086
		"$checker" grade ${GRADE_FLAGS:-} --seed 2026 --jobs "$j" --out "$d" "$class"/* >"$d.log" 2>&1
		echo "jobs $j run $i: exit $?, $(($(date +%s) - start)) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
	done
	i=$((i + 1))
done
cd "$root" && go run ./internal/cli/testdata/classcmp "$out"/jobs*/grades.json
