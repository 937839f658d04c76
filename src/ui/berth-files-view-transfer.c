/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "berth-confirm.h"
#include "berth-engine-error.h"
#include "berth-files-view-private.h"
#include "berth-shell.h"
#include "berth-spinner.h"

/* What the Files tab copies: a file or folder to this computer, files and
 * folders into the folder shown (by button or by dropping them), and a
 * small text file onto the screen. Each says which `docker cp` does the
 * same, in a toast and in the history. One transfer at a time; it shows
 * its progress above the list and can be cancelled. The engine layer
 * leaves nothing half-written under the final name. */

static gboolean
disposed (BerthFilesView *self)
{
  return g_cancellable_is_cancelled (self->cancellable);
}

/* Transfers ------------------------------------------------------------------------ */

static void
begin_busy (BerthFilesView *self)
{
  g_assert (self->transfer_cancellable == NULL);

  self->transfer_cancellable = g_cancellable_new ();
  _berth_files_view_show_message (self, NULL, FALSE);
  _berth_files_view_update_actions (self);
}

static void
show_transfer (BerthFilesView *self,
               const char     *label,
               const char     *command)
{
  g_free (self->transfer_command);
  self->transfer_command = g_strdup (command);
  gtk_label_set_label (self->transfer_label, label);
  gtk_label_set_label (self->transfer_amount, "");
  gtk_progress_bar_set_fraction (self->transfer_progress, 0.0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->transfer_label), command);
  gtk_revealer_set_reveal_child (self->transfer_revealer, TRUE);
}

static void
end_busy (BerthFilesView *self)
{
  g_clear_object (&self->transfer_cancellable);
  gtk_revealer_set_reveal_child (self->transfer_revealer, FALSE);
  _berth_files_view_update_actions (self);
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  BerthFilesView *self = user_data;
  g_autofree char *done_text = NULL;
  g_autofree char *amount = NULL;

  if (disposed (self) || self->transfer_cancellable == NULL)
    return;

  done_text = g_format_size (done);
  if (total > 0)
    {
      g_autofree char *total_text = g_format_size (total);

      gtk_progress_bar_set_fraction (self->transfer_progress, MIN (1.0, (double) done / (double) total));
      /* Translators: bytes copied so far, of all, e.g. "12.3 MB of 40.0 MB" */
      amount = g_strdup_printf (_("%s of %s"), done_text, total_text);
    }
  else
    {
      gtk_progress_bar_pulse (self->transfer_progress);
      amount = g_steal_pointer (&done_text);
    }
  gtk_label_set_label (self->transfer_amount, amount);
}

/**
 * berth_files_view_cancel_transfer:
 *
 * Stops the download or upload on its way.
 */
void
berth_files_view_cancel_transfer (BerthFilesView *self)
{
  g_return_if_fail (BERTH_IS_FILES_VIEW (self));

  if (self->transfer_cancellable != NULL)
    g_cancellable_cancel (self->transfer_cancellable);
}

/* Whether a download or upload is on its way (or being asked about). */
gboolean
berth_files_view_get_busy (BerthFilesView *self)
{
  g_return_val_if_fail (BERTH_IS_FILES_VIEW (self), FALSE);
  return self->transfer_cancellable != NULL;
}

typedef struct
{
  BerthFilesView    *self;
  BerthDownloadSpec *download;
  BerthUploadSpec   *upload;
  char              *command;
  gboolean           confirmed;
} Transfer;

static void
transfer_clear (Transfer *transfer)
{
  g_clear_object (&transfer->self);
  g_clear_pointer (&transfer->download, berth_download_spec_free);
  g_clear_pointer (&transfer->upload, berth_upload_spec_free);
  g_free (transfer->command);
}

static void
transfer_release (gpointer data)
{
  g_rc_box_release_full (data, (GDestroyNotify) transfer_clear);
}

