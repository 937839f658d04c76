/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-image-archive-dialog.h"
#include "berth-image-page.h"
#include "berth-reference.h"

/* `docker save`, `docker load` and `docker import`: images to a file and
 * back, with the bytes moving shown as they move. Stopping a save removes
 * the unfinished file (the engine layer writes beside it and renames only
 * at the end). */

struct _BerthImageArchiveDialog
{
  AdwWindow              parent_instance;

  /* Widgets */
  GtkWidget             *run_button;
  GtkWidget             *stop_button;
  GtkLabel              *intro_label;
  AdwPreferencesGroup   *kind_group;
  AdwComboRow           *kind_row;
  AdwPreferencesGroup   *images_group;
  AdwActionRow          *file_row;
  AdwComboRow           *format_row;
  AdwEntryRow           *reference_row;
  GtkLabel              *error_label;
  GtkWidget             *progress_box;
  GtkProgressBar        *progress_bar;
  GtkLabel              *progress_label;
  GtkLabel              *result_label;
  GtkLabel              *command_label;

  /* Owned */
  BerthImageArchiveKind  kind;
  char                 **images;
  char                  *path;
  BerthImageArchive     *archive;
  BerthProgress         *progress;
  GtkNativeDialog       *chooser;
  GCancellable          *cancellable;
  GCancellable          *run_cancellable;
  char                 **result;
  char                  *error;
  char                  *command;
  gboolean               busy;
  gboolean               done;
  gboolean               updating;
};

G_DEFINE_FINAL_TYPE (BerthImageArchiveDialog, berth_image_archive_dialog, ADW_TYPE_WINDOW)

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_label (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
set_error (BerthImageArchiveDialog *self,
           const char              *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  set_label (self->error_label, message);
}

static gboolean
is_compressed_name (const char *path)
{
  return path != NULL && (g_str_has_suffix (path, ".tar.gz") || g_str_has_suffix (path, ".tgz"));
}

/* "nginx:latest" → "nginx_latest", as people name saved images. */
static char *
default_save_name (BerthImageArchiveDialog *self)
{
  const char *first = self->images && self->images[0] ? self->images[0] : "images";
  g_autofree char *base = NULL;
  const char *dir = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

  if (g_str_has_prefix (first, "sha256:"))
    first += strlen ("sha256:");
  base = g_strdup (first);
  g_strdelimit (base, "/:@", '_');
  if (strlen (base) > 64)
    base[64] = '\0';

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    dir = g_get_home_dir ();
  return g_strdup_printf ("%s/%s.tar.gz", dir, base);
}

/* The form, again ----------------------------------------------------------------- */

static void
update (BerthImageArchiveDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *subtitle = NULL;
  gboolean valid;

  g_clear_pointer (&self->archive, berth_image_archive_free);
  switch (self->kind)
    {
    case BERTH_IMAGE_ARCHIVE_SAVE:
      self->archive = berth_image_archive_new_save (self->path, (const char * const *) self->images);
      break;
    case BERTH_IMAGE_ARCHIVE_LOAD:
      self->archive = berth_image_archive_new_load (self->path);
      break;
    case BERTH_IMAGE_ARCHIVE_IMPORT:
    default:
      reference = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reference_row))));
      self->archive = berth_image_archive_new_import (self->path, *reference ? reference : NULL);
      break;
    }

  g_free (self->command);
  self->command = berth_image_archive_to_command (self->archive);
  gtk_label_set_label (self->command_label, self->command);

  /* No file chosen yet is not a mistake to point out; a bad name is. */
  if (reference != NULL && *reference != '\0' && !berth_reference_validate (reference, &error))
    {
      valid = FALSE;
      set_error (self, error->message);
    }
  else if (!(valid = berth_image_archive_validate (self->archive, &error)))
    set_error (self, self->path != NULL ? error->message : NULL);
  else
    set_error (self, NULL);

  subtitle = self->path ? g_filename_display_name (self->path) : NULL;
  adw_action_row_set_subtitle (self->file_row,
                               subtitle ? subtitle
                                        : self->kind == BERTH_IMAGE_ARCHIVE_SAVE ? _("Choose where to save")
                                                                                  : _("Choose a file"));
  gtk_widget_set_sensitive (self->run_button, valid && !self->busy);
}

