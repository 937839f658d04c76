/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include "berth-row-slots.h"

#include <string.h>

/* GTK 4.8's list views make a row's widgets for one item and throw them
 * away when that item leaves its position: a search that changes what the
 * top of a list shows tears down the 200 rows the view keeps and builds
 * 200 new ones, 7 cells each, in one go (tests/bench: 83 ms for a search
 * that leaves 1,000 of 5,000 containers). Later GTK versions recycle the
 * widgets; this does the same on 4.8.
 *
 * BerthRowSlots stands between a model and its view: its items are slots,
 * one per position, each showing the item now at that position (made when
 * the view asks for one, so only for the rows it builds). When a stretch
 * of the model is replaced, the slots there take the new items (cells
 * follow with their expressions, see berth_row_slot_expression()) and
 * only the difference in length is told to the view, as rows added or
 * removed at the end of the stretch.
 *
 * It is also the selection model (several items), and keeps the selection
 * by item rather than by position: a slot that takes another item shows
 * that item's selection. Items that leave the model leave the selection,
 * as they do from a GtkMultiSelection. */

/* BerthRowSlot ------------------------------------------------------------- */

struct _BerthRowSlot
{
  GObject   parent_instance;

  GObject  *item;
};

enum {
  SLOT_PROP_0,
  SLOT_PROP_ITEM,
  SLOT_N_PROPS
};

static GParamSpec *slot_properties[SLOT_N_PROPS];

G_DEFINE_FINAL_TYPE (BerthRowSlot, berth_row_slot, G_TYPE_OBJECT)

static void
berth_row_slot_finalize (GObject *object)
{
  BerthRowSlot *self = BERTH_ROW_SLOT (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (berth_row_slot_parent_class)->finalize (object);
}

static void
berth_row_slot_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BerthRowSlot *self = BERTH_ROW_SLOT (object);

  switch (prop_id)
    {
    case SLOT_PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_row_slot_class_init (BerthRowSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = berth_row_slot_finalize;
  object_class->get_property = berth_row_slot_get_property;

  slot_properties[SLOT_PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, SLOT_N_PROPS, slot_properties);
}

static void
berth_row_slot_init (BerthRowSlot *self)
{
}

static BerthRowSlot *
slot_new (gpointer item)
{
  BerthRowSlot *slot = g_object_new (BERTH_TYPE_ROW_SLOT, NULL);

  slot->item = item;   /* takes the reference */
  return slot;
}

/* Takes the reference to @item. */
static void
slot_set_item (BerthRowSlot *slot,
               gpointer      item)
{
  if (slot->item == item)
    {
      g_object_unref (item);
      return;
    }

  g_clear_object (&slot->item);
  slot->item = item;
  g_object_notify_by_pspec (G_OBJECT (slot), slot_properties[SLOT_PROP_ITEM]);
}

/**
 * berth_row_slot_get_item:
 *
 * Returns: (transfer none) (type GObject): the item the slot shows now
 */
gpointer
berth_row_slot_get_item (BerthRowSlot *self)
{
  g_return_val_if_fail (BERTH_IS_ROW_SLOT (self), NULL);
  return self->item;
}

/**
 * berth_row_slot_expression:
 *
 * Returns: (transfer full): an expression for the item that the slot of
 *   the GtkListItem it is evaluated on shows, followed as it changes
 */
GtkExpression *
berth_row_slot_expression (void)
{
  GtkExpression *slot = gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item");

  return gtk_property_expression_new (BERTH_TYPE_ROW_SLOT, slot, "item");
}

/* BerthRowSlots ------------------------------------------------------------ */

struct _BerthRowSlots
{
  GObject      parent_instance;

  GListModel  *model;
  GPtrArray   *items;      /* the model's items, one per position */
  GPtrArray   *slots;      /* BerthRowSlot or NULL, one per position: made
                            * when asked for, that is for the rows the view
                            * builds, a few hundred of thousands */
  GHashTable  *selected;   /* items */
};

static void berth_row_slots_list_model_init      (GListModelInterface        *iface);
static void berth_row_slots_selection_model_init (GtkSelectionModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BerthRowSlots, berth_row_slots, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, berth_row_slots_list_model_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL,
                                                      berth_row_slots_selection_model_init))

static GType
berth_row_slots_get_item_type (GListModel *model)
{
  return BERTH_TYPE_ROW_SLOT;
}

static guint
berth_row_slots_get_n_items (GListModel *model)
{
  return BERTH_ROW_SLOTS (model)->items->len;
}

static gpointer
berth_row_slots_list_get_item (GListModel *model,
                               guint       position)
{
  BerthRowSlots *self = BERTH_ROW_SLOTS (model);
  BerthRowSlot *slot;

  if (position >= self->items->len)
    return NULL;

  slot = g_ptr_array_index (self->slots, position);
  if (slot == NULL)
    {
      slot = slot_new (g_object_ref (g_ptr_array_index (self->items, position)));
      g_ptr_array_index (self->slots, position) = slot;
    }
  return g_object_ref (slot);
}

static void
berth_row_slots_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = berth_row_slots_get_item_type;
  iface->get_n_items = berth_row_slots_get_n_items;
  iface->get_item = berth_row_slots_list_get_item;
}

static gboolean
slot_selected (BerthRowSlots *self,
               guint          position)
{
  return g_hash_table_contains (self->selected, g_ptr_array_index (self->items, position));
}

static gboolean
berth_row_slots_is_selected (GtkSelectionModel *model,
                             guint              position)
{
  BerthRowSlots *self = BERTH_ROW_SLOTS (model);

  return position < self->items->len && slot_selected (self, position);
}

