/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-container-page.h"

G_BEGIN_DECLS

#define BERTH_TYPE_CONTAINER_TOOLS (berth_container_tools_get_type ())

G_DECLARE_FINAL_TYPE (BerthContainerTools, berth_container_tools, BERTH, CONTAINER_TOOLS, GtkWidget)

GtkWidget *berth_container_tools_new     (BerthContainerPage  *page);
GtkWindow *berth_container_tools_present (BerthContainerTools *self,
                                          const char          *verb);

G_END_DECLS
