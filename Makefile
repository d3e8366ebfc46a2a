# Hug: `make run` serves the hub with demo data; `make test` runs every test.
# PocketBase v0.40 needs Go 1.27: the go command fetches it from the module proxy.
export GOTOOLCHAIN := go1.27.3
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

BIN      := ./hug
ADDR     ?= 127.0.0.1:8090

.PHONY: run build test test-go test-browser vet deps clean

run: build
	$(BIN) serve --http=$(ADDR) --demo --hugDev

build: deps
	go build -o $(BIN) .

deps:
	go mod download

vet: deps
	go vet ./...
	@test -z "$$(gofmt -l . | tee /dev/stderr)" || (echo "gofmt: files above need formatting"; exit 1)

test: vet test-go

# -v so the access matrix is printed; the per-subtest PASS lines are dropped.
test-go: deps
	go test -race -count=1 -v ./... | grep -v -E '^(=== (RUN|PAUSE|CONT|NAME)|\s+--- PASS)'

clean:
	rm -rf $(BIN) pb_data
