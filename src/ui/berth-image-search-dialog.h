/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-pull-progress.h"

G_BEGIN_DECLS

#define BERTH_TYPE_IMAGE_SEARCH_DIALOG (berth_image_search_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BerthImageSearchDialog, berth_image_search_dialog, BERTH, IMAGE_SEARCH_DIALOG, AdwWindow)

BerthImageSearchDialog *berth_image_search_dialog_new          (GtkWindow              *parent);
void                    berth_image_search_dialog_search       (BerthImageSearchDialog *self,
                                                                const char             *term);
void                    berth_image_search_dialog_pull         (BerthImageSearchDialog *self,
                                                                const char             *name);
gboolean                berth_image_search_dialog_get_busy     (BerthImageSearchDialog *self);
guint                   berth_image_search_dialog_get_n_results (BerthImageSearchDialog *self);
const char             *berth_image_search_dialog_get_view     (BerthImageSearchDialog *self);
const char             *berth_image_search_dialog_get_error    (BerthImageSearchDialog *self);
const char             *berth_image_search_dialog_get_command  (BerthImageSearchDialog *self);
BerthPullProgress      *berth_image_search_dialog_get_progress (BerthImageSearchDialog *self);

G_END_DECLS
