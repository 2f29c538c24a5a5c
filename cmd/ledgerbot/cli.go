package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
)

const usage = `usage: ledgerbot [command]

commands:
  serve                       run the bot (default)
  migrate                     apply database migrations and exit
  invite --role R [--team T]  print a one-time invite code (R: admin, manager or sales)
  jobs list                   the scheduled jobs, their schedules, last and next runs
  jobs run NAME [--at DATE]   run one job now, as of DATE (YYYY-MM-DD)
  healthcheck [--live]        ask a running instance's /readyz (or /healthz) on ADMIN_ADDR; exit 0 when healthy
  sandbox [--date DATE]       run the bot against an emulated Telegram with a demo ledger; web chat at SANDBOX_ADDR
  version                     print the version and the commit it was built from
  help                        print this help

Configuration comes from the environment; see README.md.
`

// Exit statuses, as command-line tools use them.
const (
	exitOK     = 0
	exitFailed = 1 // the command ran and failed
	exitUsage  = 2 // the command line was wrong; nothing ran
)

// usageError is a command line ledgerbot cannot run: the message goes to
// stderr with the usage that applies, and the status is exitUsage.
type usageError struct {
	msg, usage string
}

func (e *usageError) Error() string { return e.msg + "\n\n" + e.usage }

// isHelp reports whether arg asks for help, in any of the usual spellings.
func isHelp(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}

// cli runs the command line args and returns the process's exit status.
// Help goes to stdout and exits 0; a wrong command line prints the usage to
// stderr and exits 2; a failed command prints its error and exits 1.
func cli(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	err := run(ctx, args, getenv, stdout)
	var bad *usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &bad):
		fmt.Fprintf(stderr, "ledgerbot: %s\n\n%s", bad.msg, bad.usage)
		return exitUsage
	}
	if serving(args) {
		// serve runs under a supervisor that reads structured logs: its
		// failure is one ERROR line in the same form as the rest.
		newLogger(stderr, "info").Error("ledgerbot stopped", slog.String("error", err.Error()))
		return exitFailed
	}
	fmt.Fprintln(stderr, "ledgerbot:", err)
	return exitFailed
}

// serving reports whether args run the bot rather than an operator command.
func serving(args []string) bool { return len(args) == 0 || args[0] == "serve" }

// noArgs refuses arguments to a command that takes none.
func noArgs(cmd string, args []string) error {
	if len(args) > 0 {
		return &usageError{msg: fmt.Sprintf("%s takes no arguments, got %q", cmd, args), usage: usage}
	}
	return nil
}

const inviteUsage = `usage: ledgerbot invite --role admin|manager|sales [--team NAME]

  --role   the invited person's role
  --team   their team, created if missing; required for manager and sales
`

// parseFlags parses a subcommand's flags: -h prints the subcommand's usage
// to stdout (flag.ErrHelp ends the command with status 0), and a wrong flag
// or a stray argument is a usage error.
func parseFlags(fs *flag.FlagSet, args []string, use string, stdout io.Writer) error {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, use)
		return err
	case err != nil:
		return &usageError{msg: err.Error(), usage: use}
	case fs.NArg() > 0:
		return &usageError{msg: fmt.Sprintf("unexpected arguments %q", fs.Args()), usage: use}
	}
	return nil
}
