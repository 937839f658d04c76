/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkApplication *berth_ui_test_init          (int          *argc,
                                             char       ***argv);
GtkWidget      *berth_ui_find_widget        (GtkWidget    *root,
                                             GType         type,
                                             gboolean    (*match) (GtkWidget *widget,
                                                                   gpointer   data),
                                             gpointer      data);
GtkWindow      *berth_ui_find_toplevel      (GType         type);
void            berth_ui_wait_for_draw      (GtkWidget    *widget);
void            berth_ui_save_png           (GtkWidget    *widget,
                                             const char   *name);

G_END_DECLS
