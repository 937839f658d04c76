/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-commit-dialog.h"
#include "berth-container-ops.h"
#include "berth-form-dialog.h"
#include "berth-image-page.h"

/* `docker commit`: a new image from what a container's filesystem holds
 * now, named with a repository and a tag. The engine reports the new
 * image as an event, so it shows up in the Images list by itself. */

struct _BerthCommitDialog
{
  AdwWindow        parent_instance;

  GtkWidget       *commit_button;
  AdwEntryRow     *repository_row;
  AdwEntryRow     *tag_row;
  AdwEntryRow     *message_row;
  AdwEntryRow     *author_row;
  GtkSwitch       *pause_switch;
  GtkLabel        *error_label;
  GtkLabel        *command_label;

  BerthEngine     *engine;
  BerthCommitSpec *spec;
  char            *command;
  char            *error;
  GCancellable    *cancellable;
  gboolean         busy;
};

G_DEFINE_FINAL_TYPE (BerthCommitDialog, berth_commit_dialog, ADW_TYPE_WINDOW)

static char *
stripped (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
set_error (BerthCommitDialog *self,
           const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update (BerthCommitDialog *self)
{
  g_autoptr (GError) error = NULL;
  gboolean valid;

  g_free (self->spec->repository);
  self->spec->repository = stripped (self->repository_row);
  g_free (self->spec->tag);
  self->spec->tag = stripped (self->tag_row);
  g_free (self->spec->message);
  self->spec->message = stripped (self->message_row);
  g_free (self->spec->author);
  self->spec->author = stripped (self->author_row);
  self->spec->pause = gtk_switch_get_active (self->pause_switch);

  g_free (self->command);
  self->command = berth_commit_spec_to_command (self->spec);
  gtk_label_set_label (self->command_label, self->command);

  valid = berth_commit_spec_validate (self->spec, &error);
  set_error (self, valid ? NULL : error->message);
  gtk_widget_set_sensitive (self->commit_button, valid && !self->busy);
}

static void
commit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (BerthCommitDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *done = NULL;

  id = berth_commit_spec_run_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  if (id == NULL)
    {
      berth_image_report (GTK_WIDGET (self), error->message, self->command, TRUE);
      update (self);
      set_error (self, error->message);
      return;
    }

  if (self->spec->repository != NULL)
    /* Translators: the container, then the new image's name, e.g. "myapp:latest" */
    done = g_strdup_printf (_("Saved container “%s” as image %s:%s"), self->spec->name, self->spec->repository,
                            self->spec->tag ? self->spec->tag : "latest");
  else
    /* Translators: the container, then the new image's id */
    done = g_strdup_printf (_("Saved container “%s” as an image without a name, %.19s"), self->spec->name, id);
  berth_image_report (GTK_WIDGET (self), done, self->command, FALSE);
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * berth_commit_dialog_submit:
 *
 * Commits, if the form is valid. The dialog closes on success and stays
 * open, filled, with the engine's message otherwise.
 */
void
berth_commit_dialog_submit (BerthCommitDialog *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (BERTH_IS_COMMIT_DIALOG (self));

  update (self);
  if (self->busy)
    return;
  if (!berth_commit_spec_validate (self->spec, &error))
    {
      set_error (self, error->message);
      return;
    }

  self->busy = TRUE;
  gtk_widget_set_sensitive (self->commit_button, FALSE);
  berth_commit_spec_run_async (self->spec, self->engine, self->cancellable, commit_cb, g_object_ref (self));
}

/* Fills a field as if typed: "repository", "tag", "message" or "author". */
void
berth_commit_dialog_set_field (BerthCommitDialog *self,
                               const char        *field,
                               const char        *value)
{
  AdwEntryRow *row = NULL;

  g_return_if_fail (BERTH_IS_COMMIT_DIALOG (self));

  if (g_str_equal (field, "repository"))
    row = self->repository_row;
  else if (g_str_equal (field, "tag"))
    row = self->tag_row;
  else if (g_str_equal (field, "message"))
    row = self->message_row;
  else if (g_str_equal (field, "author"))
    row = self->author_row;

  g_return_if_fail (row != NULL);
  gtk_editable_set_text (GTK_EDITABLE (row), value);
}

void
berth_commit_dialog_set_pause (BerthCommitDialog *self,
                               gboolean           pause)
{
  g_return_if_fail (BERTH_IS_COMMIT_DIALOG (self));
  gtk_switch_set_active (self->pause_switch, pause);
}

/* e.g. "docker commit -m 'add config' web myapp:1.0" */
const char *
berth_commit_dialog_get_command (BerthCommitDialog *self)
{
  g_return_val_if_fail (BERTH_IS_COMMIT_DIALOG (self), NULL);
  return self->command;
}

const char *
berth_commit_dialog_get_error (BerthCommitDialog *self)
{
  g_return_val_if_fail (BERTH_IS_COMMIT_DIALOG (self), NULL);
  return self->error;
}

gboolean
berth_commit_dialog_get_busy (BerthCommitDialog *self)
{
  g_return_val_if_fail (BERTH_IS_COMMIT_DIALOG (self), FALSE);
  return self->busy;
}

static AdwEntryRow *
add_entry (BerthCommitDialog   *self,
           AdwPreferencesGroup *group,
           const char          *title)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  /* Titles hold "<" and "&" as examples, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_signal_connect_object (row, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (berth_commit_dialog_submit), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, GTK_WIDGET (row));
  return row;
}

static GtkWidget *
build_pause_row (BerthCommitDialog *self)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  self->pause_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_switch_set_active (self->pause_switch, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->pause_switch), GTK_ALIGN_CENTER);
  g_signal_connect_object (self->pause_switch, "notify::active", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Pause While Saving"));
  adw_action_row_set_subtitle (row, _("So that no file is caught half-written. The container goes on right after."));
  adw_action_row_add_suffix (row, GTK_WIDGET (self->pause_switch));
  adw_action_row_set_activatable_widget (row, GTK_WIDGET (self->pause_switch));
  return GTK_WIDGET (row);
}

static void
build_form (BerthCommitDialog *self)
{
  GtkWidget *cancel;
  GtkBox *form = berth_form_dialog_setup (ADW_WINDOW (self), _("_Commit"), &cancel, &self->commit_button);
  AdwPreferencesGroup *name_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *about_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  g_signal_connect_object (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->commit_button, "clicked", G_CALLBACK (berth_commit_dialog_submit),
                           self, G_CONNECT_SWAPPED);

  adw_preferences_group_set_description (name_group,
    _("Saves what the container’s files hold now, and how it runs, as a new image you can run again or push. Data in volumes is not included."));
  self->repository_row = add_entry (self, name_group, _("Repository (e.g. myapp)"));
  self->tag_row = add_entry (self, name_group, _("Tag (latest when empty)"));
  gtk_box_append (form, GTK_WIDGET (name_group));

  adw_preferences_group_set_title (about_group, _("About the Change"));
  self->message_row = add_entry (self, about_group, _("Message (e.g. added the config file)"));
  self->author_row = add_entry (self, about_group, _("Author (e.g. Ann <ann@example.com>)"));
  adw_preferences_group_add (about_group, build_pause_row (self));
  gtk_box_append (form, GTK_WIDGET (about_group));

  self->error_label = berth_form_dialog_add_error (form);
  gtk_box_append (form, berth_command_preview_new (NULL, &self->command_label));
}

static void
berth_commit_dialog_dispose (GObject *object)
{
  BerthCommitDialog *self = BERTH_COMMIT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (berth_commit_dialog_parent_class)->dispose (object);
}

static void
berth_commit_dialog_finalize (GObject *object)
{
  BerthCommitDialog *self = BERTH_COMMIT_DIALOG (object);

  g_clear_pointer (&self->spec, berth_commit_spec_free);
  g_clear_object (&self->engine);
  g_clear_object (&self->cancellable);
  g_free (self->command);
  g_free (self->error);

  G_OBJECT_CLASS (berth_commit_dialog_parent_class)->finalize (object);
}

static void
berth_commit_dialog_class_init (BerthCommitDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_commit_dialog_dispose;
  object_class->finalize = berth_commit_dialog_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
berth_commit_dialog_init (BerthCommitDialog *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * berth_commit_dialog_new:
 * @container: the container's id
 * @name: its name, for the command
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
BerthCommitDialog *
berth_commit_dialog_new (GtkWindow   *parent,
                         BerthEngine *engine,
                         const char  *container,
                         const char  *name)
{
  BerthCommitDialog *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (container != NULL && name != NULL, NULL);

  /* Translators: %s is the container's name */
  title = g_strdup_printf (_("Save “%s” as an Image"), name);
  self = g_object_new (BERTH_TYPE_COMMIT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "default-width", 560,
                       "default-height", 720,
                       "title", title,
                       NULL);
  self->engine = g_object_ref (engine);
  self->spec = berth_commit_spec_new (container, name);
  build_form (self);
  update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->repository_row));
  return self;
}
