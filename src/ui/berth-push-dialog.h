/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-image.h"
#include "berth-pull-progress.h"

G_BEGIN_DECLS

#define BERTH_TYPE_PUSH_DIALOG (berth_push_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BerthPushDialog, berth_push_dialog, BERTH, PUSH_DIALOG, AdwWindow)

BerthPushDialog   *berth_push_dialog_new            (GtkWindow       *parent,
                                                     BerthImage      *image,
                                                     const char      *reference);
void               berth_push_dialog_set_reference  (BerthPushDialog *self,
                                                     const char      *reference);
const char        *berth_push_dialog_get_reference  (BerthPushDialog *self);
void               berth_push_dialog_submit         (BerthPushDialog *self);
BerthPullProgress *berth_push_dialog_get_progress   (BerthPushDialog *self);
gboolean           berth_push_dialog_get_busy       (BerthPushDialog *self);
gboolean           berth_push_dialog_get_done       (BerthPushDialog *self);
gboolean           berth_push_dialog_get_has_auth   (BerthPushDialog *self);
const char        *berth_push_dialog_get_error      (BerthPushDialog *self);
const char        *berth_push_dialog_get_login_text (BerthPushDialog *self);
const char        *berth_push_dialog_get_command    (BerthPushDialog *self);

G_END_DECLS
