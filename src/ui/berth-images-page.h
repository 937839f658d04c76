/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-resource-page.h"

G_BEGIN_DECLS

#define BERTH_TYPE_IMAGES_PAGE (berth_images_page_get_type ())

G_DECLARE_FINAL_TYPE (BerthImagesPage, berth_images_page, BERTH, IMAGES_PAGE, BerthResourcePage)

G_END_DECLS
