/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "berth-inspect.h"
#include "berth-network.h"
#include "berth-reference.h"
#include "berth-run-completion.h"
#include "berth-run-dialog-private.h"
#include "berth-run-env-row.h"
#include "berth-run-field.h"
#include "berth-run-mount-row.h"
#include "berth-run-port-row.h"
#include "berth-volume.h"

/* The Run dialog's form and the spec, both ways: reading every field into
 * a BerthRunSpec, filling every field from one (a pasted command), and the
 * rows that come and go (ports, volumes, variables, env files, labels).
 * Also what the form suggests: local images, existing volumes, networks,
 * and the ports the image says it listens on. */

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static GListModel *
store_list (BerthRunDialog    *self,
            BerthResourceKind  kind)
{
  return self->store ? G_LIST_MODEL (berth_store_get_list (self->store, kind)) : NULL;
}

/* Suggestions ---------------------------------------------------------------- */

static char **
image_names (gpointer user_data)
{
  BerthRunDialog *self = user_data;
  GListModel *images = store_list (self, BERTH_RESOURCE_KIND_IMAGE);
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  guint n = images ? g_list_model_get_n_items (images) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BerthImage) image = g_list_model_get_item (images, i);
      const char * const *tags = berth_image_get_tags (image);

      for (guint t = 0; tags != NULL && tags[t] != NULL; t++)
        if (!g_str_has_prefix (tags[t], "<none>"))
          g_strv_builder_add (names, tags[t]);
    }
  return g_strv_builder_end (names);
}

static char **
volume_names (gpointer user_data)
{
  BerthRunDialog *self = user_data;
  GListModel *volumes = store_list (self, BERTH_RESOURCE_KIND_VOLUME);
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  guint n = volumes ? g_list_model_get_n_items (volumes) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BerthVolume) volume = g_list_model_get_item (volumes, i);

      if (!berth_volume_get_anonymous (volume))
        g_strv_builder_add (names, berth_volume_get_name (volume));
    }
  return g_strv_builder_end (names);
}

static gboolean
is_hex (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
image_matches (BerthImage *image,
               const char *text,
               const char *familiar)
{
  const char * const *tags = berth_image_get_tags (image);
  const char * const *digests = berth_image_get_digests (image);
  const char *id = berth_resource_get_id (BERTH_RESOURCE (image));

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    if (g_str_equal (tags[i], text) || g_strcmp0 (tags[i], familiar) == 0)
      return TRUE;
  for (guint i = 0; digests != NULL && digests[i] != NULL; i++)
    if (g_str_equal (digests[i], text) || g_strcmp0 (digests[i], familiar) == 0)
      return TRUE;

  if (g_str_equal (id, text))
    return TRUE;
  if (g_str_has_prefix (id, "sha256:"))
    id += strlen ("sha256:");
  return strlen (text) >= 4 && is_hex (text) && g_str_has_prefix (id, text);
}

/**
 * _berth_run_dialog_find_image:
 * @text: an image as the user wrote it: a name, name:tag, name@digest or ID
 *
 * Returns: (transfer none) (nullable): the local image it names
 */
BerthImage *
_berth_run_dialog_find_image (BerthRunDialog *self,
                              const char     *text)
{
  GListModel *images = store_list (self, BERTH_RESOURCE_KIND_IMAGE);
  g_autoptr (BerthReference) reference = NULL;
  g_autofree char *familiar = NULL;
  guint n = images ? g_list_model_get_n_items (images) : 0;

  if (text == NULL || *text == '\0')
    return NULL;

  reference = berth_reference_parse (text, NULL);
  familiar = reference ? berth_reference_to_familiar (reference) : NULL;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BerthImage) image = g_list_model_get_item (images, i);

      /* The list keeps it alive. */
      if (image_matches (image, text, familiar))
        return image;
    }
  return NULL;
}

/* The image's EXPOSEd ports ---------------------------------------------------- */

static gboolean
port_in_rows (BerthRunDialog *self,
              const char     *exposed)
{
  for (guint i = 0; i < self->port_rows->len; i++)
    {
      g_autoptr (BerthRunPort) port = berth_run_port_row_dup_port (g_ptr_array_index (self->port_rows, i));
      g_autofree char *key = g_strdup_printf ("%s/%s", port->container_port,
                                              port->protocol == BERTH_RUN_PROTOCOL_UDP ? "udp"
                                              : port->protocol == BERTH_RUN_PROTOCOL_SCTP ? "sctp" : "tcp");

      if (g_str_equal (key, exposed))
        return TRUE;
    }
  return FALSE;
}

