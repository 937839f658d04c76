/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  BERTH_GRAPH_FORMAT_PERCENT,
  BERTH_GRAPH_FORMAT_BYTES,
  BERTH_GRAPH_FORMAT_BYTES_PER_SECOND,
} BerthGraphFormat;

#define BERTH_TYPE_GRAPH (berth_graph_get_type ())

G_DECLARE_FINAL_TYPE (BerthGraph, berth_graph, BERTH, GRAPH, GtkWidget)

GtkWidget *berth_graph_new             (BerthGraphFormat  format);
guint      berth_graph_add_series      (BerthGraph       *self,
                                        const char       *label,
                                        const char       *color);
void       berth_graph_add_point       (BerthGraph       *self,
                                        guint             series,
                                        gint64            time,
                                        double            value);
void       berth_graph_set_span        (BerthGraph       *self,
                                        gint64            span);
void       berth_graph_set_minimum_top (BerthGraph       *self,
                                        double            minimum_top);
void       berth_graph_clear           (BerthGraph       *self);
guint      berth_graph_get_n_points    (BerthGraph       *self,
                                        guint             series);
double     berth_graph_get_top         (BerthGraph       *self);
char      *berth_graph_format_value    (BerthGraphFormat  format,
                                        double            value);

G_END_DECLS
