package fault

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestKindOf(t *testing.T) {
	busy := &Error{Kind: Busy, Msg: "full", RetryAfter: 2 * time.Second}
	tests := []struct {
		name  string
		err   error
		kind  Kind
		msg   string
		retry time.Duration
	}{
		{"invalid", Errorf(Invalid, "page %d does not exist", 0), Invalid, "page 0 does not exist", 0},
		{"wrapped not found", fmt.Errorf("statement %q: %w", "x", Errorf(NotFound, "not found")), NotFound, "not found", 0},
		{"busy", busy, Busy, "full", 2 * time.Second},
		{"deadline", fmt.Errorf("search: %w", context.DeadlineExceeded), Timeout, "", 0},
		{"canceled", context.Canceled, Canceled, "", 0},
		{"plain error is internal", errors.New("disk on fire"), Internal, "", 0},
		{"internal hides its message", &Error{Kind: Internal, Msg: "bolt: page 7 corrupt"}, Internal, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KindOf(tt.err); got != tt.kind {
				t.Errorf("KindOf = %v, want %v", got, tt.kind)
			}
			if got := Message(tt.err); got != tt.msg {
				t.Errorf("Message = %q, want %q", got, tt.msg)
			}
			if got := RetryAfter(tt.err); got != tt.retry {
				t.Errorf("RetryAfter = %v, want %v", got, tt.retry)
			}
		})
	}
	cause := errors.New("shard 3")
	if err := (&Error{Kind: Internal, Err: cause}); !errors.Is(err, cause) || err.Error() != "shard 3" {
		t.Errorf("an Error does not unwrap to its cause: %v", err)
	}
}
