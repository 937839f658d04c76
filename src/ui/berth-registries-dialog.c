/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-image-page.h"
#include "berth-registries-dialog.h"
#include "berth-shell.h"

/* `docker login` and `docker logout`. The engine checks the credentials
 * with the registry (POST /auth); good ones are kept for this session and
 * saved in the desktop keyring, never in a plain file. docker's own
 * config.json is read only to offer the servers it knows. */

struct _BerthRegistriesDialog
{
  AdwWindow            parent_instance;

  /* Widgets */
  AdwPreferencesGroup *known_group;
  GPtrArray           *known_rows;
  AdwPreferencesGroup *docker_group;
  GPtrArray           *docker_rows;
  AdwEntryRow         *server_row;
  AdwEntryRow         *username_row;
  AdwEntryRow         *password_row;
  GtkWidget           *login_button;
  GtkLabel            *error_label;
  GtkLabel            *notice_label;
  GtkLabel            *command_label;

  /* Owned */
  GCancellable        *cancellable;
  GPtrArray           *keyring_known;
  char                *keyring_problem;
  char                *error;
  char                *notice;
  char                *command;
  guint                n_known;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (BerthRegistriesDialog, berth_registries_dialog, ADW_TYPE_WINDOW)

enum {
  LOGGED_IN,
  LOGGED_OUT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* This session's logins ------------------------------------------------------ */

static GHashTable *session_logins;

static GHashTable *
session_table (void)
{
  if (session_logins == NULL)
    session_logins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) berth_registry_auth_free);
  return session_logins;
}

/**
 * berth_registries_get_session_auth:
 * @server: a registry, as in an image reference ("127.0.0.1:5000",
 *   "docker.io") or as docker files it
 *
 * Returns: (nullable): the credentials a login in Berth gave for @server
 */
const BerthRegistryAuth *
berth_registries_get_session_auth (const char *server)
{
  g_autofree char *key = berth_registry_server_for_registry (server);

  return g_hash_table_lookup (session_table (), key);
}

void
berth_registries_forget_session (const char *server)
{
  g_autofree char *key = berth_registry_server_for_registry (server);

  g_hash_table_remove (session_table (), key);
}

static void
remember_session (const BerthRegistryAuth *auth)
{
  g_hash_table_replace (session_table (), berth_registry_server_for_registry (auth->server),
                        berth_registry_auth_copy (auth));
}

static void
keyring_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  BerthRegistryAuth *auth;

  auth = berth_registry_auth_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* No keyring is the same as no saved login: the registry will say what
   * it wants, and the user can log in for the session. */
  if (error != NULL)
    g_debug ("No saved login: %s", error->message);
  g_task_return_pointer (task, auth, (GDestroyNotify) berth_registry_auth_free);
}

/**
 * berth_registries_lookup_auth_async:
 *
 * Finds credentials for @server: this session's login, else the one saved
 * in the keyring. Finishes with %NULL and no error when there is none (or
 * no keyring to ask).
 */
void
berth_registries_lookup_auth_async (const char          *server,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  const BerthRegistryAuth *known = berth_registries_get_session_auth (server);
  g_autofree char *key = berth_registry_server_for_registry (server);

  g_task_set_source_tag (task, berth_registries_lookup_auth_async);
  if (known != NULL)
    {
      g_task_return_pointer (task, berth_registry_auth_copy (known), (GDestroyNotify) berth_registry_auth_free);
      return;
    }

  berth_registry_auth_lookup_async (key, NULL, cancellable, keyring_lookup_cb, g_steal_pointer (&task));
}

BerthRegistryAuth *
berth_registries_lookup_auth_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Helpers -------------------------------------------------------------------- */

static gboolean
is_hub (const char *server)
{
  return g_strcmp0 (server, BERTH_REGISTRY_DOCKER_HUB_SERVER) == 0;
}

