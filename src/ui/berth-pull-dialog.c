/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-pull-dialog.h"
#include "berth-run-field.h"

/* "Pull…" of the Images page: an image reference, `docker pull` as it
 * will run, and the download with its layers. The reference is checked
 * as it is typed; the registry's refusals are shown in its words and the
 * field stays filled. */

struct _BerthPullDialog
{
  AdwWindow           parent_instance;

  GtkWidget          *pull_button;
  AdwEntryRow        *reference_row;
  GtkWidget          *message;
  GtkWidget          *progress;
  GtkLabel           *command_label;

  BerthStore         *store;
  BerthRegistryAuth  *auth;
  GCancellable       *cancellable;
  char               *command;
  gboolean            valid;
  gboolean            busy;
  gboolean            disposed;
};

G_DEFINE_FINAL_TYPE (BerthPullDialog, berth_pull_dialog, ADW_TYPE_WINDOW)

static BerthWindow *
parent_window (BerthPullDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  return BERTH_IS_WINDOW (parent) ? BERTH_WINDOW (parent) : NULL;
}

static BerthImageTransfer *
read_transfer (BerthPullDialog *self)
{
  g_autofree char *reference = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reference_row))));

  return berth_image_transfer_new (BERTH_IMAGE_TRANSFER_PULL, reference);
}

static void
update (BerthPullDialog *self)
{
  g_autoptr (BerthImageTransfer) transfer = read_transfer (self);
  g_autoptr (GError) error = NULL;
  gboolean empty = *transfer->reference == '\0';

  self->valid = berth_image_transfer_validate (transfer, &error);
  g_free (self->command);
  self->command = berth_image_transfer_to_command (transfer);
  gtk_label_set_label (self->command_label, self->command);

  /* Nothing typed yet is not wrong yet. */
  berth_run_mark_error (GTK_WIDGET (self->reference_row), !self->valid && !empty);
  berth_run_set_message (self->message, !self->valid && !empty ? error->message : NULL);
  gtk_widget_set_sensitive (self->pull_button, self->valid && !self->busy && self->store != NULL);
}

static void
pull_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (BerthPullDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *done = NULL;
  BerthWindow *window;
  const char *reference;

  berth_pull_progress_run_finish (BERTH_PULL_PROGRESS (object), result, &error);
  if (self->disposed)
    return;

  self->busy = FALSE;
  window = parent_window (self);
  reference = gtk_editable_get_text (GTK_EDITABLE (self->reference_row));
  if (error != NULL)
    {
      /* The progress shows what the registry said; the field stays. */
      if (window != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        berth_command_log_add (berth_window_get_command_log (window), self->command, error->message, TRUE);
      update (self);
      return;
    }

  done = g_strdup_printf (_("Downloaded “%s”"), reference);
  if (window != NULL)
    {
      berth_command_log_add (berth_window_get_command_log (window), self->command, done, FALSE);
      berth_window_toast_command (window, done, self->command);
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * berth_pull_dialog_submit:
 *
 * Pulls the image, if the reference is valid. On success the dialog
 * closes with a toast; otherwise it stays with the registry's message.
 */
void
berth_pull_dialog_submit (BerthPullDialog *self)
{
  g_autoptr (BerthImageTransfer) transfer = NULL;

  g_return_if_fail (BERTH_IS_PULL_DIALOG (self));

  update (self);
  if (!self->valid || self->busy || self->store == NULL)
    return;

  transfer = read_transfer (self);
  self->busy = TRUE;
  gtk_widget_set_visible (self->progress, TRUE);
  update (self);
  berth_pull_progress_run_async (BERTH_PULL_PROGRESS (self->progress), berth_store_get_engine (self->store),
                                 transfer, self->auth, self->cancellable, pull_cb, g_object_ref (self));
}

static void
copy_command_cb (BerthPullDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "app.copy-text", "s", self->command);
}

static GtkWidget *
build_header (BerthPullDialog *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);

  self->pull_button = gtk_button_new_with_mnemonic (_("_Download"));
  gtk_widget_add_css_class (self->pull_button, "suggested-action");
  g_signal_connect_object (self->pull_button, "clicked", G_CALLBACK (berth_pull_dialog_submit), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->pull_button);
  return header;
}

static GtkWidget *
build_command (BerthPullDialog *self)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *caption = gtk_label_new (_("The same on the command line"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  self->command_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_selectable (self->command_label, TRUE);
  gtk_label_set_wrap (self->command_label, TRUE);
  gtk_label_set_wrap_mode (self->command_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->command_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->command_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->command_label), "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->command_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The same docker command"), -1);
  gtk_widget_add_css_class (box, "command-preview");

  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (copy, _("Copy Command"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy Command"), -1);
  g_signal_connect_object (copy, "clicked", G_CALLBACK (copy_command_cb), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->command_label));
  gtk_box_append (GTK_BOX (box), copy);

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "caption-heading");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (outer), caption);
  gtk_box_append (GTK_BOX (outer), box);
  return outer;
}

