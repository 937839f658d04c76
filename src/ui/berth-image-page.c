/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-container.h"
#include "berth-format.h"
#include "berth-image-archive-dialog.h"
#include "berth-image-ops.h"
#include "berth-image-page.h"
#include "berth-inspect-view.h"
#include "berth-pull-dialog.h"
#include "berth-push-dialog.h"
#include "berth-registries-dialog.h"
#include "berth-run-dialog.h"
#include "berth-shell.h"
#include "berth-tag-dialog.h"
#include "berth-window.h"

/* One image: `docker image inspect` (how a container of it runs),
 * `docker history` (its layers) and the containers made from it, with
 * what can be done to it. The image object is the live one of the list,
 * updated in place; the page says so when the image is gone. */

struct _BerthImagePage
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkLabel       *name_label;
  GtkLabel       *state_label;
  GtkLabel       *subtitle_label;
  GtkWidget      *actions;
  GtkWidget      *pull_button;
  GtkRevealer    *gone_revealer;
  GtkLabel       *gone_label;
  GtkLabel       *error_label;
  GtkListBox     *config_list;
  GtkBox         *inspect_caption;
  GtkListBox     *layer_list;
  GtkBox         *history_caption;
  GtkListBox     *container_list;

  /* Owned */
  BerthStore     *store;
  BerthImage     *image;
  char           *id;
  char           *name;
  GHashTable     *config;
  GCancellable   *cancellable;
  char           *error;
  guint           n_layers;
  guint           n_containers;
  gboolean        inspected;
  gboolean        history_loaded;
  gboolean        gone;
};

G_DEFINE_FINAL_TYPE (BerthImagePage, berth_image_page, GTK_TYPE_WIDGET)

static void
set_error (BerthImagePage *self,
           const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* A reference for commands: the first tag, else the short id. */
static char *
image_name (BerthImage *image)
{
  const char * const *tags = berth_image_get_tags (image);

  if (tags != NULL && tags[0] != NULL)
    return g_strdup (tags[0]);
  return g_strdup (berth_resource_get_short_id (BERTH_RESOURCE (image)));
}

static void
fill_caption (GtkBox     *box,
              const char *command)
{
  GtkWidget *child;
  GtkWidget *label, *copy;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);

  label = gtk_label_new (command);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_tooltip_text (label, _("The same with the docker command line"));

  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy Command"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy Command"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "app.copy-text");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (copy), "s", command);

  gtk_box_append (box, label);
  gtk_box_append (box, copy);
}

/* Header ----------------------------------------------------------------------- */

static void
update_header (BerthImagePage *self)
{
  BerthImage *image = self->image;
  const char * const *tags = berth_image_get_tags (image);
  guint users = berth_image_get_containers (image);
  g_autofree char *size = berth_format_size (berth_image_get_size (image));
  g_autofree char *created = berth_format_relative_time (berth_image_get_created (image),
                                                         g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *subtitle = NULL;
  g_autofree char *state = NULL;
  g_autofree char *inspect = NULL;
  g_auto (GStrv) history = NULL;

  g_free (self->name);
  self->name = image_name (image);
  gtk_label_set_label (self->name_label, tags && tags[0] ? tags[0] : _("Untagged image"));
  if (tags != NULL && tags[0] != NULL && tags[1] != NULL)
    {
      g_autofree char *all = g_strjoinv (", ", (char **) tags);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), all);
    }

  /* Translators: the image's short id, size and age: "3f57a2b4c1d0 · 4.3 MB · 2 days ago" */
  subtitle = g_strdup_printf (_("%s · %s · %s"), berth_resource_get_short_id (BERTH_RESOURCE (image)),
                              size, created);
  gtk_label_set_label (self->subtitle_label, subtitle);

  if (berth_image_get_dangling (image))
    state = g_strdup (_("Dangling"));
  else if (users == 0)
    state = g_strdup (_("Unused"));
  else
    state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Used by %u container", "Used by %u containers", users),
                             users);
  gtk_label_set_label (self->state_label, state);

  gtk_widget_set_sensitive (self->pull_button, tags != NULL && tags[0] != NULL && !self->gone);
  gtk_widget_set_tooltip_text (self->pull_button,
                               tags && tags[0] ? _("Download the newest version of this tag (docker pull)")
                                               : _("An image without a tag cannot be pulled again"));

  inspect = berth_inspect_to_command (BERTH_INSPECT_IMAGE, self->name);
  fill_caption (self->inspect_caption, inspect);
  history = berth_image_history_argv (self->name);
  {
    g_autofree char *line = berth_shell_join ((const char * const *) history);

    fill_caption (self->history_caption, line);
  }
}

