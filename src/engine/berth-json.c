/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-json-private.h"

static gboolean
wrong_type (const char  *member,
            const char  *expected,
            GError     **error)
{
  g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
               _("The engine sent “%s” as something other than %s"),
               member, expected);
  return FALSE;
}

/* Looks a member up. Returns FALSE with @error set when a required member
 * is absent; *node is NULL when it is absent or null. */
static gboolean
lookup (JsonObject         *object,
        const char         *member,
        BerthJsonPresence   presence,
        JsonNode          **node,
        GError            **error)
{
  JsonNode *found = object != NULL ? json_object_get_member (object, member) : NULL;

  if (found != NULL && JSON_NODE_HOLDS_NULL (found))
    found = NULL;

  if (found == NULL && presence == BERTH_JSON_REQUIRED)
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                   _("The engine’s answer lacks “%s”"), member);
      return FALSE;
    }

  *node = found;
  return TRUE;
}

gboolean
_berth_json_get_string (JsonObject         *object,
                        const char         *member,
                        BerthJsonPresence   presence,
                        const char        **value,
                        GError            **error)
{
  JsonNode *node;

  *value = NULL;
  if (!lookup (object, member, presence, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (member, _("text"), error);

  *value = json_node_get_string (node);
  return TRUE;
}

gboolean
_berth_json_get_int (JsonObject         *object,
                     const char         *member,
                     BerthJsonPresence   presence,
                     gint64             *value,
                     GError            **error)
{
  JsonNode *node;
  GType type;

  *value = 0;
  if (!lookup (object, member, presence, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return wrong_type (member, _("a number"), error);

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = (gint64) json_node_get_double (node);
  else
    return wrong_type (member, _("a number"), error);

  return TRUE;
}

gboolean
_berth_json_get_boolean (JsonObject  *object,
                         const char  *member,
                         gboolean    *value,
                         GError     **error)
{
  JsonNode *node;

  *value = FALSE;
  if (!lookup (object, member, BERTH_JSON_OPTIONAL, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (member, _("true or false"), error);

  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
_berth_json_get_object (JsonObject         *object,
                        const char         *member,
                        BerthJsonPresence   presence,
                        JsonObject        **value,
                        GError            **error)
{
  JsonNode *node;

  *value = NULL;
  if (!lookup (object, member, presence, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (member, _("an object"), error);

  *value = json_node_get_object (node);
  return TRUE;
}

gboolean
_berth_json_get_array (JsonObject         *object,
                       const char         *member,
                       BerthJsonPresence   presence,
                       JsonArray         **value,
                       GError            **error)
{
  JsonNode *node;

  *value = NULL;
  if (!lookup (object, member, presence, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (member, _("a list"), error);

  *value = json_node_get_array (node);
  return TRUE;
}

/* An element of the list @member that must be an object. */
gboolean
_berth_json_node_object (JsonNode    *node,
                         const char  *member,
                         JsonObject **value,
                         GError     **error)
{
  *value = NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (member, _("a list of objects"), error);

  *value = json_node_get_object (node);
  return TRUE;
}

/* An array of strings; a missing member gives an empty vector. */
gboolean
_berth_json_get_strv (JsonObject   *object,
                      const char   *member,
                      char       ***value,
                      GError      **error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  guint n;

  *value = NULL;
  if (!_berth_json_get_array (object, member, BERTH_JSON_OPTIONAL, &array, error))
    return FALSE;

  n = array != NULL ? json_array_get_length (array) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return wrong_type (member, _("a list of text"), error);
      g_strv_builder_add (builder, json_node_get_string (node));
    }

  *value = g_strv_builder_end (builder);
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* A {"key": "value"} map as a sorted "key=value" vector, the way
 * `docker inspect` users read labels. */
gboolean
_berth_json_get_labels (JsonObject   *object,
                        const char   *member,
                        char       ***value,
                        GError      **error)
{
  g_autoptr (GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  JsonObjectIter iter;
  JsonObject *map;
  const char *key;
  JsonNode *node;

  *value = NULL;
  if (!_berth_json_get_object (object, member, BERTH_JSON_OPTIONAL, &map, error))
    return FALSE;

  if (map != NULL)
    {
      json_object_iter_init (&iter, map);
      while (json_object_iter_next (&iter, &key, &node))
        {
          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            return wrong_type (member, _("a map of text"), error);
          g_ptr_array_add (pairs, g_strconcat (key, "=", json_node_get_string (node), NULL));
        }
      g_ptr_array_sort (pairs, compare_strings);
    }

  g_ptr_array_add (pairs, NULL);
  *value = (char **) g_ptr_array_free (g_steal_pointer (&pairs), FALSE);
  return TRUE;
}

/* RFC 3339 as the engine writes it ("2024-01-02T03:04:05.123456789Z"), to
 * seconds since the epoch; 0 when absent or unparsable (Docker writes
 * "0001-01-01T00:00:00Z" for "never"). */
gint64
_berth_json_parse_time (const char *iso8601)
{
  g_autoptr (GDateTime) dt = NULL;
  gint64 t;

  if (iso8601 == NULL || *iso8601 == '\0')
    return 0;

  dt = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (dt == NULL)
    return 0;

  t = g_date_time_to_unix (dt);
  return t > 0 ? t : 0;
}

JsonNode *
_berth_json_parse_bytes (GBytes  *bytes,
                         GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local_error = NULL;
  const char *data;
  gsize len = 0;

  data = g_bytes_get_data (bytes, &len);
  if (!json_parser_load_from_data (parser, data ? data : "", len, &local_error))
    {
      g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                   _("The engine sent data that is not valid JSON: %s"),
                   local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    return NULL;

  return json_parser_steal_root (parser);
}

/* Unlike strchr(), never true for a NUL byte (the set's terminator). */
static gboolean
is_one_of (char        c,
           const char *set)
{
  return c != '\0' && strchr (set, c) != NULL;
}

/* Where the JSON value that starts at @start ends: the offset just past it,
 * or 0 if it does not end before @end. Only strings, nesting and the end
 * of a bare word or number are followed; json-glib checks the value. */
static gsize
value_end (const char *data,
           gsize       start,
           gsize       end)
{
  guint depth = 0;

  if (data[start] != '{' && data[start] != '[' && data[start] != '"')
    {
      gsize i = start;

      while (i < end && data[i] != '\0' && !is_one_of (data[i], " \t\r\n,]}"))
        i++;
      return i;
    }

  for (gsize i = start; i < end; i++)
    {
      switch (data[i])
        {
        case '"':
          for (i++; i < end && data[i] != '"'; i++)
            {
              if (data[i] == '\\')
                i++;
            }
          if (i >= end)
            return 0;
          if (depth == 0)
            return i + 1;
          break;

        case '{':
        case '[':
          depth++;
          break;

        case '}':
        case ']':
          if (depth == 0 || --depth == 0)
            return i + 1;
          break;

        default:
          break;
        }
    }

  return 0;
}

/* JSON's white space only: not g_ascii_isspace()'s form feed. */
static gsize
skip_space (const char *data,
            gsize       i,
            gsize       end)
{
  while (i < end && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
    i++;
  return i;
}

/* Gives each element of the array in @data to @func, parsed on its own.
 * FALSE if the array is not well formed (nothing is set then) or if @func
 * failed (@error is set then). */
static gboolean
each_element (const char            *data,
              gsize                  len,
              BerthJsonElementFunc   func,
              gpointer               user_data,
              GError               **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  gsize i = skip_space (data, 1, len);

  if (i < len && data[i] == ']')
    return skip_space (data, i + 1, len) == len;

  while (i < len)
    {
      gsize end = value_end (data, i, len);

      /* json-glib reads some things alone that it refuses inside an array
       * (a lone "$", say): an element must start as a JSON value does. */
      if (end == 0 || end == i || !is_one_of (data[i], "{[\"-0123456789tfn") ||
          !json_parser_load_from_data (parser, data + i, end - i, NULL) ||
          json_parser_get_root (parser) == NULL)
        return FALSE;
      if (!func (json_parser_get_root (parser), user_data, error))
        return FALSE;

      i = skip_space (data, end, len);
      if (i < len && data[i] == ']')
        return skip_space (data, i + 1, len) == len;
      if (i >= len || data[i] != ',')
        return FALSE;
      i = skip_space (data, i + 1, len);
    }

  return FALSE;
}

/**
 * _berth_json_parse_elements:
 * @func: called with each element of the array, which it must not keep
 * @was_array: (out): whether @func was given the elements of an array
 *
 * Parses an engine's answer that is usually a long array one element at a
 * time, so that only one element's tree exists at once: the tree of a whole
 * list is ten times its text (5,000 containers: 3.5 MB of JSON, 36 MB of
 * tree), one element's is a few KB, and parsing in pieces is faster too
 * (tests/bench). An answer that is not an array is parsed whole and
 * returned, as by _berth_json_parse_bytes().
 *
 * When an array turns out not to be well formed, the answer is parsed whole
 * for json-glib's own error; a caller must then forget what @func was given.
 *
 * Returns: (transfer full) (nullable): the answer when it is not an array
 *   (@was_array is %FALSE), %NULL otherwise or on error
 */
JsonNode *
_berth_json_parse_elements (GBytes                *bytes,
                            BerthJsonElementFunc   func,
                            gpointer               user_data,
                            gboolean              *was_array,
                            GError               **error)
{
  g_autoptr (GError) local_error = NULL;
  const char *data;
  gsize len = 0, start;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (was_array != NULL, NULL);

  *was_array = FALSE;
  data = g_bytes_get_data (bytes, &len);
  start = data != NULL ? skip_space (data, 0, len) : 0;
  if (start < len && data[start] == '[')
    {
      if (each_element (data + start, len - start, func, user_data, &local_error))
        {
          *was_array = TRUE;
          return NULL;
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  return _berth_json_parse_bytes (bytes, error);
}

gboolean
_berth_strv_equal (const char * const *a,
                   const char * const *b)
{
  static const char * const empty[] = { NULL };

  return g_strv_equal (a ? a : empty, b ? b : empty);
}
