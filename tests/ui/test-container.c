/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "berth-container-overview.h"
#include "berth-container-page.h"
#include "berth-containers-page.h"
#include "berth-logs-view.h"
#include "berth-processes-view.h"
#include "berth-stats-view.h"
#include "berth-terminal-view.h"
#include "berth-test-util.h"
#include "berth-ui-test-util.h"
#include "berth-window.h"

/* A container's own page in the real window, against the private test
 * engine: each tab shows what the container does (its log, a shell in it,
 * its resource use, its processes), and says so when it cannot. The tests
 * run in order and share one window and one running container. */

static GtkApplication *app;
static BerthEndpoint *endpoint;
static BerthWindow *window;

static char *web;        /* running: prints to stdout and stderr, then sleeps */
static char *web_id;
static char *done;       /* exited with code 2 */
static char *done_id;

static char *
run_container (const char *name,
               gboolean    detach,
               const char *script)
{
  g_autofree char *out = NULL;

  out = berth_test_docker_ok ("run", "-d", "--name", name, "--label", "berth-ui-test=container-page",
                              "-e", "GREETING=hello", berth_test_image (), "sh", "-c", script, NULL);
  if (!detach)
    {
      g_free (out);
      out = berth_test_docker_ok ("wait", name, NULL);
    }
  return g_strstrip (berth_test_docker_ok ("inspect", "-f", "{{.Id}}", name, NULL));
}

static BerthResourceList *
containers (void)
{
  return berth_store_get_list (berth_window_get_store (window), BERTH_RESOURCE_KIND_CONTAINER);
}

static BerthContainerPage *
container_page (void)
{
  return berth_window_get_container_page (window);
}

static GtkWidget *
tab (const char *name)
{
  return berth_container_page_get_tab (container_page (), name);
}

static void
show_tab (const char *name)
{
  berth_container_page_show_tab (container_page (), name);
  berth_test_wait_until (gtk_widget_get_mapped (tab (name)), 10000);
}

static gboolean
text_contains (char       *text,
               const char *needle)
{
  g_autofree char *owned = text;

  return owned != NULL && strstr (owned, needle) != NULL;
}

