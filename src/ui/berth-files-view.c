/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-files-view-private.h"
#include "berth-shell.h"
#include "berth-spinner.h"
#include "berth-window.h"

/* The Files tab: a container's filesystem, one folder at a time, running
 * or not (`docker exec … ls` or `docker cp …:FOLDER -`), with what can be
 * copied in and out (berth-files-view-transfer.c). A folder's entries
 * arrive in batches and are shown as they come; opening another folder
 * cancels the listing on its way. */

G_DEFINE_FINAL_TYPE (BerthFilesView, berth_files_view, GTK_TYPE_WIDGET)

typedef enum
{
  COLUMN_NAME,
  COLUMN_SIZE,
  COLUMN_MODE,
  COLUMN_OWNER,
  COLUMN_MODIFIED,
  COLUMN_LINK,
} Column;

/* Shared with the transfers ------------------------------------------------------ */

BerthEngine *
_berth_files_view_engine (BerthFilesView *self)
{
  return berth_container_page_get_engine (self->page);
}

const char *
_berth_files_view_container (BerthFilesView *self)
{
  return berth_container_page_get_container_id (self->page);
}

const char *
_berth_files_view_name (BerthFilesView *self)
{
  return berth_container_page_get_name (self->page);
}

gboolean
_berth_files_view_gone (BerthFilesView *self)
{
  return berth_container_page_get_gone (self->page);
}

void
_berth_files_view_show_message (BerthFilesView *self,
                                const char     *message,
                                gboolean        error)
{
  g_free (self->message);
  self->message = g_strdup (message);

  if (message == NULL)
    {
      gtk_revealer_set_reveal_child (self->message_revealer, FALSE);
      return;
    }

  gtk_label_set_label (self->message_label, message);
  gtk_image_set_from_icon_name (self->message_icon, error ? "dialog-warning-symbolic" : "dialog-information-symbolic");
  if (error)
    gtk_widget_add_css_class (self->message_box, "error");
  else
    gtk_widget_remove_css_class (self->message_box, "error");
  gtk_revealer_set_reveal_child (self->message_revealer, TRUE);
}

/* A failed action goes to the history too, marked as failed. */
void
_berth_files_view_log_failure (BerthFilesView *self,
                               const char     *command,
                               const char     *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (BERTH_IS_WINDOW (root) && command != NULL)
    berth_command_log_add (berth_window_get_command_log (BERTH_WINDOW (root)), command, message, TRUE);
}

static void
dismiss_message_cb (BerthFilesView *self)
{
  _berth_files_view_show_message (self, NULL, FALSE);
}

/* The selected entry, or NULL. */
BerthFileEntry *
_berth_files_view_get_selected (BerthFilesView *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

void
_berth_files_view_update_actions (BerthFilesView *self)
{
  BerthFileEntry *selected = _berth_files_view_get_selected (self);
  gboolean gone = _berth_files_view_gone (self);
  gboolean busy = self->transfer_cancellable != NULL;
  gboolean can_upload;
  g_autofree char *download_tip = NULL;
  const char *target;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "files.go-up", g_strcmp0 (self->path, "/") != 0 && !gone);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "files.go-back", self->previous_path != NULL && !gone);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "files.refresh", !gone);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "files.open", !gone);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "files.open-selected", selected != NULL && !gone);
  /* The selection, or else the folder shown, once it is known to exist. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "files.download",
                                 !busy && !gone && (selected != NULL || (self->loaded && self->error == NULL)));
  can_upload = !busy && !gone && self->loaded && self->error == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "files.upload-files", can_upload);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "files.upload-folder", can_upload);
  gtk_widget_set_sensitive (self->upload_button, can_upload);
  /* A blue button that does nothing would look like one that does. */
  if (can_upload)
    gtk_widget_add_css_class (self->upload_button, "suggested-action");
  else
    gtk_widget_remove_css_class (self->upload_button, "suggested-action");

  if (selected != NULL && berth_file_entry_get_kind (selected) != BERTH_FILE_KIND_DIRECTORY &&
      berth_file_entry_get_kind (selected) != BERTH_FILE_KIND_SYMLINK)
    gtk_widget_set_tooltip_text (self->open_button, _("Show the selected file’s text"));
  else
    gtk_widget_set_tooltip_text (self->open_button, _("Open the selected folder, or show the selected file’s text"));

  target = selected ? berth_file_entry_get_path (selected) : self->path;
  /* Translators: %s is a path in the container */
  download_tip = g_strdup_printf (_("Copy “%s” to this computer (docker cp)"), target ? target : "/");
  gtk_widget_set_tooltip_text (self->download_button, download_tip);
  gtk_widget_set_tooltip_text (self->upload_button, _("Copy files or a folder from this computer into this folder (docker cp). You can also drop them here."));
}

