/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-format.h"
#include "berth-test-util.h"

/* What people read in lists: statuses, times, lists of names. */

static void
test_status (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Up Less than a second", "Up less than a second" },
    { "Up 1 second", "Up 1 second" },
    { "Up 45 seconds", "Up 45 seconds" },
    { "Up About a minute", "Up about a minute" },
    { "Up 5 minutes", "Up 5 minutes" },
    { "Up About an hour", "Up about an hour" },
    { "Up 3 hours (healthy)", "Up 3 hours (healthy)" },
    { "Up 2 days (Paused)", "Up 2 days (paused)" },
    { "Up 3 weeks (unhealthy)", "Up 3 weeks (unhealthy)" },
    { "Up 4 seconds (health: starting)", "Up 4 seconds (health check starting)" },
    { "Exited (0) 2 hours ago", "Exited (0) 2 hours ago" },
    { "Exited (137) Less than a second ago", "Exited (137) less than a second ago" },
    { "Restarting (1) 3 seconds ago", "Restarting (1) 3 seconds ago" },
    { "Created", "Created" },
    { "Removal In Progress", "Being removed" },
    { "Dead", "Dead" },
    /* Unknown wording (another engine, a newer Docker) stays as it is. */
    { "Up 5 fortnights", "Up 5 fortnights" },
    { "Exited (x) 2 hours ago", "Exited (x) 2 hours ago" },
    { "Exited (1) 2 hours", "Exited (1) 2 hours" },
    { "Up 3 hours (sleepy)", "Up 3 hours (sleepy)" },
    { "configured", "configured" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = berth_format_status (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_relative_time (void)
{
  static const struct { gint64 ago; const char *out; } cases[] = {
    { 0, "Just now" },
    { 59, "Just now" },
    { 60, "1 minute ago" },
    { 3599, "59 minutes ago" },
    { 3600, "1 hour ago" },
    { 86399, "23 hours ago" },
    { 86400 * 3, "3 days ago" },
  };
  gint64 now = 1800000000;
  g_autofree char *unknown = berth_format_relative_time (0, now);
  g_autofree char *old = berth_format_relative_time (now - 86400 * 400, now);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = berth_format_relative_time (now - cases[i].ago, now);
      g_assert_cmpstr (out, ==, cases[i].out);
    }

  g_assert_cmpstr (unknown, ==, "Unknown");
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d{2}-\\d{2}$", old, 0, 0));
}

static void
test_list (void)
{
  const char *three[] = { "web", "db", "cache", NULL };
  const char *five[] = { "a", "b", "c", "d", "e", NULL };
  g_autofree char *none = berth_format_list (NULL, 3);
  g_autofree char *all = berth_format_list (three, 3);
  g_autofree char *some = berth_format_list (five, 3);

  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (all, ==, "web, db, cache");
  g_assert_cmpstr (some, ==, "a, b, c and 2 more");
}

int
main (int   argc,
      char *argv[])
{
  berth_test_init (&argc, &argv);

  g_test_add_func ("/format/status", test_status);
  g_test_add_func ("/format/relative-time", test_relative_time);
  g_test_add_func ("/format/list", test_list);

  return g_test_run ();
}