static guint
count_in (char       *text,
          const char *needle)
{
  g_autofree char *owned = text;
  guint n = 0;

  for (const char *p = owned; p != NULL && (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

static gboolean
button_with_label (GtkWidget *widget,
                   gpointer   label)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
check_with_label (GtkWidget *widget,
                  gpointer   label)
{
  return g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), label) == 0;
}

static gboolean
log_contains (const char *command)
{
  GListModel *log = G_LIST_MODEL (berth_window_get_command_log (window));

  for (guint i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr (BerthCommandEntry) entry = g_list_model_get_item (log, i);

      if (g_strcmp0 (berth_command_entry_get_command (entry), command) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Setup ----------------------------------------------------------------------- */

/* What an aborted earlier run left behind. */
static void
remove_leftovers (void)
{
  g_autofree char *ids = berth_test_docker_ok ("ps", "-aq", "--filter", "label=berth-ui-test=container-page", NULL);
  g_auto (GStrv) lines = g_strsplit (ids, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_free (berth_test_docker_ok ("rm", "-f", lines[i], NULL));
}

static void
test_open (void)
{
  if (endpoint == NULL)
    return;

  remove_leftovers ();

  web = g_strdup_printf ("ui-ctr-web-%d", (int) getpid ());
  done = g_strdup_printf ("ui-ctr-done-%d", (int) getpid ());
  web_id = run_container (web, TRUE, "echo hello-out; echo hello-err >&2; while true; do sleep 1; done");
  done_id = run_container (done, FALSE, "echo bye; exit 2");

  window = berth_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  berth_window_set_endpoint (window, endpoint);
  gtk_window_present (GTK_WINDOW (window));
  berth_test_wait_until (berth_resource_list_get_loaded (containers ()), 10000);
  berth_test_wait_until (berth_resource_list_lookup (containers (), web_id) != NULL, 5000);

  berth_window_open_container (window, web_id);
  g_assert_nonnull (container_page ());
  g_assert_cmpstr (berth_container_page_get_container_id (container_page ()), ==, web_id);
  g_assert_cmpstr (berth_container_page_get_name (container_page ()), ==, web);
  g_assert_cmpstr (berth_container_page_get_visible_tab (container_page ()), ==, "overview");
}

/* Overview ---------------------------------------------------------------------- */

static void
test_overview (void)
{
  BerthContainerOverview *overview;

  if (window == NULL)
    return;

  overview = BERTH_CONTAINER_OVERVIEW (tab ("overview"));
  berth_test_wait_until (berth_container_overview_get_loaded (overview), 5000);
  g_assert_cmpstr (berth_container_overview_get_value (overview, "state"), ==, "Running");
  g_assert_nonnull (strstr (berth_container_overview_get_value (overview, "command"), "sh -c 'echo hello-out;"));
  g_assert_nonnull (strstr (berth_container_overview_get_value (overview, "image"), "busybox"));
  g_assert_nonnull (strstr (berth_container_overview_get_value (overview, "restart-count"), "0"));
  g_assert_nonnull (berth_container_overview_get_value (overview, "started"));
  g_assert_nonnull (berth_container_overview_get_value (overview, "ip"));
  g_assert_null (berth_container_overview_get_value (overview, "exit-code"));
  berth_ui_save_png (GTK_WIDGET (window), "container-overview.png");
}

/* Logs ---------------------------------------------------------------------------- */

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;

  if (!berth_logs_view_save_finish (BERTH_LOGS_VIEW (object), result, error))
    g_assert_nonnull (*error);
  else
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "ok");
}

static void
test_logs (void)
{
  BerthLogsView *logs;
  g_autofree char *command = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) result = NULL;

  if (window == NULL)
    return;

  show_tab ("logs");
  logs = BERTH_LOGS_VIEW (tab ("logs"));
  berth_test_wait_until (text_contains (berth_logs_view_dup_text (logs), "hello-out") &&
                         text_contains (berth_logs_view_dup_text (logs), "hello-err"), 10000);
  g_assert_cmpuint (berth_logs_view_get_lines_received (logs), ==, 2);
  g_assert_cmpuint (berth_logs_view_get_lines_dropped (logs), ==, 0);
  g_assert_cmpstr (berth_logs_view_get_state_text (logs), ==, "Following new output");

  command = g_strdup_printf ("docker logs -f --tail 1000 %s", web);
  g_assert_cmpstr (berth_logs_view_get_command (logs), ==, command);
  g_assert_true (log_contains (command));

  /* Search highlights (selects) the match. */
  g_assert_true (berth_logs_view_search (logs, "HELLO-ERR", TRUE));
  g_assert_true (text_contains (vte_terminal_get_text_selected (berth_logs_view_get_terminal (logs), VTE_FORMAT_TEXT),
                                "hello-err"));
  g_assert_false (berth_logs_view_search (logs, "no-such-text", TRUE));
  berth_logs_view_search (logs, "hello-err", TRUE);
  berth_ui_save_png (GTK_WIDGET (window), "container-logs.png");

  /* Saved as `docker logs NAME > FILE 2>&1` would: raw, both streams, no
   * colour of ours. */
  path = g_build_filename (g_get_tmp_dir (), "berth-ui-ctr-XXXXXX.log", NULL);
  g_close (g_mkstemp (path), NULL);
  g_unlink (path);
  file = g_file_new_for_path (path);
  berth_logs_view_save_async (logs, file, NULL, saved_cb, &result);
  berth_test_wait_until (result != NULL, 10000);
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  /* Two writes a moment apart: the engine may have either first. */
  g_assert_true (g_str_equal (contents, "hello-out\nhello-err\n") || g_str_equal (contents, "hello-err\nhello-out\n"));
  g_unlink (path);

  /* Options are the CLI's: timestamps and a tail read the log again. */
  berth_logs_view_set_options (logs, TRUE, TRUE, 1, NULL);
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("docker logs -f -t --tail 1 %s", web);
  g_assert_cmpstr (berth_logs_view_get_command (logs), ==, command);
  berth_test_wait_until (berth_logs_view_get_lines_received (logs) == 1 &&
                         text_contains (berth_logs_view_dup_text (logs), "Z hello-"), 10000);
  {
    g_autofree char *text = berth_logs_view_dup_text (logs);

    /* The last line only, whichever of the two the engine has last. */
    g_assert_true ((strstr (text, "hello-err") != NULL) != (strstr (text, "hello-out") != NULL));
    g_assert_true (g_regex_match_simple ("20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z hello-(out|err)", text, 0, 0));
  }
  berth_logs_view_set_options (logs, TRUE, FALSE, 1000, NULL);
  berth_test_wait_until (text_contains (berth_logs_view_dup_text (logs), "hello-out"), 10000);
}

/* Terminal ------------------------------------------------------------------------ */

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* `stty size` in the shell says the widget's rows and columns. A resize
 * reaches the engine on its own connection, so the first `stty` typed
 * right after a resize may still see the old size: ask again. */
static void
expect_stty_size (VteTerminal *vte)
{
  g_autofree char *expected = g_strdup_printf ("\n%ld %ld\n", vte_terminal_get_row_count (vte),
                                               vte_terminal_get_column_count (vte));

  for (guint attempt = 0; attempt < 20; attempt++)
    {
      gboolean waited = FALSE;
      guint id;

      vte_terminal_feed_child (vte, "stty size\n", -1);
      id = g_timeout_add (500, timeout_cb, &waited);
      while (!waited && !text_contains (berth_terminal_dup_text (vte), expected))
        g_main_context_iteration (NULL, TRUE);
      if (!waited)
        {
          g_source_remove (id);
          return;
        }
    }
  g_error ("The shell never said its size is%s", expected);
}

static void
test_terminal (void)
{
  BerthTerminalView *terminal;
  VteTerminal *vte;
  glong columns;
  g_autofree char *command = NULL;
  GtkWidget *again;

  if (window == NULL)
    return;

  show_tab ("terminal");
  terminal = BERTH_TERMINAL_VIEW (tab ("terminal"));

  /* A shell opens by itself: the first of bash, ash and sh found. */
  berth_test_wait_until (berth_terminal_view_get_n_sessions (terminal) == 1 &&
                         berth_terminal_view_get_running (terminal), 10000);
  g_assert_cmpstr (berth_terminal_view_get_shell (terminal), ==, "/bin/ash");
  command = g_strdup_printf ("docker exec -it %s /bin/ash", web);
  g_assert_cmpstr (berth_terminal_view_get_command (terminal), ==, command);
  berth_test_wait_until (log_contains (command), 2000);

  /* Typed into the widget, answered in the widget. */
  vte = berth_terminal_view_get_terminal (terminal);
  vte_terminal_feed_child (vte, "echo terminal-$((6*7))\n", -1);
  berth_test_wait_until (text_contains (berth_terminal_dup_text (vte), "terminal-42"), 10000);

  /* The remote terminal has the widget's size, and follows it. */
  expect_stty_size (vte);
  columns = vte_terminal_get_column_count (vte);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 640);
  berth_test_wait_until (vte_terminal_get_column_count (vte) != columns, 5000);
  expect_stty_size (vte);
  columns = vte_terminal_get_column_count (vte);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  berth_test_wait_until (vte_terminal_get_column_count (vte) != columns, 5000);

  vte_terminal_feed_child (vte, "exit 3\n", -1);
  berth_test_wait_until (!berth_terminal_view_get_running (terminal), 10000);
  g_assert_cmpstr (berth_terminal_view_get_message (terminal), ==, "Process exited with code 3");
  berth_test_wait_until (text_contains (berth_terminal_dup_text (vte), "[Process exited with code 3]"), 2000);
  berth_ui_save_png (GTK_WIDGET (window), "container-terminal.png");

  /* "Start a New Session" in the same tab. */
  again = berth_ui_find_widget (tab ("terminal"), GTK_TYPE_BUTTON, button_with_label, (gpointer) "_Start a New Session");
  g_assert_nonnull (again);
  g_assert_true (gtk_widget_is_drawable (again));
  gtk_widget_activate (again);
  berth_test_wait_until (berth_terminal_view_get_running (terminal), 10000);
  g_assert_null (berth_terminal_view_get_message (terminal));

  /* A second tab, as another user; closing a tab ends its session. */
  berth_terminal_view_set_options (terminal, "/bin/sh", "nobody", "/tmp");
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("docker exec -it -u nobody -w /tmp %s /bin/sh", web);
  berth_terminal_view_new_session (terminal);
  berth_test_wait_until (berth_terminal_view_get_n_sessions (terminal) == 2 &&
                         berth_terminal_view_get_running (terminal), 10000);
  g_assert_cmpstr (berth_terminal_view_get_command (terminal), ==, command);
  vte = berth_terminal_view_get_terminal (terminal);
  vte_terminal_feed_child (vte, "echo me=$(id -un) in=$(pwd)\n", -1);
  berth_test_wait_until (text_contains (berth_terminal_dup_text (vte), "me=nobody in=/tmp"), 10000);

  berth_terminal_view_close_session (terminal);
  berth_test_wait_until (berth_terminal_view_get_n_sessions (terminal) == 1, 5000);
  berth_terminal_view_close_session (terminal);
  berth_test_wait_until (berth_terminal_view_get_n_sessions (terminal) == 0, 5000);
  g_assert_cmpstr (berth_terminal_view_get_message (terminal), ==, "No Terminal Open");
  berth_terminal_view_set_options (terminal, "/bin/ash", NULL, NULL);
}

/* Stats ----------------------------------------------------------------------------- */

static void
test_stats (void)
{
  BerthStatsView *stats;
  g_autofree char *command = NULL;

  if (window == NULL)
    return;

  show_tab ("stats");
  stats = BERTH_STATS_VIEW (tab ("stats"));
  g_assert_true (berth_stats_view_get_streaming (stats));

  /* The graphs get a point a second; the network one needs two samples. */
  berth_test_wait_until (berth_stats_view_get_n_samples (stats) >= 3, 15000);
  g_assert_cmpuint (berth_graph_get_n_points (berth_stats_view_get_graph (stats, "cpu"), 0), >=, 3);
  g_assert_cmpuint (berth_graph_get_n_points (berth_stats_view_get_graph (stats, "memory"), 0), >=, 3);
  g_assert_cmpuint (berth_graph_get_n_points (berth_stats_view_get_graph (stats, "network"), 0), >=, 2);
  g_assert_nonnull (strstr (berth_stats_view_get_value (stats, "cpu"), "%"));
  g_assert_cmpstr (berth_stats_view_get_value (stats, "pids"), !=, "—");
  command = g_strdup_printf ("docker stats %s", web);
  g_assert_true (log_contains (command));
  berth_ui_save_png (GTK_WIDGET (window), "container-stats.png");

  /* Hidden, it stops asking. */
  show_tab ("overview");
  g_assert_false (berth_stats_view_get_streaming (stats));
}

/* Processes --------------------------------------------------------------------------- */

static void
test_processes (void)
{
  BerthProcessesView *processes;
  g_autofree char *pids = NULL;
  guint refreshes;

  if (window == NULL)
    return;

  show_tab ("processes");
  processes = BERTH_PROCESSES_VIEW (tab ("processes"));
  berth_test_wait_until (berth_processes_view_get_n_processes (processes) >= 2, 10000);
  g_assert_true (berth_processes_view_lists (processes, "sh -c") || berth_processes_view_lists (processes, "sleep"));

  /* The shells of the terminal tabs closed before ended with their tabs. */
  berth_test_wait_until (!berth_processes_view_lists (processes, "/bin/ash") &&
                         !berth_processes_view_lists (processes, "/bin/sh"), 10000);
  berth_test_wait_until (berth_processes_view_get_polling (processes), 2000);

  /* Sortable: by PID, largest first. */
  berth_processes_view_sort_by (processes, "PID", GTK_SORT_DESCENDING);
  pids = berth_processes_view_dup_column (processes, "PID");
  {
    g_auto (GStrv) lines = g_strsplit (pids, "\n", -1);

    g_assert_cmpint (g_ascii_strtoll (lines[0], NULL, 10), >, g_ascii_strtoll (lines[1], NULL, 10));
  }
  berth_processes_view_sort_by (processes, "PID", GTK_SORT_ASCENDING);
  berth_ui_save_png (GTK_WIDGET (window), "container-processes.png");

  /* It asks again while shown, and not once hidden. */
  refreshes = berth_processes_view_get_n_refreshes (processes);
  berth_test_wait_until (berth_processes_view_get_n_refreshes (processes) > refreshes, 10000);
  show_tab ("overview");
  g_assert_false (berth_processes_view_get_polling (processes));
}

/* Restarted and paused while its page is open: the log marks the gap and
 * goes on, the overview follows the state. */
static void
test_restart (void)
{
  BerthLogsView *logs;
  BerthTerminalView *terminal;
  BerthContainerOverview *overview;

  if (window == NULL)
    return;

  show_tab ("terminal");
  terminal = BERTH_TERMINAL_VIEW (tab ("terminal"));
  berth_terminal_view_new_session (terminal);
  berth_test_wait_until (berth_terminal_view_get_running (terminal), 10000);

  show_tab ("logs");
  logs = BERTH_LOGS_VIEW (tab ("logs"));
  berth_test_wait_until (berth_logs_view_get_lines_received (logs) == 2, 10000);

  /* Stopped: the log waits, the terminal says why its session ended. */
  g_free (berth_test_docker_ok ("stop", "-t", "1", web, NULL));
  berth_test_wait_until (g_strcmp0 (berth_logs_view_get_state_text (logs), "The container is not running") == 0, 10000);
  berth_test_wait_until (!berth_terminal_view_get_running (terminal), 10000);
  g_assert_true (g_str_has_prefix (berth_terminal_view_get_message (terminal), "The container stopped"));
  berth_terminal_view_close_session (terminal);

  /* Started again: the log goes on after a mark. */
  g_free (berth_test_docker_ok ("start", web, NULL));
  berth_test_wait_until (berth_logs_view_get_lines_received (logs) >= 4, 20000);
  berth_test_wait_until (text_contains (berth_logs_view_dup_text (logs), "The container started again") ||
                         text_contains (berth_logs_view_dup_text (logs), "The container restarted"), 5000);

  /* Restarted: the same, without a pause. */
  g_free (berth_test_docker_ok ("restart", "-t", "1", web, NULL));
  berth_test_wait_until (berth_logs_view_get_lines_received (logs) >= 6, 20000);
  berth_test_wait_until (g_strcmp0 (berth_logs_view_get_state_text (logs), "Following new output") == 0, 10000);
  berth_test_wait_until (count_in (berth_logs_view_dup_text (logs), "hello-out") == 3, 10000);
  berth_ui_save_png (GTK_WIDGET (window), "container-logs-restarted.png");

  show_tab ("overview");
  overview = BERTH_CONTAINER_OVERVIEW (tab ("overview"));
  g_free (berth_test_docker_ok ("pause", web, NULL));
  berth_test_wait_until (g_strcmp0 (berth_container_overview_get_value (overview, "state"), "Paused") == 0, 10000);
  g_free (berth_test_docker_ok ("unpause", web, NULL));
  berth_test_wait_until (g_strcmp0 (berth_container_overview_get_value (overview, "state"), "Running") == 0, 10000);
}

/* A stopped container ------------------------------------------------------------------ */

static void
test_stopped (void)
{
  BerthContainerOverview *overview;
  BerthTerminalView *terminal;
  BerthLogsView *logs;

  if (window == NULL)
    return;

  berth_test_wait_until (berth_resource_list_lookup (containers (), done_id) != NULL, 5000);
  berth_window_open_container (window, done_id);
  g_assert_cmpstr (berth_container_page_get_container_id (container_page ()), ==, done_id);

  overview = BERTH_CONTAINER_OVERVIEW (tab ("overview"));
  berth_test_wait_until (berth_container_overview_get_loaded (overview), 5000);
  g_assert_cmpstr (berth_container_overview_get_value (overview, "state"), ==, "Exited");
  g_assert_cmpstr (berth_container_overview_get_value (overview, "exit-code"), ==, "2 — the program reported an error");
  g_assert_nonnull (berth_container_overview_get_value (overview, "finished"));
  berth_ui_save_png (GTK_WIDGET (window), "container-overview-stopped.png");

  /* Its log is there; a terminal says why there is none. */
  show_tab ("logs");
  logs = BERTH_LOGS_VIEW (tab ("logs"));
  berth_test_wait_until (text_contains (berth_logs_view_dup_text (logs), "bye"), 10000);
  berth_test_wait_until (g_strcmp0 (berth_logs_view_get_state_text (logs), "The container is not running") == 0, 10000);

  show_tab ("terminal");
  terminal = BERTH_TERMINAL_VIEW (tab ("terminal"));
  g_assert_cmpuint (berth_terminal_view_get_n_sessions (terminal), ==, 0);
  g_assert_cmpstr (berth_terminal_view_get_message (terminal), ==, "The Container Is Not Running");
  berth_ui_save_png (GTK_WIDGET (window), "container-terminal-stopped.png");
}

/* `docker attach` for a container started with -it, and its detach keys. */
static void
test_attach (void)
{
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *command = NULL;
  BerthTerminalView *terminal;
  VteTerminal *vte;

  if (window == NULL)
    return;

  name = g_strdup_printf ("ui-ctr-it-%d", (int) getpid ());
  out = berth_test_docker_ok ("run", "-dit", "--name", name, "--label", "berth-ui-test=container-page",
                              berth_test_image (), "sh", NULL);
  id = g_strstrip (berth_test_docker_ok ("inspect", "-f", "{{.Id}}", name, NULL));
  berth_test_wait_until (berth_resource_list_lookup (containers (), id) != NULL, 5000);
  berth_window_open_container (window, id);
  show_tab ("terminal");
  terminal = BERTH_TERMINAL_VIEW (tab ("terminal"));
  berth_test_wait_until (berth_terminal_view_get_can_attach (terminal), 5000);
  berth_test_wait_until (berth_terminal_view_get_n_sessions (terminal) == 1, 10000);

  berth_terminal_view_attach (terminal);
  berth_test_wait_until (berth_terminal_view_get_n_sessions (terminal) == 2 &&
                         berth_terminal_view_get_running (terminal), 10000);
  command = g_strdup_printf ("docker attach --detach-keys ctrl-p,ctrl-q %s", name);
  g_assert_cmpstr (berth_terminal_view_get_command (terminal), ==, command);
  vte = berth_terminal_view_get_terminal (terminal);
  vte_terminal_feed_child (vte, "echo attached-$((1+1))\n", -1);
  berth_test_wait_until (text_contains (berth_terminal_dup_text (vte), "attached-2"), 10000);
  berth_ui_save_png (GTK_WIDGET (window), "container-terminal-attached.png");

  /* Ctrl+P Ctrl+Q: the container keeps running. */
  vte_terminal_feed_child (vte, "\020\021", 2);
  berth_test_wait_until (!berth_terminal_view_get_running (terminal), 10000);
  g_assert_cmpstr (berth_terminal_view_get_message (terminal), ==, "Detached. The container keeps running.");
  g_clear_pointer (&out, g_free);
  out = berth_test_docker_ok ("inspect", "-f", "{{.State.Running}}", name, NULL);
  g_assert_cmpstr (g_strstrip (out), ==, "true");

  g_free (berth_test_docker_ok ("rm", "-f", name, NULL));
  berth_test_wait_until (berth_container_page_get_gone (container_page ()), 10000);
}

/* A container without any shell says so, instead of failing to open one. */
static void
test_no_shell (void)
{
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  BerthTerminalView *terminal;

  if (window == NULL)
    return;

  name = g_strdup_printf ("ui-ctr-noshell-%d", (int) getpid ());
  id = run_container (name, TRUE, "rm -f /bin/sh /bin/ash /bin/bash /usr/bin/bash; exec sleep 1000");
  berth_test_wait_until (berth_resource_list_lookup (containers (), id) != NULL, 5000);
  berth_window_open_container (window, id);
  show_tab ("terminal");
  terminal = BERTH_TERMINAL_VIEW (tab ("terminal"));
  berth_test_wait_until (g_strcmp0 (berth_terminal_view_get_message (terminal), "No Shell in This Container") == 0, 10000);
  g_assert_cmpuint (berth_terminal_view_get_n_sessions (terminal), ==, 0);
  berth_ui_save_png (GTK_WIDGET (window), "container-terminal-no-shell.png");
  g_free (berth_test_docker_ok ("rm", "-f", name, NULL));
}

/* The list opens a container's page (Enter, double click), and Back returns. */
static void
test_list_activation (void)
{
  BerthResourcePage *list_page;
  GtkColumnView *view;
  GListModel *model;
  guint position = G_MAXUINT;

  if (window == NULL)
    return;

  berth_window_show_page (window, BERTH_RESOURCE_KIND_CONTAINER);
  list_page = berth_window_get_page (window, BERTH_RESOURCE_KIND_CONTAINER);
  berth_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (list_page)), 2000);
  view = berth_resource_page_get_column_view (list_page);
  model = G_LIST_MODEL (gtk_column_view_get_model (view));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (BerthResource) item = berth_resource_page_get_item (list_page, i);

      if (g_strcmp0 (berth_resource_get_id (item), web_id) == 0)
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);

  g_signal_emit_by_name (view, "activate", position);
  g_assert_cmpstr (berth_container_page_get_container_id (container_page ()), ==, web_id);
  berth_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (container_page ())), 2000);

  gtk_widget_activate_action (GTK_WIDGET (container_page ()), "container.back", NULL);
  berth_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (list_page)), 2000);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (container_page ())));
}

