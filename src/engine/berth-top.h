/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-engine.h"

G_BEGIN_DECLS

/* `docker top CONTAINER [ps OPTIONS]`: the processes running in it. */
typedef struct
{
  char      **titles;     /* the ps columns: "UID", "PID", …, "CMD" */
  GPtrArray  *processes;  /* (element-type GStrv): one row per process,
                           * exactly as many fields as titles */
} BerthTop;

#define BERTH_TYPE_TOP (berth_top_get_type ())

GType      berth_top_get_type      (void) G_GNUC_CONST;
BerthTop  *berth_top_new_from_json (JsonObject          *object,
                                    GError             **error);
BerthTop  *berth_top_copy          (const BerthTop      *top);
void       berth_top_free          (BerthTop            *top);
int        berth_top_find_column   (const BerthTop      *top,
                                    const char          *title);
void       berth_top_get_async     (BerthEngine         *engine,
                                    const char          *container_id,
                                    const char          *ps_args,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
BerthTop  *berth_top_get_finish    (BerthEngine         *engine,
                                    GAsyncResult        *result,
                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthTop, berth_top_free)

G_END_DECLS
