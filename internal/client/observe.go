package client

import "time"

// SearchObserver is told how long each search took, for metrics; strategy
// is the one the query took: han, digits or letters.
type SearchObserver interface {
	Searched(strategy string, took time.Duration)
}

// ObserveSearches makes s report every search to o and returns s. Call it
// once, before the store is shared.
func (s *Store) ObserveSearches(o SearchObserver) *Store {
	s.searches = o
	return s
}

// searched reports a search that began at start.
func (s *Store) searched(strategy string, start time.Time) {
	if s.searches != nil {
		s.searches.Searched(strategy, time.Since(start))
	}
}