static gboolean
is_percent_label (GtkWidget *widget,
                  gpointer   data)
{
  return g_regex_match_simple ("^[0-9]+\\.[0-9] %$", gtk_label_get_label (GTK_LABEL (widget)), 0, 0);
}

/* The optional CPU and memory columns: off by default, remembered. */
static void
test_usage_columns (void)
{
  BerthResourcePage *list_page;
  GtkWidget *check;
  g_auto (GStrv) columns = NULL;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);

  if (window == NULL)
    return;

  list_page = berth_window_get_page (window, BERTH_RESOURCE_KIND_CONTAINER);
  g_assert_null (berth_ui_find_widget (GTK_WIDGET (list_page), GTK_TYPE_LABEL, is_percent_label, NULL));
  check = berth_ui_find_widget (GTK_WIDGET (list_page), GTK_TYPE_CHECK_BUTTON, check_with_label, (gpointer) "_CPU use");
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  columns = g_settings_get_strv (settings, "container-columns");
  g_assert_true (g_strv_contains ((const char * const *) columns, "cpu"));

  berth_test_wait_until (berth_ui_find_widget (GTK_WIDGET (list_page), GTK_TYPE_LABEL, is_percent_label, NULL) != NULL,
                         15000);
  berth_ui_save_png (GTK_WIDGET (window), "containers-usage-columns.png");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
}

