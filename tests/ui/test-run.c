/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "berth-command-log.h"
#include "berth-image.h"
#include "berth-pull-dialog.h"
#include "berth-pull-progress.h"
#include "berth-run-completion.h"
#include "berth-run-dialog.h"
#include "berth-run-env-row.h"
#include "berth-run-mount-row.h"
#include "berth-run-port-row.h"
#include "berth-test-util.h"
#include "berth-ui-test-util.h"
#include "berth-window.h"

/* The Run dialog against the private test engine, driven through its
 * widgets: the form becomes the command, a pasted command becomes the
 * form, wrong input is marked before anything is sent, and Run runs
 * (pulling the image first when the engine does not have it). Every
 * container made here is named ui-run-…-PID and removed at the end. */

static GtkApplication *app;
static BerthEndpoint *endpoint;
static BerthWindow *window;
static GPtrArray *made;

static char *
unique (const char *what)
{
  char *name = g_strdup_printf ("ui-run-%s-%d", what, (int) getpid ());

  g_ptr_array_add (made, g_strdup (name));
  return name;
}

static void
remove_quietly (const char *kind,
                const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;

  if (g_str_equal (kind, "container"))
    out = berth_test_docker (&error, "rm", "-f", name, NULL);
  else
    out = berth_test_docker (&error, "rmi", name, NULL);
}

/* What an earlier run that crashed left behind (only this program's names). */
static void
remove_leftovers (void)
{
  g_autofree char *names = berth_test_docker_ok ("ps", "-a", "--filter", "name=^ui-run-", "--format", "{{.Names}}", NULL);
  g_auto (GStrv) lines = g_strsplit (names, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "ui-run-"))
      remove_quietly ("container", lines[i]);
}

static gboolean
all_loaded (void)
{
  BerthStore *store = berth_window_get_store (window);

  for (guint kind = 0; kind <= BERTH_RESOURCE_KIND_NETWORK; kind++)
    if (!berth_resource_list_get_loaded (berth_store_get_list (store, kind)))
      return FALSE;
  return TRUE;
}

/* Finding widgets ---------------------------------------------------------- */

static gboolean
row_titled (GtkWidget *widget,
            gpointer   title)
{
  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static GtkWidget *
find_row (BerthRunDialog *dialog,
          GType           type,
          const char     *title)
{
  GtkWidget *row = berth_ui_find_widget (GTK_WIDGET (dialog), type, row_titled, (gpointer) title);

  g_assert_nonnull (row);
  return row;
}

static void
set_field (BerthRunDialog *dialog,
           const char     *title,
           const char     *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find_row (dialog, ADW_TYPE_ENTRY_ROW, title)), text);
}

static const char *
field_text (BerthRunDialog *dialog,
            const char     *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (find_row (dialog, ADW_TYPE_ENTRY_ROW, title)));
}

static GtkSwitch *
row_switch (BerthRunDialog *dialog,
            const char     *title)
{
  GtkWidget *row = find_row (dialog, ADW_TYPE_ACTION_ROW, title);
  GtkWidget *toggle = berth_ui_find_widget (row, GTK_TYPE_SWITCH, NULL, NULL);

  g_assert_nonnull (toggle);
  return GTK_SWITCH (toggle);
}

static void
activate_row (BerthRunDialog *dialog,
              const char     *title)
{
  gtk_widget_activate (find_row (dialog, ADW_TYPE_ACTION_ROW, title));
}

static gboolean
label_is (GtkWidget *widget,
          gpointer   text)
{
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
label_contains (GtkWidget *widget,
                gpointer   text)
{
  return strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL;
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

/* The command under the form, as shown. */
static void
assert_preview (BerthRunDialog *dialog,
                const char     *expected)
{
  g_assert_cmpstr (berth_run_dialog_get_command (dialog), ==, expected);
  g_assert_nonnull (berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, label_is, (gpointer) expected));
}

static gboolean
button_labelled (GtkWidget *widget,
                 gpointer   label)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
run_sensitive (BerthRunDialog *dialog)
{
  GtkWidget *button = berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_labelled, (gpointer) "_Run");

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

static BerthRunDialog *
open_dialog (void)
{
  BerthRunDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL);
  dialog = BERTH_RUN_DIALOG (berth_ui_find_toplevel (BERTH_TYPE_RUN_DIALOG));
  g_assert_nonnull (dialog);
  berth_ui_wait_for_draw (GTK_WIDGET (dialog));
  return dialog;
}

/* Closes the dialog and checks that nothing keeps it alive. */
static void
close_dialog (BerthRunDialog *dialog)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  berth_test_wait_until (dialog == NULL, 5000);
  g_assert_null (berth_ui_find_toplevel (BERTH_TYPE_RUN_DIALOG));
}

typedef struct
{
  GtkWidget  *widget;
  const char *name;
  gboolean    saved;
} Shot;

/* Renders what was just painted: the frame is complete and cannot be
 * invalidated (by a progress bar moving, a scrollbar fading) before it is
 * read. Returns whether there was a frame to render. */
static gboolean
render_png (GtkWidget  *widget,
            const char *name)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return FALSE;

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".", "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
  return TRUE;
}

static void
shot_after_paint_cb (GdkFrameClock *clock,
                     Shot          *shot)
{
  if (!shot->saved)
    shot->saved = render_png (shot->widget, shot->name);
  if (!shot->saved)
    gtk_widget_queue_draw (shot->widget);
}

