// Package workbook tells what kind of copy of the workbook a folder is: the
// teacher's repository, which holds the reference code (solutions/, the
// known-wrong programs, chatroom/), or a handout made by `checker handout`,
// which holds none of it and says so in a stamp file at its top.
//
// Tests that grade reference code skip in a handout (and only there: in the
// teacher's repository a missing solutions/ still fails them), and the
// checker takes its default language from the stamp.
package workbook

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// StampFile is the file at the top of a handout that says it is one.
const StampFile = ".handout.json"

// Stamp is what a handout records about itself.
type Stamp struct {
	// Version is the stamp's format, 1.
	Version int `json:"version"`
	// Lang is the language of the handout's README.md: "en" or "zh".
	Lang string `json:"lang"`
	// CheckerLang, when set, is the checker's language in this copy when
	// no --lang is given, before LANG and LC_ALL are consulted: the
	// teacher's choice for the class. Empty: from the environment.
	CheckerLang string `json:"checker_lang,omitempty"`
	// WithChatroom says the finished chat room (chatroom/) was handed out.
	WithChatroom bool `json:"with_chatroom"`
	// Vendored says the modules are in vendor/, so the handout builds with
	// no network.
	Vendored bool `json:"vendored"`
	// CheckerRepo and CheckerRev are the repository and commit that the
	// Classroom workflow builds the grading checker from.
	CheckerRepo string `json:"checker_repo,omitempty"`
	CheckerRev  string `json:"checker_rev,omitempty"`
	// Source is the commit of the teacher's repository the handout was
	// made from, when it was a git repository.
	Source string `json:"source,omitempty"`
}

// ReadStamp reads the stamp of the copy at root. ok is false when root is
// not a handout (no stamp file).
func ReadStamp(root string) (s Stamp, ok bool, err error) {
	data, err := os.ReadFile(filepath.Join(root, StampFile))
	if errors.Is(err, os.ErrNotExist) {
		return Stamp{}, false, nil
	}
	if err != nil {
		return Stamp{}, false, fmt.Errorf("reading the handout's stamp: %w", err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return Stamp{}, false, fmt.Errorf("reading the handout's stamp %s: %w", StampFile, err)
	}
	return s, true, nil
}

// WriteStamp writes s at the top of the handout at root.
func WriteStamp(root string, s Stamp) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(root, StampFile), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing the handout's stamp: %w", err)
	}
	return nil
}

// IsHandout reports whether the copy at root is a handout: it has a stamp
// file, and so no reference code.
func IsHandout(root string) bool {
	_, err := os.Stat(filepath.Join(root, StampFile))
	return err == nil
}
