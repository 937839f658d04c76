/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-engine.h"
#include "berth-preload.h"
#include "berth-resource-list.h"

G_BEGIN_DECLS

typedef enum
{
  BERTH_STORE_STATE_IDLE,
  BERTH_STORE_STATE_CONNECTING,
  BERTH_STORE_STATE_CONNECTED,
  BERTH_STORE_STATE_DISCONNECTED,
} BerthStoreState;

#define BERTH_TYPE_STORE (berth_store_get_type ())

G_DECLARE_FINAL_TYPE (BerthStore, berth_store, BERTH, STORE, GObject)

BerthStore        *berth_store_new            (BerthEndpoint     *endpoint);
BerthEngine       *berth_store_get_engine     (BerthStore        *self);
BerthStoreState    berth_store_get_state      (BerthStore        *self);
const GError      *berth_store_get_error      (BerthStore        *self);
gboolean           berth_store_get_ever_connected (BerthStore    *self);
BerthResourceList *berth_store_get_list       (BerthStore        *self,
                                               BerthResourceKind  kind);
void               berth_store_set_preload    (BerthStore        *self,
                                               BerthPreload      *preload);
void               berth_store_start          (BerthStore        *self);
void               berth_store_refresh        (BerthStore        *self);
void               berth_store_reconnect_now  (BerthStore        *self);

G_END_DECLS
