package dbcopy

import "testing"

// SetBatchSize makes the copy read n records at a time until t ends.
func SetBatchSize(t testing.TB, n int) {
	old := batchSize
	batchSize = n
	t.Cleanup(func() { batchSize = old })
}
