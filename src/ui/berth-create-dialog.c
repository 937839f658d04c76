/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-create-dialog.h"
#include "berth-engine-error.h"
#include "berth-window.h"

/* "New Volume" and "New Network": a form that is always also the docker
 * command it amounts to. Input is validated as it is typed; what the
 * engine still refuses is shown in its own words and the form stays
 * filled. */

struct _BerthCreateDialog
{
  AdwWindow           parent_instance;

  BerthOperationKind  kind;
  GtkWidget          *create_button;
  AdwEntryRow        *name_row;
  AdwEntryRow        *driver_row;
  AdwEntryRow        *subnet_row;
  AdwEntryRow        *gateway_row;
  GtkSwitch          *internal_switch;
  AdwPreferencesGroup *labels_group;
  GPtrArray          *label_rows;
  GtkLabel           *error_label;
  GtkLabel           *command_label;

  BerthOperation     *operation;
  char               *command;
  char               *error;
  GCancellable       *cancellable;
  gboolean            busy;
};

G_DEFINE_FINAL_TYPE (BerthCreateDialog, berth_create_dialog, ADW_TYPE_WINDOW)

static const char *
entry_text (AdwEntryRow *row)
{
  return row != NULL ? gtk_editable_get_text (GTK_EDITABLE (row)) : NULL;
}

static char *
stripped (AdwEntryRow *row)
{
  const char *text = entry_text (row);

  return text ? g_strstrip (g_strdup (text)) : NULL;
}

static BerthWindow *
parent_window (BerthCreateDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  return BERTH_IS_WINDOW (parent) ? BERTH_WINDOW (parent) : NULL;
}

static const char *
api_version (BerthCreateDialog *self)
{
  BerthWindow *window = parent_window (self);
  BerthStore *store = window ? berth_window_get_store (window) : NULL;

  return store ? berth_engine_get_api_version (berth_store_get_engine (store)) : BERTH_API_VERSION_OLDEST;
}

static void
set_error (BerthCreateDialog *self,
           const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Rebuilds the operation from the form, validates it and shows the command. */
static void
update (BerthCreateDialog *self)
{
  g_autoptr (GStrvBuilder) labels = g_strv_builder_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *name = stripped (self->name_row);

  g_clear_pointer (&self->operation, berth_operation_free);
  self->operation = berth_operation_new (self->kind, name, NULL);
  self->operation->driver = stripped (self->driver_row);
  self->operation->subnet = stripped (self->subnet_row);
  self->operation->gateway = stripped (self->gateway_row);
  self->operation->internal = self->internal_switch && gtk_switch_get_active (self->internal_switch);

  for (guint i = 0; i < self->label_rows->len; i++)
    {
      g_autofree char *label = stripped (g_ptr_array_index (self->label_rows, i));

      if (*label != '\0')
        g_strv_builder_add (labels, label);
    }
  self->operation->labels = g_strv_builder_end (labels);

  g_free (self->command);
  self->command = berth_operation_to_command (self->operation, api_version (self));
  gtk_label_set_label (self->command_label, self->command);

  /* A network needs a name, but an empty form is not an error yet. */
  if (!berth_operation_validate (self->operation, &error) &&
      !(self->kind == BERTH_OPERATION_NETWORK_CREATE && (name == NULL || *name == '\0')))
    set_error (self, error->message);
  else
    set_error (self, NULL);

  gtk_widget_set_sensitive (self->create_button, error == NULL && !self->busy);
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (BerthCreateDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;
  BerthWindow *window;
  g_autofree char *done = NULL;
  const char *name = NULL;

  answer = berth_operation_run_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  window = parent_window (self);

  if (error != NULL)
    {
      if (window != NULL)
        berth_command_log_add (berth_window_get_command_log (window), self->command,
                               error->message, TRUE);
      /* update() revalidates the form (which is fine) and would clear the
       * message: show the engine's words after it. */
      update (self);
      set_error (self, error->message);
      return;
    }

  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) &&
      json_object_has_member (json_node_get_object (answer), "Name"))
    name = json_object_get_string_member (json_node_get_object (answer), "Name");
  if (name == NULL)
    name = self->operation->target;

  done = self->kind == BERTH_OPERATION_VOLUME_CREATE
           ? g_strdup_printf (_("Created volume “%s”"), name)
           : g_strdup_printf (_("Created network “%s”"), name);
  if (window != NULL)
    {
      berth_command_log_add (berth_window_get_command_log (window), self->command, done, FALSE);
      berth_window_toast_command (window, done, self->command);
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * berth_create_dialog_submit:
 *
 * Creates the volume or network, if the form is valid. The dialog closes
 * on success and stays open, filled, with the engine's message otherwise.
 */
void
berth_create_dialog_submit (BerthCreateDialog *self)
{
  BerthWindow *window;
  BerthStore *store;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (BERTH_IS_CREATE_DIALOG (self));

  update (self);
  if (self->busy || !berth_operation_validate (self->operation, &error))
    {
      if (error != NULL)
        set_error (self, error->message);
      return;
    }

  window = parent_window (self);
  store = window ? berth_window_get_store (window) : NULL;
  if (store == NULL)
    return;

  self->busy = TRUE;
  gtk_widget_set_sensitive (self->create_button, FALSE);
  berth_operation_run_async (self->operation, berth_store_get_engine (store), self->cancellable,
                             create_cb, g_object_ref (self));
}

static void
copy_command_cb (BerthCreateDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "app.copy-text", "s", self->command);
}

static void
remove_label_cb (GtkButton         *button,
                 BerthCreateDialog *self)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (button), "row");

  g_ptr_array_remove (self->label_rows, row);
  adw_preferences_group_remove (self->labels_group, GTK_WIDGET (row));
  update (self);
}

