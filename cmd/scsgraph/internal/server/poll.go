package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/scsgraph/scsgraph/graph"
)

// A server on a bolt or PostgreSQL store polls the store's manifest every
// Config.Poll: the manifest is written last by "scsgraph load" (deleted
// first on PostgreSQL), and its Digest identifies the content. A new
// digest is reloaded: the store is opened again, scanned into a new view,
// the view checked against the manifest (graph.Store.View), then swapped
// in. A store without a manifest (a load is running, or one was killed)
// and a reload that fails leave the graph served as it was.

// The results of a poll, as /metrics and /readyz name them.
const (
	pollUnchanged  = "unchanged"     // the manifest's digest is the one served
	pollReloaded   = "reloaded"      // a new digest, now served
	pollNoManifest = "no_manifest"   // a load is writing the store, or the last one did not finish
	pollFailed     = "reload_failed" // a new digest whose content could not be served
	pollError      = "error"         // the manifest could not be read
)

// pollResults lists the results of a poll.
var pollResults = []string{pollUnchanged, pollReloaded, pollNoManifest, pollFailed, pollError}

// pollTimeout bounds the read of a manifest.
const pollTimeout = 10 * time.Second

// maxPollBackoff is the longest wait before the content of a digest whose
// reload failed is tried again (when the poll interval is shorter).
const maxPollBackoff = 5 * time.Minute

// pollStatus is the outcome of the last poll, for /readyz.
type pollStatus struct {
	at     time.Time
	result string
	digest string // the manifest's digest, when it was read
	err    error
}

// poller is what the polls of one server remember between them.
type poller struct {
	last         pollStatus
	failedDigest string    // the digest whose reload failed last
	failures     int       // reloads of failedDigest that failed in a row
	retryAt      time.Time // when failedDigest is tried again
	failErr      error     // why the reload of failedDigest failed
}

// pollStore reads the store's manifest once and reloads the store when its
// digest is not the one served. A digest whose reload failed is tried
// again after a wait that doubles with each failure, up to maxPollBackoff.
func (s *Server) pollStore(ctx context.Context, p *poller) {
	rctx, cancel := context.WithTimeout(ctx, pollTimeout)
	m, err := graph.ReadManifest(rctx, s.cfg.Store)
	cancel()
	if ctx.Err() != nil {
		return // shutting down
	}
	st := pollStatus{at: time.Now(), digest: m.Digest, err: err}
	served := s.servedDigest()
	switch {
	case err != nil && loadRunning(err):
		st.result = pollNoManifest
	case err != nil:
		st.result = pollError
	case m.Digest == served:
		st.result = pollUnchanged
		p.failedDigest, p.failures = "", 0
	case m.Digest == p.failedDigest && st.at.Before(p.retryAt):
		st.result, st.err = pollFailed, p.failErr
	default:
		st.err = s.reload(ctx, "poll", nil)
		if st.err == nil {
			st.result = pollReloaded
			p.failedDigest, p.failures = "", 0
			break
		}
		st.result = pollFailed
		if m.Digest != p.failedDigest {
			p.failedDigest, p.failures = m.Digest, 0
		}
		p.failures++
		p.failErr = st.err
		p.retryAt = time.Now().Add(pollBackoff(s.cfg.Poll, p.failures))
	}
	s.polled(p, st, served)
}

// pollBackoff is how long to wait before trying a digest again after its
// reload failed n times in a row: the poll interval, doubled each time, at
// most maxPollBackoff (or the interval, when that is longer).
func pollBackoff(interval time.Duration, n int) time.Duration {
	limit := max(interval, maxPollBackoff)
	d := interval
	for range n - 1 {
		if d >= limit {
			break
		}
		d *= 2
	}
	return min(d, limit)
}

// polled records a poll's outcome for /metrics and /readyz, and logs the
// polls that change what is known: the store loses or gets back its
// manifest, or cannot be read. Reloads log themselves.
func (s *Server) polled(p *poller, st pollStatus, served string) {
	s.metrics.polled(st.result, st.at)
	s.statusMu.Lock()
	s.lastPoll = st
	s.statusMu.Unlock()
	prev := p.last
	p.last = st
	changed := prev.result != st.result || errText(prev.err) != errText(st.err)
	if !changed {
		return
	}
	switch st.result {
	case pollNoManifest:
		s.log.Warn("poll: the store has no manifest (a scsgraph load is writing it, or the last one did not finish); still serving the previous graph",
			"digest", shortDigest(served), "err", st.err)
	case pollError:
		s.log.Error("poll: the store's manifest cannot be read; still serving the previous graph", "digest", shortDigest(served), "err", st.err)
	case pollUnchanged:
		if prev.result == pollNoManifest || prev.result == pollError {
			s.log.Info("poll: the store's manifest can be read again; it names the graph served", "digest", shortDigest(served))
		}
	}
}

// errText is err's message, "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// loadRunning reports whether err says that a load is writing the store,
// or that the last one did not finish: the store has no manifest, or it
// changed while it was read.
func loadRunning(err error) bool {
	var se *graph.StoreError
	return errors.As(err, &se) && (se.Kind == graph.StoreMissing || se.Kind == graph.StoreBusy)
}

// servedDigest is the digest of the graph served.
func (s *Server) servedDigest() string {
	sv := s.acquire()
	defer sv.refs.Done()
	return sv.version.digest
}

// pollLine is the last poll's outcome as /readyz shows it, "" before the
// first poll.
func (s *Server) pollLine() string {
	s.statusMu.Lock()
	st := s.lastPoll
	s.statusMu.Unlock()
	if st.at.IsZero() {
		return ""
	}
	line := "last poll: " + st.result
	if st.digest != "" {
		line += ", manifest " + shortDigest(st.digest)
	}
	if st.err != nil {
		line += ": " + publicError(st.err, s.cfg)
	}
	return fmt.Sprintf("%s (at %s, every %s)\n", line, st.at.UTC().Format(time.RFC3339), s.cfg.Poll)
}

// storeServed reports whether the PostgreSQL store beneath sv holds the
// graph sv serves: its manifest names sv's digest. When it does not (a
// load is running, or one finished that this server does not serve yet),
// or cannot be read, it answers 503 to w and returns false. Other stores
// always hold it: a bolt server reads the file it opened, which a load
// replaces by rename and never changes.
func (s *Server) storeServed(ctx context.Context, w http.ResponseWriter, sv *served) bool {
	if sv.store.Backend() != "postgres" {
		return true
	}
	m, err := graph.ReadManifest(ctx, s.cfg.Store)
	switch {
	case err == nil && m.Digest == sv.version.digest:
		return true
	case err == nil || loadRunning(err):
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(s.cfg.Poll.Seconds()))))
		http.Error(w, "export: a scsgraph load is writing the store, or has written a graph this server does not serve yet; retry in a few seconds", http.StatusServiceUnavailable)
	default:
		s.log.Error("export: read the store's manifest", "err", err)
		http.Error(w, storeDownText, http.StatusServiceUnavailable)
	}
	return false
}
