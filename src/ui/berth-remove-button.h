/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "berth-resource.h"

G_BEGIN_DECLS

#define BERTH_TYPE_REMOVE_BUTTON (berth_remove_button_get_type ())

G_DECLARE_FINAL_TYPE (BerthRemoveButton, berth_remove_button, BERTH, REMOVE_BUTTON, GtkWidget)

void berth_remove_button_set_item (BerthRemoveButton *self,
                                   BerthResource     *item);

G_END_DECLS
