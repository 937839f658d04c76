/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-pull-progress.h"
#include "berth-window.h"

G_BEGIN_DECLS

#define BERTH_TYPE_PULL_DIALOG (berth_pull_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BerthPullDialog, berth_pull_dialog, BERTH, PULL_DIALOG, AdwWindow)

BerthPullDialog   *berth_pull_dialog_present      (BerthWindow             *window,
                                                   const char              *reference);
void               berth_pull_dialog_set_auth     (BerthPullDialog         *self,
                                                   const BerthRegistryAuth *auth);
void               berth_pull_dialog_set_reference (BerthPullDialog        *self,
                                                   const char              *reference);
void               berth_pull_dialog_submit       (BerthPullDialog         *self);
BerthPullProgress *berth_pull_dialog_get_progress (BerthPullDialog         *self);
const char        *berth_pull_dialog_get_command  (BerthPullDialog         *self);
gboolean           berth_pull_dialog_get_busy     (BerthPullDialog         *self);

G_END_DECLS