/* Columns ------------------------------------------------------------------------ */

static const char *
entry_icon (BerthFileEntry *entry)
{
  switch (berth_file_entry_get_kind (entry))
    {
    case BERTH_FILE_KIND_DIRECTORY:
      return "folder-symbolic";
    case BERTH_FILE_KIND_SYMLINK:
      return "insert-link-symbolic";
    case BERTH_FILE_KIND_FILE:
      return (berth_file_entry_get_mode (entry) & 0111) ? "application-x-executable-symbolic"
                                                        : "text-x-generic-symbolic";
    case BERTH_FILE_KIND_OTHER:
    default:
      return "emblem-system-symbolic";
    }
}

static char *
format_owner (BerthFileEntry *entry)
{
  const char *user = berth_file_entry_get_user (entry);
  const char *group = berth_file_entry_get_group (entry);
  gint64 uid = berth_file_entry_get_uid (entry);
  gint64 gid = berth_file_entry_get_gid (entry);
  g_autofree char *user_text = user ? g_strdup (user) : uid >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, uid) : NULL;
  g_autofree char *group_text = group ? g_strdup (group) : gid >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, gid) : NULL;

  if (user_text == NULL)
    return g_strdup ("");
  if (group_text == NULL)
    return g_steal_pointer (&user_text);
  return g_strconcat (user_text, ":", group_text, NULL);
}

static char *
format_modified (BerthFileEntry *entry)
{
  gint64 mtime = berth_file_entry_get_mtime (entry);
  g_autoptr (GDateTime) time = NULL;

  if (mtime <= 0 || (time = g_date_time_new_from_unix_local (mtime)) == NULL)
    return g_strdup ("");
  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

static char *
cell_text (BerthFileEntry *entry,
           Column          column)
{
  switch (column)
    {
    case COLUMN_SIZE:
      if (berth_file_entry_get_kind (entry) != BERTH_FILE_KIND_FILE)
        return g_strdup ("");
      return g_format_size (berth_file_entry_get_size (entry));
    case COLUMN_MODE:
      return g_strdup (berth_file_entry_get_mode_string (entry));
    case COLUMN_OWNER:
      return format_owner (entry);
    case COLUMN_MODIFIED:
      return format_modified (entry);
    case COLUMN_LINK:
      return g_strdup (berth_file_entry_get_link_target (entry) ? berth_file_entry_get_link_target (entry) : "");
    case COLUMN_NAME:
    default:
      return g_strdup (berth_file_entry_get_name (entry));
    }
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_SIZE ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), column == COLUMN_LINK ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (column == COLUMN_SIZE || column == COLUMN_MODIFIED)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_MODE)
    gtk_widget_add_css_class (label, "monospace");
  if (column == COLUMN_LINK || column == COLUMN_MODIFIED || column == COLUMN_OWNER)
    gtk_widget_add_css_class (label, "dim-label");

  if (column == COLUMN_NAME)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_item_set_child (item, box);
      return;
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  Column column = GPOINTER_TO_UINT (user_data);
  BerthFileEntry *entry = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  g_autofree char *text = cell_text (entry, column);

  if (column == COLUMN_NAME)
    {
      GtkWidget *icon = gtk_widget_get_first_child (child);

      gtk_image_set_from_icon_name (GTK_IMAGE (icon), entry_icon (entry));
      child = gtk_widget_get_next_sibling (icon);
    }
  gtk_label_set_label (GTK_LABEL (child), text);
}

static int
compare_text (const char *a,
              const char *b)
{
  int result = g_ascii_strcasecmp (a ? a : "", b ? b : "");

  return result != 0 ? result : g_strcmp0 (a, b);
}