static const char *
run_label (BerthImageArchiveKind kind)
{
  switch (kind)
    {
    case BERTH_IMAGE_ARCHIVE_SAVE:
      return _("_Save");
    case BERTH_IMAGE_ARCHIVE_LOAD:
      return _("_Load");
    case BERTH_IMAGE_ARCHIVE_IMPORT:
    default:
      return _("_Import");
    }
}

static void
show_kind (BerthImageArchiveDialog *self)
{
  gboolean save = self->kind == BERTH_IMAGE_ARCHIVE_SAVE;

  switch (self->kind)
    {
    case BERTH_IMAGE_ARCHIVE_SAVE:
      gtk_window_set_title (GTK_WINDOW (self), g_strv_length (self->images) > 1 ? _("Save Images") : _("Save Image"));
      gtk_label_set_label (self->intro_label,
        _("Saves images to one file that you can copy to another computer and load there (Load… on the Images page). A name ending in .tar.gz makes a smaller, compressed file."));
      break;
    case BERTH_IMAGE_ARCHIVE_LOAD:
      gtk_window_set_title (GTK_WINDOW (self), _("Load Images"));
      gtk_label_set_label (self->intro_label,
        _("Loads images from a file made by docker save (or Save… in Berth): a .tar, .tar.gz or .tar.xz file. They keep their names and ids."));
      break;
    case BERTH_IMAGE_ARCHIVE_IMPORT:
    default:
      gtk_window_set_title (GTK_WINDOW (self), _("Import a File System"));
      gtk_label_set_label (self->intro_label,
        _("Makes a new image from a tarball of a whole root file system, like one from docker export. The image has a single layer and no command: give it one when you run it."));
      break;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->kind_group), !save);
  gtk_widget_set_visible (GTK_WIDGET (self->images_group), save);
  gtk_widget_set_visible (GTK_WIDGET (self->format_row), save);
  gtk_widget_set_visible (GTK_WIDGET (self->reference_row), self->kind == BERTH_IMAGE_ARCHIVE_IMPORT);
  gtk_button_set_label (GTK_BUTTON (self->run_button), run_label (self->kind));

  self->updating = TRUE;
  if (!save)
    adw_combo_row_set_selected (self->kind_row, self->kind == BERTH_IMAGE_ARCHIVE_IMPORT ? 1 : 0);
  self->updating = FALSE;
  update (self);
}

static void
kind_selected_cb (BerthImageArchiveDialog *self)
{
  if (self->updating || self->kind == BERTH_IMAGE_ARCHIVE_SAVE)
    return;
  berth_image_archive_dialog_set_kind (self, adw_combo_row_get_selected (self->kind_row) == 1
                                               ? BERTH_IMAGE_ARCHIVE_IMPORT : BERTH_IMAGE_ARCHIVE_LOAD);
}

/* Switching the format switches the file's extension. */
static void
format_selected_cb (BerthImageArchiveDialog *self)
{
  gboolean compressed = adw_combo_row_get_selected (self->format_row) == 0;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;

  if (self->updating || self->path == NULL || compressed == is_compressed_name (self->path))
    return;

  if (g_str_has_suffix (self->path, ".tar.gz"))
    base = g_strndup (self->path, strlen (self->path) - strlen (".tar.gz"));
  else if (g_str_has_suffix (self->path, ".tgz") || g_str_has_suffix (self->path, ".tar"))
    base = g_strndup (self->path, strrchr (self->path, '.') - self->path);
  else
    base = g_strdup (self->path);

  path = g_strconcat (base, compressed ? ".tar.gz" : ".tar", NULL);
  berth_image_archive_dialog_set_path (self, path);
}

