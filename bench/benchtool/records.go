package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// record is one measurement: a type and fields.
type record map[string]any

func (r record) str(k string) string {
	switch v := r[k].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

func (r record) num(k string) (float64, bool) {
	switch v := r[k].(type) {
	case float64:
		return v, true
	case string:
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil
	}
	return 0, false
}

// fields turns KEY=VALUE arguments into a record; numbers stay numbers.
func fields(typ string, args []string) (record, error) {
	r := record{"type": typ}
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		if !ok {
			return nil, fmt.Errorf("%q is not KEY=VALUE", a)
		}
		if f, err := strconv.ParseFloat(v, 64); err == nil && v != "" {
			r[k] = f
		} else {
			r[k] = v
		}
	}
	return r, nil
}

func emit(r record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = fmt.Printf("%s\n", b)
	return err
}

// cmdRecord prints a record: benchtool record load corpus=10000 secs=9.1 ...
func cmdRecord(args []string) error {
	if len(args) < 1 {
		return fmt.Errorf("record: want a TYPE and KEY=VALUE pairs")
	}
	r, err := fields(args[0], args[1:])
	if err != nil {
		return fmt.Errorf("record: %w", err)
	}
	return emit(r)
}

// cmdWrk reads the output of wrk --latency and prints a "wrk" record with
// req/s, p50 and p99 (ms), the request count and the errors, plus the
// KEY=VALUE fields given.
func cmdWrk(args []string) error {
	r, err := fields("wrk", args)
	if err != nil {
		return fmt.Errorf("wrk: %w", err)
	}
	if err := parseWrk(os.Stdin, r); err != nil {
		return fmt.Errorf("wrk: %w", err)
	}
	return emit(r)
}

var (
	reLatency  = regexp.MustCompile(`^\s*(50|75|90|99)%\s+([0-9.]+)(us|ms|s|m|h)\s*$`)
	reRequests = regexp.MustCompile(`^\s*(\d+) requests in ([0-9.]+\w+),`)
	reRPS      = regexp.MustCompile(`^Requests/sec:\s+([0-9.]+)`)
	reSocket   = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
	reNon2xx   = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
)

func parseWrk(in io.Reader, r record) error {
	sc := bufio.NewScanner(in)
	found := map[string]bool{}
	r["errors"], r["non2xx"] = 0.0, 0.0
	for sc.Scan() {
		line := sc.Text()
		if m := reLatency.FindStringSubmatch(line); m != nil {
			v, _ := strconv.ParseFloat(m[2], 64)
			r["p"+m[1]+"_ms"] = v * map[string]float64{"us": 1e-3, "ms": 1, "s": 1e3, "m": 60e3, "h": 3600e3}[m[3]]
			found["p"+m[1]] = true
		}
		if m := reRequests.FindStringSubmatch(line); m != nil {
			r["requests"], _ = strconv.ParseFloat(m[1], 64)
			r["elapsed"] = m[2]
		}
		if m := reRPS.FindStringSubmatch(line); m != nil {
			r["rps"], _ = strconv.ParseFloat(m[1], 64)
			found["rps"] = true
		}
		if m := reSocket.FindStringSubmatch(line); m != nil {
			n := 0.0
			for _, s := range m[1:] {
				v, _ := strconv.ParseFloat(s, 64)
				n += v
			}
			r["errors"] = n
		}
		if m := reNon2xx.FindStringSubmatch(line); m != nil {
			r["non2xx"], _ = strconv.ParseFloat(m[1], 64)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if !found["rps"] || !found["p50"] || !found["p99"] {
		return fmt.Errorf("no Requests/sec or latency distribution in the output (was --latency given?)")
	}
	return nil
}

// cmdFreeport prints a TCP port on 127.0.0.1 that is free right now.
func cmdFreeport([]string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	return nil
}

// readRecords reads a JSON-lines file of records.
func readRecords(path string) ([]record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}