static const char *
server_title (const char *server)
{
  return is_hub (server) ? _("Docker Hub") : server;
}

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_label (GtkLabel    *label,
           char       **slot,
           const char  *text)
{
  g_free (*slot);
  *slot = g_strdup (text);
  gtk_label_set_label (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
set_notice (BerthRegistriesDialog *self,
            const char            *text,
            gboolean               warning)
{
  set_label (self->notice_label, &self->notice, text);
  if (warning)
    gtk_widget_add_css_class (GTK_WIDGET (self->notice_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->notice_label), "warning");
}

/* The credentials the form holds; Docker Hub when no server is named. */
static BerthRegistryAuth *
form_auth (BerthRegistriesDialog *self)
{
  g_autofree char *server = row_text (self->server_row);
  g_autofree char *username = row_text (self->username_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autofree char *normal = NULL;

  if (*server != '\0')
    normal = berth_registry_server_for_registry (server);

  return berth_registry_auth_new (normal ? normal : BERTH_REGISTRY_DOCKER_HUB_SERVER, username, password);
}

static void
update (BerthRegistriesDialog *self)
{
  g_autoptr (BerthRegistryAuth) auth = form_auth (self);
  g_auto (GStrv) argv = berth_registry_auth_login_argv (auth);
  g_autofree char *username = row_text (self->username_row);

  g_free (self->command);
  self->command = berth_shell_join ((const char * const *) argv);
  gtk_label_set_label (self->command_label, self->command);
  gtk_widget_set_sensitive (self->login_button,
                            !self->busy && *username != '\0' &&
                            *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0');
}

/* Known registries ----------------------------------------------------------- */

static void log_out_clicked_cb (GtkButton *button, BerthRegistriesDialog *self);

static GtkWidget *
known_row_new (BerthRegistriesDialog *self,
               const char            *server,
               const char            *username,
               gboolean               saved)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Log _Out"));
  g_auto (GStrv) argv = berth_registry_auth_logout_argv (server);
  g_autofree char *command = berth_shell_join ((const char * const *) argv);
  g_autofree char *subtitle = NULL;
  g_autofree char *accessible = NULL;

  if (saved)
    /* Translators: a registry login, e.g. "as alice · saved in the desktop keyring" */
    subtitle = g_strdup_printf (_("as %s · saved in the desktop keyring"), username ? username : "?");
  else
    subtitle = g_strdup_printf (_("as %s · for this session only, not saved"), username ? username : "?");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), server_title (server));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, command);
  accessible = g_strdup_printf (_("Log out of %s"), server_title (server));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "server", g_strdup (server), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (log_out_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         GtkWidget           *row)
{
  g_ptr_array_add (rows, row);
  adw_preferences_group_add (group, row);
}

static void
rebuild_known (BerthRegistriesDialog *self)
{
  g_autoptr (GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;

  clear_rows (self->known_group, self->known_rows);

  for (guint i = 0; self->keyring_known != NULL && i < self->keyring_known->len; i++)
    {
      BerthRegistryAuth *auth = g_ptr_array_index (self->keyring_known, i);
      char *server = berth_registry_server_for_registry (auth->server);

      if (g_hash_table_contains (shown, server))
        {
          g_free (server);
          continue;
        }
      add_row (self->known_group, self->known_rows, known_row_new (self, server, auth->username, TRUE));
      g_hash_table_add (shown, server);
    }

  g_hash_table_iter_init (&iter, session_table ());
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      BerthRegistryAuth *auth = value;

      if (g_hash_table_contains (shown, key))
        continue;
      add_row (self->known_group, self->known_rows, known_row_new (self, key, auth->username, FALSE));
      g_hash_table_add (shown, g_strdup (key));
    }

  self->n_known = self->known_rows->len;
  if (self->known_rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Not logged in to any registry yet"));
      gtk_widget_add_css_class (row, "dim-label");
      add_row (self->known_group, self->known_rows, row);
    }

  adw_preferences_group_set_description (self->known_group, self->keyring_problem);
}

static void
keyring_list_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (BerthRegistriesDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = berth_registry_auth_list_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_pointer (&self->keyring_known, g_ptr_array_unref);
  g_clear_pointer (&self->keyring_problem, g_free);
  self->keyring_known = g_steal_pointer (&found);
  /* The details go with the login that could not be saved; here, what it means. */
  if (error != NULL)
    {
      g_debug ("Registry logins cannot be listed: %s", error->message);
      self->keyring_problem = g_strdup (_("The desktop keyring is not available, so logins made here last only until Berth closes."));
    }
  rebuild_known (self);
}

static void
refresh_known (BerthRegistriesDialog *self)
{
  rebuild_known (self);
  berth_registry_auth_list_async (self->cancellable, keyring_list_cb, g_object_ref (self));
}

static void
use_clicked_cb (GtkButton             *button,
                BerthRegistriesDialog *self)
{
  const char *server = g_object_get_data (G_OBJECT (button), "server");
  const char *username = g_object_get_data (G_OBJECT (button), "username");

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), is_hub (server) ? "" : server);
  if (username != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);
  gtk_widget_grab_focus (GTK_WIDGET (username != NULL ? self->password_row : self->username_row));
}

