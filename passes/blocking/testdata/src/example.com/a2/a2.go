package a2

import "os"

func Read() { os.ReadFile("x") } // want Read:`blocks\(file via os\.ReadFile\)`
