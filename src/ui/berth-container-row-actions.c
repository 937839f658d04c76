/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-container-row-actions.h"
#include "berth-trace.h"

/* The buttons at the end of a container's row: start or stop (whichever
 * makes sense now) and a menu with the rest. Each asks the page to act, by
 * verb and id, through the "page.act" action. Accessible names say what a
 * button does to which container ("Stop container web"). */

struct _BerthContainerRowActions
{
  GtkWidget       parent_instance;

  GtkWidget      *toggle_button;
  GtkWidget      *menu_button;
  GtkWidget      *menu;           /* while open */

  BerthContainer *container;

  /* tests/bench: a row-painted mark is due after the next snapshot */
  gulong          trace_paint_id;
  guint           trace_pending : 1;
};

enum {
  PROP_0,
  PROP_CONTAINER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BerthContainerRowActions, berth_container_row_actions, GTK_TYPE_WIDGET)

static void
act (BerthContainerRowActions *self,
     const char               *verb)
{
  if (self->container == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "page.act", "(ss)", verb,
                              berth_resource_get_id (BERTH_RESOURCE (self->container)));
}

static void
row_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  act (BERTH_CONTAINER_ROW_ACTIONS (widget), action_name + strlen ("row."));
}

static void
toggle_clicked_cb (BerthContainerRowActions *self)
{
  act (self, berth_container_is_active (self->container) ? "stop" : "start");
}

/* The tooltip is the accessible label, made when it is shown: setting
 * tooltip-text on a shown widget costs a round trip to the display server
 * (GTK asks where the pointer is), and GTK 4.8 builds up to 200 rows at
 * each list change (tests/bench). */
static void
set_label (GtkWidget  *widget,
           const char *label)
{
  g_object_set_data_full (G_OBJECT (widget), "berth-tooltip", g_strdup (label), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  const char *label = g_object_get_data (G_OBJECT (widget), "berth-tooltip");

  gtk_tooltip_set_text (tooltip, label);
  return label != NULL;
}

static GMenuModel *
menu_model (void)
{
  static GMenu *menu;

  if (menu == NULL)
    {
      g_autoptr (GMenu) danger = g_menu_new ();

      menu = g_menu_new ();
      g_menu_append (menu, _("_Restart"), "row.restart");
      g_menu_append (menu, _("_Pause"), "row.pause");
      g_menu_append (menu, _("_Unpause"), "row.unpause");
      g_menu_append (menu, _("_Kill"), "row.kill");
      g_menu_append (danger, _("Re_move…"), "row.remove");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (danger));
    }

  return G_MENU_MODEL (menu);
}

static void
menu_closed_cb (BerthContainerRowActions *self)
{
  g_clear_pointer (&self->menu, gtk_widget_unparent);
}

/* The menu is made when it opens and dropped when it closes. A plain button
 * rather than a GtkMenuButton: that is five widgets a row instead of two,
 * and GTK 4.8 builds 200 rows at each list change (tests/bench). */
static void
menu_clicked_cb (BerthContainerRowActions *self)
{
  graphene_rect_t bounds;

  if (self->menu != NULL)
    return;

  self->menu = gtk_popover_menu_new_from_model (menu_model ());
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
  if (gtk_widget_compute_bounds (self->menu_button, GTK_WIDGET (self), &bounds))
    gtk_popover_set_pointing_to (GTK_POPOVER (self->menu),
                                 &(GdkRectangle) { bounds.origin.x, bounds.origin.y,
                                                   bounds.size.width, bounds.size.height });
  g_signal_connect_object (self->menu, "closed", G_CALLBACK (menu_closed_cb), self, G_CONNECT_SWAPPED);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

/* For tests/bench (BERTH_TRACE=1): once a frame with this row's new
 * container or state has been painted, say so, and whether the row is in
 * the list's visible area (rows just outside it are drawn too). */
static void
trace_after_paint_cb (GdkFrameClock            *clock,
                      BerthContainerRowActions *self)
{
  GtkWidget *list = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_LIST_VIEW);
  graphene_rect_t bounds;
  gboolean visible;

  g_clear_signal_handler (&self->trace_paint_id, clock);
  if (self->container == NULL)
    return;

  visible = list != NULL && gtk_widget_compute_bounds (GTK_WIDGET (self), list, &bounds) &&
            bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < gtk_widget_get_height (list);
  berth_trace_mark ("row-painted", "containers %s %s %s",
                    berth_resource_get_id (BERTH_RESOURCE (self->container)),
                    berth_container_state_to_string (berth_container_get_state (self->container)),
                    visible ? "visible" : "hidden");
}

