package graph

import (
	"database/sql/driver"
	"errors"
	"net"
	"strings"
	"syscall"
)

// ErrUnavailable is wrapped by the errors of a read that failed because the
// database behind the store could not be reached (refused, reset, shut
// down, restarting): the request may succeed if it is retried. Test it with
// errors.Is.
var ErrUnavailable = errors.New("the store's database cannot be reached")

// unavailableError is an error of the backend that means ErrUnavailable.
// Its message is the backend's, unchanged.
type unavailableError struct{ err error }

func (e unavailableError) Error() string   { return e.err.Error() }
func (e unavailableError) Unwrap() []error { return []error{e.err, ErrUnavailable} }

// classify returns err wrapped so that errors.Is(err, ErrUnavailable)
// holds when err says the database is down or restarting, and err itself
// otherwise (nil for nil).
func classify(err error) error {
	if err == nil || errors.Is(err, ErrUnavailable) || !unreachable(err) {
		return err
	}
	return unavailableError{err}
}

// unreachableTexts are the messages of lib/pq and the net package that
// mean the database cannot be reached. Cayley's SQL backend flattens driver
// errors into text (fmt.Errorf with %v), so the typed checks alone miss them.
var unreachableTexts = []string{"connect: connection refused", "driver: bad connection", "connection reset by peer",
	"terminating connection due to administrator command", "the database system is starting up",
	"the database system is shutting down", "broken pipe", "unexpected EOF"}

// unreachable reports whether err says that the database is down or
// restarting.
func unreachable(err error) bool {
	var netErr net.Error
	var state interface{ SQLState() string }
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.As(err, &netErr):
		return true
	case errors.As(err, &state):
		class := state.SQLState()[:min(2, len(state.SQLState()))]
		return class == "08" || class == "57" // connection exception, operator intervention
	}
	msg := err.Error()
	for _, s := range unreachableTexts {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
