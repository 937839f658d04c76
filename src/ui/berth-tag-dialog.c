/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-image-ops.h"
#include "berth-image-page.h"
#include "berth-reference.h"
#include "berth-tag-dialog.h"

/* `docker tag` and `docker rmi TAG`: the names of one image. A new name is
 * checked as it is typed, and the dialog says what a valid one looks like
 * before anything is sent. The list follows the image as the engine
 * reports it. */

struct _BerthTagDialog
{
  AdwWindow            parent_instance;

  /* Widgets */
  AdwPreferencesGroup *tags_group;
  GPtrArray           *tag_rows;
  AdwEntryRow         *new_row;
  GtkWidget           *add_button;
  GtkLabel            *error_label;
  GtkLabel            *command_label;

  /* Owned */
  BerthImage          *image;
  BerthImageTag       *spec;
  GCancellable        *cancellable;
  char                *error;
  char                *command;
  guint                n_tags;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (BerthTagDialog, berth_tag_dialog, ADW_TYPE_WINDOW)

static void
set_error (BerthTagDialog *self,
           const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The image, as `docker tag` names it: its first tag, else its id. */
static const char *
source_name (BerthTagDialog *self)
{
  const char * const *tags = berth_image_get_tags (self->image);

  if (tags != NULL && tags[0] != NULL)
    return tags[0];
  return berth_resource_get_short_id (BERTH_RESOURCE (self->image));
}

/* "app" and "app:latest" are the same tag. */
static gboolean
has_tag (BerthTagDialog *self,
         const char     *text)
{
  const char * const *tags = berth_image_get_tags (self->image);
  g_autoptr (BerthReference) wanted = berth_reference_parse (text, NULL);

  if (wanted == NULL || tags == NULL)
    return FALSE;

  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autoptr (BerthReference) have = berth_reference_parse (tags[i], NULL);

      if (have != NULL && g_strcmp0 (berth_reference_to_string (have), berth_reference_to_string (wanted)) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
update (BerthTagDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_row))));
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean valid;

  g_clear_pointer (&self->spec, berth_image_tag_free);
  self->spec = berth_image_tag_new_add (source_name (self), text);
  g_free (self->command);
  if (*text != '\0')
    self->command = berth_image_tag_to_command (self->spec);
  else
    {
      g_autoptr (BerthImageTag) example = berth_image_tag_new_add (source_name (self), "NEW_TAG");

      /* Nothing typed yet: the command's shape, with a placeholder. */
      self->command = berth_image_tag_to_command (example);
    }
  gtk_label_set_label (self->command_label, self->command);

  valid = *text != '\0' && berth_image_tag_validate (self->spec, &error);
  if (*text == '\0')
    set_error (self, NULL);
  else if (!valid)
    set_error (self, error->message);
  else if (has_tag (self, text))
    {
      message = g_strdup_printf (_("“%s” already names this image"), text);
      set_error (self, message);
      valid = FALSE;
    }
  else
    set_error (self, NULL);

  gtk_widget_set_sensitive (self->add_button, valid && !self->busy);
}

/* The list of tags ------------------------------------------------------------ */

static void remove_clicked_cb (GtkButton *button, BerthTagDialog *self);

static GtkWidget *
tag_row_new (BerthTagDialog *self,
             const char     *tag,
             gboolean        only)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  g_autoptr (BerthImageTag) spec = berth_image_tag_new_remove (tag);
  g_autofree char *command = berth_image_tag_to_command (spec);
  g_autofree char *accessible = g_strdup_printf (_("Remove Tag “%s”"), tag);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tag);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  if (only)
    {
      /* The last tag takes the image with it: that is Remove, not this. */
      gtk_widget_set_sensitive (remove, FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("The image’s only tag: removing it would remove the image"));
    }
  else
    gtk_widget_set_tooltip_text (remove, command);
  g_object_set_data_full (G_OBJECT (remove), "tag", g_strdup (tag), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static void
rebuild_tags (BerthTagDialog *self)
{
  const char * const *tags = berth_image_get_tags (self->image);
  guint n = tags ? g_strv_length ((char **) tags) : 0;

  for (guint i = 0; i < self->tag_rows->len; i++)
    adw_preferences_group_remove (self->tags_group, g_ptr_array_index (self->tag_rows, i));
  g_ptr_array_set_size (self->tag_rows, 0);
  self->n_tags = n;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->tag_rows, tag_row_new (self, tags[i], n == 1));

  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No tags: the image is known by its id only"));
      gtk_widget_add_css_class (row, "dim-label");
      g_ptr_array_add (self->tag_rows, row);
    }

  for (guint i = 0; i < self->tag_rows->len; i++)
    adw_preferences_group_add (self->tags_group, g_ptr_array_index (self->tag_rows, i));
  update (self);
}

