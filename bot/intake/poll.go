package intake

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// AllowedUpdates are the update kinds the bot asks Telegram for.
var AllowedUpdates = []string{"message", "callback_query"}

// leaderCheck is how often the poll leader checks it still holds its lock.
const leaderCheck = 5 * time.Second

// Poller long-polls getUpdates itself rather than through go-telegram/bot,
// because the offset it sends is what acknowledges updates: it moves past an
// update only after Record has committed it. Every replica may run a Poller;
// only the one holding the poll lock (a PostgreSQL advisory lock, released
// when its process or connection dies) polls, since Telegram serves one
// getUpdates consumer at a time.
type Poller struct {
	apiURL  string
	token   string
	timeout time.Duration
	client  *http.Client
	intake  *Intake
	log     *slog.Logger
	retry   time.Duration // how often a follower tries to take the lead
}

// NewPoller polls apiURL (the official server or a fake) with long-poll timeout.
func NewPoller(apiURL, token string, timeout time.Duration, in *Intake, log *slog.Logger) *Poller {
	return &Poller{
		apiURL: apiURL, token: token, timeout: timeout, intake: in, log: log.With(slog.String("component", "poller")),
		client: &http.Client{Timeout: timeout + 15*time.Second}, retry: 2 * time.Second,
	}
}

// Run polls whenever this replica leads, until ctx ends (then it returns nil).
func (p *Poller) Run(ctx context.Context) error {
	for {
		if err := p.lead(ctx); err != nil && ctx.Err() == nil {
			p.log.Warn("polling interrupted", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(p.retry):
		}
	}
}

// lead takes the poll lock on a connection of its own and polls while it
// holds it. It returns when ctx ends or the lock's connection fails.
func (p *Poller) lead(ctx context.Context) error {
	conn, err := pgx.ConnectConfig(ctx, p.intake.db.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("poll lock: connect: %w", err)
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	for {
		var got bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(hashtextextended('ledgerbot:poller:' || current_schema(), 0))`).
			Scan(&got); err != nil {
			return fmt.Errorf("poll lock: %w", err)
		}
		if got {
			break
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(p.retry):
		}
	}
	p.log.Info("this replica polls Telegram")
	leading, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer stop()
	wg.Go(func() {
		t := time.NewTicker(leaderCheck)
		defer t.Stop()
		for {
			select {
			case <-leading.Done():
				return
			case <-t.C:
			}
			if err := conn.Ping(leading); err != nil {
				if leading.Err() == nil {
					p.log.Warn("poll lock connection lost; polling stops", slog.Any("error", err))
				}
				stop()
				return
			}
		}
	})
	p.poll(leading)
	return nil
}

// poll fetches and records updates until ctx ends. It starts without an
// offset, as Telegram intends: the server hands out again every update not
// yet confirmed, and Record skips the ones already stored.
func (p *Poller) poll(ctx context.Context) {
	var offset int64
	var pause time.Duration
	for ctx.Err() == nil {
		if pause > 0 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(pause):
			}
		}
		raws, retryAfter, err := p.getUpdates(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			pause = min(max(2*pause, 200*time.Millisecond), 10*time.Second)
			if retryAfter > 0 {
				pause = retryAfter
			}
			p.log.Warn("getUpdates failed", slog.Any("error", err), slog.Duration("pause", pause))
			continue
		}
		last, err := p.intake.Record(ctx, raws)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			// Not recorded, so not acknowledged: the same updates come again.
			pause = min(max(2*pause, 200*time.Millisecond), 10*time.Second)
			p.log.Error("recording updates failed", slog.Any("error", err))
			continue
		}
		pause = 0
		if last >= offset {
			offset = last + 1
		}
	}
}

// getUpdates asks for the updates from offset on (0: every unconfirmed one).
func (p *Poller) getUpdates(ctx context.Context, offset int64) ([]json.RawMessage, time.Duration, error) {
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	allowed, _ := json.Marshal(AllowedUpdates)
	fields := [][2]string{{"timeout", strconv.Itoa(int(p.timeout.Seconds()))}, {"limit", "100"}, {"allowed_updates", string(allowed)}}
	if offset > 0 {
		fields = append(fields, [2]string{"offset", strconv.FormatInt(offset, 10)})
	}
	for _, f := range fields {
		if err := form.WriteField(f[0], f[1]); err != nil {
			return nil, 0, fmt.Errorf("build getUpdates: %w", err)
		}
	}
	if err := form.Close(); err != nil {
		return nil, 0, fmt.Errorf("build getUpdates: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.apiURL+"/bot"+p.token+"/getUpdates", &body)
	if err != nil {
		return nil, 0, fmt.Errorf("build getUpdates: %w", err)
	}
	req.Header.Set("Content-Type", form.FormDataContentType())
	resp, err := p.client.Do(req)
	if err != nil {
		var uerr interface{ Unwrap() error }
		if errors.As(err, &uerr) {
			err = uerr.Unwrap() // drop the URL, which holds the token
		}
		return nil, 0, fmt.Errorf("getUpdates: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, 0, fmt.Errorf("getUpdates: read: %w", err)
	}
	var r struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, 0, fmt.Errorf("getUpdates: status %d: decode: %w", resp.StatusCode, err)
	}
	if !r.OK {
		return nil, time.Duration(r.Parameters.RetryAfter) * time.Second,
			fmt.Errorf("getUpdates: %d %s", r.ErrorCode, r.Description)
	}
	return r.Result, 0, nil
}
