package b

import "example.com/a2"

func Helper() { a2.Read() } // want Helper:`blocks\(file via a2\.Read → os\.ReadFile\)`

func pure() {}
