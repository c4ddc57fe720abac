package seed_test

// mid imports seed, so seed's tests recompile it as "mid [seed.test]",
// whose facts deporder takes from its twin, mid.
import "example.com/mod/mid"

func useMid() { mid.Calls(); mid.Indirect() }