void
berth_create_dialog_add_label (BerthCreateDialog *self,
                               const char        *label)
{
  AdwEntryRow *row;
  GtkWidget *remove;

  g_return_if_fail (BERTH_IS_CREATE_DIALOG (self));

  row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Label (key=value)"));
  gtk_editable_set_text (GTK_EDITABLE (row), label ? label : "");
  g_signal_connect_object (row, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Label"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Label"), -1);
  g_object_set_data (G_OBJECT (remove), "row", row);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_label_cb), self);
  adw_entry_row_add_suffix (row, remove);

  g_ptr_array_add (self->label_rows, row);
  adw_preferences_group_add (self->labels_group, GTK_WIDGET (row));
  update (self);
}

static void
add_label_clicked_cb (BerthCreateDialog *self)
{
  berth_create_dialog_add_label (self, NULL);
}

static AdwEntryRow *
add_entry (BerthCreateDialog   *self,
           AdwPreferencesGroup *group,
           const char          *title,
           const char          *text)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  g_signal_connect_object (row, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (berth_create_dialog_submit), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, GTK_WIDGET (row));
  return row;
}

static GtkWidget *
build_header (BerthCreateDialog *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);

  self->create_button = gtk_button_new_with_mnemonic (_("C_reate"));
  gtk_widget_add_css_class (self->create_button, "suggested-action");
  g_signal_connect_object (self->create_button, "clicked", G_CALLBACK (berth_create_dialog_submit),
                           self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->create_button);
  return header;
}

static GtkWidget *
build_command_group (BerthCreateDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Command"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The same with the docker command line"));
  self->command_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_selectable (self->command_label, TRUE);
  gtk_label_set_wrap (self->command_label, TRUE);
  gtk_label_set_wrap_mode (self->command_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->command_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->command_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->command_label), "monospace");
  gtk_widget_add_css_class (box, "command-preview");

  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (copy, _("Copy Command"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy Command"), -1);
  g_signal_connect_object (copy, "clicked", G_CALLBACK (copy_command_cb), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->command_label));
  gtk_box_append (GTK_BOX (box), copy);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
  return group;
}

