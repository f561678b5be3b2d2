// Command files is the exercise of lesson 01: it looks at a folder with the
// five file operations the course starts with.
//
// Usage:
//
//	files DIR [NAME...]
//
// It prints, in this order:
//
//	dir NAME             for every sub-folder of DIR
//	file NAME SIZE       for every other entry of DIR, SIZE in bytes
//	exists NAME yes|no   for every NAME given, whether DIR/NAME exists
//	removed NAME         for every empty regular file of DIR, after removing it
//
// Check your work with `make lesson-01`.
//
// 第 01 课的练习（课文：lessons/01-files/README.zh.md）：用五个基本的文件操作
// 查看一个目录。用法和要打印的行见上：每一项打印 dir 名字 或 file 名字 大小；
// 每个 NAME 回答 exists NAME yes 或 no；删除 DIR 这一层里空的普通文件，每删一
// 个打印 removed 名字。
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: files DIR [NAME...]")
		os.Exit(2)
	}
	dir := os.Args[1]
	names := os.Args[2:]

	// TODO: List dir with os.ReadDir (Python: os.listdir). For each entry
	// print "dir NAME" when it is a folder, otherwise "file NAME SIZE"; the
	// size comes from entry.Info() and its Size() (os.path.getsize).
	// 用 os.ReadDir 列出 dir（Python 的 os.listdir）。每一项：是目录就打印
	// `dir 名字`，否则打印 `file 名字 大小`；大小取自 entry.Info() 的 Size()（
	// os.path.getsize）。

	// TODO: For each name in names, print "exists NAME yes" when
	// filepath.Join(dir, name) exists and "exists NAME no" when it does not.
	// os.Stat tells you: errors.Is(err, fs.ErrNotExist) (os.path.exists).
	// 对 names 里的每个名字：filepath.Join(dir, name) 存在就打印 `exists 名字 yes`，
	// 不存在就打印 `exists 名字 no`。用 os.Stat 判断：errors.Is(err,
	// fs.ErrNotExist)（os.path.exists）。

	// TODO: Remove every empty regular file directly in dir with os.Remove
	// (os.remove) and print "removed NAME" for each. A regular file is one
	// whose Mode().IsRegular() is true (os.path.isfile). Leave folders,
	// non-empty files and everything inside sub-folders alone.
	// 用 os.Remove（os.remove）删除 dir 这一层里每个空的普通文件，每删一个打印
	// `removed 名字`。普通文件就是 Mode().IsRegular() 为真的文件（os.path.isfile）。
	// 目录、非空文件和子目录里的东西都不要动。

	fmt.Println("files: nothing done yet for", dir, "and", len(names), "names / 还什么都没做：见 main.go 里的 TODO")
}
