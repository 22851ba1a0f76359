#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The enum values the BPF programs and tools use (bpf/vswap.h, VS_*) must
# be those of the kernel variant (include/linux/vswap.h, VSWAP_*), which
# this test rebuilds from the patch series; and so must every copy of them
# the guest's shell code types again (BACKEND_*, ALLOC_*, FREE_*, LOCK_*,
# BIND_* in guest/lib/abi.sh, or anywhere else under guest/).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$top/tests/tap.sh"

mkdir -p "$work/tree"
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$top/kernel-patches/series" | while read -r p; do
	git -C "$work/tree" apply --include='include/linux/vswap.h' \
		"$top/kernel-patches/$p" 2>/dev/null
done
kernel_h=$work/tree/include/linux/vswap.h
if [ ! -s "$kernel_h" ]; then
	nok "include/linux/vswap.h not found in the series"
	tap_summary
	exit 1
fi

# enumerators NAME FILE: the members of "enum NAME" in order
enumerators() {
	awk -v e="enum $1 {" '
		index($0, e) == 1 { on = 1; next }
		on && /^};/ { exit }
		on && match($0, /[A-Z][A-Z_0-9]+/) {
			printf "%s%s", sep, substr($0, RSTART, RLENGTH)
			sep = " "
		}' "$2"
	echo
}

# kernel enum : bpf/vswap.h enum : the guest's prefix for its copies
enums="vswap_backend:vs_backend:BACKEND vswap_alloc_path:vs_alloc_path:ALLOC
vswap_free_path:vs_free_path:FREE vswap_lock:vs_lock:LOCK
vswap_bind_reason:vs_bind_reason:BIND"

for e in $enums; do
	kname=${e%%:*} rest=${e#*:}
	k=$(enumerators "$kname" "$kernel_h")
	b=$(enumerators "${rest%%:*}" "$top/bpf/vswap.h" | sed 's/ *VS_NR_[A-Z_]*//g')
	k=$(echo "$k" | sed 's/VSWAP_/VS_/g')
	if [ -n "$k" ] && [ "$k" = "$b" ]; then
		ok "enum $kname: $k"
	else
		nok "enum $kname: kernel '$k', bpf/vswap.h '$b'"
	fi
done

# The guest's copies: NAME=VALUE assignments of the prefixes above, in
# every shell file under guest/, each against the kernel's enum (members
# count from 0; none has an explicit value).
guest_files=$(cd "$top" && ls guest/init guest/lib.sh guest/lib/*.sh guest/tests/*.sh)
for e in $enums; do
	kname=${e%%:*} prefix=${e##*:}
	# the kernel's members as the guest names them: VSWAP_BACKEND_ZERO -> BACKEND_ZERO
	want=$(enumerators "$kname" "$kernel_h" | tr ' ' '\n' | grep -v '_NR_' |
		awk -v p="$prefix" '{ n = $0; sub(/^VSWAP_[A-Z]+_/, "", n); print p "_" n "=" NR - 1 }')
	if [ -z "$want" ]; then
		nok "enum $kname: no members to check the guest's copies against"
		continue
	fi
	for f in $guest_files; do
		got=$(grep -v '^[[:space:]]*#' "$top/$f" |
			grep -oE "(^|[^A-Za-z0-9_\$])${prefix}_[A-Z0-9_]+=[0-9]+" |
			sed 's/^[^A-Z]*//' | sort -u)
		[ -n "$got" ] || continue
		bad=$(comm -23 <(echo "$got") <(echo "$want" | sort) | xargs)
		if [ -n "$bad" ]; then
			nok "$f: enum $kname copied wrong: $bad (the kernel's: $(echo $want))"
		else
			ok "$f: enum $kname copies agree: $(echo $got)"
		fi
	done
done
# guest/lib/abi.sh is the copy the tests use: it has every member
for e in $enums; do
	kname=${e%%:*} prefix=${e##*:}
	missing=$(enumerators "$kname" "$kernel_h" | tr ' ' '\n' | grep -v '_NR_' |
		sed "s/^VSWAP_[A-Z]*_/${prefix}_/" | while read -r n; do
			grep -qE "(^|[^A-Za-z0-9_])$n=" "$top/guest/lib/abi.sh" || echo "$n"
		done | xargs)
	if [ -z "$missing" ]; then
		ok "guest/lib/abi.sh: every member of enum $kname"
	else
		nok "guest/lib/abi.sh: enum $kname lacks $missing"
	fi
done
# and no guest file types a value the hist triggers key on as a number
literal=$(cd "$top" && grep -nE '\b(from|to|path|lock)=[0-9]' $guest_files | grep -v ':[[:space:]]*#')
if [ -z "$literal" ]; then
	ok "no guest file keys a hist sum on a literal enum value (from=N, to=N, path=N, lock=N)"
else
	nok "guest files key hist sums on literal enum values: $(echo "$literal" | head -3 | xargs)"
fi
tap_summary
