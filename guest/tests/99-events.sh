# Every event of the ABI fired at least once over the whole suite.
SCENARIO=events
if [ -n "$wanted" ]; then
	tap "ok - events: # SKIP only some tests ran"
	return 0
fi
for e in $ALL_EVENTS; do
	check_gt "$e hits over all scenarios" \
		$(cat $WORK/hits.$e 2>/dev/null | awk '{ s += $1 } END { print s + 0 }') 0
done