static void
exposed_clicked_cb (GtkButton      *button,
                    BerthRunDialog *self)
{
  const char *exposed = g_object_get_data (G_OBJECT (button), "port");
  g_auto (GStrv) parts = g_strsplit (exposed, "/", 2);
  g_autofree char *host = NULL;
  g_autoptr (BerthRunPort) port = NULL;
  BerthRunProtocol protocol = BERTH_RUN_PROTOCOL_TCP;
  guint64 number = 0;

  /* Ports below 1024 are often taken or need root on this computer:
   * 80 → 8080, 443 → 8443, as tutorials do. */
  if (g_ascii_string_to_unsigned (parts[0], 10, 1, 65535, &number, NULL))
    host = g_strdup_printf ("%" G_GUINT64_FORMAT, number < 1024 ? number + 8000 : number);
  if (g_strcmp0 (parts[1], "udp") == 0)
    protocol = BERTH_RUN_PROTOCOL_UDP;
  else if (g_strcmp0 (parts[1], "sctp") == 0)
    protocol = BERTH_RUN_PROTOCOL_SCTP;

  port = berth_run_port_new (NULL, host, parts[0], protocol);
  _berth_run_dialog_add_port (self, port);
}

static void
show_exposed (BerthRunDialog *self)
{
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (self->exposed_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->exposed_box), child);

  for (guint i = 0; self->exposed != NULL && self->exposed[i] != NULL; i++)
    {
      g_autofree char *tooltip = NULL;
      GtkWidget *button;

      if (port_in_rows (self, self->exposed[i]))
        continue;

      button = gtk_button_new_with_label (self->exposed[i]);
      /* Translators: %s is a port of the container, like 80/tcp */
      tooltip = g_strdup_printf (_("Publish %s on this computer"), self->exposed[i]);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      gtk_widget_add_css_class (button, "pill");
      gtk_widget_add_css_class (button, "run-suggestion");
      g_object_set_data_full (G_OBJECT (button), "port", g_strdup (self->exposed[i]), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (exposed_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (self->exposed_box), button);
      shown++;
    }

  gtk_widget_set_visible (self->exposed_row, shown > 0);
}

static int
compare_ports (gconstpointer a,
               gconstpointer b)
{
  const char *pa = *(const char * const *) a;
  const char *pb = *(const char * const *) b;
  int na = atoi (pa);
  int nb = atoi (pb);

  return na != nb ? (na < nb ? -1 : 1) : g_strcmp0 (pa, pb);
}

static char **
read_exposed (JsonNode *node)
{
  JsonObject *object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *config = object ? json_object_get_member (object, "Config") : NULL;
  JsonNode *ports = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GList) members = NULL;

  if (config != NULL && JSON_NODE_HOLDS_OBJECT (config))
    ports = json_object_get_member (json_node_get_object (config), "ExposedPorts");
  if (ports == NULL || !JSON_NODE_HOLDS_OBJECT (ports))
    return NULL;

  members = json_object_get_members (json_node_get_object (ports));
  for (GList *l = members; l != NULL; l = l->next)
    g_ptr_array_add (names, g_strdup (l->data));
  g_ptr_array_sort (names, compare_ports);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static void
inspect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (BerthRunDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  node = berth_inspect_finish (BERTH_ENGINE (object), result, NULL, &error);
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node == NULL)
    {
      g_debug ("Could not read the image's exposed ports: %s", error->message);
      return;
    }

  g_strfreev (self->exposed);
  self->exposed = read_exposed (node);
  show_exposed (self);
}

/* Asks the engine which ports the image EXPOSEs, when it is a local one
 * other than the one asked about last. */
void
_berth_run_dialog_update_exposed (BerthRunDialog *self)
{
  BerthImage *image = _berth_run_dialog_find_image (self, berth_run_spec_get_image (self->spec));
  const char *id = image ? berth_resource_get_id (BERTH_RESOURCE (image)) : NULL;

  if (g_strcmp0 (id, self->inspected_image) == 0)
    {
      show_exposed (self);
      return;
    }

  g_free (self->inspected_image);
  self->inspected_image = g_strdup (id);
  g_cancellable_cancel (self->inspect_cancellable);
  g_clear_object (&self->inspect_cancellable);
  g_clear_pointer (&self->exposed, g_strfreev);
  show_exposed (self);

  if (id == NULL || self->store == NULL)
    return;

  self->inspect_cancellable = g_cancellable_new ();
  berth_inspect_async (berth_store_get_engine (self->store), BERTH_INSPECT_IMAGE, id,
                       self->inspect_cancellable, inspect_cb, g_object_ref (self));
}

