/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-resource-page.h"

G_BEGIN_DECLS

#define BERTH_TYPE_CONTAINERS_PAGE (berth_containers_page_get_type ())

G_DECLARE_FINAL_TYPE (BerthContainersPage, berth_containers_page, BERTH, CONTAINERS_PAGE, BerthResourcePage)

void berth_containers_page_set_show_stopped (BerthContainersPage *self,
                                             gboolean             show_stopped);

G_END_DECLS
