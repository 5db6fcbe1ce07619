// Package config turns flags and MASTHEAD_* environment variables into one
// validated Config, passed explicitly to whatever needs it. A flag given on
// the command line wins over its environment variable, which wins over the
// default.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is every setting Masthead reads at start-up.
type Config struct {
	Addr      string // address to listen on, e.g. ":8080"
	DataDir   string // holds the SQLite database and uploaded media
	DB        string // database DSN; empty means the SQLite file in DataDir
	DBRead    string // optional PostgreSQL replica DSN for reader-page queries
	ThemeDir  string // optional folder laid over the embedded theme
	BaseURL   string // optional absolute address of the publication
	Demo      bool   // fill an empty database with the demo publication
	LogFormat string // "text" or "json"
	LogLevel  string // "debug", "info", "warn" or "error"
	S3        S3     // media in object storage when S3.Bucket is set
	CopyFrom  string // db copy: DSN of the database to copy
	CopyTo    string // db copy: DSN of the empty database to copy it into
	// MetricsAddr is where Prometheus metrics are served, apart from the
	// site; empty serves none.
	MetricsAddr string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto headers are believed; with none, both are ignored.
	TrustedProxies []netip.Prefix
	// MaxUpload and MaxPixels bound one uploaded picture: its size in
	// bytes and its width times height.
	MaxUpload int64
	MaxPixels int64
	// MediaWorker is the command that makes picture variants in a child
	// process (media.Library.Worker); set by masthead serve from its own
	// executable, never by a flag. Empty makes them in process.
	MediaWorker []string
	// PageCache is the memory, in bytes, the page cache may hold; zero
	// turns it off.
	PageCache int64
	// ExpressLane answers page-cache hits on plain HTTP/1.1 connections
	// without net/http (internal/web/express.go); on by default.
	ExpressLane bool
	// PurgeURLs receive the change keys of every change, for a CDN.
	PurgeURLs []string
	// CDNKeys sends each cached page's change keys in Surrogate-Key and
	// Cache-Tag; PurgeURLs implies it.
	CDNKeys bool
	// ImageOrigins lists, comma-separated, the other sites pages may show
	// pictures from: where an import linked media it left in place.
	ImageOrigins string
	// WebhooksAllowPrivate lets webhooks be registered for, and delivered
	// to, private and loopback addresses; off, they must be public.
	WebhooksAllowPrivate bool
	// WireAllowPrivate lets the wire poll feeds on private and loopback
	// addresses; off, sources must be on the public internet.
	WireAllowPrivate bool
	// Mail says how mail leaves: through SMTP when Mail.Host is set,
	// otherwise into files under <data>/mail.
	Mail Mail
	// DigestTime is when the daily digest goes out, "HH:MM" in the
	// publication's time zone.
	DigestTime string
	// ResetTTL is how long a reader's password-reset link works.
	ResetTTL time.Duration
	// Nice is the scheduling niceness a batch command (import, digest,
	// backup, copy) runs at, so that a server on the same machine keeps
	// the processor for its readers; 0 leaves the priority as it is.
	Nice int
}

// Mail is the SMTP server mail goes through.
type Mail struct {
	Host     string
	Port     int
	User     string
	Password string
	TLS      string // "none", "starttls" or "tls"
	From     string // the sender address
}

// S3 locates media in S3-compatible object storage. With no access key the
// AWS default credential chain applies (environment, profile, instance
// role); a self-hosted server needs Endpoint and usually PathStyle.
type S3 struct {
	Bucket    string
	Endpoint  string
	Region    string
	AccessKey string
	SecretKey string
	Prefix    string
	PathStyle bool
}

// Default returns the settings used when nothing is given.
func Default() Config {
	return Config{Addr: ":8080", DataDir: "./data", LogFormat: "text", LogLevel: "info",
		MaxUpload: DefaultMaxUpload, MaxPixels: DefaultMaxPixels, PageCache: DefaultPageCache, ExpressLane: true,
		Mail: Mail{TLS: "starttls"}, DigestTime: "07:00", ResetTTL: 30 * time.Minute,
		Nice: DefaultNice}
}

// DefaultNice is a batch command's niceness by default: at 10 the
// kernel gives a busy server about nine tenths of a contended processor
// (weights 1024 against 110), and the command still has all of an idle
// one.
const DefaultNice = 10

// DefaultPageCache is the page cache's memory by default: several hundred
// article pages with their compressed forms, the working set of a news
// site's traffic, and with everything else a node holds under load it
// stays under 200 MB at 100,000 articles (measured: 175 MB).
const DefaultPageCache = 48 << 20

