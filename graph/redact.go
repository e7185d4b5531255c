package graph

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"

	"github.com/cayleygraph/cayley/clog"
)

var (
	// userinfoRe is the password of a URL: "scheme://user:PASSWORD@".
	userinfoRe = regexp.MustCompile(`(://[^:/@\s]*:)[^@\s]*@`)
	// passwordRe is a password in a key=value DSN.
	passwordRe = regexp.MustCompile(`(?i)\b(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'"]+)`)
)

// RedactDSN returns a DSN without its password: "postgres://u:xxxxx@h/db"
// or "host=h password=xxxxx". Other stores' names are returned as they are.
func RedactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" && u.User != nil {
		return u.Redacted()
	}
	return RedactSecrets(dsn)
}

// RedactSecrets replaces every password it finds in text (in URLs and in
// key=value DSNs) by "xxxxx".
func RedactSecrets(text string) string {
	text = userinfoRe.ReplaceAllString(text, "${1}xxxxx@")
	return passwordRe.ReplaceAllString(text, "${1}xxxxx")
}

// RouteCayleyLogs sends Cayley's log lines to log, at their levels, without
// passwords, and with Go-syntax dumps (%#v) printed as plain values (%v).
// Cayley's logger is one for the process: the last call wins.
func RouteCayleyLogs(log *slog.Logger) { clog.SetLogger(&cayleyLog{log: log}) }

// cayleyLog adapts slog to Cayley's clog.Logger.
type cayleyLog struct {
	log *slog.Logger
	v   int
}

func (l *cayleyLog) emit(level slog.Level, format string, args []any) {
	format = strings.ReplaceAll(format, "%#v", "%v")
	msg := RedactSecrets(strings.TrimSpace(fmt.Sprintf(format, args...)))
	l.log.Log(context.Background(), level, msg, "component", "cayley")
}

func (l *cayleyLog) Infof(format string, args ...any)    { l.emit(slog.LevelInfo, format, args) }
func (l *cayleyLog) Warningf(format string, args ...any) { l.emit(slog.LevelWarn, format, args) }
func (l *cayleyLog) Errorf(format string, args ...any)   { l.emit(slog.LevelError, format, args) }

// Fatalf logs at the error level and does not exit: the caller gets the
// error and decides.
func (l *cayleyLog) Fatalf(format string, args ...any) { l.emit(slog.LevelError, format, args) }
func (l *cayleyLog) V(level int) bool                  { return l.v >= level }
func (l *cayleyLog) SetV(level int)                    { l.v = level }
