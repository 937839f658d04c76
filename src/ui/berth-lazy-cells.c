/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include "berth-lazy-cells.h"

/* GTK 4.8's column view builds 200 rows whenever its list changes (on
 * start-up, at each search keystroke), wherever the view is scrolled, and
 * their widgets are most of the time Berth takes to show or filter a long
 * list (tests/bench). Later GTK versions build only the rows on screen.
 *
 * This does the same on 4.8: each column's factory is wrapped so that a
 * cell only gets its widgets (the column's own "setup" and "bind") when
 * its row is near the visible part of the list, within half a page above
 * or below; farther rows are empty, one cell of each holding the row's
 * height so that the scroll bar stays true. Scrolling, resizing and list
 * changes fill the rows that come near, before the frame that shows them.
 * A filled cell stays filled. A short list, all of it near the visible
 * area, is filled at once as before. */

#define DEFAULT_ROW_HEIGHT 40   /* until a row has been filled */
#define DEFAULT_PAGE_HEIGHT 1200  /* when the window's size is not known either */

struct _BerthLazyCells
{
  GObject        parent_instance;

  GtkColumnView *view;            /* weak */
  GtkAdjustment *adjustment;
  GHashTable    *waiting;         /* GtkListItem → Cell, bound but empty */
  guint          n_filled;
  GtkListItem   *sample;          /* weak: a filled cell of the height column */
  guint          tick_id;
  int            spacer_height;   /* 0 until measured */
  int            row_height;      /* a filled row's, 0 until measured */
};

G_DEFINE_FINAL_TYPE (BerthLazyCells, berth_lazy_cells, G_TYPE_OBJECT)

typedef struct
{
  GtkListItemFactory *inner;
  gboolean            keeps_height;
} Column;

typedef struct
{
  Column   *column;
  gboolean  filled;
} Cell;

static GQuark cell_quark;

static void
column_free (gpointer  data,
             GClosure *closure)
{
  Column *column = data;

  g_object_unref (column->inner);
  g_free (column);
}

/* Before the view is laid out: no taller than its window will be. */
static double
guess_page_height (BerthLazyCells *self)
{
  GtkRoot *root = self->view ? gtk_widget_get_root (GTK_WIDGET (self->view)) : NULL;
  int width = -1, height = -1;

  /* Both out arguments: GTK 4.8 writes to them without checking. */
  if (GTK_IS_WINDOW (root))
    gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
  return height > 0 ? height : DEFAULT_PAGE_HEIGHT;
}

/* The rows at most this far from the visible area are filled. */
static void
wanted_range (BerthLazyCells *self,
              guint          *first,
              guint          *last)
{
  double value = 0, page = 0, upper = 0, row = DEFAULT_ROW_HEIGHT;
  guint n_items = 0;
  GtkSelectionModel *model = self->view ? gtk_column_view_get_model (self->view) : NULL;

  if (model != NULL)
    n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
  if (self->adjustment != NULL)
    {
      value = gtk_adjustment_get_value (self->adjustment);
      page = gtk_adjustment_get_page_size (self->adjustment);
      upper = gtk_adjustment_get_upper (self->adjustment);
    }
  if (page <= 0)
    page = guess_page_height (self);
  /* A measured row rather than the adjustment: right after the list grew,
   * its upper still tells the old length, and a row would seem tiny
   * (after a search that showed one row is cleared: all 200 rows filled). */
  if (self->row_height > 0)
    row = self->row_height;
  else if (upper > 0 && n_items > 0)
    row = MAX (upper / n_items, 1);

  *first = (guint) MAX (0, (value - page / 2) / row);
  *last = (guint) ((value + page * 1.5) / row) + 1;
}

static void
fill (BerthLazyCells *self,
      GtkListItem    *list_item,
      Cell           *cell)
{
  if (!cell->filled)
    {
      cell->filled = TRUE;
      self->n_filled++;
      g_signal_emit_by_name (cell->column->inner, "setup", list_item);
    }
  g_signal_emit_by_name (cell->column->inner, "bind", list_item);

  if (cell->column->keeps_height && self->sample == NULL)
    g_set_weak_pointer (&self->sample, list_item);
}

