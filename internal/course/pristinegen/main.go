// Command pristinegen packs lessons/ into the archive the checker embeds for
// `checker reset`. Run it with `make pristine` after changing a stub.
package main

import (
	"flag"
	"log"
	"os"

	"forkroom/internal/course"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("pristinegen: ")
	src := flag.String("src", "lessons", "the lessons folder")
	out := flag.String("out", "internal/course/pristine.tar.gz", "the archive to write")
	flag.Parse()
	data, err := course.WriteArchive(*src)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
}
