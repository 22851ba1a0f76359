# SPDX-License-Identifier: GPL-2.0
# The vswap events through tracefs hist triggers.  Part of guest/lib.sh.
#
# A hist trigger aggregates in the kernel (no ring buffer to overflow), so
# the sums below are exact.  Each event gets one trigger, keyed by the
# field that names its path or backend.

hist_spec() {
	case $1 in
	vswap_slot_alloc|vswap_slot_free) echo "keys=type:vals=hitcount,nr" ;;
	vswap_alloc) echo "keys=path:vals=hitcount,nr_pages" ;;
	vswap_free) echo "keys=path:vals=hitcount,nr" ;;
	vswap_swapout|vswap_swapin|vswap_zswap_writeback|vswap_zswap_invalidate)
		echo "keys=from,to,nr_pages:vals=hitcount" ;;
	vswap_lock_contended) echo "keys=lock:vals=hitcount,wait_ns" ;;
	vswap_swapoff_*) echo "keys=type:vals=hitcount" ;;
	vswap_bind|vswap_unbind) echo "keys=reason,ptype:vals=hitcount,lat_ns" ;;
	vswap_swapout_sampled|vswap_swapin_sampled) echo "keys=from,to:vals=hitcount,ops,pages" ;;
	esac
}

hist_start() {
	local e
	for e in $ALL_EVENTS; do
		echo "hist:$(hist_spec $e):size=4096" >$VSWAP_EVENTS_DIR/$e/trigger ||
			fail "cannot attach a hist trigger to $e"
	done
}

# hist_stop DIR: save every histogram into DIR/<event>, detach triggers
hist_stop() {
	local e
	mkdir -p "$1"
	for e in $ALL_EVENTS; do
		cat $VSWAP_EVENTS_DIR/$e/hist >"$1/$e"
		echo "!hist:$(hist_spec $e):size=4096" >$VSWAP_EVENTS_DIR/$e/trigger
		hist_hits "$1/$e" >>$WORK/hits.$e
	done
}

# hist_agg sum|max FILE FIELD [KEY=VALUE...]: the sum or the largest value
# of FIELD over the histogram entries whose keys match (0 if none).
# FIELD "pages" is hitcount * nr_pages, for the transition events whose
# nr_pages is a key (the sampled events' is a value of its own).  Enum keys are numbers.
hist_agg() {
	local how=$1 file=$2 field=$3
	shift 3
	awk -v how="$how" -v field="$field" -v filter="$*" '
		BEGIN { nf = split(filter, f, " ") }
		/^\{/ {
			line = $0
			gsub(/[{},]/, " ", line)
			gsub(/: */, "=", line)
			n = split(line, tok, " ")
			delete v
			for (i = 1; i <= n; i++) {
				split(tok[i], kv, "=")
				v[kv[1]] = kv[2]
			}
			for (i = 1; i <= nf; i++) {
				split(f[i], kv, "=")
				if (v[kv[1]] != kv[2])
					next
			}
			x = field == "pages" && ("nr_pages" in v) ? v["hitcount"] * v["nr_pages"] : v[field]
			sum += x
			if (x + 0 > max)
				max = x + 0
		}
		END { print (how == "max" ? max : sum) + 0 }' "$file"
}

# hist_sum FILE FIELD [KEY=VALUE...]: sum FIELD over the matching entries
hist_sum() { hist_agg sum "$@"; }

# hist_max FILE FIELD [KEY=VALUE...]: the largest FIELD (a key: nr_pages)
hist_max() { hist_agg max "$@"; }

# hist_pages FILE [KEY=VALUE...]: pages moved by a transition event
hist_pages() {
	local file=$1
	shift
	hist_sum "$file" pages "$@"
}

# hist_hits HIST: how often the event of a saved histogram fired
hist_hits() {
	awk '/^ *Hits:/ { print $2 }' "$1"
}
