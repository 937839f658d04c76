/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BERTH_ENGINE_ERROR (berth_engine_error_quark ())

/**
 * BerthEngineError:
 *
 * One error domain for everything the engine library reports. HTTP answers
 * map to their own code; the message is the engine's own words.
 */
typedef enum
{
  BERTH_ENGINE_ERROR_FAILED,
  BERTH_ENGINE_ERROR_INVALID_ARGUMENT, /* caught before anything was sent */
  BERTH_ENGINE_ERROR_INVALID_DATA,     /* the engine sent something unusable */
  BERTH_ENGINE_ERROR_CONNECTION,       /* the engine cannot be reached */
  BERTH_ENGINE_ERROR_NOT_MODIFIED,     /* 304 */
  BERTH_ENGINE_ERROR_BAD_REQUEST,      /* 400 */
  BERTH_ENGINE_ERROR_UNAUTHORIZED,     /* 401 */
  BERTH_ENGINE_ERROR_FORBIDDEN,        /* 403 */
  BERTH_ENGINE_ERROR_NOT_FOUND,        /* 404 */
  BERTH_ENGINE_ERROR_CONFLICT,         /* 409 */
  BERTH_ENGINE_ERROR_SERVER,           /* 500 and other 5xx */
  BERTH_ENGINE_ERROR_UNSUPPORTED,      /* 501, or an API too old/new */
  BERTH_ENGINE_ERROR_STREAM,           /* an error reported inside a stream */
  BERTH_ENGINE_ERROR_NO_ENGINE,        /* discovery found no engine at all */
  BERTH_ENGINE_ERROR_PERMISSION_DENIED, /* the socket exists but is not ours to use */
} BerthEngineError;

GQuark   berth_engine_error_quark         (void);
GError  *berth_engine_error_from_response (guint        status,
                                           const char  *reason,
                                           GBytes      *body);
gboolean berth_engine_error_is_connection (const GError *error);
gboolean berth_engine_error_invalid       (GError      **error,
                                           const char   *format,
                                           ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
