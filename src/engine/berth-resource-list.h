/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "berth-engine.h"
#include "berth-resource.h"

G_BEGIN_DECLS

typedef enum
{
  BERTH_RESOURCE_KIND_CONTAINER,
  BERTH_RESOURCE_KIND_IMAGE,
  BERTH_RESOURCE_KIND_VOLUME,
  BERTH_RESOURCE_KIND_NETWORK,
} BerthResourceKind;

#define BERTH_TYPE_RESOURCE_LIST (berth_resource_list_get_type ())

G_DECLARE_FINAL_TYPE (BerthResourceList, berth_resource_list, BERTH, RESOURCE_LIST, GObject)

BerthResourceList *berth_resource_list_new            (BerthEngine          *engine,
                                                       BerthResourceKind     kind);
BerthResourceKind  berth_resource_list_get_kind       (BerthResourceList    *self);
GType              berth_resource_list_get_item_type_for_kind (BerthResourceKind kind);
gboolean           berth_resource_list_get_loaded     (BerthResourceList    *self);
const GError      *berth_resource_list_get_error      (BerthResourceList    *self);
BerthResource     *berth_resource_list_lookup         (BerthResourceList    *self,
                                                       const char           *id);
void               berth_resource_list_refresh        (BerthResourceList    *self);
void               berth_resource_list_refresh_item   (BerthResourceList    *self,
                                                       const char           *id);
void               berth_resource_list_remove_item    (BerthResourceList    *self,
                                                       const char           *id);
void               berth_resource_list_set_stale      (BerthResourceList    *self,
                                                       gboolean              stale);
void               berth_resource_list_refresh_async  (BerthResourceList    *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean           berth_resource_list_refresh_finish (BerthResourceList    *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

G_END_DECLS
