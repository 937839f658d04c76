/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "berth-commit-dialog.h"
#include "berth-container-page.h"
#include "berth-container-tools.h"
#include "berth-export-dialog.h"
#include "berth-files-view.h"
#include "berth-inspect-view.h"
#include "berth-rename-dialog.h"
#include "berth-test-util.h"
#include "berth-ui-test-util.h"
#include "berth-window.h"

/* Inside a container, part two, in the real window against the private
 * test engine: the Files tab (running and stopped containers, viewing,
 * downloading, uploading), the Inspect tab and window, and the Commit,
 * Rename and Export dialogs. The tests run in order and share one window. */

static GtkApplication *app;
static BerthEndpoint *endpoint;
static BerthWindow *window;
static char *tmp_dir;

static char *running;       /* sleeps; has /hello.txt */
static char *running_id;
static char *stopped;       /* exited; has /made-before-stopping.txt */
static char *stopped_id;
static char *renamed;       /* what running is renamed to */
static char *repository;    /* committed from running */
static char *volume;
static char *network;

static char *
run_container (const char *name,
               const char *script)
{
  g_free (berth_test_docker_ok ("run", "-d", "--name", name, "--label", "purpose=berth-ui-test",
                                berth_test_image (), "sh", "-c", script, NULL));
  return g_strstrip (berth_test_docker_ok ("inspect", "-f", "{{.Id}}", name, NULL));
}

