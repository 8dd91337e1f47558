# emek-kiosk: the two commands (make demo, make test) and their helpers.
# Everything a fresh Debian 12 machine needs is installed by `make deps`
# from deps/debian-packages.txt.

BUILD      ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)
PACKAGES   := $(shell sed -e 's/\#.*//' deps/debian-packages.txt)
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps configure build test test-fast test-slow demo bench clean

all: build

# Installs only when something is missing; apt-get update runs only then.
deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing" $$missing; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "make deps: all $(words $(PACKAGES)) packages present"; \
	fi

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest -j2 --output-on-failure --timeout 600

# Everything but the slow end-to-end tests, and the slow ones alone.
test-fast: build
	cd $(BUILD) && ctest -j2 --output-on-failure -LE slow
test-slow: build
	cd $(BUILD) && ctest -j2 --output-on-failure -L slow

demo: build
	./scripts/demo.sh $(BUILD)

bench: build
	./bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD)

# The kiosk's root file system (image/build: the .deb, debootstrap, the checks; needs root
# and the Debian mirror the first time). Output in $(BUILD)/image/.
.PHONY: image
image: build
	$(SUDO) ./image/build --build-dir $(BUILD)
