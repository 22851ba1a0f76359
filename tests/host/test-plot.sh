#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vswaplat compare --plot: the SVG of tests/data/plot-{a,b}.jsonl (one
# regression, one improvement, two unchanged) is well-formed XML
# (xmllint), has a panel per changed operation and none for the others,
# and Chromium renders it without a parse error into a screenshot that
# is not blank and shows both runs' colors.  Hostile names stay text;
# the plot file follows the rules of -o (no link, no device, not a
# recording).  Needs no root, no BPF.
#
#   tests/host/test-plot.sh VSWAPLAT
set -u
BIN=$(realpath "$1")
DATA=$(cd "$(dirname "$0")/../data" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

. "$(dirname "$0")/lib.sh"

# chromium_shot SVG PNG: a screenshot at the SVG's own size, the DOM to SVG.dom
chromium_shot() {
	local h
	h=$(sed -n 's/.*<svg [^>]*height="\([0-9]*\)".*/\1/p' "$1" | head -1)
	timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$WORK/chromium" --window-size="800,${h:-600}" \
		--screenshot="$2" "file://$1" >"$WORK/chromium.log" 2>&1 &&
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$WORK/chromium" --dump-dom "file://$1" >"$1.dom" 2>>"$WORK/chromium.log"
}

"$BIN" compare --plot "$WORK/ab.svg" "$DATA/plot-a.jsonl" "$DATA/plot-b.jsonl" \
	>"$WORK/out" 2>"$WORK/err"
status=$?
check "compare --plot: exit 3 (a regression), nothing on stderr" \
	test "$status" -eq 3 -a ! -s "$WORK/err"
check "the report still goes to stdout" grep -q 'REGRESSED' "$WORK/out"
check "xmllint accepts the SVG" xmllint --noout "$WORK/ab.svg"
check "two panels: the changed operations only" \
	test "$(grep -c '<g transform=' "$WORK/ab.svg")" -eq 2
check "free unmap: REGRESSED in its title" grep -q 'free unmap: <tspan[^>]*>REGRESSED<' "$WORK/ab.svg"
check "lock cluster on /dev/zram0: IMPROVED in its title" \
	grep -q 'lock cluster on /dev/zram0: <tspan[^>]*>IMPROVED<' "$WORK/ab.svg"
check "no panel for the unchanged swapin and swapout" \
	sh -c "! grep -Eq '>(swapin|swapout) ' '$WORK/ab.svg'"
check "p50 and p99 of A and B marked in each panel" \
	test "$(grep -Ec '>(A|B) p(50|99) ' "$WORK/ab.svg")" -eq 8
check "p50 242us -> 719us in the subtitle" grep -q 'p50 242us → 719us' "$WORK/ab.svg"

if chromium_shot "$WORK/ab.svg" "$WORK/ab.png"; then
	ok "chromium renders the SVG"
	check "chromium: no XML parse error" sh -c "! grep -q parsererror '$WORK/ab.svg.dom'"
	python3 "$(dirname "$0")/pngstat.py" "$WORK/ab.png" 8fbbd9 ffc086 >"$WORK/stat"
	read -r size _ colors _ ink <"$WORK/stat"
	check "the screenshot is not blank: $(head -1 "$WORK/stat")" \
		test "$colors" -gt 50 -a "${ink%%.*}" -ge 10
	check "A's bars show (blue: $(sed -n 2p "$WORK/stat"))" \
		test "$(sed -n 2p "$WORK/stat" | cut -d' ' -f2 | cut -d. -f1)" -ge 1
	check "B's bars show (orange: $(sed -n 3p "$WORK/stat"))" \
		test "$(sed -n 3p "$WORK/stat" | cut -d' ' -f2 | cut -d. -f1)" -ge 1
	check "screenshot is the SVG's size ($size)" test "$size" = "800x664"
else
	nok "chromium renders the SVG: $(tail -3 "$WORK/chromium.log")"
fi

# The README's example is this test's plot, made from the top of the tree.
(cd "$DATA/../.." && "$BIN" compare --plot "$WORK/example.svg" \
	tests/data/plot-a.jsonl tests/data/plot-b.jsonl >/dev/null 2>&1)
check "docs/compare-example.svg is current (make plot-example)" \
	cmp -s "$WORK/example.svg" "$DATA/../../docs/compare-example.svg"

# Nothing changed: a valid file that says so, and exit 0.
"$BIN" compare --plot "$WORK/aa.svg" "$DATA/plot-a.jsonl" "$DATA/plot-a.jsonl" >/dev/null 2>&1
check "A against A: exit 0" test $? -eq 0
check "A against A: valid SVG saying nothing changed" \
	sh -c "xmllint --noout '$WORK/aa.svg' && grep -q 'no operation regressed or improved' '$WORK/aa.svg'"

# Names from a recording are anybody's bytes: they stay text.
sed 's|"/dev/zram0"|"</text><script>alert(1)</script>\&amp;\\u001b[31m"|' \
	"$DATA/plot-b.jsonl" >"$WORK/evil.jsonl"
sed 's|"/dev/zram0"|"</text><script>alert(1)</script>\&amp;\\u001b[31m"|' \
	"$DATA/plot-a.jsonl" >"$WORK/evil-a.jsonl"
"$BIN" compare --plot "$WORK/evil.svg" "$WORK/evil-a.jsonl" "$WORK/evil.jsonl" >/dev/null 2>&1
check "hostile device name: the SVG is well-formed" xmllint --noout "$WORK/evil.svg"
check "hostile device name: no element from it" \
	sh -c "! grep -q '<script' '$WORK/evil.svg' && grep -q '&lt;script&gt;' '$WORK/evil.svg'"
check "hostile device name: the escape byte written as \\x1b" grep -qF '\x1b[31m' "$WORK/evil.svg"

# The file itself, as -o's: never through a link, over a device or a recording.
echo keep >"$WORK/target"
ln -s "$WORK/target" "$WORK/link.svg"
expect_error 1 "--plot onto a symlink" \
	"$BIN" compare --plot "$WORK/link.svg" "$DATA/plot-a.jsonl" "$DATA/plot-b.jsonl"
check "the link's target is untouched" grep -qx keep "$WORK/target"
expect_error 1 "--plot onto a device" \
	"$BIN" compare --plot /dev/null "$DATA/plot-a.jsonl" "$DATA/plot-b.jsonl"
expect_error 1 "--plot into a missing directory" \
	"$BIN" compare --plot "$WORK/none/x.svg" "$DATA/plot-a.jsonl" "$DATA/plot-b.jsonl"
cp "$DATA/plot-a.jsonl" "$WORK/a.jsonl"
expect_error 2 "--plot naming recording A" \
	"$BIN" compare --plot "$WORK/a.jsonl" "$WORK/a.jsonl" "$DATA/plot-b.jsonl"
check "recording A is untouched" cmp -s "$WORK/a.jsonl" "$DATA/plot-a.jsonl"
expect_error 2 "--plot without a file" "$BIN" compare "$DATA/plot-a.jsonl" "$DATA/plot-b.jsonl" --plot
check "no temporary file left" test -z "$(find "$WORK" -maxdepth 1 -name '.*' ! -name . | head -1)"

tap_summary