static void
set_gone (BerthImagePage *self)
{
  if (self->gone)
    return;

  self->gone = TRUE;
  gtk_label_set_label (self->gone_label, _("This image no longer exists. What the page shows stays until you go back."));
  gtk_revealer_set_reveal_child (self->gone_revealer, TRUE);
  gtk_widget_set_sensitive (self->actions, FALSE);
}

static void
images_changed_cb (BerthImagePage *self)
{
  BerthResourceList *list = berth_store_get_list (self->store, BERTH_RESOURCE_KIND_IMAGE);

  if (berth_resource_list_get_loaded (list) && berth_resource_list_lookup (list, self->id) == NULL)
    set_gone (self);
}

/* Configuration ---------------------------------------------------------------- */

static GtkWidget *
config_row_new (const char *title,
                const char *value,
                const char *explanation,
                const char *unset)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *text = gtk_label_new (value ? value : unset);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "caption-heading");
  gtk_widget_add_css_class (name, "dim-label");
  gtk_widget_set_tooltip_text (name, explanation);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_widget_add_css_class (text, value ? "monospace" : "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, explanation, -1);
  return row;
}

static const char *
object_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return *json_node_get_string (node) ? json_node_get_string (node) : NULL;
}

static JsonObject *
object_object (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* ["nginx", "-g", "daemon off;"] → nginx -g 'daemon off;' */
static char *
format_argv (JsonObject *config,
             const char *member)
{
  JsonNode *node = config ? json_object_get_member (config, member) : NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) argv = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }
  argv = g_strv_builder_end (builder);
  return argv[0] ? berth_shell_join ((const char * const *) argv) : NULL;
}

static char *
format_lines (JsonObject *config,
              const char *member)
{
  JsonNode *node = config ? json_object_get_member (config, member) : NULL;
  GString *text = g_string_new (NULL);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_string_append_printf (text, "%s%s", text->len ? "\n" : "", json_node_get_string (element));
        }
    }
  return g_string_free (text, text->len == 0);
}

/* {"80/tcp": {}} → 80/tcp; {"a": "b"} → a=b */
static char *
format_members (JsonObject *object,
                gboolean    with_values)
{
  GString *text = g_string_new (NULL);
  g_autoptr (GList) members = object ? json_object_get_members (object) : NULL;

  members = g_list_sort (members, (GCompareFunc) g_strcmp0);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *value = with_values ? object_string (object, l->data) : NULL;

      g_string_append_printf (text, "%s%s", text->len ? (with_values ? "\n" : ", ") : "", (char *) l->data);
      if (with_values)
        g_string_append_printf (text, "=%s", value ? value : "");
    }
  return g_string_free (text, text->len == 0);
}

static void
add_config (BerthImagePage *self,
            const char     *key,
            const char     *title,
            char           *value,
            const char     *explanation,
            const char     *unset)
{
  gtk_list_box_append (self->config_list, config_row_new (title, value, explanation, unset));
  g_hash_table_replace (self->config, g_strdup (key), value ? value : g_strdup (unset));
}

