/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/resource.h>

#include "berth-container.h"
#include "berth-container-page.h"
#include "berth-containers-page.h"
#include "berth-logs-view.h"
#include "berth-window.h"

/* The real window, in-process, against an engine that already holds what
 * is measured. Prints one JSON object on stdout, for tests/bench/run. Not
 * a test.
 *
 *   bench-ui ADDRESS filter [RUNS]
 *
 * For each search (one match, a tenth, nothing, back to all) times
 * berth_resource_page_set_search_text() until the filtered and sorted
 * model has settled ("apply", wall and CPU time) and until the next frame
 * is painted ("paint"), and the same search on a bare GtkFilterListModel
 * over the same list ("model": the part that is not the view); then
 * scrolls the list a page at a time and times each step to its frame.
 *
 *   bench-ui ADDRESS logs CONTAINER LINES
 *
 * Opens the container's page on its Logs tab, asks for the whole log
 * without following, and times it until LINES lines are received and fed
 * to the terminal; reports peak and final resident memory. */

#define SETTLE_MS 500

typedef struct
{
  const char *name;
  char       *text;
  guint       expected;    /* rows shown afterwards, G_MAXUINT if unknown */
  GArray     *apply_us;
  GArray     *apply_cpu_us;
  GArray     *paint_us;
  GArray     *model_us;
  guint       shown;
} Case;

/* The bare model: the list, filtered as the page filters it. */
typedef struct
{
  GtkFilterListModel *model;
  GtkCustomFilter    *filter;
  const char         *needle;
} BareModel;

/* CPU time of this thread: steadier than wall time on a busy machine. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms, letting idles and deferred work finish. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gint64        *painted_at)
{
  if (*painted_at == 0)
    *painted_at = g_get_monotonic_time ();
}

/* The time the next frame of @widget's window finished painting. */
static gint64
wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 painted_at = 0;
  gulong id;

  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted_at);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  while (painted_at == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  return painted_at;
}

static void
wait_until_loaded (BerthWindow *window)
{
  BerthStore *store;
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  for (;;)
    {
      store = berth_window_get_store (window);
      if (store != NULL && berth_resource_list_get_loaded (berth_store_get_list (store, BERTH_RESOURCE_KIND_CONTAINER)))
        break;
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("bench-ui: the container list did not load within 120 s\n");
          exit (EXIT_FAILURE);
        }
      settle (10);
    }
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
print_stats (const char *name,
             GArray     *values,
             gboolean    last)
{
  g_autoptr (GArray) sorted = g_array_copy (values);

  g_array_sort (sorted, compare_int64);
  printf ("    \"%s\": {\"median_ms\": %.3f, \"min_ms\": %.3f, \"max_ms\": %.3f, \"n\": %u}%s\n", name,
          g_array_index (sorted, gint64, sorted->len / 2) / 1000.0,
          g_array_index (sorted, gint64, 0) / 1000.0,
          g_array_index (sorted, gint64, sorted->len - 1) / 1000.0,
          sorted->len, last ? "" : ",");
}

static gboolean
bare_filter_func (gpointer item,
                  gpointer user_data)
{
  BareModel *bare = user_data;

  return berth_resource_matches (item, bare->needle);
}

static void
run_case (BerthResourcePage *page,
          BareModel         *bare,
          Case              *c)
{
  gint64 start, cpu_start, applied, cpu_applied, painted;

  bare->needle = c->text;
  start = g_get_monotonic_time ();
  /* Not incremental: filtered when the call returns. */
  gtk_filter_changed (GTK_FILTER (bare->filter), GTK_FILTER_CHANGE_DIFFERENT);
  g_array_append_val (c->model_us, (gint64) { g_get_monotonic_time () - start });

  cpu_start = thread_cpu_us ();
  start = g_get_monotonic_time ();
  berth_resource_page_set_search_text (page, c->text);
  /* GtkFilterListModel and GtkSortListModel are not incremental here: the
   * model has settled when the call returns. */
  c->shown = berth_resource_page_get_n_shown (page);
  applied = g_get_monotonic_time ();
  cpu_applied = thread_cpu_us ();
  painted = wait_for_paint (GTK_WIDGET (page));

  g_array_append_val (c->apply_us, (gint64) { applied - start });
  g_array_append_val (c->apply_cpu_us, (gint64) { cpu_applied - cpu_start });
  g_array_append_val (c->paint_us, (gint64) { painted - start });
}

