/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-resource.h"

G_BEGIN_DECLS

#define BERTH_TYPE_IMAGE (berth_image_get_type ())

G_DECLARE_FINAL_TYPE (BerthImage, berth_image, BERTH, IMAGE, BerthResource)

BerthImage         *berth_image_new_from_json    (JsonObject  *object,
                                                  GError     **error);
const char * const *berth_image_get_tags         (BerthImage  *self);
const char * const *berth_image_get_digests      (BerthImage  *self);
const char         *berth_image_get_repository   (BerthImage  *self);
const char         *berth_image_get_tag          (BerthImage  *self);
gint64              berth_image_get_created      (BerthImage  *self);
gint64              berth_image_get_size         (BerthImage  *self);
gboolean            berth_image_get_dangling     (BerthImage  *self);
guint               berth_image_get_containers   (BerthImage  *self);
void                berth_image_set_containers   (BerthImage  *self,
                                                  guint        containers);

G_END_DECLS
