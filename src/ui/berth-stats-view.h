/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-container-page.h"
#include "berth-graph.h"

G_BEGIN_DECLS

#define BERTH_TYPE_STATS_VIEW (berth_stats_view_get_type ())

G_DECLARE_FINAL_TYPE (BerthStatsView, berth_stats_view, BERTH, STATS_VIEW, GtkWidget)

GtkWidget  *berth_stats_view_new           (BerthContainerPage *page);
guint       berth_stats_view_get_n_samples (BerthStatsView     *self);
gboolean    berth_stats_view_get_streaming (BerthStatsView     *self);
BerthGraph *berth_stats_view_get_graph     (BerthStatsView     *self,
                                            const char         *name);
const char *berth_stats_view_get_value     (BerthStatsView     *self,
                                            const char         *name);

G_END_DECLS
