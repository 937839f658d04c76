/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-resource.h"

G_BEGIN_DECLS

#define BERTH_TYPE_NETWORK (berth_network_get_type ())

G_DECLARE_FINAL_TYPE (BerthNetwork, berth_network, BERTH, NETWORK, BerthResource)

BerthNetwork       *berth_network_new_from_json    (JsonObject    *object,
                                                    GError       **error);
const char         *berth_network_get_name         (BerthNetwork  *self);
const char         *berth_network_get_driver       (BerthNetwork  *self);
const char         *berth_network_get_scope        (BerthNetwork  *self);
const char * const *berth_network_get_subnets      (BerthNetwork  *self);
const char * const *berth_network_get_gateways     (BerthNetwork  *self);
gboolean            berth_network_get_internal     (BerthNetwork  *self);
gint64              berth_network_get_created      (BerthNetwork  *self);
const char * const *berth_network_get_labels       (BerthNetwork  *self);
gboolean            berth_network_get_builtin      (BerthNetwork  *self);
const char * const *berth_network_get_containers   (BerthNetwork  *self);
void                berth_network_set_containers   (BerthNetwork  *self,
                                                    char         **containers);
gboolean            berth_network_name_is_builtin  (const char    *name);

G_END_DECLS
