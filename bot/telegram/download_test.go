package telegram_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ledgerbot/ledgerbot/bot/telegram"
	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

var user = telegramtest.User{ID: 7, FirstName: "Wang"}

// sent queues a document from user and returns its file_id as the bot sees it.
func sent(t *testing.T, s *telegramtest.Server, name string, data []byte) string {
	t.Helper()
	id := s.SendDocument(user, name, "", data)
	raw, ok := s.TakeUpdate(id)
	if !ok {
		t.Fatal("update not queued")
	}
	b, _ := json.Marshal(raw)
	var u struct {
		Message struct {
			Document struct {
				FileID string `json:"file_id"`
			} `json:"document"`
		} `json:"message"`
	}
	if err := json.Unmarshal(b, &u); err != nil || u.Message.Document.FileID == "" {
		t.Fatalf("no document in %s: %v", b, err)
	}
	return u.Message.Document.FileID
}

func client(t *testing.T, s *telegramtest.Server) *telegram.Client {
	t.Helper()
	c, err := telegram.NewClient(telegramtest.Token, s.URL(), 10*time.Second, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDownloadFetchesTheFileThroughTheConfiguredServer(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	data := []byte("客户名称\n华为\n")
	id := sent(t, s, "台账.csv", data)
	got, name, err := telegram.Download(context.Background(), client(t, s), id, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) || !strings.HasSuffix(name, ".csv") {
		t.Fatalf("Download = %q, %q", got, name)
	}
}

func TestDownloadRefusesTooBigFilesBeforeReadingThem(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	c := client(t, s)
	small := sent(t, s, "a.csv", make([]byte, 100))
	if _, _, err := telegram.Download(context.Background(), c, small, 99); !errors.Is(err, telegram.ErrFileTooBig) {
		t.Fatalf("100 bytes with a limit of 99: %v, want ErrFileTooBig", err)
	}
	big := sent(t, s, "b.xlsx", make([]byte, telegramtest.MaxDownload+1))
	_, _, err := telegram.Download(context.Background(), c, big, 1<<30)
	if !errors.Is(err, telegram.ErrFileTooBig) || telegram.Transient(err) {
		t.Fatalf("a file getFile calls too big: %v, want ErrFileTooBig, not transient", err)
	}
	if n := len(s.CallsTo("downloadFile")); n != 0 {
		t.Fatalf("%d downloads of files known too big, want none", n)
	}
}

func TestDownloadFailuresAreClassified(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	c := client(t, s)
	id := sent(t, s, "a.csv", []byte("x\n"))

	s.FailNext("downloadFile", 1, http.StatusBadGateway, "", 0)
	_, _, err := telegram.Download(context.Background(), c, id, 1<<20)
	if err == nil || !telegram.Transient(err) {
		t.Fatalf("file server 502: %v, want a transient error", err)
	}
	s.FailNext("getFile", 1, http.StatusInternalServerError, "Internal Server Error", 0)
	if _, _, err = telegram.Download(context.Background(), c, id, 1<<20); !telegram.Transient(err) {
		t.Fatalf("getFile 500: %v, want a transient error", err)
	}
	s.FailNext("downloadFile", 1, http.StatusNotFound, "", 0)
	if _, _, err = telegram.Download(context.Background(), c, id, 1<<20); err == nil || telegram.Transient(err) {
		t.Fatalf("file server 404: %v, want a lasting error", err)
	}
	if _, _, err = telegram.Download(context.Background(), c, "nope", 1<<20); err == nil || telegram.Transient(err) {
		t.Fatalf("unknown file id: %v, want a lasting error", err)
	}
	if strings.Contains(err.Error(), telegramtest.Token) {
		t.Fatalf("error quotes the token: %v", err)
	}
}

func TestDownloadNetworkErrorsAreTransientAndHideTheToken(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	c := client(t, s)
	id := sent(t, s, "a.csv", []byte("x\n"))
	release := s.Hang("downloadFile", 1)
	defer release()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, _, err := telegram.Download(ctx, c, id, 1<<20)
	if err == nil || !telegram.Transient(err) {
		t.Fatalf("a download that timed out: %v, want a transient error", err)
	}
	if strings.Contains(err.Error(), telegramtest.Token) {
		t.Fatalf("error quotes the token: %v", err)
	}
}