/* Saves a PNG of @widget from within its next complete frame. */
static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr (GdkFrameClock) clock = NULL;
  Shot shot = { widget, name, FALSE };
  gulong id;

  berth_test_wait_until (gtk_widget_get_mapped (widget), 5000);
  clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (shot_after_paint_cb), &shot);
  gtk_widget_queue_draw (widget);
  berth_test_wait_until (shot.saved, 5000);
  g_signal_handler_disconnect (clock, id);
}

/* Tests -------------------------------------------------------------------- */

static void
test_empty (void)
{
  BerthRunDialog *dialog;

  if (window == NULL)
    return;

  dialog = open_dialog ();
  assert_preview (dialog, "docker run");
  g_assert_false (run_sensitive (dialog));
  save_png (GTK_WIDGET (dialog), "run-empty.png");
  close_dialog (dialog);
}

static void
test_form_to_command (void)
{
  g_autofree char *name = NULL;
  g_autofree char *expected = NULL;
  BerthRunDialog *dialog;
  GtkWidget *port, *mount, *env;
  GtkAdjustment *adjustment;

  if (window == NULL)
    return;

  dialog = open_dialog ();
  name = unique ("form");

  set_field (dialog, "Image", berth_test_image ());
  expected = g_strdup_printf ("docker run %s", berth_test_image ());
  assert_preview (dialog, expected);
  g_assert_true (run_sensitive (dialog));

  set_field (dialog, "Name (optional)", name);
  gtk_switch_set_active (row_switch (dialog, "Run in the background"), TRUE);
  activate_row (dialog, "Add Port");
  port = berth_ui_find_widget (GTK_WIDGET (dialog), BERTH_TYPE_RUN_PORT_ROW, NULL, NULL);
  g_assert_nonnull (port);
  gtk_editable_set_text (berth_run_port_row_get_entry (BERTH_RUN_PORT_ROW (port), "host-port"), "18283");
  gtk_editable_set_text (berth_run_port_row_get_entry (BERTH_RUN_PORT_ROW (port), "container-port"), "80");
  set_field (dialog, "Command and arguments, like sh -c 'echo hello'", "httpd -f -p 80");

  g_free (expected);
  expected = g_strdup_printf ("docker run -d --name %s -p 18283:80 %s httpd -f -p 80", name, berth_test_image ());
  assert_preview (dialog, expected);
  save_png (GTK_WIDGET (dialog), "run-filled.png");

  /* Further down: a named volume, a variable with a space, --rm, and
   * under More, a host name, a label and a memory limit. */
  activate_row (dialog, "Add Folder or Volume");
  mount = berth_ui_find_widget (GTK_WIDGET (dialog), BERTH_TYPE_RUN_MOUNT_ROW, NULL, NULL);
  g_assert_nonnull (mount);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (berth_ui_find_widget (mount, GTK_TYPE_DROP_DOWN, NULL, NULL)), 1);
  gtk_editable_set_text (berth_run_mount_row_get_entry (BERTH_RUN_MOUNT_ROW (mount), "source"), "ui-run-data");
  gtk_editable_set_text (berth_run_mount_row_get_entry (BERTH_RUN_MOUNT_ROW (mount), "target"), "/data");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (berth_ui_find_widget (mount, GTK_TYPE_CHECK_BUTTON, NULL, NULL)), TRUE);
  activate_row (dialog, "Add Variable");
  env = berth_ui_find_widget (GTK_WIDGET (dialog), BERTH_TYPE_RUN_ENV_ROW, NULL, NULL);
  gtk_editable_set_text (berth_run_env_row_get_entry (BERTH_RUN_ENV_ROW (env), "key"), "GREETING");
  gtk_editable_set_text (berth_run_env_row_get_entry (BERTH_RUN_ENV_ROW (env), "value"), "hello world");
  gtk_switch_set_active (row_switch (dialog, "Remove when it stops"), TRUE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_row (dialog, ADW_TYPE_EXPANDER_ROW, "More Options")), TRUE);
  set_field (dialog, "Host name inside (-h)", "web-1");
  set_field (dialog, "Memory limit (-m), like 512m or 2g", "256m");
  activate_row (dialog, "Add Label (-l)");
  set_field (dialog, "Label, like key=value", "tier=web");

  g_free (expected);
  expected = g_strdup_printf ("docker run -d --rm --name %s -p 18283:80 -v ui-run-data:/data:ro -e 'GREETING=hello world' "
                              "-h web-1 -l tier=web -m 256m %s httpd -f -p 80", name, berth_test_image ());
  assert_preview (dialog, expected);
  g_assert_true (run_sensitive (dialog));

  /* --rm and a restart policy do not go together: said where it is. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (dialog, ADW_TYPE_COMBO_ROW, "Restart")), 3);
  g_assert_false (run_sensitive (dialog));
  g_assert_true (gtk_widget_has_css_class (find_row (dialog, ADW_TYPE_COMBO_ROW, "Restart"), "error"));
  g_assert_nonnull (berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, label_contains, (gpointer) "Fix the marked field"));
  gtk_switch_set_active (row_switch (dialog, "Remove when it stops"), FALSE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (berth_ui_find_widget (find_row (dialog, ADW_TYPE_ACTION_ROW, "Tries at most"),
                                                                     GTK_TYPE_SPIN_BUTTON, NULL, NULL)), 3);
  g_free (expected);
  expected = g_strdup_printf ("docker run -d --name %s -p 18283:80 -v ui-run-data:/data:ro -e 'GREETING=hello world' "
                              "--restart on-failure:3 -h web-1 -l tier=web -m 256m %s httpd -f -p 80", name, berth_test_image ());
  assert_preview (dialog, expected);
  g_assert_true (run_sensitive (dialog));

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_SCROLLED_WINDOW, NULL, NULL)));
  berth_ui_wait_for_draw (GTK_WIDGET (dialog));
  gtk_adjustment_set_value (adjustment, (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment)) / 2);
  save_png (GTK_WIDGET (dialog), "run-filled-middle.png");
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  save_png (GTK_WIDGET (dialog), "run-filled-more.png");
  close_dialog (dialog);
}

static gboolean
only_selected (BerthResourcePage *page,
               gpointer           item)
{
  g_autoptr (GPtrArray) selected = berth_resource_page_get_selected (page);

  return selected->len == 1 && g_ptr_array_index (selected, 0) == item;
}

/* Pasting fills the form; Run runs it, and the container shows up,
 * running, selected in the Containers page. */
