package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// request is a decoded Bot API call.
type request struct {
	method    string
	params    map[string]string
	files     map[string][]byte
	fileNames map[string]string
}

// apiError is an {"ok":false} answer.
type apiError struct {
	code        int
	description string
	retryAfter  int
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{code: http.StatusBadRequest, description: "Bad Request: " + fmt.Sprintf(format, args...)}
}

// handler answers one method; result is marshalled as the "result" field.
type handler func(s *Server, req request) (result any, err *apiError)

var notFound = &apiError{code: http.StatusNotFound, description: "Not Found"}

// maxBody is the largest request body read, the Bot API's limit on a file a
// bot uploads: a runaway test fails on it instead of filling memory.
const maxBody = 50 << 20

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if s.serveFile(w, r) {
		return
	}
	method, ok := methodFromPath(r.URL.Path)
	if !ok {
		writeError(w, notFound)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	req, err := readRequest(r)
	if err != nil {
		writeError(w, badRequest("%v", err))
		return
	}
	req.method = method
	if strings.EqualFold(method, "getUpdates") {
		s.getUpdates(w, r, req)
		return
	}

	s.mu.Lock()
	now := time.Now()
	s.calls = append(s.calls, Call{Method: method, Params: req.params, Files: req.files, FileNames: req.fileNames, At: now})
	s.inflight++
	s.lastCall = now
	fail := s.takeFailureLocked(method)
	release, latency, chatFail := s.holdLocked(method, req.params["chat_id"])
	if fail == nil {
		fail = chatFail
	}
	s.notifyLocked()
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inflight--
		s.lastCall = time.Now()
		s.notifyLocked()
		s.mu.Unlock()
	}()

	s.hold(release, latency)
	if fail != nil {
		writeError(w, fail)
		return
	}
	h, ok := handlers[strings.ToLower(method)]
	if !ok {
		writeError(w, notFound)
		return
	}
	result, apiErr := h(s, req)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	writeResult(w, result)
}

// methodFromPath takes the method out of /bot<token>/<method>.
func methodFromPath(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "/bot")
	if !ok {
		return "", false
	}
	token, method, ok := strings.Cut(rest, "/")
	if !ok || token == "" || method == "" || strings.Contains(method, "/") {
		return "", false
	}
	return method, true
}

// readRequest decodes the query string and a multipart, urlencoded or JSON
// body into string params, the way the Bot API accepts them all.
func readRequest(r *http.Request) (request, error) {
	req := request{params: map[string]string{}, files: map[string][]byte{}, fileNames: map[string]string{}}
	for k, v := range r.URL.Query() {
		req.params[k] = v[0]
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		err := r.ParseMultipartForm(64 << 20) //nolint:gosec // G120: serveHTTP caps the body at maxBody
		if errors.Is(err, io.EOF) {
			break // go-telegram/bot sends an empty body for methods without params
		}
		if err != nil {
			return req, fmt.Errorf("can't parse multipart body: %w", err)
		}
		for k, v := range r.MultipartForm.Value {
			req.params[k] = v[0]
		}
		for k, fhs := range r.MultipartForm.File {
			f, err := fhs[0].Open()
			if err != nil {
				return req, fmt.Errorf("can't read file %s: %w", k, err)
			}
			data, err := io.ReadAll(f)
			_ = f.Close()
			if err != nil {
				return req, fmt.Errorf("can't read file %s: %w", k, err)
			}
			req.files[k] = data
			req.fileNames[k] = fhs[0].Filename
		}
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return req, fmt.Errorf("can't parse form body: %w", err)
		}
		for k, v := range r.PostForm {
			req.params[k] = v[0]
		}
	case "application/json":
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return req, fmt.Errorf("can't read body: %w", err)
		}
		if len(bytes.TrimSpace(body)) == 0 {
			break
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			return req, fmt.Errorf("can't parse JSON object: %w", err)
		}
		for k, v := range obj {
			switch v := v.(type) {
			case nil:
			case string:
				req.params[k] = v
			case json.Number:
				req.params[k] = v.String()
			case bool:
				req.params[k] = strconv.FormatBool(v)
			default:
				b, _ := json.Marshal(v)
				req.params[k] = string(b)
			}
		}
	}
	return req, nil
}

func writeResult(w http.ResponseWriter, result any) {
	body, err := json.Marshal(struct {
		OK     bool `json:"ok"`
		Result any  `json:"result"`
	}{true, result})
	if err != nil {
		writeError(w, &apiError{code: http.StatusInternalServerError, description: "Internal Server Error: " + err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

func writeError(w http.ResponseWriter, e *apiError) {
	type params struct {
		RetryAfter int `json:"retry_after"`
	}
	resp := struct {
		OK          bool    `json:"ok"`
		ErrorCode   int     `json:"error_code"`
		Description string  `json:"description"`
		Parameters  *params `json:"parameters,omitempty"`
	}{ErrorCode: e.code, Description: e.description}
	if e.retryAfter > 0 {
		resp.Parameters = &params{RetryAfter: e.retryAfter}
	}
	body, _ := json.Marshal(resp)
	w.Header().Set("Content-Type", "application/json")
	status := e.code
	if status < 100 || status > 599 {
		status = http.StatusBadRequest
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
