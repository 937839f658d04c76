/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-command-log.h"
#include "berth-container-page.h"
#include "berth-endpoint.h"
#include "berth-image-page.h"
#include "berth-operation.h"
#include "berth-resource-page.h"
#include "berth-store.h"

G_BEGIN_DECLS

#define BERTH_TYPE_WINDOW (berth_window_get_type ())

G_DECLARE_FINAL_TYPE (BerthWindow, berth_window, BERTH, WINDOW, AdwApplicationWindow)

BerthWindow       *berth_window_new               (GtkApplication     *application);
void               berth_window_connect_default   (BerthWindow        *self);
void               berth_window_set_endpoint      (BerthWindow        *self,
                                                   BerthEndpoint      *endpoint);
BerthStore        *berth_window_get_store         (BerthWindow        *self);
BerthCommandLog   *berth_window_get_command_log   (BerthWindow        *self);
BerthResourcePage *berth_window_get_page          (BerthWindow        *self,
                                                   BerthResourceKind   kind);
void               berth_window_show_page         (BerthWindow        *self,
                                                   BerthResourceKind   kind);
void               berth_window_open_container    (BerthWindow        *self,
                                                   const char         *id);
BerthContainerPage *berth_window_get_container_page (BerthWindow      *self);
void               berth_window_open_image        (BerthWindow        *self,
                                                   const char         *id);
BerthImagePage    *berth_window_get_image_page    (BerthWindow        *self);
const char        *berth_window_get_view_name     (BerthWindow        *self);
gboolean           berth_window_get_banner_revealed (BerthWindow      *self);
void               berth_window_run_batch         (BerthWindow        *self,
                                                   GPtrArray          *operations,
                                                   const char         *done_message,
                                                   const char         *failed_heading);
void               berth_window_run_prune         (BerthWindow        *self,
                                                   BerthOperation     *operation);
void               berth_window_toast_command     (BerthWindow        *self,
                                                   const char         *message,
                                                   const char         *command);
void               berth_window_show_error        (BerthWindow        *self,
                                                   const char         *heading,
                                                   const char         *message,
                                                   const char         *command);

G_END_DECLS
