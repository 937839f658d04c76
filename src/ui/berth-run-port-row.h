/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-run-spec.h"

G_BEGIN_DECLS

#define BERTH_TYPE_RUN_PORT_ROW (berth_run_port_row_get_type ())

G_DECLARE_FINAL_TYPE (BerthRunPortRow, berth_run_port_row, BERTH, RUN_PORT_ROW, AdwPreferencesRow)

GtkWidget    *berth_run_port_row_new          (const BerthRunPort *port);
BerthRunPort *berth_run_port_row_dup_port     (BerthRunPortRow    *self);
void          berth_run_port_row_set_error    (BerthRunPortRow    *self,
                                               const char         *message);
void          berth_run_port_row_set_conflict (BerthRunPortRow    *self,
                                               const char         *message);
const char   *berth_run_port_row_get_message  (BerthRunPortRow    *self);
GtkEditable  *berth_run_port_row_get_entry    (BerthRunPortRow    *self,
                                               const char         *name);

G_END_DECLS