static int
height_of (GtkWidget *widget)
{
  int height;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);
  return height;
}

/* What an empty cell needs to hold for its row to be as tall as a filled
 * one: the filled row's height less its cell's padding. */
static int
spacer_height (BerthLazyCells *self)
{
  GtkWidget *child, *cell, *row;

  if (self->spacer_height > 0)
    return self->spacer_height;

  if (self->sample == NULL ||
      (child = gtk_list_item_get_child (self->sample)) == NULL ||
      (cell = gtk_widget_get_parent (child)) == NULL ||
      (row = gtk_widget_get_parent (cell)) == NULL)
    return DEFAULT_ROW_HEIGHT;

  self->row_height = height_of (row);
  self->spacer_height = MAX (1, self->row_height - (height_of (cell) - height_of (child)));
  return self->spacer_height;
}

static void
keep_height (BerthLazyCells *self,
             GtkListItem    *list_item)
{
  GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_set_size_request (spacer, -1, spacer_height (self));
  gtk_list_item_set_child (list_item, spacer);
}

/* Fills the waiting cells that are now near the visible area. */
static void
update (BerthLazyCells *self)
{
  g_autoptr (GPtrArray) due = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint first, last;

  if (g_hash_table_size (self->waiting) == 0)
    return;

  wanted_range (self, &first, &last);
  g_hash_table_iter_init (&iter, self->waiting);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint position = gtk_list_item_get_position (key);

      if (position >= first && position <= last)
        {
          if (due == NULL)
            due = g_ptr_array_new ();
          g_ptr_array_add (due, key);
          g_hash_table_iter_remove (&iter);
        }
    }

  for (guint i = 0; due != NULL && i < due->len; i++)
    {
      GtkListItem *list_item = g_ptr_array_index (due, i);

      fill (self, list_item, g_object_get_qdata (G_OBJECT (list_item), cell_quark));
    }
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  BerthLazyCells *self = user_data;

  self->tick_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/* The adjustment changes while the view is being laid out, too, when no
 * widget may be added; the frame's update phase comes before its layout,
 * so rows scrolled to are filled before they are drawn. */
static void
adjustment_changed_cb (BerthLazyCells *self)
{
  if (self->tick_id == 0 && self->view != NULL && g_hash_table_size (self->waiting) > 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->view), tick_cb, self, NULL);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          Column                   *column)
{
  Cell *cell = g_new0 (Cell, 1);

  cell->column = column;
  g_object_set_qdata_full (G_OBJECT (list_item), cell_quark, cell, g_free);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         BerthLazyCells           *self)
{
  Cell *cell = g_object_get_qdata (G_OBJECT (list_item), cell_quark);
  guint position = gtk_list_item_get_position (list_item);
  guint first, last;

  wanted_range (self, &first, &last);
  if (cell->filled || (position >= first && position <= last))
    {
      fill (self, list_item, cell);
      return;
    }

  if (cell->column->keeps_height && gtk_list_item_get_child (list_item) == NULL)
    keep_height (self, list_item);
  g_hash_table_add (self->waiting, list_item);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           BerthLazyCells           *self)
{
  Cell *cell = g_object_get_qdata (G_OBJECT (list_item), cell_quark);

  if (!g_hash_table_remove (self->waiting, list_item) && cell->filled)
    g_signal_emit_by_name (cell->column->inner, "unbind", list_item);
}

static void
teardown_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             BerthLazyCells           *self)
{
  Cell *cell = g_object_get_qdata (G_OBJECT (list_item), cell_quark);

  g_hash_table_remove (self->waiting, list_item);
  if (cell != NULL && cell->filled)
    {
      g_signal_emit_by_name (cell->column->inner, "teardown", list_item);
      self->n_filled--;
    }
  g_object_set_qdata (G_OBJECT (list_item), cell_quark, NULL);
}