static void
build_form (BerthCreateDialog *self,
            GtkBox            *box)
{
  gboolean network = self->kind == BERTH_OPERATION_NETWORK_CREATE;
  AdwPreferencesGroup *main_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *add_label = gtk_button_new_from_icon_name ("list-add-symbolic");

  if (network)
    adw_preferences_group_set_description (main_group,
      _("Containers on the same network reach each other by name. Leave the subnet empty to let the engine choose one."));
  else
    adw_preferences_group_set_description (main_group,
      _("A volume keeps data outside containers. Leave the name empty to let the engine choose one."));

  self->name_row = add_entry (self, main_group, _("Name"), NULL);
  self->driver_row = add_entry (self, main_group, _("Driver"), network ? "bridge" : "local");
  if (network)
    {
      AdwActionRow *internal = ADW_ACTION_ROW (adw_action_row_new ());

      self->subnet_row = add_entry (self, main_group, _("Subnet (e.g. 172.28.0.0/16)"), NULL);
      self->gateway_row = add_entry (self, main_group, _("Gateway (e.g. 172.28.0.1)"), NULL);
      self->internal_switch = GTK_SWITCH (gtk_switch_new ());
      gtk_widget_set_valign (GTK_WIDGET (self->internal_switch), GTK_ALIGN_CENTER);
      g_signal_connect_object (self->internal_switch, "notify::active", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (internal), _("Internal"));
      adw_action_row_set_subtitle (internal, _("No access to the outside world"));
      adw_action_row_add_suffix (internal, GTK_WIDGET (self->internal_switch));
      adw_action_row_set_activatable_widget (internal, GTK_WIDGET (self->internal_switch));
      adw_preferences_group_add (main_group, GTK_WIDGET (internal));
    }
  gtk_box_append (box, GTK_WIDGET (main_group));

  self->labels_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->labels_group, _("Labels"));
  gtk_widget_add_css_class (add_label, "flat");
  gtk_widget_set_tooltip_text (add_label, _("Add Label"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add_label), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add Label"), -1);
  g_signal_connect_object (add_label, "clicked", G_CALLBACK (add_label_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (self->labels_group, add_label);
  gtk_box_append (box, GTK_WIDGET (self->labels_group));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (box, GTK_WIDGET (self->error_label));

  gtk_box_append (box, build_command_group (self));
}

static void
berth_create_dialog_dispose (GObject *object)
{
  BerthCreateDialog *self = BERTH_CREATE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (berth_create_dialog_parent_class)->dispose (object);
}

static void
berth_create_dialog_finalize (GObject *object)
{
  BerthCreateDialog *self = BERTH_CREATE_DIALOG (object);

  g_clear_pointer (&self->operation, berth_operation_free);
  g_clear_pointer (&self->label_rows, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_free (self->command);
  g_free (self->error);

  G_OBJECT_CLASS (berth_create_dialog_parent_class)->finalize (object);
}

static void
berth_create_dialog_class_init (BerthCreateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_create_dialog_dispose;
  object_class->finalize = berth_create_dialog_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
berth_create_dialog_init (BerthCreateDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->label_rows = g_ptr_array_new ();
}

BerthCreateDialog *
berth_create_dialog_new (GtkWindow          *parent,
                         BerthOperationKind  kind)
{
  BerthCreateDialog *self;
  GtkWidget *content, *scroller, *clamp, *box;

  g_return_val_if_fail (kind == BERTH_OPERATION_VOLUME_CREATE || kind == BERTH_OPERATION_NETWORK_CREATE, NULL);

  self = g_object_new (BERTH_TYPE_CREATE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "default-width", 520,
                       "default-height", 640,
                       "title", kind == BERTH_OPERATION_VOLUME_CREATE ? _("New Volume") : _("New Network"),
                       NULL);
  self->kind = kind;

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (content), build_header (self));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  build_form (self, GTK_BOX (box));

  clamp = adw_clamp_new ();
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_box_append (GTK_BOX (content), scroller);
  adw_window_set_content (ADW_WINDOW (self), content);

  update (self);
  return self;
}

BerthOperation *
berth_create_dialog_get_operation (BerthCreateDialog *self)
{
  g_return_val_if_fail (BERTH_IS_CREATE_DIALOG (self), NULL);
  return self->operation;
}

const char *
berth_create_dialog_get_command (BerthCreateDialog *self)
{
  g_return_val_if_fail (BERTH_IS_CREATE_DIALOG (self), NULL);
  return self->command;
}

/* The message shown next to the form, or NULL. */
const char *
berth_create_dialog_get_error (BerthCreateDialog *self)
{
  g_return_val_if_fail (BERTH_IS_CREATE_DIALOG (self), NULL);
  return self->error;
}

/* Fills a field as if typed: "name", "driver", "subnet", "gateway". */
void
berth_create_dialog_set_field (BerthCreateDialog *self,
                               const char        *field,
                               const char        *value)
{
  AdwEntryRow *row = NULL;

  g_return_if_fail (BERTH_IS_CREATE_DIALOG (self));

  if (g_str_equal (field, "name"))
    row = self->name_row;
  else if (g_str_equal (field, "driver"))
    row = self->driver_row;
  else if (g_str_equal (field, "subnet"))
    row = self->subnet_row;
  else if (g_str_equal (field, "gateway"))
    row = self->gateway_row;

  g_return_if_fail (row != NULL);
  gtk_editable_set_text (GTK_EDITABLE (row), value);
}
