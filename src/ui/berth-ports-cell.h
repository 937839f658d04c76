/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BERTH_TYPE_PORTS_CELL (berth_ports_cell_get_type ())

G_DECLARE_FINAL_TYPE (BerthPortsCell, berth_ports_cell, BERTH, PORTS_CELL, GtkWidget)

void  berth_ports_cell_set_ports (BerthPortsCell *self,
                                  GPtrArray      *ports);
char *berth_port_uri             (gconstpointer   port);

G_END_DECLS