/* Running --------------------------------------------------------------------- */

typedef struct
{
  BerthTagDialog *self;
  BerthImageTag  *spec;
  char           *command;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->self);
  g_clear_pointer (&run->spec, berth_image_tag_free);
  g_free (run->command);
  g_free (run);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Run *run = user_data;
  BerthTagDialog *self = run->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;
  g_autofree char *done = NULL;

  answer = berth_image_tag_run_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      run_free (run);
      return;
    }

  self->busy = FALSE;
  if (error != NULL)
    {
      set_error (self, error->message);
      berth_image_report (GTK_WIDGET (self), error->message, run->command, TRUE);
      gtk_widget_set_sensitive (self->add_button, TRUE);
      run_free (run);
      return;
    }

  if (run->spec->kind == BERTH_IMAGE_TAG_ADD)
    {
      done = g_strdup_printf (_("Tagged “%s” as “%s”"), run->spec->source, run->spec->target);
      gtk_editable_set_text (GTK_EDITABLE (self->new_row), "");
    }
  else
    done = g_strdup_printf (_("Removed the tag “%s”"), run->spec->target);

  berth_image_report (GTK_WIDGET (self), done, run->command, FALSE);
  update (self);
  run_free (run);
}

static void
run (BerthTagDialog *self,
     BerthImageTag  *spec)
{
  g_autoptr (GError) error = NULL;
  BerthStore *store;
  Run *data;

  if (self->busy)
    return;

  if (!berth_image_tag_validate (spec, &error))
    {
      set_error (self, error->message);
      berth_image_tag_free (spec);
      return;
    }

  store = berth_image_find_store (GTK_WIDGET (self));
  if (store == NULL)
    {
      berth_image_tag_free (spec);
      return;
    }

  self->busy = TRUE;
  gtk_widget_set_sensitive (self->add_button, FALSE);
  data = g_new0 (Run, 1);
  data->self = g_object_ref (self);
  data->spec = spec;
  data->command = berth_image_tag_to_command (spec);
  berth_image_tag_run_async (spec, berth_store_get_engine (store), self->cancellable, run_cb, data);
}

/**
 * berth_tag_dialog_add:
 *
 * Adds the tag typed in the form, if it is valid.
 */
void
berth_tag_dialog_add (BerthTagDialog *self)
{
  g_return_if_fail (BERTH_IS_TAG_DIALOG (self));

  update (self);
  if (self->error != NULL || !gtk_widget_get_sensitive (self->add_button))
    return;
  run (self, berth_image_tag_copy (self->spec));
}

void
berth_tag_dialog_remove (BerthTagDialog *self,
                         const char     *tag)
{
  g_return_if_fail (BERTH_IS_TAG_DIALOG (self));
  g_return_if_fail (tag != NULL);

  set_error (self, NULL);
  run (self, berth_image_tag_new_remove (tag));
}

static void
remove_clicked_cb (GtkButton      *button,
                   BerthTagDialog *self)
{
  berth_tag_dialog_remove (self, g_object_get_data (G_OBJECT (button), "tag"));
}

/* Building -------------------------------------------------------------------- */

static GtkWidget *
build_header (BerthTagDialog *self)
{
  GtkWidget *header = adw_header_bar_new ();

  self->add_button = gtk_button_new_with_mnemonic (_("_Add Tag"));
  gtk_widget_add_css_class (self->add_button, "suggested-action");
  g_signal_connect_object (self->add_button, "clicked", G_CALLBACK (berth_tag_dialog_add), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->add_button);
  return header;
}

