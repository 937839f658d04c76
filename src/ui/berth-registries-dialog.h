/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-registry-auth.h"

G_BEGIN_DECLS

#define BERTH_TYPE_REGISTRIES_DIALOG (berth_registries_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BerthRegistriesDialog, berth_registries_dialog, BERTH, REGISTRIES_DIALOG, AdwWindow)

BerthRegistriesDialog *berth_registries_dialog_new         (GtkWindow             *parent,
                                                            const char            *server);
void                   berth_registries_dialog_set_field   (BerthRegistriesDialog *self,
                                                            const char            *field,
                                                            const char            *value);
void                   berth_registries_dialog_log_in      (BerthRegistriesDialog *self);
void                   berth_registries_dialog_log_out     (BerthRegistriesDialog *self,
                                                            const char            *server);
gboolean               berth_registries_dialog_get_busy    (BerthRegistriesDialog *self);
const char            *berth_registries_dialog_get_error   (BerthRegistriesDialog *self);
const char            *berth_registries_dialog_get_notice  (BerthRegistriesDialog *self);
const char            *berth_registries_dialog_get_command (BerthRegistriesDialog *self);
guint                  berth_registries_dialog_get_n_known (BerthRegistriesDialog *self);

/* Logins of this session: made in Berth and kept in memory, whether or not
 * the keyring took them too. */
const BerthRegistryAuth *berth_registries_get_session_auth (const char            *server);
void                   berth_registries_forget_session     (const char            *server);
void                   berth_registries_lookup_auth_async  (const char            *server,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
BerthRegistryAuth     *berth_registries_lookup_auth_finish (GAsyncResult          *result,
                                                            GError               **error);

G_END_DECLS
