package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
)

// newLogger logs JSON lines to w at level (debug, info, warn or error;
// config has checked it). Durations are written as Go writes them ("3.2s"),
// not as the nanoseconds JSON would otherwise carry, so people can read them.
func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level)) // config.Load has validated it
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l, ReplaceAttr: readableDurations}))
}

func readableDurations(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindDuration {
		return slog.String(a.Key, a.Value.Duration().String())
	}
	return a
}

// redisLogger sends go-redis's own messages (a pool that cannot dial) to
// the process's log instead of the standard logger's unstructured lines.
type redisLogger struct{ log *slog.Logger }

// Printf logs one go-redis message as a warning.
func (r redisLogger) Printf(ctx context.Context, format string, v ...any) {
	r.log.WarnContext(ctx, "redis client", slog.String("message", fmt.Sprintf(format, v...)))
}
