/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-container-page.h"

G_BEGIN_DECLS

#define BERTH_TYPE_PROCESSES_VIEW (berth_processes_view_get_type ())

G_DECLARE_FINAL_TYPE (BerthProcessesView, berth_processes_view, BERTH, PROCESSES_VIEW, GtkWidget)

GtkWidget *berth_processes_view_new             (BerthContainerPage *page);
guint      berth_processes_view_get_n_processes (BerthProcessesView *self);
guint      berth_processes_view_get_n_refreshes (BerthProcessesView *self);
gboolean   berth_processes_view_get_polling     (BerthProcessesView *self);
gboolean   berth_processes_view_lists           (BerthProcessesView *self,
                                                 const char         *command);
void       berth_processes_view_sort_by         (BerthProcessesView *self,
                                                 const char         *title,
                                                 GtkSortType         direction);
char      *berth_processes_view_dup_column      (BerthProcessesView *self,
                                                 const char         *title);

G_END_DECLS
