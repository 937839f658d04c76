/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-run-completion.h"
#include "berth-run-spec.h"

G_BEGIN_DECLS

#define BERTH_TYPE_RUN_MOUNT_ROW (berth_run_mount_row_get_type ())

G_DECLARE_FINAL_TYPE (BerthRunMountRow, berth_run_mount_row, BERTH, RUN_MOUNT_ROW, AdwPreferencesRow)

GtkWidget     *berth_run_mount_row_new         (const BerthRunMount    *mount,
                                                BerthRunCompletionFunc  volume_names,
                                                gpointer                user_data);
BerthRunMount *berth_run_mount_row_dup_mount   (BerthRunMountRow       *self);
void           berth_run_mount_row_set_local   (BerthRunMountRow       *self,
                                                gboolean                local);
void           berth_run_mount_row_set_error   (BerthRunMountRow       *self,
                                                const char             *message,
                                                gboolean                source_only);
const char    *berth_run_mount_row_get_message (BerthRunMountRow       *self);
GtkEditable   *berth_run_mount_row_get_entry   (BerthRunMountRow       *self,
                                                const char             *name);
void           berth_run_mount_row_set_kind    (BerthRunMountRow       *self,
                                                BerthRunMountKind       kind);

G_END_DECLS
