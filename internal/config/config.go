// Package config turns flags and MASTHEAD_* environment variables into one
// validated Config, passed explicitly to whatever needs it. A flag given on
// the command line wins over its environment variable, which wins over the
// default.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
)

// Config is every setting Masthead reads at start-up.
type Config struct {
	Addr      string // address to listen on, e.g. ":8080"
	DataDir   string // holds the SQLite database and uploaded media
	DB        string // database DSN; empty means the SQLite file in DataDir
	ThemeDir  string // optional folder laid over the embedded theme
	BaseURL   string // optional absolute address of the publication
	Demo      bool   // fill an empty database with the demo publication
	LogFormat string // "text" or "json"
	LogLevel  string // "debug", "info", "warn" or "error"
}

// Default returns the settings used when nothing is given.
func Default() Config {
	return Config{Addr: ":8080", DataDir: "./data", LogFormat: "text", LogLevel: "info"}
}

// BindStorage registers the flags every command that touches a publication
// takes, so operators address a publication the same way everywhere.
func (c *Config) BindStorage(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data", c.DataDir, "folder for the database and media (env MASTHEAD_DATA)")
	fs.StringVar(&c.DB, "db", c.DB, "database DSN, e.g. sqlite:/var/lib/masthead/site.db (env MASTHEAD_DB; default: masthead.db in --data)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (env MASTHEAD_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn or error (env MASTHEAD_LOG_LEVEL)")
}

// BindServe registers the flags of the serve command.
func (c *Config) BindServe(fs *flag.FlagSet) {
	c.BindStorage(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on (env MASTHEAD_ADDR)")
	fs.StringVar(&c.ThemeDir, "theme", c.ThemeDir, "folder whose files override the built-in theme by path (env MASTHEAD_THEME)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public address of the site, e.g. https://news.example (env MASTHEAD_BASE_URL)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "fill an empty database with the demo publication (env MASTHEAD_DEMO)")
}

// Parse parses args into fs, then fills every flag not given on the command
// line from its MASTHEAD_<NAME> environment variable, and validates.
func (c *Config) Parse(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] {
			return
		}
		name := EnvName(f.Name)
		if v := getenv(name); v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", name, v, err))
			}
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return c.Validate()
}

// EnvName is the environment variable that can set a flag.
func EnvName(flagName string) string {
	return "MASTHEAD_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Validate reports settings that cannot work, naming the setting.
func (c Config) Validate() error {
	if c.DataDir == "" {
		return errors.New("--data must not be empty")
	}
	if _, _, err := c.Database(); err != nil {
		return err
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("--log-format %q: want text or json", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--base-url %q: want an absolute http or https address", c.BaseURL)
		}
	}
	return nil
}

// Database returns the kind of database the DSN names ("sqlite") and what
// the driver needs to open it (for SQLite, the file path).
func (c Config) Database() (kind, target string, err error) {
	dsn := c.DB
	switch {
	case dsn == "":
		return "sqlite", filepath.Join(c.DataDir, "masthead.db"), nil
	case strings.HasPrefix(dsn, "sqlite://"):
		target = strings.TrimPrefix(dsn, "sqlite://")
	case strings.HasPrefix(dsn, "sqlite:"):
		target = strings.TrimPrefix(dsn, "sqlite:")
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return "", "", errors.New("--db: PostgreSQL is not supported by this version of Masthead yet; use a sqlite: DSN")
	default:
		return "", "", fmt.Errorf("--db %q: want sqlite:PATH", dsn)
	}
	if target == "" {
		return "", "", errors.New("--db: the sqlite: DSN needs a file path, e.g. sqlite:./data/masthead.db")
	}
	return "sqlite", target, nil
}
