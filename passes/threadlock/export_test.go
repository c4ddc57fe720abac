package threadlock

// Active reports whether the pass looked at the package's functions at all.
func Active(r *Result) bool { return r.active }