static void
show_config (BerthImagePage *self,
             JsonObject     *inspect)
{
  JsonObject *config = object_object (inspect, "Config");
  const char *os = object_string (inspect, "Os");
  const char *arch = object_string (inspect, "Architecture");
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->config_list))) != NULL)
    gtk_list_box_remove (self->config_list, child);
  g_hash_table_remove_all (self->config);

  add_config (self, "entrypoint", _("Entrypoint (ENTRYPOINT)"), format_argv (config, "Entrypoint"),
              _("The program a container always runs; what docker run adds after the image name goes to it as arguments (ENTRYPOINT)"),
              _("None: the command runs by itself"));
  add_config (self, "cmd", _("Command (CMD)"), format_argv (config, "Cmd"),
              _("What a container runs when docker run names no other command (CMD)"), _("None"));
  add_config (self, "workdir", _("Working Directory (WORKDIR)"), g_strdup (object_string (config, "WorkingDir")),
              _("The folder the command starts in (WORKDIR)"), _("/ (the root folder)"));
  add_config (self, "user", _("User (USER)"), g_strdup (object_string (config, "User")),
              _("Who the command runs as (USER)"), _("root"));
  add_config (self, "ports", _("Exposed Ports (EXPOSE)"), format_members (object_object (config, "ExposedPorts"), FALSE),
              _("Ports the app listens on (EXPOSE). Publish one with -p HOST:CONTAINER to reach it from outside"),
              _("None declared"));
  add_config (self, "env", _("Environment (ENV)"), format_lines (config, "Env"),
              _("Variables every container starts with (ENV); docker run -e changes them"), _("None"));
  add_config (self, "labels", _("Labels (LABEL)"), format_members (object_object (config, "Labels"), TRUE),
              _("Notes attached to the image (LABEL), like its version or maker"), _("None"));
  add_config (self, "platform", _("Platform"),
              os && arch ? g_strdup_printf ("%s/%s", os, arch) : NULL,
              _("The operating system and processor the image is built for"), _("Unknown"));
}

static void
inspect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (BerthImagePage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = berth_inspect_finish (BERTH_ENGINE (object), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->inspected = TRUE;
  if (error != NULL)
    {
      set_error (self, error->message);
      return;
    }
  show_config (self, JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL);
}

/* Layers ----------------------------------------------------------------------- */

/* "/bin/sh -c #(nop)  CMD ["sh"]" → "CMD ["sh"]"; "/bin/sh -c make" → "RUN make" */
static char *
clean_created_by (const char *created_by)
{
  const char *text = created_by ? created_by : "";

  if (g_str_has_prefix (text, "/bin/sh -c #(nop) "))
    return g_strstrip (g_strdup (text + strlen ("/bin/sh -c #(nop) ")));
  if (g_str_has_prefix (text, "/bin/sh -c "))
    return g_strdup_printf ("RUN %s", text + strlen ("/bin/sh -c "));
  return g_strstrip (g_strdup (text));
}

static GtkWidget *
layer_row_new (BerthHistoryEntry *entry)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  g_autofree char *created_by = clean_created_by (berth_history_entry_get_created_by (entry));
  g_autofree char *size = berth_format_size (berth_history_entry_get_size (entry));
  g_autofree char *created = berth_format_relative_time (berth_history_entry_get_created (entry),
                                                         g_get_real_time () / G_USEC_PER_SEC);
  const char *comment = berth_history_entry_get_comment (entry);
  g_autofree char *details = NULL;
  GtkWidget *instruction = gtk_label_new (*created_by ? created_by : _("(no instruction recorded)"));
  GtkWidget *detail_label;
  GtkWidget *size_label = gtk_label_new (size);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_xalign (GTK_LABEL (instruction), 0);
  gtk_label_set_wrap (GTK_LABEL (instruction), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (instruction), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (instruction), 4);
  gtk_label_set_ellipsize (GTK_LABEL (instruction), PANGO_ELLIPSIZE_END);
  gtk_label_set_selectable (GTK_LABEL (instruction), TRUE);
  gtk_widget_add_css_class (instruction, "monospace");
  gtk_widget_set_tooltip_text (instruction, berth_history_entry_get_created_by (entry));

  if (comment != NULL && *comment != '\0')
    /* Translators: when a layer was made, then its comment */
    details = g_strdup_printf (_("%s · %s"), created, comment);
  else
    details = g_strdup (created);
  detail_label = gtk_label_new (details);
  gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
  gtk_label_set_wrap (GTK_LABEL (detail_label), TRUE);
  gtk_widget_add_css_class (detail_label, "dim-label");
  gtk_widget_add_css_class (detail_label, "caption");

  gtk_box_append (GTK_BOX (text), instruction);
  gtk_box_append (GTK_BOX (text), detail_label);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);

  gtk_widget_set_valign (size_label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (size_label, "numeric");
  if (berth_history_entry_get_size (entry) == 0)
    gtk_widget_add_css_class (size_label, "dim-label");
  gtk_box_append (GTK_BOX (box), size_label);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, created_by,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, size, -1);
  return row;
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (BerthImagePage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) history = berth_image_history_finish (BERTH_ENGINE (object), result, &error);
  g_autofree char *description = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->history_loaded = TRUE;
  if (error != NULL)
    {
      set_error (self, error->message);
      return;
    }

  self->n_layers = g_list_model_get_n_items (history);
  for (guint i = 0; i < self->n_layers; i++)
    {
      g_autoptr (BerthHistoryEntry) entry = g_list_model_get_item (history, i);

      gtk_list_box_append (self->layer_list, layer_row_new (entry));
    }
}