/* Downloading ------------------------------------------------------------------------ */

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Transfer *transfer = user_data;
  BerthFilesView *self = transfer->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  if (!berth_archive_download_finish (BERTH_ENGINE (object), result, &error) && disposed (self))
    {
      transfer_release (transfer);
      return;
    }

  end_busy (self);
  if (error == NULL)
    {
      /* Translators: a path in the container, then where it was saved */
      text = g_strdup_printf (_("Downloaded “%s” to %s"), transfer->download->path, transfer->download->local_path);
      berth_container_page_toast_command (GTK_WIDGET (self), text, transfer->command);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _berth_files_view_show_message (self, _("The download was cancelled; nothing was saved."), FALSE);
  else
    {
      text = g_strdup_printf (_("Could not download “%s”: %s"), transfer->download->path, error->message);
      _berth_files_view_show_message (self, text, TRUE);
      _berth_files_view_log_failure (self, transfer->command, text);
    }
  transfer_release (transfer);
}

/**
 * berth_files_view_download:
 * @path: a file or folder in the container
 * @local_path: what to create on this computer; it must not exist yet
 *
 * Copies @path out of the container, as `docker cp CONTAINER:PATH
 * LOCAL_PATH` does, with progress above the list.
 */
void
berth_files_view_download (BerthFilesView *self,
                           const char     *path,
                           const char     *local_path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;
  Transfer *transfer;

  g_return_if_fail (BERTH_IS_FILES_VIEW (self));

  if (self->transfer_cancellable != NULL || _berth_files_view_gone (self))
    return;

  transfer = g_rc_box_new0 (Transfer);
  transfer->self = g_object_ref (self);
  transfer->download = berth_download_spec_new (_berth_files_view_container (self), _berth_files_view_name (self),
                                                path, local_path);
  transfer->command = berth_download_spec_to_command (transfer->download);
  if (!berth_download_spec_validate (transfer->download, &error))
    {
      _berth_files_view_show_message (self, error->message, TRUE);
      transfer_release (transfer);
      return;
    }

  begin_busy (self);
  /* Translators: a path in the container, then a path on this computer */
  label = g_strdup_printf (_("Downloading “%s” to %s…"), transfer->download->path, local_path);
  show_transfer (self, label, transfer->command);
  berth_archive_download_async (_berth_files_view_engine (self), transfer->download,
                                progress_cb, g_object_ref (self), g_object_unref,
                                self->transfer_cancellable, download_cb, transfer);
}

static void
download_response_cb (GtkNativeDialog *chooser,
                      int              response,
                      BerthFilesView  *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *local = NULL;
  const char *path = g_object_get_data (G_OBJECT (chooser), "berth-path");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      local = file ? g_file_get_path (file) : NULL;
      if (local == NULL)
        _berth_files_view_show_message (self, _("Choose a folder on this computer to save in"), TRUE);
      else
        berth_files_view_download (self, path, local);
    }

  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
set_chooser (BerthFilesView  *self,
             GtkNativeDialog *chooser)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  self->chooser = chooser;
  gtk_native_dialog_set_modal (chooser, TRUE);
}

/* Asks where to save @path, then downloads it. */
void
_berth_files_view_choose_download (BerthFilesView *self,
                                   const char     *path)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);
  g_autofree char *base = berth_archive_path_basename (path);
  g_autofree char *title = NULL;
  GtkFileChooserNative *chooser;

  /* Translators: %s is a path in the container */
  title = g_strdup_printf (_("Download “%s”"), path);
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Download"), _("_Cancel"));
  if (g_str_equal (base, "/"))
    {
      g_free (base);
      /* Translators: the name suggested for a download of a container's whole filesystem */
      base = g_strdup_printf (_("%s-filesystem"), _berth_files_view_name (self));
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), base);
  if (downloads != NULL && g_file_test (downloads, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GFile) folder = g_file_new_for_path (downloads);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }

  g_object_set_data_full (G_OBJECT (chooser), "berth-path", g_strdup (path), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (download_response_cb), self, 0);
  set_chooser (self, GTK_NATIVE_DIALOG (chooser));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
download_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BerthFilesView *self = BERTH_FILES_VIEW (widget);
  BerthFileEntry *selected = _berth_files_view_get_selected (self);

  _berth_files_view_choose_download (self, selected ? berth_file_entry_get_path (selected) : self->path);
}

