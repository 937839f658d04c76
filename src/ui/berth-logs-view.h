/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>
#include <vte/vte.h>

#include "berth-container-page.h"

G_BEGIN_DECLS

#define BERTH_TYPE_LOGS_VIEW (berth_logs_view_get_type ())

G_DECLARE_FINAL_TYPE (BerthLogsView, berth_logs_view, BERTH, LOGS_VIEW, GtkWidget)

GtkWidget   *berth_logs_view_new                (BerthContainerPage  *page);
VteTerminal *berth_logs_view_get_terminal       (BerthLogsView       *self);
char        *berth_logs_view_dup_text           (BerthLogsView       *self);
const char  *berth_logs_view_get_command        (BerthLogsView       *self);
const char  *berth_logs_view_get_state_text     (BerthLogsView       *self);
guint64      berth_logs_view_get_lines_received (BerthLogsView       *self);
guint64      berth_logs_view_get_lines_dropped  (BerthLogsView       *self);
guint64      berth_logs_view_get_lines_queued   (BerthLogsView       *self);
gboolean     berth_logs_view_get_idle           (BerthLogsView       *self);
void         berth_logs_view_set_options        (BerthLogsView       *self,
                                                 gboolean             follow,
                                                 gboolean             timestamps,
                                                 gint64               tail,
                                                 const char          *since);
void         berth_logs_view_start_search       (BerthLogsView       *self);
gboolean     berth_logs_view_search             (BerthLogsView       *self,
                                                 const char          *text,
                                                 gboolean             backwards);
void         berth_logs_view_save_async         (BerthLogsView       *self,
                                                 GFile               *file,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean     berth_logs_view_save_finish        (BerthLogsView       *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