/* Containers ------------------------------------------------------------------- */

static void
container_activated_cb (BerthImagePage *self,
                        GtkListBoxRow  *row)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *id = g_object_get_data (G_OBJECT (row), "container-id");

  if (BERTH_IS_WINDOW (root) && id != NULL)
    berth_window_open_container (BERTH_WINDOW (root), id);
}

static void
show_containers (BerthImagePage *self)
{
  GListModel *list = G_LIST_MODEL (berth_store_get_list (self->store, BERTH_RESOURCE_KIND_CONTAINER));
  guint n = g_list_model_get_n_items (list);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->container_list))) != NULL)
    gtk_list_box_remove (self->container_list, child);
  self->n_containers = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (BerthContainer) container = g_list_model_get_item (list, i);
      GtkWidget *row;

      if (g_strcmp0 (berth_container_get_image_id (container), self->id) != 0)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), berth_container_get_name (container));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), berth_container_get_status (container));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "container-id",
                              g_strdup (berth_resource_get_id (BERTH_RESOURCE (container))), g_free);
      gtk_list_box_append (self->container_list, row);
      self->n_containers++;
    }

  if (self->n_containers == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No container uses this image. Start one with Run…"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->container_list, row);
    }
}

/* Actions ---------------------------------------------------------------------- */

static void
pull_auth_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (BerthImagePage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthRegistryAuth) auth = berth_registries_lookup_auth_finish (result, &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  BerthPullDialog *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !BERTH_IS_WINDOW (root))
    return;

  dialog = berth_pull_dialog_present (BERTH_WINDOW (root), self->name);
  if (auth != NULL)
    berth_pull_dialog_set_auth (dialog, auth);
  berth_pull_dialog_submit (dialog);
}

static void
pull_again (BerthImagePage *self)
{
  g_autoptr (BerthImageTransfer) transfer = berth_image_transfer_new (BERTH_IMAGE_TRANSFER_PULL, self->name);
  g_autofree char *server = berth_image_transfer_get_server (transfer);

  berth_registries_lookup_auth_async (server ? server : self->name, self->cancellable, pull_auth_cb,
                                      g_object_ref (self));
}

/**
 * berth_image_page_act:
 * @verb: "run", "pull", "push", "tag", "save", "inspect" or "remove"
 *
 * Does what the header's button of that name does.
 */