static void
test_paste_and_run (void)
{
  g_autofree char *name = NULL;
  g_autofree char *line = NULL;
  BerthResourcePage *containers;
  BerthResourceList *list;
  BerthRunDialog *dialog;
  BerthContainer *container = NULL;
  GtkWidget *paste, *text, *port;

  if (window == NULL)
    return;

  dialog = open_dialog ();
  name = unique ("web");
  line = g_strdup_printf ("docker run -d --name %s -p 18282:80 berth-test/busybox httpd -f -p 80", name);

  /* Typed (or pasted) into the paste field, then Enter. */
  paste = find_row (dialog, ADW_TYPE_ENTRY_ROW, "Paste a docker run command");
  gtk_editable_set_text (GTK_EDITABLE (paste), line);
  text = berth_ui_find_widget (paste, GTK_TYPE_TEXT, NULL, NULL);
  g_assert_nonnull (text);
  g_signal_emit_by_name (text, "activate");

  g_assert_cmpstr (field_text (dialog, "Name (optional)"), ==, name);
  g_assert_cmpstr (field_text (dialog, "Image"), ==, "berth-test/busybox");
  g_assert_cmpstr (field_text (dialog, "Command and arguments, like sh -c 'echo hello'"), ==, "httpd -f -p 80");
  g_assert_true (gtk_switch_get_active (row_switch (dialog, "Run in the background")));
  port = berth_ui_find_widget (GTK_WIDGET (dialog), BERTH_TYPE_RUN_PORT_ROW, NULL, NULL);
  g_assert_nonnull (port);
  g_assert_cmpstr (gtk_editable_get_text (berth_run_port_row_get_entry (BERTH_RUN_PORT_ROW (port), "host-port")), ==, "18282");
  g_assert_cmpstr (gtk_editable_get_text (berth_run_port_row_get_entry (BERTH_RUN_PORT_ROW (port), "container-port")), ==, "80");
  assert_preview (dialog, line);
  g_assert_true (run_sensitive (dialog));
  save_png (GTK_WIDGET (dialog), "run-pasted.png");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "run.submit", NULL);
  berth_test_wait_until (berth_ui_find_toplevel (BERTH_TYPE_RUN_DIALOG) == NULL, 20000);

  /* In the engine, running; in the list; selected in the page. */
  list = berth_store_get_list (berth_window_get_store (window), BERTH_RESOURCE_KIND_CONTAINER);
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC; container == NULL;)
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)) && container == NULL; i++)
        {
          g_autoptr (BerthContainer) item = g_list_model_get_item (G_LIST_MODEL (list), i);

          if (g_strcmp0 (berth_container_get_name (item), name) == 0)
            container = item;
        }
      if (container == NULL)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, TRUE);
        }
    }
  berth_test_wait_until (berth_container_get_state (container) == BERTH_CONTAINER_STATE_RUNNING, 10000);

  containers = berth_window_get_page (window, BERTH_RESOURCE_KIND_CONTAINER);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (containers)));
  berth_test_wait_until (only_selected (containers, container), 10000);
  g_assert_true (log_contains (line));
  save_png (GTK_WIDGET (window), "run-done.png");
}

/* A port out of range is marked, Run cannot be pressed and nothing
 * reaches the engine; so are a name in use, a port another container
 * publishes, a relative folder, a variable name with a space. */
