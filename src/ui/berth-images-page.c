/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-columns.h"
#include "berth-confirm.h"
#include "berth-format.h"
#include "berth-image.h"
#include "berth-images-page.h"
#include "berth-remove-button.h"
#include "berth-window.h"

/* `docker images`, live: one row per image, all its tags, what uses it;
 * `docker rmi` and `docker image prune`. */

struct _BerthImagesPage
{
  BerthResourcePage parent_instance;
};

G_DEFINE_FINAL_TYPE (BerthImagesPage, berth_images_page, BERTH_TYPE_RESOURCE_PAGE)

static char *
format_tags (gpointer  this,
             char    **tags)
{
  if (tags == NULL || tags[0] == NULL)
    return g_strdup ("<none>");
  return g_strjoinv (", ", tags);
}

static char *
format_size (gpointer this,
             gint64   size)
{
  return berth_format_size (size);
}

static char *
format_created (gpointer this,
                gint64   created)
{
  return berth_format_relative_time (created, g_get_real_time () / G_USEC_PER_SEC);
}

static char *
format_users (gpointer this,
              guint    containers)
{
  if (containers == 0)
    return g_strdup (_("Unused"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u container", "%u containers", containers),
                          containers);
}

/* Removing -------------------------------------------------------------------- */

typedef struct
{
  BerthImagesPage *self;
  GPtrArray       *images;
  gboolean         force;
} Removal;

static void
removal_free (gpointer data)
{
  Removal *removal = data;

  g_clear_object (&removal->self);
  g_clear_pointer (&removal->images, g_ptr_array_unref);
  g_free (removal);
}

/* An image with several tags is removed tag by tag, as `docker rmi a:1 a:2`
 * does; the last tag takes the image with it. */
static void
add_operations (GPtrArray  *operations,
                BerthImage *image,
                gboolean    force)
{
  const char * const *tags = berth_image_get_tags (image);
  BerthResource *resource = BERTH_RESOURCE (image);

  if (tags == NULL || tags[0] == NULL)
    {
      BerthOperation *op = berth_operation_new (BERTH_OPERATION_IMAGE_REMOVE,
                                                berth_resource_get_id (resource),
                                                berth_resource_get_short_id (resource));
      op->force = force;
      g_ptr_array_add (operations, op);
      return;
    }

  for (guint i = 0; tags[i] != NULL; i++)
    {
      BerthOperation *op = berth_operation_new (BERTH_OPERATION_IMAGE_REMOVE, tags[i], NULL);

      op->force = force;
      g_ptr_array_add (operations, op);
    }
}

static void
removal_confirmed (gpointer user_data,
                   gboolean option)
{
  Removal *removal = user_data;
  BerthWindow *window = BERTH_WINDOW (gtk_widget_get_root (GTK_WIDGET (removal->self)));
  g_autoptr (GPtrArray) operations = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_operation_free);
  g_autofree char *done = NULL;
  g_autofree char *failed = NULL;

  for (guint i = 0; i < removal->images->len; i++)
    add_operations (operations, g_ptr_array_index (removal->images, i), removal->force);

  if (removal->images->len == 1)
    {
      const char *name = berth_resource_get_display_name (g_ptr_array_index (removal->images, 0));

      done = g_strdup_printf (_("Removed “%s”"), name);
      failed = g_strdup_printf (_("Could Not Remove “%s”"), name);
    }
  else
    {
      done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Removed %u image", "Removed %u images",
                                           removal->images->len), removal->images->len);
      failed = g_strdup (_("Could Not Remove Some Images"));
    }

  berth_window_run_batch (window, operations, done, failed);
}

static void
confirm_removal (BerthImagesPage *self,
                 GPtrArray       *images)
{
  g_autofree char *heading = NULL;
  GString *body = g_string_new (_("Its layers are deleted unless another image shares them. You can pull or build it again later."));
  guint in_use = 0;
  Removal *removal;

  for (guint i = 0; i < images->len; i++)
    in_use += berth_image_get_containers (g_ptr_array_index (images, i)) > 0;

  if (images->len == 1)
    heading = g_strdup_printf (_("Remove Image “%s”?"),
                               berth_resource_get_display_name (g_ptr_array_index (images, 0)));
  else
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove %u Image?", "Remove %u Images?",
                                            images->len), images->len);

  if (in_use > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append (body, _("Containers use it, so it can only be removed by force (docker rmi -f): stopped containers keep working from an untagged copy, and the engine refuses if a running container uses it."));
    }

  removal = g_new0 (Removal, 1);
  removal->self = g_object_ref (self);
  removal->images = g_ptr_array_ref (images);
  removal->force = in_use > 0;

  berth_confirm (GTK_WIDGET (self), heading, body->str,
                 in_use > 0 ? _("Remove _Anyway") : _("_Remove"),
                 NULL, removal_confirmed, removal, removal_free);
  g_string_free (body, TRUE);
}

