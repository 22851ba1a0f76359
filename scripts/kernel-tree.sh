# SPDX-License-Identifier: GPL-2.0
#
# Sourced by scripts/kernel-build.sh and scripts/kernel-deb.sh: the one
# patched 6.12 source tree they share.
#
#   kernel_tree PATCH...
#
# leaves $src (under $cache) as Debian's linux-source-6.12 with PATCH...
# applied by git am, and holds the cache lock on fd 9 until the caller
# exits: one build at a time per cache, since the tree is shared; and
# exports ccache's settings for tree_make.  The caller sets cache and
# tarball and defines die().
#
# The tree is a git repository at a fixed path, so that ccache hits
# survive patch changes (only the files a patch touches recompile) and
# unchanged files keep their mtimes.

kernel_tree() {
	local base p
	exec 9>"$cache/lock"
	flock 9
	src=$cache/linux-6.12
	base=$(tarball_id)
	if [ "$(cat "$src/.vswap-base" 2>/dev/null)" != "$base" ]; then
		echo "kernel-tree: unpacking $tarball"
		rm -rf "$src" "$src.tmp"
		mkdir -p "$src.tmp"
		tar -C "$src.tmp" --strip-components=1 -xf "$tarball"
		git -C "$src.tmp" init -q
		# Debian's packaging .gitignore ignores the whole top level: force.
		git -C "$src.tmp" add -A -f
		git -C "$src.tmp" -c user.name=vswap -c user.email=vswap@localhost \
			commit -qm "linux-source-6.12 $base"
		git -C "$src.tmp" tag base
		echo "$base" >"$src.tmp/.vswap-base"
		mv "$src.tmp" "$src"
	fi
	git -C "$src" am --abort >/dev/null 2>&1 || true
	git -C "$src" reset -q --hard base
	git -C "$src" clean -qfdx -e .vswap-base
	for p in "$@"; do
		git -C "$src" -c user.name=vswap -c user.email=vswap@localhost \
			am -q --keep-cr "$p" || die "patch $p does not apply"
	done
	# An annotated tag at HEAD keeps setlocalversion from appending '+'.
	git -C "$src" -c user.name=vswap -c user.email=vswap@localhost \
		tag -f -a -m build vswap-build >/dev/null
	export CCACHE_DIR=$cache/ccache CCACHE_NOHASHDIR=1 CCACHE_BASEDIR=$src
	export KBUILD_BUILD_USER=vswap KBUILD_BUILD_HOST=vswap
}

# tree_make OBJ ARGS...: make in the tree, objects in OBJ, through ccache
tree_make() {
	local o=$1
	shift
	make -s -C "$src" O="$o" CC="ccache gcc" HOSTCC="ccache gcc" "$@"
}

# series_patches FILE: the patches FILE names, in order, as paths beside
# it (or absolute); '#' comments and blank lines are skipped.
series_patches() {
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' -e "s|^\([^/]\)|$(dirname "$1")/\1|" "$1"
}

# Hashing the 150 MB tarball costs a second; remember it per (size, mtime).
tarball_id() {
	local stamp memo
	stamp=$(stat -c '%s-%Y' "$tarball")
	memo=$cache/tarball.$stamp.sha256
	[ -s "$memo" ] || sha256sum <"$tarball" | cut -d' ' -f1 >"$memo"
	cat "$memo"
}

# touched_c PATCH...: the C files the patches change, sorted.
touched_c() {
	local p
	for p in "$@"; do
		sed -n 's|^+++ b/\(.*\.c\)$|\1|p' "$p"
	done | sort -u
}
