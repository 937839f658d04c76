/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  BERTH_ENDPOINT_KIND_UNIX,
  BERTH_ENDPOINT_KIND_TCP,
} BerthEndpointKind;

#define BERTH_TYPE_ENDPOINT (berth_endpoint_get_type ())

G_DECLARE_FINAL_TYPE (BerthEndpoint, berth_endpoint, BERTH, ENDPOINT, GObject)

BerthEndpoint      *berth_endpoint_new_for_address        (const char           *address,
                                                           GError              **error);
BerthEndpoint      *berth_endpoint_discover               (const char * const   *envp,
                                                           GError              **error);
void                berth_endpoint_discover_async         (const char * const   *envp,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
BerthEndpoint      *berth_endpoint_discover_finish        (GAsyncResult         *result,
                                                           GError              **error);
char              **berth_endpoint_list_default_sockets   (const char * const   *envp);
BerthEndpointKind   berth_endpoint_get_kind               (BerthEndpoint        *self);
const char         *berth_endpoint_get_address            (BerthEndpoint        *self);
const char         *berth_endpoint_get_path               (BerthEndpoint        *self);
const char         *berth_endpoint_get_host               (BerthEndpoint        *self);
guint16             berth_endpoint_get_port               (BerthEndpoint        *self);
const char         *berth_endpoint_get_source             (BerthEndpoint        *self);
void                berth_endpoint_set_source             (BerthEndpoint        *self,
                                                           const char           *source);
const char         *berth_endpoint_get_base_uri           (BerthEndpoint        *self);
GSocketConnectable *berth_endpoint_create_connectable     (BerthEndpoint        *self);

G_END_DECLS
