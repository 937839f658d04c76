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

GPtrArray  *_berth_resource_list_items_from_answer (BerthResourceKind   kind,
                                                   JsonNode           *root,
                                                   GError            **error);
GPtrArray  *_berth_resource_list_items_from_body   (BerthResourceKind   kind,
                                                   GBytes             *body,
                                                   GError            **item_error,
                                                   GError            **error);

/* Seeds a list not loaded yet with items read early (BerthPreload). */
void        _berth_resource_list_preload           (BerthResourceList  *self,
                                                   GPtrArray          *items);

G_END_DECLS