static void
test_errors (void)
{
  g_autofree char *name = NULL;
  g_autofree char *taken = NULL;
  g_autofree char *line = NULL;
  g_autofree char *ps = NULL;
  g_autofree char *filter = NULL;
  BerthEngine *engine;
  BerthRunDialog *dialog;
  GtkWidget *port, *show;
  guint64 requests;

  if (window == NULL)
    return;

  dialog = open_dialog ();
  name = unique ("bad");
  line = g_strdup_printf ("docker run -d --name %s -p 70000:80 berth-test/busybox httpd -f -p 80", name);
  g_assert_true (berth_run_dialog_paste_command (dialog, line));

  port = berth_ui_find_widget (GTK_WIDGET (dialog), BERTH_TYPE_RUN_PORT_ROW, NULL, NULL);
  g_assert_nonnull (port);
  g_assert_nonnull (berth_run_port_row_get_message (BERTH_RUN_PORT_ROW (port)));
  g_assert_nonnull (strstr (berth_run_port_row_get_message (BERTH_RUN_PORT_ROW (port)), "70000"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (berth_run_port_row_get_entry (BERTH_RUN_PORT_ROW (port), "host-port")),
                                           "error"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (berth_run_port_row_get_entry (BERTH_RUN_PORT_ROW (port), "container-port")),
                                            "error"));
  g_assert_false (run_sensitive (dialog));

  engine = berth_store_get_engine (berth_window_get_store (window));
  requests = berth_engine_get_request_count (engine);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "run.submit", NULL);
  berth_run_dialog_submit (dialog);
  g_assert_cmpuint (berth_engine_get_request_count (engine), ==, requests);
  g_assert_false (berth_run_dialog_get_busy (dialog));
  filter = g_strdup_printf ("name=^%s$", name);
  ps = berth_test_docker_ok ("ps", "-aq", "--filter", filter, NULL);
  g_assert_cmpstr (g_strstrip (ps), ==, "");

  /* More at once: each marked where it is. The web container of the
   * previous test holds the name and port 18282. */
  taken = g_strdup_printf ("ui-run-web-%d", (int) getpid ());
  g_free (line);
  line = g_strdup_printf ("docker run -d --name %s -p 18282:80 -v ./site:/srv -e 'MY KEY=1' -w app berth-test/busybox sh -c 'echo hi",
                          taken);
  g_assert_false (berth_run_dialog_paste_command (dialog, line));
  g_free (line);
  line = g_strdup_printf ("docker run -d --name %s -p 18282:80 -v ./site:/srv -e 'MY KEY=1' -w app berth-test/busybox httpd -f",
                          taken);
  g_assert_true (berth_run_dialog_paste_command (dialog, line));
  g_assert_true (gtk_widget_has_css_class (find_row (dialog, ADW_TYPE_ENTRY_ROW, "Name (optional)"), "error"));
  g_assert_true (gtk_widget_has_css_class (find_row (dialog, ADW_TYPE_ENTRY_ROW, "Working directory (-w), like /app"), "error"));
  port = berth_ui_find_widget (GTK_WIDGET (dialog), BERTH_TYPE_RUN_PORT_ROW, NULL, NULL);
  g_assert_nonnull (strstr (berth_run_port_row_get_message (BERTH_RUN_PORT_ROW (port)), "already published"));
  g_assert_nonnull (berth_run_mount_row_get_message (BERTH_RUN_MOUNT_ROW (berth_ui_find_widget (GTK_WIDGET (dialog), BERTH_TYPE_RUN_MOUNT_ROW, NULL, NULL))));
  g_assert_nonnull (berth_run_env_row_get_message (BERTH_RUN_ENV_ROW (berth_ui_find_widget (GTK_WIDGET (dialog), BERTH_TYPE_RUN_ENV_ROW, NULL, NULL))));
  g_assert_cmpuint (berth_run_dialog_get_n_problems (dialog), ==, 5);
  g_assert_false (run_sensitive (dialog));

  /* An unbalanced quote in the command field is marked there. */
  set_field (dialog, "Command and arguments, like sh -c 'echo hello'", "sh -c 'echo hi");
  g_assert_true (gtk_widget_has_css_class (find_row (dialog, ADW_TYPE_ENTRY_ROW, "Command and arguments, like sh -c 'echo hello'"),
                                           "error"));
  g_assert_cmpuint (berth_run_dialog_get_n_problems (dialog), ==, 6);
  save_png (GTK_WIDGET (dialog), "run-errors.png");

  /* "Show" goes to the first of them. */
  show = berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_labelled, (gpointer) "_Show");
  g_assert_nonnull (show);
  g_signal_emit_by_name (show, "clicked");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                         find_row (dialog, ADW_TYPE_ENTRY_ROW, "Name (optional)")));
  close_dialog (dialog);
}

/* An option Berth does not support is named; what was typed stays. */
static void
test_unsupported (void)
{
  BerthRunDialog *dialog;
  GtkWidget *paste;
  GtkWidget *message;

  if (window == NULL)
    return;

  dialog = open_dialog ();
  set_field (dialog, "Image", "keep-me:1");
  set_field (dialog, "Name (optional)", "kept");
  paste = find_row (dialog, ADW_TYPE_ENTRY_ROW, "Paste a docker run command");
  gtk_editable_set_text (GTK_EDITABLE (paste), "docker run --gpus all -d nginx");
  g_signal_emit_by_name (berth_ui_find_widget (paste, GTK_TYPE_TEXT, NULL, NULL), "activate");

  g_assert_true (gtk_widget_has_css_class (paste, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (paste)), ==, "docker run --gpus all -d nginx");
  g_assert_cmpstr (field_text (dialog, "Image"), ==, "keep-me:1");
  g_assert_cmpstr (field_text (dialog, "Name (optional)"), ==, "kept");
  message = berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, label_contains, (gpointer) "--gpus");
  g_assert_nonnull (message);
  g_assert_true (gtk_widget_get_visible (message) && gtk_widget_has_css_class (message, "error"));
  save_png (GTK_WIDGET (dialog), "run-unsupported.png");
  close_dialog (dialog);
}

