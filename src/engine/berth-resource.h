/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BERTH_TYPE_RESOURCE (berth_resource_get_type ())

G_DECLARE_DERIVABLE_TYPE (BerthResource, berth_resource, BERTH, RESOURCE, GObject)

/**
 * BerthResourceClass:
 * @update_from_json: reads one item of the engine's list answer into the
 *   object, notifying only properties whose value changed
 * @update_from: takes the values of a new object of the same type and id,
 *   made from a newer answer, notifying only properties whose value
 *   changed; it may move values out of @fresh, which is dropped after
 * @matches: whether the object matches a search, already case-folded
 * @get_display_name: how people name it ("web", "nginx:latest")
 */
struct _BerthResourceClass
{
  GObjectClass parent_class;

  gboolean     (*update_from_json) (BerthResource  *self,
                                    JsonObject     *object,
                                    GError        **error);
  void         (*update_from)      (BerthResource  *self,
                                    BerthResource  *fresh);
  gboolean     (*matches)          (BerthResource  *self,
                                    const char     *folded_needle);
  const char  *(*get_display_name) (BerthResource  *self);
};

const char *berth_resource_get_id           (BerthResource  *self);
const char *berth_resource_get_short_id     (BerthResource  *self);
const char *berth_resource_get_display_name (BerthResource  *self);
gboolean    berth_resource_update_from_json (BerthResource  *self,
                                             JsonObject     *object,
                                             GError        **error);
void        berth_resource_update_from      (BerthResource  *self,
                                             BerthResource  *fresh);
gboolean    berth_resource_matches          (BerthResource  *self,
                                             const char     *needle);
gboolean    berth_resource_get_stale        (BerthResource  *self);
void        berth_resource_set_stale        (BerthResource  *self,
                                             gboolean        stale);

/* For subclasses: set a field and notify only when it changed. */
gboolean    berth_resource_set_string       (BerthResource  *self,
                                             char          **field,
                                             const char     *value,
                                             GParamSpec     *pspec);
gboolean    berth_resource_set_strv         (BerthResource  *self,
                                             char         ***field,
                                             char          **value,
                                             GParamSpec     *pspec);
gboolean    berth_resource_set_int64        (BerthResource  *self,
                                             gint64         *field,
                                             gint64          value,
                                             GParamSpec     *pspec);
gboolean    berth_resource_set_boolean      (BerthResource  *self,
                                             gboolean       *field,
                                             gboolean        value,
                                             GParamSpec     *pspec);
gboolean    berth_match_folded              (const char     *haystack,
                                             const char     *folded_needle);

G_END_DECLS
