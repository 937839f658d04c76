/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "berth-build-dialog.h"
#include "berth-command-log.h"
#include "berth-image-archive-dialog.h"
#include "berth-image-page.h"
#include "berth-image-search-dialog.h"
#include "berth-images-page.h"
#include "berth-push-dialog.h"
#include "berth-registries-dialog.h"
#include "berth-tag-dialog.h"
#include "berth-test-util.h"
#include "berth-ui-test-util.h"
#include "berth-window.h"

/* Image work in the real window, against the private test engine and its
 * registry: build (streaming, and failing), tag, log in (without a
 * keyring), push, the image's page, save and load back. The tests run in
 * order and share one window and one built image; each saves PNGs. */

static GtkApplication *app;
static BerthEndpoint *endpoint;
static BerthWindow *window;
static const char *registry;
static char *tmpdir;
static char *built;     /* "ui-img-PID:1.0", made by the build test */
static char *pushed;    /* REGISTRY/ui-img-PID:1.0 */
static char *built_id;

/* Helpers ---------------------------------------------------------------------- */

static BerthResourcePage *
images_page (void)
{
  return berth_window_get_page (window, BERTH_RESOURCE_KIND_IMAGE);
}

static gboolean
all_loaded (void)
{
  BerthStore *store = berth_window_get_store (window);

  for (guint kind = 0; kind <= BERTH_RESOURCE_KIND_NETWORK; kind++)
    {
      if (!berth_resource_list_get_loaded (berth_store_get_list (store, kind)))
        return FALSE;
    }
  return TRUE;
}

/* The image of the list with @tag, if any. */
static BerthImage *
find_image (const char *tag)
{
  GListModel *list = G_LIST_MODEL (berth_resource_page_get_list (images_page ()));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (BerthImage) image = g_list_model_get_item (list, i);
      const char * const *tags = berth_image_get_tags (image);

      if (tags != NULL && g_strv_contains (tags, tag))
        return image;
    }
  return NULL;
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

static gboolean
button_with_label (GtkWidget *widget,
                   gpointer   label)
{
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  return berth_ui_find_widget (root, GTK_TYPE_BUTTON, button_with_label, (gpointer) label);
}