static void
set_adjustment (BerthLazyCells *self)
{
  GtkAdjustment *adjustment = self->view ? gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view)) : NULL;

  if (adjustment == self->adjustment)
    return;

  if (self->adjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->adjustment, self);
  g_set_object (&self->adjustment, adjustment);
  if (adjustment != NULL)
    {
      g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (adjustment, "changed", G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);
    }
}

static void
model_changed (BerthLazyCells *self)
{
  GtkSelectionModel *model = gtk_column_view_get_model (self->view);

  /* Rows move when items come or go above them. */
  if (model != NULL)
    g_signal_connect_object (model, "items-changed", G_CALLBACK (update), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
berth_lazy_cells_dispose (GObject *object)
{
  BerthLazyCells *self = BERTH_LAZY_CELLS (object);

  if (self->adjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->adjustment, self);
  g_clear_object (&self->adjustment);
  if (self->tick_id != 0 && self->view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->view), self->tick_id);
  self->tick_id = 0;
  g_clear_weak_pointer (&self->view);
  g_clear_weak_pointer (&self->sample);
  g_hash_table_remove_all (self->waiting);

  G_OBJECT_CLASS (berth_lazy_cells_parent_class)->dispose (object);
}

static void
berth_lazy_cells_finalize (GObject *object)
{
  BerthLazyCells *self = BERTH_LAZY_CELLS (object);

  g_hash_table_unref (self->waiting);

  G_OBJECT_CLASS (berth_lazy_cells_parent_class)->finalize (object);
}

static void
berth_lazy_cells_class_init (BerthLazyCellsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = berth_lazy_cells_dispose;
  object_class->finalize = berth_lazy_cells_finalize;

  cell_quark = g_quark_from_static_string ("berth-lazy-cell");
}

static void
berth_lazy_cells_init (BerthLazyCells *self)
{
  self->waiting = g_hash_table_new (NULL, NULL);
}

/**
 * berth_lazy_cells_new:
 * @view: the column view whose columns will be wrapped
 */
BerthLazyCells *
berth_lazy_cells_new (GtkColumnView *view)
{
  BerthLazyCells *self;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);

  self = g_object_new (BERTH_TYPE_LAZY_CELLS, NULL);
  g_set_weak_pointer (&self->view, view);
  g_signal_connect_object (view, "notify::vadjustment", G_CALLBACK (set_adjustment), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "notify::model", G_CALLBACK (model_changed), self, G_CONNECT_SWAPPED);
  set_adjustment (self);
  if (gtk_column_view_get_model (view) != NULL)
    model_changed (self);

  return self;
}

/**
 * berth_lazy_cells_wrap:
 * @factory: (transfer full): a column's GtkSignalListItemFactory
 * @keeps_height: whether this column's empty cells hold the row's height
 *   (one column of the view should)
 *
 * Returns: (transfer full): the factory to give the column instead
 */
GtkListItemFactory *
berth_lazy_cells_wrap (BerthLazyCells     *self,
                       GtkListItemFactory *factory,
                       gboolean            keeps_height)
{
  GtkListItemFactory *wrapper;
  Column *column;

  g_return_val_if_fail (BERTH_IS_LAZY_CELLS (self), NULL);
  g_return_val_if_fail (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (factory), NULL);

  column = g_new0 (Column, 1);
  column->inner = factory;
  column->keeps_height = keeps_height;

  wrapper = gtk_signal_list_item_factory_new ();
  g_signal_connect_data (wrapper, "setup", G_CALLBACK (setup_cb), column, column_free, 0);
  g_signal_connect_object (wrapper, "bind", G_CALLBACK (bind_cb), self, 0);
  g_signal_connect_object (wrapper, "unbind", G_CALLBACK (unbind_cb), self, 0);
  g_signal_connect_object (wrapper, "teardown", G_CALLBACK (teardown_cb), self, 0);

  return wrapper;
}

/* How many cells have their widgets, for tests. */
guint
berth_lazy_cells_get_n_filled (BerthLazyCells *self)
{
  g_return_val_if_fail (BERTH_IS_LAZY_CELLS (self), 0);
  return self->n_filled;
}
