/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "berth-container.h"

G_BEGIN_DECLS

#define BERTH_TYPE_CONTAINER_ROW_ACTIONS (berth_container_row_actions_get_type ())

G_DECLARE_FINAL_TYPE (BerthContainerRowActions, berth_container_row_actions, BERTH, CONTAINER_ROW_ACTIONS, GtkWidget)

void berth_container_row_actions_set_container (BerthContainerRowActions *self,
                                                BerthContainer           *container);

G_END_DECLS