static void
click_button (GtkWidget  *root,
              const char *label)
{
  GtkWidget *button = find_button (root, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
}

/* Lets what the last callbacks changed settle (relayouts, rows rebuilt)
 * before the picture is taken. */
static void
save_png (GtkWidget  *widget,
          const char *name)
{
  for (guint i = 0; i < 100 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
  berth_ui_wait_for_draw (widget);
  berth_ui_save_png (widget, name);
}

static gboolean
output_contains (BerthBuildDialog *dialog,
                 const char       *text)
{
  g_autofree char *output = berth_build_dialog_get_output (dialog);

  return strstr (output, text) != NULL;
}

static char *
write_context (const char *name,
               const char *dockerfile)
{
  g_autofree char *dir = g_build_filename (tmpdir, name, NULL);
  g_autofree char *path = g_build_filename (dir, "Dockerfile", NULL);
  g_autofree char *readme = g_build_filename (dir, "hello.txt", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_file_set_contents (path, dockerfile, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (readme, "hello from the build context\n", -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&dir);
}

static BerthBuildDialog *
open_build_dialog (const char *context)
{
  BerthBuildDialog *dialog;

  berth_window_show_page (window, BERTH_RESOURCE_KIND_IMAGE);
  click_button (GTK_WIDGET (images_page ()), "_Build…");
  berth_test_wait_until ((dialog = (BerthBuildDialog *) berth_ui_find_toplevel (BERTH_TYPE_BUILD_DIALOG)) != NULL, 2000);
  if (context != NULL)
    {
      berth_build_dialog_set_context_dir (dialog, context);
      berth_test_wait_until (berth_build_dialog_get_loaded (dialog), 5000);
      berth_test_wait_until (berth_build_dialog_get_context_summary (dialog) != NULL &&
                             strstr (berth_build_dialog_get_context_summary (dialog), "file") != NULL, 5000);
    }
  return dialog;
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/* Whether a keyring (Secret Service) could answer on this session bus. */
static gboolean
have_keyring (void)
{
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr (GVariant) owner = NULL;
  g_autoptr (GVariant) activatable = NULL;
  g_autofree const char **names = NULL;
  gboolean has_owner = FALSE;

  if (bus == NULL)
    return FALSE;

  owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "NameHasOwner", g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (owner != NULL)
    g_variant_get (owner, "(b)", &has_owner);
  if (has_owner)
    return TRUE;

  activatable = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                             "ListActivatableNames", NULL, G_VARIANT_TYPE ("(as)"),
                                             G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (activatable == NULL)
    return FALSE;
  g_variant_get (activatable, "(^a&s)", &names);
  return g_strv_contains (names, "org.freedesktop.secrets");
}

static char **
docker_lines (const char *first_arg,
              ...)
{
  g_autofree char *out = NULL;
  const char *argv[8] = { first_arg, };
  va_list args;
  guint n = 1;

  va_start (args, first_arg);
  while (n < G_N_ELEMENTS (argv) - 1 && (argv[n] = va_arg (args, const char *)) != NULL)
    n++;
  va_end (args);
  argv[n] = NULL;

  out = berth_test_docker_ok (argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], argv[6], NULL);
  return g_strsplit (out, "\n", -1);
}

/* A failed classic build keeps the failed step's container and the steps
 * before it as untagged images: remove what appeared since @containers
 * and @images were listed. */
static void
remove_new (char **containers,
            char **images)
{
  g_auto (GStrv) now_containers = docker_lines ("ps", "-aq", NULL);
  g_auto (GStrv) now_images = docker_lines ("images", "-aq", NULL);

  for (guint i = 0; now_containers[i] != NULL; i++)
    {
      if (*now_containers[i] != '\0' && !g_strv_contains ((const char * const *) containers, now_containers[i]))
        g_free (berth_test_docker_ok ("rm", "-f", now_containers[i], NULL));
    }
  for (guint i = 0; now_images[i] != NULL; i++)
    {
      if (*now_images[i] != '\0' && !g_strv_contains ((const char * const *) images, now_images[i]))
        g_free (berth_test_docker (NULL, "rmi", now_images[i], NULL));
    }
}

/* Tests ------------------------------------------------------------------------- */

/* Images an earlier, interrupted run left behind. */
static void
remove_leftovers (void)
{
  g_autofree char *names = berth_test_docker_ok ("images", "--format", "{{.Repository}}:{{.Tag}}", NULL);
  g_auto (GStrv) lines = g_strsplit (names, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "ui-img-") || strstr (lines[i], "/ui-img-") != NULL)
        g_free (berth_test_docker (NULL, "rmi", "-f", lines[i], NULL));
    }
}

static void
test_open_window (void)
{
  if (endpoint == NULL)
    return;

  remove_leftovers ();

  window = berth_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  berth_window_set_endpoint (window, endpoint);
  gtk_window_present (GTK_WINDOW (window));
  berth_test_wait_until (all_loaded (), 10000);
  berth_window_show_page (window, BERTH_RESOURCE_KIND_IMAGE);
  g_assert_nonnull (find_image (berth_test_image ()));
}

/* A two-step Dockerfile builds, its steps stream into the output, and the
 * image appears in the list. */
static void
test_build (void)
{
  g_autofree char *context = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *dockerfile = NULL;
  BerthBuildDialog *dialog;
  GtkWidget *build_button;
  gboolean saw_step_while_running = FALSE;

  if (window == NULL)
    return;

  dockerfile = g_strdup_printf ("FROM %s\nRUN echo built by berth > /built.txt\n", berth_test_image ());
  context = write_context ("build", dockerfile);
  dialog = open_build_dialog (context);
  text = berth_build_dialog_get_dockerfile_text (dialog);
  g_assert_cmpstr (text, ==, dockerfile);
  g_assert_false (berth_build_dialog_get_modified (dialog));
  g_assert_nonnull (strstr (berth_build_dialog_get_context_summary (dialog), "2 files"));

  /* A bad tag is caught before anything is sent, saying what a good one is. */
  build_button = find_button (GTK_WIDGET (dialog), "_Build");
  berth_build_dialog_set_field (dialog, "tags", "My App:1.0");
  g_assert_nonnull (berth_build_dialog_get_error (dialog));
  g_assert_nonnull (strstr (berth_build_dialog_get_error (dialog), "like"));
  g_assert_false (gtk_widget_is_sensitive (build_button));

  berth_build_dialog_set_field (dialog, "tags", built);
  g_assert_null (berth_build_dialog_get_error (dialog));
  g_assert_true (gtk_widget_is_sensitive (build_button));
  expected = g_strdup_printf ("docker build -t %s %s", built, context);
  g_assert_cmpstr (berth_build_dialog_get_command (dialog), ==, expected);

  gtk_widget_activate (build_button);
  berth_test_wait_until (berth_build_dialog_get_busy (dialog), 2000);
  /* The output streams: the first step shows while the build goes on. */
  berth_test_wait_until (output_contains (dialog, "Step 1/2") ||
                         berth_build_dialog_get_phase (dialog) == BERTH_BUILD_PHASE_DONE, 30000);
  saw_step_while_running = output_contains (dialog, "Step 1/2");
  berth_test_wait_until (!berth_build_dialog_get_busy (dialog), 60000);
  g_assert_true (saw_step_while_running);
  g_assert_cmpint (berth_build_dialog_get_phase (dialog), ==, BERTH_BUILD_PHASE_DONE);
  g_assert_cmpstr (berth_build_dialog_get_view (dialog), ==, "output");
  g_assert_true (output_contains (dialog, "Step 2/2 : RUN echo built by berth"));
  g_assert_true (g_str_has_prefix (berth_build_dialog_get_image_id (dialog), "sha256:"));
  built_id = g_strdup (berth_build_dialog_get_image_id (dialog));
  save_png (GTK_WIDGET (dialog), "build.png");

  /* The list shows it (from the engine's events), and the history has the command. */
  berth_test_wait_until (find_image (built) != NULL, 5000);
  g_assert_cmpstr (berth_resource_get_id (BERTH_RESOURCE (find_image (built))), ==, built_id);
  g_assert_true (log_contains (expected));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A failing RUN: the failing step and the builder's words, clearly. */
static void
test_build_failed (void)
{
  g_autofree char *context = NULL;
  g_autofree char *dockerfile = NULL;
  g_auto (GStrv) containers = NULL;
  g_auto (GStrv) images = NULL;
  BerthBuildDialog *dialog;

  if (window == NULL)
    return;

  containers = docker_lines ("ps", "-aq", NULL);
  images = docker_lines ("images", "-aq", NULL);
  dockerfile = g_strdup_printf ("FROM %s\nRUN echo this step works\nRUN echo about to fail && exit 3\n", berth_test_image ());
  context = write_context ("failing", dockerfile);
  dialog = open_build_dialog (context);
  berth_build_dialog_set_field (dialog, "tags", "ui-img-never:1");
  berth_build_dialog_start (dialog);
  berth_test_wait_until (!berth_build_dialog_get_busy (dialog), 60000);

  g_assert_cmpint (berth_build_dialog_get_phase (dialog), ==, BERTH_BUILD_PHASE_FAILED);
  g_assert_nonnull (berth_build_dialog_get_failed_step (dialog));
  g_assert_nonnull (strstr (berth_build_dialog_get_failed_step (dialog), "Step 3/3"));
  g_assert_nonnull (strstr (berth_build_dialog_get_failed_step (dialog), "exit 3"));
  g_assert_nonnull (strstr (berth_build_dialog_get_error (dialog), "returned a non-zero code: 3"));
  g_assert_true (output_contains (dialog, "about to fail"));
  g_assert_null (berth_build_dialog_get_image_id (dialog));
  g_assert_null (find_image ("ui-img-never:1"));
  save_png (GTK_WIDGET (dialog), "build-failed.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  remove_new (containers, images);
}

/* Stop stops the build: no image, and the engine is left clean. */
static void
test_build_cancel (void)
{
  g_autofree char *context = NULL;
  g_autofree char *dockerfile = NULL;
  g_auto (GStrv) containers = NULL;
  g_auto (GStrv) images = NULL;
  BerthBuildDialog *dialog;

  if (window == NULL)
    return;

  containers = docker_lines ("ps", "-aq", NULL);
  images = docker_lines ("images", "-aq", NULL);
  dockerfile = g_strdup_printf ("FROM %s\nRUN echo waiting && sleep 60\n", berth_test_image ());
  context = write_context ("slow", dockerfile);
  dialog = open_build_dialog (context);
  berth_build_dialog_set_field (dialog, "tags", "ui-img-stopped:1");
  berth_build_dialog_start (dialog);
  berth_test_wait_until (output_contains (dialog, "waiting"), 30000);

  click_button (GTK_WIDGET (dialog), "_Stop");
  berth_test_wait_until (!berth_build_dialog_get_busy (dialog), 15000);
  g_assert_cmpint (berth_build_dialog_get_phase (dialog), ==, BERTH_BUILD_PHASE_FAILED);
  g_assert_null (berth_build_dialog_get_image_id (dialog));
  g_assert_true (output_contains (dialog, "The build was stopped."));
  g_assert_null (find_image ("ui-img-stopped:1"));
  save_png (GTK_WIDGET (dialog), "build-stopped.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  remove_new (containers, images);
}

/* A beginner's start: a commented template, and a huge context asks first. */
static void
test_build_template (void)
{
  g_autofree char *context = g_build_filename (tmpdir, "empty", NULL);
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  BerthBuildDialog *dialog;
  GtkWindow *question;
  GtkWidget *view;
  GtkSourceBuffer *buffer;
  GtkTextIter start, end, from;
  GSList *tags;

  if (window == NULL)
    return;

  g_assert_cmpint (g_mkdir_with_parents (context, 0755), ==, 0);
  dialog = open_build_dialog (NULL);
  berth_build_dialog_set_context_dir (dialog, context);
  berth_test_wait_until (berth_build_dialog_get_loaded (dialog), 5000);
  g_assert_cmpstr (berth_build_dialog_get_context_summary (dialog), !=, NULL);

  berth_build_dialog_use_template (dialog, "python-app");
  text = berth_build_dialog_get_dockerfile_text (dialog);
  for (guint i = 0; i < 7; i++)
    {
      const char *instructions[] = { "FROM", "WORKDIR", "COPY", "RUN", "CMD", "ENTRYPOINT", "EXPOSE" };
      g_autofree char *comment = g_strdup_printf ("# %s:", instructions[i]);
      g_autofree char *line = g_strdup_printf ("\n%s ", instructions[i]);

      g_assert_nonnull (strstr (text, comment));
      g_assert_nonnull (strstr (text, line));
    }
  g_assert_true (berth_build_dialog_get_modified (dialog));

  /* Shown with Dockerfile highlighting: the comments are comments. */
  view = berth_ui_find_widget (GTK_WIDGET (dialog), GTK_SOURCE_TYPE_VIEW, NULL, NULL);
  g_assert_nonnull (view);
  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (buffer)), ==, "docker");
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  gtk_source_buffer_ensure_highlight (buffer, &start, &end);
  g_assert_true (gtk_text_iter_forward_search (&start, "\nFROM ", GTK_TEXT_SEARCH_TEXT_ONLY, NULL, &from, NULL));
  tags = gtk_text_iter_get_tags (&from);
  g_assert_nonnull (tags);    /* the keyword is styled */
  g_slist_free (tags);
  save_png (GTK_WIDGET (dialog), "build-template.png");

  /* Saving writes the file; then the context has something to send. */
  berth_build_dialog_save (dialog);
  berth_test_wait_until (!berth_build_dialog_get_modified (dialog), 5000);
  path = g_build_filename (context, "Dockerfile", NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  berth_test_wait_until (strstr (berth_build_dialog_get_context_summary (dialog), "1 file,") != NULL, 5000);

  /* Over the limit, it asks before sending, and Cancel sends nothing. */
  berth_build_dialog_set_huge_context (dialog, 10);
  berth_build_dialog_start (dialog);
  berth_test_wait_until ((question = berth_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 5000);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), "to the Engine?"));
  save_png (GTK_WIDGET (question), "build-huge-context.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "cancel");
  berth_test_wait_until (!berth_build_dialog_get_busy (dialog), 2000);
  g_assert_cmpint (berth_build_dialog_get_phase (dialog), ==, BERTH_BUILD_PHASE_IDLE);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Tags are checked before they are sent; a good one is added. */
static void
test_tag (void)
{
  g_autofree char *command = NULL;
  BerthTagDialog *dialog;
  BerthImage *image;

  if (window == NULL || built_id == NULL)
    return;

  image = find_image (built);
  g_assert_nonnull (image);
  dialog = berth_tag_dialog_new (GTK_WINDOW (window), image);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpuint (berth_tag_dialog_get_n_tags (dialog), ==, 1);
  g_assert_cmpuint (g_strv_length ((char **) berth_image_get_tags (image)), ==, 1);

  berth_tag_dialog_set_new_tag (dialog, "Not A/Tag");
  g_assert_nonnull (berth_tag_dialog_get_error (dialog));
  g_assert_nonnull (strstr (berth_tag_dialog_get_error (dialog), "like “"));
  berth_tag_dialog_set_new_tag (dialog, built);
  g_assert_nonnull (strstr (berth_tag_dialog_get_error (dialog), "already names"));

  berth_tag_dialog_set_new_tag (dialog, pushed);
  g_assert_null (berth_tag_dialog_get_error (dialog));
  command = g_strdup_printf ("docker tag %s %s", built, pushed);
  g_assert_cmpstr (berth_tag_dialog_get_command (dialog), ==, command);
  berth_tag_dialog_add (dialog);
  berth_test_wait_until (berth_tag_dialog_get_n_tags (dialog) == 2, 5000);
  g_assert_true (log_contains (command));
  save_png (GTK_WIDGET (dialog), "tag.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Log in: a wrong password in the registry's words, then the right one,
 * used for the session even though the test session has no keyring. */
static void
test_registries (void)
{
  BerthRegistriesDialog *dialog;
  const BerthRegistryAuth *auth;
  gboolean keyring = have_keyring ();

  if (window == NULL)
    return;

  berth_registries_forget_session (registry);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.registries", NULL);
  berth_test_wait_until ((dialog = (BerthRegistriesDialog *) berth_ui_find_toplevel (BERTH_TYPE_REGISTRIES_DIALOG)) != NULL, 2000);

  berth_registries_dialog_set_field (dialog, "server", registry);
  berth_registries_dialog_set_field (dialog, "username", g_getenv ("BERTH_TEST_REGISTRY_USER"));
  berth_registries_dialog_set_field (dialog, "password", "not-the-password");
  g_assert_nonnull (strstr (berth_registries_dialog_get_command (dialog), "--password-stdin"));
  g_assert_null (strstr (berth_registries_dialog_get_command (dialog), "not-the-password"));
  berth_registries_dialog_log_in (dialog);
  g_assert_true (berth_registries_dialog_get_busy (dialog));
  berth_test_wait_until (!berth_registries_dialog_get_busy (dialog), 20000);
  g_assert_nonnull (berth_registries_dialog_get_error (dialog));
  g_assert_nonnull (strstr (berth_registries_dialog_get_error (dialog), "401"));
  g_assert_null (berth_registries_get_session_auth (registry));

  berth_registries_dialog_set_field (dialog, "password", g_getenv ("BERTH_TEST_REGISTRY_PASSWORD"));
  berth_registries_dialog_log_in (dialog);
  berth_test_wait_until (!berth_registries_dialog_get_busy (dialog), 20000);
  g_assert_null (berth_registries_dialog_get_error (dialog));

  /* Usable at once, whatever the keyring says. */
  auth = berth_registries_get_session_auth (registry);
  g_assert_nonnull (auth);
  g_assert_cmpstr (auth->username, ==, g_getenv ("BERTH_TEST_REGISTRY_USER"));

  /* The keyring's answer never hangs the dialog, and is said plainly. */
  berth_test_wait_until (berth_registries_dialog_get_notice (dialog) != NULL &&
                         strstr (berth_registries_dialog_get_notice (dialog), "keyring") != NULL, 20000);
  if (keyring)
    g_assert_nonnull (strstr (berth_registries_dialog_get_notice (dialog), "saved in the desktop keyring"));
  else
    {
      g_assert_nonnull (strstr (berth_registries_dialog_get_notice (dialog), "for this session only"));
      g_assert_nonnull (strstr (berth_registries_dialog_get_notice (dialog), "could not be saved to the keyring"));
    }
  berth_test_wait_until (berth_registries_dialog_get_n_known (dialog) >= 1, 5000);
  save_png (GTK_WIDGET (dialog), "registries.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Push with the session's login, layer by layer, to the end. */
static void
test_push (void)
{
  g_autofree char *command = NULL;
  g_autofree char *pulled_id = NULL;
  BerthPushDialog *dialog;
  BerthProgress *progress;
  guint n;

  if (window == NULL || built_id == NULL)
    return;

  dialog = berth_push_dialog_new (GTK_WINDOW (window), find_image (built), pushed);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (berth_push_dialog_get_reference (dialog), ==, pushed);
  command = g_strdup_printf ("docker push %s", pushed);
  g_assert_cmpstr (berth_push_dialog_get_command (dialog), ==, command);
  berth_test_wait_until (berth_push_dialog_get_has_auth (dialog), 5000);
  g_assert_nonnull (strstr (berth_push_dialog_get_login_text (dialog), g_getenv ("BERTH_TEST_REGISTRY_USER")));

  click_button (GTK_WIDGET (dialog), "_Push");
  berth_test_wait_until (berth_push_dialog_get_busy (dialog), 2000);
  berth_test_wait_until (!berth_push_dialog_get_busy (dialog), 60000);
  g_assert_null (berth_push_dialog_get_error (dialog));
  g_assert_true (berth_push_dialog_get_done (dialog));

  progress = berth_pull_progress_get_progress (berth_push_dialog_get_progress (dialog));
  n = g_list_model_get_n_items (G_LIST_MODEL (progress));
  g_assert_cmpuint (n, >=, 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BerthProgressLayer) layer = g_list_model_get_item (G_LIST_MODEL (progress), i);

      g_assert_true (berth_progress_layer_get_done (layer));
    }
  g_assert_true (berth_progress_get_finished (progress));
  g_assert_true (g_str_has_prefix (berth_pull_progress_get_title (berth_push_dialog_get_progress (dialog)), "Uploaded"));
  g_assert_true (log_contains (command));
  save_png (GTK_WIDGET (dialog), "push.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The registry has it: the docker CLI, logged in, can read its digest. */
  pulled_id = berth_test_docker_ok ("image", "inspect", "-f", "{{index .RepoDigests 0}}", pushed, NULL);
  g_assert_nonnull (strstr (pulled_id, "@sha256:"));
}

/* Log out: the session forgets the login, and says so. */
static void
test_log_out (void)
{
  BerthRegistriesDialog *dialog;

  if (window == NULL || berth_registries_get_session_auth (registry) == NULL)
    return;

  dialog = berth_registries_dialog_new (GTK_WINDOW (window), registry);
  gtk_window_present (GTK_WINDOW (dialog));
  berth_registries_dialog_log_out (dialog, registry);
  g_assert_null (berth_registries_get_session_auth (registry));
  berth_test_wait_until (berth_registries_dialog_get_notice (dialog) != NULL, 10000);
  g_assert_nonnull (strstr (berth_registries_dialog_get_notice (dialog), "Logged out of"));
  berth_test_wait_until (berth_registries_dialog_get_n_known (dialog) == 0 || have_keyring (), 5000);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The image's page: its layers, its configuration, opened from the list. */
static void
test_image_page (void)
{
  GtkColumnView *view;
  GListModel *model;
  BerthImagePage *page;
  guint position = G_MAXUINT;

  if (window == NULL)
    return;

  berth_window_show_page (window, BERTH_RESOURCE_KIND_IMAGE);
  berth_images_page_set_show (BERTH_IMAGES_PAGE (images_page ()), BERTH_IMAGES_SHOW_ALL);
  view = berth_resource_page_get_column_view (images_page ());
  model = G_LIST_MODEL (gtk_column_view_get_model (view));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (BerthImage) image = berth_resource_page_get_item (images_page (), i);

      if (g_strv_contains (berth_image_get_tags (image) ? berth_image_get_tags (image) : (const char *[]) { NULL },
                           berth_test_image ()))
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);

  /* Enter on the row opens the page. */
  g_signal_emit_by_name (view, "activate", position);
  page = berth_window_get_image_page (window);
  g_assert_nonnull (page);
  berth_test_wait_until (gtk_widget_get_mapped (GTK_WIDGET (page)), 2000);
  berth_test_wait_until (berth_image_page_get_loaded (page), 10000);
  g_assert_null (berth_image_page_get_error (page));
  g_assert_cmpstr (berth_image_page_get_name (page), ==, berth_test_image ());
  g_assert_cmpuint (berth_image_page_get_n_layers (page), >=, 1);
  g_assert_cmpstr (berth_image_page_get_config_value (page, "cmd"), ==, "sh");
  g_assert_cmpstr (berth_image_page_get_config_value (page, "env"), ==, "PATH=/usr/sbin:/usr/bin:/sbin:/bin");
  g_assert_nonnull (strchr (berth_image_page_get_config_value (page, "platform"), '/'));
  save_png (GTK_WIDGET (window), "image-page.png");

  /* The built image: two layers, and Back returns to the list. */
  if (built_id != NULL)
    {
      berth_window_open_image (window, built_id);
      page = berth_window_get_image_page (window);
      berth_test_wait_until (berth_image_page_get_loaded (page), 10000);
      g_assert_cmpuint (berth_image_page_get_n_layers (page), >=, 2);
      save_png (GTK_WIDGET (window), "image-page-built.png");
    }
  gtk_widget_activate_action (GTK_WIDGET (page), "image.back", NULL);
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (images_page ())))) ==
                 GTK_WIDGET (images_page ()));
}

static gboolean
shown_match (BerthImagesShow show)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (berth_resource_page_get_column_view (images_page ())));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (BerthImage) image = berth_resource_page_get_item (images_page (), i);

      if ((show == BERTH_IMAGES_SHOW_DANGLING && !berth_image_get_dangling (image)) ||
          (show == BERTH_IMAGES_SHOW_IN_USE && berth_image_get_containers (image) == 0) ||
          (show == BERTH_IMAGES_SHOW_UNUSED && berth_image_get_containers (image) > 0))
        return FALSE;
    }
  return TRUE;
}

/* The list's filters: in use, unused, dangling. */
static void
test_filters (void)
{
  g_autofree char *container = NULL;
  BerthImagesPage *page;
  BerthImage *base;

  if (window == NULL)
    return;

  page = BERTH_IMAGES_PAGE (images_page ());
  base = find_image (berth_test_image ());
  berth_window_show_page (window, BERTH_RESOURCE_KIND_IMAGE);

  /* A container made from the base image puts it in use. */
  container = g_strdup_printf ("ui-img-%d-user", (int) getpid ());
  g_free (berth_test_docker_ok ("create", "--name", container, berth_test_image (), NULL));
  berth_test_wait_until (berth_image_get_containers (base) > 0, 5000);

  berth_images_page_set_show (page, BERTH_IMAGES_SHOW_IN_USE);
  berth_test_wait_until (berth_resource_page_get_n_shown (images_page ()) >= 1, 2000);
  g_assert_true (shown_match (BERTH_IMAGES_SHOW_IN_USE));
  save_png (GTK_WIDGET (window), "images-in-use.png");

  berth_images_page_set_show (page, BERTH_IMAGES_SHOW_UNUSED);
  g_assert_true (shown_match (BERTH_IMAGES_SHOW_UNUSED));
  g_assert_nonnull (find_image (built));

  berth_images_page_set_show (page, BERTH_IMAGES_SHOW_DANGLING);
  g_assert_true (shown_match (BERTH_IMAGES_SHOW_DANGLING));
  if (berth_resource_page_get_n_shown (images_page ()) == 0)
    g_assert_cmpstr (berth_resource_page_get_view_name (images_page ()), ==, "filtered");

  g_free (berth_test_docker_ok ("rm", container, NULL));
  berth_images_page_set_show (page, BERTH_IMAGES_SHOW_ALL);
}

/* Prune says how much it frees, from the engine's own count. */
static void
test_prune (void)
{
  g_autofree char *name = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *old_id = NULL;
  GtkWindow *dialog;

  if (window == NULL)
    return;

  /* Two commits under one tag: the first loses it and dangles. */
  name = g_strdup_printf ("ui-img-%d-dangle:1", (int) getpid ());
  first = g_strstrip (berth_test_docker_ok ("create", berth_test_image (), NULL));
  old_id = g_strstrip (berth_test_docker_ok ("commit", "-m", "first", first, name, NULL));
  second = g_strstrip (berth_test_docker_ok ("create", berth_test_image (), "true", NULL));
  g_free (berth_test_docker_ok ("commit", "-m", "second", "-c", "CMD [\"true\"]", second, name, NULL));
  g_free (berth_test_docker_ok ("rm", first, second, NULL));

  berth_window_show_page (window, BERTH_RESOURCE_KIND_IMAGE);
  berth_images_page_set_show (BERTH_IMAGES_PAGE (images_page ()), BERTH_IMAGES_SHOW_DANGLING);
  berth_test_wait_until (berth_resource_page_get_n_shown (images_page ()) >= 1, 5000);
  g_assert_true (shown_match (BERTH_IMAGES_SHOW_DANGLING));
  save_png (GTK_WIDGET (window), "images-dangling.png");

  click_button (GTK_WIDGET (images_page ()), "_Prune…");
  berth_test_wait_until ((dialog = berth_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, 5000);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Remove Dangling Images?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "This frees"));
  save_png (GTK_WIDGET (dialog), "prune.png");

  /* Cancelled: other tests' dangling images are not ours to remove. */
  click_button (GTK_WIDGET (dialog), "_Cancel");
  berth_test_wait_until (berth_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL, 2000);
  g_free (berth_test_docker_ok ("rmi", name, old_id, NULL));
  berth_images_page_set_show (BERTH_IMAGES_PAGE (images_page ()), BERTH_IMAGES_SHOW_ALL);
}