static int
compare_numbers (gint64 a,
                 gint64 b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  BerthFileEntry *x = (BerthFileEntry *) a;
  BerthFileEntry *y = (BerthFileEntry *) b;
  int result;

  switch ((Column) GPOINTER_TO_UINT (user_data))
    {
    case COLUMN_SIZE:
      result = compare_numbers ((gint64) berth_file_entry_get_size (x), (gint64) berth_file_entry_get_size (y));
      break;
    case COLUMN_MODE:
      result = g_strcmp0 (berth_file_entry_get_mode_string (x), berth_file_entry_get_mode_string (y));
      break;
    case COLUMN_OWNER:
      {
        g_autofree char *ox = format_owner (x);
        g_autofree char *oy = format_owner (y);

        result = compare_text (ox, oy);
      }
      break;
    case COLUMN_MODIFIED:
      result = compare_numbers (berth_file_entry_get_mtime (x), berth_file_entry_get_mtime (y));
      break;
    case COLUMN_LINK:
      result = compare_text (berth_file_entry_get_link_target (x), berth_file_entry_get_link_target (y));
      break;
    case COLUMN_NAME:
    default:
      result = 0;
      break;
    }

  if (result == 0)
    result = compare_text (berth_file_entry_get_name (x), berth_file_entry_get_name (y));
  return gtk_ordering_from_cmpfunc (result);
}

/* Folders first, whatever the column sort. */
static int
compare_folders_first (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  gboolean x = berth_file_entry_get_kind ((BerthFileEntry *) a) == BERTH_FILE_KIND_DIRECTORY;
  gboolean y = berth_file_entry_get_kind ((BerthFileEntry *) b) == BERTH_FILE_KIND_DIRECTORY;

  return x == y ? GTK_ORDERING_EQUAL : x ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
}

static GtkColumnViewColumn *
add_column (BerthFilesView *self,
            const char     *title,
            Column          column,
            gboolean        expand,
            int             width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkColumnViewColumn) view_column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GUINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GUINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (view_column,
                                     GTK_SORTER (gtk_custom_sorter_new (compare_entries, GUINT_TO_POINTER (column), NULL)));
  g_object_unref (gtk_column_view_column_get_sorter (view_column));
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, expand);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (view_column, width);
  gtk_column_view_append_column (self->column_view, view_column);
  return view_column;
}

static void
setup_columns (BerthFilesView *self)
{
  GtkColumnViewColumn *name;
  GtkMultiSorter *sorter = gtk_multi_sorter_new ();

  name = add_column (self, _("Name"), COLUMN_NAME, TRUE, -1);
  add_column (self, _("Size"), COLUMN_SIZE, FALSE, 100);
  add_column (self, _("Permissions"), COLUMN_MODE, FALSE, 120);
  add_column (self, _("Owner"), COLUMN_OWNER, FALSE, 130);
  add_column (self, _("Modified"), COLUMN_MODIFIED, FALSE, 150);
  add_column (self, _("Links To"), COLUMN_LINK, TRUE, -1);

  gtk_multi_sorter_append (sorter, GTK_SORTER (gtk_custom_sorter_new (compare_folders_first, NULL, NULL)));
  gtk_multi_sorter_append (sorter, g_object_ref (gtk_column_view_get_sorter (self->column_view)));

  self->store = g_list_store_new (BERTH_TYPE_FILE_ENTRY);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->store)), GTK_SORTER (sorter));
  /* Thousands of entries are sorted a bit at a time, not in one go. */
  gtk_sort_list_model_set_incremental (self->sort_model, TRUE);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_sort_by_column (self->column_view, name, GTK_SORT_ASCENDING);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (_berth_files_view_update_actions),
                           self, G_CONNECT_SWAPPED);
}

/* Breadcrumbs and the command ------------------------------------------------------ */

static void
update_crumbs (BerthFilesView *self)
{
  g_autoptr (GPtrArray) crumbs = berth_archive_path_breadcrumbs (self->path);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->crumbs_box))) != NULL)
    gtk_box_remove (self->crumbs_box, child);

  for (guint i = 0; i < crumbs->len; i++)
    {
      BerthPathCrumb *crumb = g_ptr_array_index (crumbs, i);
      GtkWidget *widget;

      if (i > 0)
        {
          GtkWidget *separator = g_object_new (GTK_TYPE_LABEL, "label", "›",
                                               "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

          gtk_widget_add_css_class (separator, "dim-label");
          gtk_box_append (self->crumbs_box, separator);
        }

      if (i + 1 == crumbs->len)
        {
          widget = gtk_label_new (crumb->label);
          gtk_widget_add_css_class (widget, "files-crumb-current");
        }
      else
        {
          widget = gtk_button_new_with_label (crumb->label);
          gtk_widget_add_css_class (widget, "flat");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (widget), "files.open");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (widget), "s", crumb->path);
          gtk_widget_set_tooltip_text (widget, crumb->path);
        }
      gtk_widget_add_css_class (widget, "files-crumb");
      gtk_box_append (self->crumbs_box, widget);
    }
}

