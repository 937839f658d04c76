/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-lazy-cells.h"
#include "berth-test-util.h"
#include "berth-ui-test-util.h"

/* BerthLazyCells on a plain column view of 1,000 rows: only the rows near
 * the visible ones get widgets, the others keep the row height (so the
 * scroll bar is true), and scrolling or changing the list fills the rows
 * that come into view before they are drawn. */

#define N_ITEMS 1000
#define N_COLUMNS 2

static GtkWindow *window;
static GtkColumnView *view;
static GListStore *store;
static BerthLazyCells *lazy;

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, gtk_label_new (NULL));
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  column)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = g_strdup_printf ("%s %s", gtk_string_object_get_string (item), (char *) column);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

static gboolean
label_is (GtkWidget *widget,
          gpointer   text)
{
  return g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static GtkWidget *
find_label (const char *text)
{
  return berth_ui_find_widget (GTK_WIDGET (view), GTK_TYPE_LABEL, label_is, (gpointer) text);
}

/* Whether @widget is inside the scrolled window's visible area. */
static gboolean
on_screen (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_parent (GTK_WIDGET (view));
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (widget, scroller, &bounds) &&
         bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller);
}

static void
fixture_build (void)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  static const char *names[N_COLUMNS] = { "name", "detail" };

  store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  for (guint i = 0; i < N_ITEMS; i++)
    {
      g_autofree char *text = g_strdup_printf ("item-%04u", i);
      g_autoptr (GtkStringObject) item = gtk_string_object_new (text);

      g_list_store_append (store, item);
    }

  view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (store))))));
  lazy = berth_lazy_cells_new (view);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr (GtkListItemFactory) wrapped = NULL;
      g_autoptr (GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), (gpointer) names[i]);
      wrapped = berth_lazy_cells_wrap (lazy, factory, i == 0);
      column = gtk_column_view_column_new (names[i], g_steal_pointer (&wrapped));
      gtk_column_view_append_column (view, column);
    }

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (view));
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 500, 400);
  gtk_window_set_child (window, scroller);
  gtk_window_present (window);
  berth_ui_wait_for_draw (GTK_WIDGET (window));
}

static void
test_few_filled (void)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  GtkWidget *first = find_label ("item-0000 name");
  guint filled = berth_lazy_cells_get_n_filled (lazy);
  int row_height;

  g_assert_nonnull (first);
  g_assert_true (on_screen (first));
  g_assert_nonnull (find_label ("item-0000 detail"));

  /* GTK 4.8 makes ~200 rows; well under half of them have widgets. */
  g_test_message ("%u cells filled of %u", filled, N_ITEMS * N_COLUMNS);
  g_assert_cmpuint (filled, >, 0);
  g_assert_cmpuint (filled, <, 100 * N_COLUMNS);
  g_assert_null (find_label ("item-0150 name"));

  /* Empty rows are as tall as filled ones: the list is as long as ever. */
  row_height = gtk_widget_get_height (gtk_widget_get_parent (gtk_widget_get_parent (first)));
  g_assert_cmpint (row_height, >, 0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >=, 0.95 * row_height * N_ITEMS);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), <=, 1.05 * row_height * N_ITEMS);
}

/* Paging down to the middle: every frame shows its rows filled, none
 * empty. (A jump by thousands of pixels at once is not followed by GTK
 * 4.8's list view itself, lazy cells or not; a scroll bar drag moves in
 * steps.) */
