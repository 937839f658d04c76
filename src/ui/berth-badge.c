/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include "berth-badge.h"
#include "berth-engine-enums.h"
#include "berth-format.h"

/* A container's state as a coloured pill that always carries its name, so
 * colour is never the only cue (and screen readers read the text). */

struct _BerthBadge
{
  GtkWidget            parent_instance;

  GtkWidget           *label;
  BerthContainerState  state;
};

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BerthBadge, berth_badge, GTK_TYPE_WIDGET)

static void
berth_badge_dispose (GObject *object)
{
  BerthBadge *self = BERTH_BADGE (object);

  g_clear_pointer (&self->label, gtk_widget_unparent);

  G_OBJECT_CLASS (berth_badge_parent_class)->dispose (object);
}

static void
berth_badge_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BerthBadge *self = BERTH_BADGE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_badge_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BerthBadge *self = BERTH_BADGE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      berth_badge_set_state (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_badge_class_init (BerthBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_badge_dispose;
  object_class->get_property = berth_badge_get_property;
  object_class->set_property = berth_badge_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       BERTH_TYPE_CONTAINER_STATE, BERTH_CONTAINER_STATE_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "badge");
}

static void
berth_badge_init (BerthBadge *self)
{
  self->label = gtk_label_new (NULL);
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  self->state = -1;
  berth_badge_set_state (self, BERTH_CONTAINER_STATE_UNKNOWN);
}

GtkWidget *
berth_badge_new (void)
{
  return g_object_new (BERTH_TYPE_BADGE, NULL);
}

void
berth_badge_set_state (BerthBadge          *self,
                       BerthContainerState  state)
{
  g_return_if_fail (BERTH_IS_BADGE (self));

  if (self->state == state)
    return;

  if ((int) self->state >= 0)
    gtk_widget_remove_css_class (GTK_WIDGET (self), berth_format_state_class (self->state));
  self->state = state;
  gtk_widget_add_css_class (GTK_WIDGET (self), berth_format_state_class (state));
  gtk_label_set_label (GTK_LABEL (self->label), berth_format_state (state));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}