/* Ctrl+V anywhere: a docker run command fills the form; anything else is
 * pasted into the focused field as usual. */
static void
test_clipboard_paste (void)
{
  GdkClipboard *clipboard;
  BerthRunDialog *dialog;
  GtkWidget *name_text;

  if (window == NULL)
    return;

  dialog = open_dialog ();
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (dialog));
  name_text = berth_ui_find_widget (find_row (dialog, ADW_TYPE_ENTRY_ROW, "Name (optional)"), GTK_TYPE_TEXT, NULL, NULL);

  gdk_clipboard_set_text (clipboard, "plain-words");
  gtk_widget_grab_focus (name_text);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "run.paste-clipboard", NULL);
  berth_test_wait_until (g_strcmp0 (field_text (dialog, "Name (optional)"), "plain-words") == 0, 2000);

  gdk_clipboard_set_text (clipboard, "sudo docker run --rm \\\n  -e GREETING=hi \\\n  busybox echo \"Hello, Docker!\"");
  gtk_widget_grab_focus (name_text);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "run.paste-clipboard", NULL);
  berth_test_wait_until (g_strcmp0 (field_text (dialog, "Image"), "busybox") == 0, 2000);
  g_assert_cmpstr (field_text (dialog, "Name (optional)"), ==, "");
  assert_preview (dialog, "docker run --rm -e GREETING=hi busybox echo 'Hello, Docker!'");
  close_dialog (dialog);
}

/* From an image: Run with the image filled in. */
static void
test_run_from_image (void)
{
  BerthResourcePage *images;
  BerthRunDialog *dialog;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *list;

  if (window == NULL)
    return;

  images = berth_window_get_page (window, BERTH_RESOURCE_KIND_IMAGE);
  list = G_LIST_MODEL (berth_resource_page_get_list (images));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (BerthImage) image = g_list_model_get_item (list, i);
      const char * const *tags = berth_image_get_tags (image);

      if (tags != NULL && g_strv_contains (tags, berth_test_image ()))
        g_ptr_array_add (items, g_object_ref (image));
    }
  g_assert_cmpuint (items->len, ==, 1);

  berth_resource_page_act (images, "run", items);
  dialog = BERTH_RUN_DIALOG (berth_ui_find_toplevel (BERTH_TYPE_RUN_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (field_text (dialog, "Image"), ==, berth_test_image ());
  close_dialog (dialog);
}

/* The progress widget halfway through a pull, from a recorded stream. */
static void
test_progress_widget (void)
{
  g_autoptr (BerthProgress) progress = berth_progress_new ();
  g_autofree char *path = berth_test_fixture_path ("progress/pull-layered.jsonl");
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  GtkWidget *widget = berth_pull_progress_new ();
  GtkWidget *holder = gtk_window_new ();
  GError *error = NULL;
  const char *extra[] = {
    "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":131072,\"total\":262506},\"id\":\"0de2c2dc203b\"}",
    "{\"status\":\"Extracting\",\"progressDetail\":{\"current\":96,\"total\":143},\"id\":\"0d50094464fb\"}",
  };

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (berth_progress_feed_line (progress, lines[i], -1, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    g_assert_true (berth_progress_feed_line (progress, extra[i], -1, NULL));

  berth_pull_progress_set_progress (BERTH_PULL_PROGRESS (widget), BERTH_IMAGE_TRANSFER_PULL,
                                    "127.0.0.1:15000/berth-test/layered:latest", progress);
  gtk_widget_set_margin_top (widget, 18);
  gtk_widget_set_margin_bottom (widget, 18);
  gtk_widget_set_margin_start (widget, 18);
  gtk_widget_set_margin_end (widget, 18);
  gtk_window_set_child (GTK_WINDOW (holder), widget);
  gtk_window_set_default_size (GTK_WINDOW (holder), 640, -1);
  gtk_window_present (GTK_WINDOW (holder));

  save_png (holder, "pull-progress.png");
  g_assert_cmpstr (berth_pull_progress_get_title (BERTH_PULL_PROGRESS (widget)), ==,
                   "Downloading 127.0.0.1:15000/berth-test/layered:latest");
  g_assert_nonnull (berth_ui_find_widget (widget, GTK_TYPE_LABEL, label_contains, (gpointer) "Downloading 131.1\u00a0kB of 262.5\u00a0kB"));
  g_assert_nonnull (berth_ui_find_widget (widget, GTK_TYPE_LABEL, label_is, (gpointer) "Already here"));
  g_assert_nonnull (berth_ui_find_widget (widget, GTK_TYPE_LABEL, label_contains, (gpointer) "1 of 4 layers done"));
  gtk_window_destroy (GTK_WINDOW (holder));
}

static BerthRegistryAuth *
registry_auth (void)
{
  return berth_registry_auth_new (g_getenv ("BERTH_TEST_REGISTRY"), g_getenv ("BERTH_TEST_REGISTRY_USER"),
                                  g_getenv ("BERTH_TEST_REGISTRY_PASSWORD"));
}

/* The image is not here: without credentials the registry's refusal is
 * shown and the form stays; with them, the dialog pulls with progress,
 * then runs. */
static void
test_pull_then_run (void)
{
  g_autoptr (BerthRegistryAuth) auth = NULL;
  g_autofree char *image = NULL;
  g_autofree char *name = NULL;
  g_autofree char *line = NULL;
  g_autofree char *state = NULL;
  BerthPullProgress *progress;
  BerthRunDialog *dialog;

  if (window == NULL)
    return;
  if (g_getenv ("BERTH_TEST_REGISTRY") == NULL)
    {
      g_test_skip ("BERTH_TEST_REGISTRY is not set");
      return;
    }

  image = g_strdup_printf ("%s/berth-test/layered:latest", g_getenv ("BERTH_TEST_REGISTRY"));
  remove_quietly ("image", image);
  name = unique ("pulled");
  line = g_strdup_printf ("docker run -d --name %s %s sleep 600", name, image);

  dialog = open_dialog ();
  g_assert_true (berth_run_dialog_paste_command (dialog, line));
  berth_test_wait_until (berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, label_contains,
                                               (gpointer) "is not on this computer yet") != NULL, 5000);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "run.submit", NULL);
  berth_test_wait_until (!berth_run_dialog_get_busy (dialog), 20000);
  g_assert_nonnull (berth_run_dialog_get_error (dialog));
  g_assert_nonnull (strstr (berth_run_dialog_get_error (dialog), "no basic auth credentials"));
  g_assert_cmpstr (field_text (dialog, "Name (optional)"), ==, name);
  assert_preview (dialog, line);
  save_png (GTK_WIDGET (dialog), "run-pull-error.png");

  auth = registry_auth ();
  berth_run_dialog_set_registry_auth (dialog, auth);
  progress = BERTH_PULL_PROGRESS (berth_ui_find_widget (GTK_WIDGET (dialog), BERTH_TYPE_PULL_PROGRESS, NULL, NULL));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "run.submit", NULL);
  berth_test_wait_until (berth_pull_progress_get_progress (progress) != NULL &&
                         g_list_model_get_n_items (G_LIST_MODEL (berth_pull_progress_get_progress (progress))) >= 2, 20000);
  save_png (GTK_WIDGET (dialog), "run-pulling.png");

  /* Done: closed, and gone once its work is over. */
  berth_test_wait_until (dialog == NULL, 60000);
  state = berth_test_docker_ok ("inspect", "-f", "{{.State.Status}}", name, NULL);
  g_assert_cmpstr (g_strstrip (state), ==, "running");
  g_assert_true (log_contains (line));

  remove_quietly ("container", name);
  remove_quietly ("image", image);
}

