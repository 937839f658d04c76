/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "berth-operation.h"
#include "berth-resource.h"
#include "berth-resource-list.h"
#include "berth-store.h"

G_BEGIN_DECLS

#define BERTH_TYPE_RESOURCE_PAGE (berth_resource_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (BerthResourcePage, berth_resource_page, BERTH, RESOURCE_PAGE, GtkWidget)

/**
 * BerthResourcePageClass:
 * @kind: which list the page shows
 * @title: its title, untranslated (N_()): the window's sidebar shows it
 *   before the page is made
 * @icon_name: its icon, in the sidebar and on its empty page
 * @filter: whether an item that matches the search is shown (e.g. hide
 *   stopped containers); %NULL shows all
 * @act: performs @verb ("remove", "stop", …) on @items (BerthResource)
 * @update_empty: lets the page explain why nothing is shown when items
 *   exist but are filtered out by something other than the search
 */
struct _BerthResourcePageClass
{
  GtkWidgetClass parent_class;

  BerthResourceKind kind;
  const char       *title;
  const char       *icon_name;

  gboolean (*filter)       (BerthResourcePage *self,
                            BerthResource     *item);
  void     (*act)          (BerthResourcePage *self,
                            const char        *verb,
                            GPtrArray         *items);
  gboolean (*update_empty) (BerthResourcePage *self,
                            AdwStatusPage     *status_page);
};

BerthStore        *berth_resource_page_get_store          (BerthResourcePage *self);
void               berth_resource_page_set_store          (BerthResourcePage *self,
                                                           BerthStore        *store);
BerthResourceList *berth_resource_page_get_list           (BerthResourcePage *self);
GtkColumnView     *berth_resource_page_get_column_view    (BerthResourcePage *self);
gpointer           berth_resource_page_get_item           (BerthResourcePage *self,
                                                           guint              position);
const char        *berth_resource_page_get_title          (BerthResourcePage *self);
const char        *berth_resource_page_get_icon_name      (BerthResourcePage *self);
void               berth_resource_page_setup              (BerthResourcePage *self,
                                                           const char        *empty_title,
                                                           const char        *empty_description,
                                                           const char        *first_command);
void               berth_resource_page_append_column      (BerthResourcePage *self,
                                                           GtkColumnViewColumn *column,
                                                           gboolean           expand);
void               berth_resource_page_sort_by            (BerthResourcePage *self,
                                                           guint              column,
                                                           GtkSortType        direction);
void               berth_resource_page_add_tool           (BerthResourcePage *self,
                                                           GtkWidget         *widget);
GtkWidget         *berth_resource_page_add_tool_button (BerthResourcePage *self,
                                                           const char        *label,
                                                           const char        *tooltip,
                                                           GCallback          callback);
void               berth_resource_page_add_selection_verb (BerthResourcePage *self,
                                                           const char        *verb,
                                                           const char        *label,
                                                           gboolean           destructive);
GPtrArray         *berth_resource_page_get_selected       (BerthResourcePage *self);
void               berth_resource_page_refilter           (BerthResourcePage *self);
void               berth_resource_page_focus_search       (BerthResourcePage *self);
void               berth_resource_page_act                (BerthResourcePage *self,
                                                           const char        *verb,
                                                           GPtrArray         *items);
void               berth_resource_page_confirm_run    (BerthResourcePage *self,
                                                           const char        *heading,
                                                           const char        *body,
                                                           const char        *confirm_label,
                                                           const char        *option_label,
                                                           GPtrArray         *operations,
                                                           const char        *done_message,
                                                           const char        *failed_heading);
void               berth_resource_page_confirm_prune  (BerthResourcePage *self,
                                                           const char        *heading,
                                                           const char        *body,
                                                           BerthOperationKind kind);
const char        *berth_resource_page_get_view_name      (BerthResourcePage *self);
guint              berth_resource_page_get_n_shown        (BerthResourcePage *self);
void               berth_resource_page_set_search_text    (BerthResourcePage *self,
                                                           const char        *text);
gboolean           berth_resource_page_select_id          (BerthResourcePage *self,
                                                           const char        *id);

G_END_DECLS
