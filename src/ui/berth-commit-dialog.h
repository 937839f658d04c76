/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-engine.h"

G_BEGIN_DECLS

#define BERTH_TYPE_COMMIT_DIALOG (berth_commit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BerthCommitDialog, berth_commit_dialog, BERTH, COMMIT_DIALOG, AdwWindow)

BerthCommitDialog *berth_commit_dialog_new         (GtkWindow         *parent,
                                                    BerthEngine       *engine,
                                                    const char        *container,
                                                    const char        *name);
void               berth_commit_dialog_set_field   (BerthCommitDialog *self,
                                                    const char        *field,
                                                    const char        *value);
void               berth_commit_dialog_set_pause   (BerthCommitDialog *self,
                                                    gboolean           pause);
const char        *berth_commit_dialog_get_command (BerthCommitDialog *self);
const char        *berth_commit_dialog_get_error   (BerthCommitDialog *self);
gboolean           berth_commit_dialog_get_busy    (BerthCommitDialog *self);
void               berth_commit_dialog_submit      (BerthCommitDialog *self);

G_END_DECLS