/* Save to .tar.gz, remove, load back: the same image id. */
static void
test_save_load (void)
{
  g_autofree char *path = NULL;
  g_autofree char *loaded_id = NULL;
  g_autofree char *load_command = NULL;
  g_autofree char *imported = NULL;
  g_autofree char *import_command = NULL;
  const char *images[] = { NULL, NULL };
  BerthImageArchiveDialog *save, *load;
  const char * const *result;

  if (window == NULL || built_id == NULL)
    return;

  images[0] = built;
  path = g_build_filename (tmpdir, "ui-img-saved.tar.gz", NULL);
  save = berth_image_archive_dialog_new (GTK_WINDOW (window), BERTH_IMAGE_ARCHIVE_SAVE, images);
  gtk_window_present (GTK_WINDOW (save));
  berth_image_archive_dialog_set_path (save, path);
  g_assert_null (berth_image_archive_dialog_get_error (save));
  g_assert_nonnull (strstr (berth_image_archive_dialog_get_command (save), "| gzip >"));
  berth_image_archive_dialog_submit (save);
  g_assert_true (berth_image_archive_dialog_get_busy (save));
  berth_test_wait_until (!berth_image_archive_dialog_get_busy (save), 60000);
  g_assert_null (berth_image_archive_dialog_get_error (save));
  g_assert_true (berth_image_archive_dialog_get_done (save));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  save_png (GTK_WIDGET (save), "save.png");
  gtk_window_destroy (GTK_WINDOW (save));

  /* Gone from the engine... */
  g_free (berth_test_docker_ok ("rmi", built, pushed, NULL));
  berth_test_wait_until (find_image (built) == NULL, 5000);

  /* ...and back from the file, with the same id. */
  load = berth_image_archive_dialog_new (GTK_WINDOW (window), BERTH_IMAGE_ARCHIVE_LOAD, NULL);
  gtk_window_present (GTK_WINDOW (load));
  berth_image_archive_dialog_set_path (load, path);
  load_command = g_strdup_printf ("docker load -i %s", path);
  g_assert_cmpstr (berth_image_archive_dialog_get_command (load), ==, load_command);
  berth_image_archive_dialog_submit (load);
  berth_test_wait_until (!berth_image_archive_dialog_get_busy (load), 60000);
  g_assert_null (berth_image_archive_dialog_get_error (load));
  result = berth_image_archive_dialog_get_result (load);
  g_assert_nonnull (result);
  g_assert_true (g_strv_contains (result, built));
  berth_test_wait_until (find_image (built) != NULL, 5000);
  loaded_id = berth_test_docker_ok ("image", "inspect", "-f", "{{.Id}}", built, NULL);
  g_assert_cmpstr (loaded_id, ==, built_id);
  save_png (GTK_WIDGET (load), "load.png");

  /* The same dialog imports a file system tarball as a new image; its
   * name is checked first. */
  berth_image_archive_dialog_set_kind (load, BERTH_IMAGE_ARCHIVE_IMPORT);
  berth_image_archive_dialog_set_reference (load, "Not Valid");
  g_assert_nonnull (berth_image_archive_dialog_get_error (load));
  imported = g_strdup_printf ("ui-img-%d-imported:1", (int) getpid ());
  berth_image_archive_dialog_set_reference (load, imported);
  g_assert_null (berth_image_archive_dialog_get_error (load));
  import_command = g_strdup_printf ("docker import %s %s", path, imported);
  g_assert_cmpstr (berth_image_archive_dialog_get_command (load), ==, import_command);
  berth_image_archive_dialog_submit (load);
  berth_test_wait_until (!berth_image_archive_dialog_get_busy (load), 60000);
  g_assert_null (berth_image_archive_dialog_get_error (load));
  result = berth_image_archive_dialog_get_result (load);
  g_assert_true (g_str_has_prefix (result[0], "sha256:"));
  berth_test_wait_until (find_image (imported) != NULL, 5000);
  save_png (GTK_WIDGET (load), "import.png");
  gtk_window_destroy (GTK_WINDOW (load));
  g_free (berth_test_docker_ok ("rmi", imported, NULL));
}

