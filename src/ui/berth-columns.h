/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkExpression       *berth_item_property       (GType          item_type,
                                                const char    *property);
GtkExpression       *berth_item_closure        (GType          value_type,
                                                GCallback      callback,
                                                GType          item_type,
                                                const char    *property);
GtkColumnViewColumn *berth_column_new_label    (const char    *title,
                                                GtkExpression *item_expression,
                                                const char    *css_class,
                                                GtkSorter     *sorter);
GtkColumnViewColumn *berth_column_new_widget   (const char    *title,
                                                GtkExpression *item_expression,
                                                GType          widget_type,
                                                const char    *property,
                                                GtkSorter     *sorter);
GtkSorter           *berth_string_sorter_new   (GType          item_type,
                                                const char    *property);
GtkSorter           *berth_numeric_sorter_new  (GType          item_type,
                                                const char    *property);

G_END_DECLS