/* Images → Pull…: a wrong reference is refused before sending; the
 * registry's refusal is shown; with credentials it downloads. */
static void
test_pull_dialog (void)
{
  g_autoptr (BerthRegistryAuth) auth = NULL;
  g_autofree char *image = NULL;
  g_autofree char *command = NULL;
  BerthPullDialog *dialog;
  BerthPullProgress *progress;
  GtkWidget *download;

  if (window == NULL)
    return;
  if (g_getenv ("BERTH_TEST_REGISTRY") == NULL)
    {
      g_test_skip ("BERTH_TEST_REGISTRY is not set");
      return;
    }

  berth_window_show_page (window, BERTH_RESOURCE_KIND_IMAGE);
  download = berth_ui_find_widget (GTK_WIDGET (berth_window_get_page (window, BERTH_RESOURCE_KIND_IMAGE)),
                                   GTK_TYPE_BUTTON, button_labelled, (gpointer) "P_ull…");
  g_assert_nonnull (download);
  g_signal_emit_by_name (download, "clicked");
  dialog = BERTH_PULL_DIALOG (berth_ui_find_toplevel (BERTH_TYPE_PULL_DIALOG));
  g_assert_nonnull (dialog);
  download = berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_labelled, (gpointer) "_Download");
  progress = berth_pull_dialog_get_progress (dialog);

  berth_pull_dialog_set_reference (dialog, "Not A/Reference");
  g_assert_false (gtk_widget_is_sensitive (download));

  image = g_strdup_printf ("%s/berth-test/busybox:latest", g_getenv ("BERTH_TEST_REGISTRY"));
  remove_quietly ("image", image);
  berth_pull_dialog_set_reference (dialog, image);
  g_assert_true (gtk_widget_is_sensitive (download));
  command = g_strconcat ("docker pull ", image, NULL);
  g_assert_cmpstr (berth_pull_dialog_get_command (dialog), ==, command);
  g_signal_emit_by_name (download, "clicked");
  berth_test_wait_until (!berth_pull_dialog_get_busy (dialog), 20000);
  g_assert_nonnull (berth_pull_progress_get_error (progress));
  g_assert_nonnull (strstr (berth_pull_progress_get_error (progress), "no basic auth credentials"));
  save_png (GTK_WIDGET (dialog), "pull-dialog-error.png");

  auth = registry_auth ();
  berth_pull_dialog_set_auth (dialog, auth);
  g_signal_emit_by_name (download, "clicked");
  berth_test_wait_until (berth_ui_find_toplevel (BERTH_TYPE_PULL_DIALOG) == NULL, 30000);
  g_assert_true (log_contains (command));
  remove_quietly ("image", image);
}

