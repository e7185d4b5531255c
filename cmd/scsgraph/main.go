// Command scsgraph serves, loads, validates, queries and exports the SCS
// knowledge graph. See "scsgraph help".
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/scsgraph/scsgraph/schema"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := safeRun(ctx, os.Args[1:])
	stop()
	if err != nil {
		msg := "scsgraph: " + schema.UserText(err.Error())
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(os.Stderr, msg+" ("+ue.hint()+")")
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, msg)
		os.Exit(1)
	}
}

// safeRun runs the command, turning a panic (a bug) into an error so that no
// stack trace reaches the user.
func safeRun(ctx context.Context, args []string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error (a bug; please report it): %v", r)
		}
	}()
	return run(ctx, args, os.Stdout, os.Stderr)
}