/* Pruning --------------------------------------------------------------------- */

static void
prune_confirmed (gpointer user_data,
                 gboolean option)
{
  BerthImagesPage *self = user_data;
  g_autoptr (BerthOperation) op = berth_operation_new (BERTH_OPERATION_IMAGE_PRUNE, NULL, NULL);

  berth_window_run_prune (BERTH_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), op);
}

static void
prune_clicked_cb (BerthImagesPage *self)
{
  GListModel *list = G_LIST_MODEL (berth_resource_page_get_list (BERTH_RESOURCE_PAGE (self)));
  g_autofree char *body = NULL;
  guint n_items = list ? g_list_model_get_n_items (list) : 0;
  guint dangling = 0;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (BerthImage) image = g_list_model_get_item (list, i);

      dangling += berth_image_get_dangling (image) && berth_image_get_containers (image) == 0;
    }

  if (dangling == 0)
    {
      berth_inform (GTK_WIDGET (self), _("No Dangling Images"),
                    _("Dangling images are old builds that lost their tag to a newer one (shown as <none>). There are none to clean up."));
      return;
    }

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u image without a tag, that no container uses, will be deleted (docker image prune).",
                                       "%u images without a tag, that no container uses, will be deleted (docker image prune).",
                                       dangling), dangling);
  berth_confirm (GTK_WIDGET (self), _("Remove Dangling Images?"), body, _("_Remove"), NULL,
                 prune_confirmed, g_object_ref (self), g_object_unref);
}

static void
berth_images_page_act (BerthResourcePage *page,
                       const char        *verb,
                       GPtrArray         *items)
{
  if (g_str_equal (verb, "remove"))
    confirm_removal (BERTH_IMAGES_PAGE (page), items);
}

static void
berth_images_page_class_init (BerthImagesPageClass *klass)
{
  BerthResourcePageClass *page_class = BERTH_RESOURCE_PAGE_CLASS (klass);

  page_class->kind = BERTH_RESOURCE_KIND_IMAGE;
  page_class->act = berth_images_page_act;
}

static void
berth_images_page_init (BerthImagesPage *self)
{
  BerthResourcePage *page = BERTH_RESOURCE_PAGE (self);
  GType type = BERTH_TYPE_IMAGE;
  GtkWidget *prune;

  berth_resource_page_setup (page, _("Images"), "media-optical-symbolic",
                             _("No Images"),
                             _("An image is a read-only template with everything an app needs to run. Containers are started from images. Download one from a terminal and it appears here:"),
                             "docker pull nginx");

  prune = gtk_button_new_with_mnemonic (_("_Prune…"));
  gtk_widget_set_tooltip_text (prune, _("Remove dangling images (docker image prune)"));
  g_signal_connect_object (prune, "clicked", G_CALLBACK (prune_clicked_cb), self, G_CONNECT_SWAPPED);
  berth_resource_page_add_tool (page, prune);
  berth_resource_page_add_selection_verb (page, "remove", _("Re_move…"), TRUE);

  berth_resource_page_append_column (page,
    berth_column_new_label (_("Image"),
                            berth_item_closure (G_TYPE_STRING, G_CALLBACK (format_tags), type, "tags"),
                            "name-cell", berth_string_sorter_new (type, "display-name")), TRUE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("ID"), berth_item_property (type, "short-id"), "monospace",
                            berth_string_sorter_new (type, "id")), FALSE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("Size"),
                            berth_item_closure (G_TYPE_STRING, G_CALLBACK (format_size), type, "size"),
                            "numeric", berth_numeric_sorter_new (type, "size")), FALSE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("Created"),
                            berth_item_closure (G_TYPE_STRING, G_CALLBACK (format_created), type, "created"),
                            "dim-label", berth_numeric_sorter_new (type, "created")), FALSE);
  berth_resource_page_append_column (page,
    berth_column_new_label (_("Used By"),
                            berth_item_closure (G_TYPE_STRING, G_CALLBACK (format_users), type, "containers"),
                            NULL, berth_numeric_sorter_new (type, "containers")), FALSE);
  berth_resource_page_append_column (page,
    berth_column_new_widget (NULL, gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item"),
                             BERTH_TYPE_REMOVE_BUTTON, "item", NULL), FALSE);

  berth_resource_page_sort_by (page, 3, GTK_SORT_DESCENDING);
}