static GtkWidget *
build_form (BerthPullDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    _("Download an image from a registry such as Docker Hub, to run it later. Write its name, with a tag if you want one: nginx, ubuntu:24.04, registry.example.com/team/app:1.0."));
  self->reference_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reference_row), _("Image"));
  g_signal_connect_object (self->reference_row, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reference_row, "entry-activated", G_CALLBACK (berth_pull_dialog_submit),
                           self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->reference_row));
  self->message = berth_run_message_label_new ();
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->message);
  gtk_box_append (GTK_BOX (box), group);

  self->progress = berth_pull_progress_new ();
  gtk_widget_set_visible (self->progress, FALSE);
  gtk_box_append (GTK_BOX (box), self->progress);
  gtk_box_append (GTK_BOX (box), build_command (self));

  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  return box;
}

static void
berth_pull_dialog_dispose (GObject *object)
{
  BerthPullDialog *self = BERTH_PULL_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (berth_pull_dialog_parent_class)->dispose (object);
}

static void
berth_pull_dialog_finalize (GObject *object)
{
  BerthPullDialog *self = BERTH_PULL_DIALOG (object);

  g_clear_pointer (&self->auth, berth_registry_auth_free);
  g_clear_object (&self->cancellable);
  g_free (self->command);

  G_OBJECT_CLASS (berth_pull_dialog_parent_class)->finalize (object);
}

static void
berth_pull_dialog_class_init (BerthPullDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_pull_dialog_dispose;
  object_class->finalize = berth_pull_dialog_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
berth_pull_dialog_init (BerthPullDialog *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->cancellable = g_cancellable_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Download an Image"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 560);

  gtk_box_append (GTK_BOX (content), build_header (self));
  adw_clamp_set_child (ADW_CLAMP (clamp), build_form (self));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_box_append (GTK_BOX (content), scroller);
  adw_window_set_content (ADW_WINDOW (self), content);
}

/**
 * berth_pull_dialog_present:
 * @reference: (nullable): the image to fill in
 *
 * Returns: (transfer none): the dialog, shown
 */
BerthPullDialog *
berth_pull_dialog_present (BerthWindow *window,
                           const char  *reference)
{
  BerthPullDialog *self;
  BerthStore *store;

  g_return_val_if_fail (BERTH_IS_WINDOW (window), NULL);

  self = g_object_new (BERTH_TYPE_PULL_DIALOG, "transient-for", window, NULL);
  store = berth_window_get_store (window);
  self->store = store ? g_object_ref (store) : NULL;
  berth_pull_dialog_set_reference (self, reference);
  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->reference_row));
  return self;
}

void
berth_pull_dialog_set_reference (BerthPullDialog *self,
                                 const char      *reference)
{
  g_return_if_fail (BERTH_IS_PULL_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->reference_row), reference ? reference : "");
  update (self);
}

/**
 * berth_pull_dialog_set_auth:
 * @auth: (nullable): credentials; without them, those saved in the
 *   keyring for the registry, if any
 */
void
berth_pull_dialog_set_auth (BerthPullDialog         *self,
                            const BerthRegistryAuth *auth)
{
  g_return_if_fail (BERTH_IS_PULL_DIALOG (self));

  g_clear_pointer (&self->auth, berth_registry_auth_free);
  self->auth = auth ? berth_registry_auth_copy (auth) : NULL;
}

BerthPullProgress *
berth_pull_dialog_get_progress (BerthPullDialog *self)
{
  g_return_val_if_fail (BERTH_IS_PULL_DIALOG (self), NULL);
  return BERTH_PULL_PROGRESS (self->progress);
}

const char *
berth_pull_dialog_get_command (BerthPullDialog *self)
{
  g_return_val_if_fail (BERTH_IS_PULL_DIALOG (self), NULL);
  return self->command;
}

gboolean
berth_pull_dialog_get_busy (BerthPullDialog *self)
{
  g_return_val_if_fail (BERTH_IS_PULL_DIALOG (self), FALSE);
  return self->busy;
}
