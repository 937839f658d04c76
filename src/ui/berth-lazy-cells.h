/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BERTH_TYPE_LAZY_CELLS (berth_lazy_cells_get_type ())

G_DECLARE_FINAL_TYPE (BerthLazyCells, berth_lazy_cells, BERTH, LAZY_CELLS, GObject)

BerthLazyCells     *berth_lazy_cells_new           (GtkColumnView      *view);
GtkListItemFactory *berth_lazy_cells_wrap          (BerthLazyCells     *self,
                                                    GtkListItemFactory *factory,
                                                    gboolean            keeps_height);
guint               berth_lazy_cells_get_n_filled  (BerthLazyCells     *self);

G_END_DECLS
