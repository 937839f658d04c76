/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-image-transfer.h"

G_BEGIN_DECLS

#define BERTH_TYPE_PULL_PROGRESS (berth_pull_progress_get_type ())

G_DECLARE_FINAL_TYPE (BerthPullProgress, berth_pull_progress, BERTH, PULL_PROGRESS, GtkWidget)

GtkWidget     *berth_pull_progress_new           (void);
void           berth_pull_progress_set_progress  (BerthPullProgress        *self,
                                                  BerthImageTransferKind    kind,
                                                  const char               *reference,
                                                  BerthProgress            *progress);
BerthProgress *berth_pull_progress_get_progress  (BerthPullProgress        *self);
void           berth_pull_progress_run_async     (BerthPullProgress        *self,
                                                  BerthEngine              *engine,
                                                  const BerthImageTransfer *transfer,
                                                  const BerthRegistryAuth  *auth,
                                                  GCancellable             *cancellable,
                                                  GAsyncReadyCallback       callback,
                                                  gpointer                  user_data);
gboolean       berth_pull_progress_run_finish    (BerthPullProgress        *self,
                                                  GAsyncResult             *result,
                                                  GError                  **error);
gboolean       berth_pull_progress_get_running   (BerthPullProgress        *self);
void           berth_pull_progress_cancel        (BerthPullProgress        *self);
const char    *berth_pull_progress_get_title     (BerthPullProgress        *self);
const char    *berth_pull_progress_get_error     (BerthPullProgress        *self);
const char    *berth_pull_progress_get_hint      (BerthPullProgress        *self);

G_END_DECLS