static GtkBitset *
berth_row_slots_get_selection_in_range (GtkSelectionModel *model,
                                        guint              position,
                                        guint              n_items)
{
  BerthRowSlots *self = BERTH_ROW_SLOTS (model);
  GtkBitset *bitset = gtk_bitset_new_empty ();
  guint end = MIN (self->items->len, position + n_items);

  if (g_hash_table_size (self->selected) == 0)
    return bitset;

  for (guint i = position; i < end; i++)
    {
      if (slot_selected (self, i))
        gtk_bitset_add (bitset, i);
    }
  return bitset;
}

static gboolean
berth_row_slots_set_selection (GtkSelectionModel *model,
                               GtkBitset         *selected,
                               GtkBitset         *mask)
{
  BerthRowSlots *self = BERTH_ROW_SLOTS (model);
  guint first = G_MAXUINT, last = 0;
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_iter_init_first (&iter, mask, &position))
    {
      do
        {
          gpointer item;
          gboolean changed;

          if (position >= self->items->len)
            break;

          item = g_ptr_array_index (self->items, position);
          if (gtk_bitset_contains (selected, position))
            changed = g_hash_table_add (self->selected, item);
          else
            changed = g_hash_table_remove (self->selected, item);

          if (changed)
            {
              first = MIN (first, position);
              last = MAX (last, position);
            }
        }
      while (gtk_bitset_iter_next (&iter, &position));
    }

  if (first <= last)
    gtk_selection_model_selection_changed (model, first, last - first + 1);
  return TRUE;
}

static void
berth_row_slots_selection_model_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = berth_row_slots_is_selected;
  iface->get_selection_in_range = berth_row_slots_get_selection_in_range;
  iface->set_selection = berth_row_slots_set_selection;
}

/* Makes room for @n entries at @at, NULL. */
static void
open_gap (GPtrArray *array,
          guint      at,
          guint      n)
{
  guint old_len = array->len;

  g_ptr_array_set_size (array, old_len + n);
  memmove (&array->pdata[at + n], &array->pdata[at], (old_len - at) * sizeof (gpointer));
  memset (&array->pdata[at], 0, n * sizeof (gpointer));
}

static void
items_changed_cb (GListModel    *model,
                  guint          position,
                  guint          removed,
                  guint          added,
                  BerthRowSlots *self)
{
  guint common = MIN (removed, added);
  gboolean had_selection = g_hash_table_size (self->selected) > 0;

  /* Items that left the model leave the selection. What arrives in the
   * stretch may be what left it: a move. */
  if (had_selection && removed > 0)
    {
      g_autoptr (GHashTable) arriving = g_hash_table_new (NULL, NULL);

      for (guint i = 0; i < added; i++)
        {
          g_autoptr (GObject) item = g_list_model_get_item (model, position + i);

          g_hash_table_add (arriving, item);
        }
      for (guint i = 0; i < removed; i++)
        {
          gpointer item = g_ptr_array_index (self->items, position + i);

          if (!g_hash_table_contains (arriving, item))
            g_hash_table_remove (self->selected, item);
        }
    }

  /* The common stretch: same positions, other items. */
  for (guint i = 0; i < common; i++)
    {
      GObject *item = g_list_model_get_item (model, position + i);
      BerthRowSlot *slot = g_ptr_array_index (self->slots, position + i);

      g_object_unref (g_ptr_array_index (self->items, position + i));
      g_ptr_array_index (self->items, position + i) = item;
      if (slot != NULL)
        slot_set_item (slot, g_object_ref (item));
    }

  if (removed > common)
    {
      g_ptr_array_remove_range (self->items, position + common, removed - common);
      g_ptr_array_remove_range (self->slots, position + common, removed - common);
    }
  else if (added > common)
    {
      guint at = position + common, n_new = added - common;

      /* One move for thousands of new items, not one per item. */
      open_gap (self->items, at, n_new);
      open_gap (self->slots, at, n_new);
      for (guint i = 0; i < n_new; i++)
        g_ptr_array_index (self->items, at + i) = g_list_model_get_item (model, at + i);
    }

  if (removed != added)
    g_list_model_items_changed (G_LIST_MODEL (self), position + common, removed - common, added - common);
  if (had_selection && common > 0)
    gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), position, common);
}

static void
berth_row_slots_dispose (GObject *object)
{
  BerthRowSlots *self = BERTH_ROW_SLOTS (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (berth_row_slots_parent_class)->dispose (object);
}

static void
berth_row_slots_finalize (GObject *object)
{
  BerthRowSlots *self = BERTH_ROW_SLOTS (object);

  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->selected, g_hash_table_unref);

  G_OBJECT_CLASS (berth_row_slots_parent_class)->finalize (object);
}

static void
berth_row_slots_class_init (BerthRowSlotsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = berth_row_slots_dispose;
  object_class->finalize = berth_row_slots_finalize;
}

static void
clear_slot (gpointer slot)
{
  g_clear_object (&slot);
}

static void
berth_row_slots_init (BerthRowSlots *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->slots = g_ptr_array_new_with_free_func (clear_slot);
  self->selected = g_hash_table_new (NULL, NULL);
}

/**
 * berth_row_slots_new:
 * @model: (transfer full): the items
 */
BerthRowSlots *
berth_row_slots_new (GListModel *model)
{
  BerthRowSlots *self;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (BERTH_TYPE_ROW_SLOTS, NULL);
  self->model = model;
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->items, g_list_model_get_item (model, i));
  g_ptr_array_set_size (self->slots, n);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), self);

  return self;
}

/**
 * berth_row_slots_get_item:
 *
 * Returns: (transfer full) (nullable) (type GObject): the item at @position
 *   (not its slot)
 */
gpointer
berth_row_slots_get_item (BerthRowSlots *self,
                          guint          position)
{
  g_return_val_if_fail (BERTH_IS_ROW_SLOTS (self), NULL);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}