void
berth_image_page_act (BerthImagePage *self,
                      const char     *verb)
{
  GtkRoot *root;
  GtkWindow *window;

  g_return_if_fail (BERTH_IS_IMAGE_PAGE (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (!BERTH_IS_WINDOW (root) || self->gone)
    return;
  window = GTK_WINDOW (root);

  if (g_str_equal (verb, "run"))
    berth_run_dialog_present (BERTH_WINDOW (window), self->name);
  else if (g_str_equal (verb, "pull"))
    pull_again (self);
  else if (g_str_equal (verb, "push"))
    gtk_window_present (GTK_WINDOW (berth_push_dialog_new (window, self->image, NULL)));
  else if (g_str_equal (verb, "tag"))
    gtk_window_present (GTK_WINDOW (berth_tag_dialog_new (window, self->image)));
  else if (g_str_equal (verb, "save"))
    {
      const char *images[] = { self->name, NULL };

      gtk_window_present (GTK_WINDOW (berth_image_archive_dialog_new (window, BERTH_IMAGE_ARCHIVE_SAVE, images)));
    }
  else if (g_str_equal (verb, "inspect"))
    gtk_window_present (berth_inspect_dialog_new (window, berth_store_get_engine (self->store),
                                                  BERTH_INSPECT_IMAGE, self->id, self->name));
  else if (g_str_equal (verb, "remove"))
    {
      g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      g_ptr_array_add (items, g_object_ref (self->image));
      berth_resource_page_act (berth_window_get_page (BERTH_WINDOW (window), BERTH_RESOURCE_KIND_IMAGE),
                               "remove", items);
    }
  else
    g_return_if_reached ();
}

static void
act_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  berth_image_page_act (BERTH_IMAGE_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "win.show-page", "s", "images");
}

/* GObject ---------------------------------------------------------------------- */

static void
berth_image_page_dispose (GObject *object)
{
  BerthImagePage *self = BERTH_IMAGE_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->image != NULL)
    g_signal_handlers_disconnect_by_data (self->image, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_IMAGE_PAGE);
  /* Children without an id in the template are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (berth_image_page_parent_class)->dispose (object);
}

static void
berth_image_page_finalize (GObject *object)
{
  BerthImagePage *self = BERTH_IMAGE_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->image);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->config, g_hash_table_unref);
  g_free (self->id);
  g_free (self->name);
  g_free (self->error);

  G_OBJECT_CLASS (berth_image_page_parent_class)->finalize (object);
}

static void
berth_image_page_class_init (BerthImagePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_image_page_dispose;
  object_class->finalize = berth_image_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-image-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthImagePage, name_label);
  gtk_widget_class_bind_template_child (widget_class, BerthImagePage, state_label);
  gtk_widget_class_bind_template_child (widget_class, BerthImagePage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, BerthImagePage, actions);
  gtk_widget_class_bind_template_child (widget_class, BerthImagePage, pull_button);
  gtk_widget_class_bind_template_child (widget_class, BerthImagePage, gone_revealer);
  gtk_widget_class_bind_template_child (widget_class, BerthImagePage, gone_label);
  gtk_widget_class_bind_template_child (widget_class, BerthImagePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BerthImagePage, config_list);
  gtk_widget_class_bind_template_child (widget_class, BerthImagePage, inspect_caption);
  gtk_widget_class_bind_template_child (widget_class, BerthImagePage, layer_list);
  gtk_widget_class_bind_template_child (widget_class, BerthImagePage, history_caption);
  gtk_widget_class_bind_template_child (widget_class, BerthImagePage, container_list);
  gtk_widget_class_bind_template_callback (widget_class, container_activated_cb);

  gtk_widget_class_install_action (widget_class, "image.act", "s", act_action);
  gtk_widget_class_install_action (widget_class, "image.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "image.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "imagepage");
}

static void
berth_image_page_init (BerthImagePage *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->cancellable = g_cancellable_new ();
  self->config = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * berth_image_page_new:
 * @image: the live image of the store's list
 */
BerthImagePage *
berth_image_page_new (BerthStore *store,
                      BerthImage *image)
{
  BerthImagePage *self;
  BerthEngine *engine;

  g_return_val_if_fail (BERTH_IS_STORE (store), NULL);
  g_return_val_if_fail (BERTH_IS_IMAGE (image), NULL);

  self = g_object_new (BERTH_TYPE_IMAGE_PAGE, NULL);
  self->store = g_object_ref (store);
  self->image = g_object_ref (image);
  self->id = g_strdup (berth_resource_get_id (BERTH_RESOURCE (image)));
  engine = berth_store_get_engine (store);

  g_signal_connect_object (image, "notify", G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (berth_store_get_list (store, BERTH_RESOURCE_KIND_IMAGE), "items-changed",
                           G_CALLBACK (images_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (berth_store_get_list (store, BERTH_RESOURCE_KIND_CONTAINER), "items-changed",
                           G_CALLBACK (show_containers), self, G_CONNECT_SWAPPED);
  update_header (self);
  show_containers (self);

  berth_inspect_async (engine, BERTH_INSPECT_IMAGE, self->id, self->cancellable, inspect_cb, g_object_ref (self));
  berth_image_history_async (engine, self->id, self->cancellable, history_cb, g_object_ref (self));
  return self;
}

BerthStore *
berth_image_page_get_store (BerthImagePage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_PAGE (self), NULL);
  return self->store;
}

BerthImage *
berth_image_page_get_image (BerthImagePage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_PAGE (self), NULL);
  return self->image;
}

const char *
berth_image_page_get_image_id (BerthImagePage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_PAGE (self), NULL);
  return self->id;
}

/* The name commands use: its first tag, else its short id. */
const char *
berth_image_page_get_name (BerthImagePage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_PAGE (self), NULL);
  return self->name;
}