static BerthResourceList *
list (BerthResourceKind kind)
{
  return berth_store_get_list (berth_window_get_store (window), kind);
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
open_container (const char *id,
                const char *tab_name)
{
  berth_window_open_container (window, id);
  g_assert_cmpstr (berth_container_page_get_container_id (container_page ()), ==, id);
  berth_container_page_show_tab (container_page (), tab_name);
  berth_test_wait_until (gtk_widget_get_mapped (tab (tab_name)), 5000);
}

static BerthFilesView *
files (void)
{
  return BERTH_FILES_VIEW (tab ("files"));
}

static BerthInspectView *
inspect (void)
{
  return BERTH_INSPECT_VIEW (tab ("inspect"));
}

static void
wait_listed (const char *path)
{
  berth_test_wait_until (berth_files_view_get_loaded (files ()) &&
                         g_strcmp0 (berth_files_view_get_path (files ()), path) == 0, 15000);
}

static gboolean
log_contains (const char *command,
              gboolean    failed)
{
  GListModel *log = G_LIST_MODEL (berth_window_get_command_log (window));

  for (guint i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr (BerthCommandEntry) entry = g_list_model_get_item (log, i);

      if (g_strcmp0 (berth_command_entry_get_command (entry), command) == 0 &&
          berth_command_entry_get_failed (entry) == failed)
        return TRUE;
    }
  return FALSE;
}

static gboolean
text_contains (char       *text,
               const char *needle)
{
  g_autofree char *owned = text;

  return owned != NULL && strstr (owned, needle) != NULL;
}

static char *
buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkTextView *
find_text_view (GtkWindow *toplevel)
{
  return GTK_TEXT_VIEW (berth_ui_find_widget (GTK_WIDGET (toplevel), GTK_SOURCE_TYPE_VIEW, NULL, NULL));
}

static gboolean
is_inspect_dialog (GtkWindow *toplevel)
{
  return toplevel != NULL && gtk_widget_has_css_class (GTK_WIDGET (toplevel), "inspect-dialog");
}

/* The visible inspect window, if one is open. */
static GtkWindow *
inspect_dialog (void)
{
  g_autoptr (GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (is_inspect_dialog (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

static char *
local_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* A text view lays its lines out in the idle time after a scroll. */
static void
settle (GtkWidget *widget)
{
  for (guint i = 0; i < 3; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      berth_ui_wait_for_draw (widget);
    }
}

/* Setup ----------------------------------------------------------------------------- */

static void
test_open (void)
{
  g_autofree char *out = NULL;

  if (endpoint == NULL)
    return;

  running = g_strdup_printf ("ui-files-run-%d", (int) getpid ());
  stopped = g_strdup_printf ("ui-files-stopped-%d", (int) getpid ());
  renamed = g_strdup_printf ("ui-files-renamed-%d", (int) getpid ());
  repository = g_strdup_printf ("ui-files-commit-%d", (int) getpid ());
  volume = g_strdup_printf ("ui-files-vol-%d", (int) getpid ());
  network = g_strdup_printf ("ui-files-net-%d", (int) getpid ());

  running_id = run_container (running, "echo 'hello from berth' > /hello.txt; while true; do sleep 1; done");
  stopped_id = run_container (stopped, "echo before > /made-before-stopping.txt");
  out = berth_test_docker_ok ("wait", stopped, NULL);
  g_free (berth_test_docker_ok ("volume", "create", "--label", "purpose=berth-ui-test", volume, NULL));
  g_free (berth_test_docker_ok ("network", "create", "--label", "purpose=berth-ui-test", network, NULL));
  tmp_dir = g_dir_make_tmp ("berth-ui-files-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);

  window = berth_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 760);
  berth_window_set_endpoint (window, endpoint);
  gtk_window_present (GTK_WINDOW (window));
  berth_test_wait_until (berth_resource_list_get_loaded (list (BERTH_RESOURCE_KIND_CONTAINER)), 10000);
  berth_test_wait_until (berth_resource_list_lookup (list (BERTH_RESOURCE_KIND_CONTAINER), running_id) != NULL &&
                         berth_resource_list_lookup (list (BERTH_RESOURCE_KIND_CONTAINER), stopped_id) != NULL, 5000);
  berth_test_wait_until (berth_container_get_state (BERTH_CONTAINER (berth_resource_list_lookup (list (BERTH_RESOURCE_KIND_CONTAINER),
                                                                                                 stopped_id))) ==
                         BERTH_CONTAINER_STATE_EXITED, 5000);

  open_container (running_id, "files");
  g_assert_true (BERTH_IS_FILES_VIEW (tab ("files")));
  g_assert_true (BERTH_IS_INSPECT_VIEW (tab ("inspect")));
}

/* Files ------------------------------------------------------------------------------- */

static void
test_files_root (void)
{
  g_autofree char *crumbs = NULL;
  g_autofree char *command = NULL;
  BerthFileEntry *bin, *hello;

  if (window == NULL)
    return;

  wait_listed ("/");
  g_assert_null (berth_files_view_get_error (files ()));
  bin = berth_files_view_lookup (files (), "bin");
  g_assert_nonnull (bin);
  g_assert_cmpint (berth_file_entry_get_kind (bin), ==, BERTH_FILE_KIND_DIRECTORY);
  hello = berth_files_view_lookup (files (), "hello.txt");
  g_assert_nonnull (hello);
  g_assert_cmpuint (berth_file_entry_get_size (hello), ==, strlen ("hello from berth\n"));
  g_assert_nonnull (berth_files_view_lookup (files (), "etc"));
  g_assert_null (berth_files_view_lookup (files (), "no-such-entry"));

  crumbs = berth_files_view_dup_breadcrumbs (files ());
  g_assert_cmpstr (crumbs, ==, "/");
  /* A running container is listed from inside. */
  command = g_strdup_printf ("docker exec %s ls -la /", running);
  g_assert_cmpstr (berth_files_view_get_command (files ()), ==, command);
}

static void
test_files_bin (void)
{
  g_autofree char *crumbs = NULL;
  BerthFileEntry *busybox;

  if (window == NULL)
    return;

  berth_files_view_activate (files (), "bin");
  wait_listed ("/bin");
  g_assert_null (berth_files_view_get_error (files ()));
  busybox = berth_files_view_lookup (files (), "busybox");
  g_assert_nonnull (busybox);
  g_assert_cmpint (berth_file_entry_get_kind (busybox), ==, BERTH_FILE_KIND_FILE);
  g_assert_cmpuint (berth_file_entry_get_size (busybox), >, 100000);
  g_assert_nonnull (berth_files_view_lookup (files (), "sh"));
  g_assert_cmpuint (berth_files_view_get_n_items (files ()), >, 50);

  crumbs = berth_files_view_dup_breadcrumbs (files ());
  g_assert_cmpstr (crumbs, ==, "/ › bin");

  g_assert_true (berth_files_view_select (files (), "busybox"));
  berth_ui_save_png (GTK_WIDGET (window), "container-files.png");

  berth_files_view_go_up (files ());
  wait_listed ("/");
  g_clear_pointer (&crumbs, g_free);
  crumbs = berth_files_view_dup_breadcrumbs (files ());
  g_assert_cmpstr (crumbs, ==, "/");
}

static void
test_files_missing (void)
{
  if (window == NULL)
    return;

  /* A path that is not there says so, and going back works. */
  berth_files_view_open (files (), "/no/such/folder");
  wait_listed ("/no/such/folder");
  g_assert_nonnull (berth_files_view_get_error (files ()));
  g_assert_nonnull (strstr (berth_files_view_get_error (files ()), "/no/such/folder"));
  g_assert_cmpuint (berth_files_view_get_n_items (files ()), ==, 0);
  berth_ui_save_png (GTK_WIDGET (window), "container-files-missing.png");

  /* A file is not a folder. */
  berth_files_view_open (files (), "/hello.txt");
  wait_listed ("/hello.txt");
  g_assert_nonnull (berth_files_view_get_error (files ()));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (files ()), "files.go-back", NULL));
  wait_listed ("/");
  g_assert_null (berth_files_view_get_error (files ()));
}

static void
test_files_view (void)
{
  g_autofree char *command = NULL;
  GtkWindow *viewer;
  GtkTextView *text_view;

  if (window == NULL)
    return;

  viewer = berth_files_view_view_file (files (), "/hello.txt");
  g_assert_nonnull (viewer);
  text_view = find_text_view (viewer);
  g_assert_nonnull (text_view);
  berth_test_wait_until (text_contains (buffer_text (text_view), "hello from berth"), 10000);
  command = g_strdup_printf ("docker cp %s:/hello.txt - | tar -xO", running);
  g_assert_true (log_contains (command, FALSE));
  berth_ui_save_png (GTK_WIDGET (viewer), "container-files-view.png");
  gtk_window_destroy (viewer);

  /* A file the engine wrote at start. */
  viewer = berth_files_view_view_file (files (), "/etc/hostname");
  berth_test_wait_until (g_strcmp0 (g_strstrip (buffer_text (find_text_view (viewer))), "") != 0, 10000);
  gtk_window_destroy (viewer);
}

static guint
count_entries (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_files_download (void)
{
  g_autofree char *target = local_path ("hello.txt");
  g_autofree char *folder = local_path ("etc");
  g_autofree char *command = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *passwd = NULL;

  if (window == NULL)
    return;

  berth_files_view_download (files (), "/hello.txt", target);
  g_assert_true (berth_files_view_get_busy (files ()));
  berth_test_wait_until (!berth_files_view_get_busy (files ()), 15000);
  g_assert_null (berth_files_view_get_message (files ()));
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "hello from berth\n");
  command = g_strdup_printf ("docker cp %s:/hello.txt %s", running, target);
  g_assert_true (log_contains (command, FALSE));

  /* A folder becomes a folder. */
  berth_files_view_download (files (), "/etc", folder);
  berth_test_wait_until (!berth_files_view_get_busy (files ()), 15000);
  g_assert_null (berth_files_view_get_message (files ()));
  passwd = g_build_filename (folder, "passwd", NULL);
  g_assert_true (g_file_test (passwd, G_FILE_TEST_IS_REGULAR));

  /* The target exists: a clear message, and the file stays as it was. */
  g_assert_true (g_file_set_contents (target, "mine", -1, NULL));
  berth_files_view_download (files (), "/hello.txt", target);
  berth_test_wait_until (!berth_files_view_get_busy (files ()), 15000);
  g_assert_nonnull (berth_files_view_get_message (files ()));
  g_assert_nonnull (strstr (berth_files_view_get_message (files ()), "already exists"));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "mine");
  g_assert_true (log_contains (command, TRUE));
  berth_ui_save_png (GTK_WIDGET (window), "container-files-exists.png");

  /* Cancelled: nothing is left behind, not even a hidden part. */
  g_clear_pointer (&target, g_free);
  target = local_path ("cancelled");
  berth_files_view_download (files (), "/bin", target);
  g_assert_true (berth_files_view_get_busy (files ()));
  berth_files_view_cancel_transfer (files ());
  berth_test_wait_until (!berth_files_view_get_busy (files ()), 15000);
  g_assert_nonnull (berth_files_view_get_message (files ()));
  g_assert_nonnull (strstr (berth_files_view_get_message (files ()), "nothing was saved"));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (tmp_dir), ==, 2);   /* hello.txt, etc */
}

static void
respond (const char *response)
{
  AdwMessageDialog *dialog;

  berth_test_wait_until (berth_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL, 10000);
  dialog = ADW_MESSAGE_DIALOG (berth_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  berth_test_wait_until (berth_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL, 5000);
}

static void
test_files_upload (void)
{
  g_autofree char *source = local_path ("uploaded.txt");
  g_autofree char *command = NULL;
  g_autofree char *inside = NULL;
  const char *sources[] = { source, NULL };

  if (window == NULL)
    return;

  g_assert_true (g_file_set_contents (source, "first", -1, NULL));
  berth_files_view_open (files (), "/tmp");
  wait_listed ("/tmp");
  g_assert_null (berth_files_view_lookup (files (), "uploaded.txt"));

  berth_files_view_upload (files (), sources);
  berth_test_wait_until (!berth_files_view_get_busy (files ()), 15000);
  g_assert_null (berth_files_view_get_message (files ()));
  command = g_strdup_printf ("docker cp %s %s:/tmp/", source, running);
  g_assert_true (log_contains (command, FALSE));
  /* The folder is read again. */
  berth_test_wait_until (berth_files_view_get_loaded (files ()) &&
                         berth_files_view_lookup (files (), "uploaded.txt") != NULL, 15000);
  inside = berth_test_docker_ok ("exec", running, "cat", "/tmp/uploaded.txt", NULL);
  g_assert_cmpstr (inside, ==, "first");

  /* Again: asked first; saying no keeps what is there. */
  g_assert_true (g_file_set_contents (source, "second", -1, NULL));
  berth_files_view_upload (files (), sources);
  respond ("cancel");
  berth_test_wait_until (!berth_files_view_get_busy (files ()), 5000);
  g_assert_nonnull (berth_files_view_get_message (files ()));
  g_clear_pointer (&inside, g_free);
  inside = berth_test_docker_ok ("exec", running, "cat", "/tmp/uploaded.txt", NULL);
  g_assert_cmpstr (inside, ==, "first");

  /* Saying yes replaces it. */
  berth_files_view_upload (files (), sources);
  respond ("confirm");
  berth_test_wait_until (!berth_files_view_get_busy (files ()), 15000);
  g_assert_null (berth_files_view_get_message (files ()));
  g_clear_pointer (&inside, g_free);
  inside = berth_test_docker_ok ("exec", running, "cat", "/tmp/uploaded.txt", NULL);
  g_assert_cmpstr (inside, ==, "second");

  berth_files_view_open (files (), "/");
  wait_listed ("/");
}

static void
test_files_stopped (void)
{
  g_autofree char *command = NULL;
  g_autofree char *crumbs = NULL;

  if (window == NULL)
    return;

  open_container (stopped_id, "files");
  wait_listed ("/");
  g_assert_null (berth_files_view_get_error (files ()));
  g_assert_nonnull (berth_files_view_lookup (files (), "bin"));
  g_assert_nonnull (berth_files_view_lookup (files (), "made-before-stopping.txt"));
  /* Not running: read from the container's filesystem archive. */
  command = g_strdup_printf ("docker cp %s:/ - | tar -tv", stopped);
  g_assert_cmpstr (berth_files_view_get_command (files ()), ==, command);

  berth_files_view_activate (files (), "bin");
  wait_listed ("/bin");
  g_assert_nonnull (berth_files_view_lookup (files (), "busybox"));
  crumbs = berth_files_view_dup_breadcrumbs (files ());
  g_assert_cmpstr (crumbs, ==, "/ › bin");
  berth_ui_save_png (GTK_WIDGET (window), "container-files-stopped.png");
}

/* Inspect ------------------------------------------------------------------------------ */

static void
test_inspect (void)
{
  g_autofree char *command = NULL;
  g_autofree char *name = NULL;
  g_autofree char *selected = NULL;

  if (window == NULL)
    return;

  open_container (running_id, "inspect");
  berth_test_wait_until (berth_inspect_view_get_loaded (inspect ()), 10000);
  g_assert_null (berth_inspect_view_get_error (inspect ()));
  g_assert_true (text_contains (berth_inspect_view_dup_text (inspect ()), "\"Id\""));
  g_assert_true (text_contains (berth_inspect_view_dup_text (inspect ()), running_id));
  name = g_strdup_printf ("\"Name\": \"/%s\"", running);
  g_assert_true (text_contains (buffer_text (GTK_TEXT_VIEW (berth_inspect_view_get_source_view (inspect ()))), name));
  command = g_strdup_printf ("docker container inspect %s", running);
  g_assert_cmpstr (berth_inspect_view_get_command (inspect ()), ==, command);
  g_assert_true (gtk_source_view_get_show_line_numbers (berth_inspect_view_get_source_view (inspect ())));
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (berth_inspect_view_get_source_view (inspect ()))));

  /* Ctrl+F (win.search) in this tab searches the JSON, not the logs. */
  {
    GtkSearchBar *bar = GTK_SEARCH_BAR (berth_ui_find_widget (GTK_WIDGET (inspect ()), GTK_TYPE_SEARCH_BAR, NULL, NULL));

    g_assert_false (gtk_search_bar_get_search_mode (bar));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
    g_assert_true (gtk_search_bar_get_search_mode (bar));
    g_assert_cmpstr (berth_container_page_get_visible_tab (container_page ()), ==, "inspect");
  }

  /* Search selects the match, whatever its case. */
  g_assert_true (berth_inspect_view_search (inspect (), "restartcount", TRUE));
  selected = berth_inspect_view_dup_selected_text (inspect ());
  g_assert_cmpstr (selected, ==, "RestartCount");
  g_assert_false (berth_inspect_view_search (inspect (), "no-such-text-anywhere", TRUE));
  berth_inspect_view_search (inspect (), "\"Running\"", TRUE);
  settle (GTK_WIDGET (window));
  berth_ui_save_png (GTK_WIDGET (window), "container-inspect.png");
}

