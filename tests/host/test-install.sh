#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make install into a temporary DESTDIR: every file where it belongs,
# every man page rendered by man (groff) at 80 columns with no warning
# and found by name, each installed binary's --help and --version, and
# the bash completion loading for each tool.  Then make uninstall
# leaves nothing behind.  Needs no root, no BPF.
#
#   tests/host/test-install.sh      (from the top of the tree, after make)
set -u
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/root
P=$ROOT/usr/local

. "$(dirname "$0")/lib.sh"

if make -s install DESTDIR="$ROOT" >"$WORK/make" 2>&1; then
	ok "make install DESTDIR=..."
else
	nok "make install DESTDIR=...: $(tail -3 "$WORK/make")"
fi

for f in sbin/vswaplat sbin/vswaptop bin/swapload; do
	check "$f installed, executable" test -x "$P/$f"
	check "$f is static" sh -c "! ldd '$P/$f' >/dev/null 2>&1"
done

# The man pages: no groff warning, the sections a man page has, NAME
# parsed as mandb parses it (whatis, apropos), found by man -M.
for page in man8/vswaplat.8 man8/vswaptop.8 man1/swapload.1 man7/vswap.7; do
	f=$P/share/man/$page
	name=$(basename "$page" | cut -d. -f1)
	if [ ! -f "$f" ]; then
		nok "$page installed"
		continue
	fi
	MANWIDTH=80 man --warnings -l "$f" >"$WORK/page" 2>"$WORK/warn"
	if [ -s "$WORK/warn" ]; then
		nok "$page: groff warnings: $(head -3 "$WORK/warn")"
	else
		ok "$page: renders with no warning"
	fi
	want="NAME DESCRIPTION SEE.ALSO"
	case $page in
	man7/*) ;;
	*) want="$want SYNOPSIS OPTIONS EXIT.STATUS" ;;
	esac
	for section in $want; do
		check "$page has $section" grep -q "^$section\$" "$WORK/page"
	done
	check "$page: NAME as whatis reads it" \
		sh -c "lexgrog '$f' | grep -q '\"$name - '"
	check "$page: man -M finds $name" \
		sh -c "MANWIDTH=80 man -M '$P/share/man' $name | grep -q '^NAME'"
done

# No warning wherever the text falls: the pages' tables shifted down by
# every line count of a page (66), as an edit above them shifts them.  A
# tbl text block once warned that it would not fit on a page only
# because it fell at a page end, which continuous rendering never has.
f=$P/share/man/man7/vswap.7
bad=
for n in $(seq 1 66); do
	# .rs: after the page header spacing is off, and .sp alone does nothing
	sed "/^\.TH /a .rs\n.sp $n" "$f" >"$WORK/shifted.7"
	MANWIDTH=80 man --warnings -l "$WORK/shifted.7" >/dev/null 2>"$WORK/warn"
	[ -s "$WORK/warn" ] && bad="$bad $n"
done
check "man7/vswap.7 shifted 1..66 lines: no groff warning${bad:+ (warned at:$bad)}" [ -z "$bad" ]

# closed_stdout CMD...: CMD with its stdout closed
closed_stdout() { "$@" >&-; }

# The binaries: --help on stdout alone, --version's three lines.
version=$(git describe --tags --always --dirty 2>/dev/null || echo unknown)
for f in sbin/vswaplat sbin/vswaptop bin/swapload; do
	name=$(basename "$f")
	bin=$P/$f
	"$bin" --help >"$WORK/out" 2>"$WORK/err"
	status=$?
	if [ "$status" -eq 0 ] && [ ! -s "$WORK/err" ] &&
	   grep -q "^usage: $name " "$WORK/out" && grep -q -- "--version" "$WORK/out"; then
		ok "$name --help: exit 0, usage on stdout, names --version"
	else
		nok "$name --help: exit $status, $(head -2 "$WORK/out") $(head -2 "$WORK/err")"
	fi
	"$bin" --version >"$WORK/out" 2>"$WORK/err"
	status=$?
	if [ "$status" -eq 0 ] && [ ! -s "$WORK/err" ] && [ "$(wc -l <"$WORK/out")" -eq 3 ] &&
	   [ "$(sed -n 1p "$WORK/out")" = "$name vswap $version" ]; then
		ok "$name --version: '$(sed -n 1p "$WORK/out")'"
	else
		nok "$name --version: exit $status, want '$name vswap $version': $(cat "$WORK/out" "$WORK/err")"
	fi
	case $name in
	swapload)
		check "$name --version: no libbpf, no BPF" \
			grep -qz 'libbpf none.bpf none' "$WORK/out"
		;;
	*)
		check "$name --version: the libbpf linked" grep -Eqx 'libbpf [0-9]+\.[0-9]+' "$WORK/out"
		sum=$(sha256sum <build/bpf/vswap.bpf.o | cut -c1-64)
		check "$name --version: the BPF object's sha256 ($(echo "$sum" | cut -c1-12))" \
			grep -qx "bpf vswap.bpf.o sha256 $sum" "$WORK/out"
		;;
	esac
	expect_error 1 "$name --version to a closed stdout" closed_stdout "$bin" --version
	check "$name: the error names $name" grep -q "^$name: " "$WORK/err"
done

# bash completion: loads under each name and completes.
C=$P/share/bash-completion/completions
for name in vswaplat vswaptop swapload; do
	check "bash completion for $name loads" \
		bash -c "source '$C/$name' && complete -p $name"
done
# complete WORDS...: what the completion offers for the last word
complete_words() {
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
		_vswap_complete; echo "${COMPREPLY[*]}"' - "$C/vswaplat" "$@"
}
check "completes vswaplat -O alloc,sw" \
	test "$(complete_words vswaplat -O alloc,sw)" = "alloc,swapout alloc,swapin alloc,swapoff"
check "completes vswaplat co" test "$(complete_words vswaplat co)" = "compare"
check "completes vswaptop -s w" test "$(complete_words vswaptop -s w)" = "wait"
check "completes swapload --v" test "$(complete_words swapload --v)" = "--version"

if make -s uninstall DESTDIR="$ROOT" >"$WORK/make" 2>&1 &&
   [ -z "$(find "$ROOT" -type f -o -type l)" ]; then
	ok "make uninstall leaves no file"
else
	nok "make uninstall: $(find "$ROOT" -type f -o -type l | head -3) $(tail -2 "$WORK/make")"
fi

tap_summary
