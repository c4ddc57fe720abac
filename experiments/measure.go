package experiments

import (
	"sync"
	"time"
)

// sample is the process's OS thread count at T milliseconds into a phase.
type sample struct {
	T float64 `json:"t"`
	N int     `json:"n"`
}

// sampleEvery is the sampling period. Reading /proc/self/status costs tens
// of microseconds, so a millisecond keeps the sampler's own cost small; the
// runtime does not free idle threads, so a peak lasts long enough to be seen.
const sampleEvery = time.Millisecond

// sampler records the thread count from a goroutine of its own.
type sampler struct {
	start   time.Time
	stopc   chan struct{}
	done    sync.WaitGroup
	mu      sync.Mutex
	samples []sample
	peak    int
}

func startSampler() *sampler {
	s := &sampler{start: time.Now(), stopc: make(chan struct{})}
	s.take()
	s.done.Go(func() {
		t := time.NewTicker(sampleEvery)
		defer t.Stop()
		for {
			select {
			case <-s.stopc:
				return
			case <-t.C:
				s.take()
			}
		}
	})
	return s
}

func (s *sampler) take() {
	st, err := readStatus()
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.samples = append(s.samples, sample{T: float64(time.Since(s.start).Microseconds()) / 1000, N: st.threads})
	s.peak = max(s.peak, st.threads)
}

// now returns the current count, recording it as a sample too.
func (s *sampler) now() int {
	s.take()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.samples[len(s.samples)-1].N
}

// stop ends sampling, with one last sample.
func (s *sampler) stop() (samples []sample, peak int) {
	close(s.stopc)
	s.done.Wait()
	s.take()
	return s.samples, s.peak
}

// measure runs body while sampling threads, and records the phase's
// baseline and peak threads, peak RSS and wall time. The child process is
// fresh, so its peak RSS (VmHWM) belongs to this phase.
func measure(body func(s *sampler) error) (phaseResult, error) {
	var res phaseResult
	st0, err := readStatus()
	if err != nil {
		return res, err
	}
	s := startSampler()
	start := time.Now()
	err = body(s)
	wall := time.Since(start)
	samples, peak := s.stop()
	if err != nil {
		return res, err
	}
	st1, err := readStatus()
	if err != nil {
		return res, err
	}
	res.Threads = samples
	res.set("base_threads", float64(st0.threads))
	res.set("peak_threads", float64(peak))
	res.set("end_threads", float64(st1.threads))
	res.set("base_rss_mib", float64(st0.rssKiB)/1024)
	res.set("peak_rss_mib", float64(st1.hwmKiB)/1024)
	res.set("wall_ms", float64(wall.Microseconds())/1000)
	return res, nil
}

// fanout starts n goroutines running work, one per item as the code the
// blockingfanout rule reports does, and waits for them. With limit > 0 each
// spawn first takes a slot of a semaphore of that size: the fix.
func fanout(n, limit int, work func(i int)) {
	var wg sync.WaitGroup
	var sem chan struct{}
	if limit > 0 {
		sem = make(chan struct{}, limit)
	}
	for i := range n {
		if sem != nil {
			sem <- struct{}{}
		}
		wg.Go(func() {
			work(i)
			if sem != nil {
				<-sem
			}
		})
	}
	wg.Wait()
}
