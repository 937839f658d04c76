/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "berth-endpoint.h"

G_BEGIN_DECLS

typedef enum
{
  BERTH_ENGINE_KIND_UNKNOWN,
  BERTH_ENGINE_KIND_DOCKER,
  BERTH_ENGINE_KIND_PODMAN,
} BerthEngineKind;

/* The API versions Berth speaks: the oldest it needs, the newest it knows. */
#define BERTH_API_VERSION_OLDEST "1.41"
#define BERTH_API_VERSION_NEWEST "1.51"

#define BERTH_TYPE_ENGINE (berth_engine_get_type ())

G_DECLARE_FINAL_TYPE (BerthEngine, berth_engine, BERTH, ENGINE, GObject)

BerthEngine     *berth_engine_new                   (BerthEndpoint        *endpoint);
BerthEndpoint   *berth_engine_get_endpoint          (BerthEngine          *self);
BerthEngineKind  berth_engine_get_kind              (BerthEngine          *self);
const char      *berth_engine_get_version           (BerthEngine          *self);
const char      *berth_engine_get_api_version       (BerthEngine          *self);
gboolean         berth_engine_api_at_least          (BerthEngine          *self,
                                                     const char           *version);
const char      *berth_engine_get_os                (BerthEngine          *self);
const char      *berth_engine_get_arch              (BerthEngine          *self);
guint64          berth_engine_get_request_count     (BerthEngine          *self);
void             berth_engine_connect_async         (BerthEngine          *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean         berth_engine_connect_finish        (BerthEngine          *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
SoupMessage     *berth_engine_new_message           (BerthEngine          *self,
                                                     const char           *method,
                                                     const char           *path);
void             berth_engine_set_json_body         (SoupMessage          *message,
                                                     JsonNode             *body);
void             berth_engine_send_async            (BerthEngine          *self,
                                                     SoupMessage          *message,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GInputStream    *berth_engine_send_finish           (BerthEngine          *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void             berth_engine_send_and_read_async   (BerthEngine          *self,
                                                     SoupMessage          *message,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GBytes          *berth_engine_send_and_read_finish  (BerthEngine          *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void             berth_engine_send_json_async       (BerthEngine          *self,
                                                     SoupMessage          *message,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
JsonNode        *berth_engine_send_json_finish      (BerthEngine          *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void             berth_engine_get_json_async        (BerthEngine          *self,
                                                     const char           *path,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
JsonNode        *berth_engine_get_json_finish       (BerthEngine          *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
char            *berth_engine_escape                (const char           *segment);
char            *berth_engine_filters_query         (const char           *key,
                                                     const char           *value,
                                                     ...) G_GNUC_NULL_TERMINATED;
int              berth_api_version_compare          (const char           *a,
                                                     const char           *b);

G_END_DECLS
