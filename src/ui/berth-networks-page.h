/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-resource-page.h"

G_BEGIN_DECLS

#define BERTH_TYPE_NETWORKS_PAGE (berth_networks_page_get_type ())

G_DECLARE_FINAL_TYPE (BerthNetworksPage, berth_networks_page, BERTH, NETWORKS_PAGE, BerthResourcePage)

G_END_DECLS