static gboolean
container_running (BerthFilesView *self)
{
  BerthContainerState state = berth_container_get_state (berth_container_page_get_container (self->page));

  return state == BERTH_CONTAINER_STATE_RUNNING;
}

/* What lists the folder from a terminal: ls inside a running container,
 * otherwise the folder's archive, as the engine sends it here. */
static void
update_command (BerthFilesView *self)
{
  const char *name = _berth_files_view_name (self);
  gboolean exec = self->loaded ? self->method == BERTH_ARCHIVE_LIST_METHOD_EXEC : container_running (self);

  g_free (self->command);
  if (exec)
    {
      const char *argv[] = { "docker", "exec", name, "ls", "-la", self->path, NULL };

      self->command = berth_shell_join (argv);
    }
  else
    {
      g_autofree char *source = g_strconcat (name, ":", self->path, NULL);
      const char *argv[] = { "docker", "cp", source, "-", NULL };
      g_autofree char *cp = berth_shell_join (argv);

      self->command = g_strconcat (cp, " | tar -tv", NULL);
    }

  gtk_label_set_label (self->command_label, self->command);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->command_copy), "s", self->command);
}

static void
update_state (BerthFilesView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *text = NULL;

  if (_berth_files_view_gone (self))
    text = g_strdup (_("The container no longer exists. What was listed stays until you go back."));
  else if (!self->loaded && n == 0)
    /* Translators: %s is a folder in the container */
    text = g_strdup_printf (_("Reading “%s”…"), self->path);
  else if (!self->loaded)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Reading “%s”… %u item so far",
                                         "Reading “%s”… %u items so far", n), self->path, n);
  else if (self->error != NULL)
    text = g_strdup ("");
  else if (self->method == BERTH_ARCHIVE_LIST_METHOD_EXEC)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item, listed inside the running container",
                                         "%u items, listed inside the running container", n), n);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item, read from the container’s filesystem",
                                         "%u items, read from the container’s filesystem", n), n);

  gtk_label_set_label (self->state_label, text);
  gtk_label_set_label (self->loading_label, text);
}

/* Listing ----------------------------------------------------------------------------- */

typedef struct
{
  BerthFilesView *self;
  GCancellable   *cancellable;
} ListRequest;

static void
list_request_clear (ListRequest *request)
{
  g_clear_object (&request->self);
  g_clear_object (&request->cancellable);
}

static void
list_request_release (gpointer data)
{
  g_rc_box_release_full (data, (GDestroyNotify) list_request_clear);
}

static void
entries_cb (GPtrArray *entries,
            gpointer   user_data)
{
  ListRequest *request = user_data;
  BerthFilesView *self = request->self;

  if (g_cancellable_is_cancelled (request->cancellable))
    return;

  g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                       entries->pdata, entries->len);
  if (entries->len > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  update_state (self);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ListRequest *request = user_data;
  BerthFilesView *self = request->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthFileEntry) folder = NULL;
  BerthArchiveListMethod method = BERTH_ARCHIVE_LIST_METHOD_ARCHIVE;

  folder = berth_archive_list_finish (BERTH_ENGINE (object), result, &method, &error);
  if (g_cancellable_is_cancelled (request->cancellable))
    {
      list_request_release (request);
      return;
    }

  g_clear_object (&self->list_cancellable);
  berth_spinner_stop (self->spinner);
  self->loaded = TRUE;
  self->method = method;

  if (folder == NULL)
    {
      self->error = g_strdup (error->message);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      g_free (self->previous_path);
      self->previous_path = g_strdup (self->path);
      gtk_stack_set_visible_child_name (self->stack,
                                        g_list_model_get_n_items (G_LIST_MODEL (self->store)) ? "list" : "empty");
    }

  update_command (self);
  update_state (self);
  _berth_files_view_update_actions (self);
  list_request_release (request);
}

