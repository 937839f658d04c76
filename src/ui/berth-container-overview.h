/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-container-page.h"

G_BEGIN_DECLS

#define BERTH_TYPE_CONTAINER_OVERVIEW (berth_container_overview_get_type ())

G_DECLARE_FINAL_TYPE (BerthContainerOverview, berth_container_overview, BERTH, CONTAINER_OVERVIEW, GtkWidget)

GtkWidget  *berth_container_overview_new              (BerthContainerPage     *page);
gboolean    berth_container_overview_get_loaded       (BerthContainerOverview *self);
const char *berth_container_overview_get_value        (BerthContainerOverview *self,
                                                       const char             *key);
void        berth_container_overview_set_env_revealed (BerthContainerOverview *self,
                                                       gboolean                revealed);

G_END_DECLS