/* Uploading -------------------------------------------------------------------------- */

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Transfer *transfer = user_data;
  BerthFilesView *self = transfer->self;
  BerthUploadSpec *spec = transfer->upload;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  guint n = g_strv_length (spec->sources);

  if (!berth_archive_upload_finish (BERTH_ENGINE (object), result, &error) && disposed (self))
    {
      transfer_release (transfer);
      return;
    }

  end_busy (self);
  if (error == NULL)
    {
      g_autofree char *base = g_path_get_basename (spec->sources[0]);

      if (n == 1)
        /* Translators: a file's name, then a folder in the container */
        text = g_strdup_printf (_("Uploaded “%s” into %s"), base, spec->path);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Uploaded %u item into %s",
                                             "Uploaded %u items into %s", n), n, spec->path);
      berth_container_page_toast_command (GTK_WIDGET (self), text, transfer->command);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _berth_files_view_show_message (self, _("The upload was cancelled. What was already copied into the container stays there."),
                                    FALSE);
  else
    {
      text = g_strdup_printf (_("Could not upload into “%s”: %s"), spec->path, error->message);
      _berth_files_view_show_message (self, text, TRUE);
      _berth_files_view_log_failure (self, transfer->command, text);
    }

  if (g_strcmp0 (self->path, spec->path) == 0 && !_berth_files_view_gone (self))
    berth_files_view_refresh (self);
  transfer_release (transfer);
}

static void
run_upload (Transfer *transfer,
            gboolean  overwrite)
{
  BerthFilesView *self = transfer->self;
  BerthUploadSpec *spec = transfer->upload;
  guint n = g_strv_length (spec->sources);
  g_autofree char *label = NULL;
  g_autofree char *base = g_path_get_basename (spec->sources[0]);

  spec->overwrite = overwrite;
  if (n == 1)
    label = g_strdup_printf (_("Uploading “%s” into %s…"), base, spec->path);
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Uploading %u item into %s…",
                                          "Uploading %u items into %s…", n), n, spec->path);
  show_transfer (self, label, transfer->command);
  berth_archive_upload_async (_berth_files_view_engine (self), spec,
                              progress_cb, g_object_ref (self), g_object_unref,
                              self->transfer_cancellable, upload_cb, g_rc_box_acquire (transfer));
}

static void
replace_confirmed (gpointer user_data,
                   gboolean option)
{
  Transfer *transfer = user_data;

  if (disposed (transfer->self) || transfer->self->transfer_cancellable == NULL)
    return;
  transfer->confirmed = TRUE;
  run_upload (transfer, TRUE);
}

/* The question was closed: without a yes, nothing is sent. */
static void
replace_closed (gpointer user_data)
{
  Transfer *transfer = user_data;
  BerthFilesView *self = transfer->self;

  if (!transfer->confirmed && !disposed (self) && self->transfer_cancellable != NULL)
    {
      end_busy (self);
      _berth_files_view_show_message (self, _("Nothing was uploaded; what is in the container was kept."), FALSE);
    }
  transfer_release (transfer);
}

static void
ask_replace (Transfer  *transfer,
             char     **existing)
{
  guint n = g_strv_length (existing);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < n && i < 5; i++)
    g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "", existing[i]);
  if (n > 5)
    g_string_append (names, ", …");

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Replace %u Item?", "Replace %u Items?", n), n);
  /* Translators: the names, then the folder in the container */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s already exists in %s in the container. Uploading replaces it; what it held is lost.",
                                       "%s already exist in %s in the container. Uploading replaces them; what they held is lost.",
                                       n),
                          names->str, transfer->upload->path);
  berth_confirm (GTK_WIDGET (transfer->self), heading, body, _("_Replace"), NULL,
                 replace_confirmed, g_rc_box_acquire (transfer), replace_closed);
}

static void
existing_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Transfer *transfer = user_data;
  BerthFilesView *self = transfer->self;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) existing = NULL;

  existing = berth_archive_find_existing_finish (BERTH_ENGINE (object), result, &error);
  if (existing == NULL && disposed (self))
    ;
  else if (existing == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not upload into “%s”: %s"), transfer->upload->path,
                                               error->message);

      end_busy (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _berth_files_view_show_message (self, text, TRUE);
    }
  else if (existing[0] == NULL)
    run_upload (transfer, FALSE);
  else
    ask_replace (transfer, existing);

  transfer_release (transfer);
}

