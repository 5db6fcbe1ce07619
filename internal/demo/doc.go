// Package demo owns the demo publication, the Caspian Digest: its text,
// its procedurally drawn pictures, and Seed, which writes it into an empty
// store so that a fresh installation has a realistic site to show, test
// and benchmark against.
package demo
