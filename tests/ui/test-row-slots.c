/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "berth-row-slots.h"
#include "berth-ui-test-util.h"

/* BerthRowSlots: when a stretch of its model is replaced, the slots there
 * stay (the view keeps their rows) and take the new items; only the
 * difference in length is told. The selection follows items. */

typedef struct
{
  guint calls;
  guint position;
  guint removed;
  guint added;
} Change;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Change     *change)
{
  change->calls++;
  change->position = position;
  change->removed = removed;
  change->added = added;
}

static void
selection_changed_cb (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      Change            *change)
{
  change->calls++;
  change->position = position;
  change->added = n_items;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static GListStore *
store_of (const char *names)
{
  g_auto (GStrv) split = g_strsplit (names, " ", -1);
  GListStore *store = g_list_store_new (GTK_TYPE_STRING_OBJECT);

  for (guint i = 0; split[i] != NULL; i++)
    {
      g_autoptr (GtkStringObject) object = gtk_string_object_new (split[i]);

      g_list_store_append (store, object);
    }
  return store;
}

static void
splice (GListStore *store,
        guint       position,
        guint       n_removals,
        const char *names)
{
  g_autoptr (GListStore) added = store_of (names);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (added)); i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (added), i));
  g_list_store_splice (store, position, n_removals, items->pdata, items->len);
}

static const char *
name_at (BerthRowSlots *slots,
         guint          position)
{
  g_autoptr (GtkStringObject) item = berth_row_slots_get_item (slots, position);

  return item ? gtk_string_object_get_string (item) : NULL;
}

static void
test_replace (void)
{
  g_autoptr (GListStore) store = store_of ("a b c d e");
  g_autoptr (BerthRowSlots) slots = berth_row_slots_new (g_object_ref (G_LIST_MODEL (store)));
  g_autoptr (BerthRowSlot) first = NULL, second = NULL, again = NULL;
  Change change = { 0 };
  guint notified = 0;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 5);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (slots)) == BERTH_TYPE_ROW_SLOT);
  first = g_list_model_get_item (G_LIST_MODEL (slots), 0);
  second = g_list_model_get_item (G_LIST_MODEL (slots), 1);
  g_assert_cmpstr (gtk_string_object_get_string (berth_row_slot_get_item (first)), ==, "a");
  g_signal_connect (slots, "items-changed", G_CALLBACK (items_changed_cb), &change);
  g_signal_connect (second, "notify::item", G_CALLBACK (count_cb), &notified);

  /* Five items become two: the first two slots stay and show them, the
   * other three go. */
  splice (store, 0, 5, "x y");
  g_assert_cmpuint (change.calls, ==, 1);
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (change.removed, ==, 3);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 2);
  again = g_list_model_get_item (G_LIST_MODEL (slots), 0);
  g_assert_true (again == first);
  g_assert_cmpstr (gtk_string_object_get_string (berth_row_slot_get_item (first)), ==, "x");
  g_assert_cmpstr (gtk_string_object_get_string (berth_row_slot_get_item (second)), ==, "y");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (name_at (slots, 1), ==, "y");

  /* Items added after: told as added. */
  splice (store, 2, 0, "p q r");
  g_assert_cmpuint (change.calls, ==, 2);
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 3);
  g_assert_cmpstr (name_at (slots, 4), ==, "r");

  /* Two become one in the middle; one added at the very start. */
  splice (store, 1, 2, "z");
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (change.removed, ==, 1);
  g_assert_cmpstr (name_at (slots, 1), ==, "z");
  g_assert_cmpuint (notified, ==, 2);
  splice (store, 0, 0, "new");
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 5);
  {
    static const char *expected[] = { "new", "x", "z", "q", "r" };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpstr (name_at (slots, i), ==, expected[i]);
  }
  g_assert_null (berth_row_slots_get_item (slots, 5));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (slots), 5));
}

static gboolean
selected (BerthRowSlots *slots,
          guint          position)
{
  return gtk_selection_model_is_selected (GTK_SELECTION_MODEL (slots), position);
}

/* The store's items in a new order, in one change. */
static void
reorder (GListStore  *store,
         const guint *order,
         guint        n)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (store), order[i]));
  g_list_store_splice (store, 0, n, items->pdata, items->len);
}

static void
test_selection (void)
{
  static const guint order[] = { 1, 0, 2, 4, 3 };   /* b a c e d */
  g_autoptr (GListStore) store = store_of ("a b c d e");
  g_autoptr (BerthRowSlots) slots = berth_row_slots_new (g_object_ref (G_LIST_MODEL (store)));
  GtkSelectionModel *model = GTK_SELECTION_MODEL (slots);
  g_autoptr (GtkBitset) bitset = NULL;
  g_autoptr (GObject) d = g_list_model_get_item (G_LIST_MODEL (store), 3);
  Change change = { 0 };

  g_signal_connect (slots, "selection-changed", G_CALLBACK (selection_changed_cb), &change);
  g_assert_true (gtk_selection_model_select_item (model, 1, FALSE));
  g_assert_true (gtk_selection_model_select_item (model, 3, FALSE));
  g_assert_cmpuint (change.calls, ==, 2);
  g_assert_true (selected (slots, 1) && selected (slots, 3));
  g_assert_false (selected (slots, 0) || selected (slots, 2) || selected (slots, 4));

  /* b and d move in one change: the slots stay, the selection moves with
   * the items, and is told for the stretch. */
  change.calls = 0;
  reorder (store, order, G_N_ELEMENTS (order));
  g_assert_cmpstr (name_at (slots, 0), ==, "b");
  g_assert_cmpstr (name_at (slots, 4), ==, "d");
  g_assert_true (selected (slots, 0) && selected (slots, 4));
  g_assert_false (selected (slots, 1) || selected (slots, 2) || selected (slots, 3));
  g_assert_cmpuint (change.calls, ==, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.added, ==, 5);

  /* An item that leaves the model leaves the selection; back, it is not
   * selected. */
  g_list_store_remove (store, 4);
  bitset = gtk_selection_model_get_selection (model);
  g_assert_cmpuint (gtk_bitset_get_size (bitset), ==, 1);
  g_assert_true (gtk_bitset_contains (bitset, 0));
  g_list_store_append (store, d);
  g_assert_false (selected (slots, 4));

  g_assert_true (gtk_selection_model_select_all (model));
  g_clear_pointer (&bitset, gtk_bitset_unref);
  bitset = gtk_selection_model_get_selection (model);
  g_assert_cmpuint (gtk_bitset_get_size (bitset), ==, 5);
  g_assert_true (gtk_selection_model_unselect_all (model));
  g_clear_pointer (&bitset, gtk_bitset_unref);
  bitset = gtk_selection_model_get_selection (model);
  g_assert_true (gtk_bitset_is_empty (bitset));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkApplication) app = berth_ui_test_init (&argc, &argv);

  g_test_add_func ("/row-slots/replace", test_replace);
  g_test_add_func ("/row-slots/selection", test_selection);
  return g_test_run ();
}
