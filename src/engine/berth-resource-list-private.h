/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-resource-list.h"

G_BEGIN_DECLS

/* Merges a full list answer as a refresh would; for unit tests. */
gboolean _berth_resource_list_merge_answer (BerthResourceList  *self,
                                            JsonNode           *root,
                                            GError            **error);

G_END_DECLS