/* Removed while its page is open: every tab says so, nothing hangs. */
static void
test_removed (void)
{
  BerthTerminalView *terminal;
  BerthLogsView *logs;

  if (window == NULL)
    return;

  berth_window_open_container (window, web_id);
  show_tab ("terminal");
  terminal = BERTH_TERMINAL_VIEW (tab ("terminal"));
  berth_terminal_view_new_session (terminal);
  berth_test_wait_until (berth_terminal_view_get_running (terminal), 10000);
  logs = BERTH_LOGS_VIEW (tab ("logs"));

  g_free (berth_test_docker_ok ("rm", "-f", web, NULL));
  berth_test_wait_until (berth_container_page_get_gone (container_page ()), 10000);
  berth_test_wait_until (!berth_terminal_view_get_running (terminal), 10000);
  g_assert_nonnull (berth_terminal_view_get_message (terminal));
  berth_test_wait_until (g_strcmp0 (berth_logs_view_get_state_text (logs), "The container no longer exists") == 0, 10000);
  berth_ui_save_png (GTK_WIDGET (window), "container-removed.png");
}

static void
after_paint_cb (GdkFrameClock *clock,
                gint64        *times)
{
  gint64 now = g_get_monotonic_time ();

  if (times[0] != 0)
    times[1] = MAX (times[1], now - times[0]);
  times[0] = now;
}

