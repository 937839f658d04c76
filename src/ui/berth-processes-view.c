/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-processes-view.h"
#include "berth-shell.h"
#include "berth-top.h"

/* `docker top NAME`: the container's processes as a sortable table, asked
 * again every few seconds, but only while the tab is on screen. Rows are
 * kept by PID and replaced only when they changed, so the sort, the
 * selection and the scroll position survive a refresh. */

#define REFRESH_SECONDS 3

/* One process: its fields, as many as the titles. */
#define BERTH_TYPE_PROCESS_ROW (berth_process_row_get_type ())

G_DECLARE_FINAL_TYPE (BerthProcessRow, berth_process_row, BERTH, PROCESS_ROW, GObject)

struct _BerthProcessRow
{
  GObject   parent_instance;

  char    **fields;
};

G_DEFINE_FINAL_TYPE (BerthProcessRow, berth_process_row, G_TYPE_OBJECT)

static void
berth_process_row_finalize (GObject *object)
{
  g_strfreev (BERTH_PROCESS_ROW (object)->fields);

  G_OBJECT_CLASS (berth_process_row_parent_class)->finalize (object);
}

static void
berth_process_row_class_init (BerthProcessRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = berth_process_row_finalize;
}

static void
berth_process_row_init (BerthProcessRow *self)
{
}

static BerthProcessRow *
berth_process_row_new (char **fields)
{
  BerthProcessRow *self = g_object_new (BERTH_TYPE_PROCESS_ROW, NULL);

  self->fields = g_strdupv (fields);
  return self;
}

static const char *
row_field (BerthProcessRow *row,
           guint            index)
{
  return index < g_strv_length (row->fields) ? row->fields[index] : "";
}

/* The view ------------------------------------------------------------------- */

struct _BerthProcessesView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkStack           *stack;
  AdwStatusPage      *status_page;
  GtkButton          *status_button;
  GtkColumnView      *column_view;
  GtkLabel           *state_label;
  GtkLabel           *command_label;
  GtkWidget          *command_copy;

  /* Borrowed */
  BerthContainerPage *page;

  /* Owned */
  GListStore         *store;
  GtkSortListModel   *sort_model;
  GHashTable         *rows;        /* key -> BerthProcessRow in the store */
  char              **titles;
  char               *command;
  char               *error;
  GCancellable       *cancellable;
  guint               refresh_id;
  guint               n_refreshes;
  gboolean            loading;
  gboolean            logged;
};

G_DEFINE_FINAL_TYPE (BerthProcessesView, berth_processes_view, GTK_TYPE_WIDGET)

static void update_view (BerthProcessesView *self);

static gboolean
container_running (BerthProcessesView *self)
{
  BerthContainerState state = berth_container_get_state (berth_container_page_get_container (self->page));

  return !berth_container_page_get_gone (self->page) &&
         (state == BERTH_CONTAINER_STATE_RUNNING || state == BERTH_CONTAINER_STATE_PAUSED);
}

/* Columns -------------------------------------------------------------------- */

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end;

  if (text == NULL || *text == '\0')
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  return *end == '\0';
}

/* Numbers as numbers (PID, %CPU), the rest as text. */
static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  guint index = GPOINTER_TO_UINT (user_data);
  const char *x = row_field ((BerthProcessRow *) a, index);
  const char *y = row_field ((BerthProcessRow *) b, index);
  double dx, dy;

  if (parse_number (x, &dx) && parse_number (y, &dy))
    return dx < dy ? GTK_ORDERING_SMALLER : dx > dy ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
  return gtk_ordering_from_cmpfunc (g_utf8_collate (x, y));
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  BerthProcessRow *row = gtk_list_item_get_item (item);
  const char *text = row_field (row, GPOINTER_TO_UINT (user_data));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), text);
}

static void
remove_columns (BerthProcessesView *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }
}

static void
set_titles (BerthProcessesView *self,
            char              **titles)
{
  GtkColumnViewColumn *sort_column = NULL;

  if (self->titles != NULL && g_strv_equal ((const char * const *) self->titles, (const char * const *) titles))
    return;

  g_strfreev (self->titles);
  self->titles = g_strdupv (titles);
  remove_columns (self);

  for (guint i = 0; titles[i] != NULL; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, GUINT_TO_POINTER (i), NULL));

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (titles[i], factory);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, titles[i + 1] == NULL);
      gtk_column_view_append_column (self->column_view, column);
      if (g_str_equal (titles[i], "PID"))
        sort_column = column;
      g_object_unref (sorter);
      g_object_unref (column);
    }

  if (sort_column != NULL)
    gtk_column_view_sort_by_column (self->column_view, sort_column, GTK_SORT_ASCENDING);
}

/* Rows ----------------------------------------------------------------------- */

static char *
row_key (BerthTop *top,
         char    **fields)
{
  int pid = berth_top_find_column (top, "PID");

  return pid >= 0 ? g_strdup (fields[pid]) : g_strjoinv ("\t", fields);
}

