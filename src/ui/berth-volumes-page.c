/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-columns.h"
#include "berth-confirm.h"
#include "berth-create-dialog.h"
#include "berth-format.h"
#include "berth-inspect-view.h"
#include "berth-remove-button.h"
#include "berth-row-slots.h"
#include "berth-volume.h"
#include "berth-volumes-page.h"
#include "berth-window.h"

/* `docker volume ls`, live, with which containers use each volume;
 * create, remove and prune. */

struct _BerthVolumesPage
{
  BerthResourcePage parent_instance;
};

G_DEFINE_FINAL_TYPE (BerthVolumesPage, berth_volumes_page, BERTH_TYPE_RESOURCE_PAGE)

static char *
format_created (gpointer this,
                gint64   created)
{
  return berth_format_relative_time (created, g_get_real_time () / G_USEC_PER_SEC);
}

static char *
format_used_by (gpointer  this,
                char    **used_by)
{
  if (used_by == NULL || used_by[0] == NULL)
    return g_strdup (_("Unused"));
  return berth_format_list ((const char * const *) used_by, 3);
}

static void
confirm_removal (BerthVolumesPage *self,
                 GPtrArray        *items)
{
  g_autoptr (GPtrArray) removable = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GStrvBuilder) busy_builder = g_strv_builder_new ();
  g_auto (GStrv) busy = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *busy_text = NULL;
  g_autoptr (GPtrArray) operations = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_operation_free);
  g_autofree char *done = NULL;
  g_autofree char *failed = NULL;
  GString *body;

  for (guint i = 0; i < items->len; i++)
    {
      BerthVolume *volume = g_ptr_array_index (items, i);
      const char * const *used_by = berth_volume_get_used_by (volume);

      if (used_by != NULL && used_by[0] != NULL)
        g_strv_builder_add (busy_builder, berth_volume_get_name (volume));
      else
        {
          g_ptr_array_add (removable, g_object_ref (volume));
          g_ptr_array_add (operations, berth_operation_new (BERTH_OPERATION_VOLUME_REMOVE,
                                                            berth_volume_get_name (volume), NULL));
        }
    }
  busy = g_strv_builder_end (busy_builder);
  busy_text = berth_format_list ((const char * const *) busy, 3);

  if (removable->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("%s is used by a container. Remove the containers that use it first; the engine never removes a volume in use."),
                                               busy_text);
      berth_inform (GTK_WIDGET (self), _("Volume in Use"), text);
      return;
    }

  if (removable->len == 1)
    {
      const char *name = berth_volume_get_name (g_ptr_array_index (removable, 0));

      heading = g_strdup_printf (_("Remove Volume “%s”?"), name);
      done = g_strdup_printf (_("Removed volume “%s”"), name);
      failed = g_strdup_printf (_("Could Not Remove Volume “%s”"), name);
    }
  else
    {
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove %u Volume?", "Remove %u Volumes?",
                                              removable->len), removable->len);
      done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Removed %u volume", "Removed %u volumes",
                                           removable->len), removable->len);
      failed = g_strdup (_("Could Not Remove Some Volumes"));
    }

  body = g_string_new (_("Everything stored in it is deleted for good."));
  if (busy[0] != NULL)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body, _("Kept, because containers use them: %s."), busy_text);
    }

  berth_resource_page_confirm_run (BERTH_RESOURCE_PAGE (self), heading, body->str, _("_Remove"), NULL,
                                   operations, done, failed);
  g_string_free (body, TRUE);
}

static void
prune_clicked_cb (BerthVolumesPage *self)
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
      g_autoptr (BerthVolume) volume = g_list_model_get_item (list, i);
      const char * const *used_by = berth_volume_get_used_by (volume);

      if (used_by == NULL || used_by[0] == NULL)
        g_strv_builder_add (unused_builder, berth_volume_get_name (volume));
    }
  unused = g_strv_builder_end (unused_builder);
  n = g_strv_length (unused);

  if (n == 0)
    {
      berth_inform (GTK_WIDGET (self), _("No Unused Volumes"), _("Every volume is used by a container."));
      return;
    }

  names = berth_format_list ((const char * const *) unused, 5);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u volume that no container uses will be deleted with all its data: %s.",
                                       "%u volumes that no container uses will be deleted with all their data: %s.",
                                       n), n, names);
  berth_resource_page_confirm_prune (BERTH_RESOURCE_PAGE (self), _("Remove Unused Volumes?"), body,
                                     BERTH_OPERATION_VOLUME_PRUNE);
}

static void
create_clicked_cb (BerthVolumesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_window_present (GTK_WINDOW (berth_create_dialog_new (GTK_WINDOW (root), BERTH_OPERATION_VOLUME_CREATE)));
}

static void
berth_volumes_page_act (BerthResourcePage *page,
                        const char        *verb,
                        GPtrArray         *items)
{
  if (g_str_equal (verb, "remove"))
    confirm_removal (BERTH_VOLUMES_PAGE (page), items);
  else if (g_str_equal (verb, "inspect"))
    berth_inspect_dialog_present_items (GTK_WIDGET (page), BERTH_INSPECT_VOLUME, items);
}

static void
berth_volumes_page_class_init (BerthVolumesPageClass *klass)
{
  BerthResourcePageClass *page_class = BERTH_RESOURCE_PAGE_CLASS (klass);

  page_class->kind = BERTH_RESOURCE_KIND_VOLUME;
  page_class->title = N_("Volumes");
  page_class->icon_name = "drive-harddisk-symbolic";
  page_class->act = berth_volumes_page_act;
}

static void
berth_volumes_page_init (BerthVolumesPage *self)
{
  BerthResourcePage *page = BERTH_RESOURCE_PAGE (self);
  GType type = BERTH_TYPE_VOLUME;

  berth_resource_page_setup (page, _("No Volumes"),
                             _("A volume keeps data outside a container, so it survives when the container is removed or replaced. Databases keep their files in one. Create one:"),
                             "docker volume create mydata");

  berth_resource_page_add_tool_button (page, _("_New Volume…"), _("Create a volume (docker volume create)"),
                                       G_CALLBACK (create_clicked_cb));
  berth_resource_page_add_tool_button (page, _("_Prune…"), _("Remove unused volumes (docker volume prune)"),
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
    berth_column_new_label (_("Used By"),
                            berth_item_closure (G_TYPE_STRING, G_CALLBACK (format_used_by), type, "used-by"),
                            NULL, berth_numeric_sorter_new (type, "in-use")), TRUE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("Mount Point"), berth_item_property (type, "mountpoint"), "dim-label",
                            berth_string_sorter_new (type, "mountpoint")), TRUE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("Created"),
                            berth_item_closure (G_TYPE_STRING, G_CALLBACK (format_created), type, "created"),
                            "dim-label", berth_numeric_sorter_new (type, "created")), FALSE);
  berth_resource_page_append_column (page,
    berth_column_new_widget (NULL, berth_row_slot_expression (),
                             BERTH_TYPE_REMOVE_BUTTON, "item", NULL), FALSE);

  berth_resource_page_sort_by (page, 0, GTK_SORT_ASCENDING);
}
