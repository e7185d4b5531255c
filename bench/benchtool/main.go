// Command benchtool is the helper of bench/run.sh: it writes the query mix as
// request bodies and wrk scripts, checks answers before they are timed,
// compares depth-2 node sets across servers, turns wrk's output into
// records, and renders the records and the Go benchmarks as the results
// table. Records are JSON lines, one per measurement.
//
//	benchtool mix --corpus seed|synth [--works N --data DIR] --out DIR
//	benchtool check FILE                 # a GraphQL answer without errors
//	benchtool nodeset NAME=FORMAT:FILE ... # FORMAT: subgraph, gizmo, cgql
//	benchtool wrk KEY=VALUE... < wrk-output   # a "wrk" record
//	benchtool record TYPE KEY=VALUE...        # any record
//	benchtool freeport
//	benchtool report --results FILE [--gobench FILE]
package main

import (
	"errors"
	"fmt"
	"os"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchtool:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New("no command; want mix, check, nodeset, wrk, record, freeport or report")
	}
	cmds := map[string]func([]string) error{
		"mix":      cmdMix,
		"check":    cmdCheck,
		"nodeset":  cmdNodeset,
		"wrk":      cmdWrk,
		"record":   cmdRecord,
		"freeport": cmdFreeport,
		"report":   cmdReport,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		return fmt.Errorf("unknown command %q", args[0])
	}
	return cmd(args[1:])
}
