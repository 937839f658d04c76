/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "berth-command-log.h"

G_BEGIN_DECLS

#define BERTH_TYPE_HISTORY_POPOVER (berth_history_popover_get_type ())

G_DECLARE_FINAL_TYPE (BerthHistoryPopover, berth_history_popover, BERTH, HISTORY_POPOVER, GtkPopover)

void berth_history_popover_set_log (BerthHistoryPopover *self,
                                    BerthCommandLog     *log);

G_END_DECLS