/* Rename ---------------------------------------------------------------------------------- */

static BerthContainerTools *
tools (void)
{
  return BERTH_CONTAINER_TOOLS (berth_ui_find_widget (GTK_WIDGET (container_page ()), BERTH_TYPE_CONTAINER_TOOLS,
                                                      NULL, NULL));
}

/* By address: the window may be finalized already. */
static gboolean
toplevel_open (gconstpointer toplevel)
{
  g_autoptr (GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) item = g_list_model_get_item (toplevels, i);

      if ((gconstpointer) item == toplevel)
        return TRUE;
    }
  return FALSE;
}

static void
test_rename (void)
{
  BerthRenameDialog *dialog;
  BerthContainer *container;
  g_autofree char *command = NULL;
  g_autofree char *typed = NULL;

  if (window == NULL)
    return;

  dialog = BERTH_RENAME_DIALOG (berth_container_tools_present (tools (), "rename"));
  g_assert_nonnull (dialog);

  /* Checked as typed. */
  berth_rename_dialog_set_name (dialog, "-bad name");
  g_assert_nonnull (berth_rename_dialog_get_error (dialog));

  /* Taken: the engine's words, the form kept. */
  berth_rename_dialog_set_name (dialog, stopped);
  g_assert_null (berth_rename_dialog_get_error (dialog));
  command = g_strdup_printf ("docker rename %s %s", running, stopped);
  g_assert_cmpstr (berth_rename_dialog_get_command (dialog), ==, command);
  berth_rename_dialog_submit (dialog);
  berth_test_wait_until (!berth_rename_dialog_get_busy (dialog), 10000);
  g_assert_nonnull (berth_rename_dialog_get_error (dialog));
  g_assert_nonnull (strstr (berth_rename_dialog_get_error (dialog), "already in use"));
  g_assert_true (toplevel_open (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (log_contains (command, TRUE));
  {
    AdwEntryRow *row = ADW_ENTRY_ROW (berth_ui_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, NULL, NULL));

    typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  }
  g_assert_cmpstr (typed, ==, stopped);
  berth_ui_save_png (GTK_WIDGET (dialog), "rename-error.png");

  /* A free name: done, and the page follows. */
  berth_rename_dialog_set_name (dialog, renamed);
  g_assert_null (berth_rename_dialog_get_error (dialog));
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("docker rename %s %s", running, renamed);
  berth_rename_dialog_submit (dialog);
  berth_test_wait_until (!toplevel_open (dialog), 10000);
  g_assert_true (log_contains (command, FALSE));

  container = BERTH_CONTAINER (berth_resource_list_lookup (list (BERTH_RESOURCE_KIND_CONTAINER), running_id));
  berth_test_wait_until (g_strcmp0 (berth_container_get_name (container), renamed) == 0, 10000);
  g_assert_cmpstr (berth_container_page_get_name (container_page ()), ==, renamed);
  g_clear_pointer (&command, g_free);
  command = g_strdup_printf ("docker container inspect %s", renamed);
  g_assert_cmpstr (berth_inspect_view_get_command (inspect ()), ==, command);

  g_free (running);
  running = g_strdup (renamed);
}

/* Commit ------------------------------------------------------------------------------------ */

static gboolean
image_listed (const char *reference)
{
  GListModel *images = G_LIST_MODEL (list (BERTH_RESOURCE_KIND_IMAGE));

  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr (BerthImage) image = g_list_model_get_item (images, i);
      const char * const *tags = berth_image_get_tags (image);

      if (tags != NULL && g_strv_contains (tags, reference))
        return TRUE;
    }
  return FALSE;
}

