/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "berth-container-page.h"
#include "berth-inspect.h"

G_BEGIN_DECLS

#define BERTH_TYPE_INSPECT_VIEW (berth_inspect_view_get_type ())

G_DECLARE_FINAL_TYPE (BerthInspectView, berth_inspect_view, BERTH, INSPECT_VIEW, GtkWidget)

GtkWidget     *berth_inspect_view_new               (BerthEngine        *engine,
                                                     BerthInspectKind    kind,
                                                     const char         *id,
                                                     const char         *name);
GtkWidget     *berth_inspect_view_new_for_container (BerthContainerPage *page);
void           berth_inspect_view_reload            (BerthInspectView   *self);
gboolean       berth_inspect_view_get_loaded        (BerthInspectView   *self);
const char    *berth_inspect_view_get_error         (BerthInspectView   *self);
const char    *berth_inspect_view_get_command       (BerthInspectView   *self);
char          *berth_inspect_view_dup_text          (BerthInspectView   *self);
GtkSourceView *berth_inspect_view_get_source_view   (BerthInspectView   *self);
void           berth_inspect_view_start_search      (BerthInspectView   *self);
gboolean       berth_inspect_view_search            (BerthInspectView   *self,
                                                     const char         *text,
                                                     gboolean            forward);
char          *berth_inspect_view_dup_selected_text (BerthInspectView   *self);

GtkWindow     *berth_inspect_dialog_new             (GtkWindow          *parent,
                                                     BerthEngine        *engine,
                                                     BerthInspectKind    kind,
                                                     const char         *id,
                                                     const char         *name);
void           berth_inspect_dialog_present_items   (GtkWidget          *widget,
                                                     BerthInspectKind    kind,
                                                     GPtrArray          *items);

G_END_DECLS
