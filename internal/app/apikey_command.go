package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
	"github.com/mastheadhq/masthead/internal/store"
)

const apikeyUsage = `usage:
  masthead apikey create --kind content|admin --name NAME [--owner EMAIL] [--data DIR] [--db DSN]
  masthead apikey list [--data DIR] [--db DSN]
  masthead apikey revoke --id N [--data DIR] [--db DSN]`

// apikeyCommand runs "masthead apikey SUBCOMMAND": the command-line side
// of the newsroom's API keys page, for setting up integrations by script.
func apikeyCommand(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 {
		return errors.New(apikeyUsage)
	}
	switch args[0] {
	case "create":
		return apikeyCreate(ctx, args[1:], env)
	case "list":
		return apikeyList(ctx, args[1:], env)
	case "revoke":
		return apikeyRevoke(ctx, args[1:], env)
	}
	return errors.New(apikeyUsage)
}

// apikeyCreate makes a key and prints its secret once; only its hash is
// stored. An admin key acts with the role of its owner, so it needs one.
func apikeyCreate(ctx context.Context, args []string, env Env) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("masthead apikey create", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg.BindStorage(fs)
	kind := fs.String("kind", "", "content (the Ghost-compatible Content API) or admin (/api/v1/)")
	name := fs.String("name", "", "what the integration is, e.g. \"Mobile app\"")
	owner := fs.String("owner", "", "email of the staff account whose role an admin key acts with")
	if err := cfg.Parse(fs, args, env.Getenv); err != nil {
		return err
	}
	k := news.APIKey{Kind: news.APIKeyKind(*kind), Name: strings.TrimSpace(*name)}
	if !k.Kind.Valid() {
		return fmt.Errorf("--kind %q: want content or admin", *kind)
	}
	if k.Name == "" {
		return errors.New("--name is required")
	}
	if k.Kind == news.APIKeyAdmin && *owner == "" {
		return errors.New("--owner is required for an admin key: it acts with the role of that staff account")
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	ownerName := ""
	if *owner != "" {
		u, err := st.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(*owner)))
		if err != nil {
			return fmt.Errorf("--owner %s: no such staff account", *owner)
		}
		k.UserID, ownerName = u.ID, u.Name
	}
	secret, hash, hint := auth.NewAPISecret(k.Kind)
	k.Hash, k.Hint = hash, hint
	err = st.Atomic(ctx, func(tx store.Store) error {
		if err := tx.CreateAPIKey(ctx, &k); err != nil {
			return err
		}
		return tx.RecordAudit(ctx, &news.AuditEntry{UserName: "command line", Action: "apikey.create",
			SubjectKind: "apikey", SubjectID: k.ID, SubjectTitle: k.Name, Detail: string(k.Kind) + " key"})
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Created %s API key %q (id %d)", k.Kind, k.Name, k.ID)
	if ownerName != "" {
		fmt.Fprintf(env.Stdout, " acting as %s", ownerName)
	}
	fmt.Fprintf(env.Stdout, ".\nKey: %s\nIt is shown only this once.\n", secret)
	return nil
}

func apikeyList(ctx context.Context, args []string, env Env) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("masthead apikey list", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg.BindStorage(fs)
	if err := cfg.Parse(fs, args, env.Getenv); err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	keys, err := st.APIKeys(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tKIND\tNAME\tSTARTS\tCREATED\tSTATE")
	for _, k := range keys {
		state := "active"
		if k.Revoked() {
			state = "revoked " + k.RevokedAt.Format(time.DateTime)
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s…\t%s\t%s\n", k.ID, k.Kind, k.Name, k.Hint, k.CreatedAt.Format(time.DateTime), state)
	}
	return w.Flush()
}

func apikeyRevoke(ctx context.Context, args []string, env Env) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("masthead apikey revoke", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg.BindStorage(fs)
	id := fs.Int64("id", 0, "the key's id, as apikey list shows it")
	if err := cfg.Parse(fs, args, env.Getenv); err != nil {
		return err
	}
	if *id <= 0 {
		return errors.New("--id is required")
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	err = st.Atomic(ctx, func(tx store.Store) error {
		if err := tx.RevokeAPIKey(ctx, *id, time.Now()); err != nil {
			return err
		}
		return tx.RecordAudit(ctx, &news.AuditEntry{UserName: "command line", Action: "apikey.revoke",
			SubjectKind: "apikey", SubjectID: *id})
	})
	if errors.Is(err, news.ErrNotFound) {
		return fmt.Errorf("no working API key with id %d", *id)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Revoked API key %d.\n", *id)
	return nil
}
