/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-columns.h"
#include "berth-confirm.h"
#include "berth-create-dialog.h"
#include "berth-format.h"
#include "berth-inspect-view.h"
#include "berth-network.h"
#include "berth-networks-page.h"
#include "berth-remove-button.h"
#include "berth-row-slots.h"
#include "berth-window.h"

/* `docker network ls`, live, with subnets and attached containers;
 * create, remove (never the built-in ones) and prune. */

struct _BerthNetworksPage
{
  BerthResourcePage parent_instance;
};

G_DEFINE_FINAL_TYPE (BerthNetworksPage, berth_networks_page, BERTH_TYPE_RESOURCE_PAGE)

static char *
format_subnets (gpointer  this,
                char    **subnets)
{
  if (subnets == NULL || subnets[0] == NULL)
    return g_strdup ("—");
  return g_strjoinv (", ", subnets);
}

static char *
format_gateways (gpointer  this,
                 char    **gateways)
{
  return format_subnets (this, gateways);
}

static char *
format_containers (gpointer  this,
                   char    **containers)
{
  if (containers == NULL || containers[0] == NULL)
    return g_strdup (_("None"));
  return berth_format_list ((const char * const *) containers, 3);
}

static void
confirm_removal (BerthNetworksPage *self,
                 GPtrArray         *items)
{
  g_autoptr (GPtrArray) removable = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GStrvBuilder) kept_builder = g_strv_builder_new ();
  g_auto (GStrv) kept = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *kept_text = NULL;
  g_autoptr (GPtrArray) operations = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_operation_free);
  g_autofree char *done = NULL;
  g_autofree char *failed = NULL;
  GString *body;

  for (guint i = 0; i < items->len; i++)
    {
      BerthNetwork *network = g_ptr_array_index (items, i);
      const char * const *containers = berth_network_get_containers (network);

      if (berth_network_get_builtin (network) || (containers != NULL && containers[0] != NULL))
        g_strv_builder_add (kept_builder, berth_network_get_name (network));
      else
        {
          g_ptr_array_add (removable, g_object_ref (network));
          g_ptr_array_add (operations, berth_operation_new (BERTH_OPERATION_NETWORK_REMOVE,
                                                            berth_resource_get_id (BERTH_RESOURCE (network)),
                                                            berth_network_get_name (network)));
        }
    }
  kept = g_strv_builder_end (kept_builder);
  kept_text = berth_format_list ((const char * const *) kept, 3);

  if (removable->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("%s cannot be removed: the networks bridge, host and none are built into the engine, and a network with containers attached must be emptied first (docker network disconnect)."),
                                               kept_text);
      berth_inform (GTK_WIDGET (self), _("Cannot Remove Network"), text);
      return;
    }

  if (removable->len == 1)
    {
      const char *name = berth_network_get_name (g_ptr_array_index (removable, 0));

      heading = g_strdup_printf (_("Remove Network “%s”?"), name);
      done = g_strdup_printf (_("Removed network “%s”"), name);
      failed = g_strdup_printf (_("Could Not Remove Network “%s”"), name);
    }
  else
    {
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove %u Network?", "Remove %u Networks?",
                                              removable->len), removable->len);
      done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Removed %u network", "Removed %u networks",
                                           removable->len), removable->len);
      failed = g_strdup (_("Could Not Remove Some Networks"));
    }

  body = g_string_new (_("Containers created later cannot join it any more. No container is attached now."));
  if (kept[0] != NULL)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body, _("Kept, because they are built in or in use: %s."), kept_text);
    }

  berth_resource_page_confirm_run (BERTH_RESOURCE_PAGE (self), heading, body->str, _("_Remove"), NULL,
                                   operations, done, failed);
  g_string_free (body, TRUE);
}