/* Networks ------------------------------------------------------------------- */

static const char *
selected_network (BerthRunDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->network_row);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->networks, selected);
}

static guint
find_network (BerthRunDialog *self,
              const char     *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->networks));

  for (guint i = 1; name != NULL && i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->networks, i), name))
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* The engine's networks, keeping the chosen one (even one the engine does
 * not have, from a pasted command: the engine will say so). */
static void
refresh_networks (BerthRunDialog *self,
                  const char     *keep)
{
  GListModel *networks = store_list (self, BERTH_RESOURCE_KIND_NETWORK);
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  g_auto (GStrv) strv = NULL;
  g_autofree char *chosen = g_strdup (keep);
  gboolean filling = self->filling;
  guint n = networks ? g_list_model_get_n_items (networks) : 0;
  gboolean found = FALSE;

  g_strv_builder_add (names, _("Default (bridge)"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BerthNetwork) network = g_list_model_get_item (networks, i);

      g_strv_builder_add (names, berth_network_get_name (network));
      found |= g_strcmp0 (berth_network_get_name (network), chosen) == 0;
    }
  if (chosen != NULL && !found)
    g_strv_builder_add (names, chosen);
  strv = g_strv_builder_end (names);

  self->filling = TRUE;
  gtk_string_list_splice (self->networks, 0, g_list_model_get_n_items (G_LIST_MODEL (self->networks)),
                          (const char * const *) strv);
  adw_combo_row_set_selected (self->network_row, chosen ? find_network (self, chosen) : 0);
  self->filling = filling;
}

static void
networks_changed_cb (BerthRunDialog *self)
{
  g_autofree char *chosen = g_strdup (selected_network (self));

  refresh_networks (self, chosen);
}

/* Rows ----------------------------------------------------------------------- */

static void
remove_port_cb (BerthRunDialog *self,
                GtkWidget      *row)
{
  g_ptr_array_remove (self->port_rows, row);
  gtk_list_box_remove (self->ports_list, row);
  _berth_run_dialog_update (self);
}