static void
time_scrolling (BerthResourcePage *page,
                GArray            *step_us)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (berth_resource_page_get_column_view (page)));
  double upper, page_size;

  gtk_adjustment_set_value (adjustment, 0);
  wait_for_paint (GTK_WIDGET (page));
  upper = gtk_adjustment_get_upper (adjustment);
  page_size = gtk_adjustment_get_page_size (adjustment);

  /* Page down through the first 40 pages, then jump to the end and back. */
  for (guint i = 1; i <= 42; i++)
    {
      double value = i <= 40 ? i * page_size : (i == 41 ? upper - page_size : 0);
      gint64 start = g_get_monotonic_time ();

      gtk_adjustment_set_value (adjustment, value);
      g_array_append_val (step_us, (gint64) { wait_for_paint (GTK_WIDGET (page)) - start });
    }
}

static BerthWindow *
open_window (GtkApplication *app,
             BerthEndpoint  *endpoint)
{
  BerthWindow *window = berth_window_new (app);

  berth_window_set_endpoint (window, endpoint);
  berth_window_show_page (window, BERTH_RESOURCE_KIND_CONTAINER);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_loaded (window);
  berth_containers_page_set_show_stopped (BERTH_CONTAINERS_PAGE (berth_window_get_page (window, BERTH_RESOURCE_KIND_CONTAINER)), TRUE);
  wait_for_paint (GTK_WIDGET (window));
  settle (SETTLE_MS);
  return window;
}

static int
bench_filter (BerthWindow *window,
              guint        runs)
{
  BerthResourcePage *page = berth_window_get_page (window, BERTH_RESOURCE_KIND_CONTAINER);
  BerthResourceList *list = berth_resource_page_get_list (page);
  g_autoptr (GArray) scroll_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *middle_name = NULL;
  BareModel bare = { NULL, NULL, NULL };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  Case cases[6];

  if (n == 0)
    {
      g_printerr ("bench-ui: the engine has no containers\n");
      return EXIT_FAILURE;
    }
  {
    g_autoptr (BerthContainer) middle = g_list_model_get_item (G_LIST_MODEL (list), n / 2);

    middle_name = g_strdup (berth_container_get_name (middle));
  }

  bare.filter = gtk_custom_filter_new (bare_filter_func, &bare, NULL);
  bare.model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (list)), g_object_ref (GTK_FILTER (bare.filter)));

  cases[0] = (Case) { "one", g_strdup (middle_name), 1 };
  cases[1] = (Case) { "clear-after-one", g_strdup (""), n };
  cases[2] = (Case) { "tenth", g_strdup ("berth-bench-01"), G_MAXUINT };
  cases[3] = (Case) { "clear-after-tenth", g_strdup (""), n };
  cases[4] = (Case) { "none", g_strdup ("no-such-container-zz"), 0 };
  cases[5] = (Case) { "clear-after-none", g_strdup (""), n };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cases[i].apply_us = g_array_new (FALSE, FALSE, sizeof (gint64));
      cases[i].apply_cpu_us = g_array_new (FALSE, FALSE, sizeof (gint64));
      cases[i].paint_us = g_array_new (FALSE, FALSE, sizeof (gint64));
      cases[i].model_us = g_array_new (FALSE, FALSE, sizeof (gint64));
    }

  for (guint run = 0; run < runs; run++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          run_case (page, &bare, &cases[i]);
          if (cases[i].expected != G_MAXUINT && cases[i].shown != cases[i].expected)
            {
              g_printerr ("bench-ui: search “%s” shows %u rows, expected %u\n",
                          cases[i].text, cases[i].shown, cases[i].expected);
              return EXIT_FAILURE;
            }
          settle (50);
        }
    }

  time_scrolling (page, scroll_us);

  printf ("{\n  \"containers\": %u,\n  \"runs\": %u,\n  \"filter\": {\n", n, runs);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      printf ("   \"%s\": {\"text\": \"%s\", \"shown\": %u,\n", cases[i].name, cases[i].text, cases[i].shown);
      print_stats ("apply", cases[i].apply_us, FALSE);
      print_stats ("apply_cpu", cases[i].apply_cpu_us, FALSE);
      print_stats ("model", cases[i].model_us, FALSE);
      print_stats ("paint", cases[i].paint_us, TRUE);
      printf ("   }%s\n", i + 1 < G_N_ELEMENTS (cases) ? "," : "");
      g_array_unref (cases[i].apply_us);
      g_array_unref (cases[i].apply_cpu_us);
      g_array_unref (cases[i].model_us);
      g_array_unref (cases[i].paint_us);
      g_free (cases[i].text);
    }
  printf ("  },\n  \"scroll\": {\n");
  print_stats ("page", scroll_us, TRUE);
  printf ("  }\n}\n");

  g_clear_object (&bare.model);
  g_clear_object (&bare.filter);
  return EXIT_SUCCESS;
}

