package course

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	_ "embed" // the pristine stubs
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

//go:generate go run ./pristinegen -src ../../lessons -out pristine.tar.gz

// pristineArchive holds lessons/ as it is handed out, so that `checker reset`
// can put a stub back however the student changed it (rustlings does the
// same). It is made by `make pristine`; a test checks that it matches
// lessons/.
//
//go:embed pristine.tar.gz
var pristineArchive []byte

var pristine struct {
	once  sync.Once
	files map[string]map[string][]byte // lesson folder → slash path → content
	err   error
}

// Pristine returns the files of lesson l as they were handed out.
func Pristine(l Lesson) (map[string][]byte, error) {
	pristine.once.Do(func() { pristine.files, pristine.err = ReadArchive(pristineArchive) })
	if pristine.err != nil {
		return nil, pristine.err
	}
	files, ok := pristine.files[l.Dir()]
	if !ok {
		return nil, fmt.Errorf("no pristine copy of lesson %s in this checker", l.ID())
	}
	return files, nil
}

// PristineHash is HashDir of the pristine lesson.
func PristineHash(l Lesson) (string, bool) {
	files, err := Pristine(l)
	if err != nil {
		return "", false
	}
	return hashFiles(files), true
}

// ReadArchive reads a pristine archive: lesson folder → file → content.
func ReadArchive(data []byte) (map[string]map[string][]byte, error) {
	out := map[string]map[string][]byte{}
	if len(data) == 0 {
		return out, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("reading the pristine stubs: %w", err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading the pristine stubs: %w", err)
		}
		lesson, rel, ok := strings.Cut(h.Name, "/")
		if !ok || h.Typeflag != tar.TypeReg {
			continue
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("reading the pristine stubs: %w", err)
		}
		if out[lesson] == nil {
			out[lesson] = map[string][]byte{}
		}
		out[lesson][rel] = body
	}
}

// WriteArchive packs the lesson folders below src into a deterministic
// archive: sorted names, no times, no owners.
func WriteArchive(src string) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	entries, err := os.ReadDir(src)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		files, err := readTree(filepath.Join(src, e.Name()))
		if err != nil {
			return nil, err
		}
		names := make([]string, 0, len(files))
		for n := range files {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			h := &tar.Header{Name: path.Join(e.Name(), n), Mode: 0o644, Size: int64(len(files[n])), Typeflag: tar.TypeReg, Format: tar.FormatPAX}
			if err := tw.WriteHeader(h); err != nil {
				return nil, err
			}
			if _, err := tw.Write(files[n]); err != nil {
				return nil, err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Reset puts lesson l's folder at dir back as it was handed out: it rewrites
// every changed pristine file and removes files the student added. With
// dryRun it only says what it would do. It returns the slash paths changed.
func Reset(l Lesson, dir string, dryRun bool) ([]string, error) {
	want, err := Pristine(l)
	if err != nil {
		return nil, err
	}
	have, err := readTree(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	var changed []string
	for rel := range have {
		if _, ok := want[rel]; !ok {
			changed = append(changed, rel)
		}
	}
	for rel, body := range want {
		if old, ok := have[rel]; !ok || !bytes.Equal(old, body) {
			changed = append(changed, rel)
		}
	}
	sort.Strings(changed)
	if dryRun {
		return changed, nil
	}
	for _, rel := range changed {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		body, keep := want[rel]
		if !keep {
			err = os.Remove(p)
		} else if err = os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
			err = os.WriteFile(p, body, 0o644)
		}
		if err != nil {
			return changed, fmt.Errorf("resetting lesson %s: %w", l.ID(), err)
		}
	}
	return changed, nil
}
