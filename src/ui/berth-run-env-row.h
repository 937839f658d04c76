/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-run-spec.h"

G_BEGIN_DECLS

#define BERTH_TYPE_RUN_ENV_ROW (berth_run_env_row_get_type ())

G_DECLARE_FINAL_TYPE (BerthRunEnvRow, berth_run_env_row, BERTH, RUN_ENV_ROW, AdwPreferencesRow)

GtkWidget   *berth_run_env_row_new         (const BerthRunEnv *env);
BerthRunEnv *berth_run_env_row_dup_env     (BerthRunEnvRow    *self);
void         berth_run_env_row_set_error   (BerthRunEnvRow    *self,
                                            const char        *message);
const char  *berth_run_env_row_get_message (BerthRunEnvRow    *self);
GtkEditable *berth_run_env_row_get_entry   (BerthRunEnvRow    *self,
                                            const char        *name);

G_END_DECLS
