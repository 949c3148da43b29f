# planex build.  `make` builds ./planex; `make check` runs every test twice
# (normal build, then AddressSanitizer + UBSan build) and ends with one line
# `N passed, N failed`; `make demo` ingests corpus/ into ./planex.db.
#
#   DEVELOPER=1                  warnings become errors
#   SANITIZE=address,undefined   sanitizer build (objects in build/sanitize)

CC      ?= cc
PKGS    := glib-2.0 gobject-2.0 poppler-glib libxml-2.0 libzip libpcre2-8 sqlite3
OCR_PKGS := tesseract lept
HAVE_OCR := $(shell pkg-config --exists $(OCR_PKGS) 2>/dev/null && echo 1)

# Debian packages the build and the tests need (installed by `make deps`).
BUILD_DEBS := build-essential pkg-config libglib2.0-dev libpoppler-glib-dev \
              libxml2-dev libzip-dev libpcre2-dev libsqlite3-dev \
              libtesseract-dev tesseract-ocr-vie tesseract-ocr-eng
TEST_DEBS  := python3 poppler-utils zip unzip valgrind clang libclang-rt-14-dev \
              chromium sqlite3 util-linux

VARIANT := normal
CFLAGS_BASE := -DPX_DEFAULT_RULES=\"$(CURDIR)/rules\" -std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Wno-unused-parameter \
               -Ipipeline -Iextractors -Irules
ifeq ($(DEVELOPER),1)
CFLAGS_BASE += -Werror
endif
ifneq ($(SANITIZE),)
VARIANT := sanitize
CFLAGS_BASE += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -O1
LDFLAGS += -fsanitize=$(SANITIZE)
endif
ifeq ($(HAVE_OCR),1)
CFLAGS_BASE += -DPX_HAVE_OCR=1
PKGS += $(OCR_PKGS)
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS += $(CFLAGS_BASE) $(PKG_CFLAGS)
LDLIBS += $(PKG_LIBS) -lm -lpthread

BUILD   := build/$(VARIANT)
LIB_SRC := $(wildcard pipeline/*.c extractors/*.c rules/*.c)
CLI_SRC := $(wildcard pipeline/cli/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
PLANEX  := $(BUILD)/planex

.PHONY: all deps demo check check-normal check-asan test-run bench fuzz clean corpus valgrind

ifeq ($(VARIANT),normal)
all: planex
planex: $(PLANEX)
	cp $(PLANEX) planex.tmp && mv -f planex.tmp planex
else
all: $(PLANEX) $(UNIT_BIN)
endif

$(BUILD)/%.o: %.c $(wildcard pipeline/*.h pipeline/*.inc extractors/*.h rules/*.h rules/*.inc pipeline/cli/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(PLANEX): $(LIB_OBJ) $(CLI_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(LIB_OBJ) $(LDFLAGS) $(LDLIBS)

units: $(UNIT_BIN)

# --- dependencies: install whatever Debian packages are missing --------------
deps:
	@missing=""; for p in $(BUILD_DEBS) $(EXTRA_DEBS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "planex: installing Debian packages:$$missing"; \
	    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	      || { echo "planex: apt-get could not install:$$missing" >&2; exit 1; }; \
	  else \
	    echo "planex: missing Debian packages:$$missing" >&2; \
	    echo "planex: run as root: apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

test-deps:
	@$(MAKE) --no-print-directory deps EXTRA_DEBS="$(TEST_DEBS)"

# --- the two README commands ------------------------------------------------
demo: deps
	@$(MAKE) --no-print-directory planex
	@rm -f planex.db planex.db-wal planex.db-shm
	./planex ingest --db planex.db corpus/text corpus/docx corpus/pdf corpus/tcvn3 corpus/scan corpus/appendix || true
	./planex list --db planex.db
	./planex matrix --db planex.db

check: test-deps
	@$(MAKE) --no-print-directory -j$$(nproc) planex units
	@$(MAKE) --no-print-directory -j$$(nproc) SANITIZE=address,undefined all
	@bash tests/run.sh

check-asan: test-deps
	@$(MAKE) --no-print-directory -j$$(nproc) SANITIZE=address,undefined all
	@PX_VARIANTS=sanitize bash tests/run.sh

valgrind: planex
	@bash tests/valgrind.sh

bench: planex
	@bash bench/run.sh

fuzz:
	@bash tests/fuzz/run.sh

clean:
	rm -rf build planex
