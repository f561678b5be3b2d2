// The well-behaved program the hostile ones are compared with.
package main

import "fmt"

func main() { fmt.Println("done") }