static void
merge_rows (BerthProcessesView *self,
            BerthTop           *top)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;
  guint position;

  for (guint i = 0; i < top->processes->len; i++)
    {
      char **fields = g_ptr_array_index (top->processes, i);
      g_autofree char *id = row_key (top, fields);
      BerthProcessRow *old = g_hash_table_lookup (self->rows, id);
      g_autoptr (BerthProcessRow) row = NULL;

      g_hash_table_add (seen, g_strdup (id));
      if (old != NULL && g_strv_equal ((const char * const *) old->fields, (const char * const *) fields))
        continue;

      row = berth_process_row_new (fields);
      if (old != NULL && g_list_store_find (self->store, old, &position))
        g_list_store_splice (self->store, position, 1, (gpointer *) &row, 1);
      else
        g_list_store_append (self->store, row);
      g_hash_table_replace (self->rows, g_strdup (id), row);
    }

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_hash_table_contains (seen, key))
        continue;
      if (g_list_store_find (self->store, value, &position))
        g_list_store_remove (self->store, position);
      g_hash_table_iter_remove (&iter);
    }
}

static void
clear_rows (BerthProcessesView *self)
{
  g_hash_table_remove_all (self->rows);
  g_list_store_remove_all (self->store);
}

/* Refreshing ----------------------------------------------------------------- */

static void schedule_refresh (BerthProcessesView *self);

static void
show_count (BerthProcessesView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u process · asked again every %d seconds while this tab is shown · click a column to sort",
                                       "%u processes · asked again every %d seconds while this tab is shown · click a column to sort",
                                       n), n, REFRESH_SECONDS);
  gtk_label_set_label (self->state_label, text);
}

static void
top_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  BerthProcessesView *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthTop) top = NULL;

  top = berth_top_get_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  g_clear_pointer (&self->error, g_free);
  if (top == NULL)
    {
      /* A container that just stopped is not an error to show. */
      if (container_running (self) && !g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONFLICT))
        self->error = g_strdup (error->message);
      update_view (self);
      schedule_refresh (self);
      return;
    }

  self->n_refreshes++;
  set_titles (self, top->titles);
  merge_rows (self, top);
  show_count (self);
  update_view (self);
  schedule_refresh (self);
}

static void
refresh (BerthProcessesView *self)
{
  if (self->loading || !container_running (self))
    return;

  self->loading = TRUE;
  if (!self->logged)
    {
      self->logged = TRUE;
      berth_container_page_log_command (GTK_WIDGET (self), self->command, _("Listed the container’s processes"));
    }
  berth_top_get_async (berth_container_page_get_engine (self->page),
                       berth_container_page_get_container_id (self->page), NULL,
                       self->cancellable, top_cb, self);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  BerthProcessesView *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* The next request a few seconds after an answer: never two at once, and
 * none while the tab is hidden. */
static void
schedule_refresh (BerthProcessesView *self)
{
  if (self->refresh_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)) && container_running (self))
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_timeout_cb, self);
}

static void
show_message (BerthProcessesView *self,
              const char         *title,
              const char         *description,
              const char         *button)
{
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->status_button), button != NULL);
  if (button != NULL)
    gtk_button_set_label (self->status_button, button);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static void
update_view (BerthProcessesView *self)
{
  if (berth_container_page_get_gone (self->page))
    show_message (self, _("The Container No Longer Exists"), _("It was removed, so nothing runs in it."), NULL);
  else if (!container_running (self))
    show_message (self, _("The Container Is Not Running"),
                  _("Its processes ended when it stopped. Start it to see what runs inside."),
                  _("_Start the Container"));
  else if (self->error != NULL)
    show_message (self, _("Could Not List the Processes"), self->error, _("_Try Again"));
  else if (self->n_refreshes == 0)
    show_message (self, _("Listing Processes…"), NULL, NULL);
  else
    gtk_stack_set_visible_child_name (self->stack, "table");

  if (!container_running (self))
    {
      clear_rows (self);
      self->n_refreshes = 0;
      g_clear_handle_id (&self->refresh_id, g_source_remove);
    }
}

static void
container_changed_cb (BerthProcessesView *self)
{
  update_view (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->refresh_id == 0)
    refresh (self);
}

static void
status_button_clicked_cb (BerthProcessesView *self)
{
  if (!container_running (self))
    berth_container_page_act (self->page, "start");
  else
    {
      g_clear_pointer (&self->error, g_free);
      update_view (self);
      refresh (self);
    }
}

/* Public --------------------------------------------------------------------- */

