/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-build-dialog.h"
#include "berth-columns.h"
#include "berth-confirm.h"
#include "berth-format.h"
#include "berth-image.h"
#include "berth-image-archive-dialog.h"
#include "berth-image-ops.h"
#include "berth-image-search-dialog.h"
#include "berth-images-page.h"
#include "berth-pull-dialog.h"
#include "berth-remove-button.h"
#include "berth-row-slots.h"
#include "berth-run-dialog.h"
#include "berth-window.h"

/* `docker images`, live: one row per image, all its tags, what uses it;
 * `docker rmi` and `docker image prune`. */

struct _BerthImagesPage
{
  BerthResourcePage parent_instance;

  GtkDropDown      *show_dropdown;
  GCancellable     *cancellable;
  BerthImagesShow   show;
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
confirm_removal (BerthImagesPage *self,
                 GPtrArray       *images)
{
  g_autoptr (GPtrArray) operations = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_operation_free);
  g_autofree char *heading = NULL;
  g_autofree char *done = NULL;
  g_autofree char *failed = NULL;
  GString *body = g_string_new (_("Its layers are deleted unless another image shares them. You can pull or build it again later."));
  guint in_use = 0;

  for (guint i = 0; i < images->len; i++)
    in_use += berth_image_get_containers (g_ptr_array_index (images, i)) > 0;
  for (guint i = 0; i < images->len; i++)
    add_operations (operations, g_ptr_array_index (images, i), in_use > 0);

  if (images->len == 1)
    {
      const char *name = berth_resource_get_display_name (g_ptr_array_index (images, 0));

      heading = g_strdup_printf (_("Remove Image “%s”?"), name);
      done = g_strdup_printf (_("Removed “%s”"), name);
      failed = g_strdup_printf (_("Could Not Remove “%s”"), name);
    }
  else
    {
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove %u Image?", "Remove %u Images?",
                                              images->len), images->len);
      done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Removed %u image", "Removed %u images",
                                           images->len), images->len);
      failed = g_strdup (_("Could Not Remove Some Images"));
    }

  if (in_use > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append (body, _("Containers use it, so it can only be removed by force (docker rmi -f): stopped containers keep working from an untagged copy, and the engine refuses if a running container uses it."));
    }

  berth_resource_page_confirm_run (BERTH_RESOURCE_PAGE (self), heading, body->str,
                                   in_use > 0 ? _("Remove _Anyway") : _("_Remove"), NULL,
                                   operations, done, failed);
  g_string_free (body, TRUE);
}

/* Pruning --------------------------------------------------------------------- */

/* How much a prune frees, as the engine counts it (GET /system/df). */
static void
disk_usage_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (BerthImagesPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthDiskUsage) usage = berth_disk_usage_finish (BERTH_ENGINE (object), result, &error);
  g_autofree char *body = NULL;
  g_autofree char *size = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      berth_inform (GTK_WIDGET (self), _("Could Not Count Dangling Images"), error->message);
      return;
    }

  if (usage->images_dangling == 0)
    {
      berth_inform (GTK_WIDGET (self), _("No Dangling Images"),
                    _("Dangling images are old builds that lost their tag to a newer one (shown as <none>). There are none to clean up."));
      return;
    }

  size = g_format_size (usage->images_dangling_size);
  /* Translators: the count of images, then the disk space they take */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u image without a tag, that no container uses, will be deleted (docker image prune). This frees %s of disk space.",
                                       "%u images without a tag, that no container uses, will be deleted (docker image prune). This frees %s of disk space.",
                                       usage->images_dangling), usage->images_dangling, size);
  berth_resource_page_confirm_prune (BERTH_RESOURCE_PAGE (self), _("Remove Dangling Images?"), body,
                                     BERTH_OPERATION_IMAGE_PRUNE);
}

static void
prune_clicked_cb (BerthImagesPage *self)
{
  BerthStore *store = berth_resource_page_get_store (BERTH_RESOURCE_PAGE (self));

  if (store != NULL)
    berth_disk_usage_async (berth_store_get_engine (store), self->cancellable, disk_usage_cb, g_object_ref (self));
}

