package config

import (
	"flag"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

func parse(t *testing.T, args []string, env map[string]string) (Config, error) {
	t.Helper()
	c := Default()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.BindServe(fs)
	err := c.Parse(fs, args, func(k string) string { return env[k] })
	return c, err
}

func TestFlagsWinOverEnvironmentWhichWinsOverDefaults(t *testing.T) {
	c, err := parse(t, []string{"--addr", ":9000"}, map[string]string{
		"MASTHEAD_ADDR": ":7000", "MASTHEAD_DATA": "/srv/news", "MASTHEAD_DEMO": "true", "MASTHEAD_THEME": "/srv/theme",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9000" || c.DataDir != "/srv/news" || !c.Demo || c.ThemeDir != "/srv/theme" || c.LogFormat != "text" {
		t.Errorf("got %+v", c)
	}
}

func TestDatabaseDSN(t *testing.T) {
	tests := []struct {
		db, target, errPart string
	}{
		{"", filepath.Join("./data", "masthead.db"), ""},
		{"sqlite:/srv/site.db", "/srv/site.db", ""},
		{"sqlite:///srv/site.db", "/srv/site.db", ""},
		{"sqlite:", "", "needs a file path"},
		{"postgres://db/news", "postgres://db/news", ""},
		{"mysql://u:secret@db", "", "want sqlite:PATH or postgres://"},
	}
	for _, tt := range tests {
		c := Default()
		c.DB = tt.db
		if strings.Contains(tt.errPart, "postgres") {
			_, _, err := c.Database()
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Errorf("%q: error leaks the password: %v", tt.db, err)
			}
		}
		_, target, err := c.Database()
		if tt.errPart != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Errorf("%q: error %v, want one mentioning %q", tt.db, err, tt.errPart)
			}
			continue
		}
		if err != nil || target != tt.target {
			t.Errorf("%q: %q, %v; want %q", tt.db, target, err, tt.target)
		}
	}
}

func TestBadSettingsNameTheSetting(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--log-level", "loud"}, nil, "--log-level"},
		{nil, map[string]string{"MASTHEAD_DEMO": "maybe"}, "MASTHEAD_DEMO"},
		{[]string{"--base-url", "news.example"}, nil, "--base-url"},
		{[]string{"--data", ""}, nil, "--data"},
		{[]string{"--db-read", "postgres://replica/news"}, nil, "--db-read needs --db"},
		{[]string{"--db", "postgres://p/news", "--db-read", "sqlite:x.db"}, nil, "--db-read"},
		{[]string{"--s3-bucket", "media", "--s3-access-key", "AK"}, nil, "--s3-secret-key"},
	}
	for _, tt := range tests {
		if _, err := parse(t, tt.args, tt.env); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v %v: error %v, want one naming %s", tt.args, tt.env, err, tt.want)
		}
	}
}

func TestCopyFlags(t *testing.T) {
	parseCopy := func(args []string, env map[string]string) (Config, error) {
		c := Default()
		fs := flag.NewFlagSet("copy", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.BindCopy(fs)
		return c, c.Parse(fs, args, func(k string) string { return env[k] })
	}
	c, err := parseCopy([]string{"--from", "sqlite:/srv/site.db"}, map[string]string{"MASTHEAD_TO": "postgres://db/news"})
	if err != nil || c.CopyFrom != "sqlite:/srv/site.db" || c.CopyTo != "postgres://db/news" {
		t.Errorf("got %q → %q, %v", c.CopyFrom, c.CopyTo, err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "mysql://u:secret@db/news"}, "--from"},
		{[]string{"--to", "sqlite:"}, "--to"},
	} {
		_, err := parseCopy(tt.args, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "secret") {
			t.Errorf("%v: error %v, want one naming %s without the password", tt.args, err, tt.want)
		}
	}
}

func TestDSNInEffect(t *testing.T) {
	c := Default()
	c.DataDir = "//srv/news"
	kind, target, err := c.Database()
	if c.DSN() != "sqlite:/srv/news/masthead.db" || kind != "sqlite" || target != "/srv/news/masthead.db" || err != nil {
		t.Errorf("DSN() = %q, Database() = %q, %q, %v", c.DSN(), kind, target, err)
	}
	c.DB = "postgres://db/news"
	if c.DSN() != "postgres://db/news" {
		t.Errorf("DSN() = %q, want --db", c.DSN())
	}
}

