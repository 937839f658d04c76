/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-image.h"
#include "berth-store.h"

G_BEGIN_DECLS

typedef struct _BerthWindow BerthWindow;

/* One image, inside (`docker image inspect` and `docker history`): what it
 * runs, its layers, the containers made from it, and what can be done with
 * it. Shown in the window's content area, with a way back to Images. */

#define BERTH_TYPE_IMAGE_PAGE (berth_image_page_get_type ())

G_DECLARE_FINAL_TYPE (BerthImagePage, berth_image_page, BERTH, IMAGE_PAGE, GtkWidget)

BerthImagePage *berth_image_page_new              (BerthStore     *store,
                                                   BerthImage     *image);
BerthStore     *berth_image_page_get_store        (BerthImagePage *self);
BerthImage     *berth_image_page_get_image        (BerthImagePage *self);
const char     *berth_image_page_get_image_id     (BerthImagePage *self);
const char     *berth_image_page_get_name         (BerthImagePage *self);
gboolean        berth_image_page_get_loaded       (BerthImagePage *self);
gboolean        berth_image_page_get_gone         (BerthImagePage *self);
guint           berth_image_page_get_n_layers     (BerthImagePage *self);
guint           berth_image_page_get_n_containers (BerthImagePage *self);
const char     *berth_image_page_get_config_value (BerthImagePage *self,
                                                   const char     *key);
const char     *berth_image_page_get_error        (BerthImagePage *self);
void            berth_image_page_act              (BerthImagePage *self,
                                                   const char     *verb);

/* Shared by the image dialogs ------------------------------------------------- */

GtkWidget      *berth_command_preview_new         (const char     *description,
                                                   GtkLabel      **label);
GtkWidget      *berth_image_status_label_new      (const char     *css_class);
void            berth_image_report                (GtkWidget      *widget,
                                                   const char     *message,
                                                   const char     *command,
                                                   gboolean        failed);
BerthWindow    *berth_image_find_window           (GtkWidget      *widget);
BerthStore     *berth_image_find_store            (GtkWidget      *widget);

G_END_DECLS