/* Choosing the file --------------------------------------------------------------- */

static void
chooser_response_cb (GtkNativeDialog         *chooser,
                     int                      response,
                     BerthImageArchiveDialog *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && g_file_peek_path (file) != NULL)
    berth_image_archive_dialog_set_path (self, g_file_peek_path (file));

  g_clear_object (&self->chooser);
}

static void
add_archive_filter (GtkFileChooser *chooser)
{
  GtkFileFilter *filter = gtk_file_filter_new ();
  static const char * const patterns[] = { "*.tar", "*.tar.gz", "*.tgz", "*.tar.xz", "*.txz", NULL };

  gtk_file_filter_set_name (filter, _("Tar archives"));
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

static void
choose_clicked_cb (BerthImageArchiveDialog *self)
{
  gboolean save = self->kind == BERTH_IMAGE_ARCHIVE_SAVE;
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;

  chooser = gtk_file_chooser_native_new (save ? _("Save Images As") : _("Choose an Archive"),
                                         GTK_WINDOW (self),
                                         save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         save ? _("_Save") : _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (save && self->path != NULL)
    {
      g_autoptr (GFile) file = g_file_new_for_path (self->path);
      g_autoptr (GFile) parent = g_file_get_parent (file);
      g_autofree char *name = g_path_get_basename (self->path);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), parent, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  else if (!save)
    add_archive_filter (GTK_FILE_CHOOSER (chooser));

  self->chooser = GTK_NATIVE_DIALOG (chooser);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (self->chooser);
}

/* Running ---------------------------------------------------------------------------- */

static void
progress_changed_cb (BerthImageArchiveDialog *self)
{
  guint64 current = berth_progress_get_current (self->progress);
  guint64 total = berth_progress_get_total (self->progress);
  g_autofree char *done = g_format_size (current);
  g_autofree char *text = NULL;

  if (total > 0)
    {
      g_autofree char *all = g_format_size (total);

      /* Translators: bytes moved so far, e.g. "12.1 MB of 40.0 MB" */
      text = g_strdup_printf (_("%s of %s"), done, all);
      gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) current / (double) total));
    }
  else
    {
      text = g_strdup_printf (_("%s written"), done);
      gtk_progress_bar_pulse (self->progress_bar);
    }
  gtk_label_set_label (self->progress_label, text);
}

static char *
describe_result (BerthImageArchiveDialog  *self,
                 char                    **result)
{
  g_autofree char *joined = result ? g_strjoinv (", ", result) : g_strdup ("");
  g_autofree char *size = NULL;

  switch (self->kind)
    {
    case BERTH_IMAGE_ARCHIVE_SAVE:
      size = g_format_size (berth_progress_get_current (self->progress));
      /* Translators: the file and its size */
      return g_strdup_printf (_("Saved to %s (%s)"), joined, size);
    case BERTH_IMAGE_ARCHIVE_LOAD:
      return g_strdup_printf (_("Loaded %s"), joined);
    case BERTH_IMAGE_ARCHIVE_IMPORT:
    default:
      {
        const char *id = result && result[0] ? result[0] : "";
        g_autofree char *short_id = g_strndup (g_str_has_prefix (id, "sha256:") ? id + strlen ("sha256:") : id, 12);

        if (self->archive->reference != NULL)
          /* Translators: the new image's name, then its short id */
          return g_strdup_printf (_("Imported as %s (image %s)"), self->archive->reference, short_id);
        return g_strdup_printf (_("Imported as image %s, without a name"), short_id);
      }
    }
}

static const char *
stopped_text (BerthImageArchiveKind kind)
{
  switch (kind)
    {
    case BERTH_IMAGE_ARCHIVE_SAVE:
      return _("Stopped. The unfinished file was removed.");
    case BERTH_IMAGE_ARCHIVE_LOAD:
      return _("Stopped. Any image the engine finished reading before the stop is in the Images list; nothing else was kept.");
    case BERTH_IMAGE_ARCHIVE_IMPORT:
    default:
      return _("Stopped. No image was made.");
    }
}

