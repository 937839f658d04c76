/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-image.h"
#include "berth-network.h"
#include "berth-remove-button.h"
#include "berth-volume.h"

/* The remove button at the end of an image, volume or network row. It asks
 * the page (which confirms first) through "page.act"; it names what it
 * removes for screen readers, and says why when it cannot. */

struct _BerthRemoveButton
{
  GtkWidget      parent_instance;

  GtkWidget     *button;
  BerthResource *item;
};

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BerthRemoveButton, berth_remove_button, GTK_TYPE_WIDGET)

static void
clicked_cb (BerthRemoveButton *self)
{
  if (self->item != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "page.act", "(ss)", "remove",
                                berth_resource_get_id (self->item));
}

static void
update (BerthRemoveButton *self)
{
  g_autofree char *label = NULL;
  const char *name;
  gboolean can_remove = TRUE;

  if (self->item == NULL)
    return;

  name = berth_resource_get_display_name (self->item);
  if (BERTH_IS_IMAGE (self->item))
    label = g_strdup_printf (_("Remove image %s"), name);
  else if (BERTH_IS_VOLUME (self->item))
    label = g_strdup_printf (_("Remove volume %s"), name);
  else if (BERTH_IS_NETWORK (self->item) && berth_network_get_builtin (BERTH_NETWORK (self->item)))
    {
      label = g_strdup_printf (_("“%s” is built into the engine and cannot be removed"), name);
      can_remove = FALSE;
    }
  else
    label = g_strdup_printf (_("Remove network %s"), name);

  gtk_widget_set_sensitive (self->button, can_remove);
  gtk_widget_set_tooltip_text (self->button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

void
berth_remove_button_set_item (BerthRemoveButton *self,
                              BerthResource     *item)
{
  g_return_if_fail (BERTH_IS_REMOVE_BUTTON (self));

  if (self->item == item)
    return;

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_set_object (&self->item, item);
  if (item != NULL)
    g_signal_connect_object (item, "notify::display-name", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

static void
berth_remove_button_dispose (GObject *object)
{
  BerthRemoveButton *self = BERTH_REMOVE_BUTTON (object);

  berth_remove_button_set_item (self, NULL);
  g_clear_pointer (&self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (berth_remove_button_parent_class)->dispose (object);
}

static void
berth_remove_button_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, BERTH_REMOVE_BUTTON (object)->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_remove_button_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ITEM:
      berth_remove_button_set_item (BERTH_REMOVE_BUTTON (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_remove_button_class_init (BerthRemoveButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_remove_button_dispose;
  object_class->get_property = berth_remove_button_get_property;
  object_class->set_property = berth_remove_button_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, BERTH_TYPE_RESOURCE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
berth_remove_button_init (BerthRemoveButton *self)
{
  self->button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (self->button, "flat");
  gtk_widget_set_halign (self->button, GTK_ALIGN_END);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (clicked_cb), self);
}
