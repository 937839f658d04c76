/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "berth-engine-error.h"

G_DEFINE_QUARK (berth-engine-error-quark, berth_engine_error)

static BerthEngineError
code_for_status (guint status)
{
  switch (status)
    {
    case 304: return BERTH_ENGINE_ERROR_NOT_MODIFIED;
    case 400: return BERTH_ENGINE_ERROR_BAD_REQUEST;
    case 401: return BERTH_ENGINE_ERROR_UNAUTHORIZED;
    case 403: return BERTH_ENGINE_ERROR_FORBIDDEN;
    case 404: return BERTH_ENGINE_ERROR_NOT_FOUND;
    case 409: return BERTH_ENGINE_ERROR_CONFLICT;
    case 501: return BERTH_ENGINE_ERROR_UNSUPPORTED;
    default:
      return status >= 500 ? BERTH_ENGINE_ERROR_SERVER : BERTH_ENGINE_ERROR_FAILED;
    }
}

/* The engine answers errors as {"message": "..."} (Docker) or
 * {"cause": "...", "message": "...", "response": 409} (Podman). Anything else
 * is shown as text, trimmed, so the user still sees the engine's words. */
static char *
message_from_body (GBytes *body)
{
  g_autoptr (JsonParser) parser = NULL;
  const char *data;
  gsize len = 0;
  JsonNode *root;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &len);
  if (len == 0)
    return NULL;

  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, data, len, NULL) &&
      (root = json_parser_get_root (parser)) != NULL &&
      JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *obj = json_node_get_object (root);
      JsonNode *message = json_object_get_member (obj, "message");

      if (message != NULL && JSON_NODE_HOLDS_VALUE (message) &&
          json_node_get_value_type (message) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (message));
    }

  if (g_utf8_validate (data, len, NULL))
    {
      g_autofree char *text = g_strndup (data, MIN (len, 1024));
      return g_strdup (g_strstrip (text));
    }

  return NULL;
}

/**
 * berth_engine_error_from_response:
 * @status: the HTTP status
 * @reason: (nullable): the HTTP reason phrase
 * @body: (nullable): the response body
 *
 * Returns: (transfer full): a #GError in %BERTH_ENGINE_ERROR carrying the
 *   engine's own message
 */
GError *
berth_engine_error_from_response (guint       status,
                                  const char *reason,
                                  GBytes     *body)
{
  g_autofree char *message = message_from_body (body);

  if (message == NULL || *message == '\0')
    {
      g_free (message);
      if (reason != NULL && *reason != '\0')
        message = g_strdup_printf (_("The engine answered %u %s"), status, reason);
      else
        message = g_strdup_printf (_("The engine answered with status %u"), status);
    }

  return g_error_new_literal (BERTH_ENGINE_ERROR, code_for_status (status), message);
}

/**
 * berth_engine_error_is_connection:
 *
 * Returns: whether @error means the engine could not be reached at all
 *   (as opposed to the engine refusing a request)
 */
gboolean
berth_engine_error_is_connection (const GError *error)
{
  return error != NULL &&
         error->domain == BERTH_ENGINE_ERROR &&
         (error->code == BERTH_ENGINE_ERROR_CONNECTION ||
          error->code == BERTH_ENGINE_ERROR_PERMISSION_DENIED);
}

/**
 * berth_engine_error_invalid:
 * @format: what is wrong and what would be right, for people
 *
 * Sets @error to %BERTH_ENGINE_ERROR_INVALID_ARGUMENT: input refused
 * before anything was sent.
 *
 * Returns: %FALSE, to return it at once
 */
gboolean
berth_engine_error_invalid (GError     **error,
                            const char  *format,
                            ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT, format, args);
  va_end (args);
  return FALSE;
}