static void
test_commit (void)
{
  BerthCommitDialog *dialog;
  g_autofree char *reference = g_strdup_printf ("%s:1.0", repository);
  g_autofree char *command = NULL;
  g_autofree char *out = NULL;

  if (window == NULL)
    return;

  dialog = BERTH_COMMIT_DIALOG (berth_container_tools_present (tools (), "commit"));
  g_assert_nonnull (dialog);

  /* A tag without a repository is refused before anything is sent. */
  berth_commit_dialog_set_field (dialog, "tag", "1.0");
  g_assert_nonnull (berth_commit_dialog_get_error (dialog));

  berth_commit_dialog_set_field (dialog, "repository", repository);
  berth_commit_dialog_set_field (dialog, "message", "has hello.txt");
  berth_commit_dialog_set_field (dialog, "author", "Berth Tests <tests@example.com>");
  g_assert_null (berth_commit_dialog_get_error (dialog));
  command = g_strdup_printf ("docker commit -a 'Berth Tests <tests@example.com>' -m 'has hello.txt' %s %s",
                             running, reference);
  g_assert_cmpstr (berth_commit_dialog_get_command (dialog), ==, command);
  berth_ui_save_png (GTK_WIDGET (dialog), "commit.png");

  berth_commit_dialog_submit (dialog);
  berth_test_wait_until (!toplevel_open (dialog) || !berth_commit_dialog_get_busy (dialog), 30000);
  if (toplevel_open (dialog))
    g_error ("The commit failed: %s", berth_commit_dialog_get_error (dialog));
  g_assert_true (log_contains (command, FALSE));
  berth_test_wait_until (image_listed (reference), 10000);

  /* The image has the container's file. */
  out = berth_test_docker_ok ("run", "--rm", reference, "cat", "/hello.txt", NULL);
  g_assert_cmpstr (g_strchomp (out), ==, "hello from berth");
}

