/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Field-by-field readers for engine JSON. A missing or null member gives the
 * default (NULL, 0, FALSE) unless it is required; a member of the wrong type
 * is always an error (BERTH_ENGINE_ERROR_INVALID_DATA) naming the member. */

typedef enum
{
  BERTH_JSON_OPTIONAL = 0,
  BERTH_JSON_REQUIRED = 1,
} BerthJsonPresence;

gboolean    _berth_json_get_string  (JsonObject         *object,
                                     const char         *member,
                                     BerthJsonPresence   presence,
                                     const char        **value,
                                     GError            **error);
gboolean    _berth_json_get_int     (JsonObject         *object,
                                     const char         *member,
                                     BerthJsonPresence   presence,
                                     gint64             *value,
                                     GError            **error);
gboolean    _berth_json_get_boolean (JsonObject         *object,
                                     const char         *member,
                                     gboolean           *value,
                                     GError            **error);
gboolean    _berth_json_get_object  (JsonObject         *object,
                                     const char         *member,
                                     BerthJsonPresence   presence,
                                     JsonObject        **value,
                                     GError            **error);
gboolean    _berth_json_get_array   (JsonObject         *object,
                                     const char         *member,
                                     BerthJsonPresence   presence,
                                     JsonArray         **value,
                                     GError            **error);
gboolean    _berth_json_get_strv    (JsonObject         *object,
                                     const char         *member,
                                     char             ***value,
                                     GError            **error);
gboolean    _berth_json_get_labels  (JsonObject         *object,
                                     const char         *member,
                                     char             ***value,
                                     GError            **error);
gboolean    _berth_json_node_object (JsonNode           *node,
                                     const char         *member,
                                     JsonObject        **value,
                                     GError            **error);
gint64      _berth_json_parse_time  (const char         *iso8601);
JsonNode   *_berth_json_parse_bytes (GBytes             *bytes,
                                     GError            **error);

typedef gboolean (*BerthJsonElementFunc) (JsonNode  *element,
                                          gpointer   user_data,
                                          GError   **error);

JsonNode   *_berth_json_parse_elements (GBytes               *bytes,
                                        BerthJsonElementFunc  func,
                                        gpointer              user_data,
                                        gboolean             *was_array,
                                        GError              **error);
gboolean    _berth_strv_equal       (const char * const *a,
                                     const char * const *b);

G_END_DECLS