/**
 * berth_files_view_upload:
 * @sources: full paths of files and folders on this computer
 *
 * Copies @sources into the folder shown, as `docker cp SOURCE
 * CONTAINER:FOLDER/` does for each, asking first when names exist there
 * already.
 */
void
berth_files_view_upload (BerthFilesView     *self,
                         const char * const *sources)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  g_auto (GStrv) name_list = NULL;
  Transfer *transfer;

  g_return_if_fail (BERTH_IS_FILES_VIEW (self));
  g_return_if_fail (sources != NULL);

  if (self->transfer_cancellable != NULL || _berth_files_view_gone (self) || self->path == NULL)
    return;

  transfer = g_rc_box_new0 (Transfer);
  transfer->self = g_object_ref (self);
  transfer->upload = berth_upload_spec_new (_berth_files_view_container (self), _berth_files_view_name (self),
                                            sources, self->path);
  if (!berth_upload_spec_validate (transfer->upload, &error))
    {
      _berth_files_view_show_message (self, error->message, TRUE);
      transfer_release (transfer);
      return;
    }
  transfer->command = berth_upload_spec_to_command (transfer->upload);

  for (guint i = 0; sources[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (sources[i]);

      g_strv_builder_add (names, base);
    }
  name_list = g_strv_builder_end (names);

  begin_busy (self);
  berth_archive_find_existing_async (_berth_files_view_engine (self), _berth_files_view_container (self),
                                     transfer->upload->path, (const char * const *) name_list,
                                     self->transfer_cancellable, existing_cb, transfer);
}

static void
upload_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    BerthFilesView  *self)
{
  g_autoptr (GListModel) files = NULL;
  g_autoptr (GStrvBuilder) paths = g_strv_builder_new ();
  g_auto (GStrv) sources = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr (GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            g_strv_builder_add (paths, path);
        }
      sources = g_strv_builder_end (paths);
      if (sources[0] != NULL)
        berth_files_view_upload (self, (const char * const *) sources);
    }

  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
choose_upload (BerthFilesView       *self,
               GtkFileChooserAction  action)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *title = NULL;
  GtkFileChooserNative *chooser;

  /* Translators: %s is a folder in the container */
  title = action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
            ? g_strdup_printf (_("Upload a Folder into %s"), self->path)
            : g_strdup_printf (_("Upload Files into %s"), self->path);
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         action, _("_Upload"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (upload_response_cb), self, 0);
  set_chooser (self, GTK_NATIVE_DIALOG (chooser));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
upload_files_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  choose_upload (BERTH_FILES_VIEW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
upload_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  choose_upload (BERTH_FILES_VIEW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

/* Dropping files ------------------------------------------------------------------------ */

static gboolean
can_upload (BerthFilesView *self)
{
  return self->transfer_cancellable == NULL && !_berth_files_view_gone (self) &&
         self->loaded && self->error == NULL;
}

static GdkDragAction
drop_enter_cb (GtkDropTarget  *target,
               double          x,
               double          y,
               BerthFilesView *self)
{
  g_autofree char *text = NULL;

  if (!can_upload (self))
    return 0;

  /* Translators: %s is a folder in the container */
  text = g_strdup_printf (_("Drop to copy into %s in the container"), self->path);
  gtk_label_set_label (self->drop_label, text);
  gtk_revealer_set_reveal_child (self->drop_revealer, TRUE);
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget  *target,
               BerthFilesView *self)
{
  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);
}

static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         BerthFilesView *self)
{
  GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
  g_autoptr (GStrvBuilder) paths = g_strv_builder_new ();
  g_auto (GStrv) sources = NULL;

  gtk_revealer_set_reveal_child (self->drop_revealer, FALSE);
  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_strv_builder_add (paths, path);
    }
  g_slist_free (files);

  sources = g_strv_builder_end (paths);
  if (sources[0] == NULL)
    {
      _berth_files_view_show_message (self, _("Only files and folders on this computer can be uploaded"), TRUE);
      return FALSE;
    }
  if (!can_upload (self))
    return FALSE;

  berth_files_view_upload (self, (const char * const *) sources);
  return TRUE;
}