typedef struct
{
  BerthImageArchiveDialog *self;
  char                    *command;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->self);
  g_free (run->command);
  g_free (run);
}

static void
finish_run (BerthImageArchiveDialog *self)
{
  self->busy = FALSE;
  g_clear_object (&self->run_cancellable);
  gtk_widget_set_visible (self->stop_button, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_group), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->file_row), TRUE);
  update (self);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Run *run = user_data;
  BerthImageArchiveDialog *self = run->self;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) done = NULL;
  g_autofree char *message = NULL;

  done = berth_image_archive_run_finish (result, &error);
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      run_free (run);
      return;
    }

  finish_run (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_label (self->progress_label, stopped_text (self->kind));
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
    }
  else if (error != NULL)
    {
      set_error (self, error->message);
      gtk_widget_set_visible (self->progress_box, FALSE);
      berth_image_report (GTK_WIDGET (self), error->message, run->command, TRUE);
    }
  else
    {
      self->done = TRUE;
      g_strfreev (self->result);
      self->result = g_steal_pointer (&done);
      message = describe_result (self, self->result);
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      set_label (self->result_label, message);
      berth_image_report (GTK_WIDGET (self), message, run->command, FALSE);
    }

  run_free (run);
}

/**
 * berth_image_archive_dialog_submit:
 *
 * Saves, loads or imports, if the form is complete. The dialog stays open
 * with the result (or the error) until closed.
 */
void
berth_image_archive_dialog_submit (BerthImageArchiveDialog *self)
{
  g_autoptr (GError) error = NULL;
  BerthStore *store;
  Run *run;

  g_return_if_fail (BERTH_IS_IMAGE_ARCHIVE_DIALOG (self));

  update (self);
  if (self->busy || !gtk_widget_get_sensitive (self->run_button))
    return;
  if (!berth_image_archive_validate (self->archive, &error))
    {
      set_error (self, error->message);
      return;
    }

  store = berth_image_find_store (GTK_WIDGET (self));
  if (store == NULL)
    return;

  self->busy = TRUE;
  self->done = FALSE;
  self->run_cancellable = g_cancellable_new ();
  set_label (self->result_label, NULL);
  gtk_widget_set_visible (self->progress_box, TRUE);
  gtk_widget_set_visible (self->stop_button, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_group), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->file_row), FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_label (self->progress_label, _("Starting…"));
  update (self);

  if (self->progress != NULL)
    g_signal_handlers_disconnect_by_data (self->progress, self);
  g_clear_object (&self->progress);
  self->progress = berth_progress_new ();
  g_signal_connect_object (self->progress, "notify::current", G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->command = g_strdup (self->command);
  berth_image_archive_run_async (self->archive, berth_store_get_engine (store), self->progress,
                                 self->run_cancellable, run_cb, run);
}

/* Stops a save, load or import that is running. */
void
berth_image_archive_dialog_cancel (BerthImageArchiveDialog *self)
{
  g_return_if_fail (BERTH_IS_IMAGE_ARCHIVE_DIALOG (self));

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
}

/* Building ---------------------------------------------------------------------------- */

static GtkWidget *
build_header (BerthImageArchiveDialog *self)
{
  GtkWidget *header = adw_header_bar_new ();

  self->run_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->run_button, "suggested-action");
  g_signal_connect_object (self->run_button, "clicked", G_CALLBACK (berth_image_archive_dialog_submit),
                           self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->run_button);

  self->stop_button = gtk_button_new_with_mnemonic (_("_Stop"));
  gtk_widget_set_visible (self->stop_button, FALSE);
  g_signal_connect_object (self->stop_button, "clicked", G_CALLBACK (berth_image_archive_dialog_cancel),
                           self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->stop_button);
  return header;
}

