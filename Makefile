# Hug: `make run` serves the hub with demo data; `make test` runs every test.
# PocketBase v0.40 needs Go 1.27: the go command fetches it from the module proxy.
export GOTOOLCHAIN := go1.27.3
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

BIN      := ./hug
ADDR     ?= 127.0.0.1:8090

.PHONY: run build test test-go test-fuzz test-js test-browser vet deps vendor chromium screenshots clean bench-realtime bench-push durability

run: build
	$(BIN) serve --http=$(ADDR) --demo --hugDev

build: deps vendor
	go build -o $(BIN) .

deps: node_modules
	go mod download

node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules

# Browser libraries, pinned in package-lock.json, copied where the PWA imports them.
vendor: node_modules
	mkdir -p pb_public/vendor/lit-html
	cp node_modules/pocketbase/dist/pocketbase.es.mjs pb_public/vendor/pocketbase.es.mjs
	cp node_modules/idb/build/index.js pb_public/vendor/idb.js
	cp node_modules/lit-html/lit-html.js pb_public/vendor/lit-html/lit-html.js
	cp node_modules/qr/index.js pb_public/vendor/qr.js

vet: deps
	go vet ./...
	@test -z "$$(gofmt -l . | tee /dev/stderr)" || (echo "gofmt: files above need formatting"; exit 1)

test: vet test-go test-fuzz test-js test-browser

# The race detector runs on the packages whose own code starts goroutines
# (workers, crons, fire-and-forget mail and log purges; `make race-pkgs`
# lists them), on those that test concurrent writers (moderation, syncfeed)
# and on the seed, which exercises every hook; the other packages run
# without it, for CI's 30 minutes on 2 cores (the detector makes a test app
# 3-6x slower: the access matrix alone took 7 minutes under it).
# -v so the access matrix is printed; the per-subtest PASS lines are dropped.
RACE_PKGS := ./internal/accounts/signin ./internal/appointments ./internal/changelog \
	./internal/moderation ./internal/mutations/... ./internal/mydata ./internal/notify ./internal/poke \
	./internal/push/... ./internal/reads ./internal/registration ./internal/syncfeed ./internal/seed
QUIET := grep -v -E '^(=== (RUN|PAUSE|CONT|NAME)|\s+--- PASS)'
test-go: deps
	go test -race -count=1 -timeout 25m -v $(RACE_PKGS) | $(QUIET)
	go test -count=1 -timeout 15m -v $$(go list ./... | grep -v -x -F -f <(go list $(RACE_PKGS))) | $(QUIET)

# Packages whose non-test code starts goroutines, crons or waits on groups:
# each must be in RACE_PKGS (TestRacePackagesAreListed checks it).
race-pkgs:
	@for d in $$(find internal cmd -name '*.go' ! -name '*_test.go' -printf '%h\n' | sort -u); do \
	  ls $$d/*.go | grep -v '_test.go$$' | xargs grep -l -E 'go func|FireAndForget|sync.WaitGroup|Cron\(\)' >/dev/null 2>&1 && echo ./$$d; done; true

# A few seconds of real fuzzing for each input a phone sends to the sync
# endpoints (the committed seeds also run as plain tests in test-go).
FUZZTIME ?= 5s
test-fuzz: deps
	go test -run='^$$' -fuzz='^FuzzSyncCursor$$' -fuzztime=$(FUZZTIME) ./internal/syncfeed/
	go test -run='^$$' -fuzz='^FuzzMutationsBody$$' -fuzztime=$(FUZZTIME) ./internal/mutations/

test-js: node_modules
	node --test tests/js/

# Debian's Chromium (Playwright's own browser downloads cannot work here) and
# fonts for every script of the hub's languages: each is installed when it is
# missing, whatever else is there (without a Gurmukhi or Chinese font, Punjabi
# and Chinese are empty boxes and tests/browser/scripts.test.mjs fails).
# fontconfig answers which scripts the installed fonts cover, as Chromium sees them.
chromium:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	command -v fc-list >/dev/null 2>&1 || missing="$$missing fontconfig"; \
	for lang in ar pa; do fc-list ":lang=$$lang" family 2>/dev/null | grep -qi noto || { missing="$$missing fonts-noto-core"; break; }; done; \
	fc-list ":lang=zh-cn" family 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	[ -z "$$missing" ] || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing && fc-cache -f >/dev/null; \
	  else \
	    echo "Browser tests need:$$missing. Run 'sudo apt-get install$$missing'"; exit 1; \
	  fi; }

# The real binary with demo data, driven by headless Chromium (playwright-core).
test-browser: build chromium
	node --test --test-concurrency=1 tests/browser/

# Publishes the screenshots the browser tests took (360x640, it and ar).
screenshots:
	mkdir -p docs/screenshots pb_public/screenshots
	cp test-results/screenshots/*.png docs/screenshots/
	cp test-results/screenshots/it-home.png pb_public/screenshots/home.png
	cp test-results/screenshots/it-calendar.png pb_public/screenshots/calendar.png

# Realtime fan-out: the hub's poke on hub/changes beside a stock PocketBase
# record subscription with a rule, 1,000 to 15,000 listeners on loopback
# (docs/PERFORMANCE.md). Not part of `make test`; it stops by itself.
bench-realtime: deps
	go build -o /tmp/hug-bench-realtime . && go run ./cmd/realtimeload -hub /tmp/hug-bench-realtime

# Web Push: 10,000 subscriptions delivered through the queue to the push
# service double (its own process), beside raw webpush-go in the same run,
# with the hub's memory (docs/PERFORMANCE.md). Not part of `make test`.
bench-push: deps
	HUG_BENCH_PUSH=1 go test -count=1 -run TestPushFanOutBenchmark -v ./internal/push/

# The full durability run of the sync push (docs/SYNC.md "Durability"):
# 1,000 mutations from 6 simulated phones, the hub SIGKILLed 5 times; the
# short run (150 mutations, 2 kills) is a Go test inside test-go.
durability: deps
	go run ./cmd/durability -mutations 1000 -phones 6 -kills 5

clean:
	rm -rf $(BIN) pb_data
