/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "berth-engine-error.h"
#include "berth-json-private.h"

/* libFuzzer target for _berth_json_parse_elements(), which splits a list
 * answer into its elements and parses each on its own: for any input it
 * must agree with json-glib reading the whole. When it gave elements, the
 * whole is an array of exactly those; when it did not, it returned what
 * the whole parse gives (or its error). Nothing may crash or read out of
 * bounds. */

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static gboolean
collect_cb (JsonNode  *element,
            gpointer   user_data,
            GError   **error)
{
  g_ptr_array_add (user_data, json_to_string (element, FALSE));
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GPtrArray) elements = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) whole = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) whole_error = NULL;
  gboolean was_array = FALSE;

  root = _berth_json_parse_elements (bytes, collect_cb, elements, &was_array, &error);
  whole = _berth_json_parse_bytes (bytes, &whole_error);

  if (was_array)
    {
      JsonArray *array;

      g_assert_no_error (error);
      g_assert_null (root);
      g_assert_no_error (whole_error);
      g_assert_nonnull (whole);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (whole));
      array = json_node_get_array (whole);
      g_assert_cmpuint (json_array_get_length (array), ==, elements->len);
      for (guint i = 0; i < elements->len; i++)
        {
          g_autofree char *text = json_to_string (json_array_get_element (array, i), FALSE);

          g_assert_cmpstr (text, ==, g_ptr_array_index (elements, i));
        }
    }
  else
    {
      g_assert_cmpint (error != NULL, ==, whole_error != NULL);
      g_assert_cmpint (root != NULL, ==, whole != NULL);
      if (error != NULL)
        g_assert_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA);
      if (root != NULL)
        g_assert_true (json_node_equal (root, whole));
    }

  return 0;
}
