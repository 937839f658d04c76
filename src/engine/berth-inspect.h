/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-engine.h"

G_BEGIN_DECLS

/* What `docker inspect` can look at. */
typedef enum
{
  BERTH_INSPECT_CONTAINER,
  BERTH_INSPECT_IMAGE,
  BERTH_INSPECT_VOLUME,
  BERTH_INSPECT_NETWORK,
} BerthInspectKind;

char      *berth_inspect_build_path  (BerthInspectKind      kind,
                                      const char           *id);
char     **berth_inspect_to_argv     (BerthInspectKind      kind,
                                      const char           *name);
char      *berth_inspect_to_command  (BerthInspectKind      kind,
                                      const char           *name);
char      *berth_inspect_to_text     (JsonNode             *node);
void       berth_inspect_async       (BerthEngine          *engine,
                                      BerthInspectKind      kind,
                                      const char           *id,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
JsonNode  *berth_inspect_finish      (BerthEngine          *engine,
                                      GAsyncResult         *result,
                                      char                **text,
                                      GError              **error);

G_END_DECLS
