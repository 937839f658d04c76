/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-engine.h"
#include "berth-progress.h"
#include "berth-registry-auth.h"

G_BEGIN_DECLS

typedef enum
{
  BERTH_IMAGE_TRANSFER_PULL,
  BERTH_IMAGE_TRANSFER_PUSH,
} BerthImageTransferKind;

/**
 * BerthImageTransfer:
 * @kind: pull or push
 * @reference: the image as the user wrote it ("nginx", "127.0.0.1:5000/app:1")
 * @platform: (nullable): pull only: "os/arch[/variant]", like "linux/arm64"
 *
 * A pull or push, as data: the same object builds the API request and the
 * equivalent docker command.
 */
typedef struct
{
  BerthImageTransferKind  kind;
  char                   *reference;
  char                   *platform;
} BerthImageTransfer;

#define BERTH_TYPE_IMAGE_TRANSFER (berth_image_transfer_get_type ())

GType               berth_image_transfer_get_type       (void) G_GNUC_CONST;
BerthImageTransfer *berth_image_transfer_new            (BerthImageTransferKind     kind,
                                                         const char                *reference);
BerthImageTransfer *berth_image_transfer_copy           (const BerthImageTransfer  *self);
void                berth_image_transfer_free           (BerthImageTransfer        *self);
gboolean            berth_image_transfer_validate       (const BerthImageTransfer  *self,
                                                         GError                   **error);
char               *berth_image_transfer_get_server     (const BerthImageTransfer  *self);
gboolean            berth_image_transfer_build_request  (const BerthImageTransfer  *self,
                                                         const char                *api_version,
                                                         const char               **method,
                                                         char                     **path,
                                                         GError                   **error);
char              **berth_image_transfer_to_argv        (const BerthImageTransfer  *self);
char               *berth_image_transfer_to_command     (const BerthImageTransfer  *self);
void                berth_image_transfer_run_async      (const BerthImageTransfer  *self,
                                                         BerthEngine               *engine,
                                                         const BerthRegistryAuth   *auth,
                                                         BerthProgress             *progress,
                                                         GCancellable              *cancellable,
                                                         GAsyncReadyCallback        callback,
                                                         gpointer                   user_data);
gboolean            berth_image_transfer_run_finish     (GAsyncResult              *result,
                                                         GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthImageTransfer, berth_image_transfer_free)

G_END_DECLS
