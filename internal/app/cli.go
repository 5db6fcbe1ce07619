package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/media"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store/sqlite"
	"github.com/mastheadhq/masthead/internal/web"
)

var errNotFound = news.ErrNotFound

// Version is set at build time with -ldflags "-X .../internal/app.Version=v1.2.3";
// otherwise it comes from the module's build information.
var Version = ""

// Env is what a command reads from its surroundings, so tests can run
// commands without touching the process's own.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Executable is the masthead binary itself, which serve runs again
	// as "masthead media-worker" to make picture variants out of its own
	// process (see internal/media/worker.go). Empty (as in tests, whose
	// binary is not masthead) makes them in process.
	Executable string
	// LowerPriority gives the process a scheduling niceness, for the
	// batch commands' --nice. Nil (as in tests, where every command
	// shares the test's process) leaves the priority as it is.
	LowerPriority func(nice int) error
}

const usage = `Masthead runs a news publication: the reader site and everything around it.

Usage:
  masthead serve [--addr :8080] [--data ./data] [--db DSN] [--theme DIR] [--base-url URL] [--demo]
                 [--metrics-addr 127.0.0.1:9090] [--trusted-proxies CIDR,...]
                 [--smtp-host H --smtp-port P --smtp-user U --smtp-password W --smtp-tls starttls --mail-from A] [--digest-time 07:00]
  masthead user create --email E --name N --role R [--data DIR] [--db DSN]
  masthead apikey create --kind content|admin --name NAME [--owner EMAIL] | apikey list | apikey revoke --id N
  masthead user password --email E [--data DIR] [--db DSN]
  masthead import wordpress FILE.xml [--uploads DIR | --media-base URL] [--permalinks STRUCTURE] [--dry-run] [--data DIR] [--db DSN] [--nice 10]
  masthead digest send [--date YYYY-MM-DD] [--nice 10] [serve's --data, --db, --smtp-*, --mail-from, --digest-time flags]
  masthead db copy --from DSN --to DSN [--nice 10]
  masthead backup --to FILE [--data DIR] [--db DSN] [--nice 10]
  masthead restore --from FILE [--data DIR] [--db DSN] [--force]
  masthead version

Every flag can also be set with an environment variable MASTHEAD_<FLAG>,
for example MASTHEAD_DATA=/var/lib/masthead. Run "masthead COMMAND -h" for
a command's flags.
`

// mediaWorkerCommand is the child serve starts to make one picture's
// variants: the picture on standard input, the files on standard output.
// It is not for people, so usage does not list it.
func mediaWorkerCommand(args []string, env Env) error {
	fs := flag.NewFlagSet("masthead media-worker", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	maxBytes := fs.Int64("max-bytes", config.DefaultMaxUpload, "largest picture accepted, in bytes")
	maxPixels := fs.Int64("max-pixels", config.DefaultMaxPixels, "most pixels a picture may have")
	nice := fs.Int("nice", config.DefaultNice, "scheduling niceness: the server that started the worker keeps serving quickly")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if env.LowerPriority != nil {
		if err := env.LowerPriority(*nice); err != nil {
			fmt.Fprintln(env.Stderr, "masthead media-worker:", err)
		}
	}
	return media.ServeWorker(env.Stdin, env.Stdout, *maxBytes, *maxPixels)
}

// CLI runs the command named by args[0] and returns the process exit code.
func CLI(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serveCommand(ctx, args[1:], env)
	case "db":
		err = dbCommand(ctx, args[1:], env)
	case "backup":
		err = backupCommand(ctx, args[1:], env)
	case "restore":
		err = restoreCommand(ctx, args[1:], env)
	case "user":
		err = userCommand(ctx, args[1:], env)
	case "apikey":
		err = apikeyCommand(ctx, args[1:], env)
	case "import":
		err = importCommand(ctx, args[1:], env)
	case "digest":
		err = digestCommand(ctx, args[1:], env)
	case "media-worker":
		err = mediaWorkerCommand(args[1:], env)
	case "version", "--version", "-version":
		fmt.Fprintln(env.Stdout, "masthead", versionString())
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
	default:
		fmt.Fprintf(env.Stderr, "masthead: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "masthead:", err)
		return 1
	}
	return 0
}

func versionString() string {
	if Version != "" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return strings.TrimSpace(v)
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(cfg.LogLevel)) //nolint:errcheck // validated by config
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(web.WithRequestIDs(h))
}

func serveCommand(ctx context.Context, args []string, env Env) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("masthead serve", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg.BindServe(fs)
	if err := cfg.Parse(fs, args, env.Getenv); err != nil {
		return err
	}
	log := newLogger(cfg, env.Stderr)
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	limitMemory(cfg, env.Getenv)
	if err := poolPageCaches(cfg, sqlite.ServerPagePool()); err != nil {
		log.Warn(unpooled, "err", err)
	}
	if env.Executable != "" {
		cfg.MediaWorker = []string{env.Executable, "media-worker"}
	}

	m, err := Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer m.Close()
	if cfg.Demo {
		if err := m.SeedDemo(ctx, time.Now()); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	log.Info("masthead is serving", "addr", "http://"+displayAddr(ln.Addr()), "data", cfg.DataDir, "version", versionString())
	if err := m.Serve(ctx, ln); err != nil {
		return err
	}
	log.Info("masthead stopped")
	return nil
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}

// limitMemory gives the Go runtime a soft memory limit, unless GOMEMLIMIT
// sets one: the page cache (which is most of what a busy node keeps) plus
// 64 MiB of room for rendering. Without it the heap is let grow to twice
// what is live before collecting, which under a stream of new pages took
// a node with a 64 MiB cache past 240 MB; with it the collector works
// harder instead. SQLite's memory (page caches, full-text queries) is
// outside it: at twice the page cache plus 48 MiB, a cold walk of every
// article and then of 30,000 searches took the server to 263 MiB.
func limitMemory(cfg config.Config, getenv func(string) string) {
	if getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(cfg.PageCache + 64<<20)
}

// poolPageCaches gives the SQLite connections of a server or of an import
// one pool of page caches of size bytes (sqlite.PoolPageCaches): the same
// pages in half the memory. A process that opened a database before (a
// test serving in-process) cannot; the caller says so and goes on.
func poolPageCaches(cfg config.Config, size int) error {
	if kind, _, err := config.ParseDSN(cfg.DSN()); err != nil || kind != "sqlite" {
		return nil
	}
	return sqlite.PoolPageCaches(size)
}

// unpooled is what a process that could not pool its page caches says.
const unpooled = "SQLite's page caches are allocated one page at a time"

// yieldToServers lowers a batch command's priority to --nice. A command
// that cannot is still worth running, at the priority it has, so it says
// so and goes on.
func yieldToServers(cfg config.Config, env Env) {
	if env.LowerPriority == nil {
		return
	}
	if err := env.LowerPriority(cfg.Nice); err != nil {
		fmt.Fprintf(env.Stderr, "masthead: %v; running at the priority it has\n", err)
	}
}