static void
start_listing (BerthFilesView *self)
{
  ListRequest *request;

  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();

  g_list_store_remove_all (self->store);
  g_clear_pointer (&self->error, g_free);
  self->loaded = FALSE;
  self->started = TRUE;
  berth_spinner_start_later (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  update_command (self);
  update_state (self);
  _berth_files_view_update_actions (self);

  request = g_rc_box_new0 (ListRequest);
  request->self = g_object_ref (self);
  request->cancellable = g_object_ref (self->list_cancellable);
  berth_archive_list_async (_berth_files_view_engine (self), _berth_files_view_container (self), self->path,
                            BERTH_ARCHIVE_LIST_DEFAULT,
                            entries_cb, g_rc_box_acquire (request), list_request_release,
                            self->list_cancellable, list_cb, request);
}

/**
 * berth_files_view_open:
 * @path: a folder in the container; a symlink to one opens the folder
 *
 * Shows @path's entries as they come. A path that is not a folder, or
 * not there, says so in the view.
 */
void
berth_files_view_open (BerthFilesView *self,
                       const char     *path)
{
  g_return_if_fail (BERTH_IS_FILES_VIEW (self));
  g_return_if_fail (path != NULL);

  if (_berth_files_view_gone (self))
    return;

  g_free (self->path);
  self->path = berth_archive_path_normalize (path);
  update_crumbs (self);
  start_listing (self);
}

void
berth_files_view_go_up (BerthFilesView *self)
{
  g_autofree char *parent = NULL;

  g_return_if_fail (BERTH_IS_FILES_VIEW (self));

  parent = berth_archive_path_parent (self->path);
  berth_files_view_open (self, parent);
}

void
berth_files_view_refresh (BerthFilesView *self)
{
  g_return_if_fail (BERTH_IS_FILES_VIEW (self));

  if (!_berth_files_view_gone (self))
    start_listing (self);
}

/* Opening entries ------------------------------------------------------------------------ */

typedef struct
{
  BerthFilesView *self;
  char           *path;
  char           *target;
} LinkData;

static void
link_data_free (LinkData *data)
{
  g_clear_object (&data->self);
  g_free (data->path);
  g_free (data->target);
  g_free (data);
}

static void
link_stat_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LinkData *data = user_data;
  BerthFilesView *self = data->self;
  g_autoptr (BerthFileEntry) entry = NULL;
  g_autoptr (GError) error = NULL;

  entry = berth_archive_stat_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ;
  else if (entry == NULL && g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is a link to “%s”, which does not exist"),
                                               data->path, data->target);

      _berth_files_view_show_message (self, text, TRUE);
    }
  else if (entry == NULL)
    _berth_files_view_show_message (self, error->message, TRUE);
  else if (berth_file_entry_get_kind (entry) == BERTH_FILE_KIND_FILE)
    berth_files_view_view_file (self, data->path);
  else
    /* A folder, or a link to another link: the listing follows it. */
    berth_files_view_open (self, data->path);

  link_data_free (data);
}

static void
open_entry (BerthFilesView *self,
            BerthFileEntry *entry)
{
  const char *path = berth_file_entry_get_path (entry);

  switch (berth_file_entry_get_kind (entry))
    {
    case BERTH_FILE_KIND_DIRECTORY:
      berth_files_view_open (self, path);
      break;

    case BERTH_FILE_KIND_FILE:
      berth_files_view_view_file (self, path);
      break;

    case BERTH_FILE_KIND_SYMLINK:
      {
        const char *link = berth_file_entry_get_link_target (entry);
        g_autofree char *parent = berth_archive_path_parent (path);
        LinkData *data = g_new0 (LinkData, 1);

        data->self = g_object_ref (self);
        data->path = g_strdup (path);
        data->target = berth_archive_path_join (link && g_path_is_absolute (link) ? "/" : parent, link);
        berth_archive_stat_async (_berth_files_view_engine (self), _berth_files_view_container (self),
                                  data->target, self->cancellable, link_stat_cb, data);
      }
      break;

    case BERTH_FILE_KIND_OTHER:
    default:
      {
        g_autofree char *text = g_strdup_printf (_("“%s” is a device, pipe or socket: it has no contents to show or copy"),
                                                 path);

        _berth_files_view_show_message (self, text, TRUE);
      }
      break;
    }
}