static AdwComboRow *
combo_row_new (const char *title,
               const char *first,
               const char *second)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr (GtkStringList) model = gtk_string_list_new ((const char *[]) { first, second, NULL });

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  return row;
}

static void
build_images_group (BerthImageArchiveDialog *self,
                    GtkBox                  *box)
{
  self->images_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->images_group, _("Images"));
  for (guint i = 0; self->images != NULL && self->images[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), self->images[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("media-optical-symbolic"));
      adw_preferences_group_add (self->images_group, row);
    }
  gtk_box_append (box, GTK_WIDGET (self->images_group));
}

static void
build_file_group (BerthImageArchiveDialog *self,
                  GtkBox                  *box)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose…"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("File"));

  self->kind_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  self->kind_row = combo_row_new (_("The File Holds"), _("Saved images"), _("A root file system"));
  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (kind_selected_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (self->kind_group, GTK_WIDGET (self->kind_row));
  gtk_box_append (box, GTK_WIDGET (self->kind_group));

  build_images_group (self, box);

  self->file_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), _("Path"));
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  g_signal_connect_object (choose, "clicked", G_CALLBACK (choose_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (self->file_row, choose);
  adw_action_row_set_activatable_widget (self->file_row, choose);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->file_row));

  self->format_row = combo_row_new (_("Format"), _("Compressed (.tar.gz)"), _("Not compressed (.tar)"));
  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (format_selected_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->format_row));

  self->reference_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reference_row), _("Name for the New Image (e.g. myrootfs:1.0)"));
  g_signal_connect_object (self->reference_row, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->reference_row));
  gtk_box_append (box, group);
}

static void
build_content (BerthImageArchiveDialog *self,
               GtkBox                  *box)
{
  self->intro_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->intro_label, TRUE);
  gtk_label_set_xalign (self->intro_label, 0);
  gtk_box_append (box, GTK_WIDGET (self->intro_label));

  build_file_group (self, box);

  self->error_label = GTK_LABEL (berth_image_status_label_new ("error"));
  gtk_box_append (box, GTK_WIDGET (self->error_label));

  self->progress_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_pulse_step (self->progress_bar, 0.05);
  self->progress_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->progress_label, 0);
  gtk_label_set_wrap (self->progress_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "numeric");
  gtk_box_append (GTK_BOX (self->progress_box), GTK_WIDGET (self->progress_bar));
  gtk_box_append (GTK_BOX (self->progress_box), GTK_WIDGET (self->progress_label));
  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_box_append (box, self->progress_box);

  self->result_label = GTK_LABEL (berth_image_status_label_new ("success"));
  gtk_box_append (box, GTK_WIDGET (self->result_label));

  gtk_box_append (box, berth_command_preview_new (NULL, &self->command_label));
}

/* GObject ------------------------------------------------------------------------------ */

static void
berth_image_archive_dialog_dispose (GObject *object)
{
  BerthImageArchiveDialog *self = BERTH_IMAGE_ARCHIVE_DIALOG (object);

  /* Closing stops what runs; an unfinished save leaves no file. */
  g_cancellable_cancel (self->cancellable);
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (berth_image_archive_dialog_parent_class)->dispose (object);
}

static void
berth_image_archive_dialog_finalize (GObject *object)
{
  BerthImageArchiveDialog *self = BERTH_IMAGE_ARCHIVE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->progress);
  g_clear_pointer (&self->archive, berth_image_archive_free);
  g_strfreev (self->images);
  g_strfreev (self->result);
  g_free (self->path);
  g_free (self->error);
  g_free (self->command);

  G_OBJECT_CLASS (berth_image_archive_dialog_parent_class)->finalize (object);
}

