/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-resource.h"

G_BEGIN_DECLS

#define BERTH_TYPE_VOLUME (berth_volume_get_type ())

G_DECLARE_FINAL_TYPE (BerthVolume, berth_volume, BERTH, VOLUME, BerthResource)

BerthVolume        *berth_volume_new_from_json (JsonObject   *object,
                                                GError      **error);
const char         *berth_volume_get_name      (BerthVolume  *self);
const char         *berth_volume_get_driver    (BerthVolume  *self);
const char         *berth_volume_get_mountpoint (BerthVolume *self);
gint64              berth_volume_get_created   (BerthVolume  *self);
const char * const *berth_volume_get_labels    (BerthVolume  *self);
gboolean            berth_volume_get_anonymous (BerthVolume  *self);
const char * const *berth_volume_get_used_by   (BerthVolume  *self);
void                berth_volume_set_used_by   (BerthVolume  *self,
                                                char        **used_by);

G_END_DECLS
