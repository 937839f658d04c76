/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-container.h"
#include "berth-store.h"

G_BEGIN_DECLS

/* One container, inside: a header (name, state, actions, back) and tabs.
 *
 * Adding a tab
 * ------------
 * A tab is any widget. Create it in add_tabs() in berth-container-page.c
 * and hand it over:
 *
 *   berth_container_page_add_tab (self, "inspect", _("Inspect"),
 *                                 "text-x-generic-symbolic",
 *                                 berth_inspect_view_new (self));
 *
 * The widget finds what it needs through the page (pass the page to its
 * constructor, or call gtk_widget_get_ancestor (widget,
 * BERTH_TYPE_CONTAINER_PAGE) once it is rooted):
 *   - berth_container_page_get_engine() / _get_container_id() for requests;
 *   - berth_container_page_get_container(): the live BerthContainer of the
 *     list, updated in place (connect to "notify::state");
 *   - the "inspected" signal / _get_inspect(): the latest
 *     `GET /containers/{id}/json`, re-read whenever the container changes;
 *   - the "gone" property: TRUE once the container no longer exists.
 *
 * Conventions every tab follows:
 *   - Work only while visible: a tab is mapped exactly while its tab is
 *     shown and the window is open. Start polling or streaming in map and
 *     stop in unmap (see BerthStatsView, BerthProcessesView).
 *   - Own a GCancellable, cancelled in dispose.
 *   - Show the equivalent docker command in the tab (a "command-caption"
 *     box: a monospace label and a copy button with action app.copy-text),
 *     and record what it runs with berth_container_page_log_command().
 */

#define BERTH_TYPE_CONTAINER_PAGE (berth_container_page_get_type ())

G_DECLARE_FINAL_TYPE (BerthContainerPage, berth_container_page, BERTH, CONTAINER_PAGE, GtkWidget)

BerthContainerPage *berth_container_page_new              (BerthStore         *store,
                                                           BerthContainer     *container);
BerthStore         *berth_container_page_get_store        (BerthContainerPage *self);
BerthEngine        *berth_container_page_get_engine       (BerthContainerPage *self);
BerthContainer     *berth_container_page_get_container    (BerthContainerPage *self);
const char         *berth_container_page_get_container_id (BerthContainerPage *self);
const char         *berth_container_page_get_name         (BerthContainerPage *self);
JsonObject         *berth_container_page_get_inspect      (BerthContainerPage *self);
gboolean            berth_container_page_get_gone         (BerthContainerPage *self);
void                berth_container_page_refresh_inspect  (BerthContainerPage *self);
AdwViewStackPage   *berth_container_page_add_tab          (BerthContainerPage *self,
                                                           const char         *name,
                                                           const char         *title,
                                                           const char         *icon_name,
                                                           GtkWidget          *widget);
GtkWidget          *berth_container_page_get_tab          (BerthContainerPage *self,
                                                           const char         *name);
void                berth_container_page_show_tab         (BerthContainerPage *self,
                                                           const char         *name);
const char         *berth_container_page_get_visible_tab  (BerthContainerPage *self);
void                berth_container_page_search           (BerthContainerPage *self);
void                berth_container_page_act              (BerthContainerPage *self,
                                                           const char         *verb);

void                berth_container_page_log_command      (GtkWidget          *widget,
                                                           const char         *command,
                                                           const char         *description);
void                berth_container_page_toast_command    (GtkWidget          *widget,
                                                           const char         *message,
                                                           const char         *command);

G_END_DECLS