static void
test_scroll (void)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  double row = gtk_adjustment_get_upper (adjustment) / N_ITEMS;
  double page = gtk_adjustment_get_page_size (adjustment);
  guint steps = 0;

  g_assert_cmpfloat (page, >, 0);
  for (double value = page; value < 500 * row; value += page, steps++)
    {
      guint top = (guint) (value / row) + 1;
      guint bottom = (guint) ((value + page) / row) - 1;
      g_autofree char *top_text = NULL;
      g_autofree char *bottom_text = NULL;
      GtkWidget *label;

      gtk_adjustment_set_value (adjustment, value);
      berth_ui_wait_for_draw (GTK_WIDGET (window));

      top_text = g_strdup_printf ("item-%04u detail", top);
      bottom_text = g_strdup_printf ("item-%04u name", bottom);
      label = find_label (top_text);
      g_assert_nonnull (label);
      g_assert_true (on_screen (label));
      label = find_label (bottom_text);
      g_assert_nonnull (label);
      g_assert_true (on_screen (label));
    }
  g_assert_cmpuint (steps, >, 10);
  berth_ui_save_png (GTK_WIDGET (window), "lazy-cells-scrolled.png");
}

/* A taller window shows more rows: they are filled too. */
static void
test_resize (void)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  GtkWidget *label;

  /* Row 25 is below the first page and its margin. */
  g_assert_null (find_label ("item-0025 detail"));

  gtk_window_set_default_size (window, 500, 1000);
  berth_test_wait_until (gtk_adjustment_get_page_size (adjustment) > 900, 5000);
  berth_ui_wait_for_draw (GTK_WIDGET (window));

  label = find_label ("item-0025 detail");
  g_assert_nonnull (label);
  g_assert_true (on_screen (label));
}

/* A changed list fills its new rows near the view too. */
static void
test_list_changes (void)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_autoptr (GtkStringObject) fresh = gtk_string_object_new ("fresh");

  gtk_adjustment_set_value (adjustment, 0);
  berth_ui_wait_for_draw (GTK_WIDGET (window));
  g_list_store_remove_all (store);
  for (guint i = 0; i < N_ITEMS; i++)
    g_list_store_append (store, fresh);
  berth_ui_wait_for_draw (GTK_WIDGET (window));

  g_assert_nonnull (find_label ("fresh name"));
  g_assert_null (find_label ("item-0000 name"));
  g_assert_cmpuint (berth_lazy_cells_get_n_filled (lazy), <, 100 * N_COLUMNS);
}

/* A list that grows from one row to a thousand in one change, as when a
 * search that showed one row is cleared, fills only the rows near the
 * view: the adjustment still tells the old length then, and must not make
 * a row seem a fraction of a pixel high. */
static void
test_grow_at_once (void)
{
  g_autoptr (GPtrArray) many = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GtkStringObject) one = gtk_string_object_new ("single");

  /* One by one: the previous test left the same item many times over,
   * which GTK does not want removed in one change. */
  while (g_list_model_get_n_items (G_LIST_MODEL (store)) > 0)
    g_list_store_remove (store, g_list_model_get_n_items (G_LIST_MODEL (store)) - 1);
  g_list_store_append (store, one);
  berth_ui_wait_for_draw (GTK_WIDGET (window));
  g_assert_nonnull (find_label ("single name"));

  for (guint i = 0; i < N_ITEMS; i++)
    g_ptr_array_add (many, gtk_string_object_new (i == 0 ? "grown-top" : "grown"));
  g_list_store_splice (store, 0, 1, many->pdata, many->len);
  berth_ui_wait_for_draw (GTK_WIDGET (window));

  g_assert_nonnull (find_label ("grown-top name"));
  g_assert_true (on_screen (find_label ("grown-top name")));
  g_assert_cmpuint (berth_lazy_cells_get_n_filled (lazy), <, 100 * N_COLUMNS);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkApplication) app = berth_ui_test_init (&argc, &argv);
  int status;

  fixture_build ();
  g_test_add_func ("/lazy-cells/few-filled", test_few_filled);
  g_test_add_func ("/lazy-cells/resize", test_resize);
  g_test_add_func ("/lazy-cells/scroll", test_scroll);
  g_test_add_func ("/lazy-cells/list-changes", test_list_changes);
  g_test_add_func ("/lazy-cells/grow-at-once", test_grow_at_once);
  status = g_test_run ();

  gtk_window_destroy (window);
  g_clear_object (&lazy);
  g_clear_object (&store);
  return status;
}
