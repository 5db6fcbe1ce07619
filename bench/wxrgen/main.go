// Command wxrgen writes a synthetic WordPress export of any size to
// standard output, for trying "masthead import wordpress" at scale:
//
//	go run ./bench/wxrgen -posts 100000 > big.xml
//	masthead import wordpress big.xml --data ./big --dry-run
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/mastheadhq/masthead/internal/wpimport/wxrgen"
)

func main() {
	posts := flag.Int("posts", 10000, "number of posts; every fourth has a featured picture")
	seed := flag.Uint64("seed", 1, "seed of the generated words and dates")
	flag.Parse()
	if err := wxrgen.Write(os.Stdout, wxrgen.Options{Posts: *posts, Seed: *seed}); err != nil {
		fmt.Fprintln(os.Stderr, "wxrgen:", err)
		os.Exit(1)
	}
}