/* Export --------------------------------------------------------------------------------------- */

static gboolean
holds (const char *data,
       gsize       length,
       const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_export (void)
{
  BerthExportDialog *dialog;
  g_autofree char *target = local_path ("exported.tar");
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (window == NULL)
    return;

  dialog = BERTH_EXPORT_DIALOG (berth_container_tools_present (tools (), "export"));
  g_assert_nonnull (dialog);
  berth_export_dialog_set_path (dialog, "relative.tar");
  g_assert_nonnull (berth_export_dialog_get_error (dialog));

  berth_export_dialog_set_path (dialog, target);
  g_assert_null (berth_export_dialog_get_error (dialog));
  berth_ui_save_png (GTK_WIDGET (dialog), "export.png");
  berth_export_dialog_submit (dialog);
  berth_test_wait_until (!toplevel_open (dialog), 20000);
  g_assert_true (g_file_get_contents (target, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 512);
  g_assert_true (memcmp (contents + 257, "ustar", 5) == 0);
  g_assert_true (holds (contents, length, "bin/busybox"));

  /* Again to the same file: refused, the file kept. */
  dialog = BERTH_EXPORT_DIALOG (berth_container_tools_present (tools (), "export"));
  berth_export_dialog_set_path (dialog, target);
  berth_export_dialog_submit (dialog);
  berth_test_wait_until (!berth_export_dialog_get_busy (dialog), 20000);
  g_assert_nonnull (berth_export_dialog_get_error (dialog));
  g_assert_nonnull (strstr (berth_export_dialog_get_error (dialog), "already exists"));
  g_assert_true (toplevel_open (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Volumes, networks, images ---------------------------------------------------------------------- */

static void
inspect_from_page (BerthResourceKind  kind,
                   const char        *id,
                   const char        *needle,
                   const char        *png)
{
  BerthResourcePage *page = berth_window_get_page (window, kind);
  g_autoptr (GPtrArray) selected = NULL;
  GtkWindow *dialog;
  BerthInspectView *view;

  berth_window_show_page (window, kind);
  berth_test_wait_until (berth_resource_list_lookup (list (kind), id) != NULL, 10000);
  berth_test_wait_until (berth_resource_page_select_id (page, id), 5000);
  selected = berth_resource_page_get_selected (page);
  g_assert_cmpuint (selected->len, ==, 1);
  berth_resource_page_act (page, "inspect", selected);

  berth_test_wait_until (inspect_dialog () != NULL, 5000);
  dialog = inspect_dialog ();
  view = BERTH_INSPECT_VIEW (berth_ui_find_widget (GTK_WIDGET (dialog), BERTH_TYPE_INSPECT_VIEW, NULL, NULL));
  berth_test_wait_until (berth_inspect_view_get_loaded (view), 10000);
  g_assert_true (text_contains (berth_inspect_view_dup_text (view), needle));
  if (png != NULL)
    berth_ui_save_png (GTK_WIDGET (dialog), png);
  gtk_window_destroy (dialog);
  berth_test_wait_until (inspect_dialog () == NULL, 5000);
}

static void
test_volume_inspect (void)
{
  g_autofree char *needle = NULL;

  if (window == NULL)
    return;

  needle = g_strdup_printf ("\"Name\": \"%s\"", volume);
  inspect_from_page (BERTH_RESOURCE_KIND_VOLUME, volume, needle, "volume-inspect.png");
}

static void
test_network_inspect (void)
{
  g_autofree char *id = NULL;
  g_autofree char *needle = NULL;

  if (window == NULL)
    return;

  id = g_strstrip (berth_test_docker_ok ("network", "inspect", "-f", "{{.Id}}", network, NULL));
  needle = g_strdup_printf ("\"Name\": \"%s\"", network);
  inspect_from_page (BERTH_RESOURCE_KIND_NETWORK, id, needle, "network-inspect.png");
}

static void
test_image_inspect (void)
{
  g_autofree char *id = NULL;
  BerthImagePage *page;
  GtkWindow *dialog;
  BerthInspectView *view;

  if (window == NULL)
    return;

  id = g_strstrip (berth_test_docker_ok ("image", "inspect", "-f", "{{.Id}}", berth_test_image (), NULL));
  berth_window_show_page (window, BERTH_RESOURCE_KIND_IMAGE);
  berth_test_wait_until (berth_resource_list_lookup (list (BERTH_RESOURCE_KIND_IMAGE), id) != NULL, 10000);
  berth_window_open_image (window, id);
  page = berth_window_get_image_page (window);
  g_assert_nonnull (page);
  berth_image_page_act (page, "inspect");

  berth_test_wait_until (inspect_dialog () != NULL, 5000);
  dialog = inspect_dialog ();
  view = BERTH_INSPECT_VIEW (berth_ui_find_widget (GTK_WIDGET (dialog), BERTH_TYPE_INSPECT_VIEW, NULL, NULL));
  berth_test_wait_until (berth_inspect_view_get_loaded (view), 10000);
  g_assert_true (text_contains (berth_inspect_view_dup_text (view), id));
  g_assert_true (text_contains (berth_inspect_view_dup_text (view), "\"RepoTags\""));
  g_assert_true (g_str_has_prefix (berth_inspect_view_get_command (view), "docker image inspect "));
  gtk_window_destroy (dialog);
}

/* Removed ------------------------------------------------------------------------------------------ */

static void
test_removed (void)
{
  if (window == NULL)
    return;

  open_container (stopped_id, "files");
  wait_listed ("/");
  g_free (berth_test_docker_ok ("rm", "-f", stopped, NULL));
  berth_test_wait_until (berth_container_page_get_gone (container_page ()), 10000);
  /* What was listed stays; nothing more can be asked of the container. */
  g_assert_nonnull (berth_files_view_lookup (files (), "bin"));
  berth_files_view_refresh (files ());
  g_assert_true (berth_files_view_get_loaded (files ()));
  g_assert_nonnull (berth_files_view_lookup (files (), "bin"));
  {
    GtkWidget *upload = berth_ui_find_widget (GTK_WIDGET (files ()), GTK_TYPE_MENU_BUTTON, NULL, NULL);

    g_assert_false (gtk_widget_is_sensitive (upload));
  }
  berth_ui_save_png (GTK_WIDGET (window), "container-files-removed.png");
  g_assert_null (berth_container_tools_present (tools (), "commit"));
}

static void
cleanup (void)
{
  g_autofree char *image = NULL;

  if (running_id != NULL)
    g_free (berth_test_docker (NULL, "rm", "-f", running_id, NULL));
  if (stopped_id != NULL)
    g_free (berth_test_docker (NULL, "rm", "-f", stopped_id, NULL));
  if (repository != NULL)
    {
      image = g_strdup_printf ("%s:1.0", repository);
      g_free (berth_test_docker (NULL, "rmi", "-f", image, NULL));
    }
  if (volume != NULL)
    g_free (berth_test_docker (NULL, "volume", "rm", "-f", volume, NULL));
  if (network != NULL)
    g_free (berth_test_docker (NULL, "network", "rm", network, NULL));
  if (tmp_dir != NULL)
    {
      g_autofree char *quoted = g_shell_quote (tmp_dir);
      g_autofree char *rm = g_strdup_printf ("rm -rf %s", quoted);

      g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = berth_ui_test_init (&argc, &argv);
  endpoint = berth_test_get_endpoint ();

  g_test_add_func ("/ui-files/open", test_open);
  g_test_add_func ("/ui-files/files-root", test_files_root);
  g_test_add_func ("/ui-files/files-bin", test_files_bin);
  g_test_add_func ("/ui-files/files-missing", test_files_missing);
  g_test_add_func ("/ui-files/files-view", test_files_view);
  g_test_add_func ("/ui-files/files-download", test_files_download);
  g_test_add_func ("/ui-files/files-upload", test_files_upload);
  g_test_add_func ("/ui-files/files-stopped", test_files_stopped);
  g_test_add_func ("/ui-files/inspect", test_inspect);
  g_test_add_func ("/ui-files/rename", test_rename);
  g_test_add_func ("/ui-files/commit", test_commit);
  g_test_add_func ("/ui-files/export", test_export);
  g_test_add_func ("/ui-files/volume-inspect", test_volume_inspect);
  g_test_add_func ("/ui-files/network-inspect", test_network_inspect);
  g_test_add_func ("/ui-files/image-inspect", test_image_inspect);
  g_test_add_func ("/ui-files/removed", test_removed);

  status = g_test_run ();

  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  cleanup ();
  g_free (running);
  g_free (running_id);
  g_free (stopped);
  g_free (stopped_id);
  g_free (renamed);
  g_free (repository);
  g_free (volume);
  g_free (network);
  g_free (tmp_dir);
  g_clear_object (&endpoint);
  g_clear_object (&app);
  return status;
}
