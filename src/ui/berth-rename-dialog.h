/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-engine.h"

G_BEGIN_DECLS

#define BERTH_TYPE_RENAME_DIALOG (berth_rename_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BerthRenameDialog, berth_rename_dialog, BERTH, RENAME_DIALOG, AdwWindow)

BerthRenameDialog *berth_rename_dialog_new         (GtkWindow         *parent,
                                                    BerthEngine       *engine,
                                                    const char        *container,
                                                    const char        *name);
void               berth_rename_dialog_set_name    (BerthRenameDialog *self,
                                                    const char        *new_name);
const char        *berth_rename_dialog_get_command (BerthRenameDialog *self);
const char        *berth_rename_dialog_get_error   (BerthRenameDialog *self);
gboolean           berth_rename_dialog_get_busy    (BerthRenameDialog *self);
void               berth_rename_dialog_submit      (BerthRenameDialog *self);

G_END_DECLS