guint
berth_processes_view_get_n_processes (BerthProcessesView *self)
{
  g_return_val_if_fail (BERTH_IS_PROCESSES_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

/* How many answers were shown since the view was made. */
guint
berth_processes_view_get_n_refreshes (BerthProcessesView *self)
{
  g_return_val_if_fail (BERTH_IS_PROCESSES_VIEW (self), 0);
  return self->n_refreshes;
}

/* Whether a refresh is planned or on its way. */
gboolean
berth_processes_view_get_polling (BerthProcessesView *self)
{
  g_return_val_if_fail (BERTH_IS_PROCESSES_VIEW (self), FALSE);
  return self->refresh_id != 0;
}

/* Whether a process whose command (the last column) contains @command is listed. */
gboolean
berth_processes_view_lists (BerthProcessesView *self,
                            const char         *command)
{
  g_autofree char *column = NULL;

  g_return_val_if_fail (BERTH_IS_PROCESSES_VIEW (self), FALSE);

  if (self->titles == NULL || self->titles[0] == NULL)
    return FALSE;
  column = berth_processes_view_dup_column (self, self->titles[g_strv_length (self->titles) - 1]);
  return column != NULL && strstr (column, command) != NULL;
}

/* Returns: (nullable): the column's values in the order shown, one a line */
char *
berth_processes_view_dup_column (BerthProcessesView *self,
                                 const char         *title)
{
  GString *text;
  int index = -1;

  g_return_val_if_fail (BERTH_IS_PROCESSES_VIEW (self), NULL);

  for (guint i = 0; self->titles && self->titles[i]; i++)
    if (g_str_equal (self->titles[i], title))
      index = i;
  if (index < 0)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)); i++)
    {
      g_autoptr (BerthProcessRow) row = g_list_model_get_item (G_LIST_MODEL (self->sort_model), i);

      g_string_append_printf (text, "%s\n", row_field (row, index));
    }
  return g_string_free (text, FALSE);
}

void
berth_processes_view_sort_by (BerthProcessesView *self,
                              const char         *title,
                              GtkSortType         direction)
{
  GListModel *columns;

  g_return_if_fail (BERTH_IS_PROCESSES_VIEW (self));

  columns = gtk_column_view_get_columns (self->column_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        gtk_column_view_sort_by_column (self->column_view, column, direction);
    }
}

/* GObject -------------------------------------------------------------------- */

static void
berth_processes_view_map (GtkWidget *widget)
{
  BerthProcessesView *self = BERTH_PROCESSES_VIEW (widget);

  GTK_WIDGET_CLASS (berth_processes_view_parent_class)->map (widget);
  update_view (self);
  refresh (self);
}

static void
berth_processes_view_unmap (GtkWidget *widget)
{
  BerthProcessesView *self = BERTH_PROCESSES_VIEW (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  GTK_WIDGET_CLASS (berth_processes_view_parent_class)->unmap (widget);
}

static void
berth_processes_view_dispose (GObject *object)
{
  BerthProcessesView *self = BERTH_PROCESSES_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_PROCESSES_VIEW);
  /* Children without an id in the template are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (berth_processes_view_parent_class)->dispose (object);
}

static void
berth_processes_view_finalize (GObject *object)
{
  BerthProcessesView *self = BERTH_PROCESSES_VIEW (object);

  g_hash_table_unref (self->rows);
  g_strfreev (self->titles);
  g_free (self->command);
  g_free (self->error);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (berth_processes_view_parent_class)->finalize (object);
}

static void
berth_processes_view_class_init (BerthProcessesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_processes_view_dispose;
  object_class->finalize = berth_processes_view_finalize;
  widget_class->map = berth_processes_view_map;
  widget_class->unmap = berth_processes_view_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-processes-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthProcessesView, stack);
  gtk_widget_class_bind_template_child (widget_class, BerthProcessesView, status_page);
  gtk_widget_class_bind_template_child (widget_class, BerthProcessesView, status_button);
  gtk_widget_class_bind_template_child (widget_class, BerthProcessesView, column_view);
  gtk_widget_class_bind_template_child (widget_class, BerthProcessesView, state_label);
  gtk_widget_class_bind_template_child (widget_class, BerthProcessesView, command_label);
  gtk_widget_class_bind_template_child (widget_class, BerthProcessesView, command_copy);
  gtk_widget_class_bind_template_callback (widget_class, status_button_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
berth_processes_view_init (BerthProcessesView *self)
{
  GtkLayoutManager *layout;
  g_autoptr (GtkSelectionModel) selection = NULL;
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  self->cancellable = g_cancellable_new ();
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->store = g_list_store_new (BERTH_TYPE_PROCESS_ROW);
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->store)),
                                              sorter ? g_object_ref (sorter) : NULL);
  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model))));
  gtk_column_view_set_model (self->column_view, selection);
}

GtkWidget *
berth_processes_view_new (BerthContainerPage *page)
{
  BerthProcessesView *self;
  g_autofree char *quoted = NULL;

  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (page), NULL);

  self = g_object_new (BERTH_TYPE_PROCESSES_VIEW, NULL);
  self->page = page;
  quoted = berth_shell_quote (berth_container_page_get_name (page));
  self->command = g_strdup_printf ("docker top %s", quoted);
  gtk_label_set_label (self->command_label, self->command);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->command_copy), "s", self->command);

  g_signal_connect_object (berth_container_page_get_container (page), "notify::state",
                           G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::gone", G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);
  update_view (self);
  return GTK_WIDGET (self);
}
