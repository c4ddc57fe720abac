package experiments

// registry lists every experiment, one per rule, in the order they run and
// print. Each lives in the file named after its rule.
func registry() []*experiment {
	return []*experiment{
		blockingfanoutExp,
		blockingfdExp,
		lockosthreadExp,
		taintedthreadExp,
		threadstateExp,
		rawsyscallExp,
		nowcacheExp,
	}
}

// selectExperiments returns the experiments of the named rules, all of them
// when names is empty, and the names that match none.
func selectExperiments(names []string) (sel []*experiment, unknown []string) {
	if len(names) == 0 {
		return registry(), nil
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	for _, e := range registry() {
		if want[e.rule] {
			sel = append(sel, e)
			delete(want, e.rule)
		}
	}
	for _, n := range names {
		if want[n] {
			unknown = append(unknown, n)
			delete(want, n)
		}
	}
	return sel, unknown
}
