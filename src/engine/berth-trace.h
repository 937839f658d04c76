/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean berth_trace_enabled (void);
void     berth_trace_mark    (const char *mark,
                              const char *format,
                              ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
