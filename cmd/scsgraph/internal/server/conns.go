package server

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// connLimit is a listener that keeps at most max connections open. A
// connection that arrives at the limit makes room by closing the oldest
// connection that is not serving a request (one that has sent nothing
// yet, or waits idle between requests), so that a flood of idle or slow
// connections cannot lock a client out: the newcomer is served at once.
// Only when every open connection is serving a request does Accept wait
// for one to finish. Its track method must be the http.Server's ConnState.
type connLimit struct {
	net.Listener
	max int

	mu     sync.Mutex
	freed  *sync.Cond
	conns  map[net.Conn]*connState
	shed   int // connections closed to make room, for the log
	closed bool
}

// connState is what connLimit knows of one connection.
type connState struct {
	busy  bool      // serving a request
	since time.Time // when it opened or last went idle
}

// newConnLimit limits the connections that ln accepts to max.
func newConnLimit(ln net.Listener, max int) *connLimit {
	l := &connLimit{Listener: ln, max: max, conns: map[net.Conn]*connState{}}
	l.freed = sync.NewCond(&l.mu)
	return l
}

// Accept waits for a connection and makes room for it.
func (l *connLimit) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for len(l.conns) >= l.max && !l.closed {
		if !l.shedOldest() {
			l.freed.Wait()
		}
	}
	if l.closed {
		c.Close()
		return nil, net.ErrClosed
	}
	l.conns[c] = &connState{since: time.Now()}
	return c, nil
}

// shedOldest closes the oldest connection that serves no request, and
// reports whether there was one. The caller holds l.mu.
func (l *connLimit) shedOldest() bool {
	var victim net.Conn
	var oldest time.Time
	for c, st := range l.conns {
		if !st.busy && (victim == nil || st.since.Before(oldest)) {
			victim, oldest = c, st.since
		}
	}
	if victim == nil {
		return false
	}
	delete(l.conns, victim)
	l.shed++
	victim.Close()
	return true
}

// track follows the server's connections: busy while serving a request,
// forgotten once closed or hijacked.
func (l *connLimit) track(c net.Conn, state http.ConnState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st, ok := l.conns[c]
	if !ok {
		return // shed already, or never counted
	}
	switch state {
	case http.StateActive:
		st.busy = true
	case http.StateIdle:
		st.busy, st.since = false, time.Now()
	case http.StateClosed, http.StateHijacked:
		delete(l.conns, c)
		l.freed.Signal()
	}
}

// Close stops accepting; an Accept waiting for room returns.
func (l *connLimit) Close() error {
	l.mu.Lock()
	l.closed = true
	l.freed.Broadcast()
	l.mu.Unlock()
	return l.Listener.Close()
}

// Shed is how many connections were closed to make room so far.
func (l *connLimit) Shed() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.shed
}
