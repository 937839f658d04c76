/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-operation.h"

G_BEGIN_DECLS

#define BERTH_TYPE_CREATE_DIALOG (berth_create_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BerthCreateDialog, berth_create_dialog, BERTH, CREATE_DIALOG, AdwWindow)

BerthCreateDialog *berth_create_dialog_new           (GtkWindow          *parent,
                                                      BerthOperationKind  kind);
BerthOperation    *berth_create_dialog_get_operation (BerthCreateDialog  *self);
const char        *berth_create_dialog_get_command   (BerthCreateDialog  *self);
const char        *berth_create_dialog_get_error     (BerthCreateDialog  *self);
void               berth_create_dialog_set_field     (BerthCreateDialog  *self,
                                                      const char         *field,
                                                      const char         *value);
void               berth_create_dialog_add_label     (BerthCreateDialog  *self,
                                                      const char         *label);
void               berth_create_dialog_submit        (BerthCreateDialog  *self);

G_END_DECLS
