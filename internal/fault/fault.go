// Package fault is the archive's one vocabulary of failures: an Error
// with a Kind that says whose fault it is and what the caller can do,
// and a message saying it in words. The search layer refuses a request
// with Invalid, the index reports NotFound, the gate Busy; the server
// maps each kind to an HTTP status in one place and logs only its own
// faults (Internal), once.
package fault

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Kind says what went wrong, from the caller's side.
type Kind uint8

// The kinds of failure.
const (
	// Internal is the archive's own fault: nothing the caller can change.
	Internal Kind = iota
	// Invalid is a request the caller should correct; the message says how.
	Invalid
	// NotFound is a statement, row or page the archive does not hold.
	NotFound
	// NotAllowed is a method the archive does not serve.
	NotAllowed
	// Busy is a request the archive has no room for now: ask again after
	// RetryAfter.
	Busy
	// Timeout is a request that took longer than the archive allows.
	Timeout
	// Canceled is a request its caller gave up on.
	Canceled
)

var kindNames = [...]string{"internal", "invalid", "not found", "not allowed", "busy", "timeout", "canceled"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Error is a failure of a kind, with the message its caller sees.
type Error struct {
	Kind Kind
	// Msg says what went wrong and what to do, for the caller.
	Msg string
	// RetryAfter, for Busy, is when to ask again.
	RetryAfter time.Duration
	// Err is the cause, if any, kept for logs and errors.Is.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil && e.Msg == "" {
		return e.Err.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error of kind k with a formatted message.
func Errorf(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of err: the kind of the first *Error in its
// chain; Timeout or Canceled for the context's errors; else Internal.
func KindOf(err error) Kind {
	var e *Error
	switch {
	case err == nil:
		return Internal
	case errors.As(err, &e):
		return e.Kind
	case errors.Is(err, context.DeadlineExceeded):
		return Timeout
	case errors.Is(err, context.Canceled):
		return Canceled
	}
	return Internal
}

// Message returns the message the caller of err should see, "" for an
// Internal fault, whose details are for the logs.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return e.Msg
	}
	return ""
}

// RetryAfter returns when a Busy request may be asked again, or 0.
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) && e.Kind == Busy {
		return e.RetryAfter
	}
	return 0
}
