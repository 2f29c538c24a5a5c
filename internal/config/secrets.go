package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"unicode/utf8"
)

// ReadFile reads a file named by a *_FILE variable: os.ReadFile in
// production, a map in tests.
type ReadFile func(name string) ([]byte, error)

// secretVars may each come from a file named by the variable plus _FILE, as
// Docker and Kubernetes secrets are mounted: the value then never appears in
// the environment, `docker inspect` or a process listing.
var secretVars = []string{"TELEGRAM_TOKEN", "WEBHOOK_SECRET", "DATABASE_URL", "REDIS_URL"}

// readSecrets returns the values of the secret variables set through their
// files. A variable set both ways is an error rather than a silent choice:
// the operator meant one of them and the other is stale. Errors name the
// variable and the path, never what the file holds.
func readSecrets(getenv func(string) string, readFile ReadFile, errs *[]error) map[string]string {
	values := make(map[string]string)
	for _, key := range secretVars {
		path := strings.TrimSpace(getenv(key + "_FILE"))
		if path == "" {
			continue
		}
		if strings.TrimSpace(getenv(key)) != "" {
			*errs = append(*errs, fmt.Errorf("%s and %s_FILE: both are set; set one of them", key, key))
			continue
		}
		v, err := secretFile(readFile, path)
		if err != nil {
			*errs = append(*errs, fmt.Errorf("%s_FILE: %w", key, err))
			continue
		}
		values[key] = v
	}
	return values
}

// secretFile reads one secret. Surrounding whitespace goes, since `echo`
// and editors end a file with a newline that is no part of the secret; a
// second line is refused because it is most likely a whole env file. So
// does the byte order mark a Windows editor may put first, which is
// invisible and no part of the secret either; a file that is not UTF-8 text
// at all (Windows PowerShell's `echo ... > file` writes UTF-16) is refused,
// naming the path and never the bytes.
func secretFile(readFile ReadFile, path string) (string, error) {
	data, err := readPath(readFile, path)
	if err != nil {
		return "", err
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return "", fmt.Errorf("%s is not UTF-8 text (UTF-16, as Windows PowerShell writes? save it as UTF-8)", path)
	}
	v := strings.TrimSpace(string(data))
	switch {
	case v == "":
		return "", fmt.Errorf("%s is empty", path)
	case strings.ContainsAny(v, "\r\n"):
		return "", fmt.Errorf("%s holds more than one line; want the value alone", path)
	}
	return v, nil
}

// readPath names the path once, whatever the reader puts in its error.
func readPath(readFile ReadFile, path string) ([]byte, error) {
	data, err := readFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	return data, nil
}
