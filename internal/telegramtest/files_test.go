package telegramtest_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/ledgerbot/ledgerbot/internal/telegramtest"
)

func TestSentDocumentIsDeliveredAndDownloadableLikeTelegram(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	data := []byte("客户名称,电话\n华为,13800138000\n")
	s.SendDocument(alice, "台账.csv", "text/csv", data)

	ups := mustGetUpdates(t, s, 0, 0, 100, "")
	if len(ups) != 1 {
		t.Fatalf("got %d updates, want 1", len(ups))
	}
	msg := ups[0]["message"].(map[string]any)
	doc, ok := msg["document"].(map[string]any)
	if !ok {
		t.Fatalf("message has no document: %v", msg)
	}
	if doc["file_name"] != "台账.csv" || doc["mime_type"] != "text/csv" || doc["file_size"] != float64(len(data)) || doc["file_unique_id"] == "" {
		t.Fatalf("document = %v", doc)
	}

	ctx := context.Background()
	f, err := b.GetFile(ctx, &bot.GetFileParams{FileID: doc["file_id"].(string)})
	if err != nil {
		t.Fatal(err)
	}
	if f.FileSize != int64(len(data)) || !strings.HasSuffix(f.FilePath, ".csv") {
		t.Fatalf("getFile = %+v", f)
	}
	got := download(t, b.FileDownloadLink(f), http.StatusOK)
	if !bytes.Equal(got, data) {
		t.Fatalf("downloaded %q, want %q", got, data)
	}
	if n := len(s.CallsTo("getFile")); n != 1 {
		t.Fatalf("%d getFile calls recorded, want 1", n)
	}
	if c := s.CallsTo("downloadFile"); len(c) != 1 || c[0].Params["file_path"] != f.FilePath {
		t.Fatalf("downloadFile calls = %+v", c)
	}
	download(t, s.URL()+"/file/bot"+telegramtest.Token+"/documents/nope.csv", http.StatusNotFound)
}

func TestGetFileRefusesFilesOverTwentyMegabytes(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	s.SendDocument(alice, "big.xlsx", "", make([]byte, telegramtest.MaxDownload+1))
	ups := mustGetUpdates(t, s, 0, 0, 100, "")
	id := ups[0]["message"].(map[string]any)["document"].(map[string]any)["file_id"].(string)

	_, err := b.GetFile(context.Background(), &bot.GetFileParams{FileID: id})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "file is too big") {
		t.Fatalf("getFile of a 20 MB + 1 file: %v, want 400 file is too big", err)
	}
	_, err = b.GetFile(context.Background(), &bot.GetFileParams{FileID: "no-such-file"})
	if !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("getFile of an unknown id: %v, want 400", err)
	}
}

func TestDownloadsTakePlannedFailures(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	s.SendDocument(alice, "a.csv", "", []byte("a\n1\n"))
	ups := mustGetUpdates(t, s, 0, 0, 100, "")
	id := ups[0]["message"].(map[string]any)["document"].(map[string]any)["file_id"].(string)
	f, err := b.GetFile(context.Background(), &bot.GetFileParams{FileID: id})
	if err != nil {
		t.Fatal(err)
	}
	s.FailNext("downloadFile", 1, http.StatusBadGateway, "", 0)
	download(t, b.FileDownloadLink(&models.File{FilePath: f.FilePath}), http.StatusBadGateway)
	download(t, b.FileDownloadLink(f), http.StatusOK)
}

func TestDocumentsListsWhatTheBotUploaded(t *testing.T) {
	t.Parallel()
	s := telegramtest.New(t)
	b := newBot(t, s)
	_, err := b.SendDocument(context.Background(), &bot.SendDocumentParams{ChatID: alice.ID, Caption: "模板",
		Document: &models.InputFileUpload{Filename: "模板.xlsx", Data: bytes.NewReader([]byte("PK\x03\x04"))}})
	if err != nil {
		t.Fatal(err)
	}
	docs := s.Documents(alice.ID)
	if len(docs) != 1 || docs[0].Name != "模板.xlsx" || string(docs[0].Data) != "PK\x03\x04" || docs[0].Caption != "模板" {
		t.Fatalf("Documents = %+v", docs)
	}
	if len(s.Documents(alice.ID+1)) != 0 {
		t.Fatal("another chat's documents listed")
	}
}

func download(t *testing.T, url string, want int) []byte {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != want {
		t.Fatalf("GET %s: %d, want %d", url, resp.StatusCode, want)
	}
	return body
}
