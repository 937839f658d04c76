/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>
#include <vte/vte.h>

#include "berth-container-page.h"

G_BEGIN_DECLS

#define BERTH_TYPE_TERMINAL_VIEW (berth_terminal_view_get_type ())

G_DECLARE_FINAL_TYPE (BerthTerminalView, berth_terminal_view, BERTH, TERMINAL_VIEW, GtkWidget)

GtkWidget   *berth_terminal_view_new              (BerthContainerPage *page);
void         berth_terminal_view_set_options      (BerthTerminalView  *self,
                                                   const char         *shell,
                                                   const char         *user,
                                                   const char         *working_dir);
const char  *berth_terminal_view_get_shell        (BerthTerminalView  *self);
void         berth_terminal_view_new_session      (BerthTerminalView  *self);
void         berth_terminal_view_attach           (BerthTerminalView  *self);
gboolean     berth_terminal_view_get_can_attach   (BerthTerminalView  *self);
void         berth_terminal_view_restart_session  (BerthTerminalView  *self);
void         berth_terminal_view_close_session    (BerthTerminalView  *self);
guint        berth_terminal_view_get_n_sessions   (BerthTerminalView  *self);
VteTerminal *berth_terminal_view_get_terminal     (BerthTerminalView  *self);
gboolean     berth_terminal_view_get_running      (BerthTerminalView  *self);
const char  *berth_terminal_view_get_message      (BerthTerminalView  *self);
const char  *berth_terminal_view_get_command      (BerthTerminalView  *self);

/* For every VteTerminal of Berth (logs too). */
void         berth_terminal_apply_style           (VteTerminal        *terminal);
char        *berth_terminal_dup_text              (VteTerminal        *terminal);

G_END_DECLS
