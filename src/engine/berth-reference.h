/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The registry an image comes from when its reference names none. */
#define BERTH_REFERENCE_DEFAULT_REGISTRY "docker.io"

typedef struct _BerthReference BerthReference;

#define BERTH_TYPE_REFERENCE (berth_reference_get_type ())

GType           berth_reference_get_type          (void) G_GNUC_CONST;
BerthReference *berth_reference_parse             (const char           *text,
                                                   GError              **error);
gboolean        berth_reference_validate          (const char           *text,
                                                   GError              **error);
BerthReference *berth_reference_copy              (const BerthReference *self);
void            berth_reference_free              (BerthReference       *self);
const char     *berth_reference_get_registry      (const BerthReference *self);
const char     *berth_reference_get_path          (const BerthReference *self);
const char     *berth_reference_get_familiar_name (const BerthReference *self);
const char     *berth_reference_get_tag           (const BerthReference *self);
gboolean        berth_reference_has_tag           (const BerthReference *self);
const char     *berth_reference_get_digest        (const BerthReference *self);
const char     *berth_reference_to_string         (const BerthReference *self);
char           *berth_reference_to_familiar       (const BerthReference *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthReference, berth_reference_free)

G_END_DECLS
