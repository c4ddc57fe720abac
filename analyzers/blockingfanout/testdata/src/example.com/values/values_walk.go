package values

import "time"

func (w *Walker) Walk(paths []string) {
	for _, p := range paths {
		w.OnEach(p)
	}
}

var now = time.Now()