static void
docker_config_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (BerthRegistriesDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = berth_docker_config_list_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  clear_rows (self->docker_group, self->docker_rows);
  if (error != NULL)
    {
      adw_preferences_group_set_description (self->docker_group, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->docker_group), TRUE);
      return;
    }

  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      BerthRegistryAuth *auth = g_ptr_array_index (found, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *use = gtk_button_new_with_mnemonic (_("_Use"));
      g_autofree char *accessible = g_strdup_printf (_("Log in to %s"), server_title (auth->server));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), server_title (auth->server));
      if (auth->username != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), auth->username);
      gtk_widget_set_valign (use, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (use, "flat");
      gtk_accessible_update_property (GTK_ACCESSIBLE (use), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      gtk_widget_set_tooltip_text (use, accessible);
      g_object_set_data_full (G_OBJECT (use), "server", g_strdup (auth->server), g_free);
      g_object_set_data_full (G_OBJECT (use), "username", g_strdup (auth->username), g_free);
      g_signal_connect (use, "clicked", G_CALLBACK (use_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), use);
      add_row (self->docker_group, self->docker_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->docker_group), self->docker_rows->len > 0);
}

/* Log in --------------------------------------------------------------------- */

typedef struct
{
  BerthRegistriesDialog *self;
  BerthRegistryAuth     *auth;
  char                  *command;
} Login;

static void
login_free (Login *login)
{
  g_clear_object (&login->self);
  g_clear_pointer (&login->auth, berth_registry_auth_free);
  g_free (login->command);
  g_free (login);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Login *login = user_data;
  BerthRegistriesDialog *self = login->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  const char *server = server_title (login->auth->server);

  berth_registry_auth_store_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      login_free (login);
      return;
    }

  if (error != NULL)
    {
      /* Translators: %s are the registry, the user, and why the keyring refused */
      text = g_strdup_printf (_("Logged in to %s as %s, for this session only: the password could not be saved to the keyring. %s"),
                              server, login->auth->username, error->message);
      set_notice (self, text, TRUE);
    }
  else
    {
      text = g_strdup_printf (_("Logged in to %s as %s. The password is saved in the desktop keyring."),
                              server, login->auth->username);
      set_notice (self, text, FALSE);
    }

  refresh_known (self);
  login_free (login);
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Login *login = user_data;
  BerthRegistriesDialog *self = login->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthRegistryAuth) kept = NULL;
  g_autofree char *status = NULL;
  g_autofree char *done = NULL;

  kept = berth_registry_login_finish (BERTH_ENGINE (object), result, &status, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      login_free (login);
      return;
    }

  self->busy = FALSE;
  if (error != NULL)
    {
      set_label (self->error_label, &self->error, error->message);
      berth_image_report (GTK_WIDGET (self), error->message, login->command, TRUE);
      update (self);
      login_free (login);
      return;
    }

  /* Usable at once; the keyring is asked after. */
  if (kept->password == NULL && kept->identity_token == NULL)
    kept->password = g_strdup (login->auth->password);
  if (kept->username == NULL)
    kept->username = g_strdup (login->auth->username);
  remember_session (kept);
  g_clear_pointer (&login->auth, berth_registry_auth_free);
  login->auth = g_steal_pointer (&kept);

  done = g_strdup_printf (_("Logged in to %s"), server_title (login->auth->server));
  set_notice (self, done, FALSE);
  berth_image_report (GTK_WIDGET (self), done, login->command, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  update (self);
  refresh_known (self);
  g_signal_emit (self, signals[LOGGED_IN], 0, login->auth->server);

  berth_registry_auth_store_async (login->auth, self->cancellable, store_cb, login);
}