func TestUploadLimits(t *testing.T) {
	tests := []struct {
		args           []string
		env            map[string]string
		upload, pixels int64
	}{
		{nil, nil, 20 << 20, 40_000_000},
		{[]string{"--max-upload", "5MiB", "--max-pixels", "12M"}, nil, 5 << 20, 12_000_000},
		{[]string{"--max-upload", "1048576"}, map[string]string{"MASTHEAD_MAX_PIXELS": "50MP"}, 1 << 20, 50_000_000},
		{nil, map[string]string{"MASTHEAD_MAX_UPLOAD": "512 KiB", "MASTHEAD_MAX_PIXELS": "2000000"}, 512 << 10, 2_000_000},
		{[]string{"--max-upload", "1gb"}, nil, 1 << 30, 40_000_000},
	}
	for _, tt := range tests {
		c, err := parse(t, tt.args, tt.env)
		if err != nil {
			t.Errorf("%v %v: %v", tt.args, tt.env, err)
			continue
		}
		if c.MaxUpload != tt.upload || c.MaxPixels != tt.pixels {
			t.Errorf("%v %v: upload %d, pixels %d; want %d, %d", tt.args, tt.env, c.MaxUpload, c.MaxPixels, tt.upload, tt.pixels)
		}
	}
}

func TestBadUploadLimitsNameTheSetting(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--max-upload", "lots"}, nil, "max-upload"},
		{[]string{"--max-upload", "20TB"}, nil, "max-upload"},
		{[]string{"--max-upload", "0"}, nil, "--max-upload"},
		{[]string{"--max-pixels", "-5"}, nil, "max-pixels"},
		{[]string{"--max-pixels", "99999999999999999999"}, nil, "max-pixels"},
		{nil, map[string]string{"MASTHEAD_MAX_PIXELS": "12 megapixels"}, "MASTHEAD_MAX_PIXELS"},
		{nil, map[string]string{"MASTHEAD_MAX_UPLOAD": "0MiB"}, "--max-upload"},
	}
	for _, tt := range tests {
		_, err := parse(t, tt.args, tt.env)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v %v: error %v, want one naming %s", tt.args, tt.env, err, tt.want)
		}
	}
}

func TestTrustedProxiesAreAddressRanges(t *testing.T) {
	c, err := parse(t, nil, map[string]string{"MASTHEAD_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.7,2001:db8::/32,::1"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "::1/128"}
	if got := (*prefixList)(&c.TrustedProxies).String(); got != strings.Join(want, ",") {
		t.Errorf("trusted proxies %s, want %s", got, strings.Join(want, ","))
	}
	c, err = parse(t, []string{"--trusted-proxies", "172.16.0.1/12"}, map[string]string{"MASTHEAD_TRUSTED_PROXIES": "10.0.0.0/8"})
	if err != nil {
		t.Fatal(err)
	}
	if got := (*prefixList)(&c.TrustedProxies).String(); got != "172.16.0.0/12" {
		t.Errorf("the flag did not replace the environment's list: %s", got)
	}
	if c, err := parse(t, nil, nil); err != nil || len(c.TrustedProxies) != 0 {
		t.Errorf("by default no proxy is trusted: %v, %v", c.TrustedProxies, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.internal", "10.0.0.1:80", "fe80::1%eth0", "::ffff:10.0.0.0/104"} {
		if _, err := parse(t, []string{"--trusted-proxies", bad}, nil); err == nil || !strings.Contains(err.Error(), "trusted-proxies") {
			t.Errorf("--trusted-proxies %q: %v, want an error naming the flag", bad, err)
		}
	}
}

func TestImageOriginsAreOriginsOnly(t *testing.T) {
	c := Default()
	c.ImageOrigins = " https://cdn.example , http://old.example:8080/ "
	got, err := c.ImageOriginList()
	if err != nil || len(got) != 2 || got[0] != "https://cdn.example" || got[1] != "http://old.example:8080" {
		t.Errorf("got %v, %v", got, err)
	}
	for _, bad := range []string{"cdn.example", "https://cdn.example/path", "javascript:alert(1)", "https://a.example; script-src *", "https://*.example", "https://u:p@cdn.example"} {
		c.ImageOrigins = bad
		if _, err := c.ImageOriginList(); err == nil {
			t.Errorf("%q accepted", bad)
		}
		if c.Validate() == nil {
			t.Errorf("%q passes Validate", bad)
		}
	}
}

func TestBatchCommandsRunNicedUnlessToldOtherwise(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		nice int
		err  string
	}{
		{nil, nil, DefaultNice, ""},
		{nil, map[string]string{"MASTHEAD_NICE": "3"}, 3, ""},
		{[]string{"--nice", "0"}, map[string]string{"MASTHEAD_NICE": "3"}, 0, ""},
		{[]string{"--nice", "19"}, nil, 19, ""},
		{[]string{"--nice", "20"}, nil, 0, "--nice 20"},
		{[]string{"--nice", "-5"}, nil, 0, "--nice -5"},
		{nil, map[string]string{"MASTHEAD_NICE": "low"}, 0, "MASTHEAD_NICE"},
	}
	for _, tt := range tests {
		c := Default()
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.BindStorage(fs)
		c.BindBatch(fs)
		err := c.Parse(fs, tt.args, func(k string) string { return tt.env[k] })
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%v %v: error %v, want one naming %s", tt.args, tt.env, err, tt.err)
			}
			continue
		}
		if err != nil || c.Nice != tt.nice {
			t.Errorf("%v %v: nice %d, %v; want %d", tt.args, tt.env, c.Nice, err, tt.nice)
		}
	}
}
