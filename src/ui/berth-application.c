/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "berth-application.h"
#include "berth-preload.h"
#include "berth-trace.h"
#include "berth-window.h"

struct _BerthApplication
{
  AdwApplication  parent_instance;

  char           *engine_address;
  gboolean        quit_after_first_load;
  gboolean        launched;
  BerthPreload   *preload;
};

G_DEFINE_FINAL_TYPE (BerthApplication, berth_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "engine", 'H', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Connect to this engine (a socket path, unix:// or tcp:// address) instead of finding one"),
    N_("ADDRESS") },
  { "quit-after-first-load", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Quit once the container list is first shown (for benchmarks)"), NULL },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and quit"), NULL },
  { NULL }
};

static int
berth_application_handle_local_options (GApplication *app,
                                        GVariantDict *dict)
{
  BerthApplication *self = BERTH_APPLICATION (app);

  if (g_variant_dict_contains (dict, "version"))
    {
      g_print ("berth %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* Launched from the command line (not by a test registering the
   * application): startup may read the engine before the window asks. */
  self->launched = TRUE;

  g_variant_dict_lookup (dict, "engine", "s", &self->engine_address);
  self->quit_after_first_load = g_variant_dict_contains (dict, "quit-after-first-load");

  /* A benchmark run must not hand over to an instance already running. */
  if (self->quit_after_first_load)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

static void
berth_application_activate (GApplication *app)
{
  BerthApplication *self = BERTH_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr (BerthEndpoint) endpoint = NULL;
  g_autoptr (GError) error = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  window = GTK_WINDOW (berth_window_new (GTK_APPLICATION (app)));
  berth_trace_mark ("window-built", "main window constructed");

  if (self->engine_address != NULL)
    endpoint = berth_endpoint_new_for_address (self->engine_address, &error);

  if (endpoint != NULL)
    berth_window_set_endpoint (BERTH_WINDOW (window), endpoint);
  else if (error != NULL)
    g_printerr ("%s\n", error->message);

  if (endpoint == NULL)
    berth_window_connect_default (BERTH_WINDOW (window));

  gtk_window_present (window);
}

static void
copy_text_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (app);
  GdkDisplay *display = window ? gtk_widget_get_display (GTK_WIDGET (window)) : gdk_display_get_default ();

  gdk_clipboard_set_text (gdk_display_get_clipboard (display), g_variant_get_string (parameter, NULL));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Berth developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Berth"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Berth developers"),
                         "developers", developers,
                         "website", "https://github.com/berthapp/berth",
                         "issue-url", "https://github.com/berthapp/berth/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Manage containers, images, volumes and networks of Docker and Podman, and learn the docker command line as you go."),
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "copy-text", copy_text_action, "s" },
  { "about", about_action },
  { "quit", quit_action },
};

/* Reads the engine's containers while GTK opens the display and the window
 * is built (BerthPreload), from the engine the window will connect to. */
static void
start_preload (BerthApplication *self)
{
  g_autoptr (GSettings) settings = NULL;
  g_autofree char *remembered = NULL;
  const char *address = self->engine_address;

  if (address == NULL)
    {
      settings = g_settings_new (APP_ID);
      remembered = g_settings_get_string (settings, "engine-address");
      if (*remembered != '\0')
        address = remembered;
    }

  self->preload = berth_preload_new (address);
}

static void
berth_application_startup (GApplication *app)
{
  BerthApplication *self = BERTH_APPLICATION (app);

  if (self->launched)
    start_preload (self);

  G_APPLICATION_CLASS (berth_application_parent_class)->startup (app);
  berth_trace_mark ("display-open", "gtk and libadwaita initialised");
  gtk_source_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close",
                                         (const char *[]) { "<Control>w", NULL });
}

static void
berth_application_finalize (GObject *object)
{
  BerthApplication *self = BERTH_APPLICATION (object);

  g_free (self->engine_address);
  g_clear_object (&self->preload);

  G_OBJECT_CLASS (berth_application_parent_class)->finalize (object);
}

static void
berth_application_class_init (BerthApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = berth_application_finalize;
  app_class->activate = berth_application_activate;
  app_class->startup = berth_application_startup;
  app_class->handle_local_options = berth_application_handle_local_options;
}

static void
berth_application_init (BerthApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
}

BerthApplication *
berth_application_new (void)
{
  berth_trace_mark ("start", "berth %s", PACKAGE_VERSION);

  return g_object_new (BERTH_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/berthapp/Berth",
                       NULL);
}

/**
 * berth_application_take_preload:
 *
 * Returns: (transfer full) (nullable): the containers being read since
 *   start-up, for the first window's store; %NULL after the first call
 */
BerthPreload *
berth_application_take_preload (BerthApplication *self)
{
  g_return_val_if_fail (BERTH_IS_APPLICATION (self), NULL);
  return g_steal_pointer (&self->preload);
}

/* Set by --quit-after-first-load, for the start-up benchmark. */
gboolean
berth_application_get_quit_after_first_load (BerthApplication *self)
{
  g_return_val_if_fail (BERTH_IS_APPLICATION (self), FALSE);
  return self->quit_after_first_load;
}