static gint64
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
}

/* A log far longer than the terminal keeps: the queue never holds much
 * more than twice what the terminal keeps, and the terminal ends up with the
 * log's last lines, in order, none missing among them. */
static void
test_logs_flood (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  BerthLogsView *logs;
  VteTerminal *terminal;
  guint64 kept, max_queued = 0, previous = 0, first = 0, n_numbers = 0;
  gint64 deadline;

  if (window == NULL)
    return;

  g_settings_set_int (settings, "log-scrollback-lines", 1000);
  name = g_strdup_printf ("ui-ctr-flood-%d", (int) getpid ());
  id = run_container (name, FALSE, "seq 1 1000000");
  berth_test_wait_until (berth_resource_list_lookup (containers (), id) != NULL, 5000);
  berth_window_open_container (window, id);
  show_tab ("logs");
  logs = BERTH_LOGS_VIEW (tab ("logs"));
  terminal = berth_logs_view_get_terminal (logs);
  kept = vte_terminal_get_scrollback_lines (terminal) + vte_terminal_get_row_count (terminal);
  g_assert_cmpint (vte_terminal_get_scrollback_lines (terminal), ==, 1000);

  /* Sampled after every event the main loop handles (each read). */
  berth_logs_view_set_options (logs, FALSE, FALSE, -1, NULL);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (berth_logs_view_get_lines_received (logs) < 1000000 || !berth_logs_view_get_idle (logs) ||
         g_strcmp0 (berth_logs_view_get_state_text (logs), "Read to the end") != 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
      max_queued = MAX (max_queued, berth_logs_view_get_lines_queued (logs));
    }

  /* Bounded: twice what the terminal keeps (its screen may have grown since
   * it was shown), the mark of a cut, the part line of a read. */
  kept = MAX (kept, (guint64) (vte_terminal_get_scrollback_lines (terminal) + vte_terminal_get_row_count (terminal)));
  g_assert_cmpuint (max_queued, >, 0);
  g_assert_cmpuint (max_queued, <=, 2 * kept + 2);
  g_assert_cmpuint (berth_logs_view_get_lines_dropped (logs), >=, 1000000 - kept);

  /* VTE parses what it is fed in its own time: the end mark, fed last,
   * shows when it has parsed everything. */
  berth_test_wait_until (text_contains (berth_logs_view_dup_text (logs), "End of the log"), 10000);
  text = berth_logs_view_dup_text (logs);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *end = NULL;
      guint64 number;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0' || !g_ascii_isdigit (lines[i][0]))
        continue;
      number = g_ascii_strtoull (lines[i], &end, 10);
      g_assert_cmpstr (end, ==, "");
      if (n_numbers == 0)
        first = number;
      else if (number != previous + 1)
        g_error ("line %" G_GUINT64_FORMAT " follows %" G_GUINT64_FORMAT " in the terminal", number, previous);
      previous = number;
      n_numbers++;
    }
  g_assert_cmpuint (previous, ==, 1000000);
  /* All it keeps but the end mark and a screen's worth of wrapping slack. */
  g_assert_cmpuint (n_numbers, >=, 1000 - 2);
  g_assert_cmpuint (first, <=, 1000000 - 1000 + 3);
  berth_ui_save_png (GTK_WIDGET (window), "container-logs-flood.png");

  g_settings_reset (settings, "log-scrollback-lines");
  g_free (berth_test_docker_ok ("rm", "-f", name, NULL));
}