/* Suggestions: local images as the image is typed. */
static void
test_image_completion (void)
{
  BerthRunCompletion *completion;
  BerthRunDialog *dialog;
  GtkWidget *image_row, *popover;

  if (window == NULL)
    return;

  dialog = open_dialog ();
  image_row = find_row (dialog, ADW_TYPE_ENTRY_ROW, "Image");
  completion = g_object_get_data (G_OBJECT (image_row), "berth-run-completion");
  g_assert_nonnull (completion);

  gtk_widget_grab_focus (image_row);
  gtk_editable_set_text (GTK_EDITABLE (image_row), "busy");
  g_assert_true (berth_run_completion_get_shown (completion));
  g_assert_cmpuint (berth_run_completion_get_n_shown (completion), >=, 1);
  popover = berth_ui_find_widget (image_row, GTK_TYPE_POPOVER, NULL, NULL);
  g_assert_nonnull (popover);
  g_assert_nonnull (berth_ui_find_widget (popover, GTK_TYPE_LABEL, label_is, (gpointer) berth_test_image ()));
  save_png (popover, "run-completion.png");

  gtk_editable_set_text (GTK_EDITABLE (image_row), "no-such-image-anywhere");
  g_assert_false (berth_run_completion_get_shown (completion));
  close_dialog (dialog);
}

/* The image's EXPOSEd ports are offered; one click publishes one. */
static void
test_exposed_ports (void)
{
  g_autofree char *image = NULL;
  g_autofree char *source = NULL;
  g_autofree char *expected = NULL;
  BerthRunDialog *dialog;
  GtkWidget *button;

  if (window == NULL)
    return;

  image = g_strdup_printf ("ui-run-exposed:%d", (int) getpid ());
  source = unique ("exposed-source");
  g_free (berth_test_docker_ok ("create", "--name", source, berth_test_image (), "true", NULL));
  g_free (berth_test_docker_ok ("commit", "--change", "EXPOSE 8080/tcp", "--change", "EXPOSE 53/udp",
                                source, image, NULL));

  dialog = open_dialog ();
  set_field (dialog, "Image", image);
  /* The image list learns of the new image from the engine's events. */
  berth_test_wait_until (berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_labelled,
                                               (gpointer) "53/udp") != NULL, 10000);
  g_assert_nonnull (berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_labelled, (gpointer) "8080/tcp"));
  save_png (GTK_WIDGET (dialog), "run-exposed.png");

  button = berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_labelled, (gpointer) "53/udp");
  g_signal_emit_by_name (button, "clicked");
  expected = g_strdup_printf ("docker run -p 8053:53/udp %s", image);
  assert_preview (dialog, expected);
  /* Published now: no longer offered. */
  g_assert_null (berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, button_labelled, (gpointer) "53/udp"));
  close_dialog (dialog);

  remove_quietly ("container", source);
  remove_quietly ("image", image);
}

/* A folder that is not on this computer, env files read or not. */
static void
test_folders_and_env_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ui-run-XXXXXX", NULL);
  g_autofree char *env_file = g_build_filename (dir, "app.env", NULL);
  g_autofree char *missing_file = g_build_filename (dir, "missing.env", NULL);
  g_autofree char *missing_dir = g_build_filename (dir, "not-here", NULL);
  g_autofree char *line = NULL;
  BerthRunDialog *dialog;
  GtkWidget *mount;

  if (window == NULL)
    return;

  g_assert_true (g_file_set_contents (env_file, "# settings\nMODE=production\nPORT=8080\n", -1, NULL));
  line = g_strdup_printf ("docker run -v %s:/site:ro --env-file %s berth-test/busybox", missing_dir, env_file);

  dialog = open_dialog ();
  g_assert_true (berth_run_dialog_paste_command (dialog, line));
  mount = berth_ui_find_widget (GTK_WIDGET (dialog), BERTH_TYPE_RUN_MOUNT_ROW, NULL, NULL);
  berth_test_wait_until (berth_run_mount_row_get_message (BERTH_RUN_MOUNT_ROW (mount)) != NULL, 5000);
  g_assert_nonnull (strstr (berth_run_mount_row_get_message (BERTH_RUN_MOUNT_ROW (mount)), "does not exist"));
  g_assert_false (run_sensitive (dialog));
  berth_test_wait_until (berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, label_contains,
                                               (gpointer) "2 variables: MODE, PORT") != NULL, 5000);

  /* The folder appears: the mark goes. */
  g_assert_cmpint (g_mkdir (missing_dir, 0755), ==, 0);
  gtk_editable_set_text (berth_run_mount_row_get_entry (BERTH_RUN_MOUNT_ROW (mount), "source"), dir);
  berth_test_wait_until (berth_run_mount_row_get_message (BERTH_RUN_MOUNT_ROW (mount)) == NULL, 5000);
  g_assert_true (run_sensitive (dialog));

  /* An env file that cannot be read is marked. */
  g_free (line);
  line = g_strdup_printf ("docker run --env-file %s berth-test/busybox", missing_file);
  g_assert_true (berth_run_dialog_paste_command (dialog, line));
  berth_test_wait_until (berth_ui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, label_contains,
                                               (gpointer) "Cannot read the env file") != NULL, 5000);
  g_assert_false (run_sensitive (dialog));
  close_dialog (dialog);

  g_rmdir (missing_dir);
  g_unlink (env_file);
  g_rmdir (dir);
}

/* What the engine refuses though the form is right (a port taken by a
 * program, not a container) is shown in its words; the form stays. */
