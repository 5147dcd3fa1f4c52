module github.com/rectify-dev/rectify

go 1.27

toolchain go1.27.3
