/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-build.h"

G_BEGIN_DECLS

/* A build context bigger than this asks before it is sent. */
#define BERTH_BUILD_DIALOG_HUGE_CONTEXT ((guint64) 500 * 1000 * 1000)

#define BERTH_TYPE_BUILD_DIALOG (berth_build_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BerthBuildDialog, berth_build_dialog, BERTH, BUILD_DIALOG, AdwWindow)

BerthBuildDialog *berth_build_dialog_new               (GtkWindow        *parent);
void              berth_build_dialog_set_context_dir   (BerthBuildDialog *self,
                                                        const char       *path);
const char       *berth_build_dialog_get_context_dir   (BerthBuildDialog *self);
void              berth_build_dialog_set_field         (BerthBuildDialog *self,
                                                        const char       *field,
                                                        const char       *value);
void              berth_build_dialog_set_option        (BerthBuildDialog *self,
                                                        const char       *option,
                                                        gboolean          active);
void              berth_build_dialog_add_build_arg     (BerthBuildDialog *self,
                                                        const char       *arg);
void              berth_build_dialog_use_template      (BerthBuildDialog *self,
                                                        const char       *name);
char             *berth_build_dialog_get_dockerfile_text (BerthBuildDialog *self);
void              berth_build_dialog_set_dockerfile_text (BerthBuildDialog *self,
                                                        const char       *text);
gboolean          berth_build_dialog_get_loaded        (BerthBuildDialog *self);
gboolean          berth_build_dialog_get_modified      (BerthBuildDialog *self);
void              berth_build_dialog_save              (BerthBuildDialog *self);
void              berth_build_dialog_set_huge_context  (BerthBuildDialog *self,
                                                        guint64           bytes);
void              berth_build_dialog_start             (BerthBuildDialog *self);
void              berth_build_dialog_cancel            (BerthBuildDialog *self);
gboolean          berth_build_dialog_get_busy          (BerthBuildDialog *self);
BerthBuildPhase   berth_build_dialog_get_phase         (BerthBuildDialog *self);
char             *berth_build_dialog_get_output        (BerthBuildDialog *self);
const char       *berth_build_dialog_get_context_summary (BerthBuildDialog *self);
const char       *berth_build_dialog_get_image_id      (BerthBuildDialog *self);
const char       *berth_build_dialog_get_failed_step   (BerthBuildDialog *self);
const char       *berth_build_dialog_get_error         (BerthBuildDialog *self);
const char       *berth_build_dialog_get_command       (BerthBuildDialog *self);
const char       *berth_build_dialog_get_view          (BerthBuildDialog *self);

G_END_DECLS
