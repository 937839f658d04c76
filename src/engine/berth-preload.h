/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "berth-endpoint.h"

G_BEGIN_DECLS

#define BERTH_TYPE_PRELOAD (berth_preload_get_type ())

G_DECLARE_FINAL_TYPE (BerthPreload, berth_preload, BERTH, PRELOAD, GObject)

BerthPreload  *berth_preload_new          (const char     *address);
BerthEndpoint *berth_preload_get_endpoint (BerthPreload   *self);
gboolean       berth_preload_get_done     (BerthPreload   *self);
GPtrArray     *berth_preload_get_containers (BerthPreload *self);

G_END_DECLS
