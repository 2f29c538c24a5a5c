package telegramtest

import (
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// MaxDownload is the largest file getFile lets a bot download: the Bot API
// answers "file is too big" for anything larger.
const MaxDownload = 20 << 20

// fileStore holds the files users sent, by file_id, for getFile and the
// download route. Its zero value is empty and ready.
type fileStore struct {
	byID map[string]*storedFile
	next int64
}

type storedFile struct {
	id, unique, path string
	data             []byte
}

// addLocked stores data and returns its file_id.
func (f *fileStore) addLocked(name string, data []byte) *storedFile {
	if f.byID == nil {
		f.byID = map[string]*storedFile{}
	}
	f.next++
	n := strconv.FormatInt(f.next, 10)
	sf := &storedFile{id: "BQACAgUAAxkBAAI-doc-" + n, unique: "AgAD-doc-" + n,
		path: "documents/file_" + n + strings.ToLower(path.Ext(name)), data: data}
	f.byID[sf.id] = sf
	return sf
}

// putLocked stores data the bot uploaded under the file_id sendFile gave it,
// in folder (documents, photos) as the Bot API lays out file paths.
func (f *fileStore) putLocked(id, folder, name string, data []byte) {
	if f.byID == nil {
		f.byID = map[string]*storedFile{}
	}
	f.next++
	n := strconv.FormatInt(f.next, 10)
	f.byID[id] = &storedFile{id: id, unique: "u" + id, path: folder + "/file_" + n + strings.ToLower(path.Ext(name)), data: data}
}

// getFile answers like the Bot API: the file's size and a path to download
// it from, or 400 "file is too big" past MaxDownload.
func (s *Server) getFile(req request) (any, *apiError) {
	id := req.params["file_id"]
	if id == "" {
		return nil, badRequest("file_id is empty")
	}
	s.mu.Lock()
	sf := s.files.byID[id]
	s.mu.Unlock()
	if sf == nil {
		return nil, badRequest("invalid file_id")
	}
	if len(sf.data) > MaxDownload {
		return nil, badRequest("file is too big")
	}
	return map[string]any{"file_id": sf.id, "file_unique_id": sf.unique, "file_size": len(sf.data), "file_path": sf.path}, nil
}

// serveFile answers GET /file/bot<token>/<file_path> with the stored bytes,
// recording it as a call of "downloadFile" (Params["file_path"]), to which
// FailNext and Hang apply. It reports false for any other path.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) bool {
	rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot")
	if !ok {
		return false
	}
	_, filePath, ok := strings.Cut(rest, "/")
	if !ok || r.Method != http.MethodGet {
		writeError(w, notFound)
		return true
	}
	const method = "downloadFile"
	s.mu.Lock()
	now := time.Now()
	s.calls = append(s.calls, Call{Method: method, Params: map[string]string{"file_path": filePath}, At: now})
	s.lastCall = now
	fail := s.takeFailureLocked(method)
	release, latency, _ := s.holdLocked(method, "")
	var data []byte
	found := false
	for _, sf := range s.files.byID {
		if sf.path == filePath {
			data, found = sf.data, true
			break
		}
	}
	s.notifyLocked()
	s.mu.Unlock()
	s.hold(release, latency)
	switch {
	case fail != nil:
		writeError(w, fail)
	case !found:
		writeError(w, notFound)
	default:
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(data)))
		_, _ = w.Write(data)
	}
	return true
}

// SendDocument queues a document u sends in their private chat, as Telegram
// delivers it: file_id, file_unique_id, file_name, mime_type and file_size,
// with data kept for getFile and the download route. mime may be empty.
func (s *Server) SendDocument(u User, fileName, mime string, data []byte) int64 {
	s.mu.Lock()
	sf := s.files.addLocked(fileName, data)
	s.mu.Unlock()
	doc := map[string]any{"file_id": sf.id, "file_unique_id": sf.unique, "file_size": len(data)}
	if fileName != "" {
		doc["file_name"] = fileName
	}
	if mime != "" {
		doc["mime_type"] = mime
	}
	return s.PushUpdate(map[string]any{"message": s.userMessage(u, map[string]any{"document": doc})})
}
