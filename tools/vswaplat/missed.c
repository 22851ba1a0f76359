// SPDX-License-Identifier: GPL-2.0
/* The events the kernel ran no program for, per operation (missed.h). */
#include "missed.h"
#include "json.h"
#include "names.h"

void missed_update(struct missed *m, int op, int err, uint64_t total)
{
	if (err) {
		m->state[op] = MISSED_UNKNOWN;
		m->interval[op] = 0;
		return;
	}
	/* a count that went back (never seen): nothing new, not a wrap */
	m->interval[op] = total >= m->total[op] ? total - m->total[op] : 0;
	m->total[op] = total;
	m->state[op] = MISSED_KNOWN;
}

void missed_print_json(FILE *f, const struct missed *m, time_t now, double interval)
{
	struct json_writer w;

	jw_init(&w, f);
	jw_object(&w);
	jw_kstr(&w, "type", "missed");
	jw_ki64(&w, "time", now);
	jw_knum(&w, "interval_s", "%.3f", interval, true);
	jw_key(&w, "missed");
	jw_object(&w);
	for (int op = 0; op < VS_NR_OPS; op++) {
		if (m->state[op] == MISSED_NOT_ATTACHED)
			continue;
		jw_key(&w, vs_op_name(op));
		if (m->state[op] == MISSED_KNOWN)
			jw_u64(&w, m->interval[op]);
		else
			jw_null(&w);
	}
	jw_end(&w);
	jw_end(&w);
}

void missed_print_text(FILE *f, const struct missed *m)
{
	for (int op = 0; op < VS_NR_OPS; op++)
		if (m->state[op] == MISSED_KNOWN && m->interval[op])
			fprintf(f, "\nwarning: %llu events of %s not measured: the program was "
				"already running on that CPU (BPF recursion protection)\n",
				(unsigned long long)m->interval[op], vs_op_name(op));
}