static void
build_content (BerthTagDialog *self,
               GtkBox         *box)
{
  GtkWidget *add_group = adw_preferences_group_new ();

  self->tags_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->tags_group, _("Tags"));
  adw_preferences_group_set_description (self->tags_group,
    _("A tag is a name for the image. One image can have several; removing a tag keeps the image as long as another tag names it."));
  gtk_box_append (box, GTK_WIDGET (self->tags_group));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (add_group), _("New Tag"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (add_group),
    _("Written [registry/][namespace/]name[:tag], in lowercase. For Docker Hub: “yourname/app:1.0”. For another registry, its address first: “registry.example.com:5000/app:1.0”. Without “:tag” it means “:latest”."));
  self->new_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->new_row), _("New Tag"));
  g_signal_connect_object (self->new_row, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->new_row, "entry-activated", G_CALLBACK (berth_tag_dialog_add), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (add_group), GTK_WIDGET (self->new_row));
  gtk_box_append (box, add_group);

  self->error_label = GTK_LABEL (berth_image_status_label_new ("error"));
  gtk_box_append (box, GTK_WIDGET (self->error_label));
  gtk_box_append (box, berth_command_preview_new (NULL, &self->command_label));
}

/* GObject --------------------------------------------------------------------- */

static void
berth_tag_dialog_dispose (GObject *object)
{
  BerthTagDialog *self = BERTH_TAG_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->image != NULL)
    g_signal_handlers_disconnect_by_data (self->image, self);

  G_OBJECT_CLASS (berth_tag_dialog_parent_class)->dispose (object);
}

static void
berth_tag_dialog_finalize (GObject *object)
{
  BerthTagDialog *self = BERTH_TAG_DIALOG (object);

  g_clear_object (&self->image);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->spec, berth_image_tag_free);
  g_clear_pointer (&self->tag_rows, g_ptr_array_unref);
  g_free (self->error);
  g_free (self->command);

  G_OBJECT_CLASS (berth_tag_dialog_parent_class)->finalize (object);
}

static void
berth_tag_dialog_class_init (BerthTagDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_tag_dialog_dispose;
  object_class->finalize = berth_tag_dialog_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
berth_tag_dialog_init (BerthTagDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->tag_rows = g_ptr_array_new ();
}

BerthTagDialog *
berth_tag_dialog_new (GtkWindow  *parent,
                      BerthImage *image)
{
  BerthTagDialog *self;
  GtkWidget *content, *scroller, *clamp, *box;
  g_autofree char *title = NULL;

  g_return_val_if_fail (BERTH_IS_IMAGE (image), NULL);

  title = g_strdup_printf (_("Tags of %s"), berth_resource_get_display_name (BERTH_RESOURCE (image)));
  self = g_object_new (BERTH_TYPE_TAG_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "default-width", 540,
                       "default-height", 600,
                       "title", title,
                       NULL);
  self->image = g_object_ref (image);

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

  g_signal_connect_object (image, "notify::tags", G_CALLBACK (rebuild_tags), self, G_CONNECT_SWAPPED);
  rebuild_tags (self);
  return self;
}

/* Types a tag into the form, as if typed. */
void
berth_tag_dialog_set_new_tag (BerthTagDialog *self,
                              const char     *tag)
{
  g_return_if_fail (BERTH_IS_TAG_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->new_row), tag ? tag : "");
}

gboolean
berth_tag_dialog_get_busy (BerthTagDialog *self)
{
  g_return_val_if_fail (BERTH_IS_TAG_DIALOG (self), FALSE);
  return self->busy;
}

/* What is wrong with the new tag, or what the engine refused. */
const char *
berth_tag_dialog_get_error (BerthTagDialog *self)
{
  g_return_val_if_fail (BERTH_IS_TAG_DIALOG (self), NULL);
  return self->error;
}

const char *
berth_tag_dialog_get_command (BerthTagDialog *self)
{
  g_return_val_if_fail (BERTH_IS_TAG_DIALOG (self), NULL);
  return self->command;
}

guint
berth_tag_dialog_get_n_tags (BerthTagDialog *self)
{
  g_return_val_if_fail (BERTH_IS_TAG_DIALOG (self), 0);
  return self->n_tags;
}