static long
status_kib (const char *field)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) ||
      (line = strstr (text, field)) == NULL)
    return 0;
  return strtol (line + strlen (field) + 1, NULL, 10);
}

static int
bench_logs (BerthWindow *window,
            const char  *id,
            guint64      lines)
{
  BerthContainerPage *page;
  BerthLogsView *logs;
  struct rusage usage;
  long rss_before;
  gint64 start, fed, painted, deadline;

  berth_window_open_container (window, id);
  page = berth_window_get_container_page (window);
  if (page == NULL)
    {
      g_printerr ("bench-ui: no container %s in the list\n", id);
      return EXIT_FAILURE;
    }
  berth_container_page_show_tab (page, "logs");
  logs = BERTH_LOGS_VIEW (berth_container_page_get_tab (page, "logs"));
  wait_for_paint (GTK_WIDGET (logs));
  settle (SETTLE_MS);
  rss_before = status_kib ("VmRSS:");

  start = g_get_monotonic_time ();
  berth_logs_view_set_options (logs, FALSE, FALSE, -1, NULL);
  deadline = start + 600 * G_USEC_PER_SEC;
  while (berth_logs_view_get_lines_received (logs) < lines || !berth_logs_view_get_idle (logs))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("bench-ui: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " lines after 600 s\n",
                      berth_logs_view_get_lines_received (logs), lines);
          return EXIT_FAILURE;
        }
      g_main_context_iteration (NULL, TRUE);
    }
  fed = g_get_monotonic_time ();
  painted = wait_for_paint (GTK_WIDGET (logs));
  getrusage (RUSAGE_SELF, &usage);

  printf ("{\n  \"lines\": %" G_GUINT64_FORMAT ",\n  \"lines_received\": %" G_GUINT64_FORMAT ",\n"
          "  \"lines_dropped\": %" G_GUINT64_FORMAT ",\n  \"fed_s\": %.3f,\n  \"painted_s\": %.3f,\n"
          "  \"rss_before_mib\": %.1f,\n  \"rss_after_mib\": %.1f,\n  \"peak_rss_mib\": %.1f\n}\n",
          lines, berth_logs_view_get_lines_received (logs), berth_logs_view_get_lines_dropped (logs),
          (fed - start) / 1e6, (painted - start) / 1e6,
          rss_before / 1024.0, status_kib ("VmRSS:") / 1024.0, usage.ru_maxrss / 1024.0);
  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (AdwApplication) app = NULL;
  g_autoptr (BerthEndpoint) endpoint = NULL;
  g_autoptr (GError) error = NULL;
  BerthWindow *window;
  int status;

  if (argc < 3 || (!g_str_equal (argv[2], "filter") && !(g_str_equal (argv[2], "logs") && argc == 5)))
    {
      g_printerr ("usage: bench-ui ADDRESS filter [RUNS]\n"
                  "       bench-ui ADDRESS logs CONTAINER LINES\n");
      return 2;
    }

  endpoint = berth_endpoint_new_for_address (argv[1], &error);
  if (endpoint == NULL)
    {
      g_printerr ("bench-ui: %s\n", error->message);
      return 2;
    }

  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  app = adw_application_new ("io.github.berthapp.Berth.BenchUi", G_APPLICATION_NON_UNIQUE);
  g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/berthapp/Berth");
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("bench-ui: %s\n", error->message);
      return 1;
    }

  window = open_window (GTK_APPLICATION (app), endpoint);
  if (g_str_equal (argv[2], "filter"))
    status = bench_filter (window, argc > 3 ? (guint) atoi (argv[3]) : 7);
  else
    status = bench_logs (window, argv[3], g_ascii_strtoull (argv[4], NULL, 10));

  gtk_window_destroy (GTK_WINDOW (window));
  return status;
}
