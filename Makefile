# SPDX-License-Identifier: GPL-2.0
#
# The developer half of nsrp's build; Kbuild holds the kbuild half.
#
#   make                 build nsrp.ko against KDIR, and nsrpctl
#   make C=1 / W=1       the same with sparse / extra warnings (kbuild's own)
#   make check           install deps, then build, style, KUnit and the VM selftests
#   make test T=NAME [KERNEL=debug]
#                        one VM selftest (selftests/net/NAME.sh; several: T="A B")
#                        on the stock kernel, or on the debug kernel with KUnit
#   make style           checkpatch --strict over the sources
#   make install         module (then depmod), nsrpctl, man page, completion
#   make dkms-install    register, build and install with DKMS
#   make deps            install everything needed from Debian's packages
#   make demo            install deps, then show a failover in a VM: two nsrp
#                        routers, one TCP connection that survives (< 2 min)
#   make fuzz            libFuzzer over the replication codec (10M executions)
#   make bench           install deps, then measure nsrp against nf_conntrack and
#                        conntrackd in a VM (up to ~20 min): build/bench/

NSRP_VERSION ?= $(shell git -C $(CURDIR) describe --dirty --always 2>/dev/null || echo 0.1.0)
KDIR ?= $(shell $(CURDIR)/selftests/lib/find-kdir.sh)
DESTDIR ?=
PREFIX ?= /usr/local
DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' $(CURDIR)/dkms.conf)
# The release the modules go to: /lib/modules/RELEASE/build gives RELEASE.
KVER ?= $(notdir $(patsubst %/build,%,$(KDIR)))

all: module tools

module:
	@test -n "$(KDIR)" || { echo "nsrp: no kernel to build against" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) NSRP_VERSION=$(NSRP_VERSION) modules

tools:
	$(MAKE) -C tools/nsrpctl

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tools/nsrpctl clean
	rm -rf build

style:
	selftests/lib/style.sh

install: module tools
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=extra $(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	depmod -a $(if $(DESTDIR),-b $(DESTDIR)) $(KVER)
	$(MAKE) -C tools/nsrpctl install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

dkms-install:
	dkms remove nsrp/$(DKMS_VERSION) --all >/dev/null 2>&1 || true
	rm -rf /usr/src/nsrp-$(DKMS_VERSION)
	mkdir -p /usr/src/nsrp-$(DKMS_VERSION)
	cd $(CURDIR) && { git ls-files -co --exclude-standard -z 2>/dev/null || \
		find . -path ./build -prune -o -type f -print0; } | xargs -0 cp --parents -t /usr/src/nsrp-$(DKMS_VERSION)
	dkms add nsrp/$(DKMS_VERSION)
	dkms build nsrp/$(DKMS_VERSION) -k $(KVER)
	dkms install nsrp/$(DKMS_VERSION) -k $(KVER)

deps:
	selftests/lib/deps.sh

# libFuzzer over the replication codec: RUNS executions (10 million by default).
fuzz: deps
	$(MAKE) -C tools/fuzz run

check: deps
	selftests/check.sh

KERNEL ?= stock
test: deps
	@test -n "$(T)" || { echo "make test: name the test, e.g. T=test_expiry" >&2; exit 2; }
	NSRP_TESTS="$(T)" NSRP_CHECK_STAGES="$(if $(filter debug,$(KERNEL)),vm-debug,vm-stock)" \
		selftests/check.sh

demo: deps
	tools/demo/demo.sh

bench: deps
	tools/bench/bench.sh

.PHONY: all module tools clean style install dkms-install deps check test fuzz demo bench
