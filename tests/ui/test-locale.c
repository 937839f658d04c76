/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "berth-run-dialog.h"
#include "berth-test-util.h"
#include "berth-ui-test-util.h"
#include "berth-window.h"

/* Berth in Simplified Chinese (LANGUAGE=zh_CN, catalogue from this build).
 * Many users read Chinese first: each main view is saved as a PNG to look
 * at, and the words a beginner sees first must be the translated ones. */

static GtkApplication *app;
static BerthEndpoint *endpoint;

static gboolean
label_with_text (GtkWidget *widget,
                 gpointer   text)
{
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static gboolean
label_starts_with (GtkWidget *widget,
                   gpointer   prefix)
{
  return g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix);
}

static void
assert_shows (GtkWidget  *root,
              const char *text)
{
  if (berth_ui_find_widget (root, GTK_TYPE_LABEL, label_with_text, (gpointer) text) == NULL)
    g_error ("No label reads “%s”", text);
}

static gboolean
all_loaded (BerthWindow *window)
{
  BerthStore *store = berth_window_get_store (window);

  for (guint kind = 0; kind <= BERTH_RESOURCE_KIND_NETWORK; kind++)
    {
      if (!berth_resource_list_get_loaded (berth_store_get_list (store, kind)))
        return FALSE;
    }
  return TRUE;
}

static void
test_catalogue (void)
{
  /* Without the catalogue every test below would pass on English text. */
  g_assert_cmpstr (_("Containers"), ==, "容器");
  g_assert_cmpstr (C_("container state", "Running"), ==, "运行中");
}

static void
test_setup_page (void)
{
  g_autoptr (BerthEndpoint) nowhere = berth_endpoint_new_for_address ("unix:///nonexistent/docker.sock", NULL);
  BerthWindow *window = berth_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  berth_window_set_endpoint (window, nowhere);
  gtk_window_present (GTK_WINDOW (window));
  berth_test_wait_until (g_strcmp0 (berth_window_get_view_name (window), "setup") == 0, 5000);
  assert_shows (GTK_WIDGET (window), _("Start an Engine"));
  berth_ui_save_png (GTK_WIDGET (window), "zh_CN-setup.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_pages (void)
{
  static const char *names[] = { "zh_CN-containers.png", "zh_CN-images.png",
                                 "zh_CN-volumes.png", "zh_CN-networks.png" };
  BerthWindow *window;

  if (endpoint == NULL)
    return;

  g_free (berth_test_docker (NULL, "rm", "-f", "ui-zh-web", NULL));
  g_free (berth_test_docker_ok ("run", "-d", "--name", "ui-zh-web", "-p", "18383:80",
                                berth_test_image (), "httpd", "-f", "-p", "80", NULL));

  window = berth_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 720);
  berth_window_set_endpoint (window, endpoint);
  gtk_window_present (GTK_WINDOW (window));
  berth_test_wait_until (all_loaded (window), 10000);

  for (guint kind = 0; kind <= BERTH_RESOURCE_KIND_NETWORK; kind++)
    {
      berth_window_show_page (window, kind);
      berth_ui_wait_for_draw (GTK_WIDGET (window));
      berth_ui_save_png (GTK_WIDGET (window), names[kind]);
    }

  /* The sidebar, a column title and a badge, as a beginner meets them. */
  assert_shows (GTK_WIDGET (window), "容器");
  assert_shows (GTK_WIDGET (window), "镜像");
  assert_shows (GTK_WIDGET (window), "卷");
  assert_shows (GTK_WIDGET (window), "网络");
  berth_window_show_page (window, BERTH_RESOURCE_KIND_CONTAINER);
  berth_ui_wait_for_draw (GTK_WIDGET (window));
  assert_shows (GTK_WIDGET (window), C_("container state", "Running"));
  /* The engine words statuses in English; Berth says them in Chinese. */
  g_assert_nonnull (berth_ui_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL,
                                          label_starts_with, (gpointer) "已运行"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_free (berth_test_docker_ok ("rm", "-f", "ui-zh-web", NULL));
}

static void
test_run_dialog (void)
{
  BerthWindow *window;
  BerthRunDialog *dialog;

  if (endpoint == NULL)
    return;

  window = berth_window_new (app);
  berth_window_set_endpoint (window, endpoint);
  gtk_window_present (GTK_WINDOW (window));
  berth_test_wait_until (all_loaded (window), 10000);

  dialog = berth_run_dialog_present (window, berth_test_image ());
  berth_run_dialog_paste_command (dialog, "docker run -d --name web -p 8080:80 nginx");
  berth_ui_save_png (GTK_WIDGET (dialog), "zh_CN-run.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = berth_ui_test_init (&argc, &argv);
  endpoint = berth_test_get_endpoint ();

  g_test_add_func ("/locale/catalogue", test_catalogue);
  g_test_add_func ("/locale/setup-page", test_setup_page);
  g_test_add_func ("/locale/pages", test_pages);
  g_test_add_func ("/locale/run-dialog", test_run_dialog);

  status = g_test_run ();
  g_clear_object (&endpoint);
  g_clear_object (&app);
  return status;
}
