//go:build !linux

package app

// LowerPriority leaves the priority as it is on systems other than Linux,
// which Masthead's batch commands are not tuned for; run them under nice
// there.
func LowerPriority(nice int) error { return nil }
