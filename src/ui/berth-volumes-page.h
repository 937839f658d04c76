/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-resource-page.h"

G_BEGIN_DECLS

#define BERTH_TYPE_VOLUMES_PAGE (berth_volumes_page_get_type ())

G_DECLARE_FINAL_TYPE (BerthVolumesPage, berth_volumes_page, BERTH, VOLUMES_PAGE, BerthResourcePage)

G_END_DECLS
