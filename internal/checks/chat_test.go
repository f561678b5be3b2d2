package checks

import "forkroom/internal/grade"

// A chat lesson's check takes about a second (a server to start, a quiet
// period to listen through), so its known-wrong programs are graded with
// the checks they must fail and one check they must pass, not the whole
// lesson: focus picks them. Each wrong program was graded once with its
// lesson's whole suite when it was written (the sets were the same).

// checksNamed picks the checks with the given ids, in that order.
func checksNamed(checks []grade.Check, ids ...string) []grade.Check {
	var out []grade.Check
	for _, id := range ids {
		for _, c := range checks {
			if c.ID == id {
				out = append(out, c)
			}
		}
	}
	return out
}

// focus is suite with only the checks named in fail and pass, in the
// suite's order.
func focus(suite grade.Suite, fail []string, pass ...string) grade.Suite {
	keep := map[string]bool{}
	for _, id := range append(append([]string(nil), fail...), pass...) {
		keep[id] = true
	}
	var checks []grade.Check
	for _, c := range suite.Checks {
		if keep[c.ID] {
			checks = append(checks, c)
		}
	}
	suite.Checks = checks
	return suite
}