/* Offline, the search says the engine could not reach the registry. */
static void
test_search (void)
{
  BerthImageSearchDialog *dialog;

  if (window == NULL)
    return;

  berth_window_show_page (window, BERTH_RESOURCE_KIND_IMAGE);
  click_button (GTK_WIDGET (images_page ()), "_Search…");
  berth_test_wait_until ((dialog = (BerthImageSearchDialog *) berth_ui_find_toplevel (BERTH_TYPE_IMAGE_SEARCH_DIALOG)) != NULL, 2000);
  berth_image_search_dialog_search (dialog, "busybox");
  g_assert_cmpstr (berth_image_search_dialog_get_command (dialog), ==, "docker search busybox");
  berth_test_wait_until (!berth_image_search_dialog_get_busy (dialog), 60000);

  if (g_strcmp0 (berth_image_search_dialog_get_view (dialog), "error") == 0)
    g_assert_nonnull (strstr (berth_image_search_dialog_get_error (dialog), "could not search the registry"));
  else
    g_assert_cmpuint (berth_image_search_dialog_get_n_results (dialog), >, 0);
  save_png (GTK_WIDGET (dialog), "search.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = berth_ui_test_init (&argc, &argv);
  gtk_source_init ();
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  endpoint = berth_test_get_endpoint ();
  registry = g_getenv ("BERTH_TEST_REGISTRY");
  if (endpoint != NULL && (registry == NULL || *registry == '\0'))
    {
      if (g_strcmp0 (g_getenv ("BERTH_REQUIRE_ENGINE"), "1") == 0)
        g_error ("BERTH_TEST_REGISTRY is not set: start the test engine with build-aux/test-engine start");
      g_clear_object (&endpoint);
    }

  tmpdir = g_dir_make_tmp ("ui-img-XXXXXX", NULL);
  built = g_strdup_printf ("ui-img-%d:1.0", (int) getpid ());
  pushed = g_strdup_printf ("%s/%s", registry ? registry : "localhost:5000", built);

  g_test_add_func ("/ui/images/open-window", test_open_window);
  g_test_add_func ("/ui/images/build", test_build);
  g_test_add_func ("/ui/images/build-failed", test_build_failed);
  g_test_add_func ("/ui/images/build-cancel", test_build_cancel);
  g_test_add_func ("/ui/images/build-template", test_build_template);
  g_test_add_func ("/ui/images/tag", test_tag);
  g_test_add_func ("/ui/images/registries", test_registries);
  g_test_add_func ("/ui/images/push", test_push);
  g_test_add_func ("/ui/images/log-out", test_log_out);
  g_test_add_func ("/ui/images/image-page", test_image_page);
  g_test_add_func ("/ui/images/filters", test_filters);
  g_test_add_func ("/ui/images/prune", test_prune);
  g_test_add_func ("/ui/images/save-load", test_save_load);
  g_test_add_func ("/ui/images/search", test_search);

  status = g_test_run ();

  /* Leave the engine as it was. */
  if (endpoint != NULL)
    {
      g_free (berth_test_docker (NULL, "rmi", "-f", built, NULL));
      g_free (berth_test_docker (NULL, "rmi", "-f", pushed, NULL));
    }
  if (registry != NULL)
    berth_registries_forget_session (registry);
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  remove_tree (tmpdir);
  g_free (tmpdir);
  g_free (built);
  g_free (pushed);
  g_free (built_id);
  g_clear_object (&endpoint);
  g_clear_object (&app);
  return status;
}
