// A panic before "done".
package main

func main() {
	var m map[string]int
	m["done"] = 1
}