/* Whether the configuration and the layers have arrived. */
gboolean
berth_image_page_get_loaded (BerthImagePage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_PAGE (self), FALSE);
  return self->inspected && self->history_loaded;
}

gboolean
berth_image_page_get_gone (BerthImagePage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_PAGE (self), FALSE);
  return self->gone;
}

guint
berth_image_page_get_n_layers (BerthImagePage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_PAGE (self), 0);
  return self->n_layers;
}

guint
berth_image_page_get_n_containers (BerthImagePage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_PAGE (self), 0);
  return self->n_containers;
}

/**
 * berth_image_page_get_config_value:
 * @key: "entrypoint", "cmd", "workdir", "user", "ports", "env", "labels"
 *   or "platform"
 *
 * Returns: (nullable): the value as shown
 */
const char *
berth_image_page_get_config_value (BerthImagePage *self,
                                   const char     *key)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_PAGE (self), NULL);
  return g_hash_table_lookup (self->config, key);
}

/* Why the configuration or the layers could not be read. */
const char *
berth_image_page_get_error (BerthImagePage *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_PAGE (self), NULL);
  return self->error;
}

/* Shared by the image dialogs ------------------------------------------------- */

static void
copy_preview_cb (GtkButton *button,
                 GtkLabel  *label)
{
  gtk_widget_activate_action (GTK_WIDGET (button), "app.copy-text", "s", gtk_label_get_label (label));
}

/**
 * berth_command_preview_new:
 * @description: (nullable): what the command is, under the group's title
 * @label: (out): the label to put the command in
 *
 * Returns: (transfer floating): a group showing a docker command, with a
 *   button that copies it
 */
GtkWidget *
berth_command_preview_new (const char  *description,
                           GtkLabel   **label)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *text = gtk_label_new (NULL);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Command"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         description ? description : _("The same with the docker command line"));
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_add_css_class (text, "monospace");
  gtk_widget_add_css_class (box, "command-preview");

  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (copy, _("Copy Command"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy Command"), -1);
  g_signal_connect_object (copy, "clicked", G_CALLBACK (copy_preview_cb), text, 0);

  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), copy);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);

  *label = GTK_LABEL (text);
  return group;
}

/* A wrapping, selectable message, hidden until it has something to say. */
GtkWidget *
berth_image_status_label_new (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_visible (label, FALSE);
  return label;
}

/* The main window @widget belongs to, through dialogs opened from dialogs. */
BerthWindow *
berth_image_find_window (GtkWidget *widget)
{
  GtkRoot *root;
  GtkWindow *window;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  while (window != NULL && !BERTH_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);
  return window ? BERTH_WINDOW (window) : NULL;
}

BerthStore *
berth_image_find_store (GtkWidget *widget)
{
  BerthWindow *window;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  window = berth_image_find_window (widget);
  return window ? berth_window_get_store (window) : NULL;
}

/**
 * berth_image_report:
 * @message: what happened ("Pushed “app:1”"), or the engine's error
 * @command: (nullable): the docker command that does the same
 * @failed: whether it failed (no toast then: the dialog shows the error)
 *
 * Puts @command in the window's command history, and on success shows a
 * toast with it.
 */
void
berth_image_report (GtkWidget  *widget,
                    const char *message,
                    const char *command,
                    gboolean    failed)
{
  BerthWindow *window;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  window = berth_image_find_window (widget);
  if (window == NULL)
    return;

  if (command != NULL)
    berth_command_log_add (berth_window_get_command_log (window), command, message, failed);
  if (!failed)
    berth_window_toast_command (window, message, command ? command : "");
}