/* BERTH_TEST_LOG_LINES=1000000: how long that many lines take to reach
 * the viewer, the longest time between two frames meanwhile, and the peak
 * memory. A measurement, not a pass/fail test. */
static void
test_many_lines (void)
{
  const char *count = g_getenv ("BERTH_TEST_LOG_LINES");
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  g_autofree char *script = NULL;
  BerthLogsView *logs;
  GdkFrameClock *clock;
  gint64 times[2] = { 0, 0 }, start, elapsed;
  guint64 lines;
  gulong handler;

  if (window == NULL)
    return;
  if (count == NULL)
    {
      g_test_skip ("Set BERTH_TEST_LOG_LINES to measure");
      return;
    }

  lines = g_ascii_strtoull (count, NULL, 10);
  name = g_strdup_printf ("ui-ctr-many-%d", (int) getpid ());
  script = g_strdup_printf ("seq 1 %" G_GUINT64_FORMAT " | sed 's/$/ the quick brown fox jumps over the lazy dog/'", lines);
  id = run_container (name, FALSE, script);
  berth_test_wait_until (berth_resource_list_lookup (containers (), id) != NULL, 5000);
  berth_window_open_container (window, id);
  logs = BERTH_LOGS_VIEW (tab ("logs"));
  berth_logs_view_set_options (logs, FALSE, FALSE, -1, NULL);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), times);
  start = g_get_monotonic_time ();
  show_tab ("logs");
  berth_test_wait_until (berth_logs_view_get_lines_received (logs) >= lines && berth_logs_view_get_idle (logs), 600000);
  elapsed = g_get_monotonic_time () - start;
  g_signal_handler_disconnect (clock, handler);

  g_test_message ("%" G_GUINT64_FORMAT " lines in the viewer in %.2f s; longest frame gap %.0f ms; "
                  "%" G_GUINT64_FORMAT " dropped; peak RSS %" G_GINT64_FORMAT " kB",
                  lines, elapsed / 1e6, times[1] / 1e3, berth_logs_view_get_lines_dropped (logs), peak_rss_kb ());
  g_assert_cmpuint (berth_logs_view_get_lines_received (logs), ==, lines);
  berth_ui_save_png (GTK_WIDGET (window), "container-logs-many.png");
  g_free (berth_test_docker_ok ("rm", "-f", name, NULL));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = berth_ui_test_init (&argc, &argv);
  endpoint = berth_test_get_endpoint ();

  g_test_add_func ("/ui-container/open", test_open);
  g_test_add_func ("/ui-container/overview", test_overview);
  g_test_add_func ("/ui-container/logs", test_logs);
  g_test_add_func ("/ui-container/terminal", test_terminal);
  g_test_add_func ("/ui-container/stats", test_stats);
  g_test_add_func ("/ui-container/processes", test_processes);
  g_test_add_func ("/ui-container/restart", test_restart);
  g_test_add_func ("/ui-container/stopped", test_stopped);
  g_test_add_func ("/ui-container/attach", test_attach);
  g_test_add_func ("/ui-container/no-shell", test_no_shell);
  g_test_add_func ("/ui-container/list-activation", test_list_activation);
  g_test_add_func ("/ui-container/usage-columns", test_usage_columns);
  g_test_add_func ("/ui-container/removed", test_removed);
  g_test_add_func ("/ui-container/logs-flood", test_logs_flood);
  g_test_add_func ("/ui-container/many-lines", test_many_lines);

  status = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  if (web != NULL)
    g_free (berth_test_docker (NULL, "rm", "-f", web, NULL));
  if (done != NULL)
    g_free (berth_test_docker (NULL, "rm", "-f", done, NULL));
  g_free (web);
  g_free (web_id);
  g_free (done);
  g_free (done_id);
  g_clear_object (&endpoint);
  g_clear_object (&app);
  return status;
}