void
_berth_run_dialog_add_port (BerthRunDialog     *self,
                            const BerthRunPort *port)
{
  GtkWidget *row = berth_run_port_row_new (port);

  g_signal_connect_object (row, "changed", G_CALLBACK (_berth_run_dialog_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (remove_port_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_insert (self->ports_list, row, self->port_rows->len);
  g_ptr_array_add (self->port_rows, row);
  _berth_run_dialog_update (self);
}

static void
remove_mount_cb (BerthRunDialog *self,
                 GtkWidget      *row)
{
  g_ptr_array_remove (self->mount_rows, row);
  gtk_list_box_remove (self->mounts_list, row);
  _berth_run_dialog_update (self);
}

void
_berth_run_dialog_add_mount (BerthRunDialog      *self,
                             const BerthRunMount *mount)
{
  GtkWidget *row = berth_run_mount_row_new (mount, volume_names, self);

  berth_run_mount_row_set_local (BERTH_RUN_MOUNT_ROW (row), _berth_run_dialog_is_local (self));
  g_signal_connect_object (row, "changed", G_CALLBACK (_berth_run_dialog_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (remove_mount_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_insert (self->mounts_list, row, self->mount_rows->len);
  g_ptr_array_add (self->mount_rows, row);
  _berth_run_dialog_update (self);
}

static void
remove_env_cb (BerthRunDialog *self,
               GtkWidget      *row)
{
  g_ptr_array_remove (self->env_rows, row);
  gtk_list_box_remove (self->env_list, row);
  _berth_run_dialog_update (self);
}

void
_berth_run_dialog_add_env (BerthRunDialog    *self,
                           const BerthRunEnv *env)
{
  GtkWidget *row = berth_run_env_row_new (env);

  g_signal_connect_object (row, "changed", G_CALLBACK (_berth_run_dialog_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (remove_env_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_insert (self->env_list, row, self->env_rows->len);
  g_ptr_array_add (self->env_rows, row);
  _berth_run_dialog_update (self);
}

/* Env files ------------------------------------------------------------------ */

typedef struct
{
  BerthRunDialog *self;
  GtkWidget      *row;
  char           *path;
} EnvFileRead;

static void
env_file_read_free (EnvFileRead *read)
{
  g_clear_object (&read->self);
  g_clear_object (&read->row);
  g_free (read->path);
  g_free (read);
}

static char *
describe_env_file (GPtrArray *rows)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) keys = NULL;
  g_autofree char *list = NULL;

  if (rows->len == 0)
    return g_strdup (_("--env-file: the file sets no variables"));

  for (guint i = 0; i < rows->len && i < 6; i++)
    g_strv_builder_add (builder, ((BerthRunEnv *) g_ptr_array_index (rows, i))->key);
  if (rows->len > 6)
    g_strv_builder_add (builder, "…");
  keys = g_strv_builder_end (builder);
  list = g_strjoinv (", ", keys);
  /* Translators: %u variables, then their names, e.g. "--env-file: 2 variables: USER, MODE" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "--env-file: %u variable: %s", "--env-file: %u variables: %s",
                                       rows->len), rows->len, list);
}

static void
env_file_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  EnvFileRead *read = user_data;
  BerthRunDialog *self = read->self;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;

  rows = berth_env_files_read_finish (result, &error);
  if (self->disposed || !g_ptr_array_find (self->env_file_rows, read->row, NULL))
    {
      env_file_read_free (read);
      return;
    }

  if (rows == NULL)
    g_hash_table_insert (self->env_file_errors, g_strdup (read->path), g_strdup (error->message));
  else
    {
      summary = describe_env_file (rows);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (read->row), summary);
      g_hash_table_remove (self->env_file_errors, read->path);
    }

  env_file_read_free (read);
  _berth_run_dialog_update (self);
}

static void
remove_env_file_cb (GtkButton      *button,
                    BerthRunDialog *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");

  g_ptr_array_remove (self->env_file_rows, row);
  gtk_list_box_remove (self->env_list, row);
  _berth_run_dialog_update (self);
}

void
_berth_run_dialog_add_env_file (BerthRunDialog *self,
                                const char     *path)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = berth_run_remove_button_new (_("Remove Env File"));
  EnvFileRead *read;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), path);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("--env-file"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("text-x-generic-symbolic"));
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (remove), "row", row);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_env_file_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  g_object_set_data_full (G_OBJECT (row), "path", g_strdup (path), g_free);

  gtk_list_box_insert (self->env_list, row, self->env_rows->len + self->env_file_rows->len);
  g_ptr_array_add (self->env_file_rows, row);

  /* A relative path is the spec's to point at; a full one is read now
   * to say what it sets (or that it cannot be read). */
  if (g_path_is_absolute (path))
    {
      read = g_new0 (EnvFileRead, 1);
      read->self = g_object_ref (self);
      read->row = g_object_ref (row);
      read->path = g_strdup (path);
      berth_env_files_read_async ((const char * const []) { path, NULL }, self->cancellable,
                                  env_file_read_cb, read);
    }
  _berth_run_dialog_update (self);
}

static void
env_chooser_response_cb (BerthRunDialog       *self,
                         int                   response,
                         GtkFileChooserNative *chooser)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && (path = g_file_get_path (file)) != NULL)
    _berth_run_dialog_add_env_file (self, path);
  g_clear_object (&self->env_chooser);
}

static void
choose_env_file (BerthRunDialog *self)
{
  g_clear_object (&self->env_chooser);
  self->env_chooser = gtk_file_chooser_native_new (_("Choose an Env File"), GTK_WINDOW (self),
                                                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->env_chooser), TRUE);
  g_signal_connect_object (self->env_chooser, "response", G_CALLBACK (env_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->env_chooser));
}

/* Labels --------------------------------------------------------------------- */

static void
remove_label_cb (GtkButton      *button,
                 BerthRunDialog *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");

  g_ptr_array_remove (self->label_rows, row);
  adw_expander_row_remove (self->more_row, row);
  _berth_run_dialog_update (self);
}

void
_berth_run_dialog_add_label (BerthRunDialog *self,
                             const char     *label)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = berth_run_remove_button_new (_("Remove Label"));
  g_autoptr (GtkWidget) add_row = g_object_ref (self->add_label_row);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Label, like key=value"));
  set_row_text (ADW_ENTRY_ROW (row), label);
  g_signal_connect_object (row, "changed", G_CALLBACK (_berth_run_dialog_update), self, G_CONNECT_SWAPPED);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (remove), "row", row);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_label_cb), self, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);

  /* Labels go last, before the row that adds them. */
  adw_expander_row_remove (self->more_row, add_row);
  adw_expander_row_add_row (self->more_row, row);
  adw_expander_row_add_row (self->more_row, add_row);
  g_ptr_array_add (self->label_rows, row);
  _berth_run_dialog_update (self);
}