static void
row_activated_cb (BerthFilesView *self,
                  guint           position)
{
  g_autoptr (BerthFileEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (entry != NULL && !_berth_files_view_gone (self))
    open_entry (self, entry);
}

/* What double-clicking @name in the folder shown does. */
void
berth_files_view_activate (BerthFilesView *self,
                           const char     *name)
{
  BerthFileEntry *entry;

  g_return_if_fail (BERTH_IS_FILES_VIEW (self));

  entry = berth_files_view_lookup (self, name);
  if (entry != NULL)
    open_entry (self, entry);
}

/* Typing a path ---------------------------------------------------------------------------- */

static void
location_toggled_cb (BerthFilesView *self)
{
  gboolean typing = gtk_toggle_button_get_active (self->location_button);

  gtk_stack_set_visible_child_name (self->location_stack, typing ? "entry" : "crumbs");
  if (typing)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->location_entry), self->path);
      gtk_widget_grab_focus (GTK_WIDGET (self->location_entry));
      gtk_editable_set_position (GTK_EDITABLE (self->location_entry), -1);
    }
}

static void
location_activate_cb (BerthFilesView *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->location_entry))));

  if (*text == '\0')
    return;

  gtk_toggle_button_set_active (self->location_button, FALSE);
  berth_files_view_open (self, text);
}

/* Actions ---------------------------------------------------------------------------------- */

static void
go_up_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  berth_files_view_go_up (BERTH_FILES_VIEW (widget));
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BerthFilesView *self = BERTH_FILES_VIEW (widget);
  g_autofree char *previous = g_strdup (self->previous_path ? self->previous_path : "/");

  berth_files_view_open (self, previous);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  berth_files_view_refresh (BERTH_FILES_VIEW (widget));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  berth_files_view_open (BERTH_FILES_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
open_selected_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BerthFilesView *self = BERTH_FILES_VIEW (widget);
  BerthFileEntry *entry = _berth_files_view_get_selected (self);

  if (entry != NULL)
    open_entry (self, entry);
}

static void
location_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BerthFilesView *self = BERTH_FILES_VIEW (widget);

  gtk_toggle_button_set_active (self->location_button, !gtk_toggle_button_get_active (self->location_button));
}

/* The container ------------------------------------------------------------------------------ */

static void
container_changed_cb (BerthFilesView *self)
{
  if (!self->loaded)
    update_command (self);
  update_state (self);
  _berth_files_view_update_actions (self);
}

/* Getters ------------------------------------------------------------------------------------- */

/* The folder shown, normalised, e.g. "/usr/bin". */
const char *
berth_files_view_get_path (BerthFilesView *self)
{
  g_return_val_if_fail (BERTH_IS_FILES_VIEW (self), NULL);
  return self->path;
}

/* Returns: (transfer full): the breadcrumbs as shown, e.g. "/ › usr › bin" */
char *
berth_files_view_dup_breadcrumbs (BerthFilesView *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (BERTH_IS_FILES_VIEW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->crumbs_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *label = GTK_IS_BUTTON (child) ? gtk_button_get_label (GTK_BUTTON (child))
                                                : gtk_label_get_label (GTK_LABEL (child));

      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, label);
    }
  return g_string_free (text, FALSE);
}

/* Whether the listing of the folder shown has ended (maybe in an error). */
gboolean
berth_files_view_get_loaded (BerthFilesView *self)
{
  g_return_val_if_fail (BERTH_IS_FILES_VIEW (self), FALSE);
  return self->loaded;
}

/* Why the folder shown could not be listed, or NULL. */
const char *
berth_files_view_get_error (BerthFilesView *self)
{
  g_return_val_if_fail (BERTH_IS_FILES_VIEW (self), NULL);
  return self->error;
}

/* The message shown above the list (a failed action), or NULL. */
const char *
berth_files_view_get_message (BerthFilesView *self)
{
  g_return_val_if_fail (BERTH_IS_FILES_VIEW (self), NULL);
  return self->message;
}

/* What lists the folder from a terminal, e.g. "docker exec web ls -la /bin". */
const char *
berth_files_view_get_command (BerthFilesView *self)
{
  g_return_val_if_fail (BERTH_IS_FILES_VIEW (self), NULL);
  return self->command;
}

