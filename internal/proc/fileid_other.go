//go:build !unix

package proc

// fileID is Unix only.
func fileID(string) FileID { return FileID{} }