static void
focus_entry (GtkEditable *editable)
{
  gtk_widget_grab_focus (GTK_WIDGET (editable));
}

void
_berth_run_dialog_add_label_activated_cb (BerthRunDialog *self)
{
  _berth_run_dialog_add_label (self, NULL);
  gtk_widget_grab_focus (g_ptr_array_index (self->label_rows, self->label_rows->len - 1));
}

void
_berth_run_dialog_list_row_activated_cb (BerthRunDialog *self,
                                         GtkListBoxRow  *row)
{
  GtkWidget *widget = GTK_WIDGET (row);
  gpointer added;

  if (widget == self->add_port_row)
    {
      _berth_run_dialog_add_port (self, NULL);
      added = g_ptr_array_index (self->port_rows, self->port_rows->len - 1);
      focus_entry (berth_run_port_row_get_entry (added, "container-port"));
    }
  else if (widget == self->add_mount_row)
    {
      _berth_run_dialog_add_mount (self, NULL);
      added = g_ptr_array_index (self->mount_rows, self->mount_rows->len - 1);
      focus_entry (berth_run_mount_row_get_entry (added, "source"));
    }
  else if (widget == self->add_env_row)
    {
      _berth_run_dialog_add_env (self, NULL);
      added = g_ptr_array_index (self->env_rows, self->env_rows->len - 1);
      focus_entry (berth_run_env_row_get_entry (added, "key"));
    }
  else if (widget == self->add_env_file_row)
    choose_env_file (self);
}

/* --entrypoint "" (no entrypoint at all) is only ever pasted; typing
 * something replaces it. */
void
_berth_run_dialog_entrypoint_changed_cb (BerthRunDialog *self)
{
  if (!self->filling)
    self->entrypoint_cleared = FALSE;
  _berth_run_dialog_update (self);
}

void
_berth_run_dialog_interactive_changed_cb (BerthRunDialog *self)
{
  if (!self->filling)
    self->interactive = self->tty = gtk_switch_get_active (GTK_SWITCH (self->interactive_switch));
  _berth_run_dialog_update (self);
}

/* Form → spec ---------------------------------------------------------------- */

static char **
env_file_paths (BerthRunDialog *self)
{
  g_autoptr (GStrvBuilder) paths = g_strv_builder_new ();

  for (guint i = 0; i < self->env_file_rows->len; i++)
    g_strv_builder_add (paths, g_object_get_data (g_ptr_array_index (self->env_file_rows, i), "path"));
  return g_strv_builder_end (paths);
}

static char **
labels (BerthRunDialog *self)
{
  g_autoptr (GStrvBuilder) labels = g_strv_builder_new ();

  for (guint i = 0; i < self->label_rows->len; i++)
    {
      g_autofree char *label = row_text (g_ptr_array_index (self->label_rows, i));

      if (*label != '\0')
        g_strv_builder_add (labels, label);
    }
  return g_strv_builder_end (labels);
}

static void
read_rows (BerthRunDialog *self,
           BerthRunSpec   *spec)
{
  g_auto (GStrv) paths = env_file_paths (self);

  for (guint i = 0; i < self->port_rows->len; i++)
    {
      g_autoptr (BerthRunPort) port = berth_run_port_row_dup_port (g_ptr_array_index (self->port_rows, i));

      berth_run_spec_add_port (spec, port);
    }
  for (guint i = 0; i < self->mount_rows->len; i++)
    {
      g_autoptr (BerthRunMount) mount = berth_run_mount_row_dup_mount (g_ptr_array_index (self->mount_rows, i));

      berth_run_spec_add_mount (spec, mount);
    }
  for (guint i = 0; i < self->env_rows->len; i++)
    {
      g_autoptr (BerthRunEnv) env = berth_run_env_row_dup_env (g_ptr_array_index (self->env_rows, i));

      berth_run_spec_add_env (spec, env);
    }
  berth_run_spec_set_env_files (spec, paths[0] ? (const char * const *) paths : NULL);
}

