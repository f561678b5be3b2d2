// An endless loop that never prints "done".
package main

func main() {
	for {
	}
}
