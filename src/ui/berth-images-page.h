/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-resource-page.h"

G_BEGIN_DECLS

#define BERTH_TYPE_IMAGES_PAGE (berth_images_page_get_type ())

G_DECLARE_FINAL_TYPE (BerthImagesPage, berth_images_page, BERTH, IMAGES_PAGE, BerthResourcePage)

/* Which images the list shows. */
typedef enum
{
  BERTH_IMAGES_SHOW_ALL,
  BERTH_IMAGES_SHOW_DANGLING,
  BERTH_IMAGES_SHOW_IN_USE,
  BERTH_IMAGES_SHOW_UNUSED,
} BerthImagesShow;

void berth_images_page_set_show (BerthImagesPage *self,
                                 BerthImagesShow  show);

G_END_DECLS
