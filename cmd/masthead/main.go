// Command masthead runs a news publication from one binary. See
// "masthead help".
package main

import (
	"context"
	"os"
	_ "time/tzdata" // publications name their time zone; hosts may lack the database

	"github.com/mastheadhq/masthead/internal/app"
)

func main() {
	// Without its own path, serve makes picture variants in process.
	exe, _ := os.Executable()
	os.Exit(app.CLI(context.Background(), os.Args[1:], app.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.Getenv, Executable: exe, LowerPriority: app.LowerPriority}))
}
