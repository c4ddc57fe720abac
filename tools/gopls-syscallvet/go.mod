module github.com/syscallvet/syscallvet/tools/gopls-syscallvet

go 1.26.0