void
_berth_files_view_init_drop (BerthFilesView *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_object (target, "enter", G_CALLBACK (drop_enter_cb), self, 0);
  g_signal_connect_object (target, "leave", G_CALLBACK (drop_leave_cb), self, 0);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->overlay), GTK_EVENT_CONTROLLER (target));
}

/* Viewing a text file ------------------------------------------------------------------- */

typedef struct
{
  GWeakRef       view;
  char          *path;
  char          *command;
  GCancellable  *cancellable;
  GtkStack      *stack;
  GtkSourceView *source_view;
  AdwStatusPage *status_page;
} Viewer;

static void
viewer_free (Viewer *viewer)
{
  g_weak_ref_clear (&viewer->view);
  g_free (viewer->path);
  g_free (viewer->command);
  g_clear_object (&viewer->cancellable);
  g_free (viewer);
}

static void
viewer_show_message (Viewer     *viewer,
                     const char *icon_name,
                     const char *title,
                     const char *description)
{
  adw_status_page_set_icon_name (viewer->status_page, icon_name);
  adw_status_page_set_title (viewer->status_page, title);
  adw_status_page_set_description (viewer->status_page, description);
  gtk_stack_set_visible_child_name (viewer->stack, "message");
}

static void
viewer_set_text (Viewer *viewer,
                 GBytes *bytes)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (viewer->source_view)));
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  g_autofree char *base = berth_archive_path_basename (viewer->path);
  GtkSourceLanguage *language = gtk_source_language_manager_guess_language (manager, base, NULL);
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark" : "Adwaita");
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  GtkTextIter start;

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (buffer, scheme);
  gtk_source_buffer_set_language (buffer, language);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), data ? data : "", (int) length);
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (buffer), &start);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (buffer), &start);
  gtk_stack_set_visible_child_name (viewer->stack, "text");
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GtkWindow) window = user_data;
  Viewer *viewer = g_object_get_data (G_OBJECT (window), "berth-viewer");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;

  bytes = berth_archive_read_file_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || viewer == NULL)
    return;

  if (bytes == NULL)
    viewer_show_message (viewer, "dialog-warning-symbolic", _("Could Not Show This File"), error->message);
  else if (!berth_archive_bytes_look_like_text (bytes))
    viewer_show_message (viewer, "application-x-executable-symbolic", _("Not Text"),
                         _("This file holds binary data (a program, an image, an archive…), which cannot be shown as text. Download it to open it with another program."));
  else
    viewer_set_text (viewer, bytes);
}

static void
viewer_download_cb (GtkWidget *button,
                    Viewer    *viewer)
{
  g_autoptr (BerthFilesView) self = g_weak_ref_get (&viewer->view);

  if (self != NULL)
    _berth_files_view_choose_download (self, viewer->path);
}

static void
viewer_destroy_cb (GtkWindow *window,
                   Viewer    *viewer)
{
  g_cancellable_cancel (viewer->cancellable);
}

static GtkWidget *
viewer_command_bar (Viewer *viewer)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *same = gtk_label_new (_("Same as"));
  GtkWidget *label = gtk_label_new (viewer->command);
  GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  GtkWidget *caption = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_add_css_class (caption, "command-caption");
  gtk_widget_set_halign (caption, GTK_ALIGN_END);
  gtk_widget_set_hexpand (caption, TRUE);
  gtk_widget_add_css_class (same, "dim-label");
  gtk_widget_add_css_class (same, "caption");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, _("Copy Command"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy Command"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "app.copy-text");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (copy), "s", viewer->command);

  gtk_box_append (GTK_BOX (caption), same);
  gtk_box_append (GTK_BOX (caption), label);
  gtk_box_append (GTK_BOX (caption), copy);
  gtk_box_append (GTK_BOX (bar), caption);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 6);
  gtk_widget_set_margin_top (bar, 3);
  gtk_widget_set_margin_bottom (bar, 3);
  return bar;
}