static void
berth_container_row_actions_snapshot (GtkWidget   *widget,
                                      GtkSnapshot *snapshot)
{
  BerthContainerRowActions *self = BERTH_CONTAINER_ROW_ACTIONS (widget);

  GTK_WIDGET_CLASS (berth_container_row_actions_parent_class)->snapshot (widget, snapshot);

  if (self->trace_pending && self->trace_paint_id == 0)
    {
      self->trace_pending = FALSE;
      self->trace_paint_id = g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                                                      G_CALLBACK (trace_after_paint_cb), self, 0);
    }
}

static void
update (BerthContainerRowActions *self)
{
  BerthContainerState state;
  const char *name;
  g_autofree char *toggle_label = NULL;
  g_autofree char *menu_label = NULL;
  gboolean active;

  if (self->container == NULL)
    return;

  self->trace_pending = berth_trace_enabled ();
  state = berth_container_get_state (self->container);
  name = berth_container_get_name (self->container);
  active = berth_container_is_active (self->container);

  gtk_button_set_icon_name (GTK_BUTTON (self->toggle_button),
                            active ? "media-playback-stop-symbolic" : "media-playback-start-symbolic");
  toggle_label = active ? g_strdup_printf (_("Stop container %s"), name)
                        : g_strdup_printf (_("Start container %s"), name);
  set_label (self->toggle_button, toggle_label);
  menu_label = g_strdup_printf (_("More actions for container %s"), name);
  set_label (self->menu_button, menu_label);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.restart", state != BERTH_CONTAINER_STATE_REMOVING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.pause", state == BERTH_CONTAINER_STATE_RUNNING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.unpause", state == BERTH_CONTAINER_STATE_PAUSED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.kill",
                                 state == BERTH_CONTAINER_STATE_RUNNING ||
                                 state == BERTH_CONTAINER_STATE_RESTARTING);
}

void
berth_container_row_actions_set_container (BerthContainerRowActions *self,
                                           BerthContainer           *container)
{
  g_return_if_fail (BERTH_IS_CONTAINER_ROW_ACTIONS (self));

  if (self->container == container)
    return;

  if (self->container != NULL)
    g_signal_handlers_disconnect_by_data (self->container, self);
  g_set_object (&self->container, container);
  if (container != NULL)
    {
      g_signal_connect_object (container, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (container, "notify::name", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTAINER]);
}

static void
berth_container_row_actions_dispose (GObject *object)
{
  BerthContainerRowActions *self = BERTH_CONTAINER_ROW_ACTIONS (object);

  berth_container_row_actions_set_container (self, NULL);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_pointer (&self->toggle_button, gtk_widget_unparent);
  g_clear_pointer (&self->menu_button, gtk_widget_unparent);

  G_OBJECT_CLASS (berth_container_row_actions_parent_class)->dispose (object);
}

static void
berth_container_row_actions_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTAINER:
      g_value_set_object (value, BERTH_CONTAINER_ROW_ACTIONS (object)->container);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_container_row_actions_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTAINER:
      berth_container_row_actions_set_container (BERTH_CONTAINER_ROW_ACTIONS (object),
                                                 g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_container_row_actions_class_init (BerthContainerRowActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_container_row_actions_dispose;
  object_class->get_property = berth_container_row_actions_get_property;
  object_class->set_property = berth_container_row_actions_set_property;
  widget_class->snapshot = berth_container_row_actions_snapshot;

  properties[PROP_CONTAINER] =
    g_param_spec_object ("container", NULL, NULL, BERTH_TYPE_CONTAINER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "row.restart", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "row.pause", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "row.unpause", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "row.kill", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "row.remove", NULL, row_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
berth_container_row_actions_init (BerthContainerRowActions *self)
{
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_END);

  self->toggle_button = gtk_button_new ();
  gtk_widget_add_css_class (self->toggle_button, "flat");
  gtk_widget_set_has_tooltip (self->toggle_button, TRUE);
  g_signal_connect (self->toggle_button, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  g_signal_connect_swapped (self->toggle_button, "clicked", G_CALLBACK (toggle_clicked_cb), self);
  gtk_widget_set_parent (self->toggle_button, GTK_WIDGET (self));

  self->menu_button = gtk_button_new_from_icon_name ("view-more-symbolic");
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_set_has_tooltip (self->menu_button, TRUE);
  g_signal_connect (self->menu_button, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  g_signal_connect_swapped (self->menu_button, "clicked", G_CALLBACK (menu_clicked_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_HAS_POPUP, TRUE, -1);
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));
}
