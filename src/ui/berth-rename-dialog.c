/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-container-ops.h"
#include "berth-form-dialog.h"
#include "berth-image-page.h"
#include "berth-rename-dialog.h"

/* `docker rename OLD NEW`: the name is checked as it is typed, the way the
 * engine checks it; a name another container has is refused by the engine,
 * whose words are shown with the form kept filled. */

struct _BerthRenameDialog
{
  AdwWindow        parent_instance;

  GtkWidget       *rename_button;
  AdwEntryRow     *name_row;
  GtkLabel        *error_label;
  GtkLabel        *command_label;

  BerthEngine     *engine;
  BerthRenameSpec *spec;
  char            *command;
  char            *error;
  GCancellable    *cancellable;
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (BerthRenameDialog, berth_rename_dialog, ADW_TYPE_WINDOW)

static void
set_error (BerthRenameDialog *self,
           const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update (BerthRenameDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  gboolean valid;

  g_free (self->spec->new_name);
  self->spec->new_name = g_strdup (text);
  g_free (self->command);
  self->command = berth_rename_spec_to_command (self->spec);
  gtk_label_set_label (self->command_label, self->command);

  valid = berth_rename_spec_validate (self->spec, &error);
  /* The name it has, or none yet, is not a mistake to point out. */
  if (valid || *text == '\0' || g_strcmp0 (text, self->spec->name) == 0)
    set_error (self, NULL);
  else
    set_error (self, error->message);

  gtk_widget_set_sensitive (self->rename_button, valid && !self->busy);
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  else if (self->error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
}

static void
rename_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (BerthRenameDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *done = NULL;

  if (!berth_rename_spec_run_finish (result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  if (error != NULL)
    {
      berth_image_report (GTK_WIDGET (self), error->message, self->command, TRUE);
      update (self);
      set_error (self, error->message);
      return;
    }

  /* Translators: the old name, then the new one */
  done = g_strdup_printf (_("Renamed container “%s” to “%s”"), self->spec->name, self->spec->new_name);
  berth_image_report (GTK_WIDGET (self), done, self->command, FALSE);
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * berth_rename_dialog_submit:
 *
 * Renames the container if the name is valid. The dialog closes on
 * success and stays open, filled, with the engine's message otherwise.
 */
void
berth_rename_dialog_submit (BerthRenameDialog *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (BERTH_IS_RENAME_DIALOG (self));

  update (self);
  if (self->busy)
    return;
  if (!berth_rename_spec_validate (self->spec, &error))
    {
      set_error (self, error->message);
      return;
    }

  self->busy = TRUE;
  set_error (self, NULL);
  gtk_widget_set_sensitive (self->rename_button, FALSE);
  berth_rename_spec_run_async (self->spec, self->engine, self->cancellable, rename_cb, g_object_ref (self));
}

/* Fills the name as if typed. */
void
berth_rename_dialog_set_name (BerthRenameDialog *self,
                              const char        *new_name)
{
  g_return_if_fail (BERTH_IS_RENAME_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), new_name);
}

/* e.g. "docker rename web api" */
const char *
berth_rename_dialog_get_command (BerthRenameDialog *self)
{
  g_return_val_if_fail (BERTH_IS_RENAME_DIALOG (self), NULL);
  return self->command;
}

/* The message shown under the name, or NULL. */
const char *
berth_rename_dialog_get_error (BerthRenameDialog *self)
{
  g_return_val_if_fail (BERTH_IS_RENAME_DIALOG (self), NULL);
  return self->error;
}

/* Whether the engine has been asked and has not answered yet. */
gboolean
berth_rename_dialog_get_busy (BerthRenameDialog *self)
{
  g_return_val_if_fail (BERTH_IS_RENAME_DIALOG (self), FALSE);
  return self->busy;
}

static void
build_form (BerthRenameDialog *self)
{
  GtkWidget *cancel;
  GtkBox *form = berth_form_dialog_setup (ADW_WINDOW (self), _("_Rename"), &cancel, &self->rename_button);
  GtkWidget *group = adw_preferences_group_new ();

  g_signal_connect_object (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->rename_button, "clicked", G_CALLBACK (berth_rename_dialog_submit),
                           self, G_CONNECT_SWAPPED);

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    _("Commands use a container’s name to say which container they mean. A name starts with a letter or a digit, followed by letters, digits, “_”, “.” or “-”. The container keeps running while it is renamed."));
  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("New Name"));
  g_signal_connect_object (self->name_row, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->name_row, "entry-activated", G_CALLBACK (berth_rename_dialog_submit),
                           self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->name_row));
  gtk_box_append (form, group);

  self->error_label = berth_form_dialog_add_error (form);
  gtk_box_append (form, berth_command_preview_new (NULL, &self->command_label));
}

static void
berth_rename_dialog_dispose (GObject *object)
{
  BerthRenameDialog *self = BERTH_RENAME_DIALOG (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (berth_rename_dialog_parent_class)->dispose (object);
}

static void
berth_rename_dialog_finalize (GObject *object)
{
  BerthRenameDialog *self = BERTH_RENAME_DIALOG (object);

  g_clear_pointer (&self->spec, berth_rename_spec_free);
  g_clear_object (&self->engine);
  g_clear_object (&self->cancellable);
  g_free (self->command);
  g_free (self->error);

  G_OBJECT_CLASS (berth_rename_dialog_parent_class)->finalize (object);
}

static void
berth_rename_dialog_class_init (BerthRenameDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_rename_dialog_dispose;
  object_class->finalize = berth_rename_dialog_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
berth_rename_dialog_init (BerthRenameDialog *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * berth_rename_dialog_new:
 * @container: the container's id
 * @name: its name now
 *
 * Returns: (transfer none): the dialog, not yet shown, with the name
 *   filled in and selected
 */
BerthRenameDialog *
berth_rename_dialog_new (GtkWindow   *parent,
                         BerthEngine *engine,
                         const char  *container,
                         const char  *name)
{
  BerthRenameDialog *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (container != NULL && name != NULL, NULL);

  /* Translators: %s is the container's name */
  title = g_strdup_printf (_("Rename “%s”"), name);
  self = g_object_new (BERTH_TYPE_RENAME_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "default-width", 520,
                       "default-height", 440,
                       "title", title,
                       NULL);
  self->engine = g_object_ref (engine);
  self->spec = berth_rename_spec_new (container, name, name);
  build_form (self);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  gtk_editable_select_region (GTK_EDITABLE (self->name_row), 0, -1);
  return self;
}