static GtkWidget *
viewer_stack (Viewer *viewer)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *spinner = berth_spinner_new_for_page ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *source_view = gtk_source_view_new ();
  GtkWidget *status = adw_status_page_new ();

  gtk_stack_add_named (GTK_STACK (stack), spinner, "loading");

  gtk_text_view_set_editable (GTK_TEXT_VIEW (source_view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (source_view), TRUE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (source_view), 6);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (source_view), 6);
  gtk_source_view_set_show_line_numbers (GTK_SOURCE_VIEW (source_view), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (source_view), GTK_ACCESSIBLE_PROPERTY_LABEL, viewer->path, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), source_view);
  gtk_stack_add_named (GTK_STACK (stack), scroller, "text");
  gtk_stack_add_named (GTK_STACK (stack), status, "message");
  gtk_widget_set_vexpand (stack, TRUE);

  viewer->stack = GTK_STACK (stack);
  viewer->source_view = GTK_SOURCE_VIEW (source_view);
  viewer->status_page = ADW_STATUS_PAGE (status);
  return stack;
}

static GtkWidget *
viewer_window_new (BerthFilesView *self,
                   Viewer         *viewer)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *base = berth_archive_path_basename (viewer->path);
  GtkWidget *window, *content, *header, *download;
  GtkEventController *shortcuts;

  window = g_object_new (ADW_TYPE_WINDOW,
                         "transient-for", GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                         "default-width", 760,
                         "default-height", 640,
                         "title", base,
                         NULL);

  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (base, viewer->path));
  download = gtk_button_new_with_mnemonic (_("_Download…"));
  gtk_widget_set_tooltip_text (download, _("Copy this file to this computer (docker cp)"));
  g_signal_connect (download, "clicked", G_CALLBACK (viewer_download_cb), viewer);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), download);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), viewer_stack (viewer));
  gtk_box_append (GTK_BOX (content), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (content), viewer_command_bar (viewer));
  adw_window_set_content (ADW_WINDOW (window), content);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);
  return window;
}

/**
 * berth_files_view_view_file:
 * @path: a file in the container (a link to one is followed)
 *
 * Shows a small text file in a window of its own, read as `docker cp
 * CONTAINER:PATH - | tar -xO` would.
 *
 * Returns: (transfer none): the window, shown
 */
GtkWindow *
berth_files_view_view_file (BerthFilesView *self,
                            const char     *path)
{
  Viewer *viewer;
  GtkWidget *window;
  g_autofree char *source = NULL;
  g_autofree char *cp = NULL;
  g_autofree char *description = NULL;

  g_return_val_if_fail (BERTH_IS_FILES_VIEW (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  viewer = g_new0 (Viewer, 1);
  g_weak_ref_init (&viewer->view, self);
  viewer->path = berth_archive_path_normalize (path);
  viewer->cancellable = g_cancellable_new ();
  source = g_strconcat (_berth_files_view_name (self), ":", viewer->path, NULL);
  cp = berth_shell_join ((const char *[]) { "docker", "cp", source, "-", NULL });
  viewer->command = g_strconcat (cp, " | tar -xO", NULL);

  window = viewer_window_new (self, viewer);
  g_object_set_data_full (G_OBJECT (window), "berth-viewer", viewer, (GDestroyNotify) viewer_free);
  g_signal_connect (window, "destroy", G_CALLBACK (viewer_destroy_cb), viewer);
  description = g_strdup_printf (_("Showed “%s”"), viewer->path);
  berth_container_page_log_command (GTK_WIDGET (self), viewer->command, description);

  berth_archive_read_file_async (_berth_files_view_engine (self), _berth_files_view_container (self),
                                 viewer->path, BERTH_ARCHIVE_TEXT_MAX_SIZE, viewer->cancellable,
                                 read_cb, g_object_ref (window));
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

void
_berth_files_view_class_init_transfers (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "files.download", NULL, download_action);
  gtk_widget_class_install_action (widget_class, "files.upload-files", NULL, upload_files_action);
  gtk_widget_class_install_action (widget_class, "files.upload-folder", NULL, upload_folder_action);
}