static void
berth_image_archive_dialog_class_init (BerthImageArchiveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_image_archive_dialog_dispose;
  object_class->finalize = berth_image_archive_dialog_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
berth_image_archive_dialog_init (BerthImageArchiveDialog *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * berth_image_archive_dialog_new:
 * @kind: save, load or import (a load dialog can switch to import)
 * @images: (nullable): save: the images, by reference or id
 */
BerthImageArchiveDialog *
berth_image_archive_dialog_new (GtkWindow             *parent,
                                BerthImageArchiveKind  kind,
                                const char * const    *images)
{
  BerthImageArchiveDialog *self;
  GtkWidget *content, *scroller, *clamp, *box;

  g_return_val_if_fail (kind != BERTH_IMAGE_ARCHIVE_SAVE || (images != NULL && images[0] != NULL), NULL);

  self = g_object_new (BERTH_TYPE_IMAGE_ARCHIVE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "default-width", 580,
                       "default-height", 620,
                       NULL);
  self->kind = kind;
  self->images = g_strdupv ((char **) images);

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

  if (kind == BERTH_IMAGE_ARCHIVE_SAVE)
    {
      g_autofree char *path = default_save_name (self);

      self->path = g_steal_pointer (&path);
    }
  show_kind (self);
  return self;
}

/* Switches between loading images and importing a file system. */
void
berth_image_archive_dialog_set_kind (BerthImageArchiveDialog *self,
                                     BerthImageArchiveKind    kind)
{
  g_return_if_fail (BERTH_IS_IMAGE_ARCHIVE_DIALOG (self));
  g_return_if_fail (self->kind != BERTH_IMAGE_ARCHIVE_SAVE && kind != BERTH_IMAGE_ARCHIVE_SAVE);

  if (self->busy || self->kind == kind)
    return;
  self->kind = kind;
  self->done = FALSE;
  set_label (self->result_label, NULL);
  gtk_widget_set_visible (self->progress_box, FALSE);
  show_kind (self);
}

BerthImageArchiveKind
berth_image_archive_dialog_get_kind (BerthImageArchiveDialog *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_ARCHIVE_DIALOG (self), BERTH_IMAGE_ARCHIVE_SAVE);
  return self->kind;
}

/* The file, as if chosen. */
void
berth_image_archive_dialog_set_path (BerthImageArchiveDialog *self,
                                     const char              *path)
{
  g_return_if_fail (BERTH_IS_IMAGE_ARCHIVE_DIALOG (self));

  g_free (self->path);
  self->path = path && *path ? g_strdup (path) : NULL;
  self->updating = TRUE;
  if (self->kind == BERTH_IMAGE_ARCHIVE_SAVE)
    adw_combo_row_set_selected (self->format_row, is_compressed_name (self->path) ? 0 : 1);
  self->updating = FALSE;
  update (self);
}

const char *
berth_image_archive_dialog_get_path (BerthImageArchiveDialog *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_ARCHIVE_DIALOG (self), NULL);
  return self->path;
}

/* Import: the new image's name, as if typed. */
void
berth_image_archive_dialog_set_reference (BerthImageArchiveDialog *self,
                                          const char              *reference)
{
  g_return_if_fail (BERTH_IS_IMAGE_ARCHIVE_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->reference_row), reference ? reference : "");
}

gboolean
berth_image_archive_dialog_get_busy (BerthImageArchiveDialog *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_ARCHIVE_DIALOG (self), FALSE);
  return self->busy;
}

gboolean
berth_image_archive_dialog_get_done (BerthImageArchiveDialog *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_ARCHIVE_DIALOG (self), FALSE);
  return self->done;
}

/**
 * berth_image_archive_dialog_get_result:
 *
 * Returns: (nullable): after a save, the file; a load, the loaded images;
 *   an import, the new image's id
 */
const char * const *
berth_image_archive_dialog_get_result (BerthImageArchiveDialog *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_ARCHIVE_DIALOG (self), NULL);
  return (const char * const *) self->result;
}

const char *
berth_image_archive_dialog_get_error (BerthImageArchiveDialog *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_ARCHIVE_DIALOG (self), NULL);
  return self->error;
}

const char *
berth_image_archive_dialog_get_command (BerthImageArchiveDialog *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_ARCHIVE_DIALOG (self), NULL);
  return self->command;
}
