// A program that does not compile.
package main

func main() {
	undefinedFunction()
}
