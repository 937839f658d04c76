/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-registry-auth.h"
#include "berth-run-spec.h"
#include "berth-window.h"

G_BEGIN_DECLS

#define BERTH_TYPE_RUN_DIALOG (berth_run_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BerthRunDialog, berth_run_dialog, BERTH, RUN_DIALOG, AdwWindow)

BerthRunDialog *berth_run_dialog_new               (BerthWindow             *window);
BerthRunDialog *berth_run_dialog_present           (BerthWindow             *window,
                                                    const char              *image);
void            berth_run_dialog_set_image         (BerthRunDialog          *self,
                                                    const char              *image);
gboolean        berth_run_dialog_paste_command     (BerthRunDialog          *self,
                                                    const char              *line);
void            berth_run_dialog_set_registry_auth (BerthRunDialog          *self,
                                                    const BerthRegistryAuth *auth);
void            berth_run_dialog_submit            (BerthRunDialog          *self);
BerthRunSpec   *berth_run_dialog_get_spec          (BerthRunDialog          *self);
const char     *berth_run_dialog_get_command       (BerthRunDialog          *self);
const char     *berth_run_dialog_get_error         (BerthRunDialog          *self);
guint           berth_run_dialog_get_n_problems    (BerthRunDialog          *self);
gboolean        berth_run_dialog_get_busy          (BerthRunDialog          *self);

G_END_DECLS
