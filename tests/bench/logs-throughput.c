/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "berth-log-stream.h"
#include "berth-test-util.h"

/* How fast a container's log streams through BerthLogStream, against
 * `docker logs NAME > /dev/null` on the same container.
 *
 *   logs-throughput [LINES] [--tty]
 *
 * Needs the test engine (BERTH_TEST_DOCKER_HOST) and the docker CLI. Makes
 * a container that prints LINES lines (default 1,000,000) of about 80
 * bytes, waits for it to exit, then times each reader three times and
 * prints the best run. Berth is timed twice: chunks only ("output", what a
 * terminal view consumes) and chunks plus split lines ("lines"). Not a
 * test: the numbers are for people. */

typedef struct
{
  guint64   bytes;
  guint64   lines;
  gboolean  ended;
  int       reason;
} Reading;

static void
output_cb (BerthLogStream  *stream,
           BerthStreamType  type,
           GBytes          *data,
           Reading         *reading)
{
  reading->bytes += g_bytes_get_size (data);
}

static void
lines_cb (BerthLogStream *stream,
          GPtrArray      *lines,
          Reading        *reading)
{
  reading->lines += lines->len;
}

static void
ended_cb (BerthLogStream *stream,
          BerthStreamEnd  reason,
          const GError   *error,
          Reading        *reading)
{
  if (error != NULL)
    g_printerr ("log stream ended: %s\n", error->message);
  reading->reason = reason;
  reading->ended = TRUE;
}

static double
time_berth (BerthEngine *engine,
            const char  *name,
            gboolean     with_lines,
            Reading     *reading)
{
  g_autoptr (BerthLogStream) stream = berth_log_stream_new (engine, name);
  gint64 start;

  memset (reading, 0, sizeof *reading);
  g_signal_connect (stream, "output", G_CALLBACK (output_cb), reading);
  g_signal_connect (stream, "ended", G_CALLBACK (ended_cb), reading);
  if (with_lines)
    g_signal_connect (stream, "lines", G_CALLBACK (lines_cb), reading);
  berth_log_stream_set_follow (stream, FALSE);

  start = g_get_monotonic_time ();
  berth_log_stream_start (stream);
  while (!reading->ended)
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
time_cli (const char *name)
{
  g_autofree char *config = g_build_filename (g_get_tmp_dir (), "berth-test-docker-config", NULL);
  const char *argv[] = { "docker", "--config", config, "-H", g_getenv ("BERTH_TEST_DOCKER_HOST"),
                         "logs", name, NULL };
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("docker logs: %s", error->message);
  return (g_get_monotonic_time () - start) / 1e6;
}

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (BerthEndpoint) endpoint = NULL;
  g_autoptr (BerthEngine) engine = NULL;
  g_autofree char *name = NULL;
  g_autofree char *script = NULL;
  g_autofree char *count = NULL;
  double cli = G_MAXDOUBLE, chunks = G_MAXDOUBLE, lines = G_MAXDOUBLE;
  guint64 total_lines = 1000000;
  gboolean tty = FALSE;
  long rss_before;
  Reading reading;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--tty"))
        tty = TRUE;
      else
        total_lines = g_ascii_strtoull (argv[i], NULL, 10);
    }
  argc = 1;
  berth_test_init (&argc, &argv);

  if (g_getenv ("BERTH_TEST_DOCKER_HOST") == NULL)
    {
      g_printerr ("Set BERTH_TEST_DOCKER_HOST (eval \"$(build-aux/test-engine env)\")\n");
      return 77;
    }
  endpoint = berth_test_get_endpoint ();
  engine = berth_test_connect_engine (endpoint);

  name = berth_test_unique_name ("bench-logs");
  count = g_strdup_printf ("%" G_GUINT64_FORMAT, total_lines);
  script = g_strdup_printf ("yes 'Nov 29 14:00:00 web[42]: GET /api/items?page=7 200 1534 bytes in 3 ms ok' "
                            "| head -n %s", count);
  g_print ("Making a container that logs %s lines%s…\n", count, tty ? " on a TTY" : "");
  if (tty)
    g_free (berth_test_docker_ok ("run", "-d", "-t", "--name", name, berth_test_image (), "sh", "-c", script, NULL));
  else
    g_free (berth_test_docker_ok ("run", "-d", "--name", name, berth_test_image (), "sh", "-c", script, NULL));
  g_free (berth_test_docker_ok ("wait", name, NULL));

  for (int run = 0; run < 3; run++)
    cli = MIN (cli, time_cli (name));

  rss_before = peak_rss_kib ();
  for (int run = 0; run < 3; run++)
    chunks = MIN (chunks, time_berth (engine, name, FALSE, &reading));
  g_print ("berth read %" G_GUINT64_FORMAT " bytes\n", reading.bytes);
  for (int run = 0; run < 3; run++)
    lines = MIN (lines, time_berth (engine, name, TRUE, &reading));
  g_print ("berth split %" G_GUINT64_FORMAT " lines\n", reading.lines);

  g_print ("\n%-40s %8.3f s\n", "docker logs > /dev/null", cli);
  g_print ("%-40s %8.3f s  (%.2fx)\n", "BerthLogStream, chunks", chunks, chunks / cli);
  g_print ("%-40s %8.3f s  (%.2fx)\n", "BerthLogStream, chunks + lines", lines, lines / cli);
  g_print ("peak RSS: %ld KiB before reading, %ld KiB after\n", rss_before, peak_rss_kib ());

  g_free (berth_test_docker_ok ("rm", "-f", name, NULL));
  return reading.lines == total_lines || tty ? EXIT_SUCCESS : EXIT_FAILURE;
}
