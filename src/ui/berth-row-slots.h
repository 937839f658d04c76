/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BERTH_TYPE_ROW_SLOT (berth_row_slot_get_type ())

G_DECLARE_FINAL_TYPE (BerthRowSlot, berth_row_slot, BERTH, ROW_SLOT, GObject)

gpointer        berth_row_slot_get_item   (BerthRowSlot  *self);

#define BERTH_TYPE_ROW_SLOTS (berth_row_slots_get_type ())

G_DECLARE_FINAL_TYPE (BerthRowSlots, berth_row_slots, BERTH, ROW_SLOTS, GObject)

BerthRowSlots  *berth_row_slots_new       (GListModel    *model);
gpointer        berth_row_slots_get_item  (BerthRowSlots *self,
                                           guint          position);

GtkExpression  *berth_row_slot_expression (void);

G_END_DECLS
