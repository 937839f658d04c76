/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdio.h>

#include "berth-trace.h"

/* Timing marks for benchmarks: with BERTH_TRACE=1 each mark is one line on
 * stderr, "BERTH_TRACE <monotonic µs> <mark> <detail>", read by tests/bench.
 * The clock is g_get_monotonic_time(), CLOCK_MONOTONIC, so a benchmark can
 * compare it with its own clock_gettime (CLOCK_MONOTONIC). */

gboolean
berth_trace_enabled (void)
{
  static gsize initialized;
  static gboolean enabled;

  if (g_once_init_enter (&initialized))
    {
      enabled = g_strcmp0 (g_getenv ("BERTH_TRACE"), "1") == 0;
      g_once_init_leave (&initialized, 1);
    }

  return enabled;
}

void
berth_trace_mark (const char *mark,
                  const char *format,
                  ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  if (!berth_trace_enabled ())
    return;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "BERTH_TRACE %" G_GINT64_FORMAT " %s %s\n",
           g_get_monotonic_time (), mark, detail);
  fflush (stderr);
}