static void
read_command (BerthRunDialog *self,
              BerthRunSpec   *spec)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *entrypoint = row_text (self->entrypoint_row);

  g_clear_pointer (&self->command_error, g_free);
  if (!berth_run_spec_set_command_line (spec, gtk_editable_get_text (GTK_EDITABLE (self->command_row)), &error))
    self->command_error = g_strdup (error->message);

  if (*entrypoint != '\0')
    berth_run_spec_set_entrypoint (spec, entrypoint);
  else
    berth_run_spec_set_entrypoint (spec, self->entrypoint_cleared ? "" : NULL);
}

/**
 * _berth_run_dialog_read_form:
 *
 * Returns: (transfer full): everything the form says, as a spec; a
 *   command that cannot be split sets self->command_error instead
 */
BerthRunSpec *
_berth_run_dialog_read_form (BerthRunDialog *self)
{
  BerthRunSpec *spec = berth_run_spec_new ();
  g_auto (GStrv) label_list = labels (self);
  AdwEntryRow *rows[] = { self->image_row, self->name_row, self->workdir_row, self->user_row,
                          self->hostname_row, self->memory_row, self->cpus_row };
  void (*setters[]) (BerthRunSpec *, const char *) = {
    berth_run_spec_set_image, berth_run_spec_set_name, berth_run_spec_set_workdir, berth_run_spec_set_user,
    berth_run_spec_set_hostname, berth_run_spec_set_memory, berth_run_spec_set_cpus,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *text = row_text (rows[i]);

      setters[i] (spec, text);
    }

  read_rows (self, spec);
  read_command (self, spec);
  berth_run_spec_set_publish_all (spec, gtk_switch_get_active (GTK_SWITCH (self->publish_all_switch)));
  berth_run_spec_set_detach (spec, gtk_switch_get_active (GTK_SWITCH (self->detach_switch)));
  berth_run_spec_set_interactive (spec, self->interactive);
  berth_run_spec_set_tty (spec, self->tty);
  berth_run_spec_set_auto_remove (spec, gtk_switch_get_active (GTK_SWITCH (self->remove_switch)));
  berth_run_spec_set_restart (spec, adw_combo_row_get_selected (self->restart_row),
                              gtk_spin_button_get_value_as_int (self->retries_spin));
  berth_run_spec_set_network (spec, selected_network (self));
  berth_run_spec_set_labels (spec, label_list[0] ? (const char * const *) label_list : NULL);
  berth_run_spec_set_privileged (spec, gtk_switch_get_active (GTK_SWITCH (self->privileged_switch)));
  return spec;
}

/* Spec → form ---------------------------------------------------------------- */

static void
clear_rows (BerthRunDialog *self)
{
  for (guint i = 0; i < self->port_rows->len; i++)
    gtk_list_box_remove (self->ports_list, g_ptr_array_index (self->port_rows, i));
  for (guint i = 0; i < self->mount_rows->len; i++)
    gtk_list_box_remove (self->mounts_list, g_ptr_array_index (self->mount_rows, i));
  for (guint i = 0; i < self->env_rows->len; i++)
    gtk_list_box_remove (self->env_list, g_ptr_array_index (self->env_rows, i));
  for (guint i = 0; i < self->env_file_rows->len; i++)
    gtk_list_box_remove (self->env_list, g_ptr_array_index (self->env_file_rows, i));
  for (guint i = 0; i < self->label_rows->len; i++)
    adw_expander_row_remove (self->more_row, g_ptr_array_index (self->label_rows, i));

  g_ptr_array_set_size (self->port_rows, 0);
  g_ptr_array_set_size (self->mount_rows, 0);
  g_ptr_array_set_size (self->env_rows, 0);
  g_ptr_array_set_size (self->env_file_rows, 0);
  g_ptr_array_set_size (self->label_rows, 0);
  g_hash_table_remove_all (self->env_file_errors);
}

static void
fill_rows (BerthRunDialog *self,
           BerthRunSpec   *spec)
{
  const char * const *files = berth_run_spec_get_env_files (spec);
  const char * const *label_list = berth_run_spec_get_labels (spec);

  clear_rows (self);
  for (guint i = 0; i < berth_run_spec_get_n_ports (spec); i++)
    _berth_run_dialog_add_port (self, berth_run_spec_get_port (spec, i));
  for (guint i = 0; i < berth_run_spec_get_n_mounts (spec); i++)
    _berth_run_dialog_add_mount (self, berth_run_spec_get_mount (spec, i));
  for (guint i = 0; i < berth_run_spec_get_n_env (spec); i++)
    _berth_run_dialog_add_env (self, berth_run_spec_get_env (spec, i));
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    _berth_run_dialog_add_env_file (self, files[i]);
  for (guint i = 0; label_list != NULL && label_list[i] != NULL; i++)
    _berth_run_dialog_add_label (self, label_list[i]);
}