guint
berth_files_view_get_n_items (BerthFilesView *self)
{
  g_return_val_if_fail (BERTH_IS_FILES_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

/* Returns: (transfer none) (nullable): the entry called @name in the folder shown */
BerthFileEntry *
berth_files_view_lookup (BerthFilesView *self,
                         const char     *name)
{
  GListModel *model;

  g_return_val_if_fail (BERTH_IS_FILES_VIEW (self), NULL);

  model = G_LIST_MODEL (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (BerthFileEntry) entry = g_list_model_get_item (model, i);

      if (g_strcmp0 (berth_file_entry_get_name (entry), name) == 0)
        return entry;
    }
  return NULL;
}

/* Selects the row of @name; FALSE when it is not shown. */
gboolean
berth_files_view_select (BerthFilesView *self,
                         const char     *name)
{
  GListModel *model;

  g_return_val_if_fail (BERTH_IS_FILES_VIEW (self), FALSE);

  model = G_LIST_MODEL (self->selection);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (BerthFileEntry) entry = g_list_model_get_item (model, i);

      if (g_strcmp0 (berth_file_entry_get_name (entry), name) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* GObject ---------------------------------------------------------------------------------------- */

static void
berth_files_view_map (GtkWidget *widget)
{
  BerthFilesView *self = BERTH_FILES_VIEW (widget);

  GTK_WIDGET_CLASS (berth_files_view_parent_class)->map (widget);
  if (!self->started && !_berth_files_view_gone (self))
    berth_files_view_open (self, "/");
}

static void
berth_files_view_dispose (GObject *object)
{
  BerthFilesView *self = BERTH_FILES_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  if (self->transfer_cancellable != NULL)
    g_cancellable_cancel (self->transfer_cancellable);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_FILES_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->store);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->transfer_cancellable);
  self->page = NULL;

  G_OBJECT_CLASS (berth_files_view_parent_class)->dispose (object);
}

static void
berth_files_view_finalize (GObject *object)
{
  BerthFilesView *self = BERTH_FILES_VIEW (object);

  g_free (self->path);
  g_free (self->previous_path);
  g_free (self->command);
  g_free (self->error);
  g_free (self->message);
  g_free (self->transfer_command);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (berth_files_view_parent_class)->finalize (object);
}

static void
berth_files_view_class_init (BerthFilesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_files_view_dispose;
  object_class->finalize = berth_files_view_finalize;
  widget_class->map = berth_files_view_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-files-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, location_stack);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, crumbs_box);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, location_entry);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, location_button);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, open_button);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, download_button);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, upload_button);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, message_box);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, message_icon);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, message_label);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, transfer_revealer);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, transfer_label);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, transfer_amount);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, transfer_progress);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, overlay);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, stack);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, spinner);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, loading_label);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, column_view);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, error_page);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, drop_revealer);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, drop_label);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, state_label);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, command_label);
  gtk_widget_class_bind_template_child (widget_class, BerthFilesView, command_copy);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_message_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, location_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, location_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, berth_files_view_cancel_transfer);

  gtk_widget_class_install_action (widget_class, "files.go-up", NULL, go_up_action);
  gtk_widget_class_install_action (widget_class, "files.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "files.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "files.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "files.open-selected", NULL, open_selected_action);
  gtk_widget_class_install_action (widget_class, "files.location", NULL, location_action);
  _berth_files_view_class_init_transfers (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "files.go-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "files.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "files.location", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "filesview");
}

static void
berth_files_view_init (BerthFilesView *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->cancellable = g_cancellable_new ();
  self->path = g_strdup ("/");
  setup_columns (self);
  update_crumbs (self);
  _berth_files_view_init_drop (self);
}

/**
 * berth_files_view_new:
 *
 * The Files tab of @page. It lists "/" when first shown.
 *
 * Returns: (transfer floating): the view
 */
GtkWidget *
berth_files_view_new (BerthContainerPage *page)
{
  BerthFilesView *self;

  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (page), NULL);

  self = g_object_new (BERTH_TYPE_FILES_VIEW, NULL);
  self->page = page;
  g_signal_connect_object (berth_container_page_get_container (page), "notify::state",
                           G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (berth_container_page_get_container (page), "notify::name",
                           G_CALLBACK (update_command), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::gone", G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);

  update_command (self);
  update_state (self);
  _berth_files_view_update_actions (self);
  return GTK_WIDGET (self);
}