/**
 * berth_registries_dialog_log_in:
 *
 * Checks the form's credentials with the registry, through the engine.
 * Good ones are used for the rest of the session and saved in the keyring;
 * the dialog says when the keyring could not take them.
 */
void
berth_registries_dialog_log_in (BerthRegistriesDialog *self)
{
  g_autoptr (BerthRegistryAuth) auth = NULL;
  g_autoptr (GError) error = NULL;
  BerthStore *store;
  Login *login;

  g_return_if_fail (BERTH_IS_REGISTRIES_DIALOG (self));

  if (self->busy)
    return;

  auth = form_auth (self);
  if (!berth_registry_auth_validate (auth, &error))
    {
      set_label (self->error_label, &self->error, error->message);
      return;
    }

  store = berth_image_find_store (GTK_WIDGET (self));
  if (store == NULL)
    {
      set_label (self->error_label, &self->error, _("Berth is not connected to an engine, which is what checks the login"));
      return;
    }

  set_label (self->error_label, &self->error, NULL);
  set_notice (self, NULL, FALSE);
  self->busy = TRUE;
  update (self);

  login = g_new0 (Login, 1);
  login->self = g_object_ref (self);
  login->auth = g_steal_pointer (&auth);
  login->command = g_strdup (self->command);
  berth_registry_login_async (berth_store_get_engine (store), login->auth, self->cancellable, login_cb, login);
}

/* Log out -------------------------------------------------------------------- */

typedef struct
{
  BerthRegistriesDialog *self;
  char                  *server;
  gboolean               was_session;
} Logout;

static void
logout_free (Logout *logout)
{
  g_clear_object (&logout->self);
  g_free (logout->server);
  g_free (logout);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Logout *logout = user_data;
  BerthRegistriesDialog *self = logout->self;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) argv = berth_registry_auth_logout_argv (logout->server);
  g_autofree char *command = berth_shell_join ((const char * const *) argv);
  g_autofree char *done = NULL;

  berth_registry_auth_clear_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      logout_free (logout);
      return;
    }

  /* A session-only login is gone whatever the keyring says. */
  if (error != NULL && !logout->was_session)
    {
      set_label (self->error_label, &self->error, error->message);
      berth_image_report (GTK_WIDGET (self), error->message, command, TRUE);
    }
  else
    {
      done = g_strdup_printf (_("Logged out of %s"), server_title (logout->server));
      set_notice (self, done, FALSE);
      berth_image_report (GTK_WIDGET (self), done, command, FALSE);
      g_signal_emit (self, signals[LOGGED_OUT], 0, logout->server);
    }

  refresh_known (self);
  logout_free (logout);
}

/**
 * berth_registries_dialog_log_out:
 *
 * Forgets the login for @server: this session's, and the keyring's.
 */
