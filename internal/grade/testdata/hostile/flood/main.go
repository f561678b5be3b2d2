// 100 MB of output, then "done".
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

func main() {
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	line := strings.Repeat("flood ", 16) + "\n"
	for n := 0; n < 100<<20; n += len(line) {
		w.WriteString(line)
	}
	w.Flush()
	fmt.Println("done")
}