// Upload limits by default, the same as the media library's own: far
// above what a web page needs, low enough that one upload cannot exhaust
// a small server's memory (a 40-megapixel decode takes about 160 MB).
const (
	DefaultMaxUpload = 20 << 20
	DefaultMaxPixels = 40_000_000
)

// BindStorage registers the flags every command that touches a publication
// takes, so operators address a publication the same way everywhere.
func (c *Config) BindStorage(fs *flag.FlagSet) {
	fs.StringVar(&c.DataDir, "data", c.DataDir, "folder for the database and media (env MASTHEAD_DATA)")
	fs.StringVar(&c.DB, "db", c.DB, "database DSN, e.g. sqlite:/var/lib/masthead/site.db (env MASTHEAD_DB; default: masthead.db in --data)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (env MASTHEAD_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn or error (env MASTHEAD_LOG_LEVEL)")
	fs.StringVar(&c.S3.Bucket, "s3-bucket", c.S3.Bucket, "keep media in this S3 bucket instead of --data (env MASTHEAD_S3_BUCKET)")
	fs.StringVar(&c.S3.Endpoint, "s3-endpoint", c.S3.Endpoint, "S3-compatible server address, for servers other than AWS (env MASTHEAD_S3_ENDPOINT)")
	fs.StringVar(&c.S3.Region, "s3-region", c.S3.Region, "S3 region (env MASTHEAD_S3_REGION)")
	fs.StringVar(&c.S3.AccessKey, "s3-access-key", c.S3.AccessKey, "S3 access key; empty uses the AWS default credentials (env MASTHEAD_S3_ACCESS_KEY)")
	fs.StringVar(&c.S3.SecretKey, "s3-secret-key", c.S3.SecretKey, "S3 secret key (env MASTHEAD_S3_SECRET_KEY)")
	fs.StringVar(&c.S3.Prefix, "s3-prefix", c.S3.Prefix, "key prefix inside the bucket (env MASTHEAD_S3_PREFIX)")
	fs.BoolVar(&c.S3.PathStyle, "s3-path-style", c.S3.PathStyle, "address the bucket by path, as most self-hosted servers need (env MASTHEAD_S3_PATH_STYLE)")
}