static gboolean
has_more (BerthRunSpec *spec)
{
  const char * const *label_list = berth_run_spec_get_labels (spec);

  return berth_run_spec_get_network (spec) != NULL || berth_run_spec_get_hostname (spec) != NULL ||
         berth_run_spec_get_memory (spec) != NULL || berth_run_spec_get_cpus (spec) != NULL ||
         berth_run_spec_get_privileged (spec) || (label_list != NULL && label_list[0] != NULL);
}

/* Fills every field from @spec; what was in the form before is replaced. */
void
_berth_run_dialog_fill_form (BerthRunDialog *self,
                             BerthRunSpec   *spec)
{
  g_autofree char *command = berth_run_spec_dup_command_line (spec);
  const char *entrypoint = berth_run_spec_get_entrypoint (spec);

  self->filling = TRUE;

  set_row_text (self->image_row, berth_run_spec_get_image (spec));
  set_row_text (self->name_row, berth_run_spec_get_name (spec));
  fill_rows (self, spec);
  gtk_switch_set_active (GTK_SWITCH (self->publish_all_switch), berth_run_spec_get_publish_all (spec));

  set_row_text (self->command_row, command);
  set_row_text (self->entrypoint_row, entrypoint);
  self->entrypoint_cleared = entrypoint != NULL && *entrypoint == '\0';
  set_row_text (self->workdir_row, berth_run_spec_get_workdir (spec));
  set_row_text (self->user_row, berth_run_spec_get_user (spec));

  gtk_switch_set_active (GTK_SWITCH (self->detach_switch), berth_run_spec_get_detach (spec));
  self->interactive = berth_run_spec_get_interactive (spec);
  self->tty = berth_run_spec_get_tty (spec);
  gtk_switch_set_active (GTK_SWITCH (self->interactive_switch), self->interactive || self->tty);
  gtk_switch_set_active (GTK_SWITCH (self->remove_switch), berth_run_spec_get_auto_remove (spec));
  adw_combo_row_set_selected (self->restart_row, berth_run_spec_get_restart (spec));
  gtk_spin_button_set_value (self->retries_spin, berth_run_spec_get_restart_max_retries (spec));

  refresh_networks (self, berth_run_spec_get_network (spec));
  set_row_text (self->hostname_row, berth_run_spec_get_hostname (spec));
  set_row_text (self->memory_row, berth_run_spec_get_memory (spec));
  set_row_text (self->cpus_row, berth_run_spec_get_cpus (spec));
  gtk_switch_set_active (GTK_SWITCH (self->privileged_switch), berth_run_spec_get_privileged (spec));
  if (has_more (spec))
    adw_expander_row_set_expanded (self->more_row, TRUE);

  self->filling = FALSE;
  _berth_run_dialog_update (self);
}

/* Setting up ----------------------------------------------------------------- */

void
_berth_run_dialog_setup_form (BerthRunDialog *self)
{
  GListModel *networks = store_list (self, BERTH_RESOURCE_KIND_NETWORK);
  GListModel *images = store_list (self, BERTH_RESOURCE_KIND_IMAGE);

  berth_run_completion_attach (GTK_WIDGET (self->image_row), image_names, self);

  self->networks = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->network_row, G_LIST_MODEL (self->networks));
  refresh_networks (self, NULL);
  if (networks != NULL)
    g_signal_connect_object (networks, "items-changed", G_CALLBACK (networks_changed_cb), self, G_CONNECT_SWAPPED);
  /* A pull elsewhere can make the image local: its ports become known. */
  if (images != NULL)
    g_signal_connect_object (images, "items-changed", G_CALLBACK (_berth_run_dialog_update), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

void
_berth_run_dialog_teardown_form (BerthRunDialog *self)
{
  if (self->env_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->env_chooser));
  g_clear_object (&self->env_chooser);
  g_cancellable_cancel (self->inspect_cancellable);
  g_clear_object (&self->inspect_cancellable);
}