void
berth_registries_dialog_log_out (BerthRegistriesDialog *self,
                                 const char            *server)
{
  Logout *logout;

  g_return_if_fail (BERTH_IS_REGISTRIES_DIALOG (self));
  g_return_if_fail (server != NULL);

  logout = g_new0 (Logout, 1);
  logout->self = g_object_ref (self);
  logout->server = berth_registry_server_for_registry (server);
  logout->was_session = berth_registries_get_session_auth (server) != NULL;
  berth_registries_forget_session (server);
  set_label (self->error_label, &self->error, NULL);
  berth_registry_auth_clear_async (logout->server, NULL, self->cancellable, clear_cb, logout);
}

static void
log_out_clicked_cb (GtkButton             *button,
                    BerthRegistriesDialog *self)
{
  berth_registries_dialog_log_out (self, g_object_get_data (G_OBJECT (button), "server"));
}

/* Building ------------------------------------------------------------------- */

static AdwEntryRow *
add_entry (BerthRegistriesDialog *self,
           AdwPreferencesGroup   *group,
           GtkWidget             *row,
           const char            *title)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_signal_connect_object (row, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (berth_registries_dialog_log_in),
                           self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

static GtkWidget *
build_header (BerthRegistriesDialog *self)
{
  GtkWidget *header = adw_header_bar_new ();

  self->login_button = gtk_button_new_with_mnemonic (_("_Log In"));
  gtk_widget_add_css_class (self->login_button, "suggested-action");
  g_signal_connect_object (self->login_button, "clicked", G_CALLBACK (berth_registries_dialog_log_in),
                           self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->login_button);
  return header;
}

static GtkWidget *
build_login_group (BerthRegistriesDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Log In"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    _("Leave Registry empty for Docker Hub, where an access token (hub.docker.com → Account settings → Personal access tokens) works better than your password. The engine checks them with the registry."));
  self->server_row = add_entry (self, ADW_PREFERENCES_GROUP (group), adw_entry_row_new (),
                                _("Registry (e.g. registry.example.com:5000)"));
  self->username_row = add_entry (self, ADW_PREFERENCES_GROUP (group), adw_entry_row_new (), _("User Name"));
  self->password_row = add_entry (self, ADW_PREFERENCES_GROUP (group), adw_password_entry_row_new (),
                                  _("Password or Access Token"));
  return group;
}

static GtkLabel *
status_label (GtkBox     *box,
              const char *css_class)
{
  GtkWidget *label = berth_image_status_label_new (css_class);

  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

static void
build_content (BerthRegistriesDialog *self,
               GtkBox                *box)
{
  GtkWidget *intro = gtk_label_new (_("A registry stores images for others to pull, like Docker Hub. Log in to push your images there, or to pull private ones. Berth keeps passwords in the desktop keyring, never in a file."));

  gtk_label_set_wrap (GTK_LABEL (intro), TRUE);
  gtk_label_set_xalign (GTK_LABEL (intro), 0);
  gtk_box_append (box, intro);

  self->known_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->known_group, _("Logged In"));
  gtk_box_append (box, GTK_WIDGET (self->known_group));

  gtk_box_append (box, build_login_group (self));
  self->error_label = status_label (box, "error");
  self->notice_label = status_label (box, NULL);
  gtk_box_append (box, berth_command_preview_new (_("The same with the docker command line; it reads the password from its input, so it never shows in your shell’s history"),
                                                  &self->command_label));

  self->docker_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->docker_group, _("Known to the docker Command"));
  adw_preferences_group_set_description (self->docker_group,
    _("Registries in docker’s config.json. Berth only reads that file to offer them here, and never writes passwords to it."));
  gtk_widget_set_visible (GTK_WIDGET (self->docker_group), FALSE);
  gtk_box_append (box, GTK_WIDGET (self->docker_group));
}

/* GObject -------------------------------------------------------------------- */

static void
berth_registries_dialog_dispose (GObject *object)
{
  BerthRegistriesDialog *self = BERTH_REGISTRIES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (berth_registries_dialog_parent_class)->dispose (object);
}