// BindServe registers the flags of the serve command.
func (c *Config) BindServe(fs *flag.FlagSet) {
	c.BindStorage(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on (env MASTHEAD_ADDR)")
	fs.StringVar(&c.DBRead, "db-read", c.DBRead, "PostgreSQL read replica for reader pages (env MASTHEAD_DB_READ)")
	fs.StringVar(&c.ThemeDir, "theme", c.ThemeDir, "folder whose files override the built-in theme by path (env MASTHEAD_THEME)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public address of the site, e.g. https://news.example (env MASTHEAD_BASE_URL)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "serve Prometheus metrics at /metrics on this private address, e.g. 127.0.0.1:9090; off when empty (env MASTHEAD_METRICS_ADDR)")
	fs.Var((*prefixList)(&c.TrustedProxies), "trusted-proxies", "reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, as comma-separated CIDR ranges, e.g. 10.0.0.0/8,::1/128; none by default (env MASTHEAD_TRUSTED_PROXIES)")
	fs.StringVar(&c.ImageOrigins, "image-origins", c.ImageOrigins, "other origins pages may load pictures from, comma-separated, e.g. https://cdn.example (env MASTHEAD_IMAGE_ORIGINS)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "fill an empty database with the demo publication (env MASTHEAD_DEMO)")
	fs.BoolVar(&c.WebhooksAllowPrivate, "webhooks-allow-private", c.WebhooksAllowPrivate, "let webhooks reach private and loopback addresses (env MASTHEAD_WEBHOOKS_ALLOW_PRIVATE)")
	fs.BoolVar(&c.WireAllowPrivate, "wire-allow-private", c.WireAllowPrivate, "let the wire poll feeds on private and loopback addresses (env MASTHEAD_WIRE_ALLOW_PRIVATE)")
	fs.Var((*byteSize)(&c.MaxUpload), "max-upload", "largest picture accepted, in bytes or with KiB, MiB or GiB (env MASTHEAD_MAX_UPLOAD)")
	fs.StringVar(&c.Mail.Host, "smtp-host", c.Mail.Host, "SMTP server for mail; without it mail is written to files in <data>/mail (env MASTHEAD_SMTP_HOST)")
	fs.IntVar(&c.Mail.Port, "smtp-port", c.Mail.Port, "SMTP port; 0 takes the TLS mode's usual one: 465 for tls, 587 for starttls, 25 for none (env MASTHEAD_SMTP_PORT)")
	fs.StringVar(&c.Mail.User, "smtp-user", c.Mail.User, "SMTP user name; no authentication when empty (env MASTHEAD_SMTP_USER)")
	fs.StringVar(&c.Mail.Password, "smtp-password", c.Mail.Password, "SMTP password (env MASTHEAD_SMTP_PASSWORD)")
	fs.StringVar(&c.Mail.TLS, "smtp-tls", c.Mail.TLS, "SMTP encryption: none, starttls or tls (env MASTHEAD_SMTP_TLS)")
	fs.StringVar(&c.Mail.From, "mail-from", c.Mail.From, "sender address of the site's mail, e.g. news@example.org (env MASTHEAD_MAIL_FROM)")
	fs.StringVar(&c.DigestTime, "digest-time", c.DigestTime, "when the daily digest goes out, HH:MM in the publication's time zone (env MASTHEAD_DIGEST_TIME)")
	fs.DurationVar(&c.ResetTTL, "reset-ttl", c.ResetTTL, "how long a reader's password-reset link works (env MASTHEAD_RESET_TTL)")
	fs.Var((*count)(&c.MaxPixels), "max-pixels", "most pixels (width × height) a picture may have, a number or with M, e.g. 40M (env MASTHEAD_MAX_PIXELS)")
	fs.Var((*byteSize)(&c.PageCache), "page-cache", "memory for rendered pages, in bytes or with KiB, MiB or GiB; 0 turns the page cache off (env MASTHEAD_PAGE_CACHE)")
	fs.BoolVar(&c.ExpressLane, "express-lane", c.ExpressLane, "answer cached pages on plain HTTP/1.1 connections without net/http's per-request work; false sends every request through net/http (env MASTHEAD_EXPRESS_LANE)")
	fs.BoolVar(&c.CDNKeys, "cdn-keys", c.CDNKeys, "name each cached page's change keys in Surrogate-Key and Cache-Tag headers, for a CDN that purges by them; on with --purge-url (env MASTHEAD_CDN_KEYS)")
	fs.Var((*urlList)(&c.PurgeURLs), "purge-url", "POST the keys of every change here as JSON, for a CDN; repeat for several (env MASTHEAD_PURGE_URL, separated by spaces)")
}

// BindBatch registers the flags of the commands that do a lot of work
// beside a running server: an import, a digest, a backup, a copy.
func (c *Config) BindBatch(fs *flag.FlagSet) {
	fs.IntVar(&c.Nice, "nice", c.Nice, "scheduling niceness to run at, 0-19, so that a server on this machine keeps serving quickly; 0 leaves it as it is (env MASTHEAD_NICE)")
}

// BindCopy registers the flags of "db copy": the two databases, each a
// DSN as --db takes. Neither has a default, so that a copy never starts
// from or into a database the operator did not name.
func (c *Config) BindCopy(fs *flag.FlagSet) {
	fs.StringVar(&c.CopyFrom, "from", c.CopyFrom, "database to copy, e.g. sqlite:./data/masthead.db (env MASTHEAD_FROM)")
	fs.StringVar(&c.CopyTo, "to", c.CopyTo, "empty database to copy into, e.g. postgres://masthead@db.internal/news (env MASTHEAD_TO)")
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
	if c.DBRead != "" && !isPostgres(c.DBRead) {
		return fmt.Errorf("--db-read %q: want a postgres:// DSN of a replica", c.DBRead)
	}
	if c.DBRead != "" && !isPostgres(c.DB) {
		return errors.New("--db-read needs --db to be PostgreSQL too")
	}
	for _, dsn := range []struct{ flag, value string }{{"--from", c.CopyFrom}, {"--to", c.CopyTo}} {
		if dsn.value == "" {
			continue
		}
		if _, _, err := ParseDSN(dsn.value); err != nil {
			return fmt.Errorf("%s %q: %w", dsn.flag, redact(dsn.value), err)
		}
	}
	if c.Nice < 0 || c.Nice > 19 {
		return fmt.Errorf("--nice %d: want 0 to 19 (0 leaves the priority as it is)", c.Nice)
	}
	if (c.S3.AccessKey == "") != (c.S3.SecretKey == "") {
		return errors.New("--s3-access-key and --s3-secret-key go together")
	}
	if c.MaxUpload < 1 {
		return fmt.Errorf("--max-upload %d: want at least one byte", c.MaxUpload)
	}
	if c.PageCache < 0 {
		return fmt.Errorf("--page-cache %d: want 0 (off) or more bytes", c.PageCache)
	}
	for _, p := range c.PurgeURLs {
		u, err := url.Parse(p)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--purge-url %q: want an absolute http or https address", redact(p))
		}
	}
	if c.MaxPixels < 1 {
		return fmt.Errorf("--max-pixels %d: want at least one pixel", c.MaxPixels)
	}
	if err := c.validateMail(); err != nil {
		return err
	}
	if _, err := c.ImageOriginList(); err != nil {
		return err
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--base-url %q: want an absolute http or https address", c.BaseURL)
		}
	}
	return nil
}

// ImageOriginList returns --image-origins as origins ("https://cdn.example"),
// refusing anything else: they go into the Content-Security-Policy.
func (c Config) ImageOriginList() ([]string, error) {
	var origins []string
	for _, o := range strings.Split(c.ImageOrigins, ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" ||
			u.RawQuery != "" || u.User != nil || strings.ContainsAny(u.Host, " ;*'") {
			return nil, fmt.Errorf("--image-origins %q: want origins such as https://cdn.example, comma-separated", o)
		}
		origins = append(origins, u.Scheme+"://"+u.Host)
	}
	return origins, nil
}

// Database returns the kind of database --db names ("sqlite" or
// "postgres") and what the driver needs to open it (for SQLite, the file
// path): ParseDSN of DSN.
func (c Config) Database() (kind, target string, err error) {
	kind, target, err = ParseDSN(c.DSN())
	if err != nil {
		return "", "", fmt.Errorf("--db %q: %w", redact(c.DB), err)
	}
	return kind, target, nil
}

// DSN is the database DSN in effect: --db, or the SQLite file
// masthead.db in --data when --db is empty.
func (c Config) DSN() string {
	if c.DB == "" {
		// Join cleans the path, so that a --data of //srv cannot turn
		// into the sqlite:// form, which would read it differently.
		return "sqlite:" + filepath.Join(c.DataDir, "masthead.db")
	}
	return c.DB
}

// ParseDSN returns the kind of database a DSN names ("sqlite" or
// "postgres") and what the driver needs to open it: for SQLite the file
// path (sqlite:PATH, or sqlite://PATH), for PostgreSQL the DSN itself.
// Its errors do not repeat the DSN, which may hold a password; callers
// name the setting and show the DSN with Redact.
func ParseDSN(dsn string) (kind, target string, err error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite://"):
		target = strings.TrimPrefix(dsn, "sqlite://")
	case strings.HasPrefix(dsn, "sqlite:"):
		target = strings.TrimPrefix(dsn, "sqlite:")
	case isPostgres(dsn):
		return "postgres", dsn, nil
	default:
		return "", "", errors.New("want sqlite:PATH or postgres://…")
	}
	if target == "" {
		return "", "", errors.New("the sqlite: DSN needs a file path, e.g. sqlite:./data/masthead.db")
	}
	return "sqlite", target, nil
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// redact hides a password in a DSN, so that error messages and logs can
// name the database without leaking its credentials.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Redacted returns the DSN with any password hidden, for logs.
func (c Config) Redacted() string { return redact(c.DB) }

// Redact returns dsn with any password hidden, for messages and logs.
func Redact(dsn string) string { return redact(dsn) }

// validateMail checks the mail settings. They have defaults, so a
// command that does not take them (db copy) validates as well.
func (c Config) validateMail() error {
	switch c.Mail.TLS {
	case "none", "starttls", "tls":
	default:
		return fmt.Errorf("--smtp-tls %q: want none, starttls or tls", c.Mail.TLS)
	}
	if c.Mail.Port < 0 || c.Mail.Port > 65535 {
		return fmt.Errorf("--smtp-port %d: want 1 to 65535 (0: the TLS mode's usual port)", c.Mail.Port)
	}
	if _, _, err := c.Digest(); err != nil {
		return err
	}
	if c.ResetTTL < time.Minute || c.ResetTTL > 24*time.Hour {
		return fmt.Errorf("--reset-ttl %s: want between 1m and 24h", c.ResetTTL)
	}
	return nil
}

// Digest returns the hour and minute of --digest-time.
func (c Config) Digest() (hour, minute int, err error) {
	h, m, ok := strings.Cut(c.DigestTime, ":")
	hour, errH := strconv.Atoi(h)
	minute, errM := strconv.Atoi(m)
	if !ok || errH != nil || errM != nil || len(m) != 2 || hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return 0, 0, fmt.Errorf("--digest-time %q: want HH:MM, e.g. 07:00", c.DigestTime)
	}
	return hour, minute, nil
}

// MailFrom is the sender address: --mail-from, or an address at the
// public host.
func (c Config) MailFrom() string {
	if c.Mail.From != "" {
		return c.Mail.From
	}
	host := "localhost"
	if u, err := url.Parse(c.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return "noreply@" + host
}