/* Filters, build, load, search ------------------------------------------------ */

static gboolean
berth_images_page_filter (BerthResourcePage *page,
                          BerthResource     *item)
{
  BerthImage *image = BERTH_IMAGE (item);

  switch (BERTH_IMAGES_PAGE (page)->show)
    {
    case BERTH_IMAGES_SHOW_DANGLING:
      return berth_image_get_dangling (image);
    case BERTH_IMAGES_SHOW_IN_USE:
      return berth_image_get_containers (image) > 0;
    case BERTH_IMAGES_SHOW_UNUSED:
      return berth_image_get_containers (image) == 0;
    case BERTH_IMAGES_SHOW_ALL:
    default:
      return TRUE;
    }
}

static void
show_all_clicked_cb (BerthImagesPage *self)
{
  berth_images_page_set_show (self, BERTH_IMAGES_SHOW_ALL);
}

/* Images exist, but none of the kind chosen. */
static gboolean
berth_images_page_update_empty (BerthResourcePage *page,
                                AdwStatusPage     *status_page)
{
  BerthImagesPage *self = BERTH_IMAGES_PAGE (page);
  GtkWidget *button;

  if (self->show == BERTH_IMAGES_SHOW_ALL)
    return FALSE;

  button = gtk_button_new_with_mnemonic (_("_Show All Images"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect_object (button, "clicked", G_CALLBACK (show_all_clicked_cb), self, G_CONNECT_SWAPPED);

  adw_status_page_set_icon_name (status_page, "media-optical-symbolic");
  switch (self->show)
    {
    case BERTH_IMAGES_SHOW_DANGLING:
      adw_status_page_set_title (status_page, _("No Dangling Images"));
      adw_status_page_set_description (status_page,
        _("Dangling images are old builds that lost their tag to a newer one (docker images -f dangling=true)."));
      break;
    case BERTH_IMAGES_SHOW_IN_USE:
      adw_status_page_set_title (status_page, _("No Image in Use"));
      adw_status_page_set_description (status_page, _("No container was made from any of these images."));
      break;
    case BERTH_IMAGES_SHOW_UNUSED:
    case BERTH_IMAGES_SHOW_ALL:
    default:
      adw_status_page_set_title (status_page, _("Every Image Is in Use"));
      adw_status_page_set_description (status_page, _("Each image has at least one container made from it."));
      break;
    }
  adw_status_page_set_child (status_page, button);
  return TRUE;
}

void
berth_images_page_set_show (BerthImagesPage *self,
                            BerthImagesShow  show)
{
  g_return_if_fail (BERTH_IS_IMAGES_PAGE (self));

  if (self->show == show)
    return;
  self->show = show;
  gtk_drop_down_set_selected (self->show_dropdown, show);
  berth_resource_page_refilter (BERTH_RESOURCE_PAGE (self));
}

static void
show_selected_cb (BerthImagesPage *self)
{
  berth_images_page_set_show (self, gtk_drop_down_get_selected (self->show_dropdown));
}

static GtkWindow *
page_window (BerthImagesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
build_clicked_cb (BerthImagesPage *self)
{
  gtk_window_present (GTK_WINDOW (berth_build_dialog_new (page_window (self))));
}

static void
load_clicked_cb (BerthImagesPage *self)
{
  gtk_window_present (GTK_WINDOW (berth_image_archive_dialog_new (page_window (self), BERTH_IMAGE_ARCHIVE_LOAD, NULL)));
}

static void
search_clicked_cb (BerthImagesPage *self)
{
  gtk_window_present (GTK_WINDOW (berth_image_search_dialog_new (page_window (self))));
}

/* Enter or a double click on a row opens the image's page. */
static void
row_activated_cb (BerthImagesPage *self,
                  guint            position)
{
  g_autoptr (BerthResource) item = berth_resource_page_get_item (BERTH_RESOURCE_PAGE (self), position);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (item != NULL && BERTH_IS_WINDOW (root))
    berth_window_open_image (BERTH_WINDOW (root), berth_resource_get_id (item));
}

static void
add_tools (BerthImagesPage *self)
{
  BerthResourcePage *page = BERTH_RESOURCE_PAGE (self);
  const char *shows[] = { _("All Images"), _("Dangling"), _("In Use"), _("Unused"), NULL };

  self->show_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (shows));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->show_dropdown), _("Which images to show"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->show_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Which images to show"), -1);
  g_signal_connect_object (self->show_dropdown, "notify::selected", G_CALLBACK (show_selected_cb),
                           self, G_CONNECT_SWAPPED);
  berth_resource_page_add_tool (page, GTK_WIDGET (self->show_dropdown));
  berth_resource_page_add_tool_button (page, _("_Build…"),
                                       _("Make an image from a Dockerfile (docker build)"),
                                       G_CALLBACK (build_clicked_cb));
  berth_resource_page_add_tool_button (page, _("_Search…"),
                                       _("Find images on Docker Hub (docker search)"),
                                       G_CALLBACK (search_clicked_cb));
  berth_resource_page_add_tool_button (page, _("_Load…"),
                                       _("Load images from a file (docker load, docker import)"),
                                       G_CALLBACK (load_clicked_cb));
  g_signal_connect_object (berth_resource_page_get_column_view (page), "activate",
                           G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
}

/* Running and pulling ---------------------------------------------------------- */

static void
run_image (BerthImagesPage *self,
           BerthImage      *image)
{
  const char * const *tags = berth_image_get_tags (image);
  const char *name = tags && tags[0] && !g_str_has_prefix (tags[0], "<none>") ? tags[0]
                     : berth_resource_get_short_id (BERTH_RESOURCE (image));

  berth_run_dialog_present (BERTH_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), name);
}

static void
pull_clicked_cb (BerthImagesPage *self)
{
  berth_pull_dialog_present (BERTH_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), NULL);
}

static void
berth_images_page_act (BerthResourcePage *page,
                       const char        *verb,
                       GPtrArray         *items)
{
  if (g_str_equal (verb, "remove"))
    confirm_removal (BERTH_IMAGES_PAGE (page), items);
  else if (g_str_equal (verb, "run"))
    run_image (BERTH_IMAGES_PAGE (page), g_ptr_array_index (items, 0));
}

static void
berth_images_page_dispose (GObject *object)
{
  BerthImagesPage *self = BERTH_IMAGES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (berth_images_page_parent_class)->dispose (object);
}

static void
berth_images_page_class_init (BerthImagesPageClass *klass)
{
  BerthResourcePageClass *page_class = BERTH_RESOURCE_PAGE_CLASS (klass);

  page_class->kind = BERTH_RESOURCE_KIND_IMAGE;
  page_class->title = N_("Images");
  page_class->icon_name = "media-optical-symbolic";
  page_class->act = berth_images_page_act;
  page_class->filter = berth_images_page_filter;
  page_class->update_empty = berth_images_page_update_empty;
  G_OBJECT_CLASS (klass)->dispose = berth_images_page_dispose;
}

static void
berth_images_page_init (BerthImagesPage *self)
{
  BerthResourcePage *page = BERTH_RESOURCE_PAGE (self);
  GType type = BERTH_TYPE_IMAGE;

  berth_resource_page_setup (page, _("No Images"),
                             _("An image is a read-only template with everything an app needs to run. Containers are started from images. Download one from a terminal and it appears here:"),
                             "docker pull nginx");

  self->cancellable = g_cancellable_new ();
  add_tools (self);
  berth_resource_page_add_tool_button (page, _("P_ull…"),
                                       _("Download an image from a registry (docker pull)"),
                                       G_CALLBACK (pull_clicked_cb));
  berth_resource_page_add_tool_button (page, _("_Prune…"),
                                       _("Remove dangling images (docker image prune)"),
                                       G_CALLBACK (prune_clicked_cb));
  berth_resource_page_add_selection_verb (page, "run", _("_Run…"), FALSE);
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
    berth_column_new_widget (NULL, berth_row_slot_expression (),
                             BERTH_TYPE_REMOVE_BUTTON, "item", NULL), FALSE);

  berth_resource_page_sort_by (page, 3, GTK_SORT_DESCENDING);
}
