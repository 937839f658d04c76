/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-container-ops.h"
#include "berth-export-dialog.h"
#include "berth-form-dialog.h"
#include "berth-image-page.h"

/* `docker export -o FILE NAME`: the container's filesystem as one .tar
 * file, with how much is saved so far. The engine layer writes under a
 * hidden name and renames when complete, so a failure or a cancel leaves
 * no file behind. */

struct _BerthExportDialog
{
  AdwWindow        parent_instance;

  GtkWidget       *export_button;
  AdwEntryRow     *path_row;
  GtkWidget       *progress_box;
  GtkProgressBar  *progress_bar;
  GtkLabel        *progress_label;
  GtkLabel        *error_label;
  GtkLabel        *command_label;

  BerthEngine     *engine;
  BerthExportSpec *spec;
  char            *command;
  char            *error;
  GCancellable    *cancellable;         /* the dialog's lifetime */
  GCancellable    *export_cancellable;
  GtkNativeDialog *chooser;
};

G_DEFINE_FINAL_TYPE (BerthExportDialog, berth_export_dialog, ADW_TYPE_WINDOW)

static void
set_error (BerthExportDialog *self,
           const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update (BerthExportDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->path_row))));
  gboolean valid;

  g_free (self->spec->local_path);
  self->spec->local_path = *text != '\0' ? g_steal_pointer (&text) : NULL;
  g_free (self->command);
  self->command = berth_export_spec_to_command (self->spec);
  gtk_label_set_label (self->command_label, self->command);

  valid = berth_export_spec_validate (self->spec, &error);
  set_error (self, valid || self->spec->local_path == NULL ? NULL : error->message);
  gtk_widget_set_sensitive (self->export_button, valid && self->export_cancellable == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->path_row), self->export_cancellable == NULL);
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  BerthExportDialog *self = user_data;
  g_autofree char *size = NULL;
  g_autofree char *text = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  size = g_format_size (done);
  /* Translators: %s is an amount, e.g. "12.3 MB" */
  text = g_strdup_printf (_("%s saved"), size);
  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_pulse (self->progress_bar);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (BerthExportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *done = NULL;

  if (!berth_export_spec_run_finish (result, &error) && g_cancellable_is_cancelled (self->cancellable))
    return;

  g_clear_object (&self->export_cancellable);
  gtk_widget_set_visible (self->progress_box, FALSE);
  update (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_error (self, _("The export was cancelled; nothing was saved."));
  else if (error != NULL)
    {
      berth_image_report (GTK_WIDGET (self), error->message, self->command, TRUE);
      set_error (self, error->message);
    }
  else
    {
      /* Translators: the container, then the file */
      done = g_strdup_printf (_("Exported container “%s” to %s"), self->spec->name, self->spec->local_path);
      berth_image_report (GTK_WIDGET (self), done, self->command, FALSE);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

/**
 * berth_export_dialog_submit:
 *
 * Starts the export, if the path is valid. The dialog closes when it is
 * saved, and stays open with the message otherwise.
 */
void
berth_export_dialog_submit (BerthExportDialog *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (BERTH_IS_EXPORT_DIALOG (self));

  update (self);
  if (self->export_cancellable != NULL)
    return;
  if (!berth_export_spec_validate (self->spec, &error))
    {
      set_error (self, error->message);
      return;
    }

  self->export_cancellable = g_cancellable_new ();
  set_error (self, NULL);
  update (self);
  gtk_label_set_label (self->progress_label, _("Starting…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_widget_set_visible (self->progress_box, TRUE);
  berth_export_spec_run_async (self->spec, self->engine, progress_cb, g_object_ref (self), g_object_unref,
                               self->export_cancellable, export_cb, g_object_ref (self));
}

/* Stops the export on its way; closes the dialog when there is none. */
void
berth_export_dialog_cancel (BerthExportDialog *self)
{
  g_return_if_fail (BERTH_IS_EXPORT_DIALOG (self));

  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

void
berth_export_dialog_set_path (BerthExportDialog *self,
                              const char        *local_path)
{
  g_return_if_fail (BERTH_IS_EXPORT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->path_row), local_path);
}

/* e.g. "docker export -o /home/me/web.tar web" */
const char *
berth_export_dialog_get_command (BerthExportDialog *self)
{
  g_return_val_if_fail (BERTH_IS_EXPORT_DIALOG (self), NULL);
  return self->command;
}

const char *
berth_export_dialog_get_error (BerthExportDialog *self)
{
  g_return_val_if_fail (BERTH_IS_EXPORT_DIALOG (self), NULL);
  return self->error;
}

gboolean
berth_export_dialog_get_busy (BerthExportDialog *self)
{
  g_return_val_if_fail (BERTH_IS_EXPORT_DIALOG (self), FALSE);
  return self->export_cancellable != NULL;
}

/* Choosing the file ---------------------------------------------------------------- */

static void
chooser_response_cb (GtkNativeDialog   *chooser,
                     int                response,
                     BerthExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        berth_export_dialog_set_path (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (BerthExportDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autofree char *folder_path = NULL;
  g_autoptr (GFile) folder = NULL;

  chooser = gtk_file_chooser_native_new (_("Export to a .tar File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (self->spec->local_path != NULL)
    {
      name = g_path_get_basename (self->spec->local_path);
      folder_path = g_path_get_dirname (self->spec->local_path);
      folder = g_file_new_for_path (folder_path);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* The form --------------------------------------------------------------------------- */

static GtkWidget *
build_progress (BerthExportDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->progress_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->progress_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "numeric");
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_pulse_step (self->progress_bar, 0.05);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress_bar));
  gtk_widget_set_visible (box, FALSE);
  self->progress_box = box;
  return box;
}

static void
build_form (BerthExportDialog *self)
{
  GtkWidget *cancel;
  GtkBox *form = berth_form_dialog_setup (ADW_WINDOW (self), _("_Export"), &cancel, &self->export_button);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *choose = gtk_button_new_from_icon_name ("document-open-symbolic");

  g_signal_connect_object (cancel, "clicked", G_CALLBACK (berth_export_dialog_cancel), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->export_button, "clicked", G_CALLBACK (berth_export_dialog_submit),
                           self, G_CONNECT_SWAPPED);

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    _("Saves every file of the container as one .tar archive, as it is now. Its settings (command, ports, environment) and its volumes are not included. “docker import” makes an image of such a file."));
  self->path_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->path_row), _("Save As (a new file on this computer)"));
  g_signal_connect_object (self->path_row, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->path_row, "entry-activated", G_CALLBACK (berth_export_dialog_submit),
                           self, G_CONNECT_SWAPPED);

  gtk_widget_add_css_class (choose, "flat");
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (choose, _("Choose Where to Save"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (choose), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose Where to Save"), -1);
  g_signal_connect_object (choose, "clicked", G_CALLBACK (choose_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_entry_row_add_suffix (self->path_row, choose);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->path_row));
  gtk_box_append (form, group);

  gtk_box_append (form, build_progress (self));
  self->error_label = berth_form_dialog_add_error (form);
  gtk_box_append (form, berth_command_preview_new (NULL, &self->command_label));
}

static void
berth_export_dialog_dispose (GObject *object)
{
  BerthExportDialog *self = BERTH_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (berth_export_dialog_parent_class)->dispose (object);
}

static void
berth_export_dialog_finalize (GObject *object)
{
  BerthExportDialog *self = BERTH_EXPORT_DIALOG (object);

  g_clear_pointer (&self->spec, berth_export_spec_free);
  g_clear_object (&self->engine);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->export_cancellable);
  g_free (self->command);
  g_free (self->error);

  G_OBJECT_CLASS (berth_export_dialog_parent_class)->finalize (object);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  berth_export_dialog_cancel (BERTH_EXPORT_DIALOG (widget));
}

static void
berth_export_dialog_class_init (BerthExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_export_dialog_dispose;
  object_class->finalize = berth_export_dialog_finalize;

  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
berth_export_dialog_init (BerthExportDialog *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * berth_export_dialog_new:
 * @container: the container's id
 * @name: its name, for the command and the file's name
 *
 * Returns: (transfer none): the dialog, not yet shown, suggesting
 *   NAME.tar in the Downloads folder
 */
BerthExportDialog *
berth_export_dialog_new (GtkWindow   *parent,
                         BerthEngine *engine,
                         const char  *container,
                         const char  *name)
{
  BerthExportDialog *self;
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);
  g_autofree char *title = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (container != NULL && name != NULL, NULL);

  /* Translators: %s is the container's name */
  title = g_strdup_printf (_("Export “%s”"), name);
  self = g_object_new (BERTH_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "default-width", 560,
                       "default-height", 520,
                       "title", title,
                       NULL);
  self->engine = g_object_ref (engine);
  self->spec = berth_export_spec_new (container, name, NULL);
  build_form (self);

  file_name = g_strconcat (name, ".tar", NULL);
  path = g_build_filename (downloads ? downloads : g_get_home_dir (), file_name, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->path_row), path);
  update (self);
  return self;
}
