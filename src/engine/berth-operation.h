/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-engine.h"

G_BEGIN_DECLS

typedef enum
{
  BERTH_OPERATION_CONTAINER_START,
  BERTH_OPERATION_CONTAINER_STOP,
  BERTH_OPERATION_CONTAINER_RESTART,
  BERTH_OPERATION_CONTAINER_PAUSE,
  BERTH_OPERATION_CONTAINER_UNPAUSE,
  BERTH_OPERATION_CONTAINER_KILL,
  BERTH_OPERATION_CONTAINER_REMOVE,
  BERTH_OPERATION_IMAGE_REMOVE,
  BERTH_OPERATION_IMAGE_PRUNE,
  BERTH_OPERATION_VOLUME_CREATE,
  BERTH_OPERATION_VOLUME_REMOVE,
  BERTH_OPERATION_VOLUME_PRUNE,
  BERTH_OPERATION_NETWORK_CREATE,
  BERTH_OPERATION_NETWORK_REMOVE,
  BERTH_OPERATION_NETWORK_PRUNE,
} BerthOperationKind;

/**
 * BerthOperation:
 *
 * One engine operation, as data. The same object builds the API request and
 * the equivalent docker command, so the two cannot drift apart.
 */
typedef struct
{
  BerthOperationKind   kind;
  char                *target;          /* id, name or reference in the API path */
  char                *name;            /* how the CLI names it; target when NULL */
  gboolean             force;           /* rm -f, rmi -f */
  gboolean             remove_volumes;  /* rm -v */
  gboolean             all;             /* image prune -a */
  char                *driver;          /* volume/network create */
  char               **labels;          /* "key=value" */
  char                *subnet;          /* network create */
  char                *gateway;
  gboolean             internal;
} BerthOperation;

#define BERTH_TYPE_OPERATION (berth_operation_get_type ())

GType           berth_operation_get_type       (void) G_GNUC_CONST;
BerthOperation *berth_operation_new            (BerthOperationKind   kind,
                                                const char          *target,
                                                const char          *name);
BerthOperation *berth_operation_copy           (const BerthOperation *self);
void            berth_operation_free           (BerthOperation      *self);
gboolean        berth_operation_validate       (const BerthOperation *self,
                                                GError             **error);
gboolean        berth_operation_build_request  (const BerthOperation *self,
                                                const char          *api_version,
                                                const char         **method,
                                                char               **path,
                                                JsonNode           **body,
                                                GError             **error);
char          **berth_operation_to_argv        (const BerthOperation *self,
                                                const char          *api_version);
char           *berth_operation_to_command     (const BerthOperation *self,
                                                const char          *api_version);
char          **berth_operation_batch_to_commands (GPtrArray         *operations,
                                                const char          *api_version);
void            berth_operation_run_async      (const BerthOperation *self,
                                                BerthEngine         *engine,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
JsonNode       *berth_operation_run_finish     (GAsyncResult        *result,
                                                GError             **error);
gboolean        berth_validate_object_name     (const char          *name,
                                                const char          *what,
                                                guint                min_length,
                                                GError             **error);
gboolean        berth_validate_label           (const char          *label,
                                                GError             **error);
gboolean        berth_validate_subnet          (const char          *subnet,
                                                const char          *gateway,
                                                GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthOperation, berth_operation_free)

G_END_DECLS
