/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BERTH_TYPE_COMMAND_ENTRY (berth_command_entry_get_type ())

G_DECLARE_FINAL_TYPE (BerthCommandEntry, berth_command_entry, BERTH, COMMAND_ENTRY, GObject)

const char *berth_command_entry_get_command     (BerthCommandEntry *self);
const char *berth_command_entry_get_description (BerthCommandEntry *self);
gboolean    berth_command_entry_get_failed      (BerthCommandEntry *self);
GDateTime  *berth_command_entry_get_time        (BerthCommandEntry *self);

#define BERTH_TYPE_COMMAND_LOG (berth_command_log_get_type ())

G_DECLARE_FINAL_TYPE (BerthCommandLog, berth_command_log, BERTH, COMMAND_LOG, GObject)

BerthCommandLog *berth_command_log_new      (void);
void             berth_command_log_add      (BerthCommandLog *self,
                                             const char      *command,
                                             const char      *description,
                                             gboolean         failed);
char            *berth_command_log_to_text  (BerthCommandLog *self);

G_END_DECLS
