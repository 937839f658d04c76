/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-resource-list.h"

G_BEGIN_DECLS

/* Merges a full list answer as a refresh would; for unit tests. */
gboolean _berth_resource_list_merge_answer (BerthResourceList  *self,
                                            JsonNode           *root,
                                            GError            **error);

/* The path that lists every item of @kind. */
const char *_berth_resource_list_get_path (BerthResourceKind kind);

/* Seeds a list not loaded yet with an answer read early (BerthPreload). */
void     _berth_resource_list_preload     (BerthResourceList  *self,
                                            JsonNode           *root);

G_END_DECLS
