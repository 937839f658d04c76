/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-image.h"

G_BEGIN_DECLS

#define BERTH_TYPE_TAG_DIALOG (berth_tag_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BerthTagDialog, berth_tag_dialog, BERTH, TAG_DIALOG, AdwWindow)

BerthTagDialog *berth_tag_dialog_new          (GtkWindow      *parent,
                                               BerthImage     *image);
void            berth_tag_dialog_set_new_tag  (BerthTagDialog *self,
                                               const char     *tag);
void            berth_tag_dialog_add          (BerthTagDialog *self);
void            berth_tag_dialog_remove       (BerthTagDialog *self,
                                               const char     *tag);
gboolean        berth_tag_dialog_get_busy     (BerthTagDialog *self);
const char     *berth_tag_dialog_get_error    (BerthTagDialog *self);
const char     *berth_tag_dialog_get_command  (BerthTagDialog *self);
guint           berth_tag_dialog_get_n_tags   (BerthTagDialog *self);

G_END_DECLS
