/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-container.h"
#include "berth-ports-cell.h"

/* Published ports as `docker ps` shows them (8080→80/tcp); TCP ports
 * published on the host are links that open http://localhost:PORT. */

struct _BerthPortsCell
{
  GtkWidget  parent_instance;

  GPtrArray *ports;
};

enum {
  PROP_0,
  PROP_PORTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BerthPortsCell, berth_ports_cell, GTK_TYPE_WIDGET)

/**
 * berth_port_uri:
 * @port: a BerthPort
 *
 * Returns: (transfer full) (nullable): the address a browser would open for
 *   a published TCP port, or %NULL
 */
char *
berth_port_uri (gconstpointer data)
{
  const BerthPort *port = data;
  const char *host = "localhost";
  const char *scheme;

  if (port->public_port == 0 || g_strcmp0 (port->protocol, "tcp") != 0)
    return NULL;

  if (port->ip != NULL && *port->ip != '\0' && !g_str_equal (port->ip, "0.0.0.0") &&
      !g_str_equal (port->ip, "::") && !g_str_equal (port->ip, "127.0.0.1"))
    host = port->ip;

  scheme = port->public_port == 443 || port->public_port == 8443 ? "https" : "http";
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("%s://[%s]:%u", scheme, host, port->public_port);
  return g_strdup_printf ("%s://%s:%u", scheme, host, port->public_port);
}

/* The ports are the cell's own children, laid out in a row: no box in
 * between, as GTK 4.8 builds 200 rows at each list change (tests/bench). */
static void
clear (BerthPortsCell *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}

static void
rebuild (BerthPortsCell *self)
{
  clear (self);

  for (guint i = 0; self->ports != NULL && i < self->ports->len; i++)
    {
      const BerthPort *port = g_ptr_array_index (self->ports, i);
      g_autofree char *text = berth_port_to_string (port);
      g_autofree char *uri = berth_port_uri (port);
      GtkWidget *widget;

      if (uri != NULL)
        {
          g_autofree char *tooltip = g_strdup_printf (_("Open %s"), uri);

          widget = gtk_link_button_new_with_label (uri, text);
          gtk_widget_set_tooltip_text (widget, tooltip);
          gtk_widget_add_css_class (widget, "port-link");
        }
      else
        {
          widget = gtk_label_new (text);
          gtk_widget_add_css_class (widget, "dim-label");
        }
      gtk_widget_add_css_class (widget, "numeric");
      gtk_widget_insert_before (widget, GTK_WIDGET (self), NULL);
    }
}

void
berth_ports_cell_set_ports (BerthPortsCell *self,
                            GPtrArray      *ports)
{
  g_return_if_fail (BERTH_IS_PORTS_CELL (self));

  if (self->ports == ports)
    return;

  g_clear_pointer (&self->ports, g_ptr_array_unref);
  self->ports = ports ? g_ptr_array_ref (ports) : NULL;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORTS]);
}

static void
berth_ports_cell_dispose (GObject *object)
{
  BerthPortsCell *self = BERTH_PORTS_CELL (object);

  clear (self);
  g_clear_pointer (&self->ports, g_ptr_array_unref);

  G_OBJECT_CLASS (berth_ports_cell_parent_class)->dispose (object);
}

static void
berth_ports_cell_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PORTS:
      g_value_set_boxed (value, BERTH_PORTS_CELL (object)->ports);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_ports_cell_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_PORTS:
      berth_ports_cell_set_ports (BERTH_PORTS_CELL (object), g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_ports_cell_class_init (BerthPortsCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_ports_cell_dispose;
  object_class->get_property = berth_ports_cell_get_property;
  object_class->set_property = berth_ports_cell_set_property;

  properties[PROP_PORTS] =
    g_param_spec_boxed ("ports", NULL, NULL, G_TYPE_PTR_ARRAY,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
berth_ports_cell_init (BerthPortsCell *self)
{
}
