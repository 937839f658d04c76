/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-container.h"

G_BEGIN_DECLS

char       *berth_format_relative_time  (gint64               unix_time,
                                         gint64               now);
char       *berth_format_size           (gint64               bytes);
const char *berth_format_state          (BerthContainerState  state);
const char *berth_format_state_class    (BerthContainerState  state);
char       *berth_format_status         (const char          *status);
char       *berth_format_ports          (GPtrArray           *ports);
char       *berth_format_list           (const char * const  *items,
                                         guint                max_shown);

G_END_DECLS
