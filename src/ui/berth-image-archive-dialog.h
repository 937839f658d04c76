/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-image-archive.h"

G_BEGIN_DECLS

#define BERTH_TYPE_IMAGE_ARCHIVE_DIALOG (berth_image_archive_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BerthImageArchiveDialog, berth_image_archive_dialog, BERTH, IMAGE_ARCHIVE_DIALOG, AdwWindow)

BerthImageArchiveDialog *berth_image_archive_dialog_new           (GtkWindow               *parent,
                                                                   BerthImageArchiveKind    kind,
                                                                   const char * const      *images);
void                     berth_image_archive_dialog_set_kind      (BerthImageArchiveDialog *self,
                                                                   BerthImageArchiveKind    kind);
BerthImageArchiveKind    berth_image_archive_dialog_get_kind      (BerthImageArchiveDialog *self);
void                     berth_image_archive_dialog_set_path      (BerthImageArchiveDialog *self,
                                                                   const char              *path);
const char              *berth_image_archive_dialog_get_path      (BerthImageArchiveDialog *self);
void                     berth_image_archive_dialog_set_reference (BerthImageArchiveDialog *self,
                                                                   const char              *reference);
void                     berth_image_archive_dialog_submit        (BerthImageArchiveDialog *self);
void                     berth_image_archive_dialog_cancel        (BerthImageArchiveDialog *self);
gboolean                 berth_image_archive_dialog_get_busy      (BerthImageArchiveDialog *self);
gboolean                 berth_image_archive_dialog_get_done      (BerthImageArchiveDialog *self);
const char * const      *berth_image_archive_dialog_get_result    (BerthImageArchiveDialog *self);
const char              *berth_image_archive_dialog_get_error     (BerthImageArchiveDialog *self);
const char              *berth_image_archive_dialog_get_command   (BerthImageArchiveDialog *self);

G_END_DECLS
