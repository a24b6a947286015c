# Tandem's two commands: `make run` (set up this machine, open the app on demo
# data) and `make test` (every check CI runs). See README.md.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
export CARGO_TERM_COLOR ?= auto
STAGE := scripts/stage.sh
export STAGE_TIMES := $(CURDIR)/target/stage-times.txt
APP := target/debug/tandem-app

.PHONY: run test bench bootstrap ui ui-checks app fmt-check clippy cargo-tests third-party bindings-check bench-smoke e2e

run: bootstrap ui
	cargo build --locked -p tandem-app
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "No display found: starting Tandem under Xvfb. To see it:"; \
	  WEBKIT_DISABLE_DMABUF_RENDERER=1 xvfb-run -a -f $(CURDIR)/target/xvfb.auth -s "-screen 0 1280x1024x24" \
	    sh -c 'echo "  XAUTHORITY=$$XAUTHORITY DISPLAY=$$DISPLAY /usr/bin/import -window root shot.png"; exec $(APP) --demo'; \
	else \
	  $(APP) --demo; \
	fi

test:
	@rm -f $(STAGE_TIMES)
	@$(STAGE) bootstrap scripts/bootstrap.sh
	@$(MAKE) --no-print-directory ui-checks ui fmt-check clippy app cargo-tests third-party bindings-check bench-smoke
	@printf '\nmake test: every stage passed. Time per stage:\n'; cat $(STAGE_TIMES)

bootstrap:
	@scripts/bootstrap.sh

# The app embeds ui/dist at compile time, so the UI is built before any cargo
# step that compiles src-tauri (clippy included).
ui:
	@$(STAGE) "ui build" npm --prefix ui run --silent build

ui-checks:
	@$(STAGE) "ui typecheck" npm --prefix ui run --silent typecheck
	@$(STAGE) "ui lint" npm --prefix ui run --silent lint
	@$(STAGE) "ui unit tests" npm --prefix ui run --silent test

fmt-check:
	@$(STAGE) "cargo fmt --check" cargo fmt --all -- --check

clippy:
	@$(STAGE) "cargo clippy" cargo clippy --locked --workspace --all-targets -- -D warnings

app:
	@$(STAGE) "build app (debug)" cargo build --locked -p tandem-app

# Unit, integration and end-to-end tests in one nextest run; the end-to-end
# tests start their own Xvfb and take turns (see .config/nextest.toml). The
# session keyring keeps keyring tests off the user's own keyring.
cargo-tests:
	@$(STAGE) "cargo tests + e2e" keyctl session - cargo nextest run --locked --workspace --no-fail-fast

# A client written by others, against the simulator, unchanged.
third-party:
	@$(STAGE) "third-party client vs simulator" sh -c 'cargo build --locked -q -p tandem-exact-sim && crates/tandem-exact-sim/tests/third_party/run.sh target/debug/tandem-exact-sim'

bindings-check:
	@$(STAGE) "IPC bindings up to date" scripts/check-bindings.sh

# Each benchmark once, briefly, in the debug profile, so a broken benchmark is
# noticed without paying for a release build. `make bench` measures.
bench-smoke:
	@$(STAGE) "benchmark smoke runs" env TANDEM_BENCH_SMOKE=1 cargo test --locked --workspace --benches

# The app's benchmarks (tests/benches/) drive the release build of the app,
# as users run it, and the sync one the release CLI beside it; the others are
# library benchmarks.
bench: bootstrap ui
	cargo build --locked --release -p tandem-app -p tandem-cli
	TANDEM_APP_BIN=$(CURDIR)/target/release/tandem-app cargo bench --locked --workspace

e2e: bootstrap ui app
	keyctl session - cargo nextest run --locked -p tandem-e2e