static void
test_engine_refusal (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *line = NULL;
  g_autofree char *ps = NULL;
  g_autofree char *filter = NULL;
  BerthRunDialog *dialog;
  guint16 port = 0;

  if (window == NULL)
    return;

  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_assert_true (g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &address, &error));
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));

  name = unique ("refused");
  line = g_strdup_printf ("docker run -d --name %s -p 127.0.0.1:%u:80 berth-test/busybox httpd -f -p 80", name, port);
  dialog = open_dialog ();
  g_assert_true (berth_run_dialog_paste_command (dialog, line));
  g_assert_true (run_sensitive (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "run.submit", NULL);
  g_assert_true (berth_run_dialog_get_busy (dialog));
  berth_test_wait_until (!berth_run_dialog_get_busy (dialog), 20000);

  g_assert_nonnull (berth_run_dialog_get_error (dialog));
  g_test_message ("The engine said: %s", berth_run_dialog_get_error (dialog));
  g_assert_true (strstr (berth_run_dialog_get_error (dialog), "already") != NULL ||
                 strstr (berth_run_dialog_get_error (dialog), "in use") != NULL);
  g_assert_cmpstr (field_text (dialog, "Name (optional)"), ==, name);
  assert_preview (dialog, line);
  g_assert_true (run_sensitive (dialog));
  save_png (GTK_WIDGET (dialog), "run-refused.png");

  /* The container that could not start was removed again. */
  filter = g_strdup_printf ("name=^%s$", name);
  ps = berth_test_docker_ok ("ps", "-aq", "--filter", filter, NULL);
  g_assert_cmpstr (g_strstrip (ps), ==, "");
  close_dialog (dialog);
}

/* -it: started in the background, and the toast says how to attach. */
static void
test_interactive (void)
{
  g_autofree char *name = NULL;
  g_autofree char *line = NULL;
  g_autofree char *tty = NULL;
  BerthRunDialog *dialog;
  GListModel *log;
  g_autoptr (BerthCommandEntry) last = NULL;

  if (window == NULL)
    return;

  name = unique ("shell");
  line = g_strdup_printf ("docker run -it --name %s berth-test/busybox sh", name);
  dialog = open_dialog ();
  g_assert_true (berth_run_dialog_paste_command (dialog, line));
  g_assert_true (gtk_switch_get_active (row_switch (dialog, "Interactive, with a terminal")));
  g_assert_false (gtk_switch_get_active (row_switch (dialog, "Run in the background")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "run.submit", NULL);
  berth_test_wait_until (berth_ui_find_toplevel (BERTH_TYPE_RUN_DIALOG) == NULL, 20000);

  log = G_LIST_MODEL (berth_window_get_command_log (window));
  g_assert_cmpuint (g_list_model_get_n_items (log), >, 0);
  g_assert_true (log_contains (line));
  for (guint i = 0; i < g_list_model_get_n_items (log); i++)
    {
      g_autoptr (BerthCommandEntry) entry = g_list_model_get_item (log, i);

      if (g_strcmp0 (berth_command_entry_get_command (entry), line) == 0)
        g_set_object (&last, entry);
    }
  g_assert_nonnull (strstr (berth_command_entry_get_description (last), "docker attach"));
  tty = berth_test_docker_ok ("inspect", "-f", "{{.State.Running}} {{.Config.Tty}} {{.Config.OpenStdin}}", name, NULL);
  g_assert_cmpstr (g_strstrip (tty), ==, "true true true");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = berth_ui_test_init (&argc, &argv);
  /* A blinking cursor redraws the dialog between a frame and its PNG. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  endpoint = berth_test_get_endpoint ();
  made = g_ptr_array_new_with_free_func (g_free);

  if (endpoint != NULL)
    {
      remove_leftovers ();
      window = berth_window_new (app);
      gtk_window_set_default_size (GTK_WINDOW (window), 1180, 720);
      berth_window_set_endpoint (window, endpoint);
      gtk_window_present (GTK_WINDOW (window));
      berth_test_wait_until (all_loaded (), 10000);
    }

  g_test_add_func ("/ui/run/empty", test_empty);
  g_test_add_func ("/ui/run/form-to-command", test_form_to_command);
  g_test_add_func ("/ui/run/paste-and-run", test_paste_and_run);
  g_test_add_func ("/ui/run/errors", test_errors);
  g_test_add_func ("/ui/run/unsupported", test_unsupported);
  g_test_add_func ("/ui/run/clipboard-paste", test_clipboard_paste);
  g_test_add_func ("/ui/run/from-image", test_run_from_image);
  g_test_add_func ("/ui/run/image-completion", test_image_completion);
  g_test_add_func ("/ui/run/exposed-ports", test_exposed_ports);
  g_test_add_func ("/ui/run/folders-and-env-files", test_folders_and_env_files);
  g_test_add_func ("/ui/run/engine-refusal", test_engine_refusal);
  g_test_add_func ("/ui/run/interactive", test_interactive);
  g_test_add_func ("/ui/run/progress-widget", test_progress_widget);
  g_test_add_func ("/ui/run/pull-then-run", test_pull_then_run);
  g_test_add_func ("/ui/run/pull-dialog", test_pull_dialog);

  status = g_test_run ();

  for (guint i = 0; i < made->len; i++)
    remove_quietly ("container", g_ptr_array_index (made, i));
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  g_ptr_array_unref (made);
  g_clear_object (&endpoint);
  g_clear_object (&app);
  return status;
}
