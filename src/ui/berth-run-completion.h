/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Returns the candidates, newly allocated. */
typedef char **(*BerthRunCompletionFunc) (gpointer user_data);

#define BERTH_TYPE_RUN_COMPLETION (berth_run_completion_get_type ())

G_DECLARE_FINAL_TYPE (BerthRunCompletion, berth_run_completion, BERTH, RUN_COMPLETION, GObject)

BerthRunCompletion *berth_run_completion_attach      (GtkWidget              *editable,
                                                      BerthRunCompletionFunc  func,
                                                      gpointer                user_data);
void                berth_run_completion_set_enabled (BerthRunCompletion     *self,
                                                      gboolean                enabled);
gboolean            berth_run_completion_get_shown   (BerthRunCompletion     *self);
guint               berth_run_completion_get_n_shown (BerthRunCompletion     *self);

G_END_DECLS
