/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-archive.h"
#include "berth-container-page.h"

G_BEGIN_DECLS

#define BERTH_TYPE_FILES_VIEW (berth_files_view_get_type ())

G_DECLARE_FINAL_TYPE (BerthFilesView, berth_files_view, BERTH, FILES_VIEW, GtkWidget)

GtkWidget      *berth_files_view_new              (BerthContainerPage *page);
void            berth_files_view_open             (BerthFilesView     *self,
                                                   const char         *path);
void            berth_files_view_go_up            (BerthFilesView     *self);
void            berth_files_view_refresh          (BerthFilesView     *self);
const char     *berth_files_view_get_path         (BerthFilesView     *self);
char           *berth_files_view_dup_breadcrumbs  (BerthFilesView     *self);
gboolean        berth_files_view_get_loaded       (BerthFilesView     *self);
const char     *berth_files_view_get_error        (BerthFilesView     *self);
const char     *berth_files_view_get_message      (BerthFilesView     *self);
const char     *berth_files_view_get_command      (BerthFilesView     *self);
guint           berth_files_view_get_n_items      (BerthFilesView     *self);
BerthFileEntry *berth_files_view_lookup           (BerthFilesView     *self,
                                                   const char         *name);
gboolean        berth_files_view_select           (BerthFilesView     *self,
                                                   const char         *name);
void            berth_files_view_activate         (BerthFilesView     *self,
                                                   const char         *name);
GtkWindow      *berth_files_view_view_file        (BerthFilesView     *self,
                                                   const char         *path);
void            berth_files_view_download         (BerthFilesView     *self,
                                                   const char         *path,
                                                   const char         *local_path);
void            berth_files_view_upload           (BerthFilesView     *self,
                                                   const char * const *sources);
gboolean        berth_files_view_get_busy         (BerthFilesView     *self);
void            berth_files_view_cancel_transfer  (BerthFilesView     *self);

G_END_DECLS