static void
berth_registries_dialog_finalize (GObject *object)
{
  BerthRegistriesDialog *self = BERTH_REGISTRIES_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->known_rows, g_ptr_array_unref);
  g_clear_pointer (&self->docker_rows, g_ptr_array_unref);
  g_clear_pointer (&self->keyring_known, g_ptr_array_unref);
  g_free (self->keyring_problem);
  g_free (self->error);
  g_free (self->notice);
  g_free (self->command);

  G_OBJECT_CLASS (berth_registries_dialog_parent_class)->finalize (object);
}

static void
berth_registries_dialog_class_init (BerthRegistriesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_registries_dialog_dispose;
  object_class->finalize = berth_registries_dialog_finalize;

  /**
   * BerthRegistriesDialog::logged-in:
   * @server: the registry, as docker files it
   */
  signals[LOGGED_IN] =
    g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[LOGGED_OUT] =
    g_signal_new ("logged-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
berth_registries_dialog_init (BerthRegistriesDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->known_rows = g_ptr_array_new ();
  self->docker_rows = g_ptr_array_new ();
}

/**
 * berth_registries_dialog_new:
 * @server: (nullable): a registry to fill in, e.g. the one a push needs
 */
BerthRegistriesDialog *
berth_registries_dialog_new (GtkWindow  *parent,
                             const char *server)
{
  BerthRegistriesDialog *self;
  GtkWidget *content, *scroller, *clamp, *box;

  self = g_object_new (BERTH_TYPE_REGISTRIES_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "default-width", 560,
                       "default-height", 720,
                       "title", _("Registries"),
                       NULL);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (content), build_header (self));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  build_content (self, GTK_BOX (box));

  clamp = adw_clamp_new ();
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_box_append (GTK_BOX (content), scroller);
  adw_window_set_content (ADW_WINDOW (self), content);

  if (server != NULL && !is_hub (server))
    {
      g_autofree char *normal = berth_registry_server_for_registry (server);

      gtk_editable_set_text (GTK_EDITABLE (self->server_row), is_hub (normal) ? "" : normal);
    }

  update (self);
  refresh_known (self);
  berth_docker_config_list_async (self->cancellable, docker_config_cb, g_object_ref (self));
  return self;
}

/* Fills a field as if typed: "server", "username" or "password". */
void
berth_registries_dialog_set_field (BerthRegistriesDialog *self,
                                   const char            *field,
                                   const char            *value)
{
  AdwEntryRow *row = NULL;

  g_return_if_fail (BERTH_IS_REGISTRIES_DIALOG (self));

  if (g_str_equal (field, "server"))
    row = self->server_row;
  else if (g_str_equal (field, "username"))
    row = self->username_row;
  else if (g_str_equal (field, "password"))
    row = self->password_row;

  g_return_if_fail (row != NULL);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
}

gboolean
berth_registries_dialog_get_busy (BerthRegistriesDialog *self)
{
  g_return_val_if_fail (BERTH_IS_REGISTRIES_DIALOG (self), FALSE);
  return self->busy;
}

/* Why the login failed: the registry's words, or what the form lacks. */
const char *
berth_registries_dialog_get_error (BerthRegistriesDialog *self)
{
  g_return_val_if_fail (BERTH_IS_REGISTRIES_DIALOG (self), NULL);
  return self->error;
}

/* What the last login or logout did, and where the password went. */
const char *
berth_registries_dialog_get_notice (BerthRegistriesDialog *self)
{
  g_return_val_if_fail (BERTH_IS_REGISTRIES_DIALOG (self), NULL);
  return self->notice;
}

const char *
berth_registries_dialog_get_command (BerthRegistriesDialog *self)
{
  g_return_val_if_fail (BERTH_IS_REGISTRIES_DIALOG (self), NULL);
  return self->command;
}

/* How many logins are listed. */
guint
berth_registries_dialog_get_n_known (BerthRegistriesDialog *self)
{
  g_return_val_if_fail (BERTH_IS_REGISTRIES_DIALOG (self), 0);
  return self->n_known;
}
