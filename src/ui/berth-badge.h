/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "berth-container.h"

G_BEGIN_DECLS

#define BERTH_TYPE_BADGE (berth_badge_get_type ())

G_DECLARE_FINAL_TYPE (BerthBadge, berth_badge, BERTH, BADGE, GtkWidget)

GtkWidget *berth_badge_new       (void);
void       berth_badge_set_state (BerthBadge          *self,
                                  BerthContainerState  state);

G_END_DECLS
