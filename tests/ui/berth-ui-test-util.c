/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "berth-application.h"
#include "berth-test-util.h"
#include "berth-ui-test-util.h"

/* UI tests drive the real window in-process under Xvfb. These helpers find
 * widgets, wait for frames (never sleep) and save what is on screen as PNG
 * files in the build directory, for people to look at. */

GtkApplication *
berth_ui_test_init (int    *argc,
                    char ***argv)
{
  GtkApplication *app;
  g_autoptr (GError) error = NULL;

  berth_test_init_full (argc, argv, FALSE);
  adw_init ();

  /* Strings come from the catalogues built with the tests, so a test run
   * with LANGUAGE set shows the translation of this very tree. */
  if (g_getenv ("BERTH_TEST_LOCALEDIR") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("BERTH_TEST_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Screenshots show where a transition ends, not a frame in between. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* A real application (actions like app.copy-text, the help overlay),
   * registered without becoming the session's unique instance. */
  app = GTK_APPLICATION (berth_application_new ());
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

GtkWidget *
berth_ui_find_widget (GtkWidget  *root,
                      GType       type,
                      gboolean  (*match) (GtkWidget *widget,
                                          gpointer   data),
                      gpointer    data)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, data)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = berth_ui_find_widget (child, type, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first toplevel of @type, e.g. a dialog that just opened. */
GtkWindow *
berth_ui_find_toplevel (GType type)
{
  g_autoptr (GListModel) toplevels = NULL;
  guint n;

  toplevels = g_object_ref (gtk_window_get_toplevels ());
  n = g_list_model_get_n_items (toplevels);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Waits until @widget's window has painted a frame after now. */
void
berth_ui_wait_for_draw (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong id;

  berth_test_wait_until (gtk_widget_get_mapped (widget), 5000);
  clock = gtk_widget_get_frame_clock (widget);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  berth_test_wait_until (painted, 5000);
  g_signal_handler_disconnect (clock, id);
}

/**
 * berth_ui_save_png:
 * @name: the file name, e.g. "containers.png"
 *
 * Renders @widget as it is on screen to G_TEST_BUILDDIR/screenshots/@name.
 */
void
berth_ui_save_png (GtkWidget  *widget,
                   const char *name)
{
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  paintable = gtk_widget_paintable_new (widget);

  /* Right after a change (a dialog presented, a page switched) the widget
   * may have nothing to draw until its next frame: wait for frames, not
   * time, until it has. */
  for (guint frames = 0; node == NULL; frames++)
    {
      g_assert_cmpuint (frames, <, 20);
      berth_ui_wait_for_draw (widget);

      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      g_assert_cmpint (width, >, 0);
      g_assert_cmpint (height, >, 0);

      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                          "screenshots", NULL);
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}
