/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-engine.h"

G_BEGIN_DECLS

#define BERTH_TYPE_EXPORT_DIALOG (berth_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BerthExportDialog, berth_export_dialog, BERTH, EXPORT_DIALOG, AdwWindow)

BerthExportDialog *berth_export_dialog_new         (GtkWindow         *parent,
                                                    BerthEngine       *engine,
                                                    const char        *container,
                                                    const char        *name);
void               berth_export_dialog_set_path    (BerthExportDialog *self,
                                                    const char        *local_path);
const char        *berth_export_dialog_get_command (BerthExportDialog *self);
const char        *berth_export_dialog_get_error   (BerthExportDialog *self);
gboolean           berth_export_dialog_get_busy    (BerthExportDialog *self);
void               berth_export_dialog_submit      (BerthExportDialog *self);
void               berth_export_dialog_cancel      (BerthExportDialog *self);

G_END_DECLS
