package app

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mastheadhq/masthead/internal/auth"
	"github.com/mastheadhq/masthead/internal/config"
	"github.com/mastheadhq/masthead/internal/news"
)

// userCommand runs "masthead user SUBCOMMAND".
func userCommand(ctx context.Context, args []string, env Env) error {
	if len(args) > 0 && args[0] == "create" {
		return userCreate(ctx, args[1:], env)
	}
	if len(args) > 0 && args[0] == "password" {
		return userPassword(ctx, args[1:], env)
	}
	return errors.New(`usage: masthead user create --email E --name N --role R [--data DIR] [--db DSN]
       masthead user password --email E [--data DIR] [--db DSN]`)
}

// userPassword sets a staff account's password, as an administrator's
// reset does: for accounts an import made without one, or a locked-out
// administrator. The password is read from standard input when piped in,
// otherwise generated and printed once; the account's sessions end.
func userPassword(ctx context.Context, args []string, env Env) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("masthead user password", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg.BindStorage(fs)
	email := fs.String("email", "", "the account's email address")
	if err := cfg.Parse(fs, args, env.Getenv); err != nil {
		return err
	}
	addr, ok := news.NormalizeEmail(*email)
	if !ok {
		return fmt.Errorf("--email %q is not a valid address", *email)
	}
	password, generated, err := readOrGeneratePassword(env.Stdin)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(password, auth.DefaultPasswordParams)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.UserByEmail(ctx, addr)
	if errors.Is(err, news.ErrNotFound) {
		return fmt.Errorf("no staff account has the address %s", addr)
	}
	if err != nil {
		return err
	}
	u.PasswordHash, u.MustResetPassword, u.UpdatedAt = hash, false, time.Time{}
	if err := st.UpdateUser(ctx, &u); err != nil {
		return err
	}
	if _, err := st.DeleteUserSessions(ctx, u.ID); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Set the password of %s <%s>; their other sessions have ended.\n", u.Name, u.Email)
	if generated {
		fmt.Fprintf(env.Stdout, "Password: %s\nIt is shown only this once.\n", password)
	}
	return nil
}

// userCreate adds a staff account. The password is read from standard
// input when it is piped in; otherwise a strong one is generated and
// printed once, and never stored in the clear.
func userCreate(ctx context.Context, args []string, env Env) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("masthead user create", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg.BindStorage(fs)
	email := fs.String("email", "", "the person's email address, used to sign in")
	name := fs.String("name", "", "the person's name")
	role := fs.String("role", "", "administrator, editor, author or contributor")
	if err := cfg.Parse(fs, args, env.Getenv); err != nil {
		return err
	}
	addr, ok := news.NormalizeEmail(*email)
	if !ok {
		return fmt.Errorf("--email %q is not a valid address", *email)
	}
	if strings.TrimSpace(*name) == "" {
		return errors.New("--name is required")
	}
	r := news.Role(*role)
	if !r.Valid() {
		return fmt.Errorf("--role %q: want administrator, editor, author or contributor", *role)
	}
	password, generated, err := readOrGeneratePassword(env.Stdin)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(password, auth.DefaultPasswordParams)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	u := news.User{Email: addr, Name: strings.TrimSpace(*name), Role: r, PasswordHash: hash}
	if err := st.CreateUser(ctx, &u); err != nil {
		if errors.Is(err, news.ErrConflict) {
			return fmt.Errorf("a staff account with the address %s already exists", addr)
		}
		return err
	}
	fmt.Fprintf(env.Stdout, "Created %s %s <%s> (id %d).\n", r, u.Name, u.Email, u.ID)
	if generated {
		fmt.Fprintf(env.Stdout, "Password: %s\nIt is shown only this once.\n", password)
	}
	return nil
}

// readOrGeneratePassword takes the first line of piped input as the
// password, or makes one when input is a terminal or empty.
func readOrGeneratePassword(in io.Reader) (password string, generated bool, err error) {
	if f, ok := in.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			in = nil
		}
	}
	if in != nil {
		line, err := bufio.NewReader(in).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", false, err
		}
		if line = strings.TrimRight(line, "\r\n"); line != "" {
			return line, false, auth.CheckPasswordRules(line)
		}
	}
	return auth.GeneratePassword(), true, nil
}