static void
prune_clicked_cb (BerthNetworksPage *self)
{
  GListModel *list = G_LIST_MODEL (berth_resource_page_get_list (BERTH_RESOURCE_PAGE (self)));
  g_autoptr (GStrvBuilder) unused_builder = g_strv_builder_new ();
  g_auto (GStrv) unused = NULL;
  g_autofree char *names = NULL;
  g_autofree char *body = NULL;
  guint n_items = list ? g_list_model_get_n_items (list) : 0;
  guint n;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (BerthNetwork) network = g_list_model_get_item (list, i);
      const char * const *containers = berth_network_get_containers (network);

      if (!berth_network_get_builtin (network) && (containers == NULL || containers[0] == NULL))
        g_strv_builder_add (unused_builder, berth_network_get_name (network));
    }
  unused = g_strv_builder_end (unused_builder);
  n = g_strv_length (unused);

  if (n == 0)
    {
      berth_inform (GTK_WIDGET (self), _("No Unused Networks"),
                    _("Every network you created has containers attached; the built-in ones are never removed."));
      return;
    }

  names = berth_format_list ((const char * const *) unused, 5);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u network that no container uses will be removed: %s.",
                                       "%u networks that no container uses will be removed: %s.",
                                       n), n, names);
  berth_resource_page_confirm_prune (BERTH_RESOURCE_PAGE (self), _("Remove Unused Networks?"), body,
                                     BERTH_OPERATION_NETWORK_PRUNE);
}

static void
create_clicked_cb (BerthNetworksPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_window_present (GTK_WINDOW (berth_create_dialog_new (GTK_WINDOW (root), BERTH_OPERATION_NETWORK_CREATE)));
}

static void
berth_networks_page_act (BerthResourcePage *page,
                         const char        *verb,
                         GPtrArray         *items)
{
  if (g_str_equal (verb, "remove"))
    confirm_removal (BERTH_NETWORKS_PAGE (page), items);
  else if (g_str_equal (verb, "inspect"))
    berth_inspect_dialog_present_items (GTK_WIDGET (page), BERTH_INSPECT_NETWORK, items);
}

static void
berth_networks_page_class_init (BerthNetworksPageClass *klass)
{
  BerthResourcePageClass *page_class = BERTH_RESOURCE_PAGE_CLASS (klass);

  page_class->kind = BERTH_RESOURCE_KIND_NETWORK;
  page_class->title = N_("Networks");
  page_class->icon_name = "network-wired-symbolic";
  page_class->act = berth_networks_page_act;
}

static void
berth_networks_page_init (BerthNetworksPage *self)
{
  BerthResourcePage *page = BERTH_RESOURCE_PAGE (self);
  GType type = BERTH_TYPE_NETWORK;

  berth_resource_page_setup (page, _("No Networks"),
                             _("A network lets containers talk to each other by name, apart from other containers. Create one, then start containers with --network:"),
                             "docker network create mynet");

  berth_resource_page_add_tool_button (page, _("_New Network…"), _("Create a network (docker network create)"),
                                       G_CALLBACK (create_clicked_cb));
  berth_resource_page_add_tool_button (page, _("_Prune…"), _("Remove unused networks (docker network prune)"),
                                       G_CALLBACK (prune_clicked_cb));
  berth_resource_page_add_selection_verb (page, "inspect", _("_Inspect…"), FALSE);
  berth_resource_page_add_selection_verb (page, "remove", _("Re_move…"), TRUE);

  berth_resource_page_append_column (page,
    berth_column_new_label (_("Name"), berth_item_property (type, "name"), "name-cell",
                            berth_string_sorter_new (type, "name")), TRUE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("Driver"), berth_item_property (type, "driver"), NULL,
                            berth_string_sorter_new (type, "driver")), FALSE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("Scope"), berth_item_property (type, "scope"), "dim-label",
                            berth_string_sorter_new (type, "scope")), FALSE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("Subnet"),
                            berth_item_closure (G_TYPE_STRING, G_CALLBACK (format_subnets), type, "subnets"),
                            "numeric", NULL), FALSE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("Gateway"),
                            berth_item_closure (G_TYPE_STRING, G_CALLBACK (format_gateways), type, "gateways"),
                            "numeric", NULL), FALSE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("Containers"),
                            berth_item_closure (G_TYPE_STRING, G_CALLBACK (format_containers), type, "containers"),
                            NULL, NULL), TRUE);
  berth_resource_page_append_column (page,
    berth_column_new_widget (NULL, berth_row_slot_expression (),
                             BERTH_TYPE_REMOVE_BUTTON, "item", NULL), FALSE);

  berth_resource_page_sort_by (page, 0, GTK_SORT_ASCENDING);
}
